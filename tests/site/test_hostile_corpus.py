"""Every text field of the shipped catalog carries the hostile corpus; the built site must not change shape.

The validator would refuse most of the corpus, so these builds skip its rules
(hostile_catalog_hook.py): what is tested is the renderer's allowlist on its own. A page of
the hostile site may hold only the (element, attributes) pairs that the clean site's pages
hold, the same number of headings as the same page of the clean site, no event-handler
attribute, no javascript:/data: link and no meta refresh that the clean page lacks.
Each variant rotates which payload lands in which field (tests/hostile.py).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile import CORPUS, hostile_project

from support import BuildResult, run_build

VARIANTS = (1, 2, 3)


@dataclass
class PageShape:
    """What catalog text must not change: the kinds of element and attribute, headings, dangers."""

    pairs: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    headings: int = 0
    dangers: Counter[str] = field(default_factory=Counter)


class _ShapeReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape = PageShape()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape.pairs.add((tag, tuple(sorted(name for name, _ in attrs))))
        self.shape.headings += bool(re.fullmatch(r"h[1-6]", tag))
        for name, value in attrs:
            if name.startswith("on"):
                self.shape.dangers[f"{tag}[{name}]"] += 1
            if name in {"href", "src", "action", "formaction", "srcdoc"} and re.match(
                    r"\s*(javascript|data|vbscript):", value or "", re.IGNORECASE):
                self.shape.dangers[f"{tag}[{name}={value}]"] += 1
            if tag == "meta" and name == "http-equiv":
                self.shape.dangers[f"meta[http-equiv={value}]"] += 1


def site_shapes(site: Path) -> dict[str, PageShape]:
    shapes = {}
    for page in sorted(site.rglob("*.html")):
        reader = _ShapeReader()
        reader.feed(page.read_text(encoding="utf-8"))
        reader.close()
        shapes[page.relative_to(site).as_posix()] = reader.shape
    return shapes


@pytest.fixture(scope="module")
def clean_shapes(built_site: BuildResult) -> dict[str, PageShape]:
    return site_shapes(built_site.site)


@pytest.mark.parametrize("variant", VARIANTS)
def test_hostile_text_adds_no_element_attribute_heading_or_link(
        tmp_path: Path, clean_shapes: dict[str, PageShape], variant: int) -> None:
    started = time.perf_counter()
    project, fields = hostile_project(tmp_path / "project", variant)
    result = run_build(project)
    assert result.returncode == 0, result.output
    hostile = site_shapes(result.site)
    assert hostile.keys() == clean_shapes.keys()
    known_pairs = set().union(*(shape.pairs for shape in clean_shapes.values()))
    findings = []
    for page, shape in hostile.items():
        clean = clean_shapes[page]
        findings += [f"{page}: new {pair}" for pair in sorted(shape.pairs - known_pairs)]
        if shape.headings != clean.headings:
            findings.append(f"{page}: {shape.headings} headings, {clean.headings} without the corpus")
        findings += [f"{page}: {danger}" for danger in sorted(shape.dangers - clean.dangers)]
    assert findings == []
    print(f"\ncorpus: {len(CORPUS)} payloads into {fields} text fields, variant {variant}: "
          f"{len(hostile)} pages in {time.perf_counter() - started:.1f} s")
