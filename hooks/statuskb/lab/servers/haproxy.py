"""HAProxy in the lab: its configuration, start command and log normaliser."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable
from statuskb.lab.servers.base import HTTP2_UNSUPPORTED, LabRoute, LabServer, tls_files, write_config

#: `option httplog`: client [date] frontend backend/server timers status bytes cookies state conns queues "request".
_HTTPLOG = re.compile(
    r'^(?P<client>\S+) \[(?P<date>[^\]]+)\] (?P<frontend>\S+) (?P<backend>[^/\s]+)/(?P<server>\S+) '
    r"(?P<timers>[-+\d/]+) (?P<status>-?\d+) (?P<bytes>\+?\d+) (?P<cookies>\S+ \S+) (?P<state>\S{4}) "
    r'(?P<conns>[+\d/]+) (?P<queues>[\d/]+) (?P<request>".*")$')


def _timers(timers: str) -> str:
    """-1 says a stage never completed: keep it; the durations themselves vary."""
    return "/".join(part if part.startswith("-") else PLACEHOLDER for part in timers.split("/"))


class HAProxy(LabServer):
    id = context = "haproxy"
    name = "HAProxy"
    package = "haproxy"
    version_command = ("haproxy", "-v")

    output_name = "haproxy.log"  # `log stdout`: the HTTP log lines come on standard output

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return write_config(workdir / "haproxy.cfg", "lab_haproxy.cfg.j2", port=port,
                            resolver_address=resolver_address, routes=routes,
                            tls=tls_files(workdir) if self.http2 else None)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("haproxy"), "-f", str(config)]

    def normalise_line(self, line: str) -> str:
        found = _HTTPLOG.match(line)
        if not found:
            return generic(line)
        server = found["server"] if found["server"].startswith("<") else PLACEHOLDER  # <NOSRV>: no server picked
        p = PLACEHOLDER
        return (f"{p} [{p}] {p} {p}/{server} {_timers(found['timers'])} {found['status']} {p} {found['cookies']} "
                f'{found["state"]} {p}/{p}/{p}/{p}/{p} {p}/{p} "{p}"')


class HAProxyHttp2(HAProxy):
    """HAProxy with the lab's client talking HTTP/2 to it, over TLS (`bind … ssl crt … alpn h2`)."""

    id = "haproxy-h2"
    http2 = True
    unsupported: ClassVar[Mapping[str, str]] = {**HAProxy.unsupported, **HTTP2_UNSUPPORTED}
