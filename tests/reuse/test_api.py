"""The static JSON API: documents, their schema, determinism and the /api/ page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from statuskb import Catalog, CodeEntry, SiteInfo
from statuskb.catalog.crossref import cited_sources
from statuskb.catalog.model import Context
from statuskb.common.urls import API_CODES_INDEX, API_CONTEXTS, API_GUIDE, API_SCHEMA, api_code
from statuskb.reuse.api import api_files, api_schema, code_document, to_json
from statuskb.reuse.faqs import faq_items
from statuskb.reuse.plan import plan_reuse, size_stats
from support import ROOT

SITE = SiteInfo()
DOCUMENT_KINDS = {API_CODES_INDEX: "CodesIndex", API_CONTEXTS: "ContextsDocument"}
#: The index's catalog fields as published in v1 (written out, not imported from the code under test).
PUBLISHED_INDEX_FIELDS = ("code", "reason", "standing", "vendor", "summary")


def entry(catalog: Catalog, code: int) -> CodeEntry:
    return next(e for e in catalog.codes if e.code == code)


def validator_for(schema: dict[str, Any], definition: str) -> Draft202012Validator:
    """A validator for one document kind of the published schema (`#/$defs/<definition>`)."""
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def kind_of(path: str) -> str:
    return DOCUMENT_KINDS.get(path, "CodeDocument")


@pytest.fixture(params=["fixture", "shipped"])
def catalog(request: pytest.FixtureRequest, fixture_catalog: Catalog, shipped_catalog: Catalog) -> Catalog:
    return fixture_catalog if request.param == "fixture" else shipped_catalog


def test_every_document_validates_against_the_published_schema(catalog: Catalog) -> None:
    files = api_files(catalog, SITE)
    schema = json.loads(files[API_SCHEMA])
    Draft202012Validator.check_schema(schema)
    documents = {path: json.loads(text) for path, text in files.items() if path != API_SCHEMA}
    assert set(documents) == {API_CODES_INDEX, API_CONTEXTS, *(api_code(e.code) for e in catalog.codes)}
    for path, document in documents.items():
        errors = [error.message for error in validator_for(schema, kind_of(path)).iter_errors(document)]
        assert errors == [], path
        assert Draft202012Validator(schema).is_valid(document)  # the root accepts every kind


def test_schema_rejects_what_the_api_never_writes(fixture_catalog: Catalog) -> None:
    """Without this, a schema that accepted anything would make the test above pass."""
    schema = api_schema(SITE)
    document = code_document(fixture_catalog, entry(fixture_catalog, 502), SITE)
    code_validator = validator_for(schema, "CodeDocument")
    assert code_validator.is_valid(document)
    assert not code_validator.is_valid({**document, "surprise": 1})
    assert not code_validator.is_valid({key: value for key, value in document.items() if key != "faqs"})
    assert not code_validator.is_valid({**document, "code": 404})
    assert not code_validator.is_valid({**document, "faqs": [{"question": "Q?", "answer": "A."}]})


def test_index_lists_every_code_with_its_urls(catalog: Catalog) -> None:
    index = json.loads(api_files(catalog, SITE)[API_CODES_INDEX])
    codes = sorted(catalog.codes, key=lambda e: e.code)
    assert [item["code"] for item in index["codes"]] == [e.code for e in codes]
    for item, code_entry in zip(index["codes"], codes, strict=True):
        # A literal list: a field dropped from INDEX_FIELDS breaks the published API, so it must fail here.
        assert set(item) == {"code", "reason", "standing", "vendor", "summary", "urls"}
        assert {field: item[field] for field in PUBLISHED_INDEX_FIELDS} == \
            code_entry.model_dump(include=set(PUBLISHED_INDEX_FIELDS))
        assert item["urls"] == {
            "page": f"http://127.0.0.1:8000/codes/{code_entry.code}/",
            "api": f"http://127.0.0.1:8000/api/v1/codes/{code_entry.code}.json",
            "iframe": f"http://127.0.0.1:8000/embed/faq/{code_entry.code}.html",
            "fragment": f"http://127.0.0.1:8000/embed/faq/{code_entry.code}.fragment.html",
        }
    assert index["license"]["name"] == "CC BY 4.0"


def test_code_document_is_the_whole_entry(shipped_catalog: Catalog) -> None:
    for code_entry in shipped_catalog.codes:
        document = code_document(shipped_catalog, code_entry, SITE)
        # Every catalog field, found from the model: a field added to the catalog appears by itself.
        assert set(document) == {*CodeEntry.model_fields, "cited_sources", "urls", "license"}
        dumped = code_entry.model_dump(mode="json")
        assert {k: document[k] for k in dumped if k != "faqs"} == {k: v for k, v in dumped.items() if k != "faqs"}
        assert document["cited_sources"] == {
            source_id: shipped_catalog.sources[source_id].model_dump(mode="json")
            for source_id in cited_sources(code_entry)}


def test_faqs_carry_the_same_text_and_html_as_the_embeds(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    document = code_document(fixture_catalog, bad_gateway, SITE)
    assert document["faqs"] == [
        {"question": item.faq.question, "answer": item.faq.answer, "sources": item.faq.sources,
         "question_text": item.question_text,
         "answer_text": item.answer_text, "question_html": str(item.question_html),
         "answer_html": str(item.answer_html)}
        for item in faq_items(bad_gateway)
    ]


def test_contexts_document(shipped_catalog: Catalog) -> None:
    contexts = json.loads(api_files(shipped_catalog, SITE)[API_CONTEXTS])["contexts"]
    assert [item["id"] for item in contexts] == sorted(shipped_catalog.contexts)
    for item in contexts:
        assert set(item) == {*Context.model_fields, "id", "codes"}
    nginx = next(item for item in contexts if item["id"] == "nginx")
    assert 502 in nginx["codes"] and 504 in nginx["codes"]
    assert nginx["codes"] == sorted(nginx["codes"])


def test_json_is_deterministic_sorted_and_ends_with_a_newline(fixture_catalog: Catalog) -> None:
    files = api_files(fixture_catalog, SITE)
    assert files == api_files(fixture_catalog, SITE)

    def keys_sorted(value: Any) -> bool:
        if isinstance(value, dict):
            return list(value) == sorted(value) and all(keys_sorted(v) for v in value.values())
        return all(keys_sorted(v) for v in value) if isinstance(value, list) else True

    for path, text in files.items():
        assert text.endswith("}\n") and not text.endswith("\n\n"), path
        assert keys_sorted(json.loads(text)), path
        assert to_json(json.loads(text)) == text, path


def test_schema_identifies_itself(fixture_catalog: Catalog) -> None:
    schema = json.loads(api_files(fixture_catalog, SiteInfo(url="https://example.org/"))[API_SCHEMA])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://example.org/api/v1/schema.json"
    assert {"CodesIndex", "CodeDocument", "ContextsDocument"} <= set(schema["$defs"])


def test_api_page_documents_endpoints_examples_and_sizes(shipped_catalog: Catalog) -> None:
    outputs = plan_reuse(shipped_catalog, SITE)
    page = outputs.pages[API_GUIDE]
    for path in (API_CODES_INDEX, API_CONTEXTS, API_SCHEMA):
        assert f"[`/{path}`](<{path}>)" in page
        assert f"{len(outputs.files[path].encode())} bytes" in page
    stats = size_stats(outputs.files[api_code(e.code)] for e in shipped_catalog.codes)
    assert f"median {stats.median} bytes ({stats.smallest}–{stats.largest})" in page
    assert "curl -fsS http://127.0.0.1:8000/api/v1/codes.json" in page
    assert 'await fetch("http://127.0.0.1:8000/api/v1/codes/502.json")' in page
    assert 'with urlopen("http://127.0.0.1:8000/api/v1/codes.json") as response:' in page
    for field in CodeEntry.model_fields:
        assert f"| `{field}` |" in page


def test_render_writes_the_api_and_embeds_for_the_given_site_url(tmp_path: Path) -> None:
    from statuskb.cli import main

    out = tmp_path / "docs"
    assert main(["render", "--out", str(out), "--catalog", str(ROOT / "data" / "status_codes.yaml"),
                 "--content", str(ROOT / "content"), "--site-url", "https://errors.example.org/"]) == 0
    index = json.loads((out / API_CODES_INDEX).read_text())
    assert index["codes"][0]["urls"]["page"].startswith("https://errors.example.org/codes/")
    assert 'href="https://errors.example.org/codes/502/"' in (out / "embed" / "faq" / "502.html").read_text()
    assert (out / API_GUIDE).is_file() and (out / "embed.md").is_file()
