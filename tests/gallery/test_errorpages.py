"""The self-contained error pages: words from the catalog, safe HTML, contrast, budgets, rules."""

from __future__ import annotations

import json
import re

import pytest

from statuskb import Catalog, CodeEntry, Language
from statuskb.gallery.languages import english_only
from statuskb.gallery.pages import (
    CLOUDFLARE_TOKEN,
    DETAIL_MARKERS,
    PAGE_BUDGET,
    REQUEST_ID_MARKER,
    check_page,
    csp_hash,
    inline_html,
    one_line,
    page_text,
    render_cloudflare_page,
    render_error_page,
    render_problem,
    retry_script,
    theme_css,
)
from statuskb.gallery.themes import THEMES, contrast_ratio


def entry(catalog: Catalog, code: int) -> CodeEntry:
    return next(e for e in catalog.codes if e.code == code)


@pytest.fixture(scope="module")
def en(shipped_catalog: Catalog) -> Language:
    return english_only(shipped_catalog)["en"]


# ----------------------------------------------------------------------------- contrast
@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.name)
def test_every_palette_meets_wcag_aa(theme) -> None:  # type: ignore[no-untyped-def]
    for scheme, palette in (("light", theme.light), ("dark", theme.dark)):
        for label, foreground, background in palette.text_pairs():
            ratio = contrast_ratio(foreground, background)
            assert ratio >= 4.5, f"{theme.name} {scheme}: {label} is {ratio:.2f}:1, WCAG AA needs 4.5:1"
        # Borders of the pause button and the card: non-text contrast, WCAG 1.4.11 (3:1).
        for background in (palette.bg, palette.surface):
            assert contrast_ratio(palette.border, background) >= 3, f"{theme.name} {scheme}: border"


def test_contrast_ratio_matches_the_wcag_formula() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)


def test_a_bad_colour_stops_the_theme() -> None:
    from dataclasses import replace

    broken = replace(THEMES[0], light=replace(THEMES[0].light, text="red"))
    with pytest.raises(ValueError, match="not #rrggbb"):
        theme_css(broken)


# ----------------------------------------------------------------------------- catalog text
def test_inline_markdown_becomes_safe_html() -> None:
    assert inline_html("Use `proxy_read_timeout` and **never** *retry*.") == (
        "Use <code>proxy_read_timeout</code> and <strong>never</strong> <em>retry</em>.")
    assert inline_html("See [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110) now") == "See RFC 9110 now"
    assert inline_html("a <script>alert(1)</script> & `<b>`") == (
        "a &lt;script&gt;alert(1)&lt;/script&gt; &amp; <code>&lt;b&gt;</code>")
    assert inline_html('quote " and \' stay text') == 'quote " and \' stay text'  # text: no need to escape
    assert inline_html("snake_case_words stay") == "snake_case_words stay"


def test_one_line_cannot_break_out_of_a_comment() -> None:
    # Read as Markdown, the "# injected" line is a heading: a reader sees its words, not the '#'.
    assert one_line("Bad\nGateway\r\n# injected\x00") == "Bad Gateway injected"


def test_the_page_text_comes_from_the_catalog(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    english = english_only(fixture_catalog)["en"]
    text = page_text(bad_gateway, english)
    assert text.reason == "Bad Gateway"
    assert text.fault == inline_html(bad_gateway.visitor_view)
    assert text.happened == inline_html(bad_gateway.summary)
    assert list(text.steps) == [inline_html(f.title) for f in bad_gateway.fixes if f.audience == "visitor"][:4]
    assert bad_gateway.causes[0].title in text.owner
    assert text.retry and not text.retry_after
    assert page_text(entry(fixture_catalog, 503), english).retry_after


def test_a_translated_page_takes_its_words_from_the_language_file(shipped_catalog: Catalog,
                                                                  shipped_languages: dict[str, Language]) -> None:
    german = shipped_languages["de"]
    html = render_error_page(THEMES[0], entry(shipped_catalog, 502), german)
    words = german.data.codes[502]
    assert html.startswith('<!DOCTYPE html>\n<html lang="de" dir="ltr">')
    assert f'<p class="lead">{inline_html(words.summary)}</p>' in html
    assert "Liegt es an Ihnen?" in html and "Bad Gateway" in html  # the status line stays standard
    arabic = render_error_page(THEMES[0], entry(shipped_catalog, 502), shipped_languages["ar"])
    assert arabic.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert '"Geeza Pro"' in arabic and '"Geeza Pro"' not in html  # the script's own fonts, nothing to download
    assert "padding-left" not in arabic and "margin-left" not in arabic  # logical properties: RTL mirrors


def test_the_retry_script_is_the_same_in_every_language(shipped_catalog: Catalog,
                                                        shipped_languages: dict[str, Language]) -> None:
    scripts = {re.search(r"<script>(.*?)</script>", render_error_page(THEMES[0], entry(shipped_catalog, 502),
                                                                      language), re.S).group(1)  # type: ignore[union-attr]
               for language in shipped_languages.values()}
    assert scripts == {retry_script()}
    japanese = render_error_page(THEMES[0], entry(shipped_catalog, 502), shipped_languages["ja"])
    assert 'data-still="' in japanese and "Checking whether" not in japanese


def test_the_details_block_holds_the_servers_markers_and_hides_while_empty(en: Language,
                                                                          shipped_catalog: Catalog) -> None:
    html = render_error_page(THEMES[0], entry(shipped_catalog, 502), en)
    for marker in DETAIL_MARKERS.values():
        assert f"<dd>{marker}</dd>" in html
    assert ".req:has(dd:empty){display:none}" in html


def test_problem_details_follow_rfc_9457(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> None:
    body = render_problem(entry(shipped_catalog, 503), shipped_languages["fr"], "https://guide.example/")
    assert REQUEST_ID_MARKER in body and "<" not in body.replace(REQUEST_ID_MARKER, "")
    problem = json.loads(body)
    assert problem["type"] == "https://guide.example/codes/503/"
    assert problem["title"] == "Service Unavailable" and problem["status"] == 503
    assert problem["detail"] == one_line(shipped_languages["fr"].data.codes[503].summary)
    assert problem["request_id"] == REQUEST_ID_MARKER


def test_a_page_shows_every_part(shipped_catalog: Catalog, en: Language) -> None:
    html = render_error_page(THEMES[0], entry(shipped_catalog, 502), en)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">")
    assert html.count("<h1>") == 1 and html.count("<main>") == 1
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "Is it your fault?" in html and "What you can do now" in html and "For the site owner:" in html
    assert '<a class="btn" href="">Try again</a>' in html
    assert 'id="retry" class="retry" hidden' in html  # shown only by the script
    assert "@media (prefers-color-scheme:dark)" in html
    assert "@media (prefers-reduced-motion:no-preference)" in html  # animation only when welcome
    assert "Retry-After" not in html.split("<script>")[0]


def test_retry_after_is_only_on_the_503_page(shipped_catalog: Catalog, en: Language) -> None:
    for code_entry in shipped_catalog.codes:
        html = render_error_page(THEMES[0], code_entry, en)
        visible = html.split("<script>")[0]
        assert ("Retry-After" in visible) == (code_entry.code == 503), code_entry.code
        assert ('data-retry-after="1"' in html) == (code_entry.code == 503)


def test_codes_that_never_succeed_on_retry_have_no_retry_control(shipped_catalog: Catalog, en: Language) -> None:
    for code_entry in shipped_catalog.codes:
        html = render_error_page(THEMES[0], code_entry, en)
        assert ('id="retry"' in html) == (code_entry.retry.retryable != "never"), code_entry.code
        assert '<a class="btn" href="">Try again</a>' in html  # the plain link works everywhere


def test_the_csp_allows_exactly_the_pages_own_style_and_script(shipped_catalog: Catalog, en: Language) -> None:
    html = render_error_page(THEMES[1], entry(shipped_catalog, 503), en)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp
    policy = csp.group(1).replace("&#39;", "'")
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert style
    assert f"style-src {csp_hash(style.group(1))};" in policy
    assert f"script-src {csp_hash(retry_script())};" in policy
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy


# ----------------------------------------------------------------------------- budgets and rules
def test_every_page_is_within_budget(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> None:
    sizes = [len(render_error_page(theme, code_entry, language).encode())
             for theme in THEMES for code_entry in shipped_catalog.codes for language in shipped_languages.values()]
    assert len(sizes) == len(THEMES) * len(shipped_catalog.codes) * len(shipped_languages) >= 3 * 12 * 20
    assert max(sizes) <= PAGE_BUDGET


def test_every_shipped_page_keeps_the_rules(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> None:
    for theme in THEMES:
        for language in shipped_languages.values():
            for code_entry in shipped_catalog.codes:
                html = render_error_page(theme, code_entry, language)
                assert check_page(f"{theme.name}/{code_entry.code}.html", html, code_entry.code) == []
            assert check_page("cf", render_cloudflare_page(theme, shipped_catalog, language), None) == []


def rules_broken(html: str, code: int | None = 502) -> list[str]:
    return [f"{problem.field}: {problem.message}" for problem in check_page("p.html", html, code)]


def test_broken_pages_are_reported_with_the_rule(fixture_catalog: Catalog) -> None:
    good = render_error_page(THEMES[0], entry(fixture_catalog, 502), english_only(fixture_catalog)["en"])
    assert rules_broken(good) == []
    too_big = rules_broken(good + "x" * 9000)
    assert any(r.startswith("error-page.size: ") and "over the 8192-byte budget" in r for r in too_big)
    assert any(r.startswith("error-page.lang") for r in rules_broken(good.replace('<html lang="en"', "<html")))
    assert any(r.startswith("error-page.dir") for r in rules_broken(good.replace(' dir="ltr"', "")))
    assert rules_broken(good.replace("</main>", '<a href="https://help.example/">help</a></main>')) == []  # a link
    assert any(r.startswith("error-page.h1") for r in rules_broken(good.replace("</main>", "<h1>x</h1></main>")))
    assert any(r.startswith("error-page.main") for r in rules_broken(good.replace("<main>", "<div>")))
    assert any(r.startswith("error-page.viewport") for r in rules_broken(good.replace('name="viewport"', "")))
    for remote in ('<link rel="stylesheet" href="https://fonts.example/css">', '<img src="//cdn.example/x.png">',
                   "<style>@import url(x.css)</style>", "<style>body{background:url('https://x.example/a')}</style>"):
        with_remote = good.replace("</head>", remote + "</head>")
        assert any(r.startswith("error-page.offline") for r in rules_broken(with_remote))
    mentions = good.replace("<main>", "<main>Retry-After")
    assert any(r.startswith("error-page.retry-after") for r in rules_broken(mentions))


def test_the_cloudflare_page_has_the_token_once_and_no_referrer_meta(shipped_catalog: Catalog, en: Language) -> None:
    html = render_cloudflare_page(THEMES[2], shipped_catalog, en)
    assert html.count(CLOUDFLARE_TOKEN) == 1
    assert "<head>" in html and "</head>" in html
    assert 'name="referrer"' not in html
    assert "Content-Security-Policy" not in html  # Cloudflare inlines its own box into the page
    for excluded in (500, 501, 503, 505):
        assert not re.search(rf"\b{excluded} [A-Z]", html)  # Error Pages never show for these
    assert "502 Bad Gateway · 504 Gateway Timeout" in html
    assert html.count("::RAY_ID::") == html.count("::CLIENT_IP::") == 1
