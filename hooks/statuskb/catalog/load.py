"""Load the catalog: YAML with positions → typed model (strict) → rules; the JSON Schema on failure.

A valid catalog is read by the typed model alone; one that fails it is explained by the JSON
Schema. Every problem is reported in one run: schema errors, and the rule problems of every
code entry that passed the schema. Only a file that cannot be parsed at all stops earlier.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pydantic

from statuskb.catalog.lines import EntryLines, entry_lines
from statuskb.catalog.model import Catalog, CodeEntry
from statuskb.catalog.rules import LabIds, RuleInput, rule_problems
from statuskb.catalog.schema import model_or_problems, schema_problems, strictly_typed
from statuskb.catalog.yamlfile import YamlDocument, load_yaml
from statuskb.common.problems import ProblemsFound, raise_if_any
from statuskb.common.shipped import shipped

#: The shipped catalog (the repository's data/status_codes.yaml, or the wheel's copy of it).
DEFAULT_CATALOG = shipped("data/status_codes.yaml")


def load_catalog(path: Path, display_path: str | None, lab: LabIds) -> Catalog:
    """The validated catalog at `path`, or ProblemsFound listing every problem.

    `lab` names what the behaviour lab reproduces, for the causes' `lab` entries
    (`statuskb.load_catalog` passes the lab's own).
    """
    return load_catalog_with_lines(path, display_path, lab)[0]


def load_catalog_with_lines(path: Path, display_path: str | None, lab: LabIds) -> tuple[Catalog, EntryLines]:
    """The validated catalog, and the line each of its entries starts on (for "edit" links)."""
    with gc_paused():
        return _load_catalog(path, display_path, lab)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large, acyclic object tree is built.

    Parsing and validating creates hundreds of thousands of small objects; each automatic
    collection walks all of them again, which made loading grow faster than the catalog
    (measured: 5x the data took 9x the time; 5x with collection paused). Nothing built here
    forms reference cycles, so nothing is lost by collecting once afterwards instead.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_catalog(path: Path, display_path: str | None, lab: LabIds) -> tuple[Catalog, EntryLines]:
    document = load_yaml(path, display_path)
    catalog = strictly_typed(Catalog, document)  # the common case: valid, no schema run needed
    problems = [] if catalog is not None else schema_problems(document)
    if not problems:
        if catalog is None:
            catalog = model_or_problems(Catalog, document)
        raise_if_any(rule_problems(_rule_input(document, tuple(enumerate(catalog.codes)), lab)))
        return catalog, entry_lines(document, catalog)
    flagged_codes = {p.field.split("]")[0] for p in problems if p.field.startswith("codes[")}
    typed_codes = tuple(
        (index, entry)
        for index, entry in _typed_code_entries(document)
        if f"codes[{index}" not in flagged_codes
    )
    raise ProblemsFound(problems + rule_problems(_rule_input(document, typed_codes, lab)))


def _typed_code_entries(document: YamlDocument) -> list[tuple[int, CodeEntry]]:
    raw_codes = document.data.get("codes") if isinstance(document.data, dict) else None
    entries = []
    for index, raw in enumerate(raw_codes if isinstance(raw_codes, list) else []):
        try:
            entries.append((index, CodeEntry.model_validate(raw)))
        except pydantic.ValidationError:
            continue  # the schema has reported it
    return entries


def _keys(data: Any, section: str) -> frozenset[str]:
    value = data.get(section) if isinstance(data, dict) else None
    return frozenset(str(key) for key in value) if isinstance(value, dict) else frozenset()


def _rule_input(document: YamlDocument, typed_codes: tuple[tuple[int, CodeEntry], ...], lab: LabIds) -> RuleInput:
    data = document.data
    raw_codes = data.get("codes") if isinstance(data, dict) else None
    # A code written as text ("504") is a schema error already; still count it as present,
    # so that references to it are not reported a second time.
    numbers = frozenset(
        int(item["code"]) for item in (raw_codes if isinstance(raw_codes, list) else [])
        if isinstance(item, dict) and str(item.get("code", "")).isdigit()
    )
    return RuleInput(document, typed_codes, _keys(data, "sources"), _keys(data, "contexts"), numbers, lab)
