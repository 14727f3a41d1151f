"""Incremental rebuilds for `mkdocs serve --dirty`: only the pages whose Markdown changed are built.

MkDocs' dirty build skips every page whose `File.is_modified()` is False, but on its own it is
no use here and not exact: a generated file (content in memory) always counts as modified, so
nothing is skipped; and a skipped page is left empty (no title, content or table of contents),
so the pages that are built would show it untitled in their navigation, and Material's search
index would hold only the built pages. `Incremental` makes it exact:

- `plan_build` (on_files): each page and generated file has a digest of what its output is made
  of (its Markdown and edit link; a hand-written page's expanded Markdown). A file is rebuilt
  when its digest changed. When the site's shape changed (the set of files, the nav, mkdocs.yml,
  the theme overrides, the core's code), every file is rebuilt into a cleaned site folder.
- `capture` (on_page_content, on_page_context): what a built page's Markdown became (HTML, table
  of contents, title, anchors) and the search entries Material made of it.
- `restore` (on_env): skipped pages get that state back, so navigation, footers, anchor checks
  and the sitemap see every page as a full build does. If a built page's title (or another field
  the navigation shows) changed, every page is rendered again from its kept HTML: each page's
  navigation shows the titles of others.
- `complete_search_index` (on_post_build, before the search plugin writes): the index gets every
  page's entries, in the order a full build writes them.

State is committed only when a build finishes (`commit`); after a failed build (whose files
may be half written) the next build is a full one.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import mkdocs
from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.theme import Theme
from mkdocs.utils import clean_directory

#: Front-matter fields that Material's navigation and footer show for *other* pages.
NAV_META = ("title", "icon", "status", "subtitle")


class TrackedFile(File):
    """A file whose "modified" state (what a dirty build rebuilds) the plugin decides, by digest."""

    rebuild = True

    def is_modified(self) -> bool:
        return self.rebuild


@dataclass
class BuiltPage:
    """What a page's Markdown became in the last build, to give back to the page when it is skipped."""

    markdown: str
    meta: MutableMapping[str, Any]
    content: str
    toc: TableOfContents
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[File, dict[str, str]] | None
    #: What other pages' navigation shows of this one.
    nav: tuple[Any, ...]
    search_entries: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, page: Page, content: str) -> BuiltPage:
        assert page.markdown is not None
        return cls(page.markdown, page.meta, content, page.toc, page._title_from_render,
                   page.present_anchor_ids, page.links_to_anchors, nav_signature(page))

    def give_back(self, page: Page) -> None:
        page.markdown, page.meta, page.content, page.toc = self.markdown, self.meta, self.content, self.toc
        page._title_from_render = self.title_from_render
        page.present_anchor_ids, page.links_to_anchors = self.present_anchor_ids, self.links_to_anchors


def digest(*parts: str | bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8") if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()


class DigestMemo:
    """`digest` of generated content, kept from one build to the next by the content itself.

    A plan gives back equal text for nearly every generated file (the gallery's pages are the
    very same objects), and a dict finds equal text faster than SHA-256 reads it.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str | bytes, ...], str] = {}
        self._current: dict[tuple[str | bytes, ...], str] = {}

    def of(self, *parts: str | bytes) -> str:
        known = self._current.get(parts) or self._last.get(parts) or digest(*parts)
        self._current[parts] = known
        return known

    def next_build(self) -> None:
        """Forget what the last build's files no longer hold."""
        self._last, self._current = self._current, {}


def tree_signature(*folders: str) -> str:
    """A digest of every file's path, size and modification time under `folders` (a few ms for hundreds)."""
    entries = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if "__pycache__" not in path.parts and path.is_file():
                stat = path.stat()
                entries.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*entries)


def nav_signature(page: Page) -> tuple[Any, ...]:
    """What other pages' navigation shows of `page`."""
    return (page.title, *(page.meta.get(key) for key in NAV_META))


class Incremental:
    """The bookkeeping of dirty serve builds (see the module docstring); one instance per `mkdocs serve`."""

    def __init__(self) -> None:
        self._shape: str | None = None
        self._digests: dict[str, str] = {}
        self._built: dict[str, BuiltPage] = {}
        self._pending_shape: str | None = None
        self._pending_digests: dict[str, str] = {}
        self._pending_built: dict[str, BuiltPage] = {}
        self._indexed = 0
        self._files = Files([])
        #: This build renders every page (a full build, or navigation changed): so must the 404 page.
        self.renders_all = True
        #: This build's pages converted from Markdown and pages rendered from templates (`summary`).
        self._converted = self._rendered = 0

    def plan_build(self, files: Files, digests: dict[str, str], shape: str, site_dir: str) -> None:
        """Mark each tracked file rebuilt or skipped; a new shape cleans the site folder and rebuilds all."""
        full = shape != self._shape
        if full:
            clean_directory(site_dir)
        self._pending_shape, self._pending_digests, self._pending_built = shape, digests, {}
        self._indexed = 0
        for file in files:
            if isinstance(file, TrackedFile):
                known = file.src_uri in self._built or not file.is_documentation_page()
                file.rebuild = full or not known or self._digests.get(file.src_uri) != digests[file.src_uri]

    def capture_content(self, page: Page, content: str) -> None:
        """A page's Markdown was converted to `content` (on_page_content, after every other plugin's)."""
        self._pending_built[page.file.src_uri] = BuiltPage.of(page, content)

    def capture_search_entries(self, page: Page, entries: list[dict[str, Any]] | None) -> None:
        """The search plugin indexed `page` (on_page_context, after it): keep the entries it added."""
        if entries is None:
            return
        built = self._pending_built.get(page.file.src_uri)
        if built is not None:
            built.search_entries = entries[self._indexed:]
        self._indexed = len(entries)

    def restore(self, files: Files) -> None:
        """Give skipped pages their last state; render all again if what navigation shows changed."""
        self._files = files
        self.renders_all = self._pending_shape != self._shape
        pages = [file for file in files.documentation_pages() if isinstance(file, TrackedFile)]
        nav_changed = False
        for file in pages:
            assert file.page is not None
            if file.rebuild:
                self._converted += 1
                before = self._built.get(file.src_uri)
                nav_changed = nav_changed or (before is not None and before.nav != nav_signature(file.page))
            else:
                built = self._built[file.src_uri]
                built.give_back(file.page)
                self._pending_built[file.src_uri] = built
        self.renders_all = self.renders_all or nav_changed
        for file in pages:
            if nav_changed and not file.rebuild:
                # The HTML is kept; only the template (navigation, footer) is rendered again.
                # A copy: the search entries it gets must not change the last build's.
                self._pending_built[file.src_uri] = replace(self._built[file.src_uri])
                file.rebuild = True
            self._rendered += file.rebuild

    def complete_search_index(self) -> list[dict[str, Any]]:
        """Every page's search entries, in page order (what a full build's index holds)."""
        complete: list[dict[str, Any]] = []
        for file in self._files.documentation_pages():
            built = self._pending_built.get(file.src_uri)
            complete += built.search_entries if built is not None else []
        return complete

    def summary(self) -> str:
        pages = len(self._files.documentation_pages())
        return f"{self._converted} of {pages} pages converted from Markdown, {self._rendered} rendered"

    def commit(self) -> None:
        """The build finished: its files are what the next build compares with."""
        full = self._pending_shape != self._shape
        self._shape, self._digests, self._built = self._pending_shape, self._pending_digests, self._pending_built
        self._converted = self._rendered = 0
        if full:
            settle_heap()

    def abandon(self) -> None:
        """The build failed part-way, leaving files of unknown state: the next build is a full one."""
        self._shape, self._digests, self._built, self._pending_built = None, {}, {}, {}
        self._converted = self._rendered = 0


def settle_heap() -> None:
    """After a full serve build, keep what is alive out of the cyclic collector's later passes.

    A serve process keeps its modules, templates and the last build's state from save to save,
    about 150,000 objects here, and each of Python's full collections (during about every second
    save) walked them all: 80-140 ms of that save's CPU. Frozen (`gc.freeze`), they are skipped,
    and the full collections of later saves took 23-45 ms. What of them dies later is freed by
    reference counting, or, in a cycle (a replaced page and its file), at the next full build,
    which first collects everything (`gc.unfreeze`): so at most one build's worth waits.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class TemplateCache(BytecodeCache):
    """Compiled theme templates, kept in memory across serve builds (each build makes a new Jinja
    environment, which would compile Material's templates again: about 0.1 s a build). Jinja keys
    each by its source's checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


#: Where MkDocs and its installed themes live: their files do not change while serving.
INSTALLED = Path(mkdocs.__file__).parent.parent


def installed(folder: str) -> bool:
    """Whether a theme folder is an installed theme's (not the site's own custom_dir)."""
    return Path(folder).is_relative_to(INSTALLED)


class ThemeMemo:
    """What each serve build's theme environments would redo, kept for the life of `mkdocs serve`.

    MkDocs makes a new theme (and Jinja environment) for every build, and so do plugins:
    Material's search plugin compiles its language templates in a fresh environment of its own
    on every build (about 35 ms), and listing the theme's files to copy walks Material's 14,500
    files, icons included (about 30 ms). `keep(theme)` makes every environment that build's
    theme gives share one `TemplateCache` (compiled templates, keyed by their source's checksum)
    and one listing of each installed theme folder; folders of the site's own (custom_dir) are
    listed afresh each time, so an added override is seen.
    """

    def __init__(self) -> None:
        self.templates = TemplateCache()
        self._listings: dict[str, list[str]] = {}

    def keep(self, theme: Theme) -> None:
        """From now on, environments `theme` makes share the compiled templates and listings."""
        make_environment = theme.get_env

        def get_env() -> Environment:
            env = make_environment()
            env.bytecode_cache = self.templates
            if isinstance(env.loader, FileSystemLoader):
                folders = [str(folder) for folder in env.loader.searchpath]
                env.loader.list_templates = lambda: self._list(folders)  # type: ignore[method-assign]
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def _list(self, folders: list[str]) -> list[str]:
        """FileSystemLoader(folders).list_templates(), with each installed folder walked once."""
        found: set[str] = set()
        for folder in folders:
            if installed(folder):
                if folder not in self._listings:
                    self._listings[folder] = FileSystemLoader(folder).list_templates()
                found.update(self._listings[folder])
            else:
                found.update(FileSystemLoader(folder).list_templates())
        return sorted(found)
