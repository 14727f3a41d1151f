"""The page plan: every page the site generates from the catalog, as Markdown strings.

This is what both the MkDocs hook (in memory) and `statuskb render --out` (on disk) use,
so the generator does not depend on the site engine.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.lines import EntryLines
from statuskb.catalog.load import gc_paused
from statuskb.catalog.model import Catalog
from statuskb.catalog.observations import OBSERVATIONS_SOURCE, Observations
from statuskb.catalog.recognition import NO_TRAITS, Recognition
from statuskb.common.problems import Problem
from statuskb.common.site_info import DEFAULT_SITE, SiteInfo
from statuskb.common.urls import (
    CODES_INDEX,
    COMPARE_INDEX,
    CONTEXTS_INDEX,
    GLOSSARY,
    OBSERVATIONS,
    SOURCES,
    code_page,
    code_sources,
    context_page,
)
from statuskb.diagnosis.explain import EXPLAIN_INDEX
from statuskb.diagnosis.explain_page import EXPLAIN_PAGE, render_explain_page
from statuskb.diagnosis.recognise import build_engine, engine_json
from statuskb.gallery.index import GALLERY_INDEX, plan_gallery
from statuskb.gallery.languages import Language
from statuskb.reuse.plan import plan_reuse
from statuskb.site.blocks import expand_blocks
from statuskb.site.compare import render_compare_index, render_comparison
from statuskb.site.contexts import (
    context_groups,
    render_code_in_context,
    render_context_page,
    render_contexts_index,
)
from statuskb.site.glossary import append_tooltips, render_glossary, tooltips, with_tooltips
from statuskb.site.lab_pages import render_observations_page
from statuskb.site.pages import render_code_page, render_codes_index
from statuskb.site.sources import render_code_sources, render_sources

#: Where generated pages say they come from (their "edit" link), relative to the repo root.
CATALOG_SOURCE = "data/status_codes.yaml"


@dataclass(frozen=True)
class PlannedPage:
    """One generated page: its docs-relative path, its Markdown, and its editable source."""

    src_uri: str
    markdown: str
    edit_source: str = CATALOG_SOURCE
    #: The line of `edit_source` the page comes from (its catalog entry), when it comes from one.
    edit_line: int | None = None
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


def plan_site(catalog: Catalog, site: SiteInfo = DEFAULT_SITE, observations: Observations | None = None,
              recognition: Recognition | None = None, languages: dict[str, Language] | None = None,
              lines: EntryLines | None = None) -> SitePlan:
    """Render every generated page once; `site` is where the site is published (mkdocs.yml).

    `lines` (from `load_catalog_with_lines`) points each page made from one entry at its line.

    `observations` (data/observations.yaml, already checked against `catalog`) adds the behaviour
    lab: /observations/, a section on lab servers' context pages and on code pages, and the lines
    the servers logged to the explainer. `recognition` (data/recognition.yaml) gives the
    explainer its page, log-format and transcript traits; without it, only the catalog's.
    `languages` (data/error_pages/, checked against `catalog`) are the error pages'
    translations; without them the pages are in English only.

    The cyclic garbage collector is paused meanwhile, as for loading (`gc_paused`): planning
    builds millions of small strings and objects, and automatic collections walking them made
    planning grow faster than the catalog (measured, 2,000 -> 10,000 entries: x5.4 with
    collections, x5.0 paused).
    """
    with gc_paused():
        return _plan_site(catalog, site, observations, recognition, languages, lines)


def _plan_site(catalog: Catalog, site: SiteInfo, observations: Observations | None,
               recognition: Recognition | None, languages: dict[str, Language] | None,
               lines: EntryLines | None) -> SitePlan:
    index = SiteIndex(catalog, observations)
    at = lines or EntryLines()
    codes = sorted(catalog.codes, key=lambda entry: entry.code)
    pages = [PlannedPage(CODES_INDEX, render_codes_index(catalog))]
    pages += [PlannedPage(code_page(entry.code), render_code_page(index, entry, site),
                          edit_line=at.codes.get(entry.code))
              for entry in codes]
    pages += [PlannedPage(item.page, render_code_in_context(index, item), in_nav=False,
                          edit_line=at.codes.get(item.entry.code))
              for item in index.code_in_context]
    pages.append(PlannedPage(CONTEXTS_INDEX, render_contexts_index(catalog)))
    in_nav = contexts_in_nav(catalog)
    pages += [PlannedPage(context_page(context_id), render_context_page(index, context_id),
                          edit_line=at.contexts.get(context_id), in_nav=context_id in in_nav)
              for context_id in sorted(catalog.contexts)]
    pages.append(PlannedPage(COMPARE_INDEX, render_compare_index(index)))
    pages += [PlannedPage(target, render_comparison(index, comparison), in_nav=False,
                          edit_line=at.comparisons.get((comparison.first, comparison.second)))
              for comparison, target in index.comparison_pages()]
    if catalog.glossary:
        pages.append(PlannedPage(GLOSSARY, render_glossary(catalog)))
    pages.append(PlannedPage(SOURCES, render_sources(index)))
    pages += [PlannedPage(code_sources(entry.code), render_code_sources(catalog, entry), in_nav=False,
                          edit_line=at.codes.get(entry.code))
              for entry in codes]
    files: list[PlannedFile] = []
    # error pages, server artifacts, the archive: /error-pages/
    gallery = plan_gallery(catalog, languages, site_url=site.url)
    pages.append(PlannedPage(GALLERY_INDEX, gallery.markdown))
    pages += [PlannedPage(src_uri, markdown, in_nav=False) for src_uri, markdown in gallery.install_pages.items()]
    files += [PlannedFile(path, content) for path, content in gallery.files]
    engine = build_engine(catalog, site, observations, recognition or NO_TRAITS)  # the explainer: /explain/
    pages.append(PlannedPage(EXPLAIN_PAGE, render_explain_page(engine, site)))
    files.append(PlannedFile(EXPLAIN_INDEX, engine_json(engine)))
    if observations is not None:  # the behaviour lab's matrix: /observations/
        pages.append(PlannedPage(OBSERVATIONS, render_observations_page(index, site),
                                 edit_source=OBSERVATIONS_SOURCE))
    reuse = plan_reuse(catalog, site)  # embeds, JSON API, and their pages: /embed/, /api/
    pages += [PlannedPage(src_uri, markdown) for src_uri, markdown in reuse.pages.items()]
    pages += [PlannedPage(src_uri, markdown, in_nav=False) for src_uri, markdown in reuse.code_pages.items()]
    files += [PlannedFile(path, content) for path, content in reuse.files.items()]
    glossary_tips = tooltips(catalog)
    return SitePlan(
        catalog,
        tuple(replace(page, markdown=append_tooltips(page.markdown, glossary_tips)) for page in pages),
        tuple(files),
    )


#: The sidebar, by what a reader came to do: (section title, page paths that open with it).
#: A section's first path is its index page when it has one; paths not built are left out.
NAV_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Codes", (CODES_INDEX,)),
    ("By server and platform", (CONTEXTS_INDEX,)),
    ("Tools", (EXPLAIN_PAGE, COMPARE_INDEX, GALLERY_INDEX, OBSERVATIONS)),
    ("Reuse", ("embed.md", "api.md")),
    ("About", ("about.md", GLOSSARY, SOURCES)),
    ("Contribute", ("editing.md",)),
)
HOME = "index.md"
#: The most contexts of one kind the navigation lists. Material puts every entry of the section a
#: page is in on that page, so a kind of n contexts made n pages of n links each, and the build
#: grew faster than the site: with the bench's 250 synthetic reverse proxies, a proxy's page had
#: 312 navigation items and 111 KB of HTML (187 and 77 KB with 125). A longer kind is left to
#: /contexts/, which lists every context by kind; the shipped catalog's longest has 8.
NAV_CONTEXTS_PER_KIND = 30


def contexts_in_nav(catalog: Catalog) -> set[str]:
    """The contexts whose pages the navigation lists: those of kinds within NAV_CONTEXTS_PER_KIND."""
    return {context_id for _, contexts in context_groups(catalog) if len(contexts) <= NAV_CONTEXTS_PER_KIND
            for context_id, _ in contexts}


#: An entry of MkDocs' `nav`: a page, or a titled section of entries.
NavEntry = str | dict[str, list["NavEntry"]]


def navigation(plan: SitePlan, hand_written: Iterable[str]) -> list[NavEntry]:
    """The site's nav (MkDocs' `nav` setting): home, then the NAV_SECTIONS, in that order.

    Codes come in the plan's order after their index; contexts after theirs in a section per
    kind (as /contexts/ lists them), for kinds the navigation can list (`contexts_in_nav`).
    Material shows every top-level section's entries on every page (navigation.sections), and
    prunes the deeper sections a page is not in: a flat list of contexts was on every page, so
    each added context made every page bigger and slower to build.
    A hand-written page the sections do not name goes under "About", so that a new page is never
    left out of the nav.
    """
    in_nav = [page.src_uri for page in plan.pages if page.in_nav]
    known = set(in_nav) | set(hand_written)
    sections: dict[str, list[NavEntry]] = {title: [p for p in paths if p in known] for title, paths in NAV_SECTIONS}
    sections["Codes"] += [p for p in in_nav if p.startswith("codes/") and p != CODES_INDEX]
    by_kind = [(label, [context_page(cid) for cid, _ in contexts if context_page(cid) in known])
               for label, contexts in context_groups(plan.catalog)]
    sections["By server and platform"] += [{label: list(pages)} for label, pages in by_kind if pages]
    placed = {HOME, *(page for entries in sections.values() for page in _pages(entries))}
    sections["About"] += sorted(p for p in known - placed if p.endswith(".md"))
    nav: list[NavEntry] = [HOME] if HOME in known else []
    return nav + [{title: entries} for title, entries in sections.items() if entries]


def _pages(entries: list[NavEntry]) -> Iterator[str]:
    for entry in entries:
        if isinstance(entry, str):
            yield entry
        else:
            for children in entry.values():
                yield from _pages(children)


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
