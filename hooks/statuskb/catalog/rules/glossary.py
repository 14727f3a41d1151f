"""Each glossary word, term or alias, has exactly one definition (ignoring case): the site turns every
use of the word into a tooltip, and a word with two definitions could only show one of them."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput, raw_entries
from statuskb.common.problems import FieldPath, Problem
from statuskb.common.rules import Rule


def _words_defined_twice(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    seen: dict[str, FieldPath] = {}
    for term_id, term in raw_entries(doc, "glossary"):
        names: list[tuple[FieldPath, object]] = [(("glossary", term_id, "term"), term.get("term"))]
        names += [(("glossary", term_id, "aliases", i), alias) for i, alias in enumerate(term.get("aliases") or [])]
        for path, name in names:
            if isinstance(name, str):
                earlier = seen.setdefault(name.lower(), path)
                if earlier != path:
                    line, _ = doc.position(earlier)
                    yield doc.problem(path, f"'{name}' is already defined on line {line}; "
                                      "each word may have one definition")


RULE = Rule("glossary", "Each glossary word has exactly one definition.", _words_defined_twice)
