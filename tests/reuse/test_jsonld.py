"""Structured data of code pages: built in Python, carried in front matter, written with `tojson`."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

import jinja2
import yaml

from statuskb import Catalog, CodeEntry, SiteInfo
from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import Faq
from statuskb.reuse.jsonld import code_page_jsonld
from statuskb.site.pages import render_code_page
from support import ROOT, html_tags

SITE = SiteInfo()


def entry(catalog: Catalog, code: int) -> CodeEntry:
    return next(e for e in catalog.codes if e.code == code)


def by_type(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["@type"]: item for item in objects}


def render_extrahead(jsonld: object) -> str:
    """theme_overrides/main.html's extrahead block, rendered as MkDocs renders it (autoescape on)."""
    source = (ROOT / "theme_overrides" / "main.html").read_text(encoding="utf-8")
    block = source.split("{% block extrahead %}", 1)[1].split("{% endblock %}", 1)[0]
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["url"] = lambda path: path
    return env.from_string(block.replace("{{ super() }}", "")).render(page=SimpleNamespace(meta={"jsonld": jsonld}))


def test_code_page_has_article_and_breadcrumbs(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    objects = code_page_jsonld(bad_gateway, SITE)
    assert [item["@type"] for item in objects] == ["TechArticle", "BreadcrumbList"]
    assert {item["@context"] for item in objects} == {"https://schema.org"}
    article = objects[0]
    assert article["headline"] == "502 Bad Gateway"
    assert article["description"] == "502 Bad Gateway means something went wrong on the server side. (Fixture text.)"
    assert article["dateModified"] == bad_gateway.last_reviewed == "2026-11-26"
    assert article["url"] == article["mainEntityOfPage"] == "http://127.0.0.1:8000/codes/502/"
    assert article["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "citation" not in article  # the Sources section lists them; search engines do not read it
    crumbs = objects[1]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "5xx Field Guide", "http://127.0.0.1:8000/"),
        (2, "Status codes", "http://127.0.0.1:8000/codes/"),
        (3, "502 Bad Gateway", "http://127.0.0.1:8000/codes/502/"),
    ]


def test_the_faq_is_not_repeated_as_structured_data(shipped_catalog: Catalog) -> None:
    """Google shows FAQ rich results only for government and health sites: the page's own text suffices."""
    for code_entry in shipped_catalog.codes:
        assert code_entry.faqs and "FAQPage" not in by_type(code_page_jsonld(code_entry, SITE)), code_entry.code


def test_code_spans_keep_their_underscores_and_markup_goes(fixture_catalog: Catalog) -> None:
    definition = "Is `proxy_read_timeout` *too* low for [nginx](https://nginx.org/)?"
    changed = entry(fixture_catalog, 502).model_copy(update={"definition": definition})
    assert by_type(code_page_jsonld(changed, SITE))["TechArticle"]["description"] == \
        "Is proxy_read_timeout too low for nginx?"


def test_absolute_urls_follow_site_url(fixture_catalog: Catalog) -> None:
    site = SiteInfo(url="https://example.org/guide/", name="Guide")
    objects = code_page_jsonld(entry(fixture_catalog, 502), site)
    text = json.dumps(objects)
    assert "127.0.0.1" not in text
    assert objects[0]["url"] == "https://example.org/guide/codes/502/"
    assert objects[0]["isPartOf"] == {"@type": "WebSite", "name": "Guide", "url": "https://example.org/guide/"}


def test_jsonld_travels_in_front_matter(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    page = render_code_page(SiteIndex(fixture_catalog), bad_gateway, SITE)
    meta = yaml.safe_load(page.split("---\n", 2)[1])
    assert meta["jsonld"] == code_page_jsonld(bad_gateway, SITE)


def test_theme_writes_one_parseable_script_per_object(fixture_catalog: Catalog) -> None:
    objects = code_page_jsonld(entry(fixture_catalog, 502), SITE)
    head = render_extrahead(objects)
    scripts = [tag for tag in html_tags(head) if tag.attrs.get("type") == "application/ld+json"]
    assert [json.loads(script.text) for script in scripts] == objects


def test_tojson_keeps_hostile_text_inside_the_script(fixture_catalog: Catalog) -> None:
    """Model objects made in Python skip the validator: the theme must still hold the line."""
    hostile = "</script><script>alert(1)</script><!-- ' \" & \u2028 ]]>"
    changed = entry(fixture_catalog, 502).model_copy(update={
        "reason": hostile, "definition": hostile, "faqs": [Faq(question=hostile, answer=hostile)]})
    objects = code_page_jsonld(changed, SITE)
    head = render_extrahead(objects)
    tags = html_tags(head)
    assert [tag.attrs.get("type") for tag in tags if tag.name == "script"] == [
        "application/ld+json", "application/ld+json"]
    scripts = [tag.text for tag in tags if tag.attrs.get("type") == "application/ld+json"]
    assert [json.loads(text) for text in scripts] == objects
    assert all(not re.search(r"</script|<!--|<script", text, re.IGNORECASE) for text in scripts)
    # The text itself survives as text (whitespace normalised, U+2028 included).
    assert by_type(objects)["TechArticle"]["description"] == " ".join(hostile.split())


def test_jsonld_is_deterministic(fixture_catalog: Catalog) -> None:
    bad_gateway = entry(fixture_catalog, 502)
    assert code_page_jsonld(bad_gateway, SITE) == code_page_jsonld(bad_gateway, SITE)
