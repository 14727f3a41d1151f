"""The glossary: /glossary/, and tooltips for its terms wherever they appear.

Tooltips use Python-Markdown's `abbr` extension (Material styles them with content.tooltips):
a line `*[term]: definition` at the end of a page marks every occurrence of the term in it.
Terms are unique regardless of case (one definition per word); the capitalised form of each
is added automatically.
The same lines are appended to generated and hand-written pages alike.
"""

from __future__ import annotations

from .model import Catalog
from .pages import front_matter
from .templating import render
from .text import plain_text
from .urls import GLOSSARY


def abbreviations(catalog: Catalog) -> str:
    """The abbreviation lines for every term and alias (empty when there is no glossary)."""
    lines: list[str] = []
    for term in sorted(catalog.glossary.values(), key=lambda t: t.term.lower()):
        definition = plain_text(term.definition).replace("]", ")")
        for name in (term.term, *term.aliases):
            # abbr matches exact text: the capitalised form starts sentences and headings.
            forms = dict.fromkeys((name, name[:1].upper() + name[1:]))
            lines.extend(f"*[{form}]: {definition}" for form in forms)
    return "\n".join(lines)


def with_tooltips(markdown: str, catalog: Catalog) -> str:
    """`markdown` with the glossary's abbreviation lines appended."""
    lines = abbreviations(catalog)
    return f"{markdown.rstrip()}\n\n{lines}\n" if lines else markdown


def render_glossary(catalog: Catalog) -> str:
    """/glossary/: every term, alphabetically, each with its own anchor."""
    terms = sorted(catalog.glossary.items(), key=lambda item: item[1].term.lower())
    meta = front_matter(
        title="Glossary",
        description="Gateway, proxy, upstream, origin, CDN, load balancer and the other terms used "
        "to explain HTTP 5xx errors, in plain words.",
    )
    return meta + render("glossary.md.j2", terms=terms, page=GLOSSARY)
