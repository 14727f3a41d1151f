"""/explain/ in Chromium: the same engine as the terminal, over the corpus, and never running input."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from paste_corpus import corpus, shipped_engine
from playwright.sync_api import Page, expect

from browser_support import describe_violations, screenshot
from statuskb import Catalog
from statuskb.diagnosis.recognise import recognise
from support import realistic

pytestmark = pytest.mark.browser

IN_BROWSER = """async texts => Promise.all(texts.map(async text => {
    const result = await window.statuskbRecognise(text);
    return [result.cut, result.answers.map(a => [a.code, a.hop, a.role, a.score, a.cause])];
}))"""


def in_python(catalog: Catalog, texts: list[str]) -> list[list[Any]]:
    engine = shipped_engine(catalog)
    out = []
    for text in texts:
        answers, cut = recognise(engine, text)
        out.append([cut, [[a.code, a.hop, a.role, a.score, a.cause.cause if a.cause else None] for a in answers]])
    return out


def ask(page: Page, text: str) -> None:
    page.locator("#statuskb-explain-input").fill(text)
    page.get_by_role("button", name="Explain").click()


def shuffled(text: str, seed: int) -> str:
    """The same lines in another order (a paste's fragments come in any order)."""
    lines = text.split("\n")
    random.Random(seed).shuffle(lines)
    return "\n".join(lines)


def test_explains_a_pasted_line(page: Page, offsite_requests: list[str],
                                axe_violations: Callable[[], list[dict[str, Any]]]) -> None:
    page.goto("/explain/", wait_until="networkidle")
    box = page.locator("#statuskb-explain-input").bounding_box()
    assert box is not None and box["width"] >= 500 and box["height"] >= 200  # room for a whole error page
    ask(page, realistic("upstream timed out (110: Connection timed out) while reading response header from upstream"))
    result = page.locator(".statuskb-explain__match").first
    expect(result.locator("h2")).to_have_text("504 Gateway Timeout \u2014 answered by nginx")
    fix = result.locator(".statuskb-explain__fixes a").first
    expect(fix).to_have_attribute("href", re.compile(r"/codes/504/#fix-"))
    result.get_by_role("link", name=re.compile("^Read more")).click()
    expect(page).to_have_url(re.compile(r"/codes/504/nginx/$"))
    page.goto("/explain/", wait_until="networkidle")
    ask(page, realistic("no live upstreams while connecting to upstream"))
    expect(page.locator(".statuskb-explain__match").first).to_be_visible()
    violations = axe_violations()
    assert violations == [], describe_violations(violations)
    screenshot(page, "explain")
    assert offsite_requests == []


def test_results_render_markdown_and_fix_steps(page: Page) -> None:
    page.goto("/explain/", wait_until="networkidle")
    ask(page, realistic("server reached pm.max_children setting (5), consider raising it"))
    result = page.locator(".statuskb-explain__match").first
    expect(result.locator("code", has_text="pm.max_children").first).to_be_visible()
    assert "`" not in result.inner_text()  # Markdown is rendered, not shown
    expect(result.locator("details").first.locator("li").first).to_be_visible()  # the first answer's steps, open


def test_browser_and_python_agree_on_the_corpus(page: Page, shipped_catalog: Catalog) -> None:
    """Every paste of the corpus, and each multi-line one in two other orders: identical answers."""
    pastes = corpus(shipped_catalog)
    texts = [paste.text for paste in pastes]
    texts += [shuffled(text, seed) for text in texts if "\n" in text for seed in (1, 2)]
    texts += ["nothing to see", "GET / 200", ""]
    page.goto("/explain/", wait_until="networkidle")
    browser = page.evaluate(IN_BROWSER, texts)
    assert browser == in_python(shipped_catalog, texts)
    hits = sum(1 for paste, (_, answers) in zip(pastes, browser, strict=False)
               if answers and answers[0][:3] == [paste.code, paste.hop, paste.role])
    assert hits == len(pastes), f"{hits}/{len(pastes)} first answers right in Chromium"


def test_browser_and_python_agree_on_every_signature(page: Page, shipped_catalog: Catalog) -> None:
    engine = shipped_engine(shipped_catalog)
    texts = [realistic(entry.signature) for entry in engine.entries]
    page.goto("/explain/", wait_until="networkidle")
    assert page.evaluate(IN_BROWSER, texts) == in_python(shipped_catalog, texts)


def test_a_long_paste_is_cut_with_a_notice(page: Page, shipped_catalog: Catalog) -> None:
    page.goto("/explain/", wait_until="networkidle")
    text = "x\u00e9\U0001f600 " * 70_000 + "no live upstreams while connecting to upstream"
    assert page.evaluate(IN_BROWSER, [text]) == in_python(shipped_catalog, [text])
    page.locator("#statuskb-explain-input").evaluate(  # as a paste arrives: one input event
        "(input, text) => { input.value = text; input.dispatchEvent(new Event('input')); }", text)
    expect(page.locator(".statuskb-explain__notice")).to_have_text(re.compile(r"^Only the first 262,144 characters"))


def test_the_address_keeps_the_paste_and_reopens_it(page: Page) -> None:
    page.goto("/explain/", wait_until="networkidle")
    page.locator("#statuskb-explain-input").fill("HTTP Error 502.3 - Bad Gateway")  # results follow typing
    expect(page.locator(".statuskb-explain__match h2").first).to_have_text(
        "502 Bad Gateway \u2014 answered by Microsoft IIS")
    expect(page).to_have_url(re.compile(r"#q=HTTP%20Error%20502\.3%20-%20Bad%20Gateway$"))
    page.goto("/explain/#q=" + quote("no healthy upstream"), wait_until="networkidle")
    expect(page.locator(".statuskb-explain__match h2").first).to_have_text(
        "503 Service Unavailable \u2014 answered by Envoy")


def test_the_example_picker_fills_and_explains(page: Page) -> None:
    page.goto("/explain/", wait_until="networkidle")
    picker = page.locator("#statuskb-explain-examples")
    expect(picker.locator("option")).to_have_count(len(page.evaluate(
        "async () => (await (await fetch('index.json')).json()).examples")) + 1)
    labels = picker.locator("option").all_text_contents()
    nginx = next(i for i, label in enumerate(labels) if label.startswith("nginx 1.22.1: its own 502"))
    picker.select_option(index=nginx)
    expect(page.locator("#statuskb-explain-input")).to_have_value(re.compile(r"^HTTP/1\.1 502 Bad Gateway"))
    expect(page.locator(".statuskb-explain__match h2").first).to_have_text("502 Bad Gateway \u2014 answered by nginx")


@pytest.mark.parametrize("start", ["/", "/codes/503/"])
def test_the_explain_box_opens_the_explainer(page: Page, start: str, offsite_requests: list[str]) -> None:
    page.goto(start, wait_until="networkidle")
    box = page.locator("form.statuskb-explain-box")
    box.locator("textarea").fill("Error 522\nRay ID: 8f1e2d3c4b5a6978")
    box.get_by_role("button", name="Explain it").click()
    expect(page).to_have_url(re.compile(r"/explain/#q=Error%20522"))
    expect(page.locator(".statuskb-explain__match h2").first).to_have_text(
        re.compile("^522 Connection Timed Out \u2014 answered by Cloudflare$"))
    assert offsite_requests == []


def test_nothing_recognisable_gets_what_to_paste_instead(page: Page) -> None:
    page.goto("/explain/", wait_until="networkidle")
    ask(page, "the website is broken")
    results = page.locator("#statuskb-explain-results")
    expect(results).to_contain_text("Paste one of these instead")
    expect(results.locator(".statuskb-explain__advice code").first).to_be_visible()


def test_input_is_shown_as_text_never_run(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/explain/", wait_until="networkidle")
    hostile = '<img src=x onerror="window.pwned=1;alert(1)"> no live upstreams while connecting to upstream'
    ask(page, hostile)
    expect(page.locator(".statuskb-explain__match").first).to_be_visible()
    ask(page, '<script>window.pwned=2</script><img src=x onerror="alert(2)">')
    expect(page.locator("#statuskb-explain-results")).to_contain_text("Paste one of these instead")
    page.goto("/explain/#q=" + quote('<img src=x onerror="window.pwned=3">502 Bad Gateway'), wait_until="networkidle")
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#statuskb-explain-results img, #statuskb-explain-results script").count() == 0
    assert dialogs == []
