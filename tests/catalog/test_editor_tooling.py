"""Editors' tooling: schema wiring for completion, yamllint, pre-commit and the CI workflow."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from support import BIN, ROOT, scaled

YAML_FILES = ["data/status_codes.yaml", "mkdocs.yml", ".yamllint.yaml", ".pre-commit-config.yaml",
              ".github/workflows/publish.yml", "tests/fixtures/catalog.yaml"]


def yamllint(*paths: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "yamllint"), "--strict", "-f", "parsable", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, timeout=scaled(40))


def test_shipped_yaml_passes_yamllint() -> None:
    result = yamllint(*YAML_FILES)
    assert (result.returncode, result.stdout) == (0, "")


def test_yamllint_catches_duplicate_keys_and_truthy_values(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("codes:\n  - code: 502\n    reason: Bad Gateway\n    reason: Bad\n    answer: no\n")
    result = yamllint(bad)
    assert result.returncode == 1
    assert ':4:5: [error] duplication of key "reason" in mapping (key-duplicates)' in result.stdout
    assert ":5:13: [error] truthy value should be one of [false, true] (truthy)" in result.stdout


def test_vscode_maps_the_schema_to_the_catalog() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {"./data/status_codes.schema.json": "data/status_codes.yaml"}
    assert (ROOT / "data" / "status_codes.schema.json").is_file()
    assert "!ENV scalar" in settings["yaml.customTags"]


def test_pre_commit_hooks_run_commands_that_exist() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"statuskb-check", "statuskb-schema", "yamllint"} <= set(hooks)
    for hook in hooks.values():
        executable = ROOT / hook["entry"].split()[0]
        assert executable.is_file(), hook["entry"]


def test_ci_runs_the_readme_test_command() -> None:
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("exec make test")
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make serve" in readme
    workflow = yaml.load((ROOT / ".github/workflows/publish.yml").read_text(), Loader=yaml.BaseLoader)
    steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert ".ci/run" in steps  # which is `exec make test`, checked above
