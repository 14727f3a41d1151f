"""The built site in real headless Chromium: private, searchable, accessible, usable by keyboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser_support import describe_violations, nu_checker_errors, screenshot
from support import BuildResult

PAGES = {
    "home": "/",
    "codes": "/codes/",
    "code-502": "/codes/502/",
    "code-511": "/codes/511/",
    "editing": "/editing/",
    "about": "/about/",
}
# Material's drawer and search toggles are <input type="checkbox" autocomplete="off">, which the
# Nu checker reports; it is Material's markup, harmless, and the only message we allow.
NU_ALLOWED = r".*Attribute “autocomplete” is only allowed when the input type is.*"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGES)
def test_page_requests_nothing_from_other_hosts(page: Page, offsite_requests: list[str], name: str) -> None:
    page.goto(PAGES[name], wait_until="networkidle")
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
    page.locator("input.md-search__input").fill("bad gateway")
    first = page.locator(".md-search-result__item a").first
    expect(first).to_be_visible(timeout=15_000)
    assert re.search(r"codes/502/(#.*)?$", first.get_attribute("href") or "")
    screenshot(page, "search-bad-gateway")


def test_palette_toggle_switches_light_and_dark(page: Page) -> None:
    page.emulate_media(color_scheme="light")
    page.goto("/", wait_until="networkidle")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.get_by_label("Switch to dark mode").first.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    screenshot(page, "home-dark")
    page.get_by_label("Switch to light mode").first.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_copy_button_copies_a_command(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(PAGES["code-502"], wait_until="networkidle")
    block = page.locator(".tabbed-block:visible pre").first
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator("button.md-clipboard").click()
    expected = block.locator("code").inner_text().strip()
    assert expected
    assert page.evaluate("() => navigator.clipboard.readText()").strip() == expected


def test_keyboard_reaches_the_main_content(page: Page) -> None:
    page.goto(PAGES["code-502"], wait_until="networkidle")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text(re.compile("Skip to content", re.IGNORECASE))
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#502-bad-gateway"
    heading_top = page.locator("h1#502-bad-gateway").bounding_box()
    assert heading_top is not None and heading_top["y"] < 300


def test_linked_tabs_follow_the_readers_choice(page: Page) -> None:
    page.goto(PAGES["code-502"], wait_until="networkidle")
    labels = page.locator(".tabbed-labels label", has_text="Apache httpd (mod_proxy)")
    if labels.count() < 2:
        pytest.fail("the 502 page should offer Apache commands in at least two tab sets")
    labels.first.click()
    for index in range(labels.count()):
        tab_id = labels.nth(index).get_attribute("for")
        assert page.locator(f"input#{tab_id}").is_checked()


def test_pages_are_valid_html(built_site: BuildResult) -> None:
    pages = ["index.html", "codes/index.html", "codes/502/index.html", "editing/index.html", "404.html"]
    assert nu_checker_errors(built_site.site, pages, NU_ALLOWED) == {}
