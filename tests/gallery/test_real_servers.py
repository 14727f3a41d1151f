"""The generated configurations in Debian's real nginx, Apache httpd, HAProxy and Caddy.

Each server runs on 127.0.0.1 with our file included in a minimal configuration, in front of
a dead upstream (a port nothing listens on) and a failing one (a Python server that answers
5xx with a page of its own). The client must get the real status code and exactly our page.
`make server-tools` installs the servers from Debian; they are never started as services.
"""

from __future__ import annotations

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
from statuskb import Catalog
from statuskb.gallery.index import Gallery, plan_gallery
from statuskb.gallery.targets.apache import APACHE_CODES
from statuskb.gallery.themes import THEMES
from statuskb.lab.servers import APACHE_MODULES, apache_modules, nginx_config
from support import scaled

pytestmark = pytest.mark.servers
THEME_NAMES = [theme.name for theme in THEMES]


@pytest.fixture(scope="module")
def gallery(shipped_catalog: Catalog) -> Gallery:
    return plan_gallery(shipped_catalog)


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


def page(www: Path, theme: str, code: int) -> bytes:
    return (www / "error-pages" / theme / f"{code}.html").read_bytes()


def assert_our_page(reply: Reply, www: Path, theme: str, code: int) -> None:
    assert reply.status == code, (code, reply.status, reply.body[:200])
    assert reply.body == page(www, theme, code), f"{code}: not our page: {reply.body[:120]!r}"
    assert UPSTREAM_BODY.encode() not in reply.body
    assert reply.headers.get("cache-control") == "no-store", reply.headers
    assert reply.headers.get("content-type", "").startswith("text/html"), reply.headers


def codes_of(gallery: Gallery) -> list[int]:
    return sorted(int(path.rsplit("/", 1)[1][:3]) for path, _ in gallery.files
                  if path.startswith("error-pages/plain/") and path.count("/") == 2 and path.endswith(".html"))


# ----------------------------------------------------------------------------- nginx
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_nginx_serves_our_pages_with_the_real_status(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int, theme: str) -> None:
    port = free_port()
    config = nginx_config(tmp_path, f"""
    server {{
        listen 127.0.0.1:{port};
        include {www}/error-pages/{theme}/nginx.conf;
        location /dead/ {{ proxy_pass http://127.0.0.1:{dead_port}; }}
        location / {{ proxy_pass http://127.0.0.1:{upstream}; }}
    }}""")
    with running(["nginx", "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"], port, tmp_path):
        assert_our_page(fetch(port, "/dead/anything"), www, theme, 502)  # connection refused
        for code in codes_of(gallery):
            assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # proxy_intercept_errors
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()
        direct = fetch(port, f"/error-pages/{theme}/502.html")
        assert direct.status == 404 and direct.body != page(www, theme, 502)  # internal location


@pytest.mark.parametrize("theme", THEME_NAMES[:1])
def test_kubernetes_default_backend_answers_with_x_code(tmp_path: Path, www: Path, gallery: Gallery,
                                                        theme: str) -> None:
    port = free_port()
    backend = (www / "error-pages" / theme / "kubernetes" / "default-backend.conf").read_text()
    backend = backend.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    config = nginx_config(tmp_path, backend)
    with running(["nginx", "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"], port, tmp_path):
        for code in codes_of(gallery):
            assert_our_page(fetch(port, "/some/path", headers={"X-Code": str(code)}), www, theme, code)
        assert fetch(port, "/healthz").status == 204
        assert fetch(port, "/").status == 404


# ----------------------------------------------------------------------------- Apache httpd
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_apache_serves_our_pages_with_the_real_status(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int, theme: str) -> None:
    port = free_port()
    modules = apache_modules(APACHE_MODULES)
    config = tmp_path / "httpd.conf"
    config.write_text(f"""
ServerRoot {tmp_path}
PidFile {tmp_path}/httpd.pid
ErrorLog {tmp_path}/error.log
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{modules}
TypesConfig /etc/mime.types
<VirtualHost 127.0.0.1:{port}>
    Include {www}/error-pages/{theme}/apache.conf
    ProxyPass /dead/ http://127.0.0.1:{dead_port}/
    ProxyPass / http://127.0.0.1:{upstream}/
</VirtualHost>
""")
    with running(["apache2", "-f", str(config), "-DFOREGROUND"], port, tmp_path):
        assert_our_page(fetch(port, "/dead/anything"), www, theme, 503)  # Apache: refused backend = 503
        for code in codes_of(gallery):
            if code in APACHE_CODES:
                assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # ProxyErrorOverride
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()
        direct = fetch(port, f"/error-pages/{theme}/502.html")
        assert direct.status == 403 and direct.body != page(www, theme, 502)


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
        assert_our_page(fetch(dead, "/anything"), www, theme, 503)  # no server available: errorfile
        for code in codes_of(gallery):
            assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # http-response return
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()


# ----------------------------------------------------------------------------- Caddy
@pytest.mark.parametrize("theme", THEME_NAMES)
def test_caddy_serves_our_pages_with_the_real_status(
        tmp_path: Path, www: Path, gallery: Gallery, upstream: int, dead_port: int, theme: str) -> None:
    port = free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(f"""{{
	admin off
	auto_https off
}}
import {www}/error-pages/{theme}/Caddyfile

http://127.0.0.1:{port} {{
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
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    with running(["caddy", "run", "--config", str(config), "--adapter", "caddyfile"], port, tmp_path, env=home):
        assert_our_page(fetch(port, "/dead/anything"), www, theme, 502)  # handle_errors
        for code in codes_of(gallery):
            assert_our_page(fetch(port, f"/fail/{code}"), www, theme, code)  # handle_response
        assert fetch(port, "/fine").body == f"{UPSTREAM_BODY}: 200".encode()


def test_server_versions_are_reported(record_property: pytest.RecordProperty) -> None:
    """Which real servers the suite proved the artifacts in (shown with -rA / in the JUnit XML)."""
    for name, command in {"nginx": ["nginx", "-v"], "apache2": ["apache2", "-v"], "haproxy": ["haproxy", "-v"],
                          "caddy": ["caddy", "version"]}.items():
        record_property(name, version(command))
