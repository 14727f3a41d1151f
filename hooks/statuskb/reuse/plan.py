"""Reuse outside the site: the embed files, the JSON API, and the two pages that explain them.

`plan_reuse` is what `plan.plan_site` adds to the plan. The /embed/ and /api/ pages are
generated (not hand-written) so that their examples, addresses and sizes are the real ones of
this build: they are rendered from the very files the plan copies to the site.
"""

from __future__ import annotations

import json
import posixpath
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from statuskb.catalog.model import Catalog, CodeEntry
from statuskb.common.site_info import SiteInfo
from statuskb.common.templating import render
from statuskb.common.text import front_matter, relative_link
from statuskb.common.urls import (
    API_CODES_INDEX,
    API_CONTEXTS,
    API_GUIDE,
    API_SCHEMA,
    API_VERSION,
    EMBED_GUIDE,
    api_code,
    code_page,
    embed_fragment,
    embed_iframe,
    embed_page,
)
from statuskb.reuse.api import CodeDocument, api_files
from statuskb.reuse.embeds import HEIGHT_MESSAGE, embed_files, iframe_csp, iframe_snippet, render_embed_page
from statuskb.reuse.jsonld import headline

#: The code the guides use in their examples when the catalog has it.
EXAMPLE_CODE = 502
CODE_PLACEHOLDER = "<code>"


@dataclass(frozen=True)
class ReuseOutputs:
    """Generated Markdown pages (by docs path) and files copied as they are (by site path).

    `pages` are the two guides (in the nav); `code_pages` each code's embed page (out of it).
    """

    pages: dict[str, str]
    code_pages: dict[str, str]
    files: dict[str, str]


@dataclass(frozen=True)
class SizeStats:
    """Sizes in bytes (UTF-8) of one kind of file across codes."""

    count: int
    median: int
    smallest: int
    largest: int


def byte_size(text: str) -> int:
    return len(text.encode("utf-8"))


def size_stats(texts: Iterable[str]) -> SizeStats:
    """Median (the lower middle one for an even count, so it is a real file's size), min, max."""
    sizes = sorted(byte_size(text) for text in texts)
    return SizeStats(len(sizes), statistics.median_low(sizes), sizes[0], sizes[-1])


def example_entry(catalog: Catalog) -> CodeEntry:
    """502 when the catalog has it, else its lowest code."""
    codes = sorted(catalog.codes, key=lambda entry: entry.code)
    return next((entry for entry in codes if entry.code == EXAMPLE_CODE), codes[0])


@dataclass(frozen=True)
class _EmbedRow:
    title: str
    page_link: str
    embed_page_link: str
    iframe_name: str
    iframe_link: str
    iframe_size: int
    fragment_name: str
    fragment_link: str
    fragment_size: int


def render_embed_guide(catalog: Catalog, site: SiteInfo, files: dict[str, str]) -> str:
    """/embed/: what embedders get, copy-paste examples, options, sizes, theming, licence."""
    entries = sorted(catalog.codes, key=lambda entry: entry.code)
    example = example_entry(catalog)
    rows = []
    for entry in entries:
        iframe, fragment = embed_iframe(entry.code), embed_fragment(entry.code)
        rows.append(_EmbedRow(
            headline(entry), relative_link(code_page(entry.code), EMBED_GUIDE),
            relative_link(embed_page(entry.code), EMBED_GUIDE),
            posixpath.basename(iframe), relative_link(iframe, EMBED_GUIDE), byte_size(files[iframe]),
            posixpath.basename(fragment), relative_link(fragment, EMBED_GUIDE), byte_size(files[fragment]),
        ))
    example_fragment = files[embed_fragment(example.code)].strip()
    meta = front_matter(
        title="Embed the FAQ",
        description="Show the 5xx Field Guide's FAQ for any HTTP 5xx code on your own site: an iframe or "
        "an HTML fragment, with options, theming, sizes and the licence.",
    )
    return meta + render(
        "embed_guide.md.j2",
        site=site,
        api_guide=relative_link(API_GUIDE, EMBED_GUIDE),
        iframe_pattern=site.absolute(embed_iframe(CODE_PLACEHOLDER)),
        fragment_pattern=site.absolute(embed_fragment(CODE_PLACEHOLDER)),
        iframe_sizes=size_stats(files[embed_iframe(entry.code)] for entry in entries),
        fragment_sizes=size_stats(files[embed_fragment(entry.code)] for entry in entries),
        example_code=example.code,
        example_title=headline(example),
        iframe_code=iframe_snippet(example, site),
        iframe_example_url=site.absolute(embed_iframe(example.code)) + "?q=1,2&theme=dark",
        example_fragment_url=site.absolute(embed_fragment(example.code)),
        example_fragment=example_fragment,
        example_fragment_size=byte_size(files[embed_fragment(example.code)]),
        message_type=HEIGHT_MESSAGE,
        csp=iframe_csp(),
        rows=rows,
        attribution=f"Source: {site.attribution}",
    )


def render_api_guide(catalog: Catalog, site: SiteInfo, files: dict[str, str]) -> str:
    """/api/: endpoints, sizes, curl / fetch / Python examples, fields, licence."""
    entries = sorted(catalog.codes, key=lambda entry: entry.code)
    example = example_entry(catalog)
    index = json.loads(files[API_CODES_INDEX])
    excerpt = next(item for item in index["codes"] if item["code"] == example.code)
    meta = front_matter(
        title="JSON API",
        description="The 5xx Field Guide's catalog of HTTP 5xx status codes as static JSON: an index, one "
        "document per code, the contexts and a JSON Schema, with curl, JavaScript and Python examples.",
    )
    return meta + render(
        "api_guide.md.j2",
        site=site,
        version=API_VERSION,
        index_path=f"/{API_CODES_INDEX}",
        index_link=relative_link(API_CODES_INDEX, API_GUIDE),
        index_size=byte_size(files[API_CODES_INDEX]),
        index_url=site.absolute(API_CODES_INDEX),
        code_pattern=f"/{api_code(CODE_PLACEHOLDER)}",
        example_code=example.code,
        example_link=relative_link(api_code(example.code), API_GUIDE),
        example_url=site.absolute(api_code(example.code)),
        code_sizes=size_stats(files[api_code(entry.code)] for entry in entries),
        contexts_path=f"/{API_CONTEXTS}",
        contexts_link=relative_link(API_CONTEXTS, API_GUIDE),
        contexts_size=byte_size(files[API_CONTEXTS]),
        schema_path=f"/{API_SCHEMA}",
        schema_link=relative_link(API_SCHEMA, API_GUIDE),
        schema_size=byte_size(files[API_SCHEMA]),
        index_excerpt=json.dumps(excerpt, sort_keys=True, indent=2, ensure_ascii=False),
        code_fields=[(name, field.description or "") for name, field in sorted(CodeDocument.model_fields.items())],
        embed_guide=relative_link(EMBED_GUIDE, API_GUIDE),
    )


def plan_reuse(catalog: Catalog, site: SiteInfo) -> ReuseOutputs:
    """Every embed file and API document, and the /embed/ and /api/ pages that describe them."""
    embeds = {path: text for entry in sorted(catalog.codes, key=lambda entry: entry.code)
              for path, text in embed_files(entry, site).items()}
    api = api_files(catalog, site)
    return ReuseOutputs(
        pages={EMBED_GUIDE: render_embed_guide(catalog, site, embeds), API_GUIDE: render_api_guide(catalog, site, api)},
        code_pages={embed_page(entry.code): render_embed_page(entry, site)
                    for entry in sorted(catalog.codes, key=lambda entry: entry.code)},
        files={**embeds, **api},
    )
