"""Apache httpd: each rule of apache.conf catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.apache import APACHE_CONFIG

CODES = (500, 502, 503, 504, 505)


def test_apache_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "apache.conf")
    assert findings(APACHE_CONFIG, good, CODES) == []
    assert any("error-document-local" in r and "redirect" in r for r in broken(APACHE_CONFIG, good.replace(
        "ErrorDocument 502 /error-pages/plain/502.html", "ErrorDocument 502 https://example.com/502.html"), CODES))
    assert any("error-document-local" in r for r in broken(APACHE_CONFIG, good.replace(
        "ErrorDocument 502 /error-pages/plain/502.html", 'ErrorDocument 502 "Oops"'), CODES))
    no_override = good.replace("ProxyErrorOverride On", "")
    assert any("proxy-error-override" in r for r in broken(APACHE_CONFIG, no_override, CODES))
    assert any("proxy-pass-exclusion" in r for r in broken(
        APACHE_CONFIG, good.replace("ProxyPass /error-pages/plain/ !", ""), CODES))
    assert any("error-document-code" in r and "520" in r for r in broken(
        APACHE_CONFIG, good + "ErrorDocument 520 /error-pages/plain/520.html\n", CODES))
