"""`statuskb lab check`'s comparison: behaviour changes fail, a server's version change is only noted.

A Debian point release bumps nginx's version, which shows in its Server header, its error pages
and nothing else it does: that must not fail `make test`. A changed status, body class or log
line must.
"""

from __future__ import annotations

from typing import Any

import pytest

from statuskb import Catalog
from statuskb.catalog.observations import Observations, ObservationsFile, load_observations
from statuskb.lab.drift import body_class, compare, masked
from support import ROOT

OBSERVATIONS = ROOT / "data" / "observations.yaml"


@pytest.fixture(scope="module")
def committed(shipped_catalog: Catalog) -> Observations:
    return load_observations(OBSERVATIONS, shipped_catalog, "data/observations.yaml")


def fresh_run(committed: Observations, change: Any) -> ObservationsFile:
    """A run that saw what was committed, except for what `change` does to its data."""
    data = committed.data.model_dump()
    change(data)
    return ObservationsFile.model_validate(data)


def first(data: dict[str, Any], server: str, scenario: str) -> dict[str, Any]:
    return next(o for o in data["observations"] if (o["server"], o["scenario"]) == (server, scenario))


def test_the_same_run_is_no_drift(committed: Observations) -> None:
    assert compare(committed, fresh_run(committed, lambda data: None)).changed == ()


def test_a_version_bump_is_noted_not_failed(committed: Observations) -> None:
    old = committed.data.servers["nginx"].version
    new = "1.22.2"

    def bump(data: dict[str, Any]) -> None:
        data["servers"]["nginx"].update(version=new, package=f"nginx {new}-1+deb12u1")
        for observation in data["observations"]:
            if observation["server"] == "nginx":
                observation["headers"] = {k: v.replace(old, new) for k, v in observation["headers"].items()}
                observation["body"] = observation["body"].replace(old, new)
                observation["log"] = [line.replace(old, new) for line in observation["log"]]

    drift = compare(committed, fresh_run(committed, bump))
    assert drift.changed == ()
    assert any(line.startswith(f"nginx: committed {old} (") and f"now {new} (" in line for line in drift.noted)
    # The bump really was in the data the comparison saw: the refused page names the new version.
    assert new in first(fresh_run(committed, bump).model_dump(), "nginx", "refused")["body"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda o: o.update(status=503), "status: committed 502, now 503"),
        (lambda o: o.update(body=""), "body: committed html, naming the status, now empty"),
        (lambda o: o.update(body="Bad Gateway, try later"), "body: committed html, naming the status, now text, not"),
        (lambda o: o["log"].append("… [crit] …#…: *… new"), "log: newly logged: … [crit] …#…: *… new"),
        (lambda o: o["log"].clear(), "log: no longer logged: … [error] …"),
        (lambda o: o["headers"].update(server="openresty"), "headers: committed"),
    ],
)
def test_behaviour_changes_fail(committed: Observations, change: Any, expected: str) -> None:
    drift = compare(committed, fresh_run(committed, lambda data: change(first(data, "nginx", "refused"))))
    assert len(drift.changed) >= 1
    assert all("nginx × refused" in line for line in drift.changed)
    assert any(expected in line for line in drift.changed), drift.changed


def test_new_wording_of_the_same_body_class_is_noted(committed: Observations) -> None:
    def reword(data: dict[str, Any]) -> None:
        refused = first(data, "nginx", "refused")
        refused["body"] = refused["body"].replace("Bad Gateway", "Bad gateway")

    drift = compare(committed, fresh_run(committed, reword))
    assert drift.changed == ()
    assert any("nginx × refused: body: new wording" in line for line in drift.noted)


def test_masking_touches_only_whole_versions() -> None:
    assert masked("nginx/1.22.1 and 1.22.10 and 11.22.1", {"1.22.1"}) == "nginx/<version> and 1.22.10 and 11.22.1"
    assert body_class("<html><h1>502 Bad Gateway</h1>", 502) == "html, naming the status"
    assert body_class("oops 5021", 502) == "text, not naming the status"
    assert body_class("  \n", None) == "empty"
