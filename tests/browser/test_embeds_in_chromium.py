"""Structured data, the embeddable FAQ and hostile catalog text in real headless Chromium."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from browser_support import describe_violations, nu_checker_errors, screenshot
from statuskb import Catalog, SiteInfo
from statuskb.common.markdown import visible_text
from statuskb.reuse.embeds import HEIGHT_MESSAGE, iframe_snippet
from support import (
    HOSTILE_QUESTION,
    BuildResult,
    copy_project,
    make_catalog_hostile,
    run_build,
    scaled,
)

pytestmark = pytest.mark.browser
IFRAME_502 = "/embed/faq/502.html"
#: Material's copy button on code blocks (content.code.copy).
COPY_BUTTON = 'button[title="Copy to clipboard"]'
JSONLD_TYPES = "() => [...document.querySelectorAll('script[type=\"application/ld+json\"]')]" \
               ".map((s) => JSON.parse(s.textContent))"
#: The FAQ as the page shows it: each h3 under "Frequently asked questions", without its ¶ link.
VISIBLE_QUESTIONS = """() => {
    const out = [];
    for (let el = document.getElementById('frequently-asked-questions').nextElementSibling;
         el && el.tagName !== 'H2'; el = el.nextElementSibling) {
        if (el.tagName !== 'DETAILS') continue;  // one collapsible item per question: its summary
        const copy = el.querySelector('summary').cloneNode(true);
        copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
        out.push(copy.textContent.replace(/\\s+/g, ' ').trim());
    }
    return out;
}"""


def pwned_flags(page: Page) -> list[Any]:
    """window.__pwned in the page and every frame in it: all None unless some text ran as script."""
    return [frame.evaluate("() => window.__pwned") for frame in page.frames]


def fits_its_content(page: Page, iframe: str) -> bool:
    """True once the iframe is as tall as its page's content (within rounding), waiting up to 5 s (scaled)."""
    deadline = time.monotonic() + scaled(5)
    while time.monotonic() < deadline:
        inner = page.frame_locator(iframe).locator("body").evaluate(
            "(body) => Math.ceil(body.getBoundingClientRect().height)")
        box = page.locator(iframe).bounding_box()
        if box is not None and abs(box["height"] - inner) <= 2:
            return True
        page.wait_for_timeout(100)
    return False


def faq_count(catalog: Catalog, code: int) -> int:
    return len(next(entry for entry in catalog.codes if entry.code == code).faqs)


# ----------------------------------------------------------------------------- structured data
def test_jsonld_parses_and_matches_the_page(page: Page, offsite_requests: list[str]) -> None:
    page.goto("/codes/502/", wait_until="networkidle")
    objects = page.evaluate(JSONLD_TYPES)
    assert [item["@type"] for item in objects] == ["TechArticle", "BreadcrumbList"]
    assert page.locator('link[rel="canonical"]').get_attribute("href") == objects[0]["url"] == \
        "http://127.0.0.1:8000/codes/502/"
    assert objects[0]["headline"] == page.locator("h1").evaluate("(h) => h.firstChild.textContent.trim()")
    assert offsite_requests == []


def test_instant_navigation_brings_the_next_pages_jsonld_and_embed(page: Page) -> None:
    page.goto("/codes/504/", wait_until="networkidle")
    page.locator("article a[href$='/codes/502/']").first.click()
    page.wait_for_url(re.compile(r"/codes/502/$"))
    expect(page.locator("h1")).to_have_text(re.compile("502 Bad Gateway"))
    page.wait_for_function("() => document.querySelectorAll('script[type=\"application/ld+json\"]').length === 2 "
                           "&& document.querySelector('script[type=\"application/ld+json\"]').textContent"
                           ".includes('502 Bad Gateway')")
    page.get_by_role("link", name="choose the questions, preview them and copy the code").click()
    page.wait_for_url(re.compile(r"/embed/502/$"))
    expect(page.locator("form.fxg-embed__options")).to_be_visible()  # embed.js set up the new page


# ----------------------------------------------------------------------------- each code's embed page
def test_embed_section_options_preview_and_copy_buttons(page: Page, offsite_requests: list[str],
                                                        shipped_catalog: Catalog) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.emulate_media(color_scheme="light")
    page.goto("/embed/502/", wait_until="networkidle")
    form = page.locator("form.fxg-embed__options")
    expect(form).to_be_visible()
    preview = page.locator("iframe.fxg-embed__preview")
    preview.scroll_into_view_if_needed()
    frame = page.frame_locator("iframe.fxg-embed__preview")
    expect(frame.locator("details")).to_have_count(faq_count(shipped_catalog, 502))
    expect(preview).to_have_attribute("style", re.compile(r"height: \d+px"))  # it reported its height

    form.locator('input[name="q"][value="2"]').uncheck()
    form.locator('input[name="n"]').fill("3")
    form.locator('select[name="theme"]').select_option("dark")
    expect(preview).to_have_attribute("src", re.compile(r"/embed/faq/502\.html\?q=1,3,4&theme=dark$"))
    expect(frame.locator("details")).to_have_count(3)
    expect(frame.locator("html")).to_have_attribute("data-theme", "dark")
    preview.scroll_into_view_if_needed()
    assert fits_its_content(page, "iframe.fxg-embed__preview")  # the preview took its new height
    screenshot(page, "embed-page-dark-preview")

    section = page.locator("section.fxg-embed")
    block = section.locator(".tabbed-block:visible pre").first
    block.hover()
    block.locator(COPY_BUTTON).click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert 'src="http://127.0.0.1:8000/embed/faq/502.html?q=1,3,4&amp;theme=dark"' in copied
    assert f'data.type !== "{HEIGHT_MESSAGE}"' in copied

    section.locator(".tabbed-labels label", has_text="HTML fragment").click()
    block = section.locator(".tabbed-block:visible pre").first
    block.hover()
    block.locator(COPY_BUTTON).click()
    fragment = page.evaluate("() => navigator.clipboard.readText()")
    numbers = page.evaluate("""(html) => { const t = document.createElement('template'); t.innerHTML = html;
        const root = t.content.querySelector('section.fxg-faq');
        return [root.className, [...root.querySelectorAll('details')].map((d) => d.dataset.q),
                t.content.querySelectorAll('script').length]; }""", fragment)
    assert numbers == ["fxg-faq fxg-faq--dark", ["1", "3", "4"], 0]
    assert offsite_requests == []


def test_every_question_stays_selected_at_least_once(page: Page) -> None:
    page.goto("/embed/503/", wait_until="networkidle")
    boxes = page.locator('form.fxg-embed__options input[name="q"]')
    for index in range(1, boxes.count()):
        boxes.nth(index).uncheck()
    boxes.first.click()
    expect(boxes.first).to_be_checked()  # the last one cannot be switched off: an embed needs a question
    expect(page.locator("iframe.fxg-embed__preview")).to_have_attribute("src", re.compile(r"\?q=1$"))


# ----------------------------------------------------------------------------- the iframe page
def test_iframe_page_works_without_javascript(guarded_context: Callable[..., BrowserContext], base_url: str,
                                              offsite_requests: list[str], shipped_catalog: Catalog) -> None:
    page = guarded_context(java_script_enabled=False).new_page()
    page.goto(f"{base_url}{IFRAME_502}?q=1&theme=dark", wait_until="networkidle")
    details = page.locator("details")
    expect(details).to_have_count(faq_count(shipped_catalog, 502))  # options need the script: all shown
    assert details.first.get_attribute("open") is None
    answer = details.first.locator(".answer")
    expect(answer).to_be_hidden()
    details.first.locator("summary").click()
    assert details.first.get_attribute("open") == ""
    expect(answer).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Everything about 502 Bad Gateway"))).to_have_attribute(
        "href", "http://127.0.0.1:8000/codes/502/")
    assert offsite_requests == []


def test_iframe_page_loads_nothing_and_its_script_runs_under_its_csp(page: Page, base_url: str) -> None:
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{IFRAME_502}?q=2,5", wait_until="networkidle")
    expect(page.locator("details")).to_have_count(2)  # the script ran: the CSP hash matches
    assert [d.get_attribute("data-q") for d in page.locator("details").all()] == ["2", "5"]
    assert requests == [f"{base_url}{IFRAME_502}?q=2,5"]
    assert problems == []


def test_height_message_reaches_an_embedders_page(page: Page, base_url: str, shipped_catalog: Catalog,
                                                  serve_site: Callable[[Path], str], tmp_path: Path,
                                                  offsite_requests: list[str]) -> None:
    """The copy-paste code, sandboxed as suggested, on a page of another origin (another port)."""
    bad_gateway = next(entry for entry in shipped_catalog.codes if entry.code == 502)
    snippet = iframe_snippet(bad_gateway, SiteInfo()).replace("http://127.0.0.1:8000/", f"{base_url}/")
    (tmp_path / "help-centre.html").write_text(
        "<!doctype html><html lang='en'><title>Help centre</title><body><h1>Help centre</h1>"
        "<script>window.__messages = []; addEventListener('message', (e) => window.__messages.push(e.data));"
        f"</script>{snippet}</body></html>")
    parent = f"{serve_site(tmp_path)}/help-centre.html"
    assert parent.rsplit(":", 1)[0] == base_url.rsplit(":", 1)[0] and not parent.startswith(base_url)
    page.goto(parent, wait_until="networkidle")
    page.wait_for_function("() => window.__messages.length > 0")
    first = page.evaluate("() => window.__messages.at(-1)")
    assert first["type"] == HEIGHT_MESSAGE and first["code"] == 502 and first["height"] > 100
    frame = page.locator("iframe[data-fxg-faq]")
    page.wait_for_function("(h) => document.querySelector('iframe[data-fxg-faq]').style.height === `${h}px`",
                           arg=first["height"])
    page.frame_locator("iframe[data-fxg-faq]").locator("summary").first.click()
    page.wait_for_function(f"() => window.__messages.at(-1).height > {first['height']}")
    grown = page.evaluate("() => window.__messages.at(-1).height")
    assert frame.evaluate("(f) => f.style.height") == f"{grown}px"
    assert offsite_requests == []


@pytest.mark.parametrize(("scheme", "query"), [("light", ""), ("dark", ""), ("light", "?theme=dark"),
                                                ("dark", "?theme=light")])
def test_iframe_page_has_no_axe_violations(page: Page, axe_violations: Callable[[], list[dict[str, Any]]],
                                           scheme: str, query: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(IFRAME_502 + query, wait_until="networkidle")
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    screenshot(page, f"embed-iframe-{scheme}{query.replace('?theme=', '-theme-')}")
    violations = axe_violations()
    assert violations == [], describe_violations(violations)


def test_iframe_pages_and_reuse_pages_are_valid_html(built_site: BuildResult) -> None:
    iframes = sorted(p.relative_to(built_site.site).as_posix()
                     for p in (built_site.site / "embed" / "faq").glob("5??.html"))
    assert iframes
    assert nu_checker_errors(built_site.site, iframes, r"^$") == {}
    # Material's own markup: toggles with autocomplete="off" (see test_site.py) and navigation
    # labels with tabindex="". Everything in the content is checked.
    material = (r".*(Attribute “autocomplete” is only allowed when the input type is"
                r"|Bad value “” for attribute “tabindex” on element “label”).*")
    pages = ["embed/index.html", "embed/502/index.html", "api/index.html", "codes/502/index.html",
             "codes/511/index.html"]
    assert nu_checker_errors(built_site.site, pages, material) == {}


# ----------------------------------------------------------------------------- hostile catalog text
@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, serve_site: Callable[[Path], str]) -> str:
    """A site built from a catalog whose 502 entry carries tests/support.py's hostile texts."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    make_catalog_hostile(project)
    result = run_build(project)
    assert result.returncode == 0, result.output
    return serve_site(result.site)


@pytest.mark.parametrize("path", ["/codes/502/", "/embed/502/", IFRAME_502, "/embed/faq/502.fragment.html", "/embed/",
                                  "/api/", "/api/v1/codes/502.json"])
def test_hostile_text_runs_nowhere(page: Page, hostile_site: str, offsite_requests: list[str], path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site + path, wait_until="networkidle")
    for summary in page.locator("summary").all():
        summary.click()  # open every answer on the page itself
    if path == "/codes/502/":
        assert [item["@type"] for item in page.evaluate(JSONLD_TYPES)] == ["TechArticle", "BreadcrumbList"]
        assert page.evaluate(VISIBLE_QUESTIONS)[0] == visible_text(HOSTILE_QUESTION)
    if path == "/embed/502/":
        page.locator("section.fxg-embed").scroll_into_view_if_needed()
        frame = page.frame_locator("iframe.fxg-embed__preview")
        expect(frame.locator("summary").first).to_have_text(visible_text(HOSTILE_QUESTION))
        frame.locator("summary").first.click()
        page.locator('form.fxg-embed__options input[name="q"][value="2"]').uncheck()  # regenerates the fragment
        page.locator('form.fxg-embed__options select[name="theme"]').select_option("dark")
        expect(page.locator("iframe.fxg-embed__preview")).to_have_attribute("src", re.compile(r"theme=dark"))
        # The positive condition, not network idleness (which a busy machine may never reach in
        # time): the re-themed preview has loaded its document and shows the hostile question as text.
        expect(page.frame_locator("iframe.fxg-embed__preview").locator("summary").first).to_have_text(
            visible_text(HOSTILE_QUESTION))
    if path == IFRAME_502:
        expect(page.locator("summary").first).to_have_text(visible_text(HOSTILE_QUESTION))
        expect(page.get_by_role("link", name="safe link")).to_have_attribute("href", "https://example.org/?a=1&b=2")
    if path.endswith(".json"):
        document = page.evaluate("() => JSON.parse(document.body.innerText)")
        assert document["faqs"][0]["question"] == HOSTILE_QUESTION
    page.wait_for_timeout(scaled(0.2) * 1000)  # an absence: give a late script its chance to run
    assert dialogs == []
    assert pwned_flags(page) == [None] * len(page.frames)
    assert offsite_requests == []
