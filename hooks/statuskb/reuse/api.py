"""The static JSON API (`/api/v1/…`): the catalog as documents any program can fetch.

Documents are built from the typed catalog with `model_dump`, and the document models below
extend the catalog models, so a field added to the catalog appears in the JSON and in the
published schema (`/api/v1/schema.json`) without a change here. Each document is validated
against its model before it is written, so the files always match the schema.

Output is deterministic: keys sorted, lists in catalog order (codes by number, contexts by id),
compact (no indentation: programs read it, and `indent=` makes `json` fall back to its
pure-Python encoder, measured 70 ms of a build), a trailing newline. Text fields hold the catalog's Markdown; FAQs also
carry ready-made plain text and sanitised HTML (from `faqs.faq_items`, like the embeds).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import models_json_schema

from statuskb.catalog.crossref import cited_sources
from statuskb.catalog.model import Catalog, CodeEntry, Context, Faq, Identifier, Source, StatusCode
from statuskb.common.site_info import SiteInfo
from statuskb.common.urls import (
    API_CODES_INDEX,
    API_CONTEXTS,
    API_SCHEMA,
    API_VERSION,
    api_code,
    code_page,
    embed_fragment,
    embed_iframe,
)
from statuskb.reuse.faqs import faq_items

#: The fields of a code that the index repeats; the rest is in the code's own document.
INDEX_FIELDS = ("code", "reason", "standing", "vendor", "summary")


# ----------------------------------------------------------------------------- document models
class _Published(BaseModel):
    """Every field is always written, so the schema marks every field as required."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)


class Licence(_Published):
    """Under which terms the text may be reused, and the credit to show."""

    name: str = Field(description="The licence's short name.", examples=["CC BY 4.0"])
    url: str = Field(description="The licence text.")
    spdx: str = Field(description="The licence's SPDX identifier.", examples=["CC-BY-4.0"])
    attribution: str = Field(description="The credit line to show next to reused text.")


class CodeUrls(_Published):
    """Where to find a code on the site, absolute URLs."""

    page: str = Field(description="The code's page.")
    api: str = Field(description="The code's full JSON document.")
    iframe: str = Field(description="The embeddable FAQ page, for an <iframe>.")
    fragment: str = Field(description="The embeddable FAQ as an HTML fragment.")


class FaqDocument(Faq, _Published):
    """A question and answer: catalog Markdown, plus plain text and sanitised HTML of both."""

    question_text: str = Field(description="The question as plain text.")
    answer_text: str = Field(description="The answer as plain text.")
    question_html: str = Field(description="The question as inline HTML, safe to insert (no raw HTML, "
                               "http(s)/mailto links only).")
    answer_html: str = Field(description="The answer as block HTML, safe to insert.")


_INDEX_FIELD_DEFINITIONS: dict[str, Any] = {
    name: (CodeEntry.model_fields[name].annotation, CodeEntry.model_fields[name]) for name in INDEX_FIELDS
}
CodeSummary = create_model(
    "CodeSummary",
    __base__=_Published,
    __doc__="One code in the index: the catalog's own fields and types, so the two cannot disagree.",
    **_INDEX_FIELD_DEFINITIONS,
    urls=(CodeUrls, Field(description="Where to find the code.")),
)
CodesIndex = create_model(
    "CodesIndex",
    __base__=_Published,
    __doc__="/api/v1/codes.json: every code, in numeric order.",
    codes=(list[CodeSummary], Field(description="The codes, lowest first.")),
    license=(Licence, Field(description="Terms of reuse.")),
)
CodeDocument = create_model(
    "CodeDocument",
    __base__=(CodeEntry, _Published),
    __doc__="/api/v1/codes/<code>.json: everything the guide says about one code.",
    faqs=(list[FaqDocument], Field(description="Frequently asked questions, in the page's order.")),
    cited_sources=(dict[str, Source], Field(description="Every source the entry cites, by id.")),
    urls=(CodeUrls, Field(description="Where to find the code.")),
    license=(Licence, Field(description="Terms of reuse.")),
)
ContextDocument = create_model(
    "ContextDocument",
    __base__=(Context, _Published),
    __doc__="A context: a server, CDN, platform or audience.",
    id=(Identifier, Field(description="The context's id, as the code documents refer to it.")),
    codes=(list[StatusCode], Field(description="Codes whose entries mention this context.")),
)
ContextsDocument = create_model(
    "ContextsDocument",
    __base__=_Published,
    __doc__="/api/v1/contexts.json: every context, by id.",
    contexts=(list[ContextDocument], Field(description="The contexts, sorted by id.")),
    license=(Licence, Field(description="Terms of reuse.")),
)
DOCUMENT_MODELS: tuple[type[BaseModel], ...] = (CodesIndex, CodeDocument, ContextsDocument)


# ----------------------------------------------------------------------------- documents
def licence(site: SiteInfo) -> dict[str, str]:
    """The `license` object every document carries."""
    return {"name": site.licence.name, "url": site.licence.url, "spdx": site.licence.spdx,
            "attribution": site.attribution}


def code_urls(code: int, site: SiteInfo) -> dict[str, str]:
    """Where a code lives on the site: its page, its document, its two embeds."""
    return {
        "page": site.page_url(code_page(code)),
        "api": site.absolute(api_code(code)),
        "iframe": site.absolute(embed_iframe(code)),
        "fragment": site.absolute(embed_fragment(code)),
    }


def _validated(model: type[BaseModel], document: dict[str, Any]) -> dict[str, Any]:
    """The document as its model writes it; a ValidationError if it does not match the schema."""
    return model.model_validate(document).model_dump(mode="json")


def codes_index(catalog: Catalog, site: SiteInfo) -> dict[str, Any]:
    """The index: the fields of INDEX_FIELDS and the URLs of every code."""
    entries = sorted(catalog.codes, key=lambda entry: entry.code)
    return _validated(CodesIndex, {
        "codes": [{**entry.model_dump(mode="json", include=set(INDEX_FIELDS)), "urls": code_urls(entry.code, site)}
                  for entry in entries],
        "license": licence(site),
    })


def code_document(catalog: Catalog, entry: CodeEntry, site: SiteInfo) -> dict[str, Any]:
    """The full entry, its FAQ with text and HTML, the sources it cites, its URLs."""
    faqs = [
        {**item.faq.model_dump(mode="json"), "question_text": item.question_text, "answer_text": item.answer_text,
         "question_html": str(item.question_html), "answer_html": str(item.answer_html)}
        for item in faq_items(entry)
    ]
    return _validated(CodeDocument, {
        **entry.model_dump(mode="json"),
        "faqs": faqs,
        "cited_sources": {source_id: catalog.sources[source_id].model_dump(mode="json")
                          for source_id in sorted(cited_sources(entry))},
        "urls": code_urls(entry.code, site),
        "license": licence(site),
    })


def _mentioned_contexts(value: Any) -> Iterator[str]:
    """Context ids anywhere in a dumped entry: values of `context`, items or keys of `contexts`."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "context" and isinstance(item, str):
                yield item
            elif key == "contexts" and isinstance(item, list | dict):
                yield from (str(context) for context in item)
            else:
                yield from _mentioned_contexts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _mentioned_contexts(item)


def contexts_document(catalog: Catalog, site: SiteInfo) -> dict[str, Any]:
    """Every context with the codes that mention it."""
    mentions = {entry.code: set(_mentioned_contexts(entry.model_dump(mode="json"))) for entry in catalog.codes}
    return _validated(ContextsDocument, {
        "contexts": [
            {**context.model_dump(mode="json"), "id": context_id,
             "codes": sorted(code for code, ids in mentions.items() if context_id in ids)}
            for context_id, context in sorted(catalog.contexts.items())
        ],
        "license": licence(site),
    })


def api_schema(site: SiteInfo) -> dict[str, Any]:
    """JSON Schema (2020-12) of every document; `#/$defs/<Model>` describes each one."""
    _, definitions = models_json_schema([(model, "serialization") for model in DOCUMENT_MODELS],
                                        ref_template="#/$defs/{model}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site.absolute(API_SCHEMA),
        "title": f"{site.name} JSON API {API_VERSION}",
        "description": "codes.json is a CodesIndex, codes/<code>.json a CodeDocument, contexts.json a "
                       "ContextsDocument.",
        "anyOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in DOCUMENT_MODELS],
        **definitions,
    }


@lru_cache(maxsize=4)
def _schema_text(site: SiteInfo) -> str:
    """`api_schema(site)` as JSON: a function of the API's models and the site alone, kept because
    pydantic builds it anew each time (7 ms, on every plan and every save under `mkdocs serve`)."""
    return to_json(api_schema(site))


def to_json(document: dict[str, Any]) -> str:
    """Deterministic, compact JSON text: sorted keys, UTF-8, no indentation, trailing newline."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def api_files(catalog: Catalog, site: SiteInfo) -> dict[str, str]:
    """Every API document, by site path: index, one per code, contexts, schema."""
    files = {API_CODES_INDEX: to_json(codes_index(catalog, site))}
    for entry in sorted(catalog.codes, key=lambda entry: entry.code):
        files[api_code(entry.code)] = to_json(code_document(catalog, entry, site))
    files[API_CONTEXTS] = to_json(contexts_document(catalog, site))
    files[API_SCHEMA] = _schema_text(site)
    return files
