"""Rule no-images: Markdown images in catalog text are refused; one inside a code span is only text."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import problems_in_text

PLAIN_503 = "    plain: Plain explanation of 503."


@pytest.mark.parametrize("image", ["![tracker](https://cdn.example.com/pixel.png)", "![logo][ref]"])
def test_images_are_refused(tmp_path: Path, fixture_text: str, image: str) -> None:
    text = fixture_text.replace(PLAIN_503, f'    plain: "See {image} here"', 1)
    problems = problems_in_text(tmp_path, text)
    # a reference-style link is also refused by markdown-syntax, in its own message
    problems = [problem for problem in problems if "reference links and definitions" not in problem]
    assert len(problems) == 1, problems
    assert "codes[2].plain: images are not allowed in catalog text" in problems[0]


def test_an_image_in_a_code_span_is_text(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(PLAIN_503, '    plain: "Write `![alt](src)` for images"', 1)
    assert problems_in_text(tmp_path, text) == []
