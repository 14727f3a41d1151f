"""/explain/ in Chromium: it answers like the CLI, for every signature, and never runs input."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser_support import describe_violations, screenshot
from statuskb import Catalog
from statuskb.common.site_info import DEFAULT_SITE
from statuskb.diagnosis.explain import build_index, explain
from support import realistic

pytestmark = pytest.mark.browser


def ask(page: Page, text: str) -> None:
    page.locator("#statuskb-explain-input").fill(text)
    page.get_by_role("button", name="Explain").click()


def test_explains_a_pasted_line(page: Page, offsite_requests: list[str],
                                axe_violations: Callable[[], list[dict[str, Any]]]) -> None:
    page.goto("/explain/", wait_until="networkidle")
    ask(page, realistic("upstream timed out (110: Connection timed out) while reading response header from upstream"))
    result = page.locator(".statuskb-explain__match").first
    expect(result.locator("h2")).to_have_text("504 Gateway Timeout in nginx")
    result.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/codes/504/nginx/$"))
    page.goto("/explain/", wait_until="networkidle")
    ask(page, realistic("no live upstreams while connecting to upstream"))
    expect(page.locator(".statuskb-explain__match").first).to_be_visible()
    violations = axe_violations()
    assert violations == [], describe_violations(violations)
    screenshot(page, "explain")
    assert offsite_requests == []


def test_browser_and_cli_agree_on_every_signature(page: Page, shipped_catalog: Catalog) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE)
    lines = [realistic(entry.signature) for entry in index] + ["nothing to see", "GET / 200"]
    page.goto("/explain/", wait_until="networkidle")
    in_browser = page.evaluate(
        """async lines => Promise.all(lines.map(async line => (await window.statuskbExplain(line))
            .map(m => [m.entry.code, m.entry.context, m.entry.cause, m.score])))""", lines)
    in_python = [[[m.entry.code, m.entry.context, m.entry.cause, m.score] for m in explain(index, line)]
                 for line in lines]
    assert in_browser == in_python


def test_input_is_shown_as_text_never_run(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/explain/", wait_until="networkidle")
    hostile = '<img src=x onerror="window.pwned=1;alert(1)"> no live upstreams while connecting to upstream'
    ask(page, hostile)
    expect(page.locator(".statuskb-explain__match").first).to_be_visible()
    ask(page, '<script>window.pwned=2</script><img src=x onerror="alert(2)">')
    expect(page.locator("#statuskb-explain-results")).to_contain_text("No cause in this guide matches")
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#statuskb-explain-results img, #statuskb-explain-results script").count() == 0
    assert dialogs == []


def test_browser_explains_every_line_the_lab_observed_like_the_cli(page: Page, shipped_catalog: Catalog) -> None:
    """The lab's lines are in the page's index, and the browser gives the same answers as Python."""
    from statuskb.catalog.observations import load_observations
    from support import ROOT

    observations = load_observations(ROOT / "data" / "observations.yaml", shipped_catalog)
    index = build_index(shipped_catalog, DEFAULT_SITE, observations)
    lines = [line.replace("…", "203.0.113.7:8080") for o in observations.data.observations for line in o.log]
    assert len(lines) >= 60
    page.goto("/explain/", wait_until="networkidle")
    in_browser = page.evaluate(
        """async lines => Promise.all(lines.map(async line => (await window.statuskbExplain(line))
            .map(m => [m.entry.code, m.entry.context, m.entry.cause, m.score, m.entry.observed_on])))""", lines)
    in_python = [[[m.entry.code, m.entry.context, m.entry.cause, m.score, m.entry.observed_on]
                  for m in explain(index, line)] for line in lines]
    assert in_browser == in_python
    ask(page, lines[0])
    expect(page.locator(".statuskb-explain__match").first).to_contain_text("in the behaviour lab")
