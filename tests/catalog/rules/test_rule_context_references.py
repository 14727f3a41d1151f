"""Rule context-references: a context's unknown sources, in its emits and its fingerprints, and a
fingerprint that looks at nothing, are reported where they are written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from support import problems_in_text

NGINX_SOURCES = "    sources: [nginx-proxy-module, nginx-source]\n"


def _known_sources(text: str) -> str:
    return ", ".join(sorted(yaml.safe_load(text)["sources"]))


def test_an_emission_s_unknown_source(tmp_path: Path, fixture_text: str,
                                     lines_with: Callable[[str, str], list[int]]) -> None:
    text = fixture_text.replace("`proxy_read_timeout`., source: nginx-proxy-module}",
                                "`proxy_read_timeout`., source: nginx-docs}", 1)
    line = lines_with(text, "source: nginx-docs")[0]
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line}:93: contexts.nginx.emits[1].source: unknown source 'nginx-docs'; known sources: "
        + _known_sources(fixture_text)
    ]


def test_a_fingerprint_with_neither_header_nor_text_and_an_unknown_source(
        tmp_path: Path, fixture_text: str, lines_with: Callable[[str, str], list[int]]) -> None:
    assert NGINX_SOURCES in fixture_text
    text = fixture_text.replace(
        NGINX_SOURCES, NGINX_SOURCES + "    fingerprints:\n      - {means: generated, source: nginx-docs}\n", 1)
    line = lines_with(text, "{means: generated")[0]
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line}:9: contexts.nginx.fingerprints[0]: a fingerprint needs a `header`, a `contains` text "
        "(for the body), or both",
        f"catalog.yaml:{line}:36: contexts.nginx.fingerprints[0].source: unknown source 'nginx-docs'; known sources: "
        + _known_sources(fixture_text),
    ]
