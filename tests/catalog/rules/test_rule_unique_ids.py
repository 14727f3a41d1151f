"""Rule unique-ids: a fix id used twice within a code is reported at its second use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import problems_in_text


def test_unique_ids(tmp_path: Path, fixture_text: str, lines_with: Callable[[str, str], list[int]]) -> None:
    text = fixture_text.replace("      - id: start-upstream\n", "      - id: reload\n", 1)
    text = text.replace("fixes: [start-upstream]", "fixes: [reload]", 1)
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{lines_with(text, '- id: reload')[1]}:13: codes[0].fixes[1].id: id 'reload' is used "
        "twice in fixes of 500; ids must be unique within a code"
    ]
