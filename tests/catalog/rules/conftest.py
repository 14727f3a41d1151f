"""Fixtures for the catalog rules' tests (the fixture catalog itself comes from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest


def _lines_with(text: str, needle: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if needle in line]


@pytest.fixture
def lines_with() -> Callable[[str, str], list[int]]:
    """The numbers of the lines of a text that contain a needle, to check where a problem points."""
    return _lines_with
