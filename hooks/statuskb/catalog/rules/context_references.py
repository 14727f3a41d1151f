"""Contexts cite existing sources, emit codes that are in the catalog, and have fingerprints that can
match something: a context page states what a server does, so each statement must be backed by a
source and lead to a page, and `statuskb diagnose` can only use a trait that looks at a header or the body."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput, missing, not_in_catalog, raw_entries
from statuskb.common.problems import FieldPath, Problem
from statuskb.common.rules import Rule


def _dangling_context_references(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for context_id, context in raw_entries(doc, "contexts"):
        base: FieldPath = ("contexts", context_id)
        for i, source in enumerate(context.get("sources") or []):
            if isinstance(source, str) and source not in given.source_ids:
                yield doc.problem((*base, "sources", i), missing("source", source, given.source_ids))
        for i, emission in enumerate(context.get("emits") or []):
            if not isinstance(emission, dict):
                continue
            source, code = emission.get("source"), emission.get("code")
            if isinstance(source, str) and source not in given.source_ids:
                yield doc.problem((*base, "emits", i, "source"), missing("source", source, given.source_ids))
            if isinstance(code, int) and code not in given.code_numbers:
                yield doc.problem((*base, "emits", i, "code"), not_in_catalog(code))
        for i, fingerprint in enumerate(context.get("fingerprints") or []):
            if not isinstance(fingerprint, dict):
                continue
            source = fingerprint.get("source")
            if isinstance(source, str) and source not in given.source_ids:
                yield doc.problem((*base, "fingerprints", i, "source"), missing("source", source, given.source_ids))
            if not fingerprint.get("header") and not fingerprint.get("contains"):
                yield doc.problem((*base, "fingerprints", i), "a fingerprint needs a `header`, a `contains` text "
                                  "(for the body), or both")


RULE = Rule("context-references", "Contexts cite existing sources and emit codes that are in the catalog.",
            _dangling_context_references)
