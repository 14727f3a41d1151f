"""What every catalog rule is given, and the helpers several rules share to read it and to word findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from statuskb.catalog.model import CodeEntry
from statuskb.catalog.yamlfile import YamlDocument
from statuskb.common.problems import FieldPath
from statuskb.common.text import without_code_spans


@dataclass(frozen=True)
class LabIds:
    """What the behaviour lab can reproduce: its scenario ids and the contexts of its servers.

    Given to the rules by the caller (the lab sits above the catalog, so the catalog does not
    import it): a cause's `lab` entries are checked against these.
    """

    scenarios: frozenset[str]
    servers: frozenset[str]


#: Fields shown verbatim as code (their last key, and the list they are in): not Markdown.
VERBATIM_FIELDS = frozenset({("code", "commands"), ("contains", "fingerprints")})


@dataclass(frozen=True)
class RuleInput:
    """What every rule sees: typed entries with their index in the file, and the known ids."""

    document: YamlDocument
    codes: tuple[tuple[int, CodeEntry], ...]
    source_ids: frozenset[str]
    context_ids: frozenset[str]
    code_numbers: frozenset[int]
    lab: LabIds

    @cached_property
    def strings(self) -> tuple[tuple[FieldPath, str], ...]:
        """Every string in the file with its path: walked once, however many rules read it."""
        return tuple(strings(self.document.data, ()))

    @cached_property
    def prose(self) -> tuple[tuple[FieldPath, str], ...]:
        """Every catalog text that is rendered as Markdown, with its code spans taken out.

        Left out: config snippets (`commands[].code`) and literal response text
        (`fingerprints[].contains`), which are shown verbatim as code, never as HTML.
        """
        return tuple((path, without_code_spans(text)) for path, text in self.strings
                     if not (len(path) > 2 and (path[-1], path[-3]) in VERBATIM_FIELDS))


def missing(kind: str, value: object, known: Any) -> str:
    """The message for a reference to an id that does not exist, listing the ones that do."""
    choices = ", ".join(sorted(str(k) for k in known)) or "none defined"
    return f"unknown {kind} '{value}'; known {kind}s: {choices}"


def not_in_catalog(code: object) -> str:
    """The message for a reference to a status code the catalog does not describe."""
    return f"code {code} is not in the catalog; add it or remove this entry"


def raw_entries(document: YamlDocument, section: str) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The mapping entries of a top-level section (`contexts`, `glossary`) as read from the file.

    Rules on these sections read the raw data, not the typed model, so that they still run when
    the schema has found something wrong there; entries that are not mappings are the schema's to report.
    """
    data = document.data
    section_data = data.get(section) if isinstance(data, dict) else None
    for key, entry in section_data.items() if isinstance(section_data, dict) else ():
        if isinstance(entry, dict):
            yield key, entry


def strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every string inside `value`, with its path below `path`."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))
