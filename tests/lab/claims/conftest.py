"""Fixtures for the claims' tests: the committed observations, and the contradictions of a changed catalog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from statuskb import Catalog, load_catalog
from statuskb.catalog.observations import Observations, load_observations
from statuskb.catalog.yamlfile import load_yaml
from statuskb.lab.claims import contradictions
from support import ROOT

CATALOG = ROOT / "data" / "status_codes.yaml"
OBSERVATIONS = ROOT / "data" / "observations.yaml"


@pytest.fixture(scope="session")
def observations(shipped_catalog: Catalog) -> Observations:
    """The observations as committed."""
    return load_observations(OBSERVATIONS, shipped_catalog, "data/observations.yaml")


@pytest.fixture
def contradictions_after(tmp_path: Path) -> Callable[[str, str], list[str]]:
    """A function giving the contradictions, as printed, once `old` (found exactly once) is replaced by
    `new` in the shipped catalog: the way to make a claim wrong without touching the observations."""

    def after(old: str, new: str) -> list[str]:
        path = tmp_path / "status_codes.yaml"
        text = CATALOG.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
        catalog = load_catalog(path, "data/status_codes.yaml")
        changed = load_observations(OBSERVATIONS, catalog, "data/observations.yaml")
        return [str(c) for c in contradictions(catalog, load_yaml(path, "data/status_codes.yaml"), changed)]

    return after
