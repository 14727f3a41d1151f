"""Apache Traffic Server in the lab, as a reverse proxy: its runroot and configuration, start command,
logs and log normaliser.

`traffic_server` runs on its own (without traffic_manager), with every folder it reads or writes in
the lab's: a runroot (TS_RUNROOT, src/tscore/runroot.cc) names the lab's configuration, log and
runtime folders beside Debian's programs. It writes three logs: diags.log (its diagnostics),
error.log (a line for each failed transaction, such as "CONNECT: attempt fail") and the access
log (squid.log, in the Squid format of Debian's logging.yaml). The last two are buffered and
written every second at the soonest (proxy/logging/Log.cc), so the log of a request is read once its
access line is there: every transaction writes one, when it ends.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import ServerError, executable
from statuskb.lab.servers.base import (
    LabRoute,
    LabServer,
    LogMark,
    LogReader,
    ServerLog,
    hand_over,
    running_as_root,
    write_config,
)
from statuskb.lab.servers.squid import squid_access_line

#: Debian's traffic_server drops root for this user (proxy.config.admin.user_id); "#-1" keeps the user.
TRAFFICSERVER_USER = "trafficserver"
#: Debian's error page templates (the body factory).
BODY_FACTORY = Path("/etc/trafficserver/body_factory")
#: What the runroot names, inside the server's folder: configuration (root's), then what it writes.
CONFIG_FOLDER = "etc"
WRITTEN_FOLDERS = ("var", "var/log", "var/run", "var/cache")
LOG_FOLDER = "var/log"
#: The configuration files: each rendered from lab_trafficserver_<name>.j2 into CONFIG_FOLDER.
CONFIG_FILES = ("records.config", "remap.config", "logging.yaml", "ip_allow.yaml", "storage.config")
#: How long a request's access line may take before the measurement is broken. Buffers are written
#: every second at the soonest, and a line takes about 2 s on an idle machine (the periodic task
#: that writes them also runs every second). The reader waits for the line itself, so the limit
#: only ends a wait for a server that never writes: 10 s ran out once under `make test` on a
#: shared 2-core machine, with the lab's other servers and the suite's other worker beside it.
ACCESS_LINE_SECONDS = 60.0
#: error.log's time stamp ("20261201.15h24m50s") and diags.log's ("[Dec  1 15:24:50.523]").
_ERROR_TIME = re.compile(r"^\d{8}\.\d\dh\d\dm\d\ds ")
_DIAGS_TIME = re.compile(r"^\[\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}\] ")


class TrafficServerLog(LogReader):
    """diags.log, error.log and the access log; a request's lines once its access line is written."""

    def __init__(self, folder: Path) -> None:
        self.access = folder / "squid.log"
        super().__init__(folder / "diags.log", folder / "error.log", self.access)

    def lines_since(self, mark: LogMark, request_path: str) -> list[str]:
        # Not for the start-up messages: for a request, wait for its access line.
        if request_path and not self._access_line_after(mark[-1]):
            meanwhile = super().lines_since(mark, request_path)[-5:]
            raise ServerError(f"Traffic Server wrote no access line for {request_path} to {self.access} in "
                              f"{ACCESS_LINE_SECONDS:g} s; its logs since the request: {meanwhile or 'nothing'}")
        return super().lines_since(mark, request_path)

    def _access_line_after(self, start: int) -> bool:
        deadline = time.monotonic() + ACCESS_LINE_SECONDS
        while not self._has_line_after(start):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def _has_line_after(self, start: int) -> bool:
        if not self.access.exists() or self.access.stat().st_size <= start:
            return False
        with self.access.open("rb") as log:
            log.seek(start)
            return log.read().endswith(b"\n")


class TrafficServer(LabServer):
    id = context = "trafficserver"
    name = "Apache Traffic Server"
    package = "trafficserver"
    version_command = ("traffic_server", "-V")
    unsupported: ClassVar[Mapping[str, str]] = {
        "no-healthy-backend": "Traffic Server 9.2 has no switch in its configuration that marks a host down and no "
        "health check of its own: strategies.yaml's `active` check leaves it to another program, which marks hosts "
        "down with `traffic_ctl host down`, through traffic_manager (the lab runs traffic_server alone)",
    }

    output_name = "traffic_server.out"
    start_timeout = 30

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        user = "#-1"
        if running_as_root():  # traffic_server refuses to run as root: it writes as TRAFFICSERVER_USER
            user = TRAFFICSERVER_USER
            hand_over(workdir, TRAFFICSERVER_USER, *WRITTEN_FOLDERS)
        else:
            for folder in WRITTEN_FOLDERS:
                (workdir / folder).mkdir(parents=True, exist_ok=True)
        config = workdir / CONFIG_FOLDER
        config.mkdir(exist_ok=True)
        for name in CONFIG_FILES:
            write_config(config / name, f"lab_trafficserver_{name}.j2", port=port, user=user, routes=routes,
                         resolver_address=resolver_address, body_factory=BODY_FACTORY)
        write_config(workdir / "runroot.yaml", "lab_trafficserver_runroot.yaml.j2", workdir=workdir)
        return config / "records.config"

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("traffic_server")]  # its configuration is the runroot's (environment)

    def environment(self, workdir: Path) -> dict[str, str] | None:
        return {"TS_RUNROOT": str(workdir)}

    def log(self, workdir: Path, output: Path) -> ServerLog:
        return TrafficServerLog(workdir / LOG_FOLDER)

    def normalise_line(self, line: str) -> str | None:
        access = squid_access_line(line)
        if access:
            return access
        return generic(_DIAGS_TIME.sub(f"{PLACEHOLDER} ", _ERROR_TIME.sub(f"{PLACEHOLDER} ", line)))
