"""Caddy: each rule of the Caddyfile catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.caddy import CADDYFILE

CODES = (500, 502, 503, 504, 505)


def test_caddy_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "Caddyfile")
    assert findings(CADDYFILE, good, CODES) == []
    assert any("handle-errors" in r for r in broken(CADDYFILE, good.replace("handle_errors", "handle"), CODES))
    assert any("handle-response" in r and "503" in r for r in broken(
        CADDYFILE, good.replace("error 503", "respond 503"), CODES))
    assert any("status" in r and "200" in r for r in broken(CADDYFILE, good + "\nrespond 200\n", CODES))
