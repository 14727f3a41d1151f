"""`mkdocs serve` as an editor uses it (`make serve`'s command): edits to data/ and to the core show
up without a restart, on the edited page and on every page made from the edited entry, while a
save rebuilds only those pages; an invalid catalog is shown on every page (and in the terminal)
until the next valid save."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from statuskb.lab.processes import free_port
from support import scaled, serve_command

pytestmark = pytest.mark.build


def fetch(url: str) -> str | None:
    """The page, or None when the server gave no page (starting, rebuilding, a read timed out).

    None is "no answer yet", never an answer: every condition below asks for a page that says
    what it waits for, so a timeout during a rebuild cannot pass for "the banner is gone".
    """
    try:
        with urllib.request.urlopen(url, timeout=scaled(5)) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except OSError:
        return None


def fetch_missing(url: str) -> str | None:
    """The 404 page served for `url` (None for any other answer or none)."""
    try:
        with urllib.request.urlopen(url, timeout=scaled(5)):
            return None
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8") if error.code == 404 else None
    except OSError:
        return None


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    limit = scaled(timeout)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out after {limit:.0f} s waiting for {what}")


def shows(page: str | None, *wanted: str, absent: str | None = None) -> bool:
    """True when a page came back, contains every `wanted` text, and not `absent`."""
    return page is not None and all(text in page for text in wanted) and (absent is None or absent not in page)


class Server:
    """`make serve`'s mkdocs serve in `project`, or without the options in `without` (such as --dirty)."""

    def __init__(self, project: Path, log: Path, without: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.log_file = log.open("w")
        self.process = subprocess.Popen(
            [part for part in serve_command(self.port) if part not in without],
            cwd=project,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            # The project copy's own core comes first, so that editing it is what gets reloaded.
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
                 "PYTHONPATH": str(project / "hooks")},
            start_new_session=True,
        )

    def page(self, path: str) -> str | None:
        return fetch(self.url + path)

    def output(self) -> str:
        return self.log.read_text()

    def builds(self) -> list[tuple[int, int, int]]:
        """Each finished dirty build's pages converted from Markdown, pages in all, and pages rendered."""
        found = re.findall(r"(\d+) of (\d+) pages converted from Markdown, (\d+) rendered", self.output())
        return [(int(converted), int(pages), int(rendered)) for converted, pages, rendered in found]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)
        self.log_file.close()


@pytest.fixture
def server(project: Path, tmp_path: Path) -> Iterator[Server]:
    running = Server(project, tmp_path / "serve.log")
    try:
        wait_for(lambda: shows(running.page("codes/502/"), "502 Bad Gateway"), "the first build")
        yield running
    finally:
        running.stop()


def test_invalid_catalog_is_bannered_then_recovers(server: Server, project: Path) -> None:
    catalog = project / "data" / "status_codes.yaml"
    valid = catalog.read_text(encoding="utf-8")
    catalog.write_text(valid.replace("    faqs:\n", "    faqz:\n", 1), encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "statuskb-problems"), "the error banner")
    page = server.page("codes/502/")
    assert page is not None
    assert "The catalog is invalid, so this preview shows the last valid version." in page
    assert "codes[0].faqz: unknown key &#39;faqz&#39;; did you mean &#39;faqs&#39;?" in page or \
        "codes[0].faqz: unknown key &#x27;faqz&#x27;" in page or "unknown key 'faqz'" in page
    assert "data/status_codes.yaml:" in page
    # The server adds the banner to every page as it serves it: hand-written ones and the 404 page too.
    assert shows(server.page("about/"), "statuskb-problems", "faqz")
    assert shows(fetch_missing(server.url + "no-such-page/"), "statuskb-problems", "faqz")
    wait_for(lambda: "codes[0].faqz: unknown key 'faqz'" in server.output(), "the problem in the terminal")

    catalog.write_text(valid, encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "502 Bad Gateway", absent="statuskb-problems"),
             "recovery on the next valid save")
    assert shows(server.page("about/"), "About", absent="statuskb-problems")


def test_the_banner_needs_no_dirty_builds(project: Path, tmp_path: Path) -> None:
    running = Server(project, tmp_path / "serve.log", without=("--dirty",))
    catalog = project / "data" / "status_codes.yaml"
    valid = catalog.read_text(encoding="utf-8")
    try:
        wait_for(lambda: shows(running.page("codes/502/"), "502 Bad Gateway"), "the first build")
        catalog.write_text(valid.replace("    faqs:\n", "    faqz:\n", 1), encoding="utf-8")
        wait_for(lambda: shows(running.page("contexts/nginx/"), "statuskb-problems", "faqz"), "the error banner")
        catalog.write_text(valid, encoding="utf-8")
        wait_for(lambda: shows(running.page("contexts/nginx/"), "nginx", absent="statuskb-problems"),
                 "recovery on the next valid save")
        assert running.builds() == []  # not a dirty serve: every build is a full one
    finally:
        running.stop()


def search_pages(index: str | None) -> set[str]:
    """The pages a search index has entries for."""
    assert index is not None
    return {entry["location"].split("#")[0] for entry in json.loads(index)["docs"]}


def test_an_entry_edit_rebuilds_the_pages_made_from_it_and_only_those(server: Server, project: Path) -> None:
    indexed = search_pages(server.page("search/search_index.json"))
    assert {"codes/502/", "codes/503/", "about/", "compare/502-vs-504/"} <= indexed
    first_builds = len(server.builds())
    catalog = project / "data" / "status_codes.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert text.count("got back an invalid") == 1  # 502's definition
    catalog.write_text(text.replace("got back an invalid", "got back an edited", 1), encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "got back an edited response"), "the edited code page")
    # The page built again names the pages that were not (kept from the last build) in its footer.
    assert shows(server.page("codes/502/"), 'aria-label="Previous: 501 Not Implemented"',
                 'aria-label="Next: 503 Service Unavailable"')
    # Pages made from the entry: its comparisons, its JSON API document, the search index.
    assert shows(server.page("compare/502-vs-504/"), "got back an edited response")
    assert shows(server.page("api/v1/codes/502.json"), "got back an edited response")
    index = server.page("search/search_index.json")
    assert shows(index, "got back an edited response", absent="got back an invalid")
    assert search_pages(index) == indexed  # every page, not only those built again
    # Pages the edit did not touch are kept whole, navigation included.
    assert shows(server.page("codes/503/"), "503 Service Unavailable", "502 Bad Gateway", "md-footer__link")
    wait_for(lambda: len(server.builds()) > first_builds, "the rebuild's summary")
    converted, pages, rendered = server.builds()[-1]
    assert 2 <= converted <= rendered < pages / 4, server.builds()


def test_a_title_edit_shows_in_every_page_navigation(server: Server, project: Path) -> None:
    catalog = project / "data" / "status_codes.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("reason: Bad Gateway", "reason: Bad Gateway Edited", 1), encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "502 Bad Gateway Edited"), "the edited reason phrase")
    # Other pages' navigation (hand-written about/) and footers (503's "Previous") name it too.
    assert shows(server.page("about/"), "502 Bad Gateway Edited")
    assert shows(server.page("codes/503/"), 'aria-label="Previous: 502 Bad Gateway Edited"')
    converted, pages, rendered = server.builds()[-1]
    assert converted < pages == rendered, server.builds()


def test_core_edits_show_up_without_a_restart(server: Server, project: Path) -> None:
    template = project / "hooks" / "statuskb" / "site" / "templates" / "code_page.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("## What it means", "## What it really means", 1), encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "What it really means"), "the edited template")


def test_serve_started_on_an_invalid_catalog_shows_the_banner(project: Path, tmp_path: Path) -> None:
    catalog = project / "data" / "status_codes.yaml"
    valid = catalog.read_text(encoding="utf-8")
    catalog.write_text(valid.replace("    faqs:\n", "    faqz:\n", 1), encoding="utf-8")
    running = Server(project, tmp_path / "serve.log")
    try:
        wait_for(lambda: shows(running.page(""), "statuskb-problems", "unknown key"), "the banner on the first build")
        catalog.write_text(valid, encoding="utf-8")
        wait_for(lambda: shows(running.page("codes/502/"), "502 Bad Gateway", absent="statuskb-problems"),
                 "the generated pages after the first valid save")
    finally:
        running.stop()


def test_a_core_exception_is_bannered_not_a_hung_server(server: Server, project: Path) -> None:
    plan = project / "hooks" / "statuskb" / "site" / "plan.py"
    source = plan.read_text(encoding="utf-8")
    body = '    """'
    start = source.index("def plan_site(")
    docstring = source.index(body, start)
    broken = source[:docstring] + '    raise RuntimeError("planning broke")\n' + source[docstring:]
    plan.write_text(broken, encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "statuskb-problems", "RuntimeError: planning broke"),
             "the internal error in the banner")
    wait_for(lambda: "statuskb failed while planning the site" in server.output(), "the traceback in the terminal")
    plan.write_text(source, encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "502 Bad Gateway", absent="statuskb-problems"),
             "recovery once the core is fixed")
