"""Reader paths on a phone (390 x 844 CSS px), in real Chromium: every code page puts the visitor's
first action and the site owner's choice of server within two screens (1,688 px), no page type
lets anything in its article overflow the screen sideways, and axe's full rule set passes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browser_support import describe_violations
from statuskb import Catalog
from support import scaled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TWO_SCREENS = 2 * PHONE["height"]
#: One page of every type a reader meets.
PAGE_TYPES = {
    "home": "/", "code": "/codes/502/", "code-x-context": "/codes/502/nginx/", "context": "/contexts/nginx/",
    "compare": "/compare/", "pair": "/compare/502-vs-504/", "gallery": "/error-pages/", "explain": "/explain/",
    "api": "/api/", "embed": "/embed/", "vendor-code": "/codes/522/",
}
#: Elements of the article that stick out of the screen, or scroll sideways inside it. A box that
#: clips its content on purpose (overflow hidden, as the gallery's scaled previews) is no overflow.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll('article, article *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || el.closest('details:not([open]) > :not(summary)')) continue;
    let clipped = false;
    for (let up = el.parentElement; up && up.tagName !== 'ARTICLE'; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX === 'hidden' || style.overflowX === 'clip') { clipped = true; break; }
    }
    const overflowX = getComputedStyle(el).overflowX;
    const scrolls = (overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1;
    if ((!clipped && (box.right > width + 1 || box.left < -1)) || scrolls)
      found.push(el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0] + ': ' +
                 (el.textContent || '').trim().slice(0, 40));
  }
  return found.slice(0, 10);
}"""


@pytest.fixture
def phone(page: Page) -> Page:
    """The guarded page (every request off loopback blocked), at a phone's size."""
    page.set_viewport_size(PHONE)
    return page


def _top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"] + box["height"]


def test_every_code_page_puts_each_readers_first_step_within_two_screens(
        phone: Page, base_url: str, shipped_catalog: Catalog) -> None:
    late = {}
    for entry in sorted(shipped_catalog.codes, key=lambda e: e.code):
        phone.goto(f"{base_url}/codes/{entry.code}/", wait_until="domcontentloaded")
        bottoms = {who: _top(phone, f'article [data-reader="{who}"]') for who in ("visitor", "developer")}
        # The site owner's whole choice: every server or platform, and "not sure".
        bottoms["owner"] = max(box["y"] + box["height"] for box in
                               (link.bounding_box() for link in phone.locator('article [data-reader="owner"]').all())
                               if box)
        late.update({(entry.code, who): round(y) for who, y in bottoms.items() if y > TWO_SCREENS})
    assert late == {}, f"below {TWO_SCREENS} px on a phone: {late}"


def test_the_owners_server_choice_leads_to_that_servers_page(phone: Page, base_url: str) -> None:
    for code in (502, 503, 504):
        phone.goto(f"{base_url}/codes/{code}/", wait_until="domcontentloaded")
        phone.locator('article a[data-reader="owner"]', has_text="nginx").first.click()
        phone.wait_for_url(f"**/codes/{code}/nginx/")
        assert phone.locator("h1").first.inner_text().startswith(f"{code} ")


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_nothing_in_the_article_overflows_a_phone(phone: Page, base_url: str, name: str) -> None:
    phone.goto(base_url + PAGE_TYPES[name], wait_until="networkidle")
    assert phone.evaluate(OVERFLOWING) == []
    phone.evaluate("() => document.querySelectorAll('article details').forEach(d => { d.open = true; })")
    assert phone.evaluate(OVERFLOWING) == []  # opened, the cards must fit too


def test_the_overflow_check_finds_a_wide_element(phone: Page, base_url: str) -> None:
    """Without this, a check that found nothing would make the test above pass."""
    phone.goto(base_url + "/codes/502/", wait_until="domcontentloaded")
    phone.evaluate("() => { const p = document.createElement('pre'); p.style.width = '900px';"
                   " p.textContent = 'wide'; document.querySelector('article').append(p); }")
    assert phone.evaluate(OVERFLOWING) == ["pre.: wide"]


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_passes_axes_full_rule_set(phone: Page, base_url: str, axe_source: str, name: str) -> None:
    phone.goto(base_url + PAGE_TYPES[name], wait_until="networkidle")
    phone.evaluate(axe_source)
    result = phone.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert result["violations"] == [], describe_violations(result["violations"])


#: On /codes/502/: a heading far down the page, and two cards that wait to be shown
#: (content-visibility: auto in fieldguide.css) until the reader comes near them.
DEEP_TARGETS = ("frequently-asked-questions", "cause-envoy-protocol-error", "fix-check-upstream")
LANDED = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return box.top >= header - 1 && box.top <= header + 48 && box.height > 0;
}"""


@pytest.mark.parametrize("target", DEEP_TARGETS)
def test_a_link_into_a_block_laid_out_late_lands_on_it(phone: Page, base_url: str, target: str) -> None:
    """Blocks far below the screen have a guessed height until shown; a #fragment still ends with
    its target just under the header, whatever the guesses above it were."""
    phone.goto(f"{base_url}/codes/502/#{target}", wait_until="networkidle")
    phone.wait_for_function(LANDED, arg=target, timeout=scaled(10) * 1000)
    waits = phone.evaluate("() => getComputedStyle(document.querySelector('#cause-envoy-protocol-error'))"
                           ".contentVisibility")
    assert waits == "auto"  # otherwise this test no longer covers late layout
