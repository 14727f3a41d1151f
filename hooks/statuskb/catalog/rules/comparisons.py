"""Each pair of codes is compared once, lower code first, and both codes exist: a comparison is a page
at /compare/LOW-vs-HIGH/, so a reversed pair would get a second address and a repeated one would
overwrite the first."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput, not_in_catalog
from statuskb.common.problems import FieldPath, Problem
from statuskb.common.rules import Rule


def _bad_comparisons(given: RuleInput) -> Iterator[Problem]:
    doc, data = given.document, given.document.data
    comparisons = data.get("comparisons") if isinstance(data, dict) else None
    seen: dict[tuple[int, int], int] = {}
    for index, item in enumerate(comparisons if isinstance(comparisons, list) else []):
        if not isinstance(item, dict):
            continue
        first, second = item.get("first"), item.get("second")
        if not (isinstance(first, int) and isinstance(second, int)):
            continue
        base: FieldPath = ("comparisons", index)
        for field, code in (("first", first), ("second", second)):
            if code not in given.code_numbers:
                yield doc.problem((*base, field), not_in_catalog(code))
        if first >= second:
            yield doc.problem((*base, "second"), f"put the lower code first: first: {min(first, second)}, "
                              f"second: {max(first, second)} (the page is /compare/{min(first, second)}-vs-"
                              f"{max(first, second)}/)")
        pair = (min(first, second), max(first, second))
        earlier = seen.setdefault(pair, index)
        if earlier != index:
            line, _ = doc.position(("comparisons", earlier))
            yield doc.problem(base, f"{pair[0]} and {pair[1]} are already compared on line {line}")


RULE = Rule("comparisons", "Each pair is compared once, lower code first, and both codes exist.", _bad_comparisons)
