"""Catalog text in every output stays text: code page, JSON-LD, iframe page, fragment, JSON.

Two lines of defence, both tested: the validator refuses raw HTML and unsafe links (a), and the
renderers escape whatever reaches them, including model objects built in Python that never saw
the validator (b). The same texts run through a real build and real Chromium in
tests/test_reuse_build.py and tests/browser/test_embeds_in_chromium.py.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path
from typing import Any

import markdown
import pydantic
import pytest
import yaml

from statuskb import Catalog, CodeEntry, ProblemsFound, SiteInfo, load_catalog
from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import Faq
from statuskb.common import templating
from statuskb.common.markdown import html_text, inline_markdown_html, link_scheme, markdown_html, visible_text
from statuskb.gallery.languages import SOURCE_LANGUAGE, english_only
from statuskb.gallery.pages import render_error_page
from statuskb.gallery.themes import THEMES
from statuskb.reuse.api import code_document
from statuskb.reuse.embeds import iframe_script, render_fragment, render_iframe_page
from statuskb.reuse.jsonld import code_page_jsonld
from statuskb.site.pages import render_code_page
from support import (
    FIXTURE_CATALOG,
    HOSTILE_ANSWER,
    HOSTILE_DEFINITION,
    HOSTILE_QUESTION,
    event_handler_attributes,
    html_tags,
    loaded_urls,
    problems_in_text,
)

SITE = SiteInfo()
PAYLOAD = "</script><script>alert(1)</script>"
#: Raw markup that a renderer must never pass through (model objects bypass the validator).
BYPASSING = [
    PAYLOAD,
    "<img src=x onerror=alert(1)>",
    "<!-- <a:b tabindex=1 autofocus onfocus=alert(1)>x</a:b> -->",
    "[click](javascript:alert(1)) [enc](java&#115;cript:alert(1)) [col](javascript&colon;alert(1))",
    '"><svg onload=alert(1)> \' & < > ]]> --!>',
]


def entry(catalog: Catalog, code: int) -> CodeEntry:
    return next(e for e in catalog.codes if e.code == code)


def with_faq(catalog: Catalog, question: str, answer: str, definition: str | None = None) -> CodeEntry:
    update: dict[str, object] = {"faqs": [Faq(question=question, answer=answer)]}
    if definition is not None:
        update["definition"] = definition
    return entry(catalog, 502).model_copy(update=update)


# ----------------------------------------------------------------------------- (a) the validator
def catalog_with_answer(fixture_text: str, answer: str) -> str:
    old = 'answer: "No. It is a server-side error."}'
    assert old in fixture_text
    return fixture_text.replace(old, f"answer: {json.dumps(answer)}}}", 1)


@pytest.mark.parametrize(
    "answer",
    [
        "Yes </script><script>alert(1)</script>",
        "A comment <!-- here",
        "<img src=x onerror=alert(1)>",
        "<a:b tabindex=1 autofocus onfocus=alert(1)>focus me</a:b>",  # a tag name with a colon
        "<javascript:alert(1)>",
    ],
)
def test_validator_rejects_raw_html(tmp_path: Path, fixture_text: str, answer: str) -> None:
    problems = problems_in_text(tmp_path, catalog_with_answer(fixture_text, answer))
    assert len(problems) == 1 and "raw HTML is not allowed in catalog text" in problems[0], problems


@pytest.mark.parametrize(
    "answer",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#115;cript:alert(1))",  # a character reference the browser decodes
        "[x](javascript&colon;alert(1))",
        "[x](\u0001javascript:alert(1))",  # a control character the browser drops
        "[x](data:text/html,<b>hi</b>)",
        "[x][ref]\n\n[ref]: java&#x73;cript:alert(1)",
    ],
)
def test_validator_rejects_javascript_links_however_spelled(tmp_path: Path, fixture_text: str, answer: str) -> None:
    problems = problems_in_text(tmp_path, catalog_with_answer(fixture_text, answer))
    assert problems and all("is not allowed: links must be http(s) or mailto URLs" in p or "raw HTML" in p
                            or "reference links and definitions" in p for p in problems), problems
    assert any("link target" in p for p in problems)


@pytest.mark.parametrize("text", [HOSTILE_QUESTION, HOSTILE_ANSWER, HOSTILE_DEFINITION, "5 < 10 && 10 > 5",
                                  "[ok](https://example.org/?a=1&b=2) and <https://example.org/> and [top](#faq)"])
def test_validator_accepts_text_that_only_looks_dangerous(tmp_path: Path, fixture_text: str, text: str) -> None:
    assert problems_in_text(tmp_path, catalog_with_answer(fixture_text, text)) == []


@pytest.mark.parametrize(
    ("href", "scheme"),
    [("https://x", "https"), ("JaVaScRiPt:x", "javascript"), ("java&#115;cript:x", "javascript"),
     ("java\tscript:x", "javascript"), ("  \x01javascript:x", "javascript"), ("#faq", None), ("../a.md", None)],
)
def test_link_scheme_reads_urls_as_browsers_do(href: str, scheme: str | None) -> None:
    assert link_scheme(href) == scheme


# ----------------------------------------------------------------------------- (b) the renderers
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a < b && c > d", "<p>a &lt; b &amp;&amp; c &gt; d</p>"),
        ("`</script>` and `<!--`", "<p><code>&lt;/script&gt;</code> and <code>&lt;!--</code></p>"),
        (PAYLOAD, "<p>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>x</p>"),
        ("[x](java&#115;cript:alert(1))", "<p>x</p>"),
        ("[x](https://example.org/?a=1&b=2)", '<p><a href="https://example.org/?a=1&amp;b=2">x</a></p>'),
        ("![pixel](https://tracker.example/p.png)", "<p>![pixel](https://tracker.example/p.png)</p>"),
        ("*em* **strong** `proxy_pass`", "<p><em>em</em> <strong>strong</strong> <code>proxy_pass</code></p>"),
    ],
)
def test_safe_markdown(source: str, expected: str) -> None:
    assert str(markdown_html(source)) == expected


def test_inline_markdown_has_no_paragraph() -> None:
    assert str(inline_markdown_html("Is `x` *it*?")) == "Is <code>x</code> <em>it</em>?"
    assert visible_text("Is `proxy_read_timeout` *too* low?") == "Is proxy_read_timeout too low?"


@pytest.mark.parametrize("payload", BYPASSING)
def test_iframe_page_and_fragment_keep_bypassing_text_as_text(fixture_catalog: Catalog, payload: str) -> None:
    hostile = with_faq(fixture_catalog, payload, payload)
    for output in (render_iframe_page(hostile, SITE), render_fragment(hostile, SITE)):
        tags = html_tags(output)
        assert event_handler_attributes(output) == []
        assert loaded_urls(output) == []
        assert {tag.name for tag in tags} <= {"html", "head", "meta", "title", "link", "base", "style", "body",
                                             "main", "h1", "h2", "section", "details", "summary", "div", "p", "a",
                                             "span", "code", "script"}
        assert [t.text for t in tags if t.name == "script"] in ([], [iframe_script()])  # only our own, if any
        assert not any(re.match(r"\s*javascript:", str(t.attrs.get("href", "")), re.I) for t in tags)
        assert all(str(t.attrs.get("href", "")).startswith(("http://", "https://", "mailto:"))
                   for t in tags if t.name == "a")
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", output, re.DOTALL)
        assert summary and html_text(summary.group(1)) == visible_text(payload)


def test_jsonld_and_json_keep_bypassing_text_as_data(fixture_catalog: Catalog) -> None:
    hostile = with_faq(fixture_catalog, PAYLOAD, PAYLOAD, definition=PAYLOAD)
    objects = code_page_jsonld(hostile, SITE)
    assert objects[0]["description"] == PAYLOAD
    document = code_document(fixture_catalog, hostile, SITE)
    assert json.loads(json.dumps(document))["faqs"][0]["question"] == PAYLOAD  # the Markdown, unchanged
    assert document["faqs"][0]["question_html"] == "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert document["faqs"][0]["answer_text"] == PAYLOAD


def test_code_page_escapes_the_text_the_validator_lets_through(tmp_path: Path, fixture_text: str) -> None:
    old = '{question: "Is 502 my fault?", answer: "No. It is a server-side error."}'
    assert old in fixture_text
    hostile = f"{{question: {json.dumps(HOSTILE_QUESTION)}, answer: {json.dumps(HOSTILE_ANSWER)}}}"
    text = fixture_text.replace(old, hostile)
    (tmp_path / "catalog.yaml").write_text(text)
    catalog = load_catalog(tmp_path / "catalog.yaml")
    page = render_code_page(SiteIndex(catalog), entry(catalog, 502), SITE)
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["tables", "attr_list", "admonition",
                                                                   "md_in_html", "pymdownx.superfences",
                                                                   "pymdownx.tabbed", "pymdownx.highlight", "toc"])
    assert [tag.name for tag in html_tags(html) if tag.name in {"script", "img"}] == []
    assert event_handler_attributes(html) == []
    codes = [htmllib.unescape(code) for code in re.findall(r"<code>(.*?)</code>", html)]
    assert "</script><script>window.__pwned=1</script>" in codes
    assert "https://example.org/?a=1&b=2" in [tag.attrs.get("href") for tag in html_tags(html)]
    assert "javascript:alert(4) stays text" in htmllib.unescape(html)


# ----------------------------------------------------------------------------- every field kind
#: Markup for every context at once: text, a double- or single-quoted attribute, a title, a script.
EVERYWHERE = "\"'><svg onload=alert(7)></title></textarea></script><script>alert(8)</script>&amp;"


def string_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The path of every string in a YAML or model dump."""
    if isinstance(value, str):
        return [path]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    return [found for key, item in items for found in string_paths(item, (*path, key))]


def replaced(data: Any, path: tuple[str | int, ...], text: str) -> Any:
    """A deep copy of `data` with the string at `path` replaced by `text`."""
    copy = json.loads(json.dumps(data))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text
    return copy


def html_outputs(catalog: Catalog, code_entry: CodeEntry) -> dict[str, str]:
    """Every HTML the renderers write for a code entry themselves (HTML templates, autoescaped)."""
    outputs = {"iframe page": render_iframe_page(code_entry, SITE), "fragment": render_fragment(code_entry, SITE)}
    english = english_only(catalog)[SOURCE_LANGUAGE]
    return outputs | {f"error page ({theme.name})": render_error_page(theme, code_entry, english) for theme in THEMES}


def code_page_html(catalog: Catalog, code_entry: CodeEntry) -> str:
    page = render_code_page(SiteIndex(catalog), code_entry, SITE).split("---\n", 2)[2]
    return markdown.markdown(page, extensions=["tables", "attr_list", "admonition", "md_in_html",
                                               "pymdownx.superfences", "pymdownx.tabbed", "toc"])


def injected(output: str) -> list[str]:
    """What EVERYWHERE added to `output`: event handlers, its elements, its script (nothing when escaped)."""
    found = [tag.name for tag in html_tags(output) if tag.name == "textarea"
             or (tag.name == "script" and "alert(8)" in tag.text)]
    return found + event_handler_attributes(output)


def with_every_text_field_hostile(original: CodeEntry) -> tuple[CodeEntry, int]:
    """The entry with EVERYWHERE in every string field its model accepts free text in.

    Built in Python, so the catalog's validator never sees it: only the renderers stand between
    it and the page. Strings the model constrains (identifiers, dates, enumerations, URLs) keep
    their value. Returns the entry and how many fields carry the payload.
    """
    dump = original.model_dump(mode="json", exclude_none=True)
    data = dump
    for path in string_paths(dump):
        candidate = replaced(data, path, EVERYWHERE)
        try:
            CodeEntry.model_validate(candidate)
        except pydantic.ValidationError:
            continue
        data = candidate
    hostile = CodeEntry.model_validate(data)
    return hostile, sum(1 for path in string_paths(data) if _at(data, path) == EVERYWHERE)


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def test_renderers_escape_hostile_text_in_every_field_kind(fixture_catalog: Catalog) -> None:
    """(b) Embeds and error pages escape every field, even text the validator never saw."""
    hostile, carried = with_every_text_field_hostile(entry(fixture_catalog, 502))
    assert carried >= 20  # reason, definition, plain, causes, fixes, FAQs, misconceptions, ...
    assert hostile.reason == EVERYWHERE and hostile.faqs[0].question == EVERYWHERE
    outputs = html_outputs(fixture_catalog, hostile)
    assert {name: injected(output) for name, output in outputs.items() if injected(output)} == {}
    assert all(EVERYWHERE not in output for output in outputs.values())


def test_autoescape_off_fails_the_field_test(fixture_catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above is not vacuous: with HTML autoescaping off, it finds the injected markup."""
    unescaped = templating.environment().overlay(autoescape=False, bytecode_cache=None)
    monkeypatch.setattr(templating, "environment", lambda: unescaped)
    hostile, _ = with_every_text_field_hostile(entry(fixture_catalog, 502))
    found = {name for name, output in html_outputs(fixture_catalog, hostile).items() if injected(output)}
    assert {"iframe page", "fragment"} <= found


def fixture_502_paths() -> list[tuple[str | int, ...]]:
    data = yaml.safe_load(FIXTURE_CATALOG.read_text(encoding="utf-8"))
    index = next(i for i, item in enumerate(data["codes"]) if item["code"] == 502)
    return [("codes", index, *path) for path in string_paths(data["codes"][index])]


@pytest.mark.parametrize("path", fixture_502_paths(), ids=lambda path: ".".join(map(str, path[2:])))
def test_no_field_becomes_markup_on_the_code_page(tmp_path: Path, fixture_text: str,
                                                 path: tuple[str | int, ...]) -> None:
    """(a) + (b) for the code page, whose Markdown templates trust the validator: raw HTML in any one
    field is either refused with that field's position, or rendered as text (commands are code)."""
    text = yaml.safe_dump(replaced(yaml.safe_load(fixture_text), path, "Text <svg onload=alert(7)> here"),
                          allow_unicode=True, sort_keys=False, width=1_000)
    (tmp_path / "catalog.yaml").write_text(text, encoding="utf-8")
    try:
        catalog = load_catalog(tmp_path / "catalog.yaml", "catalog.yaml")
    except ProblemsFound as found:
        assert any(str(path[-1]) in problem.field or isinstance(path[-1], int) for problem in found.problems), \
            found.report()
        return
    # The page's own form (the explain box's textarea) is not injected: compare with the clean page.
    (tmp_path / "clean.yaml").write_text(fixture_text, encoding="utf-8")
    clean = load_catalog(tmp_path / "clean.yaml", "clean.yaml")
    assert injected(code_page_html(catalog, entry(catalog, 502))) == injected(code_page_html(clean, entry(clean, 502)))
