"""Fixtures of the target tests: the shipped gallery, planned once per test file."""

from __future__ import annotations

import pytest

from gallery_support import codes_in
from statuskb import Catalog, Language
from statuskb.gallery.index import Gallery, plan_gallery


@pytest.fixture(scope="module")
def gallery(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> Gallery:
    return plan_gallery(shipped_catalog, shipped_languages)


@pytest.fixture(scope="module")
def codes(gallery: Gallery) -> tuple[int, ...]:
    """The codes the shipped gallery has pages for."""
    return codes_in(gallery)
