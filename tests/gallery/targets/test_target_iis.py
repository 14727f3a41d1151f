"""IIS: each rule of web.config catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.iis import WEB_CONFIG


def test_iis_rules(gallery: Gallery, codes: tuple[int, ...]) -> None:
    good = text_of(gallery, "web.config")
    assert findings(WEB_CONFIG, good, codes) == []
    assert any("response-mode" in r and "redirect" in r for r in broken(WEB_CONFIG, good.replace(
        'path="/error-pages/plain/en/502.html" responseMode="ExecuteURL"',
        'path="https://example.com/502.html" responseMode="Redirect"'), codes))
    assert any("remove" in r and "502" in r for r in broken(WEB_CONFIG, good.replace(
        '<remove statusCode="502" subStatusCode="-1" />', ""), codes))
    assert any("existing-response" in r for r in broken(WEB_CONFIG, good.replace(
        'existingResponse="Replace"', 'existingResponse="Auto"'), codes))
    assert any("xml" in r for r in broken(WEB_CONFIG, good.replace("</configuration>", ""), codes))
