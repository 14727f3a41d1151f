"""Where every generated page lives (docs-relative Markdown paths; URLs follow from them).

The URL map is stable because readers bookmark and search engines index it:
/codes/502/, /codes/502/nginx/, /contexts/nginx/, /compare/502-vs-504/, /glossary/, /sources/.
"""

from __future__ import annotations

CODES_INDEX = "codes/index.md"
CONTEXTS_INDEX = "contexts/index.md"
COMPARE_INDEX = "compare/index.md"
GLOSSARY = "glossary.md"
SOURCES = "sources.md"


def code_page(code: int) -> str:
    """/codes/502/"""
    return f"codes/{code}.md"


def code_context_page(code: int, context_id: str) -> str:
    """/codes/502/nginx/"""
    return f"codes/{code}/{context_id}.md"


def context_page(context_id: str) -> str:
    """/contexts/nginx/"""
    return f"contexts/{context_id}.md"


def comparison_page(first: int, second: int) -> str:
    """/compare/502-vs-504/"""
    return f"compare/{first}-vs-{second}.md"
