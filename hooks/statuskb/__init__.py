"""5xx Field Guide: the catalog of HTTP 5xx codes and the generator of its site.

The public surface below is what the MkDocs hook, the CLI and the tests use; everything
else is internal. Nothing in this package imports MkDocs.
"""

from .blocks import expand_blocks
from .catalog import DEFAULT_CATALOG, load_catalog
from .model import Catalog, CodeEntry
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

__all__ = [
    "CATALOG_SOURCE",
    "DEFAULT_CATALOG",
    "Catalog",
    "CodeEntry",
    "PlannedFile",
    "PlannedPage",
    "Problem",
    "ProblemsFound",
    "SitePlan",
    "collisions",
    "expand_blocks",
    "hand_written_markdown",
    "load_catalog",
    "plan_site",
]
