"""Browser fixtures: the built site served on 127.0.0.1, Debian's Chromium driven by
pytest-playwright, and a guard that blocks and records every request leaving loopback.

Playwright never downloads a browser here: `executable_path` points at /usr/bin/chromium,
and `--host-resolver-rules` makes every host name but loopback fail inside Chromium without
a DNS packet being sent (see ../shared/BROWSER_TESTING.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route, WebSocketRoute, expect

from static_host import static_host
from support import ROOT, BuildResult, scaled

#: Playwright's waits (5 s for expect, 30 s for actions on an idle machine), scaled for this one.
expect.set_options(timeout=scaled(5) * 1000)
ACTION_TIMEOUT_MS = scaled(30) * 1000

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def is_offsite(url: str) -> bool:
    """True for a network URL whose host is not loopback (data:, blob:, about: are local)."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss", "ftp"} and (parts.hostname or "") not in LOOPBACK_HOSTS


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[[Path], str]]:
    """Serve more built sites (variants built by a test) on loopback; they stop with the session."""
    with ExitStack() as hosts:
        yield lambda directory: hosts.enter_context(static_host(directory))


@pytest.fixture(scope="session")
def base_url(built_site: BuildResult) -> Iterator[str]:
    """pytest-playwright's base URL: the shipped site, built once, served on loopback."""
    with static_host(built_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make browser-tools` installs it"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "service_workers": "block"}


@pytest.fixture
def offsite_requests() -> list[str]:
    """URLs the guard blocked during this test."""
    return []


def block_offsite(ctx: BrowserContext, offsite_requests: list[str]) -> BrowserContext:
    """Block every non-loopback request and websocket of `ctx`, recording its URL.

    Every test's context comes through here, so it also gets the scaled action timeout.
    """
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)

    def guard(route: Route) -> None:
        if is_offsite(route.request.url):
            offsite_requests.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def ws_guard(ws: WebSocketRoute) -> None:
        if is_offsite(ws.url):
            offsite_requests.append(ws.url)
            ws.close()
        else:
            ws.connect_to_server()

    ctx.route("**/*", guard)
    ctx.route_web_socket(re.compile(".*"), ws_guard)
    return ctx


@pytest.fixture
def context(new_context: Callable[..., BrowserContext], offsite_requests: list[str]) -> BrowserContext:
    """pytest-playwright's context with every non-loopback request blocked and recorded."""
    return block_offsite(new_context(), offsite_requests)


@pytest.fixture
def guarded_context(new_context: Callable[..., BrowserContext],
                    offsite_requests: list[str]) -> Callable[..., BrowserContext]:
    """Make more guarded contexts with their own options (say `java_script_enabled=False`)."""
    return lambda **options: block_offsite(new_context(**options), offsite_requests)


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: `make browser-tools` installs it"
    return AXE_JS.read_text(encoding="utf-8")


#: True once no finite CSS transition or animation is running on the page.
SETTLED = ("() => document.getAnimations().every(a => a.playState !== 'running' || "
           "a.effect.getComputedTiming().iterations === Infinity)")


@pytest.fixture
def axe_violations(page: Page, axe_source: str) -> Callable[[], list[dict[str, Any]]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the current page; return the violations."""

    def run() -> list[dict[str, Any]]:
        # Colours are checked as they settle: mid-transition (Material's back-to-top button fades
        # in when a scroll goes up) axe measures a half-faded colour. Endless animations never settle.
        page.wait_for_function(SETTLED)
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)  # evaluate, not a <script>: works under a strict CSP too
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
        )
        violations: list[dict[str, Any]] = result["violations"]
        return violations

    return run
