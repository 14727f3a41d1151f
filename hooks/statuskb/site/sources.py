"""The sources registry as readers see it: every document the guide cites, and where."""

from __future__ import annotations

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import Catalog, CodeEntry
from statuskb.common.templating import render
from statuskb.common.text import front_matter, relative_link
from statuskb.common.urls import SOURCES, code_page, code_sources


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


def render_code_sources(catalog: Catalog, entry: CodeEntry) -> str:
    """/sources/502/: the code page's bibliography, on a page of its own.

    On the code page it was 5.4 KB of its gzip HTML (41 documents for 502) for the few readers
    who open a bibliography; its citations link each document already. The code page's Sources
    heading links here.
    """
    page = code_sources(entry.code)
    title = f"{entry.code} {entry.reason}"
    meta = front_matter(
        title=f"Sources of {title}",
        description=f"The specifications, vendor documents and source files behind the 5xx Field Guide's "
        f"page on {entry.code}, numbered as it cites them.",
    )
    return meta + render("code_sources.md.j2", catalog=catalog, entry=entry, title=title,
                         code_page_link=relative_link(code_page(entry.code), page),
                         every_source=relative_link(SOURCES, page))
