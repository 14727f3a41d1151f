"""The command blocks of one fix get distinct tab labels.

A fix's commands are shown as tabs labelled with their context and purpose ("nginx: config").
Two blocks with the same label ("nginx | nginx") tell the reader nothing about which to use, and
Material's linked tabs would switch both at once; a `purpose` tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule


def _repeated_labels(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        for f, fix in enumerate(entry.fixes):
            seen: dict[tuple[str, str], int] = {}
            for c, command in enumerate(fix.commands):
                label = (command.context, command.shown_purpose())
                if label in seen:
                    yield doc.problem(("codes", index, "fixes", f, "commands", c),
                                      f"a second '{label[0]}: {label[1]}' block in this fix (the first is "
                                      f"commands[{seen[label]}]); give one of them a different 'purpose' "
                                      "(diagnose, test, config, apply, restart, query)")
                else:
                    seen[label] = c


RULE = Rule("tab-labels", "The command blocks of one fix get distinct tab labels.", _repeated_labels)
