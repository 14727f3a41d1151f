"""HAProxy: raw .http errorfiles for the codes it generates, within its limit, and each rule of
the errorfiles and of haproxy.cfg catches its violation."""

from __future__ import annotations

from gallery_support import broken, findings, text_of
from statuskb import Catalog
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.haproxy import (
    HAPROXY_CONFIG,
    HAPROXY_LOG_FORMAT,
    HAPROXY_MAX_RESPONSE,
    HAPROXY_RESPONSE,
    haproxy_response,
    log_format_file,
)


def test_a_reason_phrase_with_a_line_break_stays_one_status_line(fixture_catalog: Catalog) -> None:
    entry = next(e for e in fixture_catalog.codes if e.code == 502).model_copy(update={"reason": "Bad\r\nX: y"})
    data = haproxy_response(entry, "<!DOCTYPE html><html lang=\"en\"></html>")
    assert data.startswith(b"HTTP/1.1 502 Bad X: y\r\nContent-Type: text/html; charset=utf-8\r\n")
    assert findings(HAPROXY_RESPONSE, data, path="502.http") == []


def test_http_files_are_raw_crlf_responses_within_haproxys_limit(gallery: Gallery) -> None:
    for path, content in gallery.files:
        if path.endswith(".http"):
            assert isinstance(content, bytes)
            code = int(path[-8:-5])
            head, body = content.split(b"\r\n\r\n", 1)
            assert head.split(b"\r\n")[0].startswith(f"HTTP/1.1 {code} ".encode())
            assert b"\r\nCache-Control: no-store\r\n" in head + b"\r\n"
            assert b"\r\nConnection: close" in head
            assert f"Content-Length: {len(body)}".encode() in head
            assert len(content) <= HAPROXY_MAX_RESPONSE == 15360
            assert body == dict(gallery.files)[path.replace("/haproxy/", "/en/").replace(".http", ".html")].encode()


def test_haproxy_gets_http_files_only_for_the_codes_it_can_use(gallery: Gallery) -> None:
    http = sorted(int(p[-8:-5]) for p, _ in gallery.files
                  if p.startswith("error-pages/plain/haproxy/") and p.endswith(".http"))
    assert http == [500, 501, 502, 503, 504]
    config = text_of(gallery, "haproxy.cfg")
    assert "errorfile 505" not in config
    assert ('http-response return status 505 content-type "text/html; charset=utf-8" lf-file '
            "/var/www/error-pages/plain/haproxy/ja/505.html ") in config


def test_log_format_files_double_every_percent_and_fill_in_the_details(gallery: Gallery) -> None:
    files = dict(gallery.files)
    page, log_format = files["error-pages/plain/de/502.html"], text_of(gallery, "haproxy/de/502.html")
    assert isinstance(page, str)
    assert log_format == log_format_file(page)
    assert "%%" in log_format and "<!--#" not in log_format
    for expression in ("%T", "%[var(txn.fieldguide_host)]", "%[unique-id]"):
        assert log_format.count(expression) == 1
    assert findings(HAPROXY_LOG_FORMAT, log_format) == []
    assert any("percent" in r for r in broken(HAPROXY_LOG_FORMAT, log_format.replace("%%", "%", 1)))
    assert any("markers" in r for r in broken(HAPROXY_LOG_FORMAT, page.replace("%", "%%")))


def test_haproxy_response_rules(gallery: Gallery) -> None:
    good = dict(gallery.files)["error-pages/plain/haproxy/503.http"]
    assert isinstance(good, bytes)
    assert findings(HAPROXY_RESPONSE, good, path="503.http") == []
    head, body = good.split(b"\r\n\r\n", 1)
    lf_only = head.replace(b"\r\n", b"\n") + b"\r\n\r\n" + body
    assert any("crlf" in r for r in findings(HAPROXY_RESPONSE, lf_only, path="503.http"))
    assert any("status-line" in r for r in findings(HAPROXY_RESPONSE, good, path="502.http"))
    assert any("Cache-Control: no-store" in r for r in findings(
        HAPROXY_RESPONSE, good.replace(b"no-store", b"max-age=60"), path="503.http"))
    assert any("Connection: close" in r for r in findings(
        HAPROXY_RESPONSE, good.replace(b"Connection: close", b"Connection: keep-alive"), path="503.http"))
    assert any("content-length" in r for r in findings(HAPROXY_RESPONSE, good + b"x", path="503.http"))
    huge = good.replace(b"Content-Length: ", b"X-Padding: " + b"a" * 16000 + b"\r\nContent-Length: ")
    assert any("haproxy.size" in r and "15360" in r for r in findings(HAPROXY_RESPONSE, huge, path="503.http"))


def test_haproxy_config_rules(gallery: Gallery, codes: tuple[int, ...]) -> None:
    good = text_of(gallery, "haproxy.cfg")
    assert findings(HAPROXY_CONFIG, good, codes) == []
    assert any("errorfile-code" in r and "505" in r for r in broken(
        HAPROXY_CONFIG, good.replace("errorfile 504", "errorfile 505"), codes))
    assert any("upstream" in r and "502" in r for r in broken(
        HAPROXY_CONFIG, good.replace("if { status 502 }", ""), codes))
    assert any("errorfile-path" in r for r in broken(
        HAPROXY_CONFIG, good.replace("/haproxy/500.http", "/haproxy/500.html"), codes))
    assert any("negotiation" in r and "fieldguide_lang" in r for r in broken(
        HAPROXY_CONFIG, good.replace("set-var(txn.fieldguide_lang)", "set-var(txn.x)"), codes))
