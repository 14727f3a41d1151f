"""Reference pages: one page per code, and the table of every code.

Pure functions from the typed catalog to Markdown with front matter. Links between pages
are relative `.md` paths, so MkDocs resolves and validates them like hand-written links.
"""

from __future__ import annotations

from dataclasses import dataclass

from statuskb.catalog.crossref import CodeInContext, SiteIndex
from statuskb.catalog.model import Catalog, Cause, CodeEntry, Fix, Source
from statuskb.common.markdown import visible_text
from statuskb.common.site_info import DEFAULT_SITE, SiteInfo
from statuskb.common.templating import render
from statuskb.common.text import front_matter
from statuskb.common.urls import CODES_INDEX, api_code, code_page, code_sources, comparison_page, embed_page
from statuskb.diagnosis.explain_page import SHARE_LIMIT, explain_box_action
from statuskb.reuse.jsonld import code_page_jsonld
from statuskb.site.diagrams import render_request_path
from statuskb.site.lab_pages import code_lab_section
from statuskb.site.responses import response_example

STANDING_LABELS = {
    "standard": "Standard",
    "registered": "IANA-registered",
    "obsoleted": "Obsoleted",
    "vendor": "Vendor-specific",
    "unofficial": "Unofficial",
}
RETRY_LABELS = {
    "immediately": "Yes: a retry can succeed at once",
    "with-backoff": "Yes, after a pause (with backoff; idempotent requests only)",
    "never": "No: the same request will fail again",
}
LIKELIHOOD_LABELS = {
    "most-common": "Most common",
    "common": "Common",
    "occasional": "Occasional",
    "rare": "Rare",
}
BASIS_LABELS = {
    "vendor-doc": "the vendor's documentation",
    "lab": "reproduced in the behaviour lab",
    "editors": "editors' judgement",
}
AUDIENCE_HEADINGS = {
    "visitor": "If you are a visitor",
    "owner": "If you run the site",
    "developer": "If you build or call the API",
}


def standing_label(entry: CodeEntry) -> str:
    """'Standard', 'Obsoleted', 'Vendor-specific (Cloudflare)' …"""
    label = STANDING_LABELS[entry.standing]
    return f"{label} ({entry.vendor})" if entry.vendor else label


def source_url(source: Source, section: str | None) -> str:
    """The source's URL, pointing at the section for RFC Editor documents."""
    if section and source.url.startswith("https://www.rfc-editor.org/rfc/"):
        return f"{source.url}#section-{section}"
    return source.url


def spec_label(catalog: Catalog, entry: CodeEntry) -> str:
    """'RFC 9110, section 15.6.3' style citation of where the code is defined."""
    source = catalog.sources[entry.spec.source]
    name = source.title.split(":")[0]
    return f"{name}, section {entry.spec.section}" if entry.spec.section else name


@dataclass(frozen=True)
class FixGroup:
    """The fixes for one audience heading, in catalog order."""

    heading: str
    fixes: tuple[Fix, ...]


def fix_groups(entry: CodeEntry) -> tuple[FixGroup, ...]:
    """Visitors first, then site owners, then API developers; empty groups are left out."""
    groups = []
    for audience, heading in AUDIENCE_HEADINGS.items():
        fixes = tuple(fix for fix in entry.fixes if fix.audience == audience)
        if fixes:
            groups.append(FixGroup(heading, fixes))
    return tuple(groups)


def ranked_causes(entry: CodeEntry) -> tuple[Cause, ...]:
    """The causes, most likely first (catalog order within a level; unranked causes keep theirs)."""
    order = list(LIKELIHOOD_LABELS)
    return tuple(sorted(entry.causes, key=lambda c: order.index(c.likelihood.level) if c.likelihood else 0))


#: The order in which a site owner looks for their server: what answers first, what hosts last.
KIND_ORDER = ("web-server", "proxy", "cache", "load-balancer", "cdn", "platform", "app-server", "audience")


def by_kind(items: tuple[CodeInContext, ...]) -> tuple[CodeInContext, ...]:
    """Code-in-context pages grouped by kind of context (servers first), by name within a kind."""
    return tuple(sorted(items, key=lambda item: (KIND_ORDER.index(item.context.kind), item.context.name.lower())))


def neighbours(catalog: Catalog, entry: CodeEntry) -> tuple[CodeEntry, ...]:
    """The codes that matter beside this one: those it names as related, else 500 for any other code."""
    codes = {other.code: other for other in catalog.codes}
    related = [codes[r.code] for r in entry.related if r.code in codes]
    return tuple(related or ([codes[500]] if 500 in codes and entry.code != 500 else []))


def render_code_page(index: SiteIndex, entry: CodeEntry, site: SiteInfo = DEFAULT_SITE) -> str:
    """The Markdown page for one code, with every section readers expect.

    `site` gives the absolute URLs of its structured data (`jsonld`, emitted by the theme).
    """
    catalog = index.catalog
    page = code_page(entry.code)
    codes = {other.code: other for other in catalog.codes}
    fixes = {fix.id: fix for fix in entry.fixes}
    title = f"{entry.code} {entry.reason}"
    groups = fix_groups(entry)
    meta = front_matter(
        title=title,
        description=visible_text(entry.definition),
        statuskb={"code": entry.code, "last_reviewed": entry.last_reviewed},
        jsonld=code_page_jsonld(entry, site),
        # A search for a code's name should land on the code's own page first, not on one of
        # the many pages that compare or mention it.
        search={"boost": 2},
    )
    return meta + render(
        "code_page.md.j2",
        catalog=catalog,
        entry=entry,
        title=title,
        page=page,
        codes=codes,
        fixes=fixes,
        causes=ranked_causes(entry),
        likelihood_labels=LIKELIHOOD_LABELS,
        basis_labels=BASIS_LABELS,
        neighbours=neighbours(catalog, entry),
        response=response_example(index, entry),
        codes_index=CODES_INDEX,
        standing=standing_label(entry),
        spec=spec_label(catalog, entry),
        spec_url=source_url(catalog.sources[entry.spec.source], entry.spec.section),
        retry=RETRY_LABELS[entry.retry.retryable],
        fix_groups=groups,
        # The API reader's path: their own fixes when the entry has some, else all of them.
        developer_anchor="if-you-build-or-call-the-api" if any(g.heading == AUDIENCE_HEADINGS["developer"]
                                                                for g in groups) else "how-to-fix-it",
        code_page=code_page,
        diagram=render_request_path(entry.request_path, f"{entry.code} {entry.reason}", f"rp-{entry.code}"),
        in_contexts=by_kind(index.contexts_of(entry.code)),
        comparisons=[(c, comparison_page(c.first, c.second)) for c in index.comparisons_of(entry.code)],
        embed_page=embed_page(entry.code), api_document=api_code(entry.code), sources_page=code_sources(entry.code),
        lab=code_lab_section(index, entry.code),
        action=explain_box_action(page, site), share_limit=SHARE_LIMIT,
    )


def render_codes_table(catalog: Catalog, page: str) -> str:
    """Every code in one table: code, name, standing, who emits it, one-line meaning."""
    return render("codes_table.md.j2", catalog=catalog, page=page, code_page=code_page,
                  standing_label=standing_label,
                  entries=sorted(catalog.codes, key=lambda entry: entry.code))


def render_codes_index(catalog: Catalog) -> str:
    """The /codes/ page."""
    meta = front_matter(
        title="All 5xx status codes",
        description="Every HTTP 5xx server error status code in one table: name, standing, "
        "who sends it and what it means.",
    )
    return meta + render("codes_index.md.j2", table=render_codes_table(catalog, CODES_INDEX),
                         count=len(catalog.codes))
