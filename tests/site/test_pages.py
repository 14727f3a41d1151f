"""The page renderers: pure functions from the typed catalog to Markdown."""

from __future__ import annotations

import difflib
import html as htmllib
import os
import re
from pathlib import Path

import markdown
import pytest
import yaml

from statuskb import Catalog, ProblemsFound, expand_blocks, load_catalog, plan_site
from statuskb.catalog.crossref import SiteIndex
from statuskb.common.markdown import page_code
from statuskb.common.text import code_fence, relative_link, table_cell
from statuskb.common.urls import context_page
from statuskb.site.pages import render_code_page, render_codes_index
from statuskb.site.plan import NAV_CONTEXTS_PER_KIND, navigation
from support import FIXTURES, problems_in_text

GOLDEN = FIXTURES / "golden"
SITE_EXTENSIONS = ["tables", "attr_list", "admonition", "md_in_html", "pymdownx.superfences",
                   "pymdownx.tabbed", "toc"]


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/fixtures/golden/NAME; UPDATE_GOLDEN=1 rewrites it (review the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(path), "actual"))
        pytest.fail(f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept):\n{diff}")


def split_front_matter(page: str) -> tuple[dict[str, object], str]:
    _, meta, body = page.split("---\n", 2)
    return yaml.safe_load(meta), body


def to_html(page: str) -> str:
    return markdown.markdown(split_front_matter(page)[1], extensions=SITE_EXTENSIONS)


def entry(catalog: Catalog, code: int):  # type: ignore[no-untyped-def]
    return next(e for e in catalog.codes if e.code == code)


def test_code_page_golden(fixture_catalog: Catalog) -> None:
    assert_golden("codes-502.md", render_code_page(SiteIndex(fixture_catalog), entry(fixture_catalog, 502)))


def test_codes_index_golden(fixture_catalog: Catalog) -> None:
    assert_golden("codes-index.md", render_codes_index(fixture_catalog))


def test_code_page_sections_follow_the_readers_path(fixture_catalog: Catalog) -> None:
    _, body = split_front_matter(render_code_page(SiteIndex(fixture_catalog), entry(fixture_catalog, 502)))
    headings = re.findall(r"^## (.+)$", body, re.MULTILINE)
    assert headings == [
        "What it means", "Common causes", "How to fix it", "By server and platform", "What the response looks like",
        "Technical explanation", "How it shows up in different contexts", "Related codes", "Misconceptions",
        "Real-world examples", "Prevention", "Frequently asked questions", "Embed this FAQ", "Quick recap",
        "Where it comes from", "Sources",
    ]
    # The three readers' paths come right after the definition, before any section.
    readers = body.split("## What it means")[0]
    assert [f'data-reader="{who}"' in readers for who in ("visitor", "owner", "developer")] == [True] * 3
    assert body.lstrip("\n").startswith("# 502 Bad Gateway\n\n!!! abstract \"In short\"\n")
    assert body.rstrip().endswith("*Last reviewed: 2026-11-26.*")


def test_front_matter_is_valid_yaml_whatever_the_text(tmp_path: Path, fixture_text: str) -> None:
    tricky = "Colons: quotes \\\" and # hashes, {braces} & 'single'"
    text = fixture_text.replace(
        'definition: "502 Bad Gateway means something went wrong on the server side. (Fixture text.)"',
        f'definition: "{tricky}"', 1)
    assert problems_in_text(tmp_path, text) == []
    catalog = load_catalog(tmp_path / "catalog.yaml")
    meta, _ = split_front_matter(render_code_page(SiteIndex(catalog), entry(catalog, 502)))
    # Escaped for the theme's <meta content="...">, which writes it as it is.
    assert meta["description"] == "Colons: quotes &quot; and # hashes, {braces} &amp; 'single'"
    assert meta["title"] == "502 Bad Gateway"


def test_pipes_in_catalog_text_do_not_break_tables(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("emitted_by: A gateway or proxy", "emitted_by: \"a | b and `x | y`\"", 1)
    assert problems_in_text(tmp_path, text) == []
    catalog = load_catalog(tmp_path / "catalog.yaml")
    html = to_html(render_code_page(SiteIndex(catalog), entry(catalog, 500)))
    glance = html.split("<tbody>")[1].split("</tr>")[0]
    assert glance.count("<td>") == 2
    assert "a | b" in htmllib.unescape(glance)


def test_fix_links_in_the_causes_table_resolve(fixture_catalog: Catalog) -> None:
    html = to_html(render_code_page(SiteIndex(fixture_catalog), entry(fixture_catalog, 502)))
    targets = set(re.findall(r'href="#(fix-[^"]+)"', html))
    ids = set(re.findall(r'id="(fix-[^"]+)"', html))
    assert targets and targets <= ids


def test_commands_become_linked_tabs(fixture_catalog: Catalog) -> None:
    html = to_html(render_code_page(SiteIndex(fixture_catalog), entry(fixture_catalog, 502)))
    assert '<label for="__tabbed_1_1">nginx: commands</label>' in htmllib.unescape(html)
    assert '<label for="__tabbed_1_2">Apache httpd (mod_proxy): commands</label>' in htmllib.unescape(html)
    text = re.sub(r"<[^>]+>", "", html)
    assert "sudo apachectl configtest\nsudo tail -n 50 /var/log/apache2/error.log" in text


@pytest.mark.parametrize("text", ["plain", "a `b` c", "`edge`", "x | y", "PHP error:  Allowed", "*[x]: y {: a=b}"])
def test_code_is_literal_in_the_sites_markdown(text: str) -> None:
    table = f"| a |\n|---|\n| {page_code(text)} |"
    html = markdown.markdown(table, extensions=[*SITE_EXTENSIONS, "abbr"])
    code = re.search(r"<code>(.*?)</code>", html)
    assert code is not None and htmllib.unescape(code.group(1)) == text


def test_code_fence_outgrows_backticks_in_the_snippet() -> None:
    assert code_fence("echo hi") == "```"
    assert code_fence("a ```` b") == "`````"


def test_table_cell_collapses_newlines_and_escapes_pipes() -> None:
    assert table_cell("one\n\ntwo | three") == "one two \\| three"


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [("codes/502.md", "index.md", "codes/502.md"), ("codes/502.md", "codes/index.md", "502.md"),
     ("codes/502.md", "guides/deep/page.md", "../../codes/502.md")],
)
def test_relative_links(target: str, page: str, link: str) -> None:
    assert relative_link(target, page) == link


def test_blocks_link_relative_to_their_page(fixture_catalog: Catalog) -> None:
    text = "# Guide\n\n<!-- statuskb: fault -->\n\nafter\n"
    nested = expand_blocks(text, fixture_catalog, "guides/page.md", "content/guides/page.md")
    assert "(../codes/502.md)" in nested
    assert nested.endswith("\n\nafter\n")
    assert "statuskb:" not in nested


def test_every_block_renders(fixture_catalog: Catalog) -> None:
    from statuskb.site.blocks import BLOCKS

    for name in BLOCKS:
        rendered = expand_blocks(f"<!-- statuskb: {name} -->\n", fixture_catalog, "index.md", "content/index.md")
        if name == "explain":  # the explain box: a form that opens /explain/
            assert 'action="explain/"' in rendered and "<textarea" in rendered
        else:
            assert "codes/502.md" in rendered, name


def test_unknown_blocks_are_all_reported_with_lines(fixture_catalog: Catalog) -> None:
    text = "# Home\n\n<!-- statuskb: famly -->\n\n<!--statuskb:sauces-->\n"
    with pytest.raises(ProblemsFound) as raised:
        expand_blocks(text, fixture_catalog, "index.md", "content/index.md", first_line=5)
    assert [str(p) for p in raised.value.problems] == [
        "content/index.md:7:1: block: unknown block 'famly'; "
        "known blocks: codes-table, explain, family, fault, sources",
        "content/index.md:9:1: block: unknown block 'sauces'; "
        "known blocks: codes-table, explain, family, fault, sources",
    ]


def test_sources_block_lists_where_each_source_is_cited(fixture_catalog: Catalog) -> None:
    rendered = htmllib.unescape(expand_blocks("<!-- statuskb: sources -->\n", fixture_catalog, "about.md",
                                              "content/about.md"))
    nginx_row = next(line for line in rendered.splitlines() if "nginx source code" in line)
    assert nginx_row.endswith(
        "[500](codes/500.md), [502](codes/502.md), [503](codes/503.md), [504](codes/504.md), "
        "[nginx](contexts/nginx.md) |")
    apache_row = next(line for line in rendered.splitlines() if "Apache Module mod_proxy" in line)
    assert apache_row.endswith("| [Apache httpd (mod_proxy)](contexts/apache.md) |")
    uncited_row = next(line for line in rendered.splitlines() if "Transparent Content Negotiation" in line)
    assert uncited_row.endswith("| – |")


def test_plan_has_one_page_per_code_plus_the_index(fixture_catalog: Catalog) -> None:
    plan = plan_site(fixture_catalog)
    uris = [page.src_uri for page in plan.pages]
    assert uris[:5] == ["codes/index.md", "codes/500.md", "codes/502.md", "codes/503.md", "codes/504.md"]
    assert {"contexts/index.md", "contexts/nginx.md", "compare/index.md", "sources.md"} <= set(uris)
    assert "codes/502/nginx.md" in uris and "codes/502/apache.md" in uris
    assert len(uris) == len(set(uris))
    assert {page.edit_source for page in plan.pages} == {"data/status_codes.yaml"}


def test_a_kind_too_long_for_the_navigation_is_left_to_the_contexts_index(fixture_catalog: Catalog) -> None:
    proxy = next(context for context in fixture_catalog.contexts.values() if context.kind == "proxy")
    added = {f"proxy-{n}": proxy.model_copy(update={"name": f"Proxy {n}"}) for n in range(NAV_CONTEXTS_PER_KIND)}
    catalog = fixture_catalog.model_copy(update={"contexts": {**fixture_catalog.contexts, **added}})
    plan = plan_site(catalog)
    in_nav = {page.src_uri: page.in_nav for page in plan.pages}
    proxies = [cid for cid, context in catalog.contexts.items() if context.kind == "proxy"]
    others = [cid for cid, context in catalog.contexts.items() if context.kind != "proxy"]
    assert len(proxies) > NAV_CONTEXTS_PER_KIND and others
    assert [cid for cid in proxies if in_nav[context_page(cid)]] == []
    assert all(in_nav[context_page(cid)] for cid in others)
    nav = str(navigation(plan, []))
    assert "Reverse proxies" not in nav and all(context_page(cid) in nav for cid in others)
    index = next(page.markdown for page in plan.pages if page.src_uri == "contexts/index.md")
    assert all(f"({relative_link(context_page(cid), 'contexts/index.md')})" in index for cid in proxies)
    assert all(page.in_nav for page in plan_site(fixture_catalog).pages if page.src_uri.startswith("contexts/"))


def test_rendering_is_deterministic(fixture_catalog: Catalog) -> None:
    assert plan_site(fixture_catalog) == plan_site(fixture_catalog)


def test_block_lines_in_code_fences_are_examples(fixture_catalog: Catalog) -> None:
    text = ("# Guide\n\n```text\n<!-- statuskb: fault -->\n<!-- statuskb: nonsense -->\n```\n\n"
            "<!-- statuskb: fault -->\n")
    expanded = expand_blocks(text, fixture_catalog, "guide.md", "content/guide.md")
    assert "```text\n<!-- statuskb: fault -->\n<!-- statuskb: nonsense -->\n```" in expanded
    assert expanded.count("| You see | Is it your fault? |") == 1


@pytest.mark.parametrize(("markdown_text", "plain"), [
    ("Set `proxy_read_timeout` and *retry*.", "Set proxy_read_timeout and retry."),
    ("_Emphasis_ and __strong__ and **bold**", "Emphasis and strong and bold"),
    ("See [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110#section-15.6).", "See RFC 9110."),
])
def test_plain_text_keeps_identifiers(markdown_text: str, plain: str) -> None:
    from statuskb.common.markdown import visible_text

    assert visible_text(markdown_text) == plain
