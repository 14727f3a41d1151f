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


def code_sources(code: int | str) -> str:
    """/sources/502/: the documents behind a code's page, numbered as its citations."""
    return f"sources/{code}.md"
OBSERVATIONS = "observations.md"  # /observations/: the behaviour lab's matrix


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


# ----------------------------------------------------------------------------- reuse (embeds, API)
# Site paths of files copied as they are (not Markdown pages): /embed/faq/502.html, /api/v1/….
# The path functions also take a placeholder ("<code>") for documentation.
EMBED_GUIDE = "embed.md"  # /embed/ (a page, not a folder: the nav shows its title)
API_GUIDE = "api.md"  # /api/
EMBED_DIR = "embed/faq"
API_VERSION = "v1"
API_DIR = f"api/{API_VERSION}"
API_CODES_INDEX = f"{API_DIR}/codes.json"
API_CONTEXTS = f"{API_DIR}/contexts.json"
API_SCHEMA = f"{API_DIR}/schema.json"


def embed_page(code: int | str) -> str:
    """/embed/502/: the code's embed options, live preview and code to copy (a page of the site)."""
    return f"embed/{code}.md"


def embed_iframe(code: int | str) -> str:
    """/embed/faq/502.html"""
    return f"{EMBED_DIR}/{code}.html"


def embed_fragment(code: int | str) -> str:
    """/embed/faq/502.fragment.html"""
    return f"{EMBED_DIR}/{code}.fragment.html"


def api_code(code: int | str) -> str:
    """/api/v1/codes/502.json"""
    return f"{API_DIR}/codes/{code}.json"
