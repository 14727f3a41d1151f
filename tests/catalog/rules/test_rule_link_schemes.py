"""Rule link-schemes: links to anything but http(s), mailto and in-page anchors are refused, in
whatever spelling or link style; a link inside a code span is only text."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import problems_in_text

PLAIN_503 = "    plain: Plain explanation of 503."


@pytest.mark.parametrize(
    "link",
    ["[x](javascript:alert(1))", "[x]( JavaScript:alert(1) )", "[x](data:text/html,hi)", "[x](vbscript:msgbox)",
     "see [x]\n\n[x]: javascript:alert(1)"],
)
def test_unsafe_link_schemes(tmp_path: Path, fixture_text: str, link: str) -> None:
    quoted = link.replace("\n", "\\n")
    text = fixture_text.replace(PLAIN_503, f'    plain: "Read {quoted}"', 1)
    problems = problems_in_text(tmp_path, text)
    # a reference-style link is also refused by markdown-syntax, in its own message
    problems = [problem for problem in problems if "reference links and definitions" not in problem]
    assert len(problems) == 1, problems
    assert "codes[2].plain: link target" in problems[0]
    assert "is not allowed: links must be http(s) or mailto URLs" in problems[0]


@pytest.mark.parametrize("link", ["[x](https://example.org/a)", "[x](#causes)", "[x](mailto:a@example.org)",
                                  "`[x](javascript:y)` in code"])
def test_safe_links_pass(tmp_path: Path, fixture_text: str, link: str) -> None:
    text = fixture_text.replace(PLAIN_503, f'    plain: "Read {link}"', 1)
    assert problems_in_text(tmp_path, text) == []
