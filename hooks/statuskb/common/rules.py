"""One shape for every check in the core: the catalog's rules, the lab's claims, the gallery's checks.

A rule has a name (what messages and tests call it), a one-line description (what it checks),
and the check itself: a function from the rule's input to the findings it reports. Each area
keeps its rules one per file, in the spirit of MDN browser-compat-data's `lint/` folder, and a
registry that lists them; the finding type is the area's own (a `Problem` at PATH:LINE:COL for
the catalog and the gallery, a `Contradiction` with both places for the lab).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

Given = TypeVar("Given")
Finding = TypeVar("Finding")


@dataclass(frozen=True)
class Rule(Generic[Given, Finding]):
    """A named check: `check(given)` yields what is wrong, each finding saying what to change."""

    name: str
    description: str
    check: Callable[[Given], Iterable[Finding]]


def run_rules(rules: Iterable[Rule[Given, Finding]], given: Given) -> list[Finding]:
    """Every finding of every rule, in the registry's order."""
    return [finding for rule in rules for finding in rule.check(given)]
