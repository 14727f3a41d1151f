"""Rule unique-codes: a code described twice is reported at the second entry, naming the first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import problems_in_text


def test_unique_codes(tmp_path: Path, fixture_text: str, lines_with: Callable[[str, str], list[int]]) -> None:
    text = fixture_text.replace("  - code: 503\n", "  - code: 500\n")
    first, second = lines_with(text, "  - code: 500")
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{second}:11: codes[2].code: code 500 is already described on line {first}; "
        "merge the two entries"
    ]
