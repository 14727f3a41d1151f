"""Rule markdown-syntax and the tag-start half of no-html: the constructs that made catalog text live markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import problems_in_text

PLAIN_503 = "    plain: Plain explanation of 503."
REASON_502 = "    reason: Bad Gateway"


def with_plain(fixture_text: str, value: str) -> str:
    assert PLAIN_503 in fixture_text
    return fixture_text.replace(PLAIN_503, f"    plain: {json.dumps(value)}", 1)


def with_reason(fixture_text: str, value: str) -> str:
    assert REASON_502 in fixture_text
    return fixture_text.replace(REASON_502, f"    reason: {json.dumps(value)}", 1)


def only(tmp_path: Path, text: str) -> str:
    problems = problems_in_text(tmp_path, text)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("attack", [
    '[docs](https://example.org/){: autofocus onfocus="x" }',
    "A paragraph.\n{: onclick=x }",
    "Question? { onclick=x }",
    "{#main}",
    "`code`{.big}",
])
def test_attribute_lists_are_refused_everywhere(tmp_path: Path, fixture_text: str, attack: str) -> None:
    problem = only(tmp_path, with_plain(fixture_text, attack))
    assert ": codes[2].plain: attribute lists such as" in problem
    assert "this field allows paragraphs, lists, code blocks" in problem


@pytest.mark.parametrize("attack", ["[][]\n\n[]: javascript:alert(1)", "[x][ref]", "See [x] [y].\n\n[y]: https://e.org"])
def test_reference_links_are_refused(tmp_path: Path, fixture_text: str, attack: str) -> None:
    assert "reference links and definitions" in only(tmp_path, with_plain(fixture_text, attack))


@pytest.mark.parametrize(("attack", "what"), [
    ("# H1", "a heading"), ("Title\n===", "a heading (underlined)"), ("*[the]: tooltip", "an abbreviation"),
    ('!!! danger "x"\n    y', "an admonition"), ('=== "tab"\n    y', "a tab"), ("> quote", "a quote"),
    ("```\nunclosed", "a code block"), ("- a\n- b", "a list"), ("one\n\ntwo", "more than one paragraph"),
])
def test_block_syntax_is_refused_in_one_line_fields(tmp_path: Path, fixture_text: str, attack: str,
                                                    what: str) -> None:
    problem = only(tmp_path, with_reason(fixture_text, attack))
    assert f"codes[1].reason: {what}" in problem
    assert "this field allows inline Markdown only" in problem


@pytest.mark.parametrize("allowed", ["One.\n\nTwo.", "- a\n- b", "```\ncode\n```", "| a | b |\n|---|---|\n| 1 | 2 |"])
def test_block_fields_keep_paragraphs_lists_code_and_tables(tmp_path: Path, fixture_text: str, allowed: str) -> None:
    assert problems_in_text(tmp_path, with_plain(fixture_text, allowed)) == []


@pytest.mark.parametrize("attack", ["# H1", "*[the]: tooltip", "> quote"])
def test_block_fields_refuse_headings_abbreviations_and_quotes(tmp_path: Path, fixture_text: str,
                                                               attack: str) -> None:
    assert "is not allowed in catalog text; this field allows paragraphs" in only(
        tmp_path, with_plain(fixture_text, attack))


@pytest.mark.parametrize("attack", ["Gateway Timeout <svg onload=alert(1) x=", "tail <img src=x ", "a </b"])
def test_the_start_of_a_tag_is_refused(tmp_path: Path, fixture_text: str, attack: str) -> None:
    assert "codes[1].reason: raw HTML is not allowed in catalog text, not even the start of a tag" in only(
        tmp_path, with_reason(fixture_text, attack))


@pytest.mark.parametrize("text", ["5 < 10 and 10 > 5", "wait <5 s", "see <https://example.org/>", "a {b} c"])
def test_text_that_only_looks_like_syntax_passes(tmp_path: Path, fixture_text: str, text: str) -> None:
    assert problems_in_text(tmp_path, with_reason(fixture_text, text)) == []


def test_lengths_fit_the_field(tmp_path: Path, fixture_text: str) -> None:
    problem = only(tmp_path, with_reason(fixture_text, "word " * 40_000))
    assert problem.endswith("codes[1].reason: is 200,000 characters long; this field allows at most 200 "
                            "(shorten it, or move the detail to 'plain' or 'technical')")
