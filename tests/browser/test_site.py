"""The built site in real headless Chromium: private, searchable, accessible, usable by keyboard."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser_support import describe_violations, nu_checker_errors, screenshot
from support import BuildResult, scaled

PAGES = {
    "home": "/",
    "codes": "/codes/",
    "code-502": "/codes/502/",
    "code-511": "/codes/511/",
    "editing": "/editing/",
    "about": "/about/",
    "context-nginx": "/contexts/nginx/",
    "code-502-nginx": "/codes/502/nginx/",
    "compare": "/compare/",
    "compare-502-504": "/compare/502-vs-504/",
    "embed-502": "/embed/502/",
    "glossary": "/glossary/",
    "not-found": "/no/such/page/",
}
# Two patterns of Material's own markup that the Nu checker reports, both harmless and the only
# messages we allow: the drawer and search toggles are <input type="checkbox" autocomplete="off">,
# and with navigation.sections a section label gets tabindex="" (partials/nav-item.html).
NU_ALLOWED = (r".*(Attribute “autocomplete” is only allowed when the input type is"
              r"|Bad value “” for attribute “tabindex” on element “label”).*")

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGES)
def test_page_requests_nothing_from_other_hosts(page: Page, offsite_requests: list[str], name: str) -> None:
    response = page.goto(PAGES[name], wait_until="networkidle")
    assert response is not None and response.status == (404 if name == "not-found" else 200)
    expect(page.locator("h1").first).to_be_visible()
    screenshot(page, f"page-{name}")
    assert offsite_requests == []


def test_the_guard_blocks_and_records_offsite_requests(page: Page, offsite_requests: list[str]) -> None:
    """Without this, a guard that let everything through would make the test above pass."""
    page.goto("/")
    outcome = page.evaluate(
        """async () => {
            const img = new Image(); img.src = 'https://cdn.example.com/pixel.png'; document.body.append(img);
            try { await fetch('https://fonts.example.org/css'); return 'fetched'; } catch (e) { return 'blocked'; }
        }"""
    )
    page.wait_for_load_state("networkidle")
    assert outcome == "blocked"
    assert sorted(offsite_requests) == ["https://cdn.example.com/pixel.png", "https://fonts.example.org/css"]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(page: Page, axe_violations: Callable[[], list[dict[str, Any]]],
                                    name: str) -> None:
    page.goto(PAGES[name], wait_until="networkidle")
    violations = axe_violations()
    assert violations == [], describe_violations(violations)


def test_dark_palette_has_no_axe_violations(page: Page, axe_violations: Callable[[], list[dict[str, Any]]]) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(PAGES["code-502"], wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    violations = axe_violations()
    assert violations == [], describe_violations(violations)


def test_search_for_bad_gateway_lists_502_first(page: Page) -> None:
    page.goto("/", wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    first = page.locator(".md-search-result__item a").first
    # The index is built in a worker after the first focus; a query typed before it is ready
    # shows nothing until the next keystroke, as for a real reader, so type again until it is.
    deadline = time.monotonic() + scaled(30)
    while time.monotonic() < deadline:
        search.fill("")
        search.press_sequentially("bad gateway")
        if first.is_visible() or page.wait_for_timeout(1000) or first.is_visible():
            break
    expect(first).to_be_visible()
    assert re.search(r"/codes/502/(\?h=[^#]*)?(#.*)?$", first.get_attribute("href") or "")
    screenshot(page, "search-bad-gateway")


def test_search_loads_on_first_use_of_search(page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/codes/502/", wait_until="networkidle")
    # The bundle starts the search worker and asks for the index at load; search-on-demand.js
    # holds both. Once the page is idle (every other request done), neither may have been sent.
    page.wait_for_function("document.querySelector('.md-search-result__meta') !== null")
    search_files = re.compile(r"/(search/search_index\.json|workers/search\.[0-9a-f]+\.min\.js)$")
    assert [url for url in requested if search_files.search(url)] == []
    with page.expect_request(re.compile(r"/search/search_index\.json$")):
        page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material says "Initializing search" until its worker has built the index, then invites typing.
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Initializing search",
                                                                   timeout=scaled(10) * 1000)
    page.locator("input.md-search__input").press_sequentially("gateway")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert len([url for url in requested if search_files.search(url)]) == 2


def test_palette_toggle_switches_light_and_dark(page: Page) -> None:
    page.emulate_media(color_scheme="light")
    page.goto("/", wait_until="networkidle")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    # Each toggle is the label of the other palette's radio (its title becomes a tooltip on hover).
    page.locator('label[for="__palette_1"]').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    screenshot(page, "home-dark")
    page.locator('label[for="__palette_0"]').click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_copy_button_copies_a_command(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(PAGES["code-502"], wait_until="networkidle")
    page.locator("details.fg-fix:has(.tabbed-set) > summary").first.click()  # fixes are collapsed
    block = page.locator(".tabbed-block:visible pre").first
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator('button[data-md-type="copy"]').click()
    expected = block.locator("code").inner_text().strip()
    assert expected
    assert page.evaluate("() => navigator.clipboard.readText()").strip() == expected


def test_code_blocks_in_collapsed_fixes_get_their_button_when_opened(page: Page) -> None:
    """content.lazy: a block in a closed <details> is not mounted at load (the cost is a layout of
    the whole page per block), and gets its copy button, in a named navigation, once shown."""
    page.goto(PAGES["code-502"], wait_until="networkidle")
    fix_id = page.locator("details.fg-fix:not([open]):has(pre)").first.get_attribute("id")
    fix = page.locator(f'details[id="{fix_id}"]')
    assert fix.locator("nav.md-code__nav").count() == 0
    fix.locator("> summary").click()
    block = fix.locator(".highlight:visible pre").first
    block.scroll_into_view_if_needed()
    expect(block.locator('button[data-md-type="copy"]')).to_have_count(1)
    expect(block.locator("nav.md-code__nav")).to_have_attribute("aria-label", re.compile(r"^Code block \d+ actions$"))


def test_keyboard_reaches_the_main_content(page: Page) -> None:
    page.goto(PAGES["code-502"], wait_until="networkidle")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text(re.compile("Skip to content", re.IGNORECASE))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/codes/502/#502-bad-gateway$"))
    expect(page.locator('h1[id="502-bad-gateway"]')).to_be_in_viewport()


def test_linked_tabs_follow_the_readers_choice(page: Page) -> None:
    page.goto(PAGES["code-502"], wait_until="networkidle")
    page.evaluate("() => document.querySelectorAll('details.fg-fix').forEach(d => { d.open = true; })")
    # A label that several tab sets share and that is not already chosen (first) in them.
    sets = page.evaluate("() => [...document.querySelectorAll('.tabbed-labels')].map("
                         "s => [...s.querySelectorAll('label')].map(l => l.textContent.trim()))")
    later = [name for labels in sets for name in labels[1:]]
    shared = next(name for name in later if later.count(name) > 1)
    labels = page.locator(".tabbed-labels label", has_text=re.compile(f"^{re.escape(shared)}$"))
    labels.first.click()
    for index in range(labels.count()):
        tab_id = labels.nth(index).get_attribute("for")
        assert page.locator(f'input[id="{tab_id}"]').is_checked(), (shared, index)


def test_code_page_prints_cleanly(page: Page) -> None:
    page.goto(PAGES["code-502"], wait_until="networkidle")
    page.emulate_media(media="print")
    expect(page.locator("h1").first).to_be_visible()
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-content__button"):
        expect(page.locator(chrome).first).to_be_hidden()
    link = page.locator('.md-typeset a[href^="https://www.rfc-editor.org/rfc/rfc9110"]').first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://www.rfc-editor.org/rfc/rfc9110" in after
    assert page.pdf(format="A4")[:5] == b"%PDF-"


def test_missing_page_is_helpful(page: Page) -> None:
    response = page.goto("/codes/599/does-not-exist/", wait_until="networkidle")
    assert response is not None and response.status == 404
    expect(page.locator("h1").first).to_have_text("404: this page does not exist")
    page.get_by_role("link", name="Every 5xx status code in one table").click()
    expect(page).to_have_url(re.compile(r"/codes/$"))


def test_pages_are_valid_html(built_site: BuildResult) -> None:
    pages = ["index.html", "codes/index.html", "codes/502/index.html", "editing/index.html", "404.html"]
    assert nu_checker_errors(built_site.site, pages, NU_ALLOWED) == {}
