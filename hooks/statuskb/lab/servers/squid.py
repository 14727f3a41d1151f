"""Squid in the lab, as a reverse proxy: its configuration, start command and log normaliser."""

from __future__ import annotations

import os
import pwd
import re
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable
from statuskb.lab.servers.base import (
    LabRoute,
    LabServer,
    LogReader,
    ServerLog,
    open_for_search,
    running_as_root,
    write_config,
)

#: Debian's Squid drops root for this user; its log files must be writable by it.
SQUID_USER = "proxy"
#: The native access.log format: time elapsed client code/status bytes method URL user hierarchy/peer type.
_ACCESS = re.compile(r"^\d+\.\d+ +\d+ (?P<client>\S+) (?P<rest>\S+/\d+) \d+ (?P<method>\S+) \S+ (?P<tail>.*)$")
_TIME = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?:\|| kid\d+\|) ?")
_PEER = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}/\d+")
#: Squid's housekeeping, logged whenever its timers fire: never about the request.
_HOUSEKEEPING = ("storeLateRelease", "temporary disabling", "digest from")


class Squid(LabServer):
    id = context = "squid"
    name = "Squid"
    package = "squid"
    version_command = ("squid", "-v")
    version_pattern = r"Version (\d+\.\d+)"
    unsupported: ClassVar[Mapping[str, str]] = {
        "no-healthy-backend": "Squid 5's cache_peer has no option that marks a peer down and no active health check: "
        "it marks a peer down only after connect-fail-limit failed connections (squid.conf)",
    }

    output_name = "squid.out"

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        user = None
        if running_as_root():  # Squid will not serve as root: it writes its logs as SQUID_USER
            user = SQUID_USER
            account = pwd.getpwnam(SQUID_USER)
            os.chown(workdir, account.pw_uid, account.pw_gid)
            open_for_search(workdir)
        return write_config(workdir / "squid.conf", "lab_squid.conf.j2", workdir=workdir, port=port, user=user,
                            resolver_address=resolver_address, routes=routes)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("squid"), "-N", "-f", str(config)]  # -N: in the foreground

    def log(self, workdir: Path, output: Path) -> ServerLog:
        """Squid's cache.log says what went wrong, where anything; its access.log records every request."""
        return LogReader(workdir / "cache.log", workdir / "access.log")

    def normalise_line(self, line: str) -> str | None:
        found = _ACCESS.match(line)
        if found:
            p = PLACEHOLDER
            return f"{p} {p} {p} {found['rest']} {p} {found['method']} {p} {generic(found['tail'])}"
        if not _TIME.match(line) or any(marker in line for marker in _HOUSEKEEPING):
            return None  # chatter without a time (start-up, shutdown) and housekeeping are not about a request
        return generic(_PEER.sub(PLACEHOLDER, _TIME.sub(f"{PLACEHOLDER}| ", line)))
