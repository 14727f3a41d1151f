"""Where the site is published, for the outputs that leave it.

Pages link to each other with relative URLs, but structured data, embeds and the JSON API are
read on other hosts (search engines, help centres, scripts), so they need absolute URLs. The
MkDocs hook fills `SiteInfo` from mkdocs.yml (`site_url`, `site_name`, `use_directory_urls`);
the CLI and the tests use the defaults, which match mkdocs.yml's local `site_url`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

#: mkdocs.yml's `site_url` when SITE_URL is not set.
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
DEFAULT_SITE_NAME = "5xx Field Guide"


@dataclass(frozen=True)
class Licence:
    """The licence of the guide's text (mkdocs.yml `copyright` says the same; a test checks it)."""

    name: str
    url: str
    #: The SPDX identifier, as pyproject.toml's `license` expression names it.
    spdx: str


#: The text's licence (LICENSE-CONTENT); the code is MIT (LICENSE).
TEXT_LICENCE = Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0")


@dataclass(frozen=True)
class SiteInfo:
    """The public address and name of the site, and how MkDocs maps pages to URLs."""

    url: str = DEFAULT_SITE_URL
    name: str = DEFAULT_SITE_NAME
    directory_urls: bool = True
    language: str = "en"
    licence: Licence = TEXT_LICENCE

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"site_url must be an absolute http(s) URL, got {self.url!r}")
        if not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    @property
    def origin(self) -> str:
        """scheme://host[:port], as `MessageEvent.origin` reports it."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def page_path(self, src_uri: str) -> str:
        """Site-relative URL of a Markdown page, as MkDocs writes it ('codes/502.md' → 'codes/502/')."""
        stem, _ = posixpath.splitext(src_uri)
        if not self.directory_urls:
            return f"{stem}.html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return f"{stem}/"

    def absolute(self, site_path: str) -> str:
        """Absolute URL of a site-relative path ('api/v1/codes.json')."""
        return self.url + site_path.lstrip("/")

    def page_url(self, src_uri: str) -> str:
        """Absolute URL of a Markdown page: its canonical URL."""
        return self.absolute(self.page_path(src_uri))

    def relative(self, site_path: str, from_src_uri: str) -> str:
        """URL of `site_path` relative to the page built from `from_src_uri` (for raw HTML in pages)."""
        page = self.page_path(from_src_uri)
        folder = page if self.directory_urls else posixpath.dirname(page)
        return posixpath.relpath(site_path, folder.rstrip("/") or ".")

    @property
    def attribution(self) -> str:
        """The credit line reusers are asked to show."""
        return f"{self.name} ({self.url}), {self.licence.name}"


#: mkdocs.yml's defaults: what the CLI and the tests publish to unless told otherwise.
DEFAULT_SITE = SiteInfo()
