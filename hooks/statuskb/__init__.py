"""5xx Field Guide: the catalog of HTTP 5xx codes and the generator of its site.

The public surface below is what the MkDocs hook, the CLI and the tests use; everything
else is internal. Nothing in this package imports MkDocs.
"""

from .blocks import expand_blocks
from .catalog import DEFAULT_CATALOG, load_catalog
from .model import Catalog, CodeEntry
from .observations import OBSERVATIONS_SOURCE, Observations, load_observations
from .plan import (
    CATALOG_SOURCE,
    PlannedFile,
    PlannedPage,
    SitePlan,
    collisions,
    hand_written_markdown,
    plan_site,
)
from .problems import Problem, ProblemsFound
from .site_info import DEFAULT_SITE_URL, SiteInfo

__all__ = [
    "CATALOG_SOURCE",
    "DEFAULT_CATALOG",
    "DEFAULT_SITE_URL",
    "OBSERVATIONS_SOURCE",
    "Catalog",
    "CodeEntry",
    "Observations",
    "PlannedFile",
    "PlannedPage",
    "Problem",
    "ProblemsFound",
    "SiteInfo",
    "SitePlan",
    "collisions",
    "expand_blocks",
    "hand_written_markdown",
    "load_catalog",
    "load_observations",
    "plan_site",
]
