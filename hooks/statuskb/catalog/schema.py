"""The editors' JSON Schema: generated from the model, then used to validate the YAML.

The schema is draft-07 because that is what yaml-language-server (VS Code, Neovim, …)
understands. Validation runs this same schema through `jsonschema`, so an editor's squiggle
and the build's error always agree; each error is turned into a sentence that says what is
wrong and how to fix it, at the line of the offending value.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any

import jsonschema
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from statuskb.catalog.model import Catalog
from statuskb.catalog.yamlfile import YamlDocument
from statuskb.common.problems import Problem

SCHEMA_FILE_NAME = "status_codes.schema.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class _Draft07(GenerateJsonSchema):
    """Pydantic's generator, adjusted for draft-07 editors.

    Optional fields are optional because they may be left out, not because `null` is a
    value an editor should type; so `X | None = None` becomes plain `X` without a default.
    """

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        # Pydantic writes constrained keys as patternProperties, which lets a key that does
        # not match through unchecked; say "every key matches, every value is X" instead.
        result = super().dict_schema(schema)
        patterns = result.pop("patternProperties", None)
        if patterns:
            ((pattern, value_schema),) = patterns.items()
            result["propertyNames"] = {**result.get("propertyNames", {}), "pattern": pattern}
            result["additionalProperties"] = value_schema
        return result

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        result = super().default_schema(schema)
        if result.get("default", ...) in (None, []):
            result.pop("default")
        return result


def model_schema_text(model: type[BaseModel], title: str, description: str) -> str:
    """The draft-07 JSON Schema of a data file's model, as committed next to the data."""
    generated = model.model_json_schema(ref_template="#/definitions/{model}", schema_generator=_Draft07)
    schema: dict[str, Any] = {"$schema": DRAFT_07, "title": title, "description": description}
    schema["definitions"] = generated.pop("$defs")
    generated.pop("title", None)
    generated.pop("description", None)
    schema.update(generated)
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


@cache
def _catalog_schema() -> str:
    return model_schema_text(
        Catalog, "5xx Field Guide catalog",
        "data/status_codes.yaml: every 5xx status code the guide explains. "
        "Generated from hooks/statuskb/catalog/model.py by `statuskb schema`; do not edit by hand.",
    )


def catalog_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of the catalog, as a fresh dict."""
    result: dict[str, Any] = json.loads(_catalog_schema())
    return result


def catalog_schema_text() -> str:
    """The schema exactly as committed next to the data."""
    return _catalog_schema()


@cache
def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(catalog_schema())


def schema_problems(document: YamlDocument) -> list[Problem]:
    """Every schema violation in the document, each at the line of the offending value."""
    return validation_problems(_validator(), document)


def validation_problems(validator: jsonschema.Draft7Validator, document: YamlDocument) -> list[Problem]:
    """Every violation of `validator`'s schema in the document, each at the line of the offending value."""
    problems: list[Problem] = []
    for error in validator.iter_errors(document.data):
        problems.extend(_explain(error, document))
    # A value of the wrong type also fails its enum or pattern: say only what matters.
    wrong_type = {p.field for p in problems if p.message.startswith("expected ")}
    return [p for p in problems if p.field not in wrong_type or p.message.startswith("expected ")]


_YAML_11_HINT = (
    " (YAML reads unquoted yes/no/on/off/true/false as booleans and 12:30 as a number: "
    "put the value in quotes)"
)
_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "nothing",
}


def _describe_value(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {json.dumps(value[:60])}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _explain(error: jsonschema.ValidationError, document: YamlDocument) -> list[Problem]:
    path = tuple(error.absolute_path)
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    expected: Any = error.validator_value

    if "propertyNames" in error.relative_schema_path:
        return [document.problem((*path, instance), f"'{instance}' is not a valid id: use lower-case "
                                 "letters, digits and hyphens", at_key=True)]
    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        problems = []
        for key in sorted(set(instance) - set(allowed), key=str):
            guess = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys: {', '.join(allowed)}"
            problems.append(document.problem((*path, key), f"unknown key '{key}'; {hint}", at_key=True))
        return problems
    if validator == "required" and isinstance(instance, dict):
        missing = [name for name in expected if name not in instance]
        return [document.problem(path, f"missing required key '{name}'") for name in missing]
    if validator == "type":
        types = [expected] if isinstance(expected, str) else expected
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        message = f"expected {names}, got {_describe_value(instance)}"
        if expected == "string" and (isinstance(instance, (bool, int, float))):
            message += _YAML_11_HINT
        return [document.problem(path, message)]
    if validator in ("minLength", "pattern") and schema.get("pattern") == r"\S":
        return [document.problem(path, "must not be empty")]
    if validator == "maxLength" and isinstance(instance, str):
        return [document.problem(path, f"is {len(instance):,} characters long; this field allows at most "
                                       f"{expected:,} (shorten it, or move the detail to 'plain' or 'technical')")]
    if validator == "pattern":
        example = schema.get("examples", [None])[0]
        hint = f" (for example {json.dumps(example)})" if example else ""
        what = schema.get("description", f"must match {expected}")
        return [document.problem(path, f"{_describe_value(instance)} is not valid here: {what}{hint}")]
    if validator == "enum":
        options = ", ".join(str(v) for v in expected)
        return [document.problem(path, f"{_describe_value(instance)} is not allowed; use one of: {options}")]
    if validator in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        return [document.problem(path, f"{instance} is outside the allowed range {low}–{high}")]
    if validator == "minItems":
        count = expected
        return [document.problem(path, f"needs at least {count} item{'s' if count != 1 else ''}")]
    return [document.problem(path, error.message)]
