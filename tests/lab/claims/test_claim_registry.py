"""The claims' registry: every claim is listed once, in order, and the shipped catalog contradicts none."""

from __future__ import annotations

import importlib
import pkgutil

from statuskb import Catalog
from statuskb.catalog.observations import Observations
from statuskb.catalog.yamlfile import load_yaml
from statuskb.lab import claims
from statuskb.lab.claims import CLAIMS, contradictions
from support import ROOT


def test_the_catalog_agrees_with_the_observations(shipped_catalog: Catalog, observations: Observations) -> None:
    found = contradictions(shipped_catalog, load_yaml(ROOT / "data" / "status_codes.yaml",
                                                      "data/status_codes.yaml"), observations)
    assert found == [], "\n".join(map(str, found))
    assert [claim.name for claim in CLAIMS] == ["emits", "lab", "coverage", "signals", "fingerprints"]


def test_every_claim_is_described_and_every_claim_module_registered() -> None:
    assert all(claim.description for claim in CLAIMS)
    modules = [module.name for module in pkgutil.iter_modules(claims.__path__) if module.name != "base"]
    assert {importlib.import_module(f"statuskb.lab.claims.{name}").CLAIM for name in modules} == set(CLAIMS)
