"""The gallery: /error-pages/ in the built site, its files, and the reproducible archive."""

from __future__ import annotations

import io
import re
import statistics
import zipfile

import pytest

from statuskb import Catalog
from statuskb.gallery.index import ARCHIVE, GALLERY_INDEX, build_archive, plan_gallery
from statuskb.gallery.pages import PAGE_BUDGET
from statuskb.gallery.themes import THEMES
from support import BuildResult


def test_the_archive_is_the_same_bytes_every_time(shipped_catalog: Catalog) -> None:
    first, second = plan_gallery(shipped_catalog), plan_gallery(shipped_catalog)
    assert dict(first.files)[ARCHIVE] == dict(second.files)[ARCHIVE]
    assert build_archive({"b": "2", "a": b"1"}, "2026-11-26") == build_archive({"a": b"1", "b": "2"}, "2026-11-26")


def test_the_archive_holds_every_file_sorted_with_fixed_metadata(shipped_catalog: Catalog) -> None:
    gallery = plan_gallery(shipped_catalog)
    files = dict(gallery.files)
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
        for code_entry in shipped_catalog.codes:
            assert f"error-pages/{theme.name}/{code_entry.code}.html" in names
    assert "error-pages/README.txt" in names


def test_gallery_stats_are_the_pages_sizes_and_within_the_budgets(shipped_catalog: Catalog) -> None:
    gallery = plan_gallery(shipped_catalog)
    stats = gallery.stats
    # The page reports these figures: they must be those of the pages the gallery ships.
    pages = [content for path, content in gallery.files
             if re.fullmatch(r"error-pages/[a-z-]+/\d{3}\.html", path)]
    sizes = [len(content if isinstance(content, bytes) else content.encode()) for content in pages]
    assert stats.pages == len(pages) == len(THEMES) * len(shipped_catalog.codes)
    assert (stats.median_page, stats.max_page) == (int(statistics.median(sizes)), max(sizes))
    assert stats.archive == len(dict(gallery.files)[ARCHIVE])
    assert stats.max_page <= PAGE_BUDGET
    assert stats.max_http <= 15360


def test_at_least_three_themes() -> None:
    assert len(THEMES) >= 3
    assert len({theme.name for theme in THEMES}) == len(THEMES)


# ----------------------------------------------------------------------------- the built site
@pytest.mark.build
def test_the_site_serves_the_pages_and_the_archive_byte_for_byte(built_site: BuildResult,
                                                                  shipped_catalog: Catalog) -> None:
    gallery = plan_gallery(shipped_catalog)
    for path, content in gallery.files:
        expected = content if isinstance(content, bytes) else content.encode()
        assert (built_site.site / path).read_bytes() == expected, path


@pytest.mark.build
def test_the_gallery_page(built_site: BuildResult, shipped_catalog: Catalog) -> None:
    html = built_site.html("error-pages/")
    assert GALLERY_INDEX == "error-pages/index.md"
    assert "<h1" in html and "Error-page gallery" in html
    for theme in THEMES:
        assert f'<iframe src="{theme.name}/502.html" title="{theme.label} theme: 502 Bad Gateway"' in html
    for label in ("nginx", "Apache httpd", "Caddy", "HAProxy", "Cloudflare", "IIS", "Traefik", "Kubernetes",
                  "CloudFront", "Express", "Koa", "Fastify"):
        assert re.search(rf'<label for="__tabbed_\d+_\d+">{label}</label>', html), label
    assert 'href="5xx-error-pages.zip"' in html
    assert "S3" in html and "only for" in html and "4xx" in html  # the S3 trap
    assert "15360" in html  # HAProxy's limit
    for code_entry in shipped_catalog.codes:
        assert f'href="plain/{code_entry.code}.html"' in html
    assert "assets/javascripts/gallery.js" in html
