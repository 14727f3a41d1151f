"""Catalog blocks for hand-written pages.

A hand-written page in `content/` asks for generated content with a line of its own:

    <!-- statuskb: family -->

and the build replaces that line with the block rendered for that page (links are made
relative to it). An unknown block name stops the build with the page, line and the names
that exist, so a typo never ships as an invisible comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import Catalog
from statuskb.common.problems import Problem, raise_if_any
from statuskb.common.templating import render
from statuskb.common.urls import code_page
from statuskb.diagnosis.explain_page import render_explain_box
from statuskb.site.pages import render_codes_table
from statuskb.site.sources import render_sources_table

BLOCK_LINE = re.compile(r"^<!--\s*statuskb:\s*(?P<name>\S+?)\s*-->[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _family(catalog: Catalog, page: str) -> str:
    return render("block_family.md.j2", page=page, code_page=code_page,
                  entries=sorted(catalog.codes, key=lambda entry: entry.code))


def _fault(catalog: Catalog, page: str) -> str:
    return render("block_fault.md.j2", page=page, code_page=code_page,
                  entries=sorted(catalog.codes, key=lambda entry: entry.code))


def _sources(catalog: Catalog, page: str) -> str:
    return render_sources_table(SiteIndex(catalog), page)


BLOCKS: dict[str, Callable[[Catalog, str], str]] = {
    "codes-table": render_codes_table,
    "explain": lambda catalog, page: render_explain_box(page),
    "family": _family,
    "fault": _fault,
    "sources": _sources,
}


def _block_lines(markdown: str) -> list[tuple[int, re.Match[str]]]:
    """(line index, match) of every block line outside fenced code (where it is an example)."""
    found, fence = [], ""
    for index, line in enumerate(markdown.split("\n")):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif match := BLOCK_LINE.match(line):
            found.append((index, match))
    return found


def expand_blocks(markdown: str, catalog: Catalog, page: str, shown_path: str, first_line: int = 1) -> str:
    """`markdown` with every block line replaced; ProblemsFound for unknown names.

    `first_line` is the file line that `markdown` starts on (after any front matter). Block
    lines inside fenced code are examples (as in the editing guide) and stay as they are.
    """
    blocks = _block_lines(markdown)
    raise_if_any(
        Problem(shown_path, index + first_line, 1, "block",
                f"unknown block '{match['name']}'; known blocks: {', '.join(sorted(BLOCKS))}")
        for index, match in blocks
        if match["name"] not in BLOCKS
    )
    lines = markdown.split("\n")
    for index, match in blocks:
        lines[index] = BLOCKS[match["name"]](catalog, page).rstrip("\n")
    return "\n".join(lines)
