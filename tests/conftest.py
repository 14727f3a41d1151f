"""Fixtures shared by every test: a small valid catalog, the shipped one, and real site builds.

`make test` runs the suite on two workers (pytest-xdist, `--dist loadgroup`). Tests that start
real servers share one worker, in order: the lab's resolver needs 127.0.0.1:53 alone, apt-get
and dpkg take a lock, and `free_port()` picks a port that a server binds a moment later, so two
such tests side by side could be handed the same one. Tests that share a fixture their module
defines with a wider scope (a wheel, a built site) stay on one worker too, so it is made once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from statuskb import Catalog, Language, load_catalog, load_languages
from support import FIXTURE_CATALOG, ROOT, BuildResult, copy_project, run_build

#: Test modules that start a server on a port `free_port()` chose, beside those marked `servers`.
PORT_PICKING_MODULES = {"test_serve.py", "test_diagnose.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give xdist its groups: every real-server and port-picking test in one, a module's own in another."""
    for item in items:
        if item.get_closest_marker("servers") or item.path.name in PORT_PICKING_MODULES:
            item.add_marker(pytest.mark.xdist_group("servers"))
        elif _uses_a_wide_fixture_of_its_module(item):
            item.add_marker(pytest.mark.xdist_group(item.path.name))


def _uses_a_wide_fixture_of_its_module(item: pytest.Item) -> bool:
    """Whether the test uses a module- or session-scoped fixture defined in its own module."""
    if not isinstance(item, pytest.Function):
        return False
    module_id = item.nodeid.split("::", 1)[0]
    # _fixtureinfo has no public spelling; it has held each name's definitions since pytest 3.
    definitions = item._fixtureinfo.name2fixturedefs
    return any(defs[-1].scope != "function" and defs[-1].baseid == module_id for defs in definitions.values())


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
