"""Catalog rules that a JSON Schema cannot express, one rule per module, listed in `RULES`.

Each rule is a `statuskb.common.rules.Rule` (as in MDN's browser-compat-data lint): it gets a
`RuleInput` and yields problems whose messages say what to change, and its module says why the rule
exists. Rules see only the code entries that passed the schema (typed), so a file with a type error
still gets its dangling references reported in the same run. Known ids are taken from the raw file,
so an entry with a schema error elsewhere does not also show up as "unknown". `base` holds the
input and the helpers that several rules share; tests exercise each rule by name.
"""

from __future__ import annotations

from statuskb.catalog.rules import (
    cited_claims,
    comparisons,
    context_depth,
    context_references,
    glossary,
    lengths,
    likelihood,
    link_schemes,
    markdown_syntax,
    no_html,
    no_images,
    references,
    specific_signals,
    tab_labels,
    unique_codes,
    unique_ids,
    vendor,
)
from statuskb.catalog.rules.base import LabIds, RuleInput
from statuskb.catalog.rules.no_html import HTML_TAG
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule, run_rules

__all__ = ["HTML_TAG", "RULES", "LabIds", "RuleInput", "rule_problems"]

RULES: tuple[Rule[RuleInput, Problem], ...] = (
    unique_codes.RULE,
    unique_ids.RULE,
    references.RULE,
    context_references.RULE,
    context_depth.RULE,
    comparisons.RULE,
    glossary.RULE,
    lengths.RULE,
    vendor.RULE,
    no_html.RULE,
    no_images.RULE,
    link_schemes.RULE,
    markdown_syntax.RULE,
    cited_claims.RULE,
    likelihood.RULE,
    tab_labels.RULE,
    specific_signals.RULE,
)


def rule_problems(given: RuleInput) -> list[Problem]:
    """Run every rule and collect all problems."""
    return run_rules(RULES, given)
