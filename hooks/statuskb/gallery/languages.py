"""The error pages' languages: data/error_pages/<tag>.yaml, validated like the catalog.

English is the source. Its file holds the page's own words (`strings`: headings, buttons, the
retry control's messages); its per-code words are the catalog's (reason, summary, the visitor's
view, the first cause and the fixes a page shows). Every other language's file translates both:
the same `strings` keys with the same {placeholders}, and for every code of the catalog the
same fields and the same cause and fix ids, with the same `code spans` (code is never
translated). A code added to the catalog without its translations, a string left out, a
placeholder misspelt or a stale id: each is reported as PATH:LINE:COL: field: message, with
every problem of every file in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import pydantic
from pydantic import Field, StringConstraints
from pydantic_core import ErrorDetails

from statuskb.catalog.model import Catalog, CodeEntry, Strict, Text
from statuskb.catalog.rules import HTML_TAG
from statuskb.catalog.yamlfile import YamlDocument, load_yaml
from statuskb.common.problems import FieldPath, Problem, ProblemsFound, raise_if_any
from statuskb.common.shipped import shipped

#: The shipped error-page language files (the repository's folder, or the wheel's copy of it).
DEFAULT_LANGUAGES = shipped("data/error_pages")
SOURCE_LANGUAGE = "en"
#: The visitor steps a page lists at most (the visitor's fixes, in catalog order): pages stay short.
MAX_STEPS = 4

LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$"),
                        Field(description="A BCP 47 language tag, as in the file name.", examples=["de", "zh-Hans"])]
StringKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_CODE_SPAN = re.compile(r"`+[^`]+`+")


class CodeText(Strict):
    """One code's words on its error page, in one language."""

    reason: Text
    summary: Text
    visitor_view: Text
    retry_advice: Text | None = None
    causes: dict[str, Text] = Field(default_factory=dict)
    fixes: dict[str, Text] = Field(default_factory=dict)


class LanguageFile(Strict):
    """One language of the error pages."""

    language: LanguageTag
    name: Text = Field(description="The language's own name for itself.", examples=["Deutsch"])
    direction: Literal["ltr", "rtl"]
    strings: dict[StringKey, Text]
    codes: dict[int, CodeText] = Field(default_factory=dict)


@dataclass(frozen=True)
class Language:
    """A validated language: its file's data, and where it came from (for positions)."""

    data: LanguageFile
    document: YamlDocument


def english_only(catalog: Catalog) -> dict[str, Language]:
    """English alone (its page strings, the catalog's words): for a catalog the translations do not cover."""
    return load_languages(DEFAULT_LANGUAGES, catalog, f"{DEFAULT_LANGUAGES}", only=(SOURCE_LANGUAGE,))


def visitor_steps(entry: CodeEntry) -> tuple[str, ...]:
    """The ids of the visitor's fixes a page lists as steps: the first MAX_STEPS, in catalog order."""
    return tuple(fix.id for fix in entry.fixes if fix.audience == "visitor")[:MAX_STEPS]


def owner_step(entry: CodeEntry) -> str | None:
    """The id of the owner's first fix, which the page's line for the site owner names."""
    return next((fix.id for fix in entry.fixes if fix.audience == "owner"), None)


def page_fixes(entry: CodeEntry) -> tuple[str, ...]:
    """The ids of every fix an error page shows: its visitor steps, then the owner's first step."""
    owner = owner_step(entry)
    return (*visitor_steps(entry), *((owner,) if owner else ()))


def source_text(entry: CodeEntry) -> CodeText:
    """The English words of a code's page, from the catalog: what every translation mirrors."""
    titles = {fix.id: fix.title for fix in entry.fixes}
    shows_advice = not visitor_steps(entry)
    # Not validated again: the words are the catalog's, already validated (and a renderer's own
    # limits, such as the error pages' byte budget, must hold even for an entry built in code).
    return CodeText.model_construct(
        reason=entry.reason, summary=entry.summary, visitor_view=entry.visitor_view,
        retry_advice=entry.retry.advice if shows_advice else None,
        causes={entry.causes[0].id: entry.causes[0].title},
        fixes={fix_id: titles[fix_id] for fix_id in page_fixes(entry)},
    )


def load_languages(folder: Path, catalog: Catalog, display_folder: str | None = None,
                   only: tuple[str, ...] | None = None) -> dict[str, Language]:
    """Every language in `folder` by tag (or those in `only`), English first, or ProblemsFound
    listing every problem."""
    shown = display_folder or str(folder)
    paths = sorted(path for path in folder.glob("*.yaml") if only is None or path.stem in only)
    if not any(path.stem == SOURCE_LANGUAGE for path in paths):
        raise ProblemsFound([Problem(f"{shown}/{SOURCE_LANGUAGE}.yaml", 1, 1, "file",
                                     "no such file: English is the source every other language translates")])
    problems: list[Problem] = []
    languages: dict[str, Language] = {}
    for path in paths:
        try:
            document = load_yaml(path, f"{shown}/{path.name}")
        except ProblemsFound as found:
            problems += found.problems
            continue
        language = _typed(document, problems)
        if language is not None:
            languages[language.data.language] = language
    source = languages.get(SOURCE_LANGUAGE)
    if source is not None:
        expected = {entry.code: source_text(entry) for entry in catalog.codes}
        for language in languages.values():
            problems += _completeness(language, source.data, expected)
    raise_if_any(problems)
    return dict(sorted(languages.items(), key=lambda item: (item[0] != SOURCE_LANGUAGE, item[0])))


def _typed(document: YamlDocument, problems: list[Problem]) -> Language | None:
    try:
        data = LanguageFile.model_validate(document.data)
    except pydantic.ValidationError as error:
        # A language file has no lists: every number in a location is a code used as a key.
        problems += [document.problem(tuple(str(part) for part in item["loc"]), _message(item),
                                      at_key=item["type"] == "extra_forbidden")
                     for item in error.errors()]
        return None
    tag = Path(document.display_path).stem
    if data.language != tag:
        problems.append(document.problem(("language",), f"says '{data.language}' but the file is {tag}.yaml; "
                                         "name the file after its language tag"))
        return None
    return Language(data, document)


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "missing: every language file needs it"
    if kind == "extra_forbidden":
        return "unknown key: remove it, or check its spelling against en.yaml"
    return str(error["msg"])


def _completeness(language: Language, source: LanguageFile, expected: dict[int, CodeText]) -> Iterator[Problem]:
    """The language has every string and every code's words, mirroring the source exactly."""
    doc, data = language.document, language.data
    hint = "see en.yaml" if data.language != SOURCE_LANGUAGE else "the page template uses it"
    for key, english in source.strings.items():
        if key not in data.strings:
            yield doc.problem(("strings",), f"'{key}' is missing ({hint}: {english!r})", at_key=True)
        else:
            yield from _same_tokens(doc, ("strings", key), english, data.strings[key])
    for key in data.strings.keys() - source.strings.keys():
        yield doc.problem(("strings", key), "not a string the pages use (it is not in en.yaml): remove it",
                          at_key=True)
    if data.language == SOURCE_LANGUAGE:
        if data.codes:
            yield doc.problem(("codes",), "English takes each code's words from the catalog: remove `codes` here",
                              at_key=True)
        return
    # Codes are mapping keys here, not list indices: their path part is text (codes.502, not codes[502]).
    for code, words in sorted(expected.items()):
        if code not in data.codes:
            yield doc.problem(("codes",), f"{code} is missing: translate its reason, summary, visitor_view, "
                              "causes and fixes (the catalog has this code)", at_key=True)
            continue
        yield from _mirrors(doc, ("codes", str(code)), words, data.codes[code])
    for code in sorted(data.codes.keys() - expected.keys()):
        yield doc.problem(("codes", str(code)), f"{code} is not in the catalog: remove it", at_key=True)


def _mirrors(doc: YamlDocument, base: FieldPath, english: CodeText, translated: CodeText) -> Iterator[Problem]:
    for field in ("reason", "summary", "visitor_view", "retry_advice"):
        source_value, value = getattr(english, field), getattr(translated, field)
        if source_value is None and value is not None:
            yield doc.problem((*base, field), "the page does not show this for this code: remove it")
        elif source_value is not None and value is None:
            yield doc.problem(base, f"'{field}' is missing (English: {source_value!r})", at_key=True)
        elif source_value is not None and value is not None:
            yield from _same_tokens(doc, (*base, field), source_value, value)
    for kind, singular in (("causes", "cause"), ("fixes", "fix")):
        source_items, items = getattr(english, kind), getattr(translated, kind)
        for item_id, title in source_items.items():
            if item_id not in items:
                yield doc.problem((*base, kind), f"'{item_id}' is missing (English: {title!r})", at_key=True)
            else:
                yield from _same_tokens(doc, (*base, kind, item_id), title, items[item_id])
        for item_id in sorted(items.keys() - source_items.keys()):
            yield doc.problem((*base, kind, item_id), f"the page shows no {singular} '{item_id}' for this code "
                              "(renamed or removed in the catalog?): remove it", at_key=True)


def _same_tokens(doc: YamlDocument, path: FieldPath, english: str, translated: str) -> Iterator[Problem]:
    """Placeholders are filled in by the generator and code is never translated: both must match.

    And, as in the catalog, no raw HTML: the pages render these words as text.
    """
    markup = HTML_TAG.search(_CODE_SPAN.sub(" ", translated))
    if markup:
        yield doc.problem(path, f"raw HTML is not allowed (found {markup.group(0)!r}): write plain words")
    for what, pattern in (("placeholders", _PLACEHOLDER), ("code spans", _CODE_SPAN)):
        wanted, found = sorted(pattern.findall(english)), sorted(pattern.findall(translated))
        if wanted != found:
            yield doc.problem(path, f"{what} differ from the English {wanted}: found {found}; keep them exactly")
