"""Fixtures shared by every test: a small valid catalog, the shipped one, and real site builds.

`make test` runs the suite on two workers (pytest-xdist, `--dist loadfile`): each module's tests
run on one worker, in order. The lab's tests (tests/lab/test_lab.py, the only ones that run
`statuskb lab`) need the resolver's 127.0.0.1:53 alone, and a module's module- or
session-scoped fixture (a wheel, a built site) is made once. (`--dist loadgroup`, with
`xdist_group` marks, put every real-server test on one worker until pytest 9: pytest-xdist 3.8
marks a test's group by rewriting `item._nodeid`, which pytest 9 no longer reads, so no test had
a group and two lab runs met on port 53, each on its own worker.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from statuskb import Catalog, Language, load_catalog, load_languages
from support import FIXTURE_CATALOG, ROOT, BuildResult, copy_project, run_build


@pytest.fixture
def fixture_text() -> str:
    """The small valid catalog (four codes) as text, for tests to break on purpose."""
    return FIXTURE_CATALOG.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fixture_catalog() -> Catalog:
    return load_catalog(FIXTURE_CATALOG)


@pytest.fixture(scope="session")
def shipped_catalog() -> Catalog:
    return load_catalog(ROOT / "data" / "status_codes.yaml")


@pytest.fixture(scope="session")
def shipped_languages(shipped_catalog: Catalog) -> dict[str, Language]:
    """The error pages' shipped translations (data/error_pages/), checked against the shipped catalog."""
    return load_languages(ROOT / "data" / "error_pages", shipped_catalog)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project, to change before building."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped site, built once per test session."""
    result = run_build(copy_project(tmp_path_factory.mktemp("site") / "project"))
    assert result.returncode == 0, result.output
    return result
