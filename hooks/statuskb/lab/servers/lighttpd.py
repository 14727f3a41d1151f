"""lighttpd in the lab: its configuration (mod_proxy), start command and log normaliser."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable
from statuskb.lab.servers.base import LabRoute, LabServer, write_config

_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: ")
_SOURCE_LINE = re.compile(r"\(([\w-]+\.c)\.\d+\)")
_FD = re.compile(r"\bfd: \d+")
_READ_FDS = re.compile(r"\bread\(\) \d+ \d+")
_REQUEST_BYTES = re.compile(r"\brequest sent: \d+")  # the Host header carries the lab's port
#: A backend that failed before is put back after a while: about that backend, not the request.
_NOT_ABOUT_THE_REQUEST = ("gw-server re-enabled",)


class Lighttpd(LabServer):
    id = context = "lighttpd"
    name = "lighttpd"
    package = "lighttpd"
    version_command = ("lighttpd", "-v")
    version_pattern = r"lighttpd/(\d+\.\d+\.\d+)"
    unsupported: ClassVar[Mapping[str, str]] = {
        "tls-handshake": "lighttpd's mod_proxy has no option for TLS to a backend (lighttpd.conf: proxy.server)",
        "no-healthy-backend": "lighttpd's mod_proxy has no switch that marks a backend down and no active health "
        "check",
    }

    output_name = "lighttpd.out"
    error_log = "error.log"
    resolves_names_at_start = True  # a backend's "host" is looked up when the configuration is loaded

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return write_config(workdir / "lighttpd.conf", "lab_lighttpd.conf.j2", workdir=workdir, port=port,
                            routes=routes)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("lighttpd"), "-D", "-f", str(config)]

    def check_command(self, workdir: Path, config: Path) -> list[str]:
        return [executable("lighttpd"), "-tt", "-f", str(config)]  # -tt: load the modules too, then exit

    def normalise_line(self, line: str) -> str | None:
        if any(marker in line for marker in _NOT_ABOUT_THE_REQUEST):
            return None
        line = _READ_FDS.sub(f"read() {PLACEHOLDER} {PLACEHOLDER}", line)
        line = _REQUEST_BYTES.sub(f"request sent: {PLACEHOLDER}", line)
        line = _TIME.sub(f"{PLACEHOLDER}: ", line)
        line = _SOURCE_LINE.sub(rf"(\1.{PLACEHOLDER})", line)
        return generic(_FD.sub(f"fd: {PLACEHOLDER}", line))
