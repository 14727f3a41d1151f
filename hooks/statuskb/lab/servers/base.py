"""What every lab server shares: where a route leads, how it starts, how its log is read.

A server module subclasses `LabServer` with what is particular to that server: its
configuration (a Jinja template in lab/templates/, rendered by `write_config`), its start
command, its version probe and its log normaliser. Starting and stopping it, with a private
resolver, is the same for all of them, and so is here.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from statuskb.common.templating import render
from statuskb.lab.processes import (
    ServerError,
    debian_package_version,
    executable,
    free_port,
    running,
    version_output,
)
from statuskb.lab.scenarios import SCENARIOS, Route, Scenario, path_of

#: Every proxy timeout in the lab, in seconds.
TIMEOUT = 1


@dataclass(frozen=True)
class Target:
    """Where a scenario's route leads: a port on 127.0.0.1 (refused or misbehaving), or a name."""

    port: int
    host: str = "127.0.0.1"

    @property
    def address(self) -> str:
        """`host:port`, as every server's configuration writes an upstream."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class LabRoute:
    """One scenario as a server's configuration names it: its request path, its target, how it is reached."""

    scenario: Scenario
    target: Target

    @property
    def path(self) -> str:
        return path_of(self.scenario.id)

    @property
    def kind(self) -> Route:
        return self.scenario.route

    @property
    def name(self) -> str:
        """`lab_<id>`: the scenario's id as a backend name (configuration syntaxes dislike dashes)."""
        return f"lab_{self.scenario.id.replace('-', '_')}"

    @property
    def scheme(self) -> str:
        return "https" if self.kind == "https" else "http"


@dataclass(frozen=True)
class Version:
    """A server's own version and, on Debian, its package's."""

    version: str
    package: str | None


class ServerLog(Protocol):
    """Where a running server's messages about a request are read: a log file, or Varnish's shared memory."""

    def mark(self) -> int:
        """A position to read from later: what is logged after it belongs to the next request."""
        ...

    def lines_since(self, mark: int, request_path: str) -> list[str]:
        """The non-empty lines logged since `mark` (about `request_path`, where the log can tell)."""
        ...


class LogReader:
    """New lines of a log file since a mark (its size when the mark was taken)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def mark(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def lines_since(self, mark: int, request_path: str) -> list[str]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            log.seek(mark)
            text = log.read().decode("utf-8", "replace")
        return [line for line in text.splitlines() if line.strip()]


@dataclass
class Running:
    """A started server: its port, and how to read what it logged."""

    port: int
    log: ServerLog


def private_resolver(resolv_conf: Path, command: list[str]) -> list[str]:
    """`command`, run with `resolv_conf` mounted over /etc/resolv.conf in its own mount namespace."""
    return [executable("unshare"), "--mount", "--", "/bin/sh", "-c",
            'mount --bind "$0" /etc/resolv.conf && exec "$@"', str(resolv_conf), *command]


def write_resolv_conf(folder: Path, resolver_address: str) -> Path:
    """A resolv.conf that names only the lab's resolver, with a short timeout and one attempt."""
    path = folder / "resolv.conf"
    path.write_text(f"nameserver {resolver_address}\noptions timeout:1 attempts:1\n", encoding="utf-8")
    return path


def running_as_root() -> bool:
    """As root, a server's workers need a user to switch to: the templates name one then."""
    return os.geteuid() == 0


def write_config(path: Path, template: str, **context: Any) -> Path:
    """Render a server's configuration template (with the lab's `timeout`) into `path`."""
    path.write_text(render(template, timeout=TIMEOUT, **context), encoding="utf-8")
    return path


class LabServer(ABC):
    """One server under test. A subclass writes its configuration, says how to start it and normalises its log."""

    id: str = ""
    context: str = ""  # the catalog's context id
    name: str = ""
    package: str = ""  # the Debian package
    version_command: tuple[str, ...] = ()
    version_pattern: str = r"(\d+\.\d+\.\d+)"
    #: Scenarios this server cannot be configured for, with the reason shown on the site.
    unsupported: ClassVar[Mapping[str, str]] = {}
    #: The file in the server's folder that receives its standard output and error.
    output_name: str = ""
    #: The log file in the server's folder that its configuration sends errors to (None: its output).
    error_log: str | None = None
    #: How long the server may take to open its port, in seconds.
    start_timeout: float = 15

    def version(self) -> Version:
        line = version_output(self.version_command)
        found = re.search(self.version_pattern, line)
        if not found:
            raise ServerError(f"cannot read {self.name}'s version from {line!r}")
        return Version(found.group(1), debian_package_version(self.package))

    def scenarios(self) -> tuple[Scenario, ...]:
        return tuple(s for s in SCENARIOS if s.id not in self.unsupported)

    def routes(self, targets: Mapping[str, Target]) -> list[LabRoute]:
        """The routes to configure: the server's scenarios that have a target, in the scenarios' order."""
        return [LabRoute(scenario, targets[scenario.id]) for scenario in self.scenarios() if scenario.id in targets]

    @abstractmethod
    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        """Write the configuration file (listening on 127.0.0.1:`port`) into `workdir`; return its path."""

    @abstractmethod
    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        """The command that runs the server in the foreground with `config`."""

    def environment(self, workdir: Path) -> dict[str, str] | None:
        """Variables the server needs on top of the lab's own environment."""
        return None

    def log(self, workdir: Path, output: Path) -> ServerLog:
        """Where the server's messages about requests are read: its `error_log`, else its `output`."""
        return LogReader(workdir / self.error_log if self.error_log else output)

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        """Start the server for these scenario targets; stop it afterwards."""
        port = free_port()
        config = self.configure(workdir, port, self.routes(targets), resolver_address)
        command = private_resolver(resolv_conf, self.command(workdir, config, port))
        with running(command, port, workdir, env=self.environment(workdir), log_name=self.output_name,
                     timeout=self.start_timeout) as output:
            yield Running(port, self.log(workdir, output))

    def rejected_configuration(self, workdir: Path, scenario: Scenario, resolv_conf: Path) -> list[str] | None:
        """For scenarios the server refuses at configuration time: its error lines (else None)."""
        return None

    @abstractmethod
    def normalise_line(self, line: str) -> str | None:
        """One log line with its variable parts hidden (see lab/normalise.py), or None if it says nothing
        about the request."""

    def log_lines(self, lines: list[str]) -> list[str]:
        """The relevant lines of one request, normalised, in the order the server wrote them."""
        kept = [self.normalise_line(line.rstrip()) for line in lines]
        return [line for line in kept if line]
