"""Cloudflare: each rule of its 500-class Error Page catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.pages import CLOUDFLARE_TOKEN
from statuskb.gallery.targets.cloudflare import CLOUDFLARE_PAGE


def test_cloudflare_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "cloudflare/de/5xx.html")
    assert '<html lang="de" dir="ltr">' in good and "::RAY_ID::" in good and "::CLIENT_IP::" in good
    assert findings(CLOUDFLARE_PAGE, good) == []
    assert any("token" in r for r in broken(CLOUDFLARE_PAGE, good.replace(CLOUDFLARE_TOKEN, "")))
    assert any("token" in r and "2 times" in r for r in broken(CLOUDFLARE_PAGE, good + CLOUDFLARE_TOKEN))
    assert any("head" in r for r in broken(CLOUDFLARE_PAGE, good.replace("<head>", "").replace("</head>", "")))
    assert any("details" in r and "::RAY_ID::" in r for r in broken(CLOUDFLARE_PAGE, good.replace("::RAY_ID::", "")))
    assert any("referrer" in r for r in broken(CLOUDFLARE_PAGE, good.replace(
        "<head>", '<head><meta name="referrer" content="no-referrer">')))
