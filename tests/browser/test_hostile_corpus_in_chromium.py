"""The hostile corpus (tests/hostile.py) in every text field, every page opened in Chromium.

What the static scan (tests/site/test_hostile_corpus.py) cannot see: script that runs, and
markup that the theme's own JavaScript builds from catalog text after load (the search
results, the instant-navigation titles, the tooltips). A page passes when no payload ran
(`window.__pwned` unset, no dialog) and its live DOM has no event-handler
attribute and no javascript: link. The standalone error pages and embeds are not opened here:
they carry no MkDocs Markdown, and test_error_pages.py and test_embeds_in_chromium.py open
them with hostile text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import hostile_project
from playwright.sync_api import Page, expect

from support import run_build

#: Pages outside the MkDocs theme, opened with hostile text by their own tests.
STANDALONE = ("error-pages/plain/", "error-pages/signal/", "error-pages/terminal/", "embed/faq/")
#: Event-handler attributes and javascript: links in the live DOM, after the theme's scripts ran.
LIVE_DANGERS = """() => [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes]
    .filter((a) => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
    .map((a) => `${el.tagName}[${a.name}=${a.value}]`))"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, serve_site: Callable[[Path], str]) -> tuple[str, Path]:
    project, _ = hostile_project(tmp_path_factory.mktemp("corpus") / "project", variant=1)
    result = run_build(project)
    assert result.returncode == 0, result.output
    return serve_site(result.site), result.site


def test_no_page_runs_or_grows_hostile_markup(page: Page, hostile_site: tuple[str, Path],
                                              offsite_requests: list[str]) -> None:
    url, site = hostile_site
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                   if not path.relative_to(site).as_posix().startswith(STANDALONE))
    started, findings = time.perf_counter(), []
    for path in pages:
        page.goto(f"{url}/{path}", wait_until="load")
        findings += [f"{path}: {danger}" for danger in page.evaluate(LIVE_DANGERS)]
        # The main frame only: a code page's embed preview is a lazy iframe with no context until
        # it is scrolled to, and test_embeds_in_chromium.py opens it with hostile text.
        if (flag := page.evaluate("() => window.__pwned")) is not None:
            findings.append(f"{path}: window.__pwned={flag}")
    assert findings == []
    assert dialogs == []
    assert offsite_requests == []
    print(f"\nChromium: {len(pages)} hostile pages in {time.perf_counter() - started:.1f} s")


def test_search_results_show_hostile_titles_as_text(page: Page, hostile_site: tuple[str, Path]) -> None:
    url, _ = hostile_site
    page.goto(f"{url}/", wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    first = page.locator(".md-search-result__item a").first
    # The index is built in a worker after the first focus: type again until results show.
    for _ in range(30):
        search.fill("")
        search.press_sequentially("pwned")
        if first.is_visible() or page.wait_for_timeout(1000) or first.is_visible():
            break
    expect(first).to_be_visible()
    assert page.evaluate(LIVE_DANGERS) == []
    assert page.evaluate("() => window.__pwned") is None
