"""The gallery: /error-pages/ in the built site, its files, and the reproducible archive."""

from __future__ import annotations

import io
import re
import statistics
import zipfile

import pytest

from statuskb import Catalog, Language
from statuskb.gallery import index
from statuskb.gallery.index import (
    ARCHIVE,
    EXAMPLE_DIR,
    GALLERY_INDEX,
    Gallery,
    build_archive,
    install_page,
    plan_gallery,
    plan_pages,
    zip_files,
)
from statuskb.gallery.pages import PAGE_BUDGET
from statuskb.gallery.themes import THEMES
from support import BuildResult


@pytest.fixture(scope="module")
def gallery(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> Gallery:
    return plan_gallery(shipped_catalog, shipped_languages)


def test_the_archive_is_the_same_bytes_every_time(shipped_catalog: Catalog, gallery: Gallery,
                                                  shipped_languages: dict[str, Language]) -> None:
    files = {path: content for path, content in gallery.files if path != ARCHIVE}
    assert zip_files(files, "2026-11-26") == zip_files(dict(reversed(files.items())), "2026-11-26")
    assert zip_files({"b": "2", "a": b"1"}, "2026-11-26") == zip_files({"a": b"1", "b": "2"}, "2026-11-26")
    # Planned again (as `mkdocs serve` does on every save), the archive is the kept one only for the same files.
    again = dict(plan_gallery(shipped_catalog, shipped_languages).files)[ARCHIVE]
    assert again == dict(gallery.files)[ARCHIVE]
    assert build_archive({"a": b"1"}, "2026-11-26") == zip_files({"a": b"1"}, "2026-11-26")
    assert build_archive({"a": b"2"}, "2026-11-26") == zip_files({"a": b"2"}, "2026-11-26")


def test_pages_planned_again_after_an_edit_are_those_of_a_fresh_plan(shipped_catalog: Catalog,
                                                                    shipped_languages: dict[str, Language]) -> None:
    """Unchanged pages come from the last plan (mkdocs serve plans on every save); the result must not show it."""
    codes = [entry.model_copy(update={"reason": "Bad Gateway, edited"}) if entry.code == 502 else entry
             for entry in shipped_catalog.codes]
    edited = shipped_catalog.model_copy(update={"codes": codes})
    plan_pages(shipped_catalog, shipped_languages)
    again, _ = plan_pages(edited, shipped_languages)  # 502's pages anew, the others kept
    index._last_pages.clear()
    fresh, _ = plan_pages(edited, shipped_languages)
    assert again == fresh
    assert any("Bad Gateway, edited" in str(content) for content in again.values())


def test_the_archive_holds_every_file_sorted_with_fixed_metadata(shipped_catalog: Catalog, gallery: Gallery,
                                                                shipped_languages: dict[str, Language]) -> None:
    files = {path: content for path, content in gallery.files if not path.startswith(EXAMPLE_DIR)}
    archive = zipfile.ZipFile(io.BytesIO(files.pop(ARCHIVE)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == sorted(files)
    newest = max(entry.last_reviewed for entry in shipped_catalog.codes)
    for info in archive.infolist():
        assert info.date_time == (*map(int, newest.split("-")), 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
        content = files[info.filename]
        assert archive.read(info) == (content if isinstance(content, bytes) else content.encode())
    for theme in THEMES:
        for tag in shipped_languages:
            for code_entry in shipped_catalog.codes:
                assert f"error-pages/{theme.name}/{tag}/{code_entry.code}.html" in names
                assert f"error-pages/{theme.name}/{tag}/{code_entry.code}.json" in names
    assert "error-pages/README.txt" in names


def test_gallery_stats_are_the_pages_sizes_and_within_the_budgets(shipped_catalog: Catalog, gallery: Gallery,
                                                                 shipped_languages: dict[str, Language]) -> None:
    stats = gallery.stats
    # The page reports these figures: they must be those of the pages the gallery ships.
    sizes: dict[str, list[int]] = {}
    for path, content in gallery.files:
        found = re.fullmatch(r"error-pages/[a-z-]+/([A-Za-z-]+)/\d{3}\.html", path)
        if found:
            size = len(content if isinstance(content, bytes) else content.encode())
            sizes.setdefault(found.group(1), []).append(size)
    every = [size for per_language in sizes.values() for size in per_language]
    assert stats.pages == len(every) == len(THEMES) * len(shipped_catalog.codes) * len(shipped_languages)
    assert (stats.languages, stats.codes, stats.themes) == (len(shipped_languages), len(shipped_catalog.codes), 3)
    assert stats.languages >= 12 and set(stats.per_language) == set(shipped_languages) == set(sizes)
    assert stats.per_language == {tag: (int(statistics.median(found)), max(found)) for tag, found in sizes.items()}
    assert (stats.median_page, stats.max_page) == (int(statistics.median(every)), max(every))
    assert stats.max_page <= PAGE_BUDGET
    assert stats.max_http <= 15360


def test_at_least_three_themes() -> None:
    assert len(THEMES) >= 3
    assert len({theme.name for theme in THEMES}) == len(THEMES)


# ----------------------------------------------------------------------------- the built site
def test_the_example_brand_previews_every_language(gallery: Gallery, shipped_languages: dict[str, Language]) -> None:
    files = dict(gallery.files)
    for tag in shipped_languages:
        page = files[f"{EXAMPLE_DIR}/plain/{tag}/502.html"]
        assert isinstance(page, str) and f'<html lang="{tag}"' in page and "Example Shop" in page
        assert len(page.encode()) <= PAGE_BUDGET
    assert "Unser Team wurde automatisch benachrichtigt." in str(files[f"{EXAMPLE_DIR}/plain/de/502.html"])


def test_the_gallery_page_explains_languages_details_problems_and_brands(
        gallery: Gallery, shipped_languages: dict[str, Language]) -> None:
    markdown = gallery.markdown
    assert '<select id="fg-lang">' in markdown
    for tag in shipped_languages:
        assert f'<option value="{tag}"' in markdown and f"[Plain](plain/{tag}/502.html)" in markdown
        assert f'href="example-brand/plain/{tag}/502.html" hreflang="{tag}"' in markdown
    assert "| العربية | `ar` | rtl |" in markdown
    for heading in ("## Languages", "## Request details", "## Problem details for API clients",
                    "## Your brand, without code"):
        assert heading in markdown
    assert "statuskb error-pages --brand brand.yaml --out dist/" in markdown
    assert f"{gallery.stats.pages} pages ({gallery.stats.languages} languages" in markdown


@pytest.mark.build
def test_the_site_serves_the_pages_and_the_archive_byte_for_byte(built_site: BuildResult, gallery: Gallery) -> None:
    for path, content in gallery.files:
        expected = content if isinstance(content, bytes) else content.encode()
        assert (built_site.site / path).read_bytes() == expected, path


@pytest.mark.build
def test_the_gallery_page(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    html = built_site.html("error-pages/")
    assert GALLERY_INDEX == "error-pages/index.md"
    assert "<h1" in html and "Error-page gallery" in html
    for theme in THEMES:
        preview = f'src="{theme.name}/en/502.html" title="{theme.label} theme: 502 Bad Gateway"'
        assert f'<iframe loading="lazy" {preview}' in html  # below the fold: fetched when scrolled to
    assert 'href="5xx-error-pages.zip"' in html
    for code_entry in shipped_catalog.codes:
        assert f'href="plain/en/{code_entry.code}.html"' in html
    assert "assets/javascripts/gallery.js" in html
    for theme in THEMES:
        assert f'href="install/{theme.name}/"' in html  # the configuration is a page per theme away
    # No kit and no tab set on the page itself (Material's tab-linking script names the class on every page).
    assert "fg-kit" not in html and 'class="tabbed-set' not in html


@pytest.mark.build
def test_each_themes_install_page_has_its_own_files_for_every_server(built_site: BuildResult) -> None:
    for theme in THEMES:
        html = built_site.html(f"error-pages/install/{theme.name}/")
        for label in ("nginx", "Apache httpd", "Caddy", "HAProxy", "Cloudflare", "IIS", "Traefik", "Kubernetes",
                      "CloudFront", "Express", "Koa", "Fastify"):
            assert re.search(rf'<label for="__tabbed_\d+_\d+">{label}</label>', html), (theme.name, label)
        assert "S3" in html and "only for" in html and "4xx" in html  # the S3 trap
        assert "15360" in html  # HAProxy's limit
        assert f'<span class="filename">error-pages/{theme.name}/nginx.conf</span>' in html
        others = [other.name for other in THEMES if other != theme]
        assert not any(f"error-pages/{other}/" in html for other in others)  # every path is this theme's
        assert f'href="../../{theme.name}/haproxy.cfg"' in html  # the files themselves, beside the pages
        assert 'href="../../5xx-error-pages.zip"' in html and "gallery.js" not in html


def test_install_pages_quote_the_archives_files(gallery: Gallery) -> None:
    files = dict(gallery.files)
    assert sorted(gallery.install_pages) == sorted(install_page(theme.name) for theme in THEMES)
    for theme in THEMES:
        page = gallery.install_pages[install_page(theme.name)]
        nginx = files[f"error-pages/{theme.name}/nginx.conf"]
        assert isinstance(nginx, str)
        assert "\n".join("    " + line if line else "" for line in nginx.strip().split("\n")) in page
