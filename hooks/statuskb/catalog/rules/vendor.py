"""Vendor codes name their vendor and other codes do not: a non-standard code is only useful to a
reader who knows who sends it, and a vendor on a standard code would suggest it belongs to one product."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule


def _vendor_mismatches(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        if entry.standing == "vendor" and entry.vendor is None:
            yield doc.problem(("codes", index), "a vendor code needs 'vendor': who emits it")
        if entry.standing != "vendor" and entry.vendor is not None:
            yield doc.problem(("codes", index, "vendor"),
                              f"'vendor' is only for vendor codes, but standing is '{entry.standing}'")


RULE = Rule("vendor", "Vendor codes name their vendor; other codes do not.", _vendor_mismatches)
