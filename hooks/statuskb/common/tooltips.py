"""A Python-Markdown extension: glossary tooltips at each term's first occurrence on a page.

Python-Markdown's `abbr` extension wraps every occurrence of every defined term in an `<abbr>`;
on /codes/502/ that was 292 tooltips for 23 terms, 17.5 % of the page's HTML and a large part
of its DOM. A reader needs the definition once, where the term first appears, so this
extension (`statuskb.common.tooltips` in mkdocs.yml's markdown_extensions, in place of `abbr`)
runs `abbr` and then unwraps every later `<abbr>` of the same term back into plain text.
The page's `*[term]: definition` lines are read exactly as `abbr` reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.treeprocessors import Treeprocessor


class FirstOccurrenceTreeprocessor(Treeprocessor):
    """Keep the first `<abbr>` of each term (in reading order, any case); unwrap the others."""

    def run(self, root: Element) -> None:
        seen: set[str] = set()
        later: list[tuple[Element, Element]] = []
        for parent, abbr in _abbrs_in_reading_order(root):
            term = (abbr.text or "").lower()
            if term in seen:
                later.append((parent, abbr))
            seen.add(term)
        for parent, abbr in reversed(later):
            _unwrap(parent, abbr)


def _abbrs_in_reading_order(element: Element) -> Iterator[tuple[Element, Element]]:
    for child in element:
        if child.tag == "abbr":
            yield element, child
        else:
            yield from _abbrs_in_reading_order(child)


def _unwrap(parent: Element, abbr: Element) -> None:
    """Replace `abbr` by its text, joined to the text before it."""
    index = list(parent).index(abbr)
    text = (abbr.text or "") + (abbr.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    parent.remove(abbr)


class FirstOccurrenceTooltips(Extension):
    """`abbr`, then only the first tooltip of each term (runs right after `abbr`'s own pass)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        AbbrExtension().extendMarkdown(md)
        md.treeprocessors.register(FirstOccurrenceTreeprocessor(md), "statuskb-first-tooltip", 6.9)


def makeExtension(**kwargs: Any) -> FirstOccurrenceTooltips:  # noqa: N802 (Python-Markdown's entry point)
    return FirstOccurrenceTooltips(**kwargs)
