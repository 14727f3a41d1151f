"""Apache httpd: each rule of apache.conf catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.apache import APACHE_CONFIG, APACHE_TYPE_MAP

CODES = (500, 502, 503, 504, 505)


def test_apache_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "apache.conf")
    assert findings(APACHE_CONFIG, good, CODES) == []
    assert any("error-document-local" in r and "redirect" in r for r in broken(APACHE_CONFIG, good.replace(
        "ErrorDocument 502 /error-pages/plain/502.var", "ErrorDocument 502 https://example.com/502.html"), CODES))
    assert any("error-document-local" in r for r in broken(APACHE_CONFIG, good.replace(
        "ErrorDocument 502 /error-pages/plain/502.var", 'ErrorDocument 502 "Oops"'), CODES))
    assert any("negotiation" in r and "502.var" in r for r in broken(APACHE_CONFIG, good.replace(
        "ErrorDocument 502 /error-pages/plain/502.var", "ErrorDocument 502 /error-pages/plain/en/502.html"), CODES))
    assert any("ForceLanguagePriority" in r and "406" in r for r in broken(
        APACHE_CONFIG, good.replace("ForceLanguagePriority Prefer Fallback", ""), CODES))
    assert any("INCLUDES" in r for r in broken(APACHE_CONFIG, good.replace("AddOutputFilter INCLUDES", "#"), CODES))
    no_override = good.replace("ProxyErrorOverride On", "")
    assert any("ProxyErrorOverride" in r for r in broken(APACHE_CONFIG, no_override, CODES))
    assert any("ProxyPass" in r for r in broken(
        APACHE_CONFIG, good.replace("ProxyPass /error-pages/plain/ !", ""), CODES))
    assert any("error-document-code" in r and "520" in r for r in broken(
        APACHE_CONFIG, good + "ErrorDocument 520 /error-pages/plain/520.var\n", CODES))


def test_apache_type_map_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "502.var")
    assert findings(APACHE_TYPE_MAP, good, path="error-pages/plain/502.var") == []
    assert good.count("Content-Language: ") == 3 * 13  # the page, problem+json and json, in every language
    assert "URI: de/502.html\nContent-Type: text/html; charset=utf-8; qs=1.0\nContent-Language: de\n" in good
    assert any("uri" in r for r in broken(APACHE_TYPE_MAP, good.replace("URI: de/502.html", "URI: /etc/passwd"),
                                          path="error-pages/plain/502.var"))
    assert any("content-language" in r for r in broken(
        APACHE_TYPE_MAP, good.replace("Content-Language: de\n", "\n"), path="error-pages/plain/502.var"))
