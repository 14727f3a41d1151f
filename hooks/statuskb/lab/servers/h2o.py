"""h2o in the lab: its configuration (proxy.reverse.url), start command and log normaliser."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from statuskb.lab.normalise import generic
from statuskb.lab.processes import executable
from statuskb.lab.servers.base import LabRoute, LabServer, running_as_root, write_config

#: What h2o prints about itself at start-up, never about a request.
_START_UP = ("raised RLIMIT_NOFILE", "is ready to serve requests", "received SIGTERM", "killing")


class H2o(LabServer):
    id = context = "h2o"
    name = "h2o"
    package = "h2o"
    version_command = ("h2o", "-v")
    unsupported: ClassVar[Mapping[str, str]] = {
        "no-healthy-backend": "h2o 2.2's proxy.reverse.url names one backend: it has no pool, no switch that marks "
        "it down and no health check",
    }

    output_name = "h2o.out"
    error_log = "error.log"

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return write_config(workdir / "h2o.conf", "lab_h2o.conf.j2", workdir=workdir, port=port,
                            as_root=running_as_root(), routes=routes)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("h2o"), "-c", str(config)]

    def normalise_line(self, line: str) -> str | None:
        if any(marker in line for marker in _START_UP):
            return None
        return generic(line)
