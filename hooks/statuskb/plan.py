"""The page plan: every page the site generates from the catalog, as Markdown strings.

This is what both the MkDocs hook (in memory) and `statuskb render --out` (on disk) use,
so the generator does not depend on the site engine.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .blocks import expand_blocks
from .compare import render_compare_index, render_comparison
from .contexts import render_code_in_context, render_context_page, render_contexts_index
from .crossref import SiteIndex
from .glossary import render_glossary, with_tooltips
from .model import Catalog
from .pages import render_code_page, render_codes_index
from .problems import Problem
from .sources import render_sources
from .urls import CODES_INDEX, COMPARE_INDEX, CONTEXTS_INDEX, GLOSSARY, SOURCES, code_page, context_page

#: Where generated pages say they come from (their "edit" link), relative to the repo root.
CATALOG_SOURCE = "data/status_codes.yaml"


@dataclass(frozen=True)
class PlannedPage:
    """One generated page: its docs-relative path, its Markdown, and its editable source."""

    src_uri: str
    markdown: str
    edit_source: str = CATALOG_SOURCE
    #: Pages out of the nav are still built, linked, searchable and in the sitemap; keeping the
    #: many detail pages out keeps every page's navigation (and so the build) small.
    in_nav: bool = True


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
    index = SiteIndex(catalog)
    codes = sorted(catalog.codes, key=lambda entry: entry.code)
    pages = [PlannedPage(CODES_INDEX, render_codes_index(catalog))]
    pages += [PlannedPage(code_page(entry.code), render_code_page(index, entry)) for entry in codes]
    pages += [PlannedPage(item.page, render_code_in_context(index, item), in_nav=False)
              for item in index.code_in_context]
    pages.append(PlannedPage(CONTEXTS_INDEX, render_contexts_index(catalog)))
    pages += [PlannedPage(context_page(context_id), render_context_page(index, context_id))
              for context_id in sorted(catalog.contexts)]
    pages.append(PlannedPage(COMPARE_INDEX, render_compare_index(index)))
    pages += [PlannedPage(target, render_comparison(index, comparison), in_nav=False)
              for comparison, target in index.comparison_pages()]
    if catalog.glossary:
        pages.append(PlannedPage(GLOSSARY, render_glossary(catalog)))
    pages.append(PlannedPage(SOURCES, render_sources(index)))
    files: list[PlannedFile] = []
    return SitePlan(
        catalog,
        tuple(replace(page, markdown=with_tooltips(page.markdown, catalog)) for page in pages),
        tuple(files),
    )


def hand_written_markdown(plan: SitePlan, markdown: str, page: str, shown_path: str, first_line: int = 1) -> str:
    """A hand-written page as the site shows it: catalog blocks expanded, glossary tooltips added."""
    expanded = expand_blocks(markdown, plan.catalog, page, shown_path, first_line)
    return with_tooltips(expanded, plan.catalog)


def collisions(plan: SitePlan, hand_written: Iterable[str], docs_dir: str) -> list[Problem]:
    """A problem for every hand-written file that a generated one would silently replace."""
    generated = {page.src_uri for page in plan.pages} | {file.path for file in plan.files}
    return [
        Problem(posixpath.join(docs_dir, uri), 1, 1, "page",
                f"collides with the generated page '{uri}' (from {CATALOG_SOURCE}); "
                "rename or remove the hand-written one")
        for uri in sorted(set(hand_written) & generated)
    ]
