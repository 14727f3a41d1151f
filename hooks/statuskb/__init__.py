"""5xx Field Guide: the catalog of HTTP 5xx codes and the generator of its site.

The public surface below is what the MkDocs hook, the CLI and the tests use; everything
else is internal. Nothing in this package imports MkDocs.

Areas, lowest first (the import contract in pyproject.toml keeps them so): `common`,
`catalog`, `diagnosis`, `lab` / `gallery` / `reuse`, `site`, `cli`. This module joins them
where one needs another's facts through its input: the catalog's rules get the lab's ids here.
"""

from functools import cache
from pathlib import Path

from statuskb.catalog import load
from statuskb.catalog.lines import EntryLines
from statuskb.catalog.load import DEFAULT_CATALOG
from statuskb.catalog.model import Catalog, CodeEntry
from statuskb.catalog.observations import OBSERVATIONS_SOURCE, Observations, load_observations
from statuskb.catalog.recognition import RECOGNITION_SOURCE, Recognition, load_recognition
from statuskb.catalog.rules import LabIds
from statuskb.common.problems import Problem, ProblemsFound
from statuskb.common.site_info import DEFAULT_SITE_URL, SiteInfo
from statuskb.gallery.languages import Language, load_languages
from statuskb.lab.applications import APP_SCENARIO_IDS
from statuskb.lab.scenarios import SCENARIO_IDS
from statuskb.lab.servers import SERVER_CONTEXTS
from statuskb.site.blocks import expand_blocks
from statuskb.site.plan import (
    CATALOG_SOURCE,
    PlannedFile,
    PlannedPage,
    SitePlan,
    collisions,
    hand_written_markdown,
    navigation,
    plan_site,
)

__all__ = [
    "CATALOG_SOURCE",
    "DEFAULT_CATALOG",
    "DEFAULT_SITE_URL",
    "OBSERVATIONS_SOURCE",
    "RECOGNITION_SOURCE",
    "Catalog",
    "CodeEntry",
    "EntryLines",
    "Language",
    "Observations",
    "PlannedFile",
    "PlannedPage",
    "Problem",
    "ProblemsFound",
    "Recognition",
    "SiteInfo",
    "SitePlan",
    "collisions",
    "expand_blocks",
    "hand_written_markdown",
    "lab_ids",
    "load_catalog",
    "load_catalog_with_lines",
    "load_languages",
    "load_observations",
    "load_recognition",
    "navigation",
    "plan_site",
]


@cache
def lab_ids() -> LabIds:
    """The behaviour lab's scenario ids and server contexts, for the catalog's rules."""
    return LabIds(frozenset(SCENARIO_IDS + APP_SCENARIO_IDS), frozenset(SERVER_CONTEXTS))


def load_catalog(path: Path, display_path: str | None = None) -> Catalog:
    """The validated catalog at `path` (ProblemsFound lists every problem), lab references included."""
    return load.load_catalog(path, display_path, lab_ids())


def load_catalog_with_lines(path: Path, display_path: str | None = None) -> tuple[Catalog, EntryLines]:
    """`load_catalog`, with the line each entry starts on (the site's "edit" links point there)."""
    return load.load_catalog_with_lines(path, display_path, lab_ids())
