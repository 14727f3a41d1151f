"""The glossary: /glossary/, and tooltips for its terms wherever they appear.

Tooltips use Python-Markdown's `abbr` syntax (Material styles them with content.tooltips): a
line `*[term]: definition` at the end of a page defines the term for it, and the site's
`statuskb.common.tooltips` extension marks the term's first occurrence on the page.
Terms are unique regardless of case (one definition per word); the capitalised form of each
is added automatically. A page gets the lines of the terms it uses, not the whole glossary.
The same lines are appended to generated and hand-written pages alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from statuskb.catalog.model import Catalog
from statuskb.common.markdown import visible_text
from statuskb.common.templating import render
from statuskb.common.text import front_matter
from statuskb.common.urls import GLOSSARY


@dataclass(frozen=True)
class Tooltips:
    """The glossary's abbreviation line for every form of every term."""

    lines: dict[str, str]


def tooltips(catalog: Catalog) -> Tooltips:
    """Every term and alias, each also capitalised (abbr matches exact text, and the capitalised
    form starts sentences and headings)."""
    lines: dict[str, str] = {}
    for term in sorted(catalog.glossary.values(), key=lambda t: t.term.lower()):
        definition = visible_text(term.definition).replace("]", ")")
        for name in (term.term, *term.aliases):
            for form in (name, name[:1].upper() + name[1:]):
                lines.setdefault(form, f"*[{form}]: {definition}")
    return Tooltips(lines)


def abbreviations(catalog: Catalog) -> str:
    """All abbreviation lines (what /glossary/ and the tests see)."""
    return "\n".join(tooltips(catalog).lines.values())


def append_tooltips(markdown: str, tips: Tooltips) -> str:
    """`markdown` with the abbreviation lines of the terms it actually uses appended.

    Only those: Python-Markdown's abbr extension looks for every defined abbreviation in every
    text node, and appending all of them to every page doubled the time MkDocs spent on the
    longest pages (measured: 502's page 142 ms with all, 53 ms with the 29 it uses). Forms are
    found with str.find, not a regex: one regex of every form tried at every position of every
    page cost 65 ms a build, and a lookbehind defeats the regex engine's literal search.
    """
    used = _used_lines(markdown, tuple(tips.lines.items()))
    return f"{markdown.rstrip()}\n\n" + "\n".join(used) + "\n" if used else markdown


@lru_cache(maxsize=1024)
def _used_lines(markdown: str, lines: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The abbreviation lines of the forms `markdown` uses; cached by page, as `mkdocs serve`
    plans every page again on each save and most pages' Markdown is the same (65 ms a plan)."""
    return tuple(line for form, line in lines if _has_word(markdown, form))


def _has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word (no letter, digit or _ on either side)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (start and _word_char(text[start - 1])) and not (end < len(text) and _word_char(text[end])):
            return True
        start = text.find(word, start + 1)
    return False


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def with_tooltips(markdown: str, catalog: Catalog) -> str:
    """`markdown` with tooltips for the glossary terms it uses."""
    return append_tooltips(markdown, tooltips(catalog))


def render_glossary(catalog: Catalog) -> str:
    """/glossary/: every term, alphabetically, each with its own anchor."""
    terms = sorted(catalog.glossary.items(), key=lambda item: item[1].term.lower())
    meta = front_matter(
        title="Glossary",
        description="Gateway, proxy, upstream, origin, CDN, load balancer and the other terms used "
        "to explain HTTP 5xx errors, in plain words.",
    )
    return meta + render("glossary.md.j2", terms=terms, page=GLOSSARY)
