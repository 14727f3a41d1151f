"""The lock files: every pin hashed, runtime and tools apart, one version of anything in both."""

from __future__ import annotations

import re
import tomllib

from support import ROOT

PIN = re.compile(r"^([a-z0-9][a-z0-9._-]*)==(\S+)(?: ; (.+?))? \\$", re.MULTILINE)


def pins(name: str) -> dict[tuple[str, str], str]:
    """(package, environment marker) → version, for a lock file in uv's format."""
    text = (ROOT / name).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[a-z0-9])", text.split("\n", 2)[2])
    found = {}
    for entry in entries:
        match = PIN.match(entry)
        assert match, entry[:80]
        assert "    --hash=sha256:" in entry, f"{name}: {match.group(1)} has no hash"
        found[(match.group(1), match.group(3) or "")] = match.group(2)
    return found


def test_both_locks_are_hashed_and_agree() -> None:
    runtime, tools = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {package for package, _ in runtime} >= {"mkdocs", "mkdocs-material", "pydantic", "jinja2"}
    assert not {package for package, _ in runtime} & {"pytest", "ruff", "mypy", "playwright", "uv"}
    assert {"pytest", "ruff", "mypy", "uv", "setuptools"} <= {package for package, _ in tools}
    shared = runtime.keys() & tools.keys()
    assert {key: (runtime[key], tools[key]) for key in shared if runtime[key] != tools[key]} == {}


def test_every_declared_dependency_is_locked() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = {package for package, _ in pins("requirements.lock")}
    declared = {re.split(r"[<>=!~ ]", requirement, maxsplit=1)[0].lower() for requirement in project["dependencies"]}
    assert declared <= locked
    assert project["requires-python"] == ">=3.11"
    assert project["license"] == "MIT AND CC-BY-4.0"
