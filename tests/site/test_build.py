"""Real `mkdocs build --strict` runs of a copy of the project, asserting on the HTML a reader gets."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from statuskb import Catalog
from statuskb.common.markdown import visible_text
from support import ROOT, BuildResult, copy_project, run_build, scaled

pytestmark = pytest.mark.build


def text_of(page: str) -> str:
    """Visible text of the article, tags stripped and entities decoded."""
    article = page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)))


def entry(catalog: Catalog, code: int):  # type: ignore[no-untyped-def]
    return next(e for e in catalog.codes if e.code == code)


# ----------------------------------------------------------------------------- config
def test_config_is_strict_with_every_validation_at_warn() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)  # BaseLoader: ignore !ENV
    assert config["strict"] == "true"
    assert config["validation"] == {
        "omitted_files": "warn", "absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn"}
    assert config["docs_dir"] == "content"
    assert config["theme"]["custom_dir"] == "theme_overrides"
    assert config["theme"]["font"] == "false"
    assert config["hooks"] == ["hooks/generate.py"]


# ----------------------------------------------------------------------------- the shipped site
def test_home_page(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    page = built_site.html("")
    text = text_of(page)
    assert "<h1" in page and "HTTP 5xx server errors, explained" in text
    assert "Is it my fault?" in text
    assert "The 5xx family at a glance" in text
    assert "statuskb:" not in page
    for code_entry in shipped_catalog.codes:
        assert f'href="codes/{code_entry.code}/"' in page, code_entry.code
        assert visible_text(code_entry.visitor_view)[:40] in text


def test_codes_index_lists_every_code(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    page = built_site.html("codes/")
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
    assert len(rows) == len(shipped_catalog.codes)
    for row, code_entry in zip(rows, sorted(shipped_catalog.codes, key=lambda e: e.code), strict=True):
        cells = re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
        assert len(cells) == 5
        assert f'<a href="../codes/{code_entry.code}/">{code_entry.code}</a>' in cells[0] or \
            f'<a href="{code_entry.code}/">{code_entry.code}</a>' in cells[0]
        assert html.unescape(cells[1]) == code_entry.reason


def test_each_code_pages_sources_page_is_numbered_as_its_citations(built_site: BuildResult,
                                                                   shipped_catalog: Catalog) -> None:
    for code_entry in shipped_catalog.codes:
        page = built_site.html(f"codes/{code_entry.code}/")
        assert f'href="../../sources/{code_entry.code}/"' in page.split('id="sources"', 1)[1]
        listed = built_site.html(f"sources/{code_entry.code}/").split("<article", 1)[1].split("</article>", 1)[0]
        urls = [html.unescape(url) for url in re.findall(r'<li><a href="([^"]+)"', listed)]
        assert urls == [shipped_catalog.sources[source].url for source in code_entry.sources], code_entry.code
        for url, number in re.findall(r'<sup class="cite"><a href="([^"]+)"[^>]*>\[(\d+)\]</a>', page):
            assert urls[int(number) - 1] == html.unescape(url), (code_entry.code, number)
        assert f'href="../../codes/{code_entry.code}/"' in listed and 'href="../"' in listed


def test_502_page(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    page = built_site.html("codes/502/")
    text = text_of(page)
    bad_gateway = entry(shipped_catalog, 502)
    assert "<title>502 Bad Gateway - 5xx Field Guide</title>" in page
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description and html.unescape(description.group(1)) == visible_text(bad_gateway.definition)
    assert 'href="https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3"' in page
    h2 = re.findall(r'<h2 id="([^"]+)"', page)
    # Task first: what it means, the causes and fixes, then the per-server pages and the raw
    # response; the reference sections (collapsed) come last.
    assert h2 == ["what-it-means", "common-causes", "how-to-fix-it", "by-server-and-platform",
                  "what-the-response-looks-like", "which-servers-send-502-in-the-lab", "technical-explanation",
                  "how-it-shows-up-in-different-contexts", "related-codes", "misconceptions",
                  "real-world-examples", "prevention", "frequently-asked-questions", "embed-this-faq",
                  "quick-recap", "where-it-comes-from", "sources"]
    causes = re.findall(r'<details class="fg-cause"[^>]*id="cause-([^"]+)"', page)
    assert sorted(causes) == sorted(cause.id for cause in bad_gateway.causes)
    levels = {cause.id: cause.likelihood.level for cause in bad_gateway.causes if cause.likelihood}
    order = ["most-common", "common", "occasional", "rare"]
    assert [order.index(levels[c]) for c in causes] == sorted(order.index(levels[c]) for c in causes)
    raw = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "HTTP/1.1 502 Bad Gateway\nServer: nginx/1.22.1" in raw  # the response the lab saw nginx send
    for faq in bad_gateway.faqs:
        assert visible_text(faq.question) in text
    for group in ("If you are a visitor", "If you run the site"):
        assert group in text
    assert "If you are a visitor" in text.split("If you run the site")[0]
    assert 'class="tabbed-set' in page  # per-server commands as tabs
    # The edit link of a generated page points at its entry's line in the catalog, not at the top
    # of the file (nor at a file that does not exist).
    edit = re.search(r'<a href="([^"]*)" title="Edit this page"', page)
    assert edit is not None
    url, _, line = edit.group(1).partition("#L")
    assert url.endswith("/edit/main/data/status_codes.yaml")
    catalog_lines = (ROOT / "data" / "status_codes.yaml").read_text(encoding="utf-8").splitlines()
    assert catalog_lines[int(line) - 1].strip() == "- code: 502"


def test_every_code_page_exists_and_links_its_family(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    for code_entry in shipped_catalog.codes:
        page = built_site.html(f"codes/{code_entry.code}/")
        assert f"{code_entry.code} {html.escape(code_entry.reason, quote=False)}" in page
        for other in shipped_catalog.codes:
            if other.code != code_entry.code:
                assert f'href="../{other.code}/"' in page


def test_generated_pages_are_in_nav_search_and_sitemap(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    home = built_site.html("")
    index = json.loads((built_site.site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    sitemap = (built_site.site / "sitemap.xml").read_text()
    for code_entry in shipped_catalog.codes:
        assert f"codes/{code_entry.code}/" in locations
        assert f"/codes/{code_entry.code}/</loc>" in sitemap
        assert re.search(rf'class="md-nav__link"[^>]*href="codes/{code_entry.code}/"|'
                         rf'href="codes/{code_entry.code}/"[^>]*class="md-nav__link', home), code_entry.code


def test_no_page_loads_from_another_host(built_site: BuildResult) -> None:
    offenders = {}
    for page in built_site.site.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(?:https?:)?//[^"]+"', source)
        remote = [tag for tag in remote if 'rel="canonical"' not in tag and "rel=\"alternate\"" not in tag]
        if remote:
            offenders[str(page.relative_to(built_site.site))] = remote
    assert offenders == {}
    assert "fonts.googleapis.com" not in (built_site.site / "index.html").read_text()


#: A build's first events, in one interpreter as `mkdocs build` runs them; prints the number of
#: objects the collector skips before and after the catalog is planned.
PLANNED_FREEZE = r"""
import gc
from mkdocs.config import load_config

config = load_config("mkdocs.yml")
config.plugins.on_startup(command="build", dirty=False)
before = gc.get_freeze_count()
config.plugins.on_config(config)
print(before, gc.get_freeze_count())
"""


def test_a_build_keeps_the_planned_catalog_out_of_later_collections(project: Path) -> None:
    """The catalog and plan live for the whole build: frozen, MkDocs's full collections skip them."""
    completed = subprocess.run([sys.executable, "-c", PLANNED_FREEZE], cwd=project, capture_output=True,
                               text=True, timeout=scaled(120), env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert completed.returncode == 0, completed.stderr
    before, after = (int(count) for count in completed.stdout.split())
    assert before == 0
    assert after > 100_000


# ----------------------------------------------------------------------------- failures
def test_invalid_catalog_stops_the_build_and_writes_nothing(project: Path) -> None:
    catalog = project / "data" / "status_codes.yaml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace("    faqs:\n", "    faqz:\n", 1)
    catalog.write_text(text.replace("\n  - code: 503\n", "\n  - code: 603\n", 1))
    site = project / "site"
    site.mkdir()
    (site / "marker.txt").write_text("previous build")
    result = run_build(project)
    assert result.returncode == 1
    assert "The catalog is invalid; nothing was built." in result.output
    assert re.search(r"data/status_codes\.yaml:\d+:\d+: codes\[\d+\]\.faqz: unknown key 'faqz'; did you mean 'faqs'\?",
                     result.output)
    assert re.search(r"data/status_codes\.yaml:\d+:11: codes\[\d+\]\.code: 603 is outside the allowed range 500–599",
                     result.output)
    assert "Traceback" not in result.output
    assert sorted(p.name for p in site.iterdir()) == ["marker.txt"]


def test_hand_written_page_may_not_collide_with_a_generated_one(project: Path) -> None:
    (project / "content" / "codes").mkdir()
    (project / "content" / "codes" / "502.md").write_text("# My own 502 page\n")
    result = run_build(project)
    assert result.returncode == 1
    assert "content/codes/502.md:1:1: page: collides with the generated page 'codes/502.md'" in result.output
    assert "Traceback" not in result.output


def test_unknown_block_in_a_hand_written_page(project: Path) -> None:
    (project / "content" / "guide.md").write_text("---\ntitle: Guide\n---\n\n# Guide\n\n<!-- statuskb: famly -->\n")
    result = run_build(project)
    assert result.returncode == 1
    assert "content/guide.md:7:1: block: unknown block 'famly'" in result.output
    assert "Traceback" not in result.output


def test_broken_link_fails_the_strict_build(project: Path) -> None:
    (project / "content" / "guide.md").write_text("# Guide\n\nSee [a missing page](codes/597.md).\n")
    result = run_build(project)
    assert result.returncode == 1
    assert "codes/597.md" in result.output


def test_build_writes_nothing_into_content(project: Path) -> None:
    before = sorted(p.relative_to(project / "content") for p in (project / "content").rglob("*"))
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert sorted(p.relative_to(project / "content") for p in (project / "content").rglob("*")) == before


#: Another wall clock, years away, for the second build (Debian's faketime: libfaketime preloaded).
FAKETIME = ["faketime", "-f", "@2031-05-05 12:00:00"]


def test_builds_are_byte_for_byte_identical_on_any_date(tmp_path: Path) -> None:
    """Same sources and SOURCE_DATE_EPOCH, another day and year on the clock: the same bytes.

    A third build with another SOURCE_DATE_EPOCH must differ (the sitemap's dates come from it),
    or the comparison would prove nothing about dates.
    """
    clock = subprocess.run([*FAKETIME, sys.executable, "-c", "import time; print(time.gmtime().tm_year)"],
                           capture_output=True, text=True, timeout=scaled(30), check=True)
    assert clock.stdout.strip() == "2031"  # the faked clock really reaches Python
    env = {"SOURCE_DATE_EPOCH": "1764115200"}
    first = run_build(copy_project(tmp_path / "a"), env=env)
    second = run_build(copy_project(tmp_path / "b"), env=env, wrapper=FAKETIME)
    later = run_build(copy_project(tmp_path / "c"), env={"SOURCE_DATE_EPOCH": "1795651200"})
    assert first.returncode == second.returncode == later.returncode == 0, first.output + second.output + later.output
    first_tree = tree_bytes(first.site)
    assert first_tree == tree_bytes(second.site)
    changed = {path for path, content in tree_bytes(later.site).items() if first_tree.get(path) != content}
    assert "sitemap.xml" in changed


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_code_and_context_page_has_a_request_path_diagram(built_site: BuildResult,
                                                                  shipped_catalog: Catalog) -> None:
    pages = [f"codes/{entry.code}/" for entry in shipped_catalog.codes]
    pages += [f"contexts/{context_id}/" for context_id in shipped_catalog.contexts]
    diagram = re.compile(r'<figure class="request-path">\s*<svg[^>]*role="img".*?<desc id=', re.DOTALL)
    assert [page for page in pages if not diagram.search(built_site.html(page))] == []
