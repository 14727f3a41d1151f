"""The loader hands over the line each entry starts on, for the pages' "edit" links."""

from __future__ import annotations

from statuskb import load_catalog_with_lines
from support import FIXTURE_CATALOG


def test_entry_lines_point_at_the_entries() -> None:
    catalog, lines = load_catalog_with_lines(FIXTURE_CATALOG)
    text = FIXTURE_CATALOG.read_text(encoding="utf-8").splitlines()
    assert set(lines.codes) == {entry.code for entry in catalog.codes}
    for code, line in lines.codes.items():
        assert text[line - 1].strip() == f"- code: {code}"
    for context_id, line in lines.contexts.items():
        assert text[line - 1].strip() == f"{context_id}:"
    for (first, second), line in lines.comparisons.items():
        assert text[line - 1].strip() == f"- first: {first}"
        assert text[line].strip() == f"second: {second}"
