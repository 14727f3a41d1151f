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
import shutil
import statistics
import tempfile
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from statuskb.catalog.model import Catalog, Source
from statuskb.common.problems import Problem, ProblemsFound, raise_if_any
from statuskb.common.site_info import DEFAULT_SITE_URL
from statuskb.common.templating import render
from statuskb.common.text import front_matter
from statuskb.gallery.brand import LOGO_BUDGET, Brand, load_brand
from statuskb.gallery.languages import (
    DEFAULT_LANGUAGES,
    SOURCE_LANGUAGE,
    Language,
    english_only,
)
from statuskb.gallery.negotiation import MAX_ELEMENTS
from statuskb.gallery.pages import (
    CLOUDFLARE_ERROR_PAGE_EXCLUDED,
    PAGE_BUDGET,
    PAGES_DIR,
    REQUEST_ID_MARKER,
    PageText,
    check_page,
    cloudflare_page_path,
    content_problems,
    one_line,
    page_path,
    page_text,
    problem_path,
    render_cloudflare_page,
    render_error_page,
    render_problem,
)
from statuskb.gallery.targets import check_artifact, render_kit
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
    languages: int = 1
    codes: int = 0
    themes: int = 0
    #: language -> (median, largest) page size in bytes
    per_language: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Gallery:
    """Everything the gallery adds to the site: its page, its files, and an install page per theme."""

    markdown: str
    files: tuple[tuple[str, str | bytes], ...]
    stats: GalleryStats
    #: /error-pages/install/<theme>/ by docs path (install_page)
    install_pages: dict[str, str] = field(default_factory=dict)


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


@lru_cache(maxsize=4096)
def _size(content: str | bytes) -> int:
    """Bytes of `content` in UTF-8, kept by text: the gallery's statistics measure every page
    (1,849) on every plan, and most are the very texts the last plan made (`_last_pages`)."""
    return len(_bytes(content))


#: The last archive built and its input. `mkdocs serve` plans the site again on every save, and
#: most saves leave the gallery's files as they were. Comparing them with the last input is
#: exact and nearly free: most of the texts are the very objects the last plan made (the kept
#: pages, see `_last_pages`), which compare by identity, and the rest compare by memcmp
#: (measured on a one-word edit: 36 ms to hash them with SHA-256, a few ms to compare; the
#: compression this saves takes 260 ms).
_last_archive: tuple[dict[str, str | bytes], str, bytes] = ({}, "", b"")


def build_archive(files: dict[str, str | bytes], date: str) -> bytes:
    """`zip_files(files, date)`, or the last archive when its input is the same."""
    global _last_archive
    last_files, last_date, _ = _last_archive
    if date != last_date or files != last_files:
        _last_archive = (dict(files), date, zip_files(files, date))
    return _last_archive[2]


def zip_files(files: dict[str, str | bytes], date: str) -> bytes:
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


def ordered_languages(languages: dict[str, Language], default: str) -> dict[str, Language]:
    """The languages with the default first (Apache's LanguagePriority, the gallery's first tab)."""
    if default not in languages:
        raise ProblemsFound([Problem(str(DEFAULT_LANGUAGES), 1, 1, "default_language",
                                     f"no language file for the default language '{default}'")])
    return {default: languages[default], **{tag: lang for tag, lang in languages.items() if tag != default}}


#: The last plan's unbranded error pages (and their checks) by theme, language and page text: a
#: page is a function of those alone, and `mkdocs serve` plans again on every save, which changes
#: the text of one code's pages at most. Replaced by each plan, so it never holds more than one.
_last_pages: dict[tuple[str, str, PageText], tuple[str, list[Problem]]] = {}


def plan_pages(catalog: Catalog, languages: dict[str, Language] | None = None, brand: Brand | None = None,
               site_url: str = DEFAULT_SITE_URL) -> tuple[dict[str, str | bytes], list[Kit]]:
    """Every page, problem details file and server artifact, checked; ProblemsFound on any violation.

    Without a brand, the build checks only what the catalog's text can break (`content_problems`):
    the templates' own rules, and every artifact's, hold for any catalog text and are checked by
    the tests (measured 60 ms a build). A brand is a site owner's file the tests have not seen,
    so its pages and artifacts get every rule.
    """
    check = check_page if brand else content_problems
    default = brand.default_language if brand else SOURCE_LANGUAGE
    languages = ordered_languages(languages or english_only(catalog), default)
    entries = tuple(sorted(catalog.codes, key=lambda entry: entry.code))
    codes = tuple(entry.code for entry in entries)
    files: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    kits: list[Kit] = []
    global _last_pages
    # Pages planned again from the last plan's when nothing they show changed (see _last_pages).
    texts = {(tag, entry.code): page_text(entry, language) for tag, language in languages.items() for entry in entries}
    language_digests = {tag: language.data.model_dump_json() for tag, language in languages.items()}
    known, _last_pages = (_last_pages if brand is None else {}), {}
    details = {(tag, entry.code): render_problem(entry, language, site_url, texts[(tag, entry.code)])
               for tag, language in languages.items() for entry in entries}
    for theme in THEMES:
        pages: dict[tuple[str, int], str] = {}
        cloudflare: dict[str, str] = {}
        for tag, language in languages.items():
            for entry in entries:
                path = page_path(theme, tag, entry.code)
                text = texts[(tag, entry.code)]
                key = (theme.name, language_digests[tag], text)
                if key in known:
                    html, page_problems = known[key]
                else:
                    html = render_error_page(theme, entry, language, brand, text)
                    page_problems = check(path, html, entry.code)
                if brand is None:
                    _last_pages[key] = (html, page_problems)
                pages[(tag, entry.code)] = html
                problems += page_problems
                files[path] = html
                files[problem_path(theme, tag, entry.code)] = details[(tag, entry.code)]
            cloudflare[tag] = render_cloudflare_page(theme, catalog, language, brand)
            problems += check(cloudflare_page_path(theme, tag), cloudflare[tag], None)
        kit = Kit(theme, entries, tuple(languages), default, pages, details, cloudflare,
                  owner=brand.name if brand else None)
        kits.append(kit)
        for artifact in render_kit(kit):
            if brand:
                problems += check_artifact(artifact, codes)
            files[artifact.path] = artifact.content
    if problems:
        raise ProblemsFound(problems)
    return files, kits


def plan_gallery(catalog: Catalog, languages: dict[str, Language] | None = None, brand: Brand | None = None,
                 site_url: str = DEFAULT_SITE_URL) -> Gallery:
    """Render, check and pack every error page and artifact; write /error-pages/.

    `languages` are the validated translations (English alone when None); `brand` puts a site
    owner's name, logo, colours and links on every page (the gallery's own pages have none).
    """
    sources = gallery_sources(catalog)
    files, kits = plan_pages(catalog, languages, brand, site_url)
    first = kits[0]
    sizes = {tag: [_size(files[page_path(theme, tag, code)]) for theme in THEMES for code in first.codes]
             for tag in first.languages}
    page_sizes = [size for per_language in sizes.values() for size in per_language]
    http_sizes = [_size(content) for path, content in files.items() if path.endswith(".http")]
    readme = render("gallery_readme.txt.j2", themes=THEMES, root=INSTALL_ROOT, pages_dir=PAGES_DIR,
                    median=int(statistics.median(page_sizes)), largest=max(page_sizes), budget=PAGE_BUDGET,
                    languages=first.languages, default_language=first.default_language,
                    brand=brand.name if brand else None)
    files[f"{PAGES_DIR}/README.txt"] = readme
    date = max(entry.last_reviewed for entry in first.entries)
    archive = build_archive(files, date)
    stats = GalleryStats(pages=len(page_sizes), median_page=int(statistics.median(page_sizes)),
                         max_page=max(page_sizes), max_http=max(http_sizes), archive=len(archive),
                         languages=len(first.languages), codes=len(first.codes), themes=len(THEMES),
                         per_language={tag: (int(statistics.median(values)), max(values))
                                       for tag, values in sizes.items()})
    example = example_brand_pages(catalog, languages, site_url) if brand is None else {}
    files.update(example)
    markdown = render_gallery_page(kits, files, stats, sources, languages or english_only(catalog))
    install = {install_page(kit.theme.name): render_install_page(kit, files, stats, sources) for kit in kits}
    return Gallery(markdown, (*sorted(files.items()), (ARCHIVE, archive)), stats, install)


def write_kit(gallery: Gallery, out: Path) -> list[str]:
    """Write the downloadable kit (pages, problem details, configurations, README, the zip) under `out`.

    Everything is rendered and checked before this is called; the files go to a staging folder
    first and replace out/error-pages/ and the zip only once all are written.
    """
    files = {path: content for path, content in gallery.files
             if path != GALLERY_INDEX and not path.startswith(f"{EXAMPLE_DIR}/")}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".staging-") as staging:
        for path, content in files.items():
            target = Path(staging, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_bytes(content))
        for top in sorted({path.split("/", 1)[0] for path in files}):
            final = out / top
            if final.is_dir():
                shutil.rmtree(final)
            Path(staging, top).replace(final)
    return sorted(files)


#: The example brand the gallery page shows (and the tests load): a made-up shop.
EXAMPLE_BRAND = Path(__file__).parent / "example-brand.yaml"
EXAMPLE_DIR = f"{PAGES_DIR}/example-brand"


def load_example_brand() -> Brand:
    """The example brand, checked against every shipped language and every 5xx code (a fixture
    catalog may have fewer: its notes for the others are simply not shown)."""
    tags = tuple(sorted(path.stem for path in DEFAULT_LANGUAGES.glob("*.yaml")))
    return load_brand(EXAMPLE_BRAND, THEMES, tags, tuple(range(500, 600)), "statuskb/gallery/example-brand.yaml")


def example_brand_pages(catalog: Catalog, languages: dict[str, Language] | None,
                        site_url: str) -> dict[str, str | bytes]:
    """The example brand's page for the gallery's default code in every language (first theme): previews."""
    chosen = languages or english_only(catalog)
    entries = {entry.code: entry for entry in catalog.codes}
    brand = load_example_brand()
    code = preview_code(tuple(sorted(entries)))
    theme = THEMES[0]
    return {f"{EXAMPLE_DIR}/{theme.name}/{tag}/{code}.html": render_error_page(theme, entries[code], language, brand)
            for tag, language in chosen.items()}


def preview_code(codes: tuple[int, ...]) -> int:
    return 502 if 502 in codes else codes[0]


def render_gallery_page(kits: list[Kit], files: dict[str, str | bytes], stats: GalleryStats,
                        sources: dict[str, Source], languages: dict[str, Language]) -> str:
    """The Markdown of /error-pages/ (front matter included)."""
    entries = kits[0].entries
    default_code = preview_code(tuple(entry.code for entry in entries))
    first = kits[0]
    problem_example = _bytes(files[problem_path(first.theme, first.default_language, default_code)]).decode()
    problem_example = problem_example.replace(REQUEST_ID_MARKER, "0d2dbf8c853827e71482b417c84b7d3c").strip()
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
        haproxy_codes=sorted(HAPROXY_ERRORFILE_CODES),
        root=INSTALL_ROOT,
        archive=ARCHIVE.rsplit("/", 1)[1],
        archive_kb=max(1, round(stats.archive / 1024)),
        sources=sources,
        languages=languages,
        max_elements=MAX_ELEMENTS,
        problem_example=problem_example,
        example_brand=EXAMPLE_BRAND.read_text(encoding="utf-8"),
        logo_budget=LOGO_BUDGET,
    )


def install_page(theme: str) -> str:
    """/error-pages/install/plain/"""
    return f"{PAGES_DIR}/install/{theme}.md"


def render_install_page(kit: Kit, files: dict[str, str | bytes], stats: GalleryStats,
                        sources: dict[str, Source]) -> str:
    """/error-pages/install/<theme>/: every server's configuration for one theme, as the archive has it.

    Off the gallery page, which showed the first theme's 15 files (and rewrote their paths with
    JavaScript for the others): they were 21 KB of its 37 KB gzip HTML and 6,600 of its 8,100
    elements. Here each theme's files are its own, so the copy buttons copy them as they are.
    """

    def artifact(name: str) -> str:
        content = files[f"{kit.folder}/{name}"]
        return content if isinstance(content, str) else content.decode("utf-8")

    http_example = next(code for code in (503, *kit.codes) if code in kit.codes)
    http_head = _bytes(files[f"{kit.folder}/haproxy/{http_example}.http"]).split(b"\r\n\r\n", 1)[0]
    config = artifact("haproxy.cfg").split("\n")
    returns = [number for number, line in enumerate(config) if line.lstrip().startswith("http-response return")]
    kept = [line for number, line in enumerate(config) if number not in returns[2:]]
    kept.insert(returns[1] + 1, "    # … and one line for each other code, language and format")
    meta = front_matter(
        title=f"Install the {kit.theme.label} error pages",
        description=f"Configuration for the {kit.theme.label} 5xx error pages in nginx, Apache, Caddy, HAProxy, "
        "Cloudflare, IIS, Traefik, Kubernetes, CloudFront and Node.js that keeps the real status code.",
    )
    return meta + render(
        "gallery_install.md.j2",
        themes=THEMES,
        kit=kit,
        stats=stats,
        haproxy_limit=HAPROXY_MAX_RESPONSE,
        haproxy_codes=sorted(HAPROXY_ERRORFILE_CODES),
        cloudfront_codes=sorted(CLOUDFRONT_CODES),
        apache_codes=sorted(APACHE_CODES),
        cloudflare_codes=[entry.code for entry in kit.entries if entry.code not in CLOUDFLARE_ERROR_PAGE_EXCLUDED],
        error_ttl=CLOUDFRONT_ERROR_TTL,
        root=INSTALL_ROOT,
        artifact=artifact,
        http_head=http_head.decode("ascii").replace("\r\n", "\n"),
        http_example=http_example,
        sources=sources,
        haproxy_excerpt="\n".join(kept),
    )
