"""This repository's MkDocs hooks (mkdocs.yml `hooks:`): the `statuskb` plugin, set up for this site.

The adapter is `statuskb_mkdocs.StatuskbPlugin`, the same code other sites use as
`plugins: [statuskb]`. Here it reads the repository's catalog and observations (so edit links
point at them), puts the generated pages at the site root, and leaves the theme to mkdocs.yml's
`custom_dir: theme_overrides`. STATUSKB_PUBLISH=true (`make deploy`, CI's publishing build) makes
the build fail unless SITE_URL is a public address.
"""

from __future__ import annotations

import os

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
on_post_build = _plugin.on_post_build
on_build_error = _plugin.on_build_error
on_serve = _plugin.on_serve
