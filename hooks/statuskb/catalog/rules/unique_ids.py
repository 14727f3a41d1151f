"""Cause and fix ids are unique within a code: causes list their fixes by id and the code page links
each fix as `#fix-ID`, so a repeated fix id would send a cause's fix link to the wrong fix; cause ids
name causes in the lab's reports in the same way."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule


def _repeated_ids(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        for kind in ("causes", "fixes"):
            seen: dict[str, int] = {}
            for position, item in enumerate(getattr(entry, kind)):
                earlier = seen.setdefault(item.id, position)
                if earlier != position:
                    yield doc.problem(("codes", index, kind, position, "id"),
                                      f"id '{item.id}' is used twice in {kind} of {entry.code}; "
                                      "ids must be unique within a code")


RULE = Rule("unique-ids", "Cause and fix ids are unique within a code.", _repeated_ids)
