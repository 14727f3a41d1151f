"""Dirty serve builds (`make serve`) write the same site, byte for byte, as a full build.

The builds are MkDocs' own, run as `mkdocs serve --dirty` runs them (one process, the plugins
kept from build to build, a new config each time), after edits that change a few pages' content,
every page's navigation (a reason phrase is a page title), generated files that MkDocs copies (a
summary on error pages) and many pages' content (a source's title), then undo the first.
"""

from __future__ import annotations

import filecmp
import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from support import run_build, scaled

pytestmark = pytest.mark.build

#: mkdocs serve's builder (mkdocs/commands/serve.py), with a save between builds.
DIRTY_SERVE = r"""
import logging
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")  # as mkdocs serve logs
site, *edits = sys.argv[1:]
url = "http://127.0.0.1:8000/"


def config():
    loaded = load_config("mkdocs.yml", site_dir=site)
    loaded.site_url = url
    return loaded


first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=url, dirty=True)
catalog = Path("data/status_codes.yaml")
for edit in edits:
    old, new = edit.split("=>")
    text = catalog.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    catalog.write_text(text.replace(old, new, 1), encoding="utf-8")
    build(config(), serve_url=url, dirty=True)
"""

EDITS = [
    "got back an invalid=>got back an edited",  # 502's definition: its page and comparisons
    # 503's summary: its error pages, problem details, archive and API document (files MkDocs copies)
    "The server cannot handle the request right now=>The server cannot take the request right now",
    "reason: Gateway Timeout=>reason: Gateway Timed Out",  # 504's title: every page's navigation
    'title: "RFC 9110: HTTP Semantics"=>title: "RFC 9110: HTTP Semantics, edited"',  # cited on many pages
    "got back an edited=>got back an invalid",  # undone
]


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively."""
    compared = filecmp.dircmp(left, right)
    found = [str(left / name) for name in compared.left_only + compared.right_only + compared.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += [str(left / name) for name in mismatch + errors]
    for name in compared.common_dirs:
        found += differences(left / name, right / name)
    return found


def test_dirty_serve_builds_write_what_a_full_build_writes(project: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    completed = subprocess.run([sys.executable, "-c", DIRTY_SERVE, str(served), *EDITS], cwd=project,
                               capture_output=True, text=True, timeout=scaled(400),
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks")})
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    summaries = [line for line in output.splitlines() if "pages converted from Markdown" in line]
    assert len(summaries) == 1 + len(EDITS), output  # every build was a dirty one that finished
    full = run_build(project, "--site-dir", str(tmp_path / "full"))  # the same catalog, edits applied
    assert full.returncode == 0, full.output
    assert differences(served, tmp_path / "full") == []


def test_a_full_serve_build_freezes_what_it_leaves_and_the_next_collects_it(tmp_path: Path) -> None:
    """settle_heap: later collections skip what a full build left alive; a cycle among it that
    dies waits for the next full build (not forever), and a partial build settles nothing."""
    from mkdocs.structure.files import Files
    from statuskb_mkdocs.incremental import Incremental

    class Cycle:
        itself: object

    serving = Incremental()

    def build(shape: str) -> None:
        serving.plan_build(Files([]), {}, shape, str(tmp_path))
        serving.restore(Files([]))
        serving.commit()

    kept = Cycle()
    kept.itself = kept
    alive = weakref.ref(kept)
    try:
        build("first")
        assert gc.get_freeze_count() > 0
        del kept
        gc.collect()
        assert alive() is not None  # frozen: the collector skips it
        build("first")  # the same shape: a partial build
        gc.collect()
        assert alive() is not None
        build("second")
        assert alive() is None
    finally:
        gc.unfreeze()
