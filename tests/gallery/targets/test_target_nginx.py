"""nginx: each rule of nginx.conf catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.nginx import NGINX_CONFIG, NGINX_MAPS


def test_nginx_rules(gallery: Gallery, codes: tuple[int, ...]) -> None:
    good = text_of(gallery, "nginx.conf")
    assert findings(NGINX_CONFIG, good, codes) == []
    assert any("error-page-status" in r for r in broken(NGINX_CONFIG, good.replace(
        "error_page 502 /", "error_page 502 =200 /"), codes))
    no_internal = good.replace("internal;", "")
    assert any("internal-location" in r and "200" in r for r in broken(NGINX_CONFIG, no_internal, codes))
    assert any("error-page-local" in r and "redirect" in r for r in broken(NGINX_CONFIG, good.replace(
        "error_page 503 /error-pages/plain/$fieldguide_lang/503.$fieldguide_ext", "error_page 503 https://x.example/"),
        codes))
    assert any("negotiation" in r for r in broken(NGINX_CONFIG, good.replace(
        "/$fieldguide_lang/503.$fieldguide_ext", "/en/503.html"), codes))
    assert any("ssi" in r for r in broken(NGINX_CONFIG, good.replace("ssi on;", ""), codes))
    assert any("vary" in r for r in broken(NGINX_CONFIG, good.replace('add_header Vary', "#"), codes))
    assert any("intercept" in r and "proxy_intercept_errors" in r for r in broken(
        NGINX_CONFIG, good.replace("proxy_intercept_errors on;", ""), codes))
    assert any("intercept" in r and "fastcgi" in r for r in broken(
        NGINX_CONFIG, good.replace("fastcgi_intercept_errors on;", ""), codes))
    assert any("coverage" in r and "504" in r for r in broken(NGINX_CONFIG, good.replace(
        "error_page 504 /error-pages/plain/$fieldguide_lang/504.$fieldguide_ext;", ""), codes))


def test_nginx_map_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "nginx-http.conf")
    assert findings(NGINX_MAPS, good) == []
    assert any("$fieldguide_lang" in r for r in broken(NGINX_MAPS, good.replace(" $fieldguide_lang {", " $x {")))
    assert any("http-level" in r for r in broken(NGINX_MAPS, good + "\nserver {\n}\n"))
