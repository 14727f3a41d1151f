"""Helpers the tests share (plain functions; the fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from statuskb import ProblemsFound, load_catalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_CATALOG = FIXTURES / "catalog.yaml"
SITE_PARTS = ("mkdocs.yml", "content", "hooks", "theme_overrides", "data")
BIN = Path(sys.executable).parent


def problems_in_text(tmp_path: Path, text: str, name: str = "catalog.yaml") -> list[str]:
    """Write `text` to a file and return every problem as printed (empty when valid)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        load_catalog(path, name)
    except ProblemsFound as found:
        return [str(problem) for problem in found.problems]
    return []


@dataclass
class BuildResult:
    """A finished `mkdocs build` of a copy of the project."""

    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, url_path: str) -> str:
        """The HTML served at `url_path` (e.g. 'codes/502/')."""
        target = self.site / url_path
        if url_path.endswith("/") or not url_path:
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


def copy_project(destination: Path) -> Path:
    """A copy of the site's sources (not .venv, not site/) to build in isolation."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def run_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> BuildResult:
    """Run the real `mkdocs build --strict` in `project`, as a user would."""
    completed = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    return BuildResult(project, completed.returncode, completed.stdout + completed.stderr)
