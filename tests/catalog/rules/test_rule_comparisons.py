"""Rule comparisons: a pair written the wrong way round is reported, and still counts as the same pair."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import problems_in_text


def test_a_reversed_repeat_is_both_misordered_and_a_duplicate(
        tmp_path: Path, fixture_text: str, lines_with: Callable[[str, str], list[int]]) -> None:
    start = fixture_text.index("  - first: 502\n    second: 504")
    repeat = fixture_text[start:].replace("first: 502\n    second: 504", "first: 504\n    second: 502", 1)
    text = fixture_text + repeat
    first_line, repeat_line = lines_with(text, "  - first: ")
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{repeat_line}:5: comparisons[1]: 502 and 504 are already compared on line {first_line}",
        f"catalog.yaml:{repeat_line + 1}:13: comparisons[1].second: put the lower code first: first: 502, "
        "second: 504 (the page is /compare/502-vs-504/)",
    ]
