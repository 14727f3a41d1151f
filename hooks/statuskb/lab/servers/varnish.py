"""Varnish Cache in the lab: its VCL, start command, shared-memory log and log normaliser."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable, free_port
from statuskb.lab.scenarios import UNRESOLVABLE_HOST
from statuskb.lab.servers.base import TIMEOUT, LabRoute, LabServer, LogMark, ServerLog, write_config

_RECORD = re.compile(r"^[-*]+\s+(\w+)\s+(.*)$")
_BACKEND = re.compile(r"\bbackend lab_\w+")
_SPACES = re.compile(r"[ \t]+")
#: What Varnish's VCL compiler says that matters to a reader (the rest echoes the VCL source).
_VCC_KEEP = ("Message from VCC-compiler", "could not be resolved", "Name or service not known",
             "VCL compilation failed")


class VarnishLog:
    """What Varnish logged for one request: its shared-memory log, read with varnishlog."""

    #: The records that say what went wrong, of the request and of its backend fetch.
    TAGS = "FetchError,Error,BerespStatus,RespStatus,RespReason"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def mark(self) -> LogMark:
        return ()

    def lines_since(self, mark: LogMark, request_path: str) -> list[str]:
        completed = subprocess.run(
            [executable("varnishlog"), "-d", "-n", str(self.workdir), "-g", "request",
             "-q", f'ReqURL eq "{request_path}"', "-i", self.TAGS],
            capture_output=True, text=True, timeout=30, check=False)
        return [line for line in completed.stdout.splitlines() if line.strip() and not line.startswith("*")]


class Varnish(LabServer):
    id = context = "varnish"
    name = "Varnish Cache"
    package = "varnish"
    version_command = ("varnishd", "-V")
    version_pattern = r"varnish-(\d+\.\d+\.\d+)"
    unsupported: ClassVar[Mapping[str, str]] = {
        "tls-handshake": "Varnish Cache's backend definitions have no TLS setting (vcl-backend(7))",
    }

    output_name = "varnishd.out"
    start_timeout = 60  # varnishd compiles the VCL with the C compiler first
    resolves_names_at_start = True  # when it compiles the VCL

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return write_config(workdir / "lab.vcl", "lab_varnish.vcl.j2", routes=routes)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return self._varnishd(workdir, config, port, "-F")  # -F: in the foreground

    def _varnishd(self, workdir: Path, vcl: Path, port: int, mode: str) -> list[str]:
        # -j none: no privilege separation (the lab's folders are private). pipe_timeout: a piped
        # connection (a WebSocket) idle that long is closed, the lab's timeout like every other.
        return [executable("varnishd"), "-j", "none", "-n", str(workdir / "varnish"), "-f", str(vcl),
                "-a", f"127.0.0.1:{port}", "-s", "malloc,32m", "-T", "none", "-p", f"pipe_timeout={TIMEOUT}",
                mode]

    def log(self, workdir: Path, output: Path) -> ServerLog:
        return VarnishLog(workdir / "varnish")

    def check_command(self, workdir: Path, config: Path) -> list[str]:
        return self._varnishd(workdir, config, free_port(), "-C")  # -C: compile the VCL, then exit

    def normalise_line(self, line: str) -> str | None:
        record = _RECORD.match(line)
        if record:  # varnishlog: "--  FetchError     backend x: fail …" → "FetchError backend …: fail …"
            text = _BACKEND.sub(f"backend {PLACEHOLDER}", record[2])
            return generic(f"{record[1]} {_SPACES.sub(' ', text)}")
        if any(keep in line for keep in _VCC_KEEP):
            return generic(line.strip().replace(f'"{UNRESOLVABLE_HOST}"', UNRESOLVABLE_HOST))
        return None
