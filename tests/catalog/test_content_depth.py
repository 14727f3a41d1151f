"""Contexts, code-in-context pages, comparisons, glossary and request-path diagrams (issue #3):
the pure renderers on the fixture catalog, and the rules that guard their data."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from statuskb import Catalog, load_catalog, plan_site
from statuskb.catalog.crossref import SiteIndex
from statuskb.site.compare import render_compare_index, render_comparison
from statuskb.site.contexts import render_code_in_context, render_context_page
from statuskb.site.diagrams import render_request_path
from statuskb.site.glossary import abbreviations
from statuskb.site.plan import hand_written_markdown
from support import problems_in_text

SVG = "{http://www.w3.org/2000/svg}"


def body(page: str) -> str:
    """The page's Markdown after its front matter, catalog text read as a browser shows it.

    Catalog text is in the page as inert HTML (character references, `<code>` for code):
    decoding the references gives the words, so that the tests read like the page.
    """
    return html.unescape(page.split("---\n", 2)[2])


def test_request_path_svg_is_accessible_and_static(fixture_catalog: Catalog) -> None:
    entry = next(e for e in fixture_catalog.codes if e.code == 502)
    figure = render_request_path(entry.request_path, "502 Bad Gateway", "rp-502")
    svg_text = re.search(r"<svg.*</svg>", figure, re.DOTALL)
    assert svg_text
    svg = ET.fromstring(svg_text.group(0))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "rp-502-title rp-502-desc"
    assert svg.find(f"{SVG}title").text == "Where 502 Bad Gateway comes from"  # type: ignore[union-attr]
    desc = svg.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "Browser or client → Reverse proxy → Application" in desc
    assert "The failure is at the application; the reverse proxy sent 502 Bad Gateway." in desc
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Browser or client", "Reverse proxy", "sent the error", "Application", "failed"]
    assert "<script" not in figure and "href=" not in figure.replace('url(#rp-502-arrow)', "")
    assert figure.startswith('<figure class="request-path">') and "<figcaption>" in figure
    assert "\n\n" not in figure  # a blank line would end Markdown's raw HTML block


def test_diagram_text_is_escaped(fixture_catalog: Catalog) -> None:
    entry = next(e for e in fixture_catalog.codes if e.code == 502)
    hostile = entry.request_path.model_copy(update={"caption": "</desc><script>alert(1)</script> & more"})
    figure = render_request_path(hostile, "502 <Bad>", "rp-x")
    assert "<script>" not in figure
    assert "&lt;/desc&gt;&lt;script&gt;" in figure and "502 &lt;Bad&gt;" in figure


def test_context_page(fixture_catalog: Catalog) -> None:
    page = body(render_context_page(SiteIndex(fixture_catalog), "nginx"))
    headings = re.findall(r"^## (.+)$", page, re.MULTILINE)
    assert headings == ["Where it sits in the request path", "Where the logs are",
                        "The 5xx codes it sends by itself", "Log lines and what they mean", "Codes in nginx", "Sources"]
    assert "| Error log | <code>/var/log/nginx/error.log</code> |" in page
    assert "[502 Bad Gateway](../codes/502.md)" in page
    line = "<code>connect() failed (111: Connection refused) while connecting to upstream</code>"
    assert f"| {line} | [502](../codes/502/nginx.md) |" in page
    assert '<figure class="request-path">' in page


def test_code_in_context_page_keeps_to_its_context(fixture_catalog: Catalog) -> None:
    index = SiteIndex(fixture_catalog)
    item = next(i for i in index.code_in_context if i.entry.code == 502 and i.context_id == "nginx")
    page = body(render_code_in_context(index, item))
    assert page.startswith("\n# 502 Bad Gateway in nginx\n")
    assert "<code>connect() failed (111: Connection refused) while connecting to upstream</code>" in page
    assert "sudo tail -n 50 /var/log/nginx/error.log" in page
    assert "apachectl" not in page  # the Apache command belongs on the Apache page
    assert "[502 Bad Gateway](../502.md)" in page and "(../../contexts/nginx.md)" in page
    assert "The upstream refused the connection or sent an invalid response." in page  # nginx emits 502


def test_audience_contexts_get_no_code_in_context_pages(fixture_catalog: Catalog) -> None:
    contexts = {item.context_id for item in SiteIndex(fixture_catalog).code_in_context}
    assert contexts == {"nginx", "apache"}


def test_compare_has_a_card_per_code_and_the_pairs_first(fixture_catalog: Catalog) -> None:
    page = body(render_compare_index(SiteIndex(fixture_catalog)))
    html = markdown.markdown(page, extensions=["md_in_html", "attr_list"])
    cards = re.findall(r'<details class="fg-more" id="code-(\d+)">(.*?)</details>', html, re.DOTALL)
    assert [int(code) for code, _ in cards] == sorted(entry.code for entry in fixture_catalog.codes)
    for _, card in cards:
        facts = re.findall(r"<li><strong>(.*?):</strong>", card)
        assert facts == ["Sent by", "Failure at", "Safe to retry", "Retry-After", "Cacheable by default",
                         "Typical cause", "Typical duration"]
    assert page.index("[502 vs 504](502-vs-504.md)") < page.index('<details class="fg-more"')


def test_a_new_code_appears_in_the_matrix_without_code_changes(tmp_path: Path, fixture_text: str) -> None:
    start = fixture_text.index("\n  - code: 504\n")
    end = fixture_text.index("\ncomparisons:")
    vendor = fixture_text[start:end].replace("code: 504", "code: 524", 1).replace(
        "reason: Gateway Timeout", "reason: A Timeout Occurred", 1).replace(
        "standing: standard", "standing: vendor\n    vendor: Cloudflare", 1)
    text = fixture_text[:end] + vendor + fixture_text[end:]
    assert problems_in_text(tmp_path, text) == []
    page = body(render_compare_index(SiteIndex(load_catalog(tmp_path / "catalog.yaml"))))
    assert '<details class="fg-more" id="code-524" markdown>' in page
    assert "[524 A Timeout Occurred](../codes/524.md)" in page


def test_pairwise_page(fixture_catalog: Catalog) -> None:
    comparison = fixture_catalog.comparisons[0]
    page = body(render_comparison(SiteIndex(fixture_catalog), comparison))
    assert page.startswith("\n# 502 vs 504: Bad Gateway or Gateway Timeout?\n")
    assert "| **What went wrong** | An invalid or no response | No response in time |" in page
    assert "| **Safe to retry** | After a pause | After a pause |" in page
    assert "## How to tell which one you have\n\nLook at the proxy's error log." in page
    assert "[502 Bad Gateway](../codes/502.md)" in page


def test_code_page_links_its_contexts_and_comparisons(fixture_catalog: Catalog) -> None:
    plan = {page.src_uri: page.markdown for page in plan_site(fixture_catalog).pages}
    page = plan["codes/502.md"]
    assert "[502 in nginx](502/nginx.md){ .fg-chip }" in page
    assert "[nginx](502/nginx.md){ .fg-chip data-reader=\"owner\" }" in page  # the site owner's choice
    assert "Side by side: [502 vs 504](../compare/502-vs-504.md)." in page


def test_glossary_tooltips_on_generated_and_hand_written_pages(fixture_catalog: Catalog) -> None:
    lines = abbreviations(fixture_catalog).splitlines()
    assert lines == [
        "*[reverse proxy]: A server that receives requests for a site and forwards them to the servers behind it.",
        "*[Reverse proxy]: A server that receives requests for a site and forwards them to the servers behind it.",
        "*[reverse proxies]: A server that receives requests for a site and forwards them to the servers behind it.",
        "*[Reverse proxies]: A server that receives requests for a site and forwards them to the servers behind it.",
        "*[upstream]: The server a proxy forwards a request to.",
        "*[Upstream]: The server a proxy forwards a request to.",
    ]
    plan = plan_site(fixture_catalog)
    for page in plan.pages:  # each page gets the lines of the terms it uses, and only those
        body, _, appended = page.markdown.partition("\n\n*[")
        used = {line for line in lines if re.search(rf"(?<!\w){re.escape(line[2:line.index(']')])}(?!\w)", body)}
        assert set(f"*[{appended}".splitlines()) == used if appended else not used, page.src_uri
    html = markdown.markdown(plan.pages[1].markdown.split("---\n", 2)[2], extensions=["abbr", "tables", "md_in_html"])
    assert '<abbr title="The server a proxy forwards a request to.">upstream</abbr>' in html
    hand = hand_written_markdown(plan, "# Guide\n\nAn upstream failed.\n", "guide.md", "content/guide.md")
    assert hand == "# Guide\n\nAn upstream failed.\n\n*[upstream]: The server a proxy forwards a request to.\n"
    assert hand_written_markdown(plan, "# Guide\n\nNothing.\n", "g.md", "content/g.md") == "# Guide\n\nNothing.\n"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("first: 502\n    second: 504", "first: 504\n    second: 502"),
         "comparisons[0].second: put the lower code first: first: 502, second: 504 (the page is /compare/502-vs-504/)"),
        (("first: 502\n    second: 504", "first: 502\n    second: 509"),
         "comparisons[0].second: code 509 is not in the catalog; add it or remove this entry"),
        (("aliases: [reverse proxies]", "aliases: [reverse proxies, Upstream]"),
         "glossary.upstream.term: 'upstream' is already defined on line"),
        (("{code: 504, when: The upstream did not answer", "{code: 599, when: The upstream did not answer"),
         "contexts.nginx.emits[1].code: code 599 is not in the catalog; add it or remove this entry"),
        (("sources: [nginx-proxy-module, nginx-source]", "sources: [nginx-proxy-module, nginx-docs]"),
         "contexts.nginx.sources[1]: unknown source 'nginx-docs'"),
    ],
)
def test_rules_for_contexts_comparisons_and_glossary(tmp_path: Path, fixture_text: str,
                                                      edit: tuple[str, str], message: str) -> None:
    assert edit[0] in fixture_text
    problems = problems_in_text(tmp_path, fixture_text.replace(*edit, 1))
    assert len(problems) == 1, problems
    assert message in problems[0]


def test_duplicate_comparison(tmp_path: Path, fixture_text: str) -> None:
    start = fixture_text.index("  - first: 502")
    text = fixture_text + fixture_text[start:]
    problems = problems_in_text(tmp_path, text)
    assert [p.split(": ", 1)[1] for p in problems] == [
        f"comparisons[1]: 502 and 504 are already compared on line {text[:start].count(chr(10)) + 1}"]
