"""The catalog rules' registry: every rule is listed once, in order, described, and run on every load."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from statuskb.catalog import rules
from statuskb.catalog.rules import RULES
from support import problems_in_text


def test_registry_names_are_unique_and_described() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.description for rule in RULES)
    assert names == [
        "unique-codes", "unique-ids", "references", "context-references", "context-depth", "comparisons",
        "glossary", "lengths", "vendor", "no-html", "no-images", "link-schemes", "markdown-syntax",
        "cited-claims", "likelihood", "tab-labels", "specific-signals",
    ]


def test_every_rule_module_is_registered() -> None:
    modules = [module.name for module in pkgutil.iter_modules(rules.__path__) if module.name != "base"]
    assert {importlib.import_module(f"statuskb.catalog.rules.{name}").RULE for name in modules} == set(RULES)


def test_valid_fixture_has_no_problems(tmp_path: Path, fixture_text: str) -> None:
    assert problems_in_text(tmp_path, fixture_text) == []


def test_rules_still_run_beside_schema_errors(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("    faqs:\n", "    faqz:\n", 1)  # schema error in codes[0]
    text = text.replace("      - {code: 502, relation: Differs from 503.}", "      - {code: 501, relation: x}", 1)
    problems = problems_in_text(tmp_path, text)
    assert any("codes[0].faqz: unknown key" in p for p in problems)
    assert any("codes[2].related[0].code: code 501 is not in the catalog" in p for p in problems)
