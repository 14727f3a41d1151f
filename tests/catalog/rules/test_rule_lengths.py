"""Rule lengths: definitions of at most 50 words and summaries of at most 25 (links count by their words)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import problems_in_text

DEFINITION_502 = 'definition: "502 Bad Gateway means something went wrong on the server side. (Fixture text.)"'
LONG_DEFINITION = 'definition: "word'


def test_definition_over_fifty_words(tmp_path: Path, fixture_text: str,
                                     lines_with: Callable[[str, str], list[int]]) -> None:
    long = " ".join(["word"] * 48) + " [two links](https://example.org/a-b-c) count as two"
    text = fixture_text.replace(DEFINITION_502, f'definition: "{long}"', 1)
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{lines_with(text, LONG_DEFINITION)[0]}:17: codes[1].definition: has 53 words; keep it "
        "to at most 50 (move the detail to 'plain' or 'technical')"
    ]


def test_definition_of_exactly_fifty_words_passes(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(DEFINITION_502, 'definition: "' + " ".join(["word"] * 50) + '"', 1)
    assert problems_in_text(tmp_path, text) == []


def test_summary_over_25_words(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(
        "    summary: Fixture summary for 504 with `code` and a | pipe.",
        "    summary: " + " ".join(["w"] * 26), 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)] == [
        "codes[3].summary: has 26 words; keep it to at most 25 (move the detail to 'plain' or 'technical')"
    ]
