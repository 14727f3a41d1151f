"""Apache httpd in the lab: its configuration, start command and log normaliser."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable
from statuskb.lab.servers.base import (
    AppRoute,
    LabRoute,
    LabServer,
    running_as_root,
    write_config,
)

#: The modules a reverse proxy with error pages needs (the gallery's real-server tests load these too).
APACHE_MODULES = ("mpm_event", "authz_core", "alias", "mime", "headers", "proxy", "proxy_http")
#: … and what the lab's scenarios add: a balancer for "no healthy backend", TLS for the handshake.
APACHE_LAB_MODULES = (*APACHE_MODULES, "proxy_balancer", "lbmethod_byrequests", "slotmem_shm", "socache_shmcb", "ssl",
                      "proxy_fcgi", "proxy_uwsgi")

_TIME = re.compile(r"^\[[^\]]+\] ")
_PID = re.compile(r"\[pid \d+(?::tid \d+)?\]")
_CLIENT = re.compile(r"\[client [^\]]+\]")
#: mod_proxy_fcgi names a TCP backend by its port alone ("Error dispatching request to :46175:").
_DISPATCH = re.compile(r"(Error dispatching request to )\S*:\d+:")
_BAD_HEADER = re.compile(r"(Bad response header: )'[^']*'")
#: Messages about the lab's own start-up (module versions, the command line), never about a request.
_START_UP = re.compile(r"\b(AH00489|AH00094|AH01882|AH01873|AH00558|AH02155):")


def apache_modules(names: tuple[str, ...]) -> str:
    """LoadModule lines for Debian's module folder."""
    return "\n".join(f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so" for name in names)


class Apache(LabServer):
    id = context = "apache"
    name = "Apache httpd"
    package = "apache2"
    version_command = ("apache2", "-v")
    version_pattern = r"Apache/(\d+\.\d+\.\d+)"

    output_name = "apache2.out"
    error_log = "error.log"
    fronts_applications = True

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return self._config(workdir, port, routes, ())

    def configure_apps(self, workdir: Path, port: int, routes: Sequence[AppRoute]) -> Path:
        return self._config(workdir, port, [], routes)

    def _config(self, workdir: Path, port: int, routes: list[LabRoute], app_routes: Sequence[AppRoute]) -> Path:
        return write_config(workdir / "httpd.conf", "lab_apache.conf.j2", workdir=workdir, port=port,
                            as_root=running_as_root(), load_modules=apache_modules(APACHE_LAB_MODULES), routes=routes,
                            app_routes=app_routes)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("apache2"), "-f", str(config), "-DFOREGROUND"]

    def normalise_line(self, line: str) -> str | None:
        if _START_UP.search(line):
            return None
        line = _TIME.sub(f"[{PLACEHOLDER}] ", line)
        line = _PID.sub(f"[pid {PLACEHOLDER}:tid {PLACEHOLDER}]", line)
        line = _CLIENT.sub(f"[client {PLACEHOLDER}]", line)
        line = _BAD_HEADER.sub(rf"\1'{PLACEHOLDER}'", line)
        line = _DISPATCH.sub(rf"\1:{PLACEHOLDER}:", line)
        return generic(line)
