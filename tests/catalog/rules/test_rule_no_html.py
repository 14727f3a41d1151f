"""Rule no-html: raw HTML in catalog text is refused; text with `<` that is not a tag, code spans and
config snippets are not HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from statuskb.catalog.rules import HTML_TAG
from statuskb.common.text import without_code_spans
from support import problems_in_text

PLAIN_503 = "    plain: Plain explanation of 503."


@pytest.mark.parametrize(
    "snippet",
    ["<b>bold</b>", "</script>", "<img src=x onerror=alert(1)>", "<!-- hidden -->", "<a href='x'>", "<br/>",
     "<!DOCTYPE html>", "<svg/onload=alert(1)>"],
)
def test_raw_html_is_rejected(tmp_path: Path, fixture_text: str, lines_with: Callable[[str, str], list[int]],
                              snippet: str) -> None:
    text = fixture_text.replace(PLAIN_503, f'    plain: "Plain {snippet} text"', 1)
    problems = problems_in_text(tmp_path, text)
    assert len(problems) == 1
    line = lines_with(text, 'plain: "Plain')[0]
    assert problems[0].startswith(f"catalog.yaml:{line}:12: codes[2].plain: raw HTML")


@pytest.mark.parametrize(
    "text",
    ["timeout < 30 s and > 10 s", "`<title>502</title>` in a code span", "a <- b", "1 <2", "x&y", "AT&T"],
)
def test_text_that_is_not_html_passes(text: str) -> None:
    assert HTML_TAG.search(without_code_spans(text)) is None


def test_config_snippets_may_contain_markup(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(
        'code: "sudo tail -n 50 /var/log/nginx/error.log"',
        'code: "location = /502.html { return 200 \'<h1>down</h1>\'; }"', 1)
    assert problems_in_text(tmp_path, text) == []
