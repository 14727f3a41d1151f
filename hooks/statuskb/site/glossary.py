"""The glossary: /glossary/, and tooltips for its terms wherever they appear.

Tooltips use Python-Markdown's `abbr` extension (Material styles them with content.tooltips):
a line `*[term]: definition` at the end of a page marks every occurrence of the term in it.
Terms are unique regardless of case (one definition per word); the capitalised form of each
is added automatically. A page gets the lines of the terms it uses, not the whole glossary.
The same lines are appended to generated and hand-written pages alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statuskb.catalog.model import Catalog
from statuskb.common.markdown import visible_text
from statuskb.common.templating import render
from statuskb.common.text import front_matter
from statuskb.common.urls import GLOSSARY


@dataclass(frozen=True)
class Tooltips:
    """The glossary's abbreviation line for every form of every term, and a finder for them."""

    lines: dict[str, str]
    finder: re.Pattern[str] | None


def tooltips(catalog: Catalog) -> Tooltips:
    """Every term and alias, each also capitalised (abbr matches exact text, and the capitalised
    form starts sentences and headings)."""
    lines: dict[str, str] = {}
    for term in sorted(catalog.glossary.values(), key=lambda t: t.term.lower()):
        definition = visible_text(term.definition).replace("]", ")")
        for name in (term.term, *term.aliases):
            for form in (name, name[:1].upper() + name[1:]):
                lines.setdefault(form, f"*[{form}]: {definition}")
    if not lines:
        return Tooltips(lines, None)
    alternatives = "|".join(re.escape(form) for form in sorted(lines, key=len, reverse=True))
    return Tooltips(lines, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"))


def abbreviations(catalog: Catalog) -> str:
    """All abbreviation lines (what /glossary/ and the tests see)."""
    return "\n".join(tooltips(catalog).lines.values())


def append_tooltips(markdown: str, tips: Tooltips) -> str:
    """`markdown` with the abbreviation lines of the terms it actually uses appended.

    Only those: Python-Markdown's abbr extension looks for every defined abbreviation in every
    text node, and appending all of them to every page doubled the time MkDocs spent on the
    longest pages (measured: 502's page 142 ms with all, 53 ms with the 29 it uses).
    """
    if tips.finder is None:
        return markdown
    used = dict.fromkeys(match.group(0) for match in tips.finder.finditer(markdown))
    lines = "\n".join(tips.lines[form] for form in used)
    return f"{markdown.rstrip()}\n\n{lines}\n" if lines else markdown


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
