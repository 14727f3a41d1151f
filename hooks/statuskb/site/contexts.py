"""Context pages (/contexts/nginx/) and code-in-context pages (/codes/502/nginx/).

A context page gathers, from every code, what happens in that context: the codes it sends
by itself, the log lines it writes, the fixes with its commands. A code-in-context page is the
same cut for one code. Both read the one SiteIndex, so they agree with the code pages.
"""

from __future__ import annotations

from statuskb.catalog.crossref import CodeInContext, SiteIndex
from statuskb.catalog.model import Catalog, Context
from statuskb.common.markdown import visible_text
from statuskb.common.templating import render
from statuskb.common.text import front_matter
from statuskb.common.urls import CONTEXTS_INDEX, code_context_page, code_page, context_page
from statuskb.site.diagrams import render_request_path
from statuskb.site.lab_pages import context_lab_section

KIND_LABELS = {
    "audience": "Audiences",
    "web-server": "Web servers",
    "proxy": "Reverse proxies",
    "cache": "Caches",
    "cdn": "CDNs",
    "load-balancer": "Load balancers",
    "platform": "Platforms",
    "app-server": "Application servers",
}


def _helpers() -> dict[str, object]:
    return {"code_page": code_page, "context_page": context_page, "code_context_page": code_context_page}


def render_context_page(index: SiteIndex, context_id: str) -> str:
    """One context: where it sits, its logs, the codes it sends, its log lines and fixes."""
    catalog = index.catalog
    context = catalog.contexts[context_id]
    page = context_page(context_id)
    codes = {entry.code: entry for entry in catalog.codes}
    appearances = [
        (entry, appearance)
        for entry in sorted(catalog.codes, key=lambda e: e.code)
        for appearance in entry.appearances
        if appearance.context == context_id
    ]
    pages = index.codes_in(context_id)
    diagram = (
        render_request_path(context.request_path, "the error", f"rp-{context_id}") if context.request_path else None
    )
    meta = front_matter(
        title=context.name,  # short, for the navigation
        html_title=f"5xx errors in {context.name}" if context.kind != "audience" else f"5xx errors: {context.name}",
        description=visible_text(context.summary),
    )
    return meta + render(
        "context_page.md.j2", catalog=catalog, context=context, context_id=context_id, page=page, codes=codes,
        appearances=appearances, pages=pages, diagram=diagram, kind_label=KIND_LABELS[context.kind],
        lab=context_lab_section(index, context_id), **_helpers(),
    )


def context_groups(catalog: Catalog) -> list[tuple[str, list[tuple[str, Context]]]]:
    """The contexts by kind, in KIND_LABELS' order, each kind's by name; kinds without any left out.

    The contexts index lists them so, and the navigation shows them so.
    """
    groups = [
        (label, sorted(((cid, c) for cid, c in catalog.contexts.items() if c.kind == kind), key=lambda i: i[1].name))
        for kind, label in KIND_LABELS.items()
    ]
    return [group for group in groups if group[1]]


def render_contexts_index(catalog: Catalog) -> str:
    """/contexts/: every context, grouped by kind."""
    meta = front_matter(
        title="Where 5xx errors happen",
        description="5xx errors by context: websites, APIs, web servers, reverse proxies, CDNs, "
        "load balancers and platforms, with their logs and fixes.",
    )
    return meta + render("contexts_index.md.j2", groups=context_groups(catalog), page=CONTEXTS_INDEX,
                         **_helpers())


def code_in_context_summary(item: CodeInContext) -> str:
    """What the page says about the code in that context, in a sentence or two (its meta description).

    The context's own summary says nothing about the code, so it is the last resort.
    """
    if item.intro:
        return item.intro
    if item.emissions:
        return f"{item.context.name} sends {item.entry.code} when: {item.emissions[0].when}"
    if item.causes:
        return "Causes: " + "; ".join(cause.title for cause in item.causes) + "."
    return item.context.summary


def render_code_in_context(index: SiteIndex, item: CodeInContext) -> str:
    """/codes/<code>/<context>/: one code in one context."""
    title = f"{item.entry.code} {item.entry.reason} in {item.context.name}"
    intro = item.intro or item.context.summary
    # Out of the search index: its text is the code page's, filtered to one context, and the
    # code page and the context page are both found by the same words (a quarter of the index).
    meta = front_matter(title=title, description=visible_text(f"{title}: {code_in_context_summary(item)}")[:300],
                        search={"exclude": True})
    return meta + render(
        "code_in_context.md.j2", catalog=index.catalog, item=item, title=title, intro=intro, page=item.page,
        **_helpers(),
    )
