"""Every context but an audience says where it sits, its request path, its logs and its sources: that
is what its page is for (a reader who runs that server needs to know where to look), and a page
without them would be a stub."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput, raw_entries
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule

CONTEXT_PAGE_FIELDS = ("position", "request_path", "logs", "sources")


def _shallow_contexts(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for context_id, context in raw_entries(doc, "contexts"):
        if context.get("kind") not in (None, "audience"):
            absent = [field for field in CONTEXT_PAGE_FIELDS if not context.get(field)]
            if absent:
                yield doc.problem(("contexts", context_id),
                                  f"a {context.get('kind')} context's page needs {', '.join(absent)}: where it sits, "
                                  "its request path, where its logs are, and the sources behind them")


RULE = Rule("context-depth", "Every context but an audience says where it sits, its logs and its sources.",
            _shallow_contexts)
