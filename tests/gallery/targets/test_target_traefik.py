"""Traefik: each rule of traefik.yml catches its violation, and status ranges count."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.traefik import TRAEFIK_CONFIG


def test_traefik_rules(gallery: Gallery, codes: tuple[int, ...]) -> None:
    good = text_of(gallery, "traefik.yml")
    assert findings(TRAEFIK_CONFIG, good, codes) == []
    assert any("query" in r for r in broken(TRAEFIK_CONFIG, good.replace("{status}.html", "error.html"), codes))
    assert any("coverage" in r and "503" in r for r in broken(TRAEFIK_CONFIG, good.replace('- "503"', ""), codes))
    assert findings(TRAEFIK_CONFIG, good.replace('- "500"', '- "500-599"'), codes) == []  # ranges count
