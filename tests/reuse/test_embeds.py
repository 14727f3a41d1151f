"""The embeddable FAQ: the iframe page, the fragment, each code's embed page, the code page's link to it and /embed/."""

from __future__ import annotations

import base64
import hashlib
import re

import markdown
import pytest

from statuskb import Catalog, CodeEntry, SiteInfo
from statuskb.catalog.crossref import SiteIndex
from statuskb.common.markdown import html_text
from statuskb.common.text import relative_link
from statuskb.common.urls import EMBED_GUIDE, code_page, embed_fragment, embed_iframe, embed_page
from statuskb.reuse.embeds import (
    HEIGHT_MESSAGE,
    fragment_style,
    iframe_csp,
    iframe_script,
    iframe_snippet,
    iframe_style,
    render_embed_page,
    render_fragment,
    render_iframe_page,
    suggested_height,
)
from statuskb.reuse.faqs import faq_items
from statuskb.reuse.plan import plan_reuse, size_stats
from statuskb.site.pages import render_code_page
from support import ROOT, event_handler_attributes, html_tags, loaded_urls

SITE = SiteInfo()
SITE_EXTENSIONS = ["tables", "attr_list", "admonition", "md_in_html", "pymdownx.superfences",
                   "pymdownx.tabbed", "pymdownx.highlight", "toc"]


def entry(catalog: Catalog, code: int) -> CodeEntry:
    return next(e for e in catalog.codes if e.code == code)


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inner(markup: str, tag: str) -> list[str]:
    """Inner HTML of every `tag` element (not nested in itself)."""
    return re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", markup, re.DOTALL)


# ----------------------------------------------------------------------------- the iframe page
def test_iframe_page_is_one_self_contained_file(shipped_catalog: Catalog) -> None:
    for code_entry in shipped_catalog.codes:
        page = render_iframe_page(code_entry, SITE)
        tags = html_tags(page)
        assert page.startswith("<!doctype html>\n<html lang=\"en\"")
        assert loaded_urls(page) == [], code_entry.code
        assert event_handler_attributes(page) == []
        scripts = [tag for tag in tags if tag.name == "script"]
        styles = [tag for tag in tags if tag.name == "style"]
        assert [(s.attrs, s.text) for s in scripts] == [({}, iframe_script())]
        assert [(s.attrs, s.text) for s in styles] == [({}, iframe_style())]


def test_iframe_csp_allows_only_its_own_style_and_script() -> None:
    csp = iframe_csp()
    assert csp.startswith("default-src 'none'; ")
    assert f"style-src {sha256_source(iframe_style())};" in csp
    assert f"script-src {sha256_source(iframe_script())};" in csp
    assert "unsafe" not in csp and "http" not in csp


def test_iframe_page_has_the_faq_as_details_and_a_link_back(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    page = render_iframe_page(bad_gateway, SITE)
    tags = html_tags(page)
    meta = next(tag for tag in tags if tag.attrs.get("http-equiv") == "Content-Security-Policy")
    assert meta.attrs["content"] == iframe_csp()
    details = [tag for tag in tags if tag.name == "details"]
    assert [tag.attrs["data-q"] for tag in details] == [str(n) for n in range(1, len(bad_gateway.faqs) + 1)]
    assert [html_text(q) for q in inner(page, "summary")] == [item.question_text for item in faq_items(bad_gateway)]
    links = [tag.attrs["href"] for tag in tags if tag.name == "a"]
    assert "http://127.0.0.1:8000/codes/502/" in links
    assert next(tag for tag in tags if tag.name == "link").attrs == {
        "rel": "canonical", "href": "http://127.0.0.1:8000/codes/502/"}
    assert '<base target="_blank">' in page  # links leave the iframe instead of replacing it
    assert "<h1>502 Bad Gateway: frequently asked questions</h1>" in page


def test_iframe_script_reads_the_options_and_posts_its_height() -> None:
    script = iframe_script()
    for option in ('params.get("theme")', 'params.get("q")', 'params.get("n")'):
        assert option in script
    assert f'postMessage({{type: "{HEIGHT_MESSAGE}"' in script
    assert "innerHTML" not in script and "eval" not in script  # options are numbers and two words, never markup


def test_site_script_and_snippet_use_the_iframes_message_type(fixture_catalog: Catalog) -> None:
    site_script = (ROOT / "theme_overrides" / "assets" / "javascripts" / "embed.js").read_text()
    assert f'const HEIGHT_MESSAGE = "{HEIGHT_MESSAGE}";' in site_script
    assert f'data.type !== "{HEIGHT_MESSAGE}"' in iframe_snippet(entry(fixture_catalog, 502), SITE)


def test_published_address_comes_from_site_url(fixture_catalog: Catalog) -> None:
    site = SiteInfo(url="https://errors.example.org/guide")
    bad_gateway = entry(fixture_catalog, 502)
    assert site.url == "https://errors.example.org/guide/"
    assert 'href="https://errors.example.org/guide/codes/502/"' in render_iframe_page(bad_gateway, site)
    assert 'href="https://errors.example.org/guide/codes/502/"' in render_fragment(bad_gateway, site)
    assert 'src="https://errors.example.org/guide/embed/faq/502.html"' in iframe_snippet(bad_gateway, site)
    assert "127.0.0.1" not in render_iframe_page(bad_gateway, site)


# ----------------------------------------------------------------------------- the fragment
def test_fragment_has_microdata_prefixed_styles_and_no_script(shipped_catalog: Catalog) -> None:
    for code_entry in shipped_catalog.codes:
        fragment = render_fragment(code_entry, SITE)
        tags = html_tags(fragment)
        assert not fragment.lstrip().lower().startswith(("<!doctype", "<html"))
        assert [tag.name for tag in tags if tag.name in {"script", "html", "head", "body", "iframe"}] == []
        assert loaded_urls(fragment) == [] and event_handler_attributes(fragment) == []
        section = tags[0]
        assert (section.name, section.attrs["itemtype"], section.attrs["class"]) == (
            "section", "https://schema.org/FAQPage", "fxg-faq")
        questions = [tag for tag in tags if tag.attrs.get("itemtype") == "https://schema.org/Question"]
        answers = [tag for tag in tags if tag.attrs.get("itemtype") == "https://schema.org/Answer"]
        assert len(questions) == len(answers) == len(code_entry.faqs)
        assert all(tag.attrs["itemprop"] == "mainEntity" for tag in questions)
        assert sum(tag.attrs.get("itemprop") == "name" for tag in tags) == len(code_entry.faqs)
        assert sum(tag.attrs.get("itemprop") == "text" for tag in tags) == len(code_entry.faqs)
        classes = {c for tag in tags for c in str(tag.attrs.get("class") or "").split()}
        assert all(name.startswith("fxg-faq") for name in classes), classes


def test_every_fragment_selector_starts_with_the_prefix() -> None:
    style = fragment_style()
    selectors = [s.strip() for block in style.split("}") if "{" in block for s in block.split("{")[0].split(",")]
    assert selectors and all(s.startswith(".fxg-faq") for s in selectors), selectors
    assert "@import" not in style and "url(" not in style


def test_fragment_text_equals_the_faq(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    fragment = render_fragment(bad_gateway, SITE)
    items = faq_items(bad_gateway)
    assert [html_text(q) for q in inner(fragment, "summary")] == [item.question_text for item in items]
    assert [html_text(a) for a in re.findall(r'<div itemprop="text">(.*?)</div></div>', fragment, re.DOTALL)] == [
        item.answer_text for item in items]


# ----------------------------------------------------------------------------- the embed page and the code page
def test_embed_page_offers_preview_options_and_both_codes(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    page = render_embed_page(bad_gateway, SITE)
    meta, body = page.split("---\n", 2)[1:]
    assert "scripts:\n- embed.js" in meta and "search:\n  exclude: true" in meta
    html = markdown.markdown(body, extensions=SITE_EXTENSIONS)
    tags = html_tags(html)
    form = next(tag for tag in tags if tag.name == "form")
    assert "hidden" in form.attrs  # shown by embed.js; without JavaScript there is nothing to choose
    boxes = [tag for tag in tags if tag.name == "input" and tag.attrs.get("name") == "q"]
    assert [box.attrs["value"] for box in boxes] == [str(n) for n in range(1, len(bad_gateway.faqs) + 1)]
    preview = next(tag for tag in tags if tag.name == "iframe")
    assert preview.attrs["src"] == "../faq/502.html"  # relative: embed/502/ → embed/faq/502.html
    assert preview.attrs["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert preview.attrs["height"] == str(suggested_height(len(bad_gateway.faqs)))
    codes = [html_text(code) for code in inner(html, "code")]
    assert html_text(iframe_snippet(bad_gateway, SITE)) != ""
    assert [c.replace("\n", " ") for c in codes] == [
        " ".join(iframe_snippet(bad_gateway, SITE).split()), " ".join(render_fragment(bad_gateway, SITE).split())]
    assert "(<../codes/502.md>)" in body  # back to the code's page
    assert "(<../embed.md>)" in body and "(<../api/v1/codes/502.json>)" in body
    assert '<section class="fxg-embed" data-search-exclude="true" markdown>' in body


def test_code_page_links_to_its_embed_page_right_after_the_faq(fixture_catalog: Catalog) -> None:
    page = render_code_page(SiteIndex(fixture_catalog), entry(fixture_catalog, 502), SITE)
    headings = re.findall(r"^## (.+)$", page, re.MULTILINE)
    assert headings[headings.index("Frequently asked questions") + 1] == "Embed this FAQ"
    section = page.split("## Embed this FAQ", 1)[1].split("\n## ", 1)[0]
    assert f"(<{relative_link(embed_page(502), code_page(502))}>)" in section
    assert "fxg-embed" not in page and "<iframe" not in page and "embed.js" not in page  # all on the embed page


def test_suggested_height_grows_with_the_questions() -> None:
    assert suggested_height(1) < suggested_height(2) < suggested_height(10)


# ----------------------------------------------------------------------------- plan and /embed/
def test_every_code_gets_both_embeds(shipped_catalog: Catalog) -> None:
    files = plan_reuse(shipped_catalog, SITE).files
    for code_entry in shipped_catalog.codes:
        assert files[embed_iframe(code_entry.code)] == render_iframe_page(code_entry, SITE)
        assert files[embed_fragment(code_entry.code)] == render_fragment(code_entry, SITE)


def test_every_code_gets_an_embed_page_that_the_guide_lists(shipped_catalog: Catalog) -> None:
    outputs = plan_reuse(shipped_catalog, SITE)
    assert sorted(outputs.code_pages) == sorted(embed_page(e.code) for e in shipped_catalog.codes)
    for code_entry in shipped_catalog.codes:
        assert outputs.code_pages[embed_page(code_entry.code)] == render_embed_page(code_entry, SITE)
        assert f"[Preview and code](<{relative_link(embed_page(code_entry.code), EMBED_GUIDE)}>)" in \
            outputs.pages[EMBED_GUIDE]


def test_embed_guide_states_the_real_sizes(shipped_catalog: Catalog) -> None:
    outputs = plan_reuse(shipped_catalog, SITE)
    guide = outputs.pages[EMBED_GUIDE]
    for kind in (embed_iframe, embed_fragment):
        stats = size_stats(outputs.files[kind(e.code)] for e in shipped_catalog.codes)
        assert stats.count == len(shipped_catalog.codes)
        assert f"| {stats.median} bytes ({stats.smallest}–{stats.largest}) |" in guide
        for code_entry in shipped_catalog.codes:
            size = len(outputs.files[kind(code_entry.code)].encode())
            assert f"](<{relative_link(kind(code_entry.code), EMBED_GUIDE)}>) ({size} bytes)" in guide


def test_embed_guide_has_copy_paste_code_theming_and_licence(shipped_catalog: Catalog) -> None:
    guide = plan_reuse(shipped_catalog, SITE).pages[EMBED_GUIDE]
    bad_gateway = entry(shipped_catalog, 502)
    assert iframe_snippet(bad_gateway, SITE) in guide
    assert "curl -fsS http://127.0.0.1:8000/embed/faq/502.fragment.html" in guide
    for option in ("`q`", "`n`", "`theme`", "--fxg-faq-color", "fxg-faq--dark", iframe_csp()):
        assert option in guide
    assert "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)" in guide
    assert "> Source: 5xx Field Guide (http://127.0.0.1:8000/), CC BY 4.0" in guide


def test_licence_matches_the_site_copyright() -> None:
    copyright_line = next(line for line in (ROOT / "mkdocs.yml").read_text().splitlines()
                          if line.startswith("copyright:"))
    assert SITE.licence.name in copyright_line


def test_embeds_are_deterministic(fixture_catalog: Catalog) -> None:
    assert plan_reuse(fixture_catalog, SITE) == plan_reuse(fixture_catalog, SITE)


# ----------------------------------------------------------------------------- site addresses
@pytest.mark.parametrize(
    ("src_uri", "directory", "flat"),
    [("index.md", "", "index.html"), ("codes/index.md", "codes/", "codes/index.html"),
     ("codes/502.md", "codes/502/", "codes/502.html"), ("embed.md", "embed/", "embed.html")],
)
def test_page_paths_follow_mkdocs(src_uri: str, directory: str, flat: str) -> None:
    assert SiteInfo().page_path(src_uri) == directory
    assert SiteInfo(directory_urls=False).page_path(src_uri) == flat


def test_relative_addresses_from_a_page() -> None:
    assert SITE.relative("embed/faq/502.html", "codes/502.md") == "../../embed/faq/502.html"
    assert SITE.relative("embed/faq/502.html", "index.md") == "embed/faq/502.html"
    assert SiteInfo(directory_urls=False).relative("embed/faq/502.html", "codes/502.md") == "../embed/faq/502.html"


def test_site_url_must_be_absolute() -> None:
    with pytest.raises(ValueError, match="absolute http"):
        SiteInfo(url="/guide/")
    assert SiteInfo(url="https://example.org:8443/x/").origin == "https://example.org:8443"
