"""The page plan: every page the site generates from the catalog, as Markdown strings.

This is what both the MkDocs hook (in memory) and `statuskb render --out` (on disk) use,
so the generator does not depend on the site engine.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Catalog
from .pages import CODES_INDEX, code_page, render_code_page, render_codes_index
from .problems import Problem

#: Where generated pages say they come from (their "edit" link), relative to the repo root.
CATALOG_SOURCE = "data/status_codes.yaml"


@dataclass(frozen=True)
class PlannedPage:
    """One generated page: its docs-relative path, its Markdown, and its editable source."""

    src_uri: str
    markdown: str
    edit_source: str = CATALOG_SOURCE


@dataclass(frozen=True)
class PlannedFile:
    """A generated file that is not a page (JSON, raw HTML, an archive): copied to the site as is."""

    path: str
    content: str | bytes


@dataclass(frozen=True)
class SitePlan:
    """Everything generated for one catalog."""

    catalog: Catalog
    pages: tuple[PlannedPage, ...]
    files: tuple[PlannedFile, ...] = ()


def plan_site(catalog: Catalog) -> SitePlan:
    """Render every generated page once."""
    pages = [PlannedPage(CODES_INDEX, render_codes_index(catalog))]
    pages += [
        PlannedPage(code_page(entry.code), render_code_page(catalog, entry))
        for entry in sorted(catalog.codes, key=lambda entry: entry.code)
    ]
    return SitePlan(catalog, tuple(pages))


def collisions(plan: SitePlan, hand_written: Iterable[str], docs_dir: str) -> list[Problem]:
    """A problem for every hand-written file that a generated one would silently replace."""
    generated = {page.src_uri for page in plan.pages} | {file.path for file in plan.files}
    return [
        Problem(posixpath.join(docs_dir, uri), 1, 1, "page",
                f"collides with the generated page '{uri}' (from {CATALOG_SOURCE}); "
                "rename or remove the hand-written one")
        for uri in sorted(set(hand_written) & generated)
    ]
