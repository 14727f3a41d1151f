"""5xx Field Guide: the catalog of HTTP 5xx codes and the generator of its site.

The public surface below is what the MkDocs hook, the CLI and the tests use; everything
else is internal. Nothing in this package imports MkDocs.

Areas, lowest first (the import contract in pyproject.toml keeps them so): `common`,
`catalog`, `diagnosis`, `lab` / `gallery` / `reuse`, `site`, `cli`. This module joins them
where one needs another's facts through its input: the catalog's rules get the lab's ids here.

The names are imported on first use (PEP 562), not with the package: a plain MkDocs build of
`statuskb render`'s folder loads `statuskb.common.tooltips` only, and importing the whole core
with it (pydantic models, jsonschema, the lab) cost that build 0.3 s for nothing.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from statuskb.catalog.lines import EntryLines
    from statuskb.catalog.load import DEFAULT_CATALOG
    from statuskb.catalog.model import Catalog, CodeEntry
    from statuskb.catalog.observations import OBSERVATIONS_SOURCE, Observations, load_observations
    from statuskb.catalog.recognition import RECOGNITION_SOURCE, Recognition, load_recognition
    from statuskb.catalog.rules import LabIds
    from statuskb.common.problems import Problem, ProblemsFound
    from statuskb.common.site_info import DEFAULT_SITE_URL, SiteInfo
    from statuskb.gallery.languages import Language, load_languages
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

#: Where each public name lives.
_HOMES = {
    "EntryLines": "statuskb.catalog.lines",
    "DEFAULT_CATALOG": "statuskb.catalog.load",
    "Catalog": "statuskb.catalog.model",
    "CodeEntry": "statuskb.catalog.model",
    "OBSERVATIONS_SOURCE": "statuskb.catalog.observations",
    "Observations": "statuskb.catalog.observations",
    "load_observations": "statuskb.catalog.observations",
    "RECOGNITION_SOURCE": "statuskb.catalog.recognition",
    "Recognition": "statuskb.catalog.recognition",
    "load_recognition": "statuskb.catalog.recognition",
    "Language": "statuskb.gallery.languages",
    "load_languages": "statuskb.gallery.languages",
    "Problem": "statuskb.common.problems",
    "ProblemsFound": "statuskb.common.problems",
    "DEFAULT_SITE_URL": "statuskb.common.site_info",
    "SiteInfo": "statuskb.common.site_info",
    "expand_blocks": "statuskb.site.blocks",
    **dict.fromkeys(("CATALOG_SOURCE", "PlannedFile", "PlannedPage", "SitePlan", "collisions",
                     "hand_written_markdown", "navigation", "plan_site"), "statuskb.site.plan"),
}


def __getattr__(name: str) -> Any:
    """Import a public name from its home on first use, then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'statuskb' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


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
    "load_beside_catalog",
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
    from statuskb.catalog.rules import LabIds
    from statuskb.lab.applications import APP_SCENARIO_IDS
    from statuskb.lab.scenarios import SCENARIO_IDS
    from statuskb.lab.servers import SERVER_CONTEXTS

    return LabIds(frozenset(SCENARIO_IDS + APP_SCENARIO_IDS), frozenset(SERVER_CONTEXTS))


def load_catalog(path: Path, display_path: str | None = None) -> Catalog:
    """The validated catalog at `path` (ProblemsFound lists every problem), lab references included."""
    from statuskb.catalog import load

    return load.load_catalog(path, display_path, lab_ids())


def load_catalog_with_lines(path: Path, display_path: str | None = None) -> tuple[Catalog, EntryLines]:
    """`load_catalog`, with the line each entry starts on (the site's "edit" links point there)."""
    from statuskb.catalog import load

    return load.load_catalog_with_lines(path, display_path, lab_ids())


def load_beside_catalog(path: Path, display_path: str,
                        catalog: Catalog) -> tuple[Recognition | None, dict[str, Language] | None]:
    """The files that sit beside a catalog, each if present, checked against it.

    recognition.yaml gives the explainer its page and log-format traits (without it, the
    catalog's signatures only); error_pages/ holds the error pages' translations (without it,
    English only). The MkDocs plugin and `statuskb render` both read them so, so that the
    rendered folder is the hook build's site.
    """
    from statuskb.catalog.recognition import RECOGNITION_SOURCE, load_recognition
    from statuskb.gallery.languages import load_languages

    recognition_path = path.parent / Path(RECOGNITION_SOURCE).name
    recognition = (load_recognition(recognition_path, catalog, str(Path(display_path).parent / recognition_path.name))
                   if recognition_path.is_file() else None)
    languages_path = path.parent / "error_pages"
    languages = (load_languages(languages_path, catalog, str(Path(display_path).parent / "error_pages"))
                 if languages_path.is_dir() else None)
    return recognition, languages
