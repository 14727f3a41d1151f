"""The generated configurations in Debian's real nginx, Apache httpd, HAProxy and Caddy.

Each server runs on 127.0.0.1 with our file included in a minimal configuration, in front of
a dead upstream (a port nothing listens on) and a failing one (a Python server that answers
5xx with a page of its own). The client must get the real status code and exactly our page
(with the request details the server fills in), in the language gallery.negotiation's rule
picks from Accept-Language, as problem details when Accept prefers JSON, and hostile request
data (Host, X-Request-Id, the path) must come back as text, never as markup.
`make server-tools` installs the servers from Debian; they are never started as services.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_support import (
    UPSTREAM_BODY,
    Reply,
    failing_upstream,
    fetch,
    free_port,
    install_kit,
    running,
    version,
)
from statuskb import Catalog, Language
from statuskb.gallery.index import Gallery, plan_gallery
from statuskb.gallery.negotiation import best_language, prefers_json
from statuskb.gallery.pages import DETAIL_MARKERS
from statuskb.gallery.targets.apache import APACHE_CODES
from statuskb.gallery.themes import THEMES
from statuskb.lab.servers import APACHE_MODULES, apache_modules, nginx_config
from support import scaled

pytestmark = pytest.mark.servers
THEME_NAMES = [theme.name for theme in THEMES]


@pytest.fixture(scope="module")
def gallery(shipped_catalog: Catalog, shipped_languages: dict[str, Language]) -> Gallery:
    return plan_gallery(shipped_catalog, shipped_languages)


@pytest.fixture(scope="module")
def www(gallery: Gallery, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive's contents, unpacked as a user would (configs point here, not /var/www)."""
    return install_kit(gallery, tmp_path_factory.mktemp("www"))


@pytest.fixture(scope="module")
def upstream() -> Iterator[int]:
    with failing_upstream() as port:
        yield port


@pytest.fixture
def dead_port() -> int:
    return free_port()


def page(www: Path, theme: str, code: int, language: str = "en", extension: str = "html") -> bytes:
    return (www / "error-pages" / theme / language / f"{code}.{extension}").read_bytes()


_DETAILS = re.compile(rb"<dl>.*?</dl>", re.S)


def details(body: bytes) -> dict[str, str]:
    """The request details a served page shows: {"time": ..., "host": ..., "request_id": ...}."""
    found = _DETAILS.search(body)
    assert found, body[:200]
    values = re.findall(rb"<dd>(.*?)</dd>", found.group(0))
    return dict(zip(DETAIL_MARKERS, (value.decode() for value in values), strict=True))


def assert_our_page(reply: Reply, www: Path, theme: str, code: int, language: str = "en",
                    filled: bool = True) -> None:
    """Our page for `code` in `language` with the real status; `filled`: the server filled in the details."""
    assert reply.status == code, (code, reply.status, reply.body[:200])
    expected = page(www, theme, code, language)
    if filled:  # the same page around the details, and every detail filled in
        assert _DETAILS.split(reply.body) == _DETAILS.split(expected), f"{code}: not our page: {reply.body[:120]!r}"
        assert all(details(reply.body).values()) and b"<!--#" not in reply.body, details(reply.body)
    else:
        assert reply.body == expected, f"{code}: not our page: {reply.body[:120]!r}"
    assert UPSTREAM_BODY.encode() not in reply.body
    assert reply.headers.get("cache-control") == "no-store", reply.headers
    assert reply.headers.get("content-type", "").startswith("text/html"), reply.headers


def codes_of(gallery: Gallery) -> list[int]:
    return sorted(int(path.rsplit("/", 1)[1][:3]) for path, _ in gallery.files
                  if path.startswith("error-pages/plain/en/") and path.count("/") == 3 and path.endswith(".html"))


def languages_of(gallery: Gallery) -> list[str]:
    return sorted(path.split("/")[2] for path, _ in gallery.files
                  if path.startswith("error-pages/plain/") and path.endswith("/502.json"))


#: Accept-Language values each server must answer by gallery.negotiation's rule (no ties: see Apache).
ACCEPT_LANGUAGES = ["de-CH, de;q=0.9, en;q=0.5", "fr;q=0.1, *;q=0", "sv, *;q=0", "de;q=0.5, ja", "",
                    "zh-TW", "ar", "pt-PT, en;q=0.8", "fr;q=0.1, *", "ko;q=0, nl;q=0.3", "tr-TR,tr;q=0.9,en-US;q=0.8"]
#: Accept values: a browser, curl, fetch with JSON, axios, problem+json, q-values both ways.
ACCEPTS = ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*", "application/json",
           "application/json, text/plain, */*", "application/problem+json", "text/html;q=0.5, application/json",
           "application/json;q=0.5, text/html"]
#: Hostile request data: quotes, markup, an attribute breakout (nginx and Go refuse a "/" in Host).
HOSTILE_HOST = "x\"><b>alert(1)<b>'&"
HOSTILE_ID = '"><script>alert(1)</script>'
HOSTILE_PATH = "/fail/{code}/%22%3E%3Cscript%3Ealert(1)%3C/script%3E%0A'\"><i>"


def assert_negotiates(port: int, path: str, code: int, www: Path, gallery: Gallery, *, ties: bool = True,
                      deviations: dict[str, str] | None = None) -> int:
    """Every Accept-Language and Accept case gets the page or problem details the rule says, with `code`
    (`deviations`: what this server measurably does instead, documented in its configuration)."""
    languages = languages_of(gallery)
    checked = 0
    cases = ACCEPT_LANGUAGES + (["fr, de", "ja, ko"] if ties else [])
    for accept_language in cases:
        wanted = (deviations or {}).get(accept_language) or best_language(accept_language, languages, "en")
        reply = fetch(port, path, headers={"Accept-Language": accept_language, "Accept": ACCEPTS[0]})
        assert reply.status == code, (accept_language, reply.status)
        assert f'<html lang="{wanted}" dir="{"rtl" if wanted == "ar" else "ltr"}">'.encode() in reply.body, \
            (accept_language, wanted, reply.body[:80])
        assert reply.headers.get("content-language", "").lower() == wanted.lower(), (accept_language, reply.headers)
        assert "accept-language" in reply.headers.get("vary", "").lower(), reply.headers
        checked += 1
    for accept in ACCEPTS:
        reply = fetch(port, path, headers={"Accept": accept, "Accept-Language": "ja"})
        assert reply.status == code, (accept, reply.status)
        if prefers_json(accept):
            assert reply.headers.get("content-type") == "application/problem+json", (accept, reply.headers)
            problem = json.loads(reply.body)
            expected = json.loads(page(www, "plain", code, "ja", "json").decode())
            assert {key: problem[key] for key in ("type", "title", "status", "detail")} == \
                {key: expected[key] for key in ("type", "title", "status", "detail")}
            assert problem["status"] == code and re.fullmatch(r"[0-9A-Za-z@_-]{16,40}", problem["request_id"]), problem
        else:
            assert reply.headers.get("content-type", "").startswith("text/html"), (accept, reply.headers)
            assert b'<html lang="ja"' in reply.body
        checked += 1
    return checked


def raw_request(port: int, request: bytes) -> bytes:
    """Send bytes as they are (http.client refuses what a hostile client sends) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def assert_hostile_data_stays_text(port: int, code: int, host_shown: str | None) -> None:
    """A hostile Host, X-Request-Id and path: no markup comes back; `host_shown` is how the page shows the
    Host (None: the server refuses such a Host with 400 before any page)."""
    reply = fetch(port, HOSTILE_PATH.format(code=code), headers={"Host": HOSTILE_HOST, "X-Request-Id": HOSTILE_ID})
    for markup in (b"<b>alert", b"<script>alert", b"<i>", b"'\"><"):
        assert markup not in reply.body, (markup, reply.body[-600:])
    if host_shown is None:
        assert reply.status == 400, reply.status
    else:
        assert reply.status == code, reply.status
        assert details(reply.body)["host"] == host_shown
        assert HOSTILE_ID not in details(reply.body)["request_id"]
    # A line break in a header value (obsolete line folding) and in the request target: refused, never reflected.
    folded = raw_request(port, b"GET /fail/%d HTTP/1.1\r\nHost: a\r\nX-Request-Id: a\r\n <script>alert(1)</script>\r\n"
                               b"Connection: close\r\n\r\n" % code)
    assert re.match(rb"HTTP/1\.[01] (400|%d) " % code, folded) and b"<script>alert" not in folded, folded[:300]
    split = raw_request(port, b"GET /fail/%d\n<script>alert(1)</script> HTTP/1.1\r\nHost: a\r\n"
                              b"Connection: close\r\n\r\n" % code)
    assert b"<script>alert" not in split, split[:300]


# ----------------------------------------------------------------------------- nginx
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_nginx_serves_our_pages_with_the_real_status(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int, theme: str) -> None:
    port = free_port()
    with running(["nginx", "-p", str(tmp_path), "-c", str(nginx_with_kit(tmp_path, www, theme, port, upstream,
                                                                          dead_port)), "-g", "daemon off;"],
                 port, tmp_path):
        assert_our_page(fetch(port, "/dead/anything"), www, theme, 502)  # connection refused
        for code in codes_of(gallery):
            assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # proxy_intercept_errors
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()
        direct = fetch(port, f"/error-pages/{theme}/en/502.html")
        assert direct.status == 404 and direct.body != page(www, theme, 502)  # internal location


def nginx_with_kit(tmp_path: Path, www: Path, theme: str, port: int, upstream: int, dead_port: int) -> Path:
    return nginx_config(tmp_path, f"""
    include {www}/error-pages/{theme}/nginx-http.conf;
    server {{
        listen 127.0.0.1:{port};
        include {www}/error-pages/{theme}/nginx.conf;
        location /dead/ {{ proxy_pass http://127.0.0.1:{dead_port}; }}
        location / {{ proxy_pass http://127.0.0.1:{upstream}; }}
    }}""")


def test_nginx_negotiates_fills_in_details_and_keeps_hostile_data_text(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int,
        record_property: pytest.RecordProperty) -> None:
    port = free_port()
    with running(["nginx", "-p", str(tmp_path), "-c", str(nginx_with_kit(tmp_path, www, "plain", port, upstream,
                                                                          dead_port)), "-g", "daemon off;"],
                 port, tmp_path):
        checked = assert_negotiates(port, "/dead/x", 502, www, gallery) + assert_negotiates(
            port, "/fail/503", 503, www, gallery)
        shown = details(fetch(port, "/fail/504", headers={"Host": "shop.example"}).body)
        assert shown["host"] == "shop.example" and re.fullmatch(r"[0-9a-f]{32}", shown["request_id"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", shown["time"])
        assert_hostile_data_stays_text(port, 502, "x&quot;&gt;&lt;b&gt;alert(1)&lt;b&gt;'&amp;")
        record_property("nginx negotiation cases", checked)


@pytest.mark.parametrize("theme", THEME_NAMES[:1])
def test_kubernetes_default_backend_answers_with_x_code(tmp_path: Path, www: Path, gallery: Gallery,
                                                        theme: str) -> None:
    port = free_port()
    backend = (www / "error-pages" / theme / "kubernetes" / "default-backend.conf").read_text()
    backend = backend.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    config = nginx_config(tmp_path, backend)
    with running(["nginx", "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"], port, tmp_path):
        for code in codes_of(gallery):
            assert_our_page(fetch(port, "/some/path", headers={"X-Code": str(code)}), www, theme, code,
                            filled=False)  # one language, no request details: documented
        assert fetch(port, "/healthz").status == 204
        assert fetch(port, "/").status == 404


# ----------------------------------------------------------------------------- Apache httpd
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_apache_serves_our_pages_with_the_real_status(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int, theme: str) -> None:
    port = free_port()
    config = apache_with_kit(tmp_path, www, theme, port, upstream, dead_port)
    with running(["apache2", "-f", str(config), "-DFOREGROUND"], port, tmp_path):
        assert_our_page(fetch(port, "/dead/anything"), www, theme, 503)  # Apache: refused backend = 503
        for code in codes_of(gallery):
            if code in APACHE_CODES:
                assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # ProxyErrorOverride
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()
        for direct_path in (f"/error-pages/{theme}/en/502.html", f"/error-pages/{theme}/502.var"):
            direct = fetch(port, direct_path)
            assert direct.status == 403 and direct.body != page(www, theme, 502)


#: What apache.conf needs besides the lab's modules: negotiation, SSI, the request id.
GALLERY_APACHE_MODULES = (*APACHE_MODULES, "negotiation", "include", "unique_id")


def apache_with_kit(tmp_path: Path, www: Path, theme: str, port: int, upstream: int, dead_port: int,
                    extra: str = "") -> Path:
    config = tmp_path / "httpd.conf"
    config.write_text(f"""
ServerRoot {tmp_path}
PidFile {tmp_path}/httpd.pid
ErrorLog {tmp_path}/error.log
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{apache_modules(GALLERY_APACHE_MODULES)}
TypesConfig /etc/mime.types
{extra}
<VirtualHost 127.0.0.1:{port}>
    Include {www}/error-pages/{theme}/apache.conf
    ProxyPass /dead/ http://127.0.0.1:{dead_port}/
    ProxyPass / http://127.0.0.1:{upstream}/
</VirtualHost>
""")
    return config


def test_apache_negotiates_fills_in_details_and_keeps_hostile_data_text(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int,
        record_property: pytest.RecordProperty) -> None:
    port = free_port()
    # The laxest Host parsing Apache has, so that a hostile Host reaches the page: it must still be text.
    config = apache_with_kit(tmp_path, www, "plain", port, upstream, dead_port, "HttpProtocolOptions Unsafe")
    with running(["apache2", "-f", str(config), "-DFOREGROUND"], port, tmp_path):
        # Apache weighs a range that matches only by its primary subtag (pt-PT for pt-BR) far below a
        # listed language (documented in apache.conf): `pt-PT, en;q=0.8` gets English.
        quirk = {"pt-PT, en;q=0.8": "en"}
        checked = assert_negotiates(port, "/dead/x", 503, www, gallery, ties=False, deviations=quirk) + \
            assert_negotiates(port, "/fail/502", 502, www, gallery, ties=False, deviations=quirk)
        # Equal q: Apache takes the first of LanguagePriority (documented in apache.conf), not the first listed.
        assert b'<html lang="de"' in fetch(port, "/fail/502", headers={"Accept-Language": "fr, de"}).body
        shown = details(fetch(port, "/fail/504", headers={"Host": "shop.example"}).body)
        assert shown["host"] == "shop.example" and re.fullmatch(r"[0-9A-Za-z@_-]{20,30}", shown["request_id"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", shown["time"])
        assert_hostile_data_stays_text(port, 502, "x&quot;&gt;&lt;b&gt;alert(1)&lt;b&gt;'&amp;")
        record_property("apache negotiation cases", checked)


# ----------------------------------------------------------------------------- HAProxy
def haproxy_config(www: Path, theme: str, port: int, server_port: int, tmp: Path) -> Path:
    text = (www / "error-pages" / theme / "haproxy.cfg").read_text()
    assert "bind :80" in text and "server app1 127.0.0.1:8080" in text
    config = tmp / f"haproxy-{port}.cfg"
    config.write_text(text.replace("bind :80", f"bind 127.0.0.1:{port}")
                      .replace("server app1 127.0.0.1:8080", f"server app1 127.0.0.1:{server_port}"))
    return config


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_haproxy_accepts_the_config_and_its_http_files(tmp_path: Path, www: Path, theme: str) -> None:
    config = haproxy_config(www, theme, free_port(), free_port(), tmp_path)
    checked = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True, timeout=scaled(20))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Configuration file is valid" in checked.stdout + checked.stderr
    assert "WARNING" not in checked.stdout + checked.stderr, checked.stdout + checked.stderr


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_haproxy_serves_our_pages_with_the_real_status(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int, theme: str) -> None:
    port, dead = free_port(), free_port()
    with running(["haproxy", "-f", str(haproxy_config(www, theme, port, upstream, tmp_path))], port, tmp_path), \
            running(["haproxy", "-f", str(haproxy_config(www, theme, dead, dead_port, tmp_path))], dead, tmp_path):
        # No server available: HAProxy's own errorfile, unconditional: the default language, no details.
        assert_our_page(fetch(dead, "/anything", headers={"Accept-Language": "de"}), www, theme, 503, filled=False)
        for code in codes_of(gallery):
            assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # http-response return lf-file
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()


def test_haproxy_negotiates_fills_in_details_and_keeps_hostile_data_text(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, record_property: pytest.RecordProperty) -> None:
    port = free_port()
    with running(["haproxy", "-f", str(haproxy_config(www, "plain", port, upstream, tmp_path))], port, tmp_path):
        # HAProxy 2.6's `language` converter returns its default when a language it lists comes first
        # with q=0 exactly, instead of the next acceptable one (documented in haproxy.cfg).
        quirk = {"ko;q=0, nl;q=0.3": "en"}
        checked = assert_negotiates(port, "/fail/502", 502, www, gallery, deviations=quirk) + assert_negotiates(
            port, "/fail/507", 507, www, gallery, deviations=quirk)
        shown = details(fetch(port, "/fail/504", headers={"Host": "shop.example"}).body)
        assert shown["host"] == "shop.example" and re.fullmatch(r"[0-9A-F]{40}", shown["request_id"])
        assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000", shown["time"])  # %T: GMT
        assert_hostile_data_stays_text(port, 502, re.sub(r"[^A-Za-z0-9.:-]", "_", HOSTILE_HOST))
        record_property("haproxy negotiation cases", checked)


# ----------------------------------------------------------------------------- Caddy
def caddy_with_kit(tmp_path: Path, www: Path, theme: str, port: int, upstream: int, dead_port: int) -> Path:
    config = tmp_path / "Caddyfile"
    config.write_text(f"""{{
	admin off
	auto_https off
}}
import {www}/error-pages/{theme}/Caddyfile

http://:{port} {{
	import fieldguide_errors
	handle /dead/* {{
		reverse_proxy 127.0.0.1:{dead_port} {{
			import fieldguide_upstream_errors
		}}
	}}
	handle {{
		reverse_proxy 127.0.0.1:{upstream} {{
			import fieldguide_upstream_errors
		}}
	}}
}}
""")
    return config


def caddy_home(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_caddy_serves_our_pages_with_the_real_status(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int, theme: str) -> None:
    port = free_port()
    config = caddy_with_kit(tmp_path, www, theme, port, upstream, dead_port)
    with running(["caddy", "run", "--config", str(config), "--adapter", "caddyfile"], port, tmp_path,
                 env=caddy_home(tmp_path)):
        assert_our_page(fetch(port, "/dead/anything"), www, theme, 502)  # handle_errors
        for code in codes_of(gallery):
            assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # handle_response
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()


def test_caddy_negotiates_fills_in_details_and_keeps_hostile_data_text(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int,
        record_property: pytest.RecordProperty) -> None:
    port = free_port()
    config = caddy_with_kit(tmp_path, www, "plain", port, upstream, dead_port)
    with running(["caddy", "run", "--config", str(config), "--adapter", "caddyfile"], port, tmp_path,
                 env=caddy_home(tmp_path)):
        checked = assert_negotiates(port, "/dead/x", 502, www, gallery) + assert_negotiates(
            port, "/fail/503", 503, www, gallery)
        shown = details(fetch(port, "/fail/504", headers={"Host": "shop.example"}).body)
        assert shown["host"] == "shop.example" and re.fullmatch(r"[0-9a-f-]{36}", shown["request_id"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", shown["time"])
        assert_hostile_data_stays_text(port, 502, None)  # Go refuses a Host with quotes or markup: 400
        # What Go lets through in a Host still goes through Go's HTML escaper.
        assert details(fetch(port, "/fail/502", headers={"Host": "a&b'c(d)"}).body)["host"] == "a&amp;b&#39;c(d)"
        record_property("caddy negotiation cases", checked)


def test_server_versions_are_reported(record_property: pytest.RecordProperty) -> None:
    """Which real servers the suite proved the artifacts in (shown with -rA / in the JUnit XML)."""
    for name, command in {"nginx": ["nginx", "-v"], "apache2": ["apache2", "-v"], "haproxy": ["haproxy", "-v"],
                          "caddy": ["caddy", "version"]}.items():
        record_property(name, version(command))
