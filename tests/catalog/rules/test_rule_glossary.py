"""Rule glossary: a word defined twice, whatever its case and whether term or alias, is reported at the
second definition, naming the line of the first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import problems_in_text


def test_a_term_that_is_another_term_s_alias(tmp_path: Path, fixture_text: str,
                                              lines_with: Callable[[str, str], list[int]]) -> None:
    text = fixture_text.replace("    term: upstream\n", "    term: Reverse Proxies\n", 1)
    alias_line = lines_with(text, "aliases: [reverse proxies]")[0]
    term_line = lines_with(text, "term: Reverse Proxies")[0]
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{term_line}:11: glossary.upstream.term: 'Reverse Proxies' is already defined on line "
        f"{alias_line}; each word may have one definition"
    ]
