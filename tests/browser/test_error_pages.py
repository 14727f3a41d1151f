"""The error pages and the gallery in real headless Chromium.

Each theme's page is served the way a server sends it (with its 5xx status) by a small
loopback server that can also "recover". Every request leaving loopback is blocked and
recorded by the `context` fixture; the page must make none. axe-core checks light and dark;
the retry control is driven with Playwright's fake clock (no waiting for real seconds), and
the page is opened once more with JavaScript off.
"""

from __future__ import annotations

import datetime
import http.server
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from browser_support import describe_violations, nu_checker_errors, screenshot
from statuskb import Catalog, Language
from statuskb.gallery.index import Gallery, plan_gallery
from statuskb.gallery.pages import DETAIL_MARKERS
from statuskb.gallery.themes import THEMES
from support import BuildResult, scaled

pytestmark = pytest.mark.browser
THEME_NAMES = [theme.name for theme in THEMES]
#: When the retry tests' fake clock starts (any time would do; a fixed one keeps runs alike).
CLOCK_START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
BACK = b'<!DOCTYPE html><html lang="en"><title>Back</title><main><h1>Back online</h1></main></html>'


@dataclass
class Outage:
    """What the loopback server answers: the error page with its status until `down` is False."""

    pages: dict[str, bytes]
    down: bool = True
    #: fill in the request details as a server would (False: the raw file, as CloudFront sends it)
    details: bool = False
    retry_after: str | None = None
    requests: list[tuple[str, str]] = field(default_factory=list)

    def heads(self, path: str) -> int:
        return sum(1 for method, seen in self.requests if method == "HEAD" and seen == path)


def _handler(outage: Outage) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self) -> None:
            outage.requests.append((self.command, self.path))
            match = re.fullmatch(r"/([a-z]+)/([A-Za-z-]+)/(\d{3})", self.path)
            key = "/".join(match.groups()) if match else ""
            if key not in outage.pages:
                self.send_error(404)
                return
            status, body = (int(match.group(3)), outage.pages[key]) if outage.down and match else (200, BACK)
            if outage.details:
                for marker, value in zip(DETAIL_MARKERS.values(), ("2026-12-01 10:00:00", "shop.example", "a1b2c3"),
                                         strict=True):
                    body = body.replace(marker.encode(), value.encode())
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if outage.down and outage.retry_after:
                self.send_header("Retry-After", outage.retry_after)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            self.answer()

        def do_HEAD(self) -> None:
            self.answer()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def gallery(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> Gallery:
    return plan_gallery(shipped_catalog, shipped_languages)


@pytest.fixture
def outage(gallery: Gallery) -> Iterator[tuple[str, Outage]]:
    """A loopback server that answers /<theme>/<language>/<code> with that page and status."""
    pages = {path.split("/", 1)[1][:-5]: (content if isinstance(content, bytes) else content.encode())
             for path, content in gallery.files
             if re.fullmatch(r"error-pages/[a-z]+/[A-Za-z-]+/\d{3}\.html", path)}
    state = Outage(pages)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def wait_until(page: Page, condition: Callable[[], bool], timeout: float = 10, why: object = "") -> None:
    """Wait for the server to see something (`timeout`: seconds on an idle machine, scaled). Waits
    through Playwright, never with time.sleep: the sync API runs the context's route guard (which
    lets each request through) only while Python is inside a Playwright call."""
    deadline = time.monotonic() + scaled(timeout)
    while not condition():
        assert time.monotonic() < deadline, f"timed out: {why}"
        page.wait_for_timeout(50)


def countdown(page: Page) -> int:
    return int(page.locator("#retry-n").inner_text())


def stopped_clock(page: Page) -> None:
    """A fake clock that moves only when the test says (`run_for`), from before the page loads.

    An installed clock otherwise also runs in real time, so on a loaded machine the countdown
    could tick between two reads. Pausing a minute after the start fires nothing (no page yet).
    """
    page.clock.install(time=CLOCK_START)
    page.clock.pause_at(CLOCK_START + datetime.timedelta(minutes=1))


# ----------------------------------------------------------------------------- privacy and accessibility
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_each_theme_is_offline_and_accessible(page: Page, offsite_requests: list[str],
                                              axe_violations: Callable[[], list[dict[str, Any]]],
                                              outage: tuple[str, Outage], theme: str, scheme: str) -> None:
    base, _ = outage
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    response = page.goto(f"{base}/{theme}/en/502", wait_until="networkidle")
    assert response is not None and response.status == 502
    expect(page.locator("h1")).to_contain_text("Bad Gateway")
    expect(page.locator("#retry")).to_be_visible()
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    luminance = sum(int(x) for x in re.findall(r"\d+", background)[:3])
    assert (luminance < 200) == (scheme == "dark"), background
    violations = axe_violations()
    assert violations == [], describe_violations(violations)
    screenshot(page, f"error-page-{theme}-{scheme}")
    assert offsite_requests == []


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_each_theme_works_without_javascript(browser: Browser, outage: tuple[str, Outage], theme: str) -> None:
    base, state = outage
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        response = page.goto(f"{base}/{theme}/en/503")
        assert response is not None and response.status == 503
        expect(page.locator("h1")).to_contain_text("Service Unavailable")
        expect(page.get_by_role("heading", name="Is it your fault?")).to_be_visible()
        expect(page.locator("main li").first).to_be_visible()
        expect(page.locator("#retry")).to_be_hidden()  # the countdown needs JavaScript, so it stays hidden
        try_again = page.get_by_role("link", name="Try again")
        expect(try_again).to_be_visible()
        screenshot(page, f"error-page-{theme}-no-js")  # the error page as a reader without JS sees it
        state.down = False
        try_again.click()
        expect(page.locator("h1")).to_have_text("Back online")
        assert state.requests.count(("GET", f"/{theme}/en/503")) == 2
    finally:
        context.close()


def test_reduced_motion_stops_the_animation(page: Page, outage: tuple[str, Outage]) -> None:
    base, _ = outage
    page.goto(f"{base}/signal/en/502")
    animation = "() => getComputedStyle(document.querySelector('.dot')).animationName"
    assert page.evaluate(animation) == "pulse"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"


# ----------------------------------------------------------------------------- the retry control
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_retry_counts_down_pauses_polls_with_head_and_reloads(page: Page, offsite_requests: list[str],
                                                              outage: tuple[str, Outage], theme: str) -> None:
    base, state = outage
    path = f"/{theme}/en/502"
    stopped_clock(page)
    page.goto(base + path)
    expect(page.locator("#retry")).to_be_visible()
    first = countdown(page)
    assert 3 <= first <= 5  # 5 s with "equal jitter": between 2.5 and 5
    pause = page.get_by_role("button", name="Pause")
    pause.click()
    expect(page.locator("#retry-pause")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#retry-pause")).to_have_text("Resume")
    page.clock.run_for(30_000)
    assert state.heads(path) == 0 and countdown(page) == first  # paused: no countdown, no polling
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#retry-pause")).to_have_attribute("aria-pressed", "false")
    page.clock.run_for(first * 1000)
    wait_until(page, lambda: state.heads(path) == 1, why=state.requests)  # HEAD to the same URL, not GET
    expect(page.locator("#retry-state")).to_contain_text("Still unavailable (502)")
    second = countdown(page)
    assert 5 <= second <= 10  # backed off: 10 s with "equal jitter"
    state.down = False
    page.clock.run_for(second * 1000)
    expect(page.locator("h1")).to_have_text("Back online")  # recovered: loaded again with GET
    assert state.heads(path) == 2
    assert [method for method, seen in state.requests if seen == path] == ["GET", "HEAD", "HEAD", "GET"]
    assert offsite_requests == []


@pytest.mark.parametrize(("code", "honoured"), [(503, True), (502, False)])
def test_only_the_503_page_waits_for_retry_after(page: Page, outage: tuple[str, Outage], code: int,
                                                  honoured: bool) -> None:
    base, state = outage
    state.retry_after = "120"
    path = f"/plain/en/{code}"
    stopped_clock(page)
    page.goto(base + path)
    expect(page.locator("#retry")).to_be_visible()
    page.clock.run_for(countdown(page) * 1000 + 1000)
    wait_until(page, lambda: state.heads(path) == 1, why=state.requests)
    expect(page.locator("#retry-state")).to_contain_text(f"Still unavailable ({code})")
    assert (countdown(page) >= 100) == honoured, countdown(page)  # backoff alone is at most 10 s here


def test_a_directly_opened_page_never_reloads_itself(page: Page, base_url: str) -> None:
    """In the gallery (and when opened by hand) the page's own status is 200: preview mode."""
    heads: list[str] = []
    page.on("request", lambda request: heads.append(request.url) if request.method == "HEAD" else None)
    stopped_clock(page)
    page.goto("/error-pages/terminal/en/504.html")
    expect(page.locator("#retry")).to_be_visible()
    page.clock.run_for(countdown(page) * 1000 + 1000)
    wait_until(page, lambda: len(heads) == 1)
    expect(page.locator("#retry-state")).to_contain_text("Preview")
    assert page.url.endswith("/error-pages/terminal/en/504.html")
    assert heads == [page.url]


# ----------------------------------------------------------------------------- languages and details
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_arabic_page_reads_right_to_left_and_is_accessible(
        page: Page, offsite_requests: list[str], axe_violations: Callable[[], list[dict[str, Any]]],
        outage: tuple[str, Outage], scheme: str) -> None:
    base, state = outage
    state.details = True
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    response = page.goto(f"{base}/signal/ar/502", wait_until="networkidle")
    assert response is not None and response.status == 502
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    padding = page.evaluate("() => { const s = getComputedStyle(document.querySelector('main ul'));"
                            " return [s.paddingLeft, s.paddingRight]; }")
    assert padding[0] == "0px" and padding[1] != "0px", padding  # the bullets on the right: mirrored
    expect(page.locator(".req")).to_be_visible()
    expect(page.locator(".req dd").nth(1)).to_have_text("shop.example")
    violations = axe_violations()
    assert violations == [], describe_violations(violations)
    screenshot(page, f"error-page-ar-{scheme}")
    assert offsite_requests == []


def test_the_retry_control_speaks_the_pages_language(page: Page, outage: tuple[str, Outage],
                                                     shipped_languages: dict[str, Language]) -> None:
    base, state = outage
    strings = shipped_languages["ja"].data.strings
    stopped_clock(page)
    page.goto(f"{base}/plain/ja/502")
    page.clock.run_for(countdown(page) * 1000 + 1000)
    wait_until(page, lambda: state.heads("/plain/ja/502") == 1, why=state.requests)
    expect(page.locator("#retry-state")).to_have_text(strings["still_unavailable"].replace("{status}", "502"))
    page.get_by_role("button", name=strings["pause"]).click()
    expect(page.locator("#retry-pause")).to_have_text(strings["resume"])
    expect(page.locator("#retry-state")).to_have_text(strings["paused"])
    screenshot(page, "error-page-ja")


def test_the_details_block_shows_only_when_a_server_filled_it_in(page: Page, outage: tuple[str, Outage]) -> None:
    base, state = outage
    page.goto(f"{base}/plain/de/503")
    expect(page.locator(".req")).to_be_hidden()  # the raw file: nothing to show
    state.details = True
    page.goto(f"{base}/plain/de/503")
    expect(page.locator(".req")).to_be_visible()
    expect(page.locator(".req dd").last).to_have_text("a1b2c3")


# ----------------------------------------------------------------------------- the gallery page
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_gallery_has_no_axe_violations_and_stays_on_loopback(
        page: Page, offsite_requests: list[str], axe_violations: Callable[[], list[dict[str, Any]]],
        scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto("/error-pages/", wait_until="networkidle")
    for frame in page.locator(".fg-preview iframe").all():
        frame.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    violations = axe_violations()
    assert violations == [], describe_violations(violations)
    screenshot(page, f"gallery-{scheme}")
    assert offsite_requests == []


def test_gallery_pickers_switch_previews_and_links(page: Page) -> None:
    page.goto("/error-pages/", wait_until="networkidle")
    expect(page.locator(".fg-pickers")).to_be_visible()
    install = page.locator("[data-fg-theme-link]")
    expect(install).to_have_attribute("href", re.compile(r"/error-pages/install/plain/$"))
    page.get_by_label("Status code", exact=True).select_option("503")
    page.get_by_label("Theme for the downloads and configuration").select_option("signal")
    for theme in THEME_NAMES:
        frame = page.locator(f'.fg-preview[data-fg-theme="{theme}"] iframe')
        expect(frame).to_have_attribute("src", f"{theme}/en/503.html")
        expect(frame).to_have_attribute("title", re.compile("503 Service Unavailable"))
    expect(page.frame_locator('.fg-preview[data-fg-theme="signal"] iframe').locator("h1")).to_contain_text(
        "Service Unavailable")
    expect(page.locator('.fg-preview[data-fg-theme="signal"]')).to_have_class(re.compile("fg-preview--chosen"))
    expect(page.locator('.fg-downloads [data-fg-link="http"]')).to_have_attribute("href", "signal/haproxy/503.http")
    expect(install).to_have_attribute("href", re.compile(r"/error-pages/install/signal/$"))  # the chosen theme
    install.click()
    page.wait_for_url(re.compile(r"/error-pages/install/signal/$"))
    nginx = page.locator(".fg-kit pre code").first
    assert "error-pages/signal/" in nginx.inner_text() and 'theme "signal"' in nginx.inner_text()
    page.go_back()
    # Back on the gallery, the pickers are as they were. (Not the address's hash: Material's
    # navigation.tracking writes the heading in view there, #preview, as soon as it has scrolled.)
    expect(page.get_by_label("Status code", exact=True)).to_have_value("503")
    expect(page.get_by_label("Theme for the downloads and configuration")).to_have_value("signal")
    page.get_by_label("Language").select_option("ar")
    expect(page.locator('.fg-preview[data-fg-theme="plain"] iframe')).to_have_attribute("src", "plain/ar/503.html")
    expect(page.frame_locator('.fg-preview[data-fg-theme="plain"] iframe').locator("html")).to_have_attribute(
        "dir", "rtl")
    expect(page.locator("[data-fg-brand] iframe")).to_have_attribute(
        "src", re.compile(r"example-brand/plain/ar/502\.html$"))
    expect(page.locator('.fg-downloads [data-fg-link="json"]')).to_have_attribute("href", "signal/ar/503.json")
    page.reload(wait_until="networkidle")  # the choice survives a reload (and can be shared)
    expect(page.get_by_label("Status code", exact=True)).to_have_value("503")
    expect(page.get_by_label("Language")).to_have_value("ar")
    expect(page.locator('.fg-preview[data-fg-theme="plain"] iframe')).to_have_attribute("src", "plain/ar/503.html")


def test_install_tabs_are_linked_and_copy_each_themes_files(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/error-pages/install/plain/", wait_until="networkidle")
    page.locator(".fg-kit .tabbed-labels label", has_text="HAProxy").first.click()
    block = page.locator(".fg-kit .tabbed-block:visible pre").last
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator("button[data-md-type=copy]").click()  # Material 9.8 copy button (content.code.copy)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "http-errors fieldguide-plain" in copied and "errorfile 503" in copied
    # Linked tabs (content.tabs.link): choosing HAProxy once chose it in every tab set with that label.
    labels = page.locator(".tabbed-labels label", has_text="HAProxy")
    for index in range(labels.count()):
        assert page.locator(f"input#{labels.nth(index).get_attribute('for')}").is_checked()
    # Another theme's page has that theme's files: the copy button copies its paths.
    page.get_by_role("link", name="Terminal", exact=True).click()
    page.wait_for_url(re.compile(r"/error-pages/install/terminal/$"))
    page.locator(".fg-kit .tabbed-labels label", has_text="HAProxy").first.click()
    block = page.locator(".fg-kit .tabbed-block:visible pre").last
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    assert "http-errors fieldguide-terminal" in page.evaluate("() => navigator.clipboard.readText()")


def test_gallery_without_javascript_still_lists_every_page(browser: Browser, base_url: str,
                                                          shipped_catalog: Catalog) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/error-pages/")
        expect(page.locator(".fg-pickers")).to_be_hidden()
        for code_entry in shipped_catalog.codes:
            expect(page.locator(f'a[href="terminal/en/{code_entry.code}.html"]').first).to_be_attached()
        expect(page.get_by_role("link", name=re.compile("Download everything"))).to_have_attribute(
            "href", "5xx-error-pages.zip")
    finally:
        context.close()


def test_every_error_page_is_valid_html(built_site: BuildResult, shipped_catalog: Catalog,
                                       shipped_languages: dict[str, Language]) -> None:
    """The Nu Html Checker on every raw page and every Cloudflare page, in every language, exactly as served."""
    pages = [f"error-pages/{theme}/{tag}/{code_entry.code}.html"
             for theme in THEME_NAMES for tag in shipped_languages for code_entry in shipped_catalog.codes]
    pages += [f"error-pages/{theme}/cloudflare/{tag}/5xx.html" for theme in THEME_NAMES for tag in shipped_languages]
    pages += [f"error-pages/example-brand/plain/{tag}/502.html" for tag in shipped_languages]
    assert nu_checker_errors(built_site.site, pages, "^$") == {}
