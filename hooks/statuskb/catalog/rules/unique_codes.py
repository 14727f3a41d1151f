"""Each status code is described once: two entries for one code would make two pages fight over one URL
and leave readers with whichever the generator happened to write last."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule


def _repeated_codes(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    first_index: dict[int, int] = {}
    for index, entry in given.codes:
        earlier = first_index.setdefault(entry.code, index)
        if earlier != index:
            line, _ = doc.position(("codes", earlier))
            yield doc.problem(("codes", index, "code"),
                              f"code {entry.code} is already described on line {line}; "
                              "merge the two entries")


RULE = Rule("unique-codes", "Each status code is described once.", _repeated_codes)
