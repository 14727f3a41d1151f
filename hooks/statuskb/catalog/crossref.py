"""Derived cross-references, computed once per catalog: which code-in-context pages exist,
which comparisons involve a code, and which pages cite each source.

Renderers ask this index instead of re-deriving the same facts, so every page agrees on what
links where, and nothing is computed twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from statuskb.catalog.model import Catalog, Cause, CodeEntry, Comparison, Context, Emission, Fix, Signal
from statuskb.catalog.observations import Observations
from statuskb.common.urls import code_context_page, code_page, comparison_page, context_page


@dataclass(frozen=True)
class CodeInContext:
    """What the catalog says about one code in one context: one /codes/<code>/<context>/ page."""

    entry: CodeEntry
    context_id: str
    context: Context
    intro: str | None
    emissions: tuple[Emission, ...]
    causes: tuple[Cause, ...]
    signals: tuple[tuple[Cause, Signal], ...]
    fixes: tuple[Fix, ...]

    @property
    def page(self) -> str:
        return code_context_page(self.entry.code, self.context_id)

    def signals_of(self, cause: Cause) -> tuple[Signal, ...]:
        """The log lines of one cause in this context."""
        return tuple(signal for owner, signal in self.signals if owner.id == cause.id)


def _code_in_context(catalog: Catalog, entry: CodeEntry, context_id: str, causes: tuple[Cause, ...],
                     fixes_by_id: dict[str, Fix]) -> CodeInContext | None:
    """The page of `entry` in one context; `causes` are the entry's causes there, in catalog order."""
    context = catalog.contexts[context_id]
    if context.kind == "audience":  # audiences are covered on the code page itself
        return None
    signals = tuple((cause, signal) for cause in causes for signal in cause.signals if signal.context == context_id)
    fix_ids = list(dict.fromkeys(fix_id for cause in causes for fix_id in cause.fixes))
    fixes = tuple(fixes_by_id[fix_id] for fix_id in fix_ids)
    commands = [command for fix in fixes for command in fix.commands if command.context == context_id]
    intro = next((a.text for a in entry.appearances if a.context == context_id), None)
    emissions = tuple(e for e in context.emits if e.code == entry.code)
    if not (intro or emissions or (causes and (signals or commands))):
        return None
    return CodeInContext(entry, context_id, context, intro, emissions, causes, signals, fixes)


@dataclass(frozen=True)
class SiteIndex:
    """Cross-references of one catalog (and of the lab's observations, when there are any)."""

    catalog: Catalog
    observations: Observations | None = None

    @cached_property
    def code_in_context(self) -> tuple[CodeInContext, ...]:
        """Every code-in-context page, by code then context id."""
        found = []
        for entry in sorted(self.catalog.codes, key=lambda e: e.code):
            # Grouped once per code, not searched again per context: a catalog with N contexts
            # made this N x N (measured: planning x6.9 for x5 the entries).
            causes_by_context: dict[str, list[Cause]] = defaultdict(list)
            for cause in entry.causes:
                for context_id in dict.fromkeys(cause.contexts):
                    causes_by_context[context_id].append(cause)
            fixes_by_id = {fix.id: fix for fix in entry.fixes}
            for context_id in sorted(self.catalog.contexts):
                page = _code_in_context(self.catalog, entry, context_id,
                                        tuple(causes_by_context.get(context_id, ())), fixes_by_id)
                if page:
                    found.append(page)
        return tuple(found)

    @cached_property
    def _pages_by_code(self) -> dict[int, tuple[CodeInContext, ...]]:
        grouped: dict[int, list[CodeInContext]] = defaultdict(list)
        for page in self.code_in_context:
            grouped[page.entry.code].append(page)
        return {code: tuple(pages) for code, pages in grouped.items()}

    @cached_property
    def _pages_by_context(self) -> dict[str, tuple[CodeInContext, ...]]:
        grouped: dict[str, list[CodeInContext]] = defaultdict(list)
        for page in self.code_in_context:
            grouped[page.context_id].append(page)
        return {context_id: tuple(pages) for context_id, pages in grouped.items()}

    def contexts_of(self, code: int) -> tuple[CodeInContext, ...]:
        """The code-in-context pages of one code."""
        return self._pages_by_code.get(code, ())

    def codes_in(self, context_id: str) -> tuple[CodeInContext, ...]:
        """The code-in-context pages of one context."""
        return self._pages_by_context.get(context_id, ())

    def comparisons_of(self, code: int) -> tuple[Comparison, ...]:
        """The pairwise comparisons that involve `code`."""
        return tuple(c for c in self.catalog.comparisons if code in (c.first, c.second))

    @cached_property
    def citations(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """For each source id: (link text, page) of every page that cites it, in page order."""
        cited: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entry in sorted(self.catalog.codes, key=lambda e: e.code):
            for source_id in sorted(cited_sources(entry)):
                cited[source_id].append((str(entry.code), code_page(entry.code)))
        for context_id, context in sorted(self.catalog.contexts.items()):
            ids = {*context.sources, *(emission.source for emission in context.emits),
                   *(fingerprint.source for fingerprint in context.fingerprints)}
            for source_id in sorted(ids):
                cited[source_id].append((context.name, context_page(context_id)))
        return {source_id: tuple(pages) for source_id, pages in cited.items()}

    def comparison_pages(self) -> tuple[tuple[Comparison, str], ...]:
        """Every comparison with its page."""
        return tuple((c, comparison_page(c.first, c.second)) for c in self.catalog.comparisons)


def cited_sources(entry: CodeEntry) -> frozenset[str]:
    """Every source id an entry cites, wherever in the entry it is cited."""
    ids = {entry.spec.source, *entry.sources}
    ids.update(signal.source for cause in entry.causes for signal in cause.signals)
    ids.update(example.source for example in entry.examples if example.source)
    ids.update(cause.likelihood.source for cause in entry.causes if cause.likelihood and cause.likelihood.source)
    return frozenset(ids)
