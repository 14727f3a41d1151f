"""Real `mkdocs build --strict` runs: structured data, embeds and the JSON API as a reader gets them."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from statuskb import Catalog, SiteInfo
from statuskb.common.markdown import html_text, visible_text
from statuskb.reuse.api import api_files
from statuskb.reuse.embeds import render_fragment, render_iframe_page
from support import (
    HOSTILE_ANSWER,
    HOSTILE_DEFINITION,
    HOSTILE_QUESTION,
    BuildResult,
    event_handler_attributes,
    html_tags,
    loaded_urls,
    make_catalog_hostile,
    run_build,
)

pytestmark = pytest.mark.build
SITE = SiteInfo()


def jsonld_of(page: str) -> dict[str, dict[str, object]]:
    scripts = [tag.text for tag in html_tags(page) if tag.attrs.get("type") == "application/ld+json"]
    objects = [json.loads(text) for text in scripts]
    return {str(item["@type"]): item for item in objects}


def canonical_of(page: str) -> str:
    return str(next(tag.attrs["href"] for tag in html_tags(page) if tag.attrs.get("rel") == "canonical"))


def visible_faq(page: str) -> list[tuple[str, str]]:
    """(question, answer) as the built page shows them under "Frequently asked questions"."""
    section = page.split('id="frequently-asked-questions"', 1)[1].split('id="embed-this-faq"', 1)[0]
    shown = []
    for chunk in section.split("<summary>")[1:]:  # one collapsible item per question
        heading, answer = chunk.split("</summary>", 1)
        # The footnote links after an answer are its citations (cite.md.j2), not part of its text.
        answer = re.sub(r'<sup class="cite">.*?</sup>', "", answer.split("</details>", 1)[0])
        shown.append((html_text(heading), html_text(answer)))
    return shown


def visible_definition(page: str) -> str:
    box = page.split('<p class="admonition-title">In short</p>', 1)[1].split("</div>", 1)[0]
    return html_text(box)


# ----------------------------------------------------------------------------- the shipped site
def test_every_code_page_has_structured_data_matching_what_it_shows(
        built_site: BuildResult, shipped_catalog: Catalog) -> None:
    for entry in shipped_catalog.codes:
        page = built_site.html(f"codes/{entry.code}/")
        objects = jsonld_of(page)
        assert sorted(objects) == ["BreadcrumbList", "TechArticle"], entry.code
        article = objects["TechArticle"]
        url = f"http://127.0.0.1:8000/codes/{entry.code}/"
        assert canonical_of(page) == article["url"] == url
        assert article["dateModified"] == entry.last_reviewed
        assert article["description"] == visible_definition(page)
        assert re.search(r'<meta name="description" content="[^"]+"', page)
        assert visible_faq(page), entry.code  # the FAQ is the page's own text, not structured data


def test_api_on_the_site_is_the_plan_and_validates(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    planned = api_files(shipped_catalog, SITE)
    schema = json.loads((built_site.site / "api" / "v1" / "schema.json").read_text())
    for path, text in planned.items():
        assert (built_site.site / path).read_text(encoding="utf-8") == text, path
    for path in planned:
        if path.endswith("schema.json"):
            continue
        kind = {"codes.json": "CodesIndex", "contexts.json": "ContextsDocument"}.get(posixpath.basename(path),
                                                                                    "CodeDocument")
        document = json.loads((built_site.site / path).read_text())
        validator = Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": schema["$defs"]})
        assert [e.message for e in validator.iter_errors(document)] == [], path


def test_embed_files_on_the_site(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    sitemap = (built_site.site / "sitemap.xml").read_text()
    search = json.loads((built_site.site / "search" / "search_index.json").read_text())["docs"]
    assert not any(doc["location"].startswith("embed/faq") for doc in search)
    # The code to copy is kept out of search (data-search-exclude), so "bad gateway" finds prose.
    code_pages = [doc for doc in search if doc["location"].startswith("codes/5")]
    assert code_pages and not any("fxg-faq" in doc["text"] for doc in code_pages)
    for entry in shipped_catalog.codes:
        iframe = (built_site.site / "embed" / "faq" / f"{entry.code}.html").read_text(encoding="utf-8")
        fragment = (built_site.site / "embed" / "faq" / f"{entry.code}.fragment.html").read_text(encoding="utf-8")
        assert iframe == render_iframe_page(entry, SITE)  # copied as it is: no theme, no MkDocs processing
        assert fragment == render_fragment(entry, SITE)
        assert loaded_urls(iframe) == loaded_urls(fragment) == []
        assert f'href="http://127.0.0.1:8000/codes/{entry.code}/"' in iframe
        assert f"embed/faq/{entry.code}" not in sitemap


def test_embed_page_of_a_code(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    code = built_site.html("codes/502/")
    link = code.split('id="embed-this-faq"', 1)[1].split("<h2", 1)[0]
    assert 'href="../../embed/502/"' in link and 'href="../../api/v1/codes/502.json"' in link
    assert "fxg-embed" not in code and "embed.js" not in code  # the options and the code are a page away
    page = built_site.html("embed/502/")
    tags = html_tags(page)
    preview = next(tag for tag in tags if tag.name == "iframe")
    target = (built_site.site / "embed" / "502" / str(preview.attrs["src"])).resolve()
    assert target == (built_site.site / "embed" / "faq" / "502.html").resolve() and target.is_file()
    faqs = next(entry.faqs for entry in shipped_catalog.codes if entry.code == 502)
    assert [tag.attrs.get("value") for tag in tags if tag.attrs.get("name") == "q"] == [
        str(n) for n in range(1, len(faqs) + 1)]
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert article.count('<div class="highlight">') == 2  # iframe code and fragment, each with a copy button
    assert 'href="../../codes/502/"' in article and 'href="../"' in article  # the code's page, the guide
    head, body = page.split("</head>", 1)
    assert '"../../assets/stylesheets/fieldguide.css"' in head
    # embed.js is the embed page's own script: inside the content, where instant navigation runs it.
    content = body.split("<article", 1)[1].split("</main>", 1)[0]
    assert '<script src="../../assets/javascripts/embed.js" defer>' in content
    assert "embed.js" not in built_site.html("")
    for asset in ("assets/javascripts/embed.js", "assets/stylesheets/fieldguide.css"):
        assert (built_site.site / asset).is_file()
    css = (built_site.site / "assets/stylesheets/fieldguide.css").read_text()
    assert ".fxg-embed__preview" in css  # the embed page's styles travel in the site's one stylesheet
    assert "content-visibility:auto" in css and "/*" not in css  # its rules shipped (minified), its comments not
    search = json.loads((built_site.site / "search" / "search_index.json").read_text())["docs"]
    assert not any(doc["location"].startswith("embed/5") for doc in search)  # the FAQ's words again


def test_embed_and_api_pages_are_in_the_nav_with_real_sizes(built_site: BuildResult) -> None:
    home = built_site.html("")
    assert re.search(r'href="embed/"[^>]*>\s*<span class="md-ellipsis">\s*Embed the FAQ', home)
    assert re.search(r'href="api/"[^>]*>\s*<span class="md-ellipsis">\s*JSON API', home)
    embed_page = built_site.html("embed/")
    sizes = re.findall(r'<a href="(faq/[^"]+)">[^<]+</a> \((\d+) bytes\)', embed_page)
    assert len(sizes) == 2 * len(list((built_site.site / "codes").glob("5*/index.html")))
    for href, size in sizes:
        assert (built_site.site / "embed" / href).stat().st_size == int(size), href
    api_page = built_site.html("api/")
    for href in ("v1/codes.json", "v1/contexts.json", "v1/schema.json", "v1/codes/502.json"):
        assert f'href="{href}"' in api_page
        assert (built_site.site / "api" / href).is_file()


# ----------------------------------------------------------------------------- variants of the project
def test_site_url_reaches_every_reuse_output(project: Path) -> None:
    result = run_build(project, env={"SITE_URL": "https://errors.example.org/guide/"})
    assert result.returncode == 0, result.output
    base = "https://errors.example.org/guide/"
    page = result.html("codes/502/")
    assert canonical_of(page) == jsonld_of(page)["TechArticle"]["url"] == f"{base}codes/502/"
    assert f'href="{base}codes/502/"' in (result.site / "embed" / "faq" / "502.html").read_text()
    assert json.loads((result.site / "api" / "v1" / "codes.json").read_text())["codes"][0]["urls"]["page"].startswith(
        base)
    embed_page = result.html("embed/502/")
    assert f"src={json.dumps(base + 'embed/faq/502.html')}" in html_text(embed_page)  # the code to copy
    outputs = [page, embed_page, *(p.read_text() for p in (result.site / "embed" / "faq").iterdir()),
               *(p.read_text() for p in (result.site / "api").rglob("*.json"))]
    assert not any("127.0.0.1:8000" in text for text in outputs)


def test_hostile_text_stays_text_in_every_built_output(project: Path) -> None:
    make_catalog_hostile(project)
    result = run_build(project)
    assert result.returncode == 0, result.output
    page = result.html("codes/502/")
    tags = html_tags(page)
    assert event_handler_attributes(page) == []
    assert [tag for tag in tags if tag.name == "img" and tag.attrs.get("src") == "x"] == []
    for tag in tags:
        if tag.name == "script" and tag.attrs.get("type") != "application/ld+json":
            assert "__pwned" not in tag.text  # only the theme's own scripts
    embed_page = result.html("embed/502/")  # the hostile question is in its options and in its code
    assert event_handler_attributes(embed_page) == []
    assert all("__pwned" not in tag.text for tag in html_tags(embed_page) if tag.name == "script")
    objects = jsonld_of(page)
    assert objects["TechArticle"]["description"] == visible_text(HOSTILE_DEFINITION) == visible_definition(page)
    assert visible_faq(page)[0] == (visible_text(HOSTILE_QUESTION), visible_text(HOSTILE_ANSWER))
    for name in ("502.html", "502.fragment.html"):
        embed = (result.site / "embed" / "faq" / name).read_text()
        assert event_handler_attributes(embed) == [] and loaded_urls(embed) == []
        assert all("__pwned" not in tag.text for tag in html_tags(embed) if tag.name == "script")
        assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in embed
    document = json.loads((result.site / "api" / "v1" / "codes" / "502.json").read_text())
    assert document["definition"] == HOSTILE_DEFINITION
    assert document["faqs"][0]["question"] == HOSTILE_QUESTION
    assert document["faqs"][0]["question_text"] == visible_text(HOSTILE_QUESTION)
    json.loads((result.site / "search" / "search_index.json").read_text())
