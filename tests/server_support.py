"""Helpers for the real-server tests: an upstream that fails on purpose, one request, and the
gallery's kit unpacked. Starting the servers themselves (Debian's nginx, apache2, haproxy, caddy,
on 127.0.0.1, each with a generated configuration in a temporary folder, never as a system
service) is product code shared with the behaviour lab: statuskb.lab.processes.
"""

from __future__ import annotations

import http.client
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.base import INSTALL_ROOT
from statuskb.lab.processes import free_port, running, version_output
from support import scaled

__all__ = ["UPSTREAM_BODY", "Reply", "failing_upstream", "fetch", "free_port", "install_kit", "running", "version"]

#: The first line a server prints about its version.
version = version_output

UPSTREAM_BODY = "the upstream's own error page"


class _FailingHandler(http.server.BaseHTTPRequestHandler):
    """GET /fail/503 answers 503 with a page of its own; anything else answers 200."""

    def _answer(self) -> None:
        parts = self.path.split("/")
        code = int(parts[2]) if len(parts) > 2 and parts[1] == "fail" and parts[2].isdigit() else 200
        body = f"{UPSTREAM_BODY}: {code}".encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def failing_upstream() -> Iterator[int]:
    """A tiny Python server in a thread that answers 5xx on request; yields its port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FailingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
    """One HTTP request to 127.0.0.1:port, as a client would send it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=scaled(10))
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def install_kit(gallery: Gallery, www: Path) -> Path:
    """Unpack the gallery's files as a user unpacks the archive, into `www` instead of /var/www."""
    for path, content in gallery.files:
        target = www / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content.replace(INSTALL_ROOT, str(www)) if _is_config(path) else content,
                              encoding="utf-8")
    return www


def _is_config(path: str) -> bool:
    return not path.endswith((".html", ".http", ".zip", ".txt"))
