"""MkDocs adapter for the 5xx Field Guide: the only package that imports MkDocs.

`StatuskbPlugin` is both the `statuskb` plugin (`plugins: [statuskb]`, the `mkdocs.plugins`
entry point, for any MkDocs 1.6 + Material site) and, configured for this repository, the
hooks of its own site (hooks/generate.py). It wires MkDocs events to the `statuskb` core and
does nothing else:

- on_config: load and validate the catalog, plan every generated page. Invalid data stops
  the build here, before MkDocs cleans or writes the site folder, with every problem as
  PATH:LINE:COL: field: message (a PluginError: no traceback). For a foreign site it also adds
  the shipped theme overrides (structured data, the stylesheet) and the pages' scripts.
- on_files: add the planned pages in memory (File.generated; nothing is written into
  the docs folder) under `prefix`, refusing any that would replace a hand-written page.
- on_page_markdown: expand `<!-- statuskb: NAME -->` blocks in hand-written pages (those under
  `prefix`, whose links the blocks know how to write).
- on_post_build: minify the built copy of the shipped stylesheet (its comments are for maintainers).

While serving: MkDocs caches hook modules for the life of `mkdocs serve`, so edits to the core
would be ignored until a restart; the core is imported afresh before a build when one of its
files changed. An invalid catalog keeps the last valid pages and the server adds a banner naming
every problem to each page it serves (banner.py). `mkdocs serve --dirty` (`make serve`) rebuilds
only the pages whose Markdown changed, exactly (incremental.py: on_page_content, on_page_context,
on_env and on_post_build keep and give back the skipped pages' state and search entries).
"""

from __future__ import annotations

import gc
import importlib
import logging
import posixpath
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import rcssmin
from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, meta

import statuskb
from statuskb import Catalog, Observations, ProblemsFound, SiteInfo, SitePlan
from statuskb.common.shipped import shipped
from statuskb_mkdocs.banner import bannering
from statuskb_mkdocs.incremental import (
    DigestMemo,
    Incremental,
    ThemeMemo,
    TrackedFile,
    digest,
    installed,
    tree_signature,
)

log = get_plugin_logger(__name__)
serve_log = logging.getLogger("statuskb.serve")
#: Outside `mkdocs.*` too: a local build is told where its absolute URLs point without failing strict mode.
publish_log = logging.getLogger("statuskb.publish")

#: The shipped stylesheet (theme_overrides/main.html links it), minified in the built site.
STYLESHEET = "assets/stylesheets/fieldguide.css"
#: The scripts generated pages need (mkdocs.yml lists them for this repository's site).
PAGE_SCRIPTS = ("assets/javascripts/gallery.js", "assets/javascripts/explain.js")
#: Hosts a published site cannot have (mkdocs.yml's local default is http://127.0.0.1:8000/).
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
#: The Markdown extensions generated pages are written for (anchors, admonitions, tabs, …), with
#: the settings mkdocs.yml gives them; a site keeps its own settings for any it already uses.
PAGE_EXTENSIONS: dict[str, dict[str, Any]] = {
    "abbr": {}, "admonition": {}, "attr_list": {}, "def_list": {}, "md_in_html": {}, "tables": {}, "toc": {},
    "pymdownx.details": {}, "pymdownx.highlight": {}, "pymdownx.inlinehilite": {}, "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
}


class StatuskbConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ has no types
    """The plugin's options (mkdocs.yml `plugins: [statuskb: {...}]`); paths are relative to mkdocs.yml."""

    #: The catalog to publish; by default the one the package ships.
    catalog = c.Optional(c.Type(str))
    #: The behaviour lab's observations; by default the shipped ones with the shipped catalog, none otherwise.
    observations = c.Optional(c.Type(str))
    #: The folder of the site the generated pages go under ('' for the site root).
    prefix = c.Type(str, default="5xx")
    #: Add the shipped theme overrides below the site's own custom_dir (structured data, styles).
    theme_overrides = c.Type(bool, default=True)
    #: A build for publishing: fail unless site_url is a public address (`!ENV [STATUSKB_PUBLISH, false]`).
    publish = c.Type(bool, default=False)


class StatuskbPlugin(BasePlugin[StatuskbConfig]):  # type: ignore[no-untyped-call]  # as above
    """The MkDocs side of the generator: the catalog's pages, in memory, in an MkDocs build."""

    def __init__(self) -> None:
        self._core: ModuleType = statuskb
        self._core_files = tree_signature(_core_folder(statuskb))
        #: The plan of the last valid catalog (None until one was valid): kept while serving an invalid one.
        self._plan: SitePlan | None = None
        self._serving = False
        #: While serving an invalid catalog: its problems, as printed (the server banners them).
        self._problems: Sequence[str] = ()
        #: `mkdocs serve --dirty`: which pages a build can skip, and their state.
        self._incremental: Incremental | None = None
        #: While serving --dirty: the theme environments' compiled templates and file listings.
        self._theme_memo = ThemeMemo()
        #: Each generated file's content, by src_uri, and its digests from build to build (serve --dirty).
        self._generated: dict[str, str | bytes] = {}
        #: While serving: the last build's File of each generated non-page file, by src_uri (see `_static_file`).
        self._static_files: dict[str, tuple[str | bytes, File]] = {}
        self._content_digests = DigestMemo()

    def on_startup(self, *, command: str, dirty: bool, **kwargs: Any) -> None:
        self._serving = command == "serve"
        if self._serving and dirty:
            self._incremental = Incremental()
            # MkDocs warns that a dirty build's navigation may be inaccurate, a warning that strict
            # mode turns into a failed build; here it is exact (incremental.py).
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not record.getMessage().startswith("A 'dirty' build is being performed"))

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, **kwargs: Any) -> LiveReloadServer:
        app = server.get_app()
        assert app is not None  # LiveReloadServer sets its app when it is made
        server.set_app(bannering(app, lambda: self._problems))
        return server

    @property
    def _prefix(self) -> str:
        return self.config.prefix.strip("/")

    def _sources(self, config: MkDocsConfig) -> tuple[Path, str, Path | None, str]:
        """The catalog and observations files, and how messages and edit links name them."""
        root = _repo_root(config)
        if self.config.catalog is None:
            catalog = shipped(self._core.CATALOG_SOURCE)
            shipped_observations = self.config.observations or str(shipped(self._core.OBSERVATIONS_SOURCE))
            return catalog, str(catalog), root / shipped_observations, shipped_observations
        observations = self.config.observations
        return (root / self.config.catalog, self.config.catalog,
                None if observations is None else root / observations, observations or "")

    @event_priority(100)  # before the search plugin's, which makes a theme environment (ThemeMemo)
    def on_config(self, config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
        if self._incremental is not None:
            self._theme_memo.keep(config.theme)
        if self._serving:
            core_files = tree_signature(_core_folder(self._core))
            if core_files != self._core_files:
                self._core, self._core_files = _fresh_core(), core_files
        if self.config.theme_overrides:
            _add_theme_overrides(config)
        config.extra["statuskb_prefix"] = f"{self._prefix}/" if self._prefix else ""
        catalog_path, catalog_shown, observations_path, observations_shown = self._sources(config)
        try:
            catalog, lines = self._core.load_catalog_with_lines(catalog_path, catalog_shown)
            observations = self._observations(observations_path, observations_shown, catalog)
            # The explainer's traits and the error pages' translations sit beside the catalog.
            recognition, languages = self._core.load_beside_catalog(catalog_path, catalog_shown, catalog)
            self._plan = self._core.plan_site(catalog, self._site_info(config), observations,
                                              recognition=recognition, languages=languages, lines=lines)
        except self._core.ProblemsFound as found:
            if not self._serving:
                raise PluginError(f"The catalog is invalid; nothing was built.\n{found.report()}") from None
            self._show_problems_while_serving(config, found)
            return config
        except Exception as error:
            if not self._serving:
                raise
            # A bug in the core (or a catalog that triggers one) must not stop the preview: banner
            # it like a problem, with the traceback in the terminal, and keep the last valid pages.
            serve_log.exception("statuskb failed while planning the site")
            where = self._core.Problem(catalog_shown, 1, 1, "statuskb",
                                       f"internal error: {type(error).__name__}: {error}"[:500])
            self._show_problems_while_serving(config, self._core.ProblemsFound([where]))
            return config
        self._problems = ()
        log.info(f"{len(self._plan.pages)} pages planned from {catalog_shown}")
        if not self._serving:
            # The catalog and the plan stay alive until the build ends, and every full collection
            # MkDocs's work set off walked them again: three took 145 ms of a build. Frozen, the
            # collections skip them: two took 24 ms (plain MkDocs: 35-39 ms). A server settles
            # its heap after each build instead (`settle_heap`).
            gc.freeze()
        return config

    def _observations(self, path: Path | None, shown: str, catalog: Catalog) -> Observations | None:
        """The behaviour lab's observations, checked against the catalog (None without the file)."""
        if path is None or not path.is_file():
            return None
        observations: Observations = self._core.load_observations(path, catalog, shown)
        return observations

    def _site_info(self, config: MkDocsConfig) -> SiteInfo:
        """Where the generated pages are published: structured data, embeds and the JSON API use absolute URLs.

        A local site_url (unset, or mkdocs.yml's default http://127.0.0.1:8000/) would ship a
        loopback address into every embed and API document: a publishing build stops on it, any
        other build says so.
        """
        url = config.site_url or self._core.DEFAULT_SITE_URL
        if urlsplit(url).hostname in LOCAL_HOSTS:
            message = (f"site_url is {url}, a local address: the embeds, structured data and JSON API "
                       "point at it; set SITE_URL to the public address to publish")
            if self.config.publish:
                raise PluginError(f"Not publishing: {message}.")
            if not self._serving:
                publish_log.warning(f"statuskb: {message}.")
        if self._prefix:
            url = f"{url.rstrip('/')}/{self._prefix}/"
        site: SiteInfo = self._core.SiteInfo(url=url, name=config.site_name, directory_urls=config.use_directory_urls)
        return site

    def _show_problems_while_serving(self, config: MkDocsConfig, found: ProblemsFound) -> None:
        """Keep `mkdocs serve` alive on invalid data: print the problems, banner them on every page.

        The pages stay those of the last valid catalog, under a banner that names every problem
        (the server adds it, banner.py), so the preview is never silently stale; the next valid save
        clears the banner. The
        problems go to a logger outside `mkdocs.*` so that strict mode does not abort the build
        that shows them.
        """
        for line in found.report().splitlines():
            serve_log.error(line)
        self._problems = [str(problem) for problem in found.problems]
        if self._plan is None:  # invalid from the start: no generated pages, so links to them will warn
            config.strict = False
            # MkDocs attached its strict-mode warning counter before on_config: without this the
            # build would count those warnings and abort, and the server would show nothing.
            mkdocs_log = logging.getLogger("mkdocs")
            for handler in [h for h in mkdocs_log.handlers if isinstance(h, CountHandler)]:
                mkdocs_log.removeHandler(handler)

    def on_files(self, files: Files, *, config: MkDocsConfig, **kwargs: Any) -> Files:
        if self._plan is not None:  # none while serving an invalid catalog before any valid one
            self._add_planned(files, config, self._plan)
        if self._incremental is None:
            return files
        tracked = Files([file if isinstance(file, TrackedFile) or not file.is_documentation_page()
                         else TrackedFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                                          dest_uri=file.dest_uri, inclusion=file.inclusion)
                         for file in files])
        self._content_digests.next_build()
        digests = {file.src_uri: self._digest(file, config) for file in tracked if isinstance(file, TrackedFile)}
        self._incremental.plan_build(tracked, digests, self._shape(tracked, config), config.site_dir)
        return tracked

    def _add_planned(self, files: Files, config: MkDocsConfig, plan: SitePlan) -> None:
        """The planned pages and files, in memory, under the prefix (and the guide's own nav)."""
        root = _repo_root(config)
        docs_dir = Path(config.docs_dir).resolve()
        docs_label = posixpath.join(posixpath.relpath(docs_dir.as_posix(), root.as_posix()), self._prefix)
        under_prefix = (self._in_prefix(f.src_uri) for f in files)
        clashes = self._core.collisions(self._plan, (uri for uri in under_prefix if uri is not None), docs_label)
        if clashes:
            raise PluginError("\n".join(str(problem) for problem in clashes))
        hand_written = [f.src_uri for f in files if f.is_documentation_page()]
        edit_prefix = posixpath.relpath(root.as_posix(), docs_dir.as_posix())
        catalog_source, observations_source = self.config.catalog, self.config.observations
        edit_sources = {self._core.CATALOG_SOURCE: catalog_source, self._core.OBSERVATIONS_SOURCE: observations_source}
        self._generated = {}
        for planned in plan.pages:
            inclusion = InclusionLevel.UNDEFINED if planned.in_nav else InclusionLevel.NOT_IN_NAV
            generated = TrackedFile.generated(config, posixpath.join(self._prefix, planned.src_uri),
                                       content=planned.markdown, inclusion=inclusion)
            edit_source = edit_sources.get(planned.edit_source)  # none for the shipped catalog: not the site's file
            line = f"#L{planned.edit_line}" if planned.edit_line else ""  # GitHub's anchor for a line
            generated.edit_uri = None if edit_source is None else posixpath.join(edit_prefix, edit_source) + line
            files.append(generated)
            self._generated[generated.src_uri] = planned.markdown
        static_files, self._static_files = self._static_files, {}
        for extra in plan.files:  # JSON, raw HTML, archives: MkDocs copies them as they are
            uri = posixpath.join(self._prefix, extra.path)
            files.append(self._static_file(config, uri, extra.content, static_files.get(uri)))
            self._generated[uri] = extra.content
        if not config.nav and not self._prefix:  # the guide's own site: the sidebar by reader task
            config.nav = self._core.navigation(plan, hand_written)

    def _static_file(self, config: MkDocsConfig, uri: str, content: str | bytes,
                     last: tuple[str | bytes, File] | None) -> File:
        """A generated file MkDocs copies as it is; while serving, the last build's File when its
        content and destination are the same (most of the 3,900 error pages, problem details and
        artifacts on a save; making them again was 30 ms a rebuild). MkDocs only reads such a File
        (its content, destination and URL) and copies it when `is_modified()`, which `Incremental`
        sets on every build; it also resolves the File's inclusion from mkdocs.yml (`exclude_docs`,
        `not_in_nav`), so a kept File starts undecided again, as a new one does."""
        kept_content, file = last or (None, None)
        if file is not None and kept_content == content and (file.dest_dir, file.use_directory_urls) == (
                config.site_dir, config.use_directory_urls):
            file.inclusion = InclusionLevel.UNDEFINED
        else:
            file = TrackedFile.generated(config, uri, content=content)
        if self._incremental is not None:
            self._static_files[uri] = (content, file)
        return file

    def _digest(self, file: File, config: MkDocsConfig) -> str:
        """What a tracked file's output is made of: generated content and edit link, or expanded Markdown."""
        if file.generated_by:  # ours (planned content at hand), or another plugin's
            content = self._generated.get(file.src_uri)
            return self._content_digests.of(file.content_bytes if content is None else content, file.edit_uri or "")
        source = file.content_string
        markdown, _ = meta.get_data(source)
        try:
            return digest(source, self._expanded(markdown, file, config))
        except PluginError as error:  # the build stops on it when the page is built
            return digest(source, str(error))

    def _shape(self, files: Files, config: MkDocsConfig) -> str:
        """What every page's output depends on: the set of files and URLs, the nav, the config, theme and core."""
        own_theme = [folder for folder in config.theme.dirs if not installed(folder)]
        config_file = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        listing = repr(sorted((file.src_uri, file.dest_uri, file.inclusion.name) for file in files))
        return digest(listing, repr(config.nav), config_file, tree_signature(*own_theme), self._core_files)

    def _in_prefix(self, src_uri: str) -> str | None:
        """`src_uri` relative to the prefix, or None for a page outside it."""
        if not self._prefix:
            return src_uri
        head = f"{self._prefix}/"
        return src_uri[len(head):] if src_uri.startswith(head) else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any) -> str:
        return self._expanded(markdown, page.file, config)

    def _expanded(self, markdown: str, file: File, config: MkDocsConfig) -> str:
        """A hand-written page's Markdown with its catalog blocks expanded (generated pages as they are)."""
        uri = self._in_prefix(file.src_uri)
        if file.generated_by or self._plan is None or uri is None:
            return markdown
        shown = posixpath.join(Path(config.docs_dir).name, file.src_uri)
        source = file.content_string
        first_line = source[: max(source.find(markdown), 0)].count("\n") + 1  # after front matter
        try:
            expanded: str = self._core.hand_written_markdown(self._plan, markdown, uri, shown, first_line)
        except self._core.ProblemsFound as found:
            raise PluginError(found.report()) from None
        return expanded

    @event_priority(-100)  # after every other plugin's changes: the HTML the page is rendered with
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any) -> str:
        if self._incremental is not None:
            self._incremental.capture_content(page, html)
        return html

    @event_priority(-100)  # after the search plugin indexed the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation,
                        **kwargs: Any) -> Any:
        search = _material_search(config)
        if self._incremental is not None and search is not None:
            self._incremental.capture_search_entries(page, search.search_index.entries)
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files, **kwargs: Any) -> Environment:
        if self._incremental is not None:
            self._incremental.restore(files)
            if not self._incremental.renders_all:  # the 404 page shows the navigation, the same as last build's
                config.theme.static_templates.discard("404.html")
        return env

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig, **kwargs: Any) -> None:
        _minify_stylesheet(Path(config.site_dir) / STYLESHEET)
        if self._incremental is None:
            return
        search = _material_search(config)
        if search is not None:
            search.search_index.entries = self._incremental.complete_search_index()
            search.search_index_prev = None  # its own merge assumes one changed page
        log.info(self._incremental.summary())
        self._incremental.commit()

    def on_build_error(self, *, error: Exception, **kwargs: Any) -> None:
        if self._incremental is not None:
            self._incremental.abandon()


def _minify_stylesheet(path: Path) -> None:
    """The stylesheet without the comments that explain each rule to maintainers, and without spaces.

    Readers' browsers need neither (a third of the file gzipped, on every first visit). rcssmin,
    as for the error pages' CSS: it knows strings and comments. Minifying it again changes nothing.
    """
    if path.is_file():
        css = path.read_text(encoding="utf-8")
        path.write_text(rcssmin.cssmin(css), encoding="utf-8")


def _material_search(config: MkDocsConfig) -> Any | None:
    """Material's search plugin, whose index a dirty build completes with the skipped pages' entries."""
    return next((plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index_prev")), None)


def _core_folder(core: ModuleType) -> str:
    return str(Path(str(core.__file__)).parent)


def _fresh_core() -> ModuleType:
    """Re-import the core so that `mkdocs serve` picks up edits to hooks/statuskb (only when they changed)."""
    for name in [name for name in sys.modules if name == "statuskb" or name.startswith("statuskb.")]:
        del sys.modules[name]
    return importlib.import_module("statuskb")


def _repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _add_theme_overrides(config: MkDocsConfig) -> None:
    """The shipped theme overrides, just below the site's own custom_dir, the pages' scripts and extensions.

    The overrides carry the structured data, the `html_title` tab titles, the stylesheet and the
    embed script; a site's own custom_dir still wins for any template it defines.
    """
    overrides = str(shipped("theme_overrides"))
    if overrides not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
    for extension, settings in PAGE_EXTENSIONS.items():
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
            config.mdx_configs.setdefault(extension, settings)
    listed = {str(script) for script in config.extra_javascript}
    for path in PAGE_SCRIPTS:
        if path not in listed:
            script = c.ExtraScriptValue(path)
            script.defer = True
            config.extra_javascript.append(script)
