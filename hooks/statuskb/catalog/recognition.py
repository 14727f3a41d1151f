"""The explainer's traits (data/recognition.yaml): model and validation, like the catalog's.

Status lines, error-page texts and log formats that say which code a paste shows and which
hop produced it. Each trait is a regular expression that Python (`statuskb explain`,
`statuskb diagnose`) and the browser (/explain/) both run, so a pattern must mean the same in
both engines and stay linear on long lines: the validator accepts only a portable subset
(no shorthand classes, whose meaning differs between the engines; no back references,
look-behind or named groups; no repeated group, the source of catastrophic backtracking).
Every problem is reported as PATH:LINE:COL: field: message, all of them in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import pydantic
from pydantic import Field, StringConstraints

from statuskb.catalog.model import Catalog, Identifier, Source, Strict, Text
from statuskb.catalog.yamlfile import YamlDocument, load_yaml
from statuskb.common.problems import Problem, ProblemsFound, raise_if_any

RECOGNITION_SOURCE = "data/recognition.yaml"
TraitMeaning = Literal["generated", "passed", "upstream", "status"]
Pattern = Annotated[str, StringConstraints(min_length=1, max_length=400)]
#: What the validator refuses in a pattern, and why (each differs between Python and JavaScript or backtracks).
_UNPORTABLE = (
    (re.compile(r"\\[dDwWsSbB]"), "shorthand classes such as \\d, \\w, \\s and \\b differ between Python and "
                                  "JavaScript: spell the class out ([0-9], [A-Za-z], [ ], [^ ])"),
    (re.compile(r"\\[1-9]"), "back references can backtrack without bound: remove them"),
    (re.compile(r"(?<!\\)\[\^?\]"), "a ] first in a class is a literal in Python but ends the class in "
                                     "JavaScript ([^] matches anything there): escape it as \\]"),
    (re.compile(r"\(\?(?:P|<[=!]|<[A-Za-z])"), "named groups and look-behind are written differently in the two "
                                               "engines: use a numbered group"),
    (re.compile(r"\)(?:[*+]|\{[0-9]+,)"), "a repeated group can backtrack catastrophically: repeat a character "
                                            "class instead, or write the alternatives out (`?` is fine)"),
)


class FlagMeaning(Strict):
    """What one termination state or response flag says."""

    means: Literal["generated", "upstream"] = Field(description="generated: the hop answered itself; upstream: it "
                                                    "relayed the server's response.")
    failed: Text = Field(description="What failed, in words.")


class Trait(Strict):
    """A line pattern and what it says about the response."""

    id: Identifier
    name: Text = Field(description="What the pattern recognises.")
    pattern: Pattern = Field(description="A regular expression tried on every line (portable subset).")
    status: int | None = Field(default=None, ge=1, le=599, description="The group holding the status the client "
                               "got (1-9), or a fixed status code (100-599).")
    upstream_status: int | None = Field(default=None, ge=1, le=9, description="The group holding the status the "
                                        "hop behind answered ('-' when none).")
    self_reported: list[int] = Field(default_factory=list, description="Codes the hop logs as the upstream's "
                                     "status also when it generated them itself.")
    flags: int | None = Field(default=None, ge=1, le=9, description="The group holding a termination state or "
                              "response flags.")
    flag_meanings: dict[str, FlagMeaning] = Field(default_factory=dict)
    context: Identifier | None = Field(default=None, description="The catalog context the trait names.")
    means: TraitMeaning
    weight: int = Field(ge=1, le=100, description="How much the trait counts when answers are ranked.")
    only_line: bool = Field(default=False, description="True when the pattern counts only if the paste is one line.")
    source: Identifier
    also: list[Identifier] = Field(default_factory=list, description="Further sources for the same trait.")


class Example(Strict):
    """A paste the /explain/ page offers in its picker."""

    label: Text
    text: Annotated[str, StringConstraints(min_length=1)]
    source: Identifier


class RecognitionFile(Strict):
    """The whole of data/recognition.yaml."""

    sources: dict[Identifier, Source] = Field(default_factory=dict)
    traits: list[Trait]
    advice: list[Text] = Field(default_factory=list, description="What to paste instead, when nothing matches.")
    examples: list[Example] = Field(default_factory=list, description="Pastes for the page's example picker.")


@dataclass(frozen=True)
class Recognition:
    """Validated traits, with the document they came from (for positions)."""

    data: RecognitionFile
    document: YamlDocument | None = None


#: For a catalog without the traits file (test fixtures): the catalog's signatures and fingerprints only.
NO_TRAITS = Recognition(RecognitionFile(traits=[]))


def load_recognition(path: Path, catalog: Catalog, display_path: str | None = None) -> Recognition:
    """The validated traits at `path`, checked against `catalog`, or ProblemsFound listing every problem."""
    document = load_yaml(path, display_path)
    try:
        data = RecognitionFile.model_validate(document.data)
    except pydantic.ValidationError as error:
        raise ProblemsFound([document.problem(tuple(item["loc"]), str(item["msg"]),
                                              at_key=item["type"] == "extra_forbidden")
                             for item in error.errors()]) from None
    raise_if_any(_problems(document, data, catalog))
    return Recognition(data, document)


def _problems(document: YamlDocument, data: RecognitionFile, catalog: Catalog) -> Iterator[Problem]:
    known_sources = catalog.sources.keys() | data.sources.keys()
    for key in sorted(data.sources.keys() & catalog.sources.keys()):
        yield document.problem(("sources", key), "the catalog already has this source: use its id", at_key=True)
    seen: set[str] = set()
    for index, trait in enumerate(data.traits):
        base = ("traits", index)
        if trait.id in seen:
            yield document.problem((*base, "id"), f"'{trait.id}' is used twice: trait ids are unique")
        seen.add(trait.id)
        for field, source in (("source", trait.source), *(("also", s) for s in trait.also)):
            if source not in known_sources:
                yield document.problem((*base, field), f"no source '{source}' in the catalog or in this file")
        if trait.context is not None and trait.context not in catalog.contexts:
            yield document.problem((*base, "context"), f"no context '{trait.context}' in the catalog")
        if trait.context is None and trait.means != "status":
            yield document.problem((*base, "means"), f"'{trait.means}' needs a `context`: the hop it names")
        yield from _pattern_problems(document, base, trait)
    for index, example in enumerate(data.examples):
        if example.source not in known_sources:
            yield document.problem(("examples", index, "source"), f"no source '{example.source}' in the catalog or "
                                   "in this file")


def _pattern_problems(document: YamlDocument, base: tuple[str | int, ...], trait: Trait) -> Iterator[Problem]:
    for unportable, why in _UNPORTABLE:
        if unportable.search(trait.pattern):
            yield document.problem((*base, "pattern"), why)
            return
    try:
        groups = re.compile(trait.pattern).groups
    except re.error as error:
        yield document.problem((*base, "pattern"), f"not a regular expression: {error}")
        return
    status_group = trait.status if trait.status is not None and trait.status < 10 else None
    if trait.status is None and trait.means == "status":
        yield document.problem(base, "a `status` trait needs `status`: a group or a code", at_key=True)
    for field, group in (("status", status_group), ("upstream_status", trait.upstream_status),
                         ("flags", trait.flags)):
        if group is not None and group > groups:
            yield document.problem((*base, field), f"the pattern has {groups} group(s), not {group}")
    if trait.flag_meanings and trait.flags is None:
        yield document.problem((*base, "flag_meanings"), "needs `flags`: the group that holds them")
