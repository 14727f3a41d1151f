"""A test-only MkDocs hook, listed before hooks/generate.py in a project copy's mkdocs.yml.

It replaces `statuskb.load_catalog` with a loader that builds the typed model without the
validator's rules (the JSON Schema's types still hold), so that a site can be built from
catalog text the validator refuses: the renderer's allowlist must hold on its own.
"""

from __future__ import annotations

from pathlib import Path

import yaml

import statuskb
from statuskb import Catalog


def _model_only(path: Path, display_path: str | None = None) -> Catalog:
    return Catalog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


statuskb.load_catalog = _model_only
