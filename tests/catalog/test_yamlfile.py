"""Reading the catalog file: every kind of broken input gets one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuskb import ProblemsFound, load_catalog
from statuskb.catalog.yamlfile import KEPT_FILE_BYTES, MAX_FILE_BYTES, load_yaml
from support import problems_in_text


def only_problem(path: Path, shown: str = "cat.yaml") -> str:
    with pytest.raises(ProblemsFound) as raised:
        load_catalog(path, shown)
    problems = [str(p) for p in raised.value.problems]
    assert len(problems) == 1, problems
    return problems[0]


def test_missing_file(tmp_path: Path) -> None:
    assert only_problem(tmp_path / "nope.yaml") == "cat.yaml:1:1: file: no such file"


def test_directory(tmp_path: Path) -> None:
    assert only_problem(tmp_path) == "cat.yaml:1:1: file: is a directory, not a YAML file"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n# x\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "c.yaml").write_text(text)
    assert only_problem(tmp_path / "c.yaml") == (
        "cat.yaml:1:1: file: the file is empty: expected a mapping with 'sources', 'contexts' and 'codes'"
    )


def test_binary_garbage(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_bytes(b"codes:\n" + bytes(range(256)) * 50)
    assert only_problem(tmp_path / "c.yaml") == (
        "cat.yaml:2:1: file: contains a NUL byte at offset 7: this is a binary file, not YAML"
    )


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_bytes(b"sources: {}\nreason: caf\xe9\n")
    assert only_problem(tmp_path / "c.yaml") == (
        "cat.yaml:2:1: file: is not UTF-8 text (invalid byte 0xe9 at offset 23)"
    )


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "c.yaml"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    assert only_problem(huge) == (
        f"cat.yaml:1:1: file: the file is 200.0 MiB; a catalog may be at most {MAX_FILE_BYTES // 1048576} MiB"
    )


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    text = "sources: {}\ncontexts: {}\ncodes:\n  - code: 502\n    reason: [unclosed\n"
    assert problems_in_text(tmp_path, text) == [
        "catalog.yaml:6:1: yaml: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 5, column 13)"
    ]


def test_tab_indentation(tmp_path: Path) -> None:
    problems = problems_in_text(tmp_path, "sources:\n\trfc: 1\n")
    assert len(problems) == 1
    assert problems[0].startswith("catalog.yaml:2:1: yaml: YAML syntax error:")


def test_duplicate_keys_are_all_reported(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(
        "    reason: Bad Gateway\n", "    reason: Bad Gateway\n    reason: Bad Gateways\n", 1
    ).replace("  rfc7231:\n", "  rfc9110:\n    title: again\n  rfc7231:\n", 1)
    problems = problems_in_text(tmp_path, text)
    line_502 = text.splitlines().index("    reason: Bad Gateways") + 1
    line_rfc = [i for i, line in enumerate(text.splitlines(), 1) if line == "  rfc9110:"]
    assert problems == [
        f"catalog.yaml:{line_rfc[1]}:3: rfc9110: duplicate key 'rfc9110' (first defined on line "
        f"{line_rfc[0]}); YAML would silently keep only the last one",
        f"catalog.yaml:{line_502}:5: reason: duplicate key 'reason' (first defined on line "
        f"{line_502 - 1}); YAML would silently keep only the last one",
    ]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    problems = problems_in_text(tmp_path, "\n".join(lines) + "\n")
    assert problems[0] == (
        "catalog.yaml:2:10: yaml: anchors and aliases (& and *) are not supported in the catalog: "
        "write the value out"
    )
    assert len(problems) == 11 * 9  # one per alias use, not 9**11


def test_deep_nesting(tmp_path: Path) -> None:
    problems = problems_in_text(tmp_path, "codes: " + "[" * 5000 + "]" * 5000 + "\n")
    assert len(problems) == 1
    assert problems[0].startswith("catalog.yaml:1:")
    assert "nesting" in problems[0] or "nested" in problems[0]


def test_unquoted_date_stays_text(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace('last_reviewed: "2026-11-26"', "last_reviewed: 2026-11-26")
    assert problems_in_text(tmp_path, text) == []


def test_unclosed_quote_is_reported_where_it_opens(tmp_path: Path, fixture_text: str) -> None:
    lines = fixture_text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("reason: "))
    column = lines[index].index("reason: ") + len("reason: ") + 1
    lines[index] = lines[index].replace("reason: ", 'reason: "', 1)
    (tmp_path / "cat.yaml").write_text("\n".join(lines) + "\n")
    problem = only_problem(tmp_path / "cat.yaml")
    assert problem.startswith(f"cat.yaml:{index + 1}:{column}: yaml: YAML syntax error: a quoted string opened "
                              "here is not closed on its line (parsing failed at line ")
    assert "\n" not in problem


def test_control_character_is_reported_at_its_own_line(tmp_path: Path, fixture_text: str) -> None:
    lines = fixture_text.splitlines()
    index = next(i for i, line in enumerate(lines) if "é" in line or "—" in line or i > 40)
    lines[index] += "\x07"
    (tmp_path / "cat.yaml").write_text("\n".join(lines) + "\n")
    assert only_problem(tmp_path / "cat.yaml") == (
        f"cat.yaml:{index + 1}:{len(lines[index])}: yaml: control character U+0007 is not allowed in YAML; "
        "remove it (in a double-quoted string write it as an escape, such as \\t)")


@pytest.mark.parametrize("number", ["5" * 4301, "0x" + "f" * 5000, "9" * 20, "-" + "1" * 30])
def test_integers_out_of_range_are_refused_at_their_line(tmp_path: Path, fixture_text: str, number: str) -> None:
    text = fixture_text.replace("- code: 502", f"- code: {number}", 1)
    line = text[: text.index(f"- code: {number}")].count("\n") + 1
    problems = problems_in_text(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"catalog.yaml:{line}:")
    assert ".code: the integer is out of range" in problems[0]


def test_a_small_file_read_again_unchanged_is_not_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text("language: en\n", encoding="utf-8")
    first = load_yaml(path, "small.yaml")
    assert load_yaml(path, "small.yaml") is first
    path.write_text("language: de\n", encoding="utf-8")
    changed = load_yaml(path, "small.yaml")
    assert changed is not first and changed.data == {"language": "de"}
    large = tmp_path / "large.yaml"
    large.write_text("note: " + "x" * KEPT_FILE_BYTES + "\n", encoding="utf-8")
    assert load_yaml(large, "large.yaml") is not load_yaml(large, "large.yaml")
