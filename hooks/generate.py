"""This repository's MkDocs hooks (mkdocs.yml `hooks:`): the `statuskb` plugin, set up for this site.

The adapter is `statuskb_mkdocs.StatuskbPlugin`, the same code other sites use as
`plugins: [statuskb]`. Here it reads the repository's catalog and observations (so edit links
point at them), puts the generated pages at the site root, and leaves the theme to mkdocs.yml's
`custom_dir: theme_overrides`. STATUSKB_PUBLISH=true (`make deploy`, CI's publishing build) makes
the build fail unless SITE_URL is a public address.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from statuskb_mkdocs import StatuskbPlugin

_plugin = StatuskbPlugin()
_errors, _warnings = _plugin.load_config({
    "catalog": "data/status_codes.yaml",
    "observations": "data/observations.yaml",
    "prefix": "",
    "theme_overrides": False,
    "publish": os.environ.get("STATUSKB_PUBLISH", "") not in ("", "0", "false"),
})
if _errors or _warnings:  # a mistake in the settings above, not in anyone's data
    raise RuntimeError(f"hooks/generate.py: invalid plugin settings: {_errors + _warnings}")

on_startup = _plugin.on_startup
on_config = _plugin.on_config
on_files = _plugin.on_files
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_env = _plugin.on_env


def on_post_build(*, config: Any, **kwargs: Any) -> None:
    """The plugin's checks, then the site's stylesheet without its comments.

    The comments in theme_overrides/assets/stylesheets/fieldguide.css explain each rule to
    maintainers; readers' browsers need none of them (a third of the file gzipped, on every first
    visit). It holds no strings or URLs, so every `/*` in it opens a comment.
    """
    _plugin.on_post_build(config=config, **kwargs)
    stylesheet = Path(config["site_dir"]) / "assets" / "stylesheets" / "fieldguide.css"
    css = stylesheet.read_text(encoding="utf-8")
    stylesheet.write_text(re.sub(r"/\*.*?\*/\n?", "", css, flags=re.S), encoding="utf-8")


on_build_error = _plugin.on_build_error
on_serve = _plugin.on_serve
