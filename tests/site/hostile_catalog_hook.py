"""A test-only MkDocs hook, listed before hooks/generate.py in a project copy's mkdocs.yml.

It replaces `statuskb.load_catalog` (and `load_catalog_with_lines`, which the adapter calls)
with a loader that builds the typed model without the
validator's rules (the JSON Schema's types still hold), so that a site can be built from
catalog text the validator refuses: the renderer's allowlist must hold on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

import statuskb
from statuskb import Catalog, Problem
from statuskb.gallery import languages


def _model_only(path: Path, display_path: str | None = None) -> Catalog:
    return Catalog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _model_only_with_lines(path: Path, display_path: str | None = None) -> tuple[Catalog, statuskb.EntryLines]:
    return _model_only(path, display_path), statuskb.EntryLines()


def _no_mirroring(*args: object) -> Iterator[Problem]:
    """The translations mirror the real catalog's words, which the corpus replaced: like the
    catalog's rules, their completeness check is skipped, and the pages are still built."""
    return iter(())


statuskb.load_catalog = _model_only
statuskb.load_catalog_with_lines = _model_only_with_lines
languages._completeness = _no_mirroring  # the rules of the language files, as above
