"""The editors' JSON Schema: generated from the model, then used to explain what is wrong in the YAML.

The schema is draft-07 because that is what yaml-language-server (VS Code, Neovim, …)
understands. A file is first read by the typed model in strict mode (`strictly_typed`): a few
milliseconds, where `jsonschema` takes about 80 ms for the catalog. Only a file that fails
there is run through this same schema with `jsonschema`, so an editor's squiggle and the
build's error always agree; each error is turned into a sentence that says what is wrong and
how to fix it, at the line of the offending value. `jsonschema` is imported only then.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import pydantic
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from statuskb.catalog.model import Catalog
from statuskb.catalog.yamlfile import YamlDocument
from statuskb.common.problems import Problem, ProblemsFound

if TYPE_CHECKING:
    import jsonschema

Model = TypeVar("Model", bound=BaseModel)

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
    return draft7_validator(catalog_schema())


def draft7_validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    """A validator of `schema`, importing jsonschema (about 70 ms) only when a file must be explained."""
    import jsonschema

    return jsonschema.Draft7Validator(schema)


def strictly_typed(model: type[Model], document: YamlDocument) -> Model | None:
    """The document as `model` when it is valid; None when it is not, for the schema to explain why.

    Strict mode converts nothing ("504" is no number, `yes` is no text, 5.0 is no whole number),
    and the schema is generated from the model, so what passes here passes the schema, with one
    exception handled here: the model reads a null (`key: ~`) as "left out", which the schema
    refuses. tests/catalog/test_fuzz_catalog.py checks every mutant this accepts against the schema.
    """
    if _holds_null(document.data):
        return None
    try:
        return model.model_validate(document.data, strict=True)
    except pydantic.ValidationError:
        return None


def _holds_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_holds_null(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_null(item) for item in value)
    return False


def model_or_problems(model: type[Model], document: YamlDocument) -> Model:
    """`model` read leniently from a document the schema accepted; ProblemsFound if they disagree.

    The schema is generated from the model, so a refusal here means they disagree: it is still
    reported at the right line rather than as a traceback.
    """
    try:
        return model.model_validate(document.data)
    except pydantic.ValidationError as error:
        raise ProblemsFound([document.problem(tuple(item["loc"]), f"{item['msg']} (the schema missed this)")
                             for item in error.errors()]) from None



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
