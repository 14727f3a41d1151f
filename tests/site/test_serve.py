"""`mkdocs serve` as an editor uses it: edits to data/ and to the core show up without a restart,
and an invalid catalog is shown on the page (and in the terminal) until the next valid save."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from statuskb.lab.processes import free_port
from support import BIN, scaled

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
    def __init__(self, project: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.log_file = log.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--livereload", "--dev-addr", f"127.0.0.1:{self.port}"],
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
    wait_for(lambda: "codes[0].faqz: unknown key 'faqz'" in server.output(), "the problem in the terminal")

    catalog.write_text(valid, encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "502 Bad Gateway", absent="statuskb-problems"),
             "recovery on the next valid save")


def test_catalog_edits_show_up_without_a_restart(server: Server, project: Path) -> None:
    catalog = project / "data" / "status_codes.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("reason: Bad Gateway", "reason: Bad Gateway Edited", 1), encoding="utf-8")
    wait_for(lambda: shows(server.page("codes/502/"), "502 Bad Gateway Edited"), "the edited reason phrase")


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
