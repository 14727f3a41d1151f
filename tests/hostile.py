"""The hostile corpus: catalog text as an attacker would write it, and where to put it.

Shared by the build-level scan (tests/site/test_hostile_corpus.py) and the Chromium scan
(tests/browser/test_hostile_corpus_in_chromium.py). Every payload either runs script
(setting `window.__pwned` or opening a dialog), adds an element or attribute, adds a
heading, redirects, or breaks out of the context it is placed in, if any renderer lets it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from support import copy_project

#: Keys whose values are not catalog text: ids, references, enums, dates, URLs, header names.
NOT_TEXT = frozenset({"id", "context", "contexts", "source", "sources", "fixes", "kind", "url", "language",
                      "standing", "audience", "retryable", "duration", "hops", "failed", "answered", "means",
                      "header", "scenario", "last_reviewed", "first", "second", "code",
                      # source ids cited at a claim, and the words rules use to spot a product (never shown)
                      "technical_sources", "mentions",
                      # a cause's likelihood rank and basis, a command block's purpose (enumerations)
                      "level", "basis", "purpose"})
#: Keys that are text although NOT_TEXT names them in other objects (comparisons' first/second
#: are codes, differences' first/second are text; a command's code is text shown as code).
TEXT_IN = {("differences", "first"), ("differences", "second"), ("commands", "code")}

CORPUS: tuple[str, ...] = (
    # Python-Markdown's attribute lists, on a link, a paragraph and a heading
    '[docs](https://example.org/){: autofocus onfocus="window.__pwned=11" }',
    'Text.\n{: onclick="window.__pwned=12" }',
    'Question? { onclick="window.__pwned=13" }',
    '{: #main .x onmouseover="window.__pwned=14" }',
    "`code`{: onclick=window.__pwned=15 }",
    # raw HTML, whole and unclosed, and split over two fields
    "<script>window.__pwned=16</script>",
    "Gateway Timeout <svg onload=window.__pwned=17 x=",
    '<img src=x onerror="window.__pwned=18">',
    '" onmouseover="window.__pwned=19" x="',
    "<a href='javascript:window.__pwned=20'>x</a>",
    "</title><script>window.__pwned=21</script>",
    "</textarea></noscript></style><script>window.__pwned=22</script>",
    '<div markdown="1">*[the]: pwned</div>',
    "<!-- --><script>window.__pwned=23</script>",
    "<details open ontoggle=window.__pwned=24>",
    "<iframe srcdoc='<script>parent.__pwned=25</script>'>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=26>",
    # links and references that are scripts
    "[x](javascript:window.__pwned=27)",
    "[][]\n\n[]: javascript:window.__pwned=28",
    "[y][ref]\n\n[ref]: javascript:window.__pwned=29",
    "[z](java&#115;cript:window.__pwned=30)",
    "[w](\tjavascript:window.__pwned=31)",
    "<javascript:window.__pwned=32>",
    "[v](data:text/html,<script>parent.__pwned=33</script>)",
    "![i](https://tracker.example/p.png)",
    # block syntax where one line is expected
    "# Injected H1",
    "Setext heading\n===",
    "```\nunclosed fence swallowing the page",
    "~~~\nanother fence",
    "*[the]: a tooltip on every word",
    '!!! danger "Injected admonition"\n    body',
    "??? note \"details\"\n    body",
    '=== "Injected tab"\n    body',
    "> quote\n> more",
    "    indented code",
    "- list\n- items",
    "Term\n:   Definition",
    "---",
    "| a | b |\n|---|---|\n| c | d |",
    # breaking out of attributes, JSON-LD, tables and code
    "a | b | c",
    '"quoted" \'single\' & <less> >greater',
    "</script><script>window.__pwned=34</script>",
    "<meta http-equiv=refresh content='0;url=https://example.org/'>",
    "&lt;script&gt;window.__pwned=35&lt;/script&gt;",
    "\\<script>window.__pwned=36\\</script>",
    "``</code><script>window.__pwned=37</script>``",
    "\u2028\u2029 line separators \u0085",
    "{% raw %}{{ 7*7 }}{% endraw %} {{ config }}",
    "--8<-- \"/etc/passwd\"",
    "\x02wzxhzdk:0\x03 placeholder",
)
#: Two halves of one tag, meant for two fields that share a cell or a line.
SPLIT_TAG = ("tail <img src=x ", 'onerror="window.__pwned=38" x=">head')


def text_fields(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every catalog text in the raw data, with its path (list indexes and mapping keys)."""
    if isinstance(data, dict):
        for key, value in data.items():
            parent = next((p for p in reversed(path) if isinstance(p, str)), "")
            if isinstance(value, str):
                if key not in NOT_TEXT or (parent, key) in TEXT_IN:
                    yield (*path, key), value
            else:
                yield from text_fields(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                parent = next((p for p in reversed(path) if isinstance(p, str)), "")
                if parent not in NOT_TEXT:
                    yield (*path, index), value
            else:
                yield from text_fields(value, (*path, index))


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def hostile_data(data: Any, variant: int) -> int:
    """Inject the corpus into every text field of `data` in place; return how many fields.

    Variant 0 puts the whole corpus (and the split tag) into every field; variant n > 0 gives
    each field one payload, rotating by n, so that no payload is masked by its neighbours.
    """
    fields = list(text_fields(data))
    payloads = itertools.cycle(CORPUS[variant:] + CORPUS[:variant])
    for index, (path, original) in enumerate(fields):
        if variant == 0:
            added = " ".join((SPLIT_TAG[1], *CORPUS, SPLIT_TAG[0]))
        else:
            added = next(payloads) if index % 2 else SPLIT_TAG[index // 2 % 2]
        _set(data, path, f"{original} {added}")
    return len(fields)


def hostile_project(destination: Path, variant: int) -> tuple[Path, int]:
    """A project copy whose catalog carries the corpus and whose build skips the validator's rules."""
    project = copy_project(destination)
    catalog = project / "data" / "status_codes.yaml"
    data = yaml.load(catalog.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    count = hostile_data(data, variant)
    catalog.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    hook = Path(__file__).parent / "site" / "hostile_catalog_hook.py"
    (project / "hostile_catalog_hook.py").write_text(hook.read_text(encoding="utf-8"), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^hooks:\n", "hooks:\n  - hostile_catalog_hook.py\n",
                             config.read_text(encoding="utf-8"), flags=re.MULTILINE), encoding="utf-8")
    return project, count
