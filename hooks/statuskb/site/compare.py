"""Comparisons: every code's facts (/compare/) and the pairwise pages (/compare/a-vs-b/).

The facts are derived from structured catalog fields, so a new code appears with no code
change; the pairs (listed first: they are what readers search for) are the catalog's
`comparisons`. One card per code rather than an eight-column matrix, which no phone can show.
"""

from __future__ import annotations

from dataclasses import dataclass

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import CodeEntry, Comparison
from statuskb.common.markdown import visible_text
from statuskb.common.templating import render
from statuskb.common.text import front_matter
from statuskb.common.urls import COMPARE_INDEX, code_page, comparison_page
from statuskb.site.diagrams import HOP_LABELS
from statuskb.site.pages import ranked_causes

RETRY_SHORT = {"immediately": "Yes", "with-backoff": "After a pause", "never": "No"}
DURATION_LABELS = {
    "transient": "Seconds to minutes",
    "scheduled": "A planned window",
    "until-fixed": "Until someone fixes it",
    "varies": "Varies",
}


@dataclass(frozen=True)
class Dimension:
    """One fact of a code's card (and one derived row of a pairwise page)."""

    label: str
    value: str


def dimensions(entry: CodeEntry) -> tuple[Dimension, ...]:
    """The comparable facts of one code, each derived from structured catalog fields."""
    path = entry.request_path
    return (
        Dimension("Meaning", entry.summary),
        Dimension("Sent by", HOP_LABELS[path.answered]),
        Dimension("Failure at", HOP_LABELS[path.failed]),
        Dimension("Safe to retry", RETRY_SHORT[entry.retry.retryable]),
        Dimension("Retry-After", "Has a defined meaning" if entry.retry.retry_after else "No defined meaning"),
        Dimension("Cacheable by default", "Yes" if entry.heuristically_cacheable else "No"),
        Dimension("Typical cause", ranked_causes(entry)[0].title),
        Dimension("Typical duration", DURATION_LABELS[entry.duration]),
    )


def render_compare_index(index: SiteIndex) -> str:
    """/compare/: the pairwise comparisons first, then every code's comparable facts, one card each."""
    entries = sorted(index.catalog.codes, key=lambda e: e.code)
    rows = [(entry, dimensions(entry)) for entry in entries]
    meta = front_matter(
        title="Compare 5xx status codes",
        description="Every 5xx status code side by side: who sends it, where the failure is, whether "
        "to retry, Retry-After, caching, typical cause and duration.",
    )
    return meta + render("compare_index.md.j2", rows=rows,
                         pairs=index.comparison_pages(), codes={e.code: e for e in entries},
                         page=COMPARE_INDEX, code_page=code_page)


def render_comparison(index: SiteIndex, comparison: Comparison) -> str:
    """/compare/<first>-vs-<second>/"""
    codes = {entry.code: entry for entry in index.catalog.codes}
    first, second = codes[comparison.first], codes[comparison.second]
    title = f"{first.code} vs {second.code}: {first.reason} or {second.reason}?"
    # Comparisons name both codes in their titles; keep them below the codes' own pages in search.
    meta = front_matter(title=title, description=visible_text(comparison.summary), search={"boost": 0.5})
    derived = list(zip(dimensions(first), dimensions(second), strict=True))
    return meta + render("comparison.md.j2", title=title, comparison=comparison, first=first, second=second,
                         derived=derived, page=comparison_page(first.code, second.code), code_page=code_page,
                         compare_index=COMPARE_INDEX)
