"""The error-page gallery: /error-pages/, every page and artifact, and one reproducible archive.

`plan_gallery` renders every page (code x theme), Cloudflare's page and every server
artifact, checks what the catalog's text can break in them (a page's size budget, which also
keeps HAProxy's .http files under its buffer, and Retry-After; a violation raises
ProblemsFound, so the build stops), packs all of it into error-pages/5xx-error-pages.zip and writes the gallery
page's Markdown. The archive is byte-for-byte reproducible: entries sorted, fixed
permissions, and every timestamp set to the catalog's latest `last_reviewed` date.
"""

from __future__ import annotations

import io
import statistics
import zipfile
from dataclasses import dataclass

from statuskb.catalog.model import Catalog, Source
from statuskb.common.problems import Problem, ProblemsFound, raise_if_any
from statuskb.common.templating import render
from statuskb.common.text import code_fence, front_matter
from statuskb.gallery.pages import (
    CLOUDFLARE_ERROR_PAGE_EXCLUDED,
    PAGE_BUDGET,
    PAGES_DIR,
    cloudflare_page_path,
    content_problems,
    one_line,
    page_path,
    render_cloudflare_page,
    render_error_page,
)
from statuskb.gallery.targets import render_kit
from statuskb.gallery.targets.apache import APACHE_CODES
from statuskb.gallery.targets.base import INSTALL_ROOT, Kit
from statuskb.gallery.targets.cloudfront import CLOUDFRONT_CODES, CLOUDFRONT_ERROR_TTL
from statuskb.gallery.targets.haproxy import HAPROXY_ERRORFILE_CODES, HAPROXY_MAX_RESPONSE
from statuskb.gallery.themes import THEMES

GALLERY_INDEX = f"{PAGES_DIR}/index.md"
ARCHIVE = f"{PAGES_DIR}/5xx-error-pages.zip"
#: The sources the gallery's claims rest on (ids in the catalog's `sources`).
GALLERY_SOURCES = (
    "nginx-core-module", "nginx-proxy-module", "nginx-fastcgi-module", "apache-core-errordocument",
    "apache-custom-error", "apache-mod-proxy", "caddy-handle-errors", "caddy-reverse-proxy",
    "haproxy-configuration", "cloudflare-custom-errors", "cloudflare-edit-error-pages", "iis-http-errors",
    "traefik-errors-middleware", "ingress-nginx-custom-errors", "ingress-nginx-retirement",
    "cloudfront-custom-error-pages", "cloudfront-error-caching", "cloudfront-custom-error-response",
    "cloudfront-error-codes", "s3-custom-error-document", "express-error-handling", "koa-error-handling",
    "fastify-server-errorhandler", "rfc9110",
)


@dataclass(frozen=True)
class GalleryStats:
    """Sizes the gallery reports (and the tests check against the budgets)."""

    pages: int
    median_page: int
    max_page: int
    max_http: int
    archive: int


@dataclass(frozen=True)
class Gallery:
    """Everything the gallery adds to the site."""

    markdown: str
    files: tuple[tuple[str, str | bytes], ...]
    stats: GalleryStats


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def build_archive(files: dict[str, str | bytes], date: str) -> bytes:
    """A zip of `files` that is the same bytes for the same input (sorted, fixed metadata)."""
    year, month, day = (int(part) for part in date.split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=(year, month, day, 0, 0, 0))
            info.create_system = 3  # Unix, so that the permissions below mean what they say
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, _bytes(files[path]), compresslevel=9)
    return buffer.getvalue()


def gallery_sources(catalog: Catalog) -> dict[str, Source]:
    """The gallery's sources, or a problem for each one the catalog lacks."""
    missing = [source for source in GALLERY_SOURCES if source not in catalog.sources]
    raise_if_any(Problem("data/status_codes.yaml", 1, 1, "sources",
                         f"the error-page gallery cites '{source}', which is not in `sources`")
                 for source in missing)
    return {source: catalog.sources[source] for source in GALLERY_SOURCES}


def plan_gallery(catalog: Catalog) -> Gallery:
    """Render every error page and artifact, check what the catalog's text can break, pack them;
    write /error-pages/. (The templates' own rules, and every artifact's, are checked by the
    tests: no catalog text can break them, so each build need not; measured 60 ms a build.)"""
    sources = gallery_sources(catalog)
    entries = tuple(sorted(catalog.codes, key=lambda entry: entry.code))
    codes = tuple(entry.code for entry in entries)
    files: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    kits: list[Kit] = []
    for theme in THEMES:
        pages = {entry.code: render_error_page(theme, entry) for entry in entries}
        for entry in entries:
            path = page_path(theme, entry.code)
            problems += content_problems(path, pages[entry.code], entry.code)
            files[path] = pages[entry.code]
        cloudflare = render_cloudflare_page(theme, catalog)
        problems += content_problems(cloudflare_page_path(theme), cloudflare, None)
        kit = Kit(theme, entries, pages, cloudflare)
        kits.append(kit)
        files.update((artifact.path, artifact.content) for artifact in render_kit(kit))
    if problems:
        raise ProblemsFound(problems)

    page_sizes = [len(_bytes(files[page_path(theme, code)])) for theme in THEMES for code in codes]
    http_sizes = [len(_bytes(content)) for path, content in files.items() if path.endswith(".http")]
    readme = render("gallery_readme.txt.j2", themes=THEMES, root=INSTALL_ROOT, pages_dir=PAGES_DIR,
                    median=int(statistics.median(page_sizes)), largest=max(page_sizes), budget=PAGE_BUDGET)
    files[f"{PAGES_DIR}/README.txt"] = readme
    date = max(entry.last_reviewed for entry in entries)
    archive = build_archive(files, date)
    stats = GalleryStats(pages=len(page_sizes), median_page=int(statistics.median(page_sizes)),
                         max_page=max(page_sizes), max_http=max(http_sizes), archive=len(archive))
    markdown = render_gallery_page(catalog, kits, files, stats, sources)
    return Gallery(markdown, (*sorted(files.items()), (ARCHIVE, archive)), stats)


def render_gallery_page(catalog: Catalog, kits: list[Kit], files: dict[str, str | bytes],
                        stats: GalleryStats, sources: dict[str, Source]) -> str:
    """The Markdown of /error-pages/ (front matter included)."""
    entries = kits[0].entries
    default_code = 502 if any(entry.code == 502 for entry in entries) else entries[0].code
    first = kits[0]

    def artifact(name: str) -> str:
        content = files[f"{first.folder}/{name}"]
        return content if isinstance(content, str) else content.decode("utf-8")

    http_example = next(code for code in (503, *first.codes) if code in first.codes)
    http_head = _bytes(files[f"{first.folder}/haproxy/{http_example}.http"]).split(b"\r\n\r\n", 1)[0]
    meta = front_matter(
        title="Error-page gallery",
        description="Free, tiny, self-contained error pages for every HTTP 5xx code, with tested "
        "configuration for nginx, Apache, Caddy, HAProxy, Cloudflare, IIS, Traefik, Kubernetes, "
        "CloudFront and Node.js that keeps the real status code.",
        scripts=["gallery.js"],  # the code and theme pickers (theme_overrides/main.html loads it)
    )
    return meta + render(
        "gallery_index.md.j2",
        entries=entries,
        reasons={entry.code: one_line(entry.reason) for entry in entries},
        themes=THEMES,
        kit=first,
        default_code=default_code,
        stats=stats,
        budget=PAGE_BUDGET,
        haproxy_limit=HAPROXY_MAX_RESPONSE,
        haproxy_codes=sorted(HAPROXY_ERRORFILE_CODES),
        cloudfront_codes=sorted(CLOUDFRONT_CODES),
        apache_codes=sorted(APACHE_CODES),
        cloudflare_excluded=sorted(CLOUDFLARE_ERROR_PAGE_EXCLUDED),
        cloudflare_codes=[entry.code for entry in entries if entry.code not in CLOUDFLARE_ERROR_PAGE_EXCLUDED],
        error_ttl=CLOUDFRONT_ERROR_TTL,
        root=INSTALL_ROOT,
        archive=ARCHIVE.rsplit("/", 1)[1],
        archive_kb=max(1, round(stats.archive / 1024)),
        artifact=artifact,
        http_head=http_head.decode("ascii").replace("\r\n", "\n"),
        http_example=http_example,
        sources=sources,
        fence=code_fence,
    )
