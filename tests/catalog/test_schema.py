"""The JSON Schema: generated from the model, committed for editors, and used to validate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema

from statuskb.catalog.schema import SCHEMA_FILE_NAME, catalog_schema, catalog_schema_text
from statuskb.cli import main
from support import ROOT, problems_in_text

COMMITTED = ROOT / "data" / SCHEMA_FILE_NAME


def line_of(text: str, needle: str, occurrence: int = 0) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence]


def test_committed_schema_matches_the_model() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == catalog_schema_text(), (
        "data/status_codes.schema.json is out of date: run `statuskb schema`"
    )


def test_schema_check_command_reports_drift(tmp_path: Path, capsys: Any) -> None:
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n")
    assert main(["schema", "--check", "--out", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["schema", "--out", str(stale)]) == 0
    assert main(["schema", "--check", "--out", str(stale)]) == 0


def test_schema_is_valid_draft_07() -> None:
    schema = catalog_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema)


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, definition in schema["definitions"].items():
        for prop, prop_schema in definition.get("properties", {}).items():
            yield f"{name}.{prop}", prop_schema
    for prop, prop_schema in schema["properties"].items():
        yield f"Catalog.{prop}", prop_schema


def test_every_property_is_documented_for_editors() -> None:
    """Hover docs and completion: a description and an example on every property, a title on
    every property that is not a reference to a definition (those carry the definition's)."""
    undocumented = [
        name for name, prop in _properties(catalog_schema())
        if not prop.get("description") or not prop.get("examples") or ("title" not in prop and "$ref" not in prop)
    ]
    assert undocumented == []


def test_optional_fields_do_not_invite_null() -> None:
    assert '"null"' not in catalog_schema_text()


def test_data_file_points_editors_at_the_schema() -> None:
    first_line = (ROOT / "data" / "status_codes.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_FILE_NAME}"


def test_yaml_11_boolean_trap(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace('answer: "No. It is a server-side error."', "answer: no", 1)
    line = line_of(text, "answer: no")
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line}:48: codes[0].faqs[0].answer: expected text, got the boolean false "
        "(YAML reads unquoted yes/no/on/off/true/false as booleans and 12:30 as a number: put the value in quotes)"
    ]


def test_unknown_key_suggests_the_right_one(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("    faqs:\n", "    faqz:\n", 1)
    line = line_of(text, "faqz:")
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{_entry_start(text, 0)}: codes[0]: missing required key 'faqs'",
        f"catalog.yaml:{line}:5: codes[0].faqz: unknown key 'faqz'; did you mean 'faqs'?",
    ]


def _entry_start(text: str, index: int) -> str:
    return f"{line_of(text, '  - code:', index)}:5"


EMPTY_PLAIN = '    plain: ""'


def test_missing_required_and_empty_strings(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("    emitted_by: A gateway or proxy\n", "", 1)
    text = text.replace("    visitor_view: Not your fault; try again later.\n", '    visitor_view: "  "\n', 1)
    text = text.replace("    plain: Plain explanation of 500.\n", f"{EMPTY_PLAIN}\n", 1)
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{_entry_start(text, 0)}: codes[0]: missing required key 'emitted_by'",
        f"catalog.yaml:{line_of(text, 'visitor_view:')}:19: codes[0].visitor_view: must not be empty",
        f"catalog.yaml:{line_of(text, EMPTY_PLAIN)}:12: codes[0].plain: must not be empty",
    ]


QUOTED_CODE = '- code: "504"'


def test_code_outside_the_5xx_range_and_wrong_type(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("  - code: 503\n", "  - code: 600\n").replace("  - code: 504\n", '  - code: "504"\n')
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line_of(text, '- code: 600')}:11: codes[2].code: 600 is outside the allowed range 500–599",
        f"catalog.yaml:{line_of(text, QUOTED_CODE)}:11: codes[3].code: expected a whole number, "
        'got the text "504"',
    ]


def test_enum_and_identifier_patterns(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("    standing: standard\n", "    standing: official\n", 1)
    text = text.replace("  rfc2068:\n", "  RFC_2068:\n", 1)
    problems = problems_in_text(tmp_path, text)
    assert problems == [
        f"catalog.yaml:{line_of(text, 'RFC_2068:')}:3: sources.RFC_2068: 'RFC_2068' is not a valid id: "
        "use lower-case letters, digits and hyphens",
        f"catalog.yaml:{line_of(text, 'standing: official')}:15: codes[0].standing: the text \"official\" "
        "is not allowed; use one of: standard, registered, obsoleted, vendor, unofficial",
    ]


def test_wrong_container_types(tmp_path: Path) -> None:
    problems = problems_in_text(tmp_path, "sources: []\ncontexts: {}\ncodes: 5\n")
    assert problems == [
        "catalog.yaml:1:10: sources: expected a mapping of keys to values, got a list",
        "catalog.yaml:3:8: codes: expected a list, got the number 5",
    ]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert problems_in_text(tmp_path, "- just\n- a list\n") == [
        "catalog.yaml:1:1: (document): expected a mapping of keys to values, got a list",
    ]


def test_a_null_is_refused_though_the_typed_model_reads_it_as_left_out(tmp_path: Path, fixture_text: str) -> None:
    # The loader reads a valid file with the typed model alone (strictly_typed), which takes `note: ~`
    # for "no note"; the schema, and so every editor, refuses it: the loader must too.
    text = fixture_text.replace("    note: Internet Standard STD 97 (June 2022).", "    note: ~ #", 1)
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line_of(text, 'note: ~')}:11: sources.rfc9110.note: expected text, got an empty value"
    ]
