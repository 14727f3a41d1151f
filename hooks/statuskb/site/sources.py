"""The sources registry as readers see it: every document the guide cites, and where."""

from __future__ import annotations

from statuskb.catalog.crossref import SiteIndex
from statuskb.common.templating import render
from statuskb.common.text import front_matter
from statuskb.common.urls import SOURCES


def render_sources_table(index: SiteIndex, page: str) -> str:
    """Every source with its publisher, kind and the pages that cite it (linked from `page`)."""
    sources = sorted(index.catalog.sources.items(), key=lambda item: item[1].title.lower())
    return render("block_sources.md.j2", page=page, sources=sources, citations=index.citations)


def render_sources(index: SiteIndex) -> str:
    """/sources/"""
    meta = front_matter(
        title="Sources",
        description="Every specification, registry, vendor document and source file the 5xx Field "
        "Guide cites, with the pages that cite it.",
    )
    return meta + render("sources_page.md.j2", table=render_sources_table(index, SOURCES),
                         count=len(index.catalog.sources))
