"""nginx in the lab: its configuration, start command and log normaliser."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable
from statuskb.lab.servers.base import (
    HTTP2_UNSUPPORTED,
    AppRoute,
    LabRoute,
    LabServer,
    TlsFiles,
    running_as_root,
    tls_files,
    write_config,
)

_TIME = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ")
_PROCESS = re.compile(r"\] \d+#\d+: (?:\*\d+ )?")
_FIELD = re.compile(r"\b(client|server): [^,]*")
_QUOTED = re.compile(r'\b(request|upstream|host|referrer): "[^"]*"')


def nginx_config(workdir: Path, http_body: str) -> Path:
    """A minimal nginx.conf in `workdir` with `http_body` inside http {}: the gallery's real-server tests
    wrap their own server blocks in the lab's skeleton (one worker, logs and temp files in `workdir`)."""
    return _write_nginx_conf(workdir, http_body=http_body)


def _write_nginx_conf(workdir: Path, tls: TlsFiles | None = None, **context: Any) -> Path:
    (workdir / "temp").mkdir(exist_ok=True)
    return write_config(workdir / "nginx.conf", "lab_nginx.conf.j2", workdir=workdir, as_root=running_as_root(),
                        tls=tls, **context)


class Nginx(LabServer):
    id = context = "nginx"
    name = "nginx"
    package = "nginx"
    version_command = ("nginx", "-v")
    output_name = "nginx.out"
    error_log = "error.log"
    fronts_applications = True

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return _write_nginx_conf(workdir, tls_files(workdir) if self.http2 else None, http_body=None, port=port,
                                 routes=routes, resolver_address=resolver_address, app_routes=())

    def configure_apps(self, workdir: Path, port: int, routes: Sequence[AppRoute]) -> Path:
        return _write_nginx_conf(workdir, http_body=None, port=port, routes=[], resolver_address="127.0.0.1",
                                 app_routes=routes)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("nginx"), "-p", str(workdir), "-c", str(config), "-g", "daemon off;"]

    def normalise_line(self, line: str) -> str:
        line = _TIME.sub(f"{PLACEHOLDER} ", line)
        line = _PROCESS.sub(f"] {PLACEHOLDER}#{PLACEHOLDER}: *{PLACEHOLDER} ", line)
        line = _FIELD.sub(rf"\1: {PLACEHOLDER}", line)
        line = _QUOTED.sub(rf'\1: "{PLACEHOLDER}"', line)
        return generic(line)


class NginxHttp2(Nginx):
    """nginx with the lab's client talking HTTP/2 to it, over TLS (`listen … ssl http2`)."""

    id = "nginx-h2"
    http2 = True
    unsupported: ClassVar[Mapping[str, str]] = {**Nginx.unsupported, **HTTP2_UNSUPPORTED}
    fronts_applications = False
