"""Catalog text uses the Markdown its field allows, nothing MkDocs would read as more.

The site renders catalog text with its own converter (common.markdown), which drops what a
field may not hold; this rule says so first, at the field's line, so that an editor learns
why a heading or an attribute list vanished instead of finding it silently gone. Attribute
lists (`{: onclick=… }`) and reference links (`[x][]` with `[]: …`) are refused everywhere:
they are how Markdown text once became live markup and a link the link-scheme rule could not
see. One-line fields hold inline Markdown only; block fields add paragraphs, lists, code
blocks and tables, never headings, admonitions, tabs, quotes, abbreviations or definitions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from statuskb.catalog.model import BLOCK_ALLOWED, INLINE_ALLOWED, text_kind
from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule

#: `{: …}`, `{#id}`, `{.class}` or `{ name=value }`: Python-Markdown's attribute lists.
ATTRIBUTE_LIST = re.compile(r"\{\s*:|\{\s*[#.][A-Za-z_]|\{[^{}\n]*\b[A-Za-z_:-]+\s*=")
#: `[text][]`, `[text][ref]` and a reference definition `[ref]: target` at a line's start.
LINK_REFERENCE = re.compile(r"\]\s*\[[^\]\n]*\]|^\s{0,3}\[[^\]\n]*\]:", re.MULTILINE)
#: Block syntax that no catalog field may hold, with what it is.
NEVER_BLOCKS = (
    (re.compile(r"^\s{0,3}#{1,6}(\s|$)", re.MULTILINE), "a heading"),
    (re.compile(r"^.*\S.*\n\s{0,3}(=+|-+)\s*$", re.MULTILINE), "a heading (underlined)"),
    (re.compile(r"^\s{0,3}\*\[", re.MULTILINE), "an abbreviation definition"),
    (re.compile(r"^\s{0,3}(!!!|\?\?\?\+?)", re.MULTILINE), "an admonition"),
    (re.compile(r"^\s{0,3}===", re.MULTILINE), "a tab"),
    (re.compile(r"^\s{0,3}>", re.MULTILINE), "a quote"),
    (re.compile(r"^\s{0,3}:\s", re.MULTILINE), "a definition list"),
    (re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", re.MULTILINE), "a horizontal rule"),
)
#: What block fields may hold and one-line fields may not.
BLOCK_ONLY = (
    (re.compile(r"^\s{0,3}(```|~~~)", re.MULTILINE), "a code block"),
    (re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s", re.MULTILINE), "a list"),
    (re.compile(r"^\s{0,3}\|.*\|\s*$", re.MULTILINE), "a table"),
    (re.compile(r"\n\s*\n"), "more than one paragraph"),
    (re.compile(r"^ {4,}\S", re.MULTILINE), "an indented code block"),
)


def _markdown_syntax(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for path, text in given.prose:
        message = _syntax_problem(text_kind(path), text)
        if message:
            yield doc.problem(path, message)


@lru_cache(maxsize=65536)
def _syntax_problem(kind: str, text: str) -> str | None:
    """What is wrong with `text` in a field of `kind` ('block' or 'inline'), or None.

    Cached by text: the catalog holds thousands of texts, 17 patterns each, and a save under
    `mkdocs serve` (or a fuzzer's mutant) changes a few of them.
    """
    allowed = BLOCK_ALLOWED if kind == "block" else INLINE_ALLOWED
    if match := ATTRIBUTE_LIST.search(text):
        return (f"attribute lists such as {match.group(0)!r}… are not allowed in catalog text; "
                f"this field allows {allowed}")
    if match := LINK_REFERENCE.search(text):
        return (f"reference links and definitions (found {match.group(0).strip()!r}) are not allowed; write the "
                f"link inline as [text](https://…); this field allows {allowed}")
    checks = NEVER_BLOCKS if kind == "block" else NEVER_BLOCKS + BLOCK_ONLY
    for pattern, what in checks:
        if pattern.search(text):
            where = "catalog text" if kind == "block" else "a one-line field"
            return f"{what} is not allowed in {where}; this field allows {allowed}"
    return None


RULE = Rule("markdown-syntax", "Catalog text uses only the Markdown its field allows.", _markdown_syntax)
