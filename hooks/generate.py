"""MkDocs adapter for the 5xx Field Guide: the only module that imports MkDocs.

It wires MkDocs events to the `statuskb` core and does nothing else:

- on_config: load and validate the catalog, plan every generated page. Invalid data stops
  the build here, before MkDocs cleans or writes the site folder, with every problem as
  PATH:LINE:COL: field: message (a PluginError: no traceback).
- on_files: add the planned pages in memory (File.generated; nothing is written into
  content/), refusing any that would replace a hand-written page, and set the nav by reader task.
- on_page_markdown: expand `<!-- statuskb: NAME -->` blocks in hand-written pages.

MkDocs caches hook modules for the life of `mkdocs serve`, so edits to the core would be
ignored until a restart; when serving, the core is imported afresh before each build.
"""

from __future__ import annotations

import importlib
import logging
import posixpath
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import statuskb
from statuskb import Catalog, Observations, ProblemsFound, SiteInfo, SitePlan

log = get_plugin_logger(__name__)
serve_log = logging.getLogger("statuskb.serve")
_core: ModuleType = statuskb
#: The plan of the last valid catalog (None until one was valid): kept while serving an invalid one.
_plan: SitePlan | None = None
_serving = False


def on_startup(*, command: str, dirty: bool, **kwargs: Any) -> None:
    global _serving
    _serving = command == "serve"


def _fresh_core() -> ModuleType:
    """Re-import the core so that `mkdocs serve` picks up edits to hooks/statuskb."""
    for name in [name for name in sys.modules if name == "statuskb" or name.startswith("statuskb.")]:
        del sys.modules[name]
    return importlib.import_module("statuskb")


def _repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    global _core, _plan
    if _serving:
        _core = _fresh_core()
    root = _repo_root(config)
    try:
        catalog, lines = _core.load_catalog_with_lines(root / _core.CATALOG_SOURCE, _core.CATALOG_SOURCE)
        observations = _observations(root, catalog)
        _plan = _core.plan_site(catalog, _site_info(config), observations, lines)
    except _core.ProblemsFound as found:
        if not _serving:
            raise PluginError(f"The catalog is invalid; nothing was built.\n{found.report()}") from None
        _show_problems_while_serving(config, found)
        return config
    log.info(f"{len(_plan.pages)} pages planned from {_core.CATALOG_SOURCE}")
    return config


def _observations(root: Path, catalog: Catalog) -> Observations | None:
    """The behaviour lab's data/observations.yaml, checked against the catalog (None without the file)."""
    path = root / _core.OBSERVATIONS_SOURCE
    return _core.load_observations(path, catalog, _core.OBSERVATIONS_SOURCE) if path.is_file() else None


def _site_info(config: MkDocsConfig) -> SiteInfo:
    """Where the site is published: structured data, embeds and the JSON API use absolute URLs."""
    site: SiteInfo = _core.SiteInfo(url=config.site_url or _core.DEFAULT_SITE_URL, name=config.site_name,
                                    directory_urls=config.use_directory_urls)
    return site


def _show_problems_while_serving(config: MkDocsConfig, found: ProblemsFound) -> None:
    """Keep `mkdocs serve` alive on invalid data: print the problems, banner them on every page.

    The pages stay those of the last valid catalog, under a banner that names every problem,
    so the preview is never silently stale; the next valid save clears the banner. The
    problems go to a logger outside `mkdocs.*` so that strict mode does not abort the build
    that shows them.
    """
    for line in found.report().splitlines():
        serve_log.error(line)
    config.extra["statuskb_problems"] = [str(problem) for problem in found.problems]
    if _plan is None:  # invalid from the start: no generated pages, so links to them will warn
        config.strict = False


def on_files(files: Files, *, config: MkDocsConfig, **kwargs: Any) -> Files:
    if _plan is None:  # serving an invalid catalog before any valid one: hand-written pages only
        return files
    root = _repo_root(config)
    docs_dir = Path(config.docs_dir).resolve()
    docs_label = posixpath.relpath(docs_dir.as_posix(), root.as_posix())
    hand_written = [f.src_uri for f in files if f.is_documentation_page()]
    clashes = _core.collisions(_plan, (f.src_uri for f in files), docs_label)
    if clashes:
        raise PluginError("\n".join(str(problem) for problem in clashes))
    edit_prefix = posixpath.relpath(root.as_posix(), docs_dir.as_posix())
    for planned in _plan.pages:
        inclusion = InclusionLevel.UNDEFINED if planned.in_nav else InclusionLevel.NOT_IN_NAV
        generated = File.generated(config, planned.src_uri, content=planned.markdown, inclusion=inclusion)
        line = f"#L{planned.edit_line}" if planned.edit_line else ""  # GitHub's anchor for a line
        generated.edit_uri = posixpath.join(edit_prefix, planned.edit_source) + line
        files.append(generated)
    for extra in _plan.files:  # JSON, raw HTML, archives: MkDocs copies them as they are
        files.append(File.generated(config, extra.path, content=extra.content))
    if not config.nav:  # the sidebar by reader task, unless mkdocs.yml sets one
        config.nav = _core.navigation(_plan, hand_written)
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files, **kwargs: Any) -> str:
    if page.file.generated_by or _plan is None:
        return markdown
    shown = posixpath.join(Path(config.docs_dir).name, page.file.src_uri)
    source = page.file.content_string
    first_line = source[: max(source.find(markdown), 0)].count("\n") + 1  # after front matter
    try:
        expanded: str = _core.hand_written_markdown(_plan, markdown, page.file.src_uri, shown, first_line)
    except _core.ProblemsFound as found:
        raise PluginError(found.report()) from None
    return expanded
