"""Definitions fit a featured snippet and summaries fit a table cell: the definition is what search
engines quote and the summary is what the code tables show, so longer text gets cut off mid-sentence."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.common.text import word_count

MAX_DEFINITION_WORDS = 50
MAX_SUMMARY_WORDS = 25


def _overlong_texts(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        for field, limit in (("definition", MAX_DEFINITION_WORDS), ("summary", MAX_SUMMARY_WORDS)):
            words = word_count(getattr(entry, field))
            if words > limit:
                yield doc.problem(("codes", index, field),
                                  f"has {words} words; keep it to at most {limit} "
                                  "(move the detail to 'plain' or 'technical')")


RULE = Rule("lengths", "Definitions fit a featured snippet; summaries fit a table cell.", _overlong_texts)
