"""Every id a code entry refers to exists: its sources, contexts, fixes, related codes and lab
reproductions. A JSON Schema cannot see across the file, and a dangling id would otherwise only
show up as a broken link or a silently missing item on the built site."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.model import Cause
from statuskb.catalog.rules.base import LabIds, RuleInput, missing, not_in_catalog
from statuskb.catalog.yamlfile import YamlDocument
from statuskb.common.problems import FieldPath, Problem
from statuskb.common.rules import Rule


def _dangling_references(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    sources, contexts, codes = given.source_ids, given.context_ids, given.code_numbers
    for index, entry in given.codes:
        base: FieldPath = ("codes", index)
        fix_ids = {fix.id for fix in entry.fixes}
        source_refs: list[tuple[FieldPath, str]] = [((*base, "spec", "source"), entry.spec.source)]
        source_refs += [((*base, "sources", i), s) for i, s in enumerate(entry.sources)]
        source_refs += [((*base, "technical_sources", i), s) for i, s in enumerate(entry.technical_sources)]
        source_refs += [((*base, "faqs", f, "sources", i), s)
                        for f, faq in enumerate(entry.faqs) for i, s in enumerate(faq.sources)]
        context_refs: list[tuple[FieldPath, str]] = [
            ((*base, "appearances", i, "context"), a.context) for i, a in enumerate(entry.appearances)
        ]
        for c, cause in enumerate(entry.causes):
            cause_path = (*base, "causes", c)
            context_refs += [((*cause_path, "contexts", i), ctx) for i, ctx in enumerate(cause.contexts)]
            source_refs += [((*cause_path, "sources", i), s) for i, s in enumerate(cause.sources)]
            for s, signal in enumerate(cause.signals):
                context_refs.append(((*cause_path, "signals", s, "context"), signal.context))
                source_refs.append(((*cause_path, "signals", s, "source"), signal.source))
            for f, fix_id in enumerate(cause.fixes):
                if fix_id not in fix_ids:
                    yield doc.problem((*cause_path, "fixes", f), missing("fix", fix_id, fix_ids))
            yield from _lab_references(doc, cause_path, cause, given.lab)
        for f, fix in enumerate(entry.fixes):
            context_refs += [((*base, "fixes", f, "commands", i, "context"), cmd.context)
                             for i, cmd in enumerate(fix.commands)]
        source_refs += [((*base, "examples", i, "source"), ex.source)
                        for i, ex in enumerate(entry.examples) if ex.source]
        for r, related in enumerate(entry.related):
            if related.code == entry.code:
                yield doc.problem((*base, "related", r, "code"), f"{entry.code} cannot be related to itself")
            elif related.code not in codes:
                yield doc.problem((*base, "related", r, "code"), not_in_catalog(related.code))
        for path, source in source_refs:
            if source not in sources:
                yield doc.problem(path, missing("source", source, sources))
        for path, context in context_refs:
            if context not in contexts:
                yield doc.problem(path, missing("context", context, contexts))


def _lab_references(doc: YamlDocument, cause_path: FieldPath, cause: Cause, lab: LabIds) -> Iterator[Problem]:
    """A cause's lab reproductions name known scenarios, lab servers and contexts of the cause."""
    for r, reproduction in enumerate(cause.lab):
        if reproduction.scenario not in lab.scenarios:
            yield doc.problem((*cause_path, "lab", r, "scenario"),
                              missing("lab scenario", reproduction.scenario, lab.scenarios))
        for c, context in enumerate(reproduction.contexts):
            path = (*cause_path, "lab", r, "contexts", c)
            if context not in lab.servers:
                yield doc.problem(path, missing("lab server", context, lab.servers))
            elif context not in cause.contexts:
                yield doc.problem(path, f"'{context}' is not among the cause's contexts; add it there first")


RULE = Rule("references", "Every referenced source, context, fix and related code exists.", _dangling_references)
