"""Helpers for the browser tests: axe reports, screenshots, the Nu Html Checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page

from support import ROOT, scaled

ARTIFACTS = ROOT / "test-results" / "screenshots"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {' '.join(map(str, node['target']))}" for node in violation["nodes"][:5])
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot, and one of the first screen (NAME-top.png, the size the
    README shows), under test-results/screenshots/ (kept as CI artifacts)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    page.screenshot(path=ARTIFACTS / f"{name}-top.png")
    assert path.stat().st_size > 10_000, f"{path} is too small to show a rendered page"
    return path


def nu_checker_errors(directory: Path, pages: list[str], ignore: str) -> dict[str, list[str]]:
    """Nu Html Checker errors for `pages` (relative to `directory`), by page."""
    java = shutil.which("java")
    assert java and VNU_JAR.is_file(), "the Nu Html Checker needs java and vnu.jar: `make browser-tools`"
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
         "--filterpattern", ignore, *(str(directory / page) for page in pages)],
        capture_output=True, text=True, timeout=scaled(100),
    )
    report = json.loads(completed.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        page = Path(unquote(urlsplit(message.get("url", "")).path)).relative_to(directory).as_posix()
        errors.setdefault(page, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors
