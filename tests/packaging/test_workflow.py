"""The GitHub workflow and Dependabot: what CI promises, checked without GitHub.

actionlint could not be installed here (its PyPI package downloads the binary at build time),
so these tests check the promises themselves: Debian 12 as root, the README's command, actions
pinned by commit, the deploy job publishing the artifact the tested job built.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def test_tests_run_in_debian_bookworm_as_root_with_the_readme_command() -> None:
    test = workflow()["jobs"]["test"]
    assert test["container"]["image"] == "debian:bookworm"
    assert "--privileged" in test["container"]["options"]  # unshare and port 53 for the lab
    assert "user" not in test["container"] and "--user" not in test["container"]["options"]
    runs = [step.get("run", "") for step in steps("test")]
    assert ".ci/run" in runs
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("exec make test")
    installs = next(run for run in runs if "apt-get install" in run)
    assert {"make", "python3", "git"} <= set(installs.split())  # what the README asks of a machine


def test_every_action_is_pinned_by_commit_with_its_version_noted() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert len(uses) >= 4
    for action, comment in uses:
        assert SHA_PIN.match(action), action
        assert re.fullmatch(r"\s+# v\d+(\.\d+)*", comment), (action, comment)


def test_deploy_publishes_the_artifact_the_tested_job_built() -> None:
    jobs = workflow()["jobs"]
    assert jobs["deploy"]["needs"] == "test"
    assert [step["uses"].split("@")[0] for step in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]
    test_steps = steps("test")
    names = [step.get("uses", "").split("@")[0] or step.get("run", "") for step in test_steps]
    build = next(i for i, name in enumerate(names) if "make publish-build" in name)
    upload = names.index("actions/upload-pages-artifact")
    assert names.index(".ci/run") < build < upload
    assert test_steps[build]["env"]["SITE_URL"].startswith("https://")


def test_dependabot_watches_actions_and_python() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {"github-actions", "pip"} <= {update["package-ecosystem"] for update in config["updates"]}
