"""What every lab server shares: where a route leads, how it starts, how its log is read.

A server module subclasses `LabServer` with what is particular to that server: its
configuration (a Jinja template in lab/templates/, rendered by `write_config`), its start
command, its version probe and its log normaliser. Starting and stopping it, with a private
resolver, is the same for all of them, and so is here.
"""

from __future__ import annotations

import os
import pwd
import re
import stat
import subprocess
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol

from statuskb.common.templating import render
from statuskb.lab.client import ClientResult, get, get_h2, get_websocket
from statuskb.lab.processes import (
    ServerError,
    debian_package_version,
    executable,
    free_port,
    running,
    version_output,
)
from statuskb.lab.scenarios import SCENARIOS, UNRESOLVABLE_HOST, Route, Scenario, path_of

#: Every proxy timeout in the lab, in seconds.
TIMEOUT = 1
#: What the `http2` variants cannot be asked: HTTP/2 has no Upgrade (RFC 9113 section 8.2.2 forbids the
#: connection-specific headers), and a WebSocket over HTTP/2 is an extended CONNECT (RFC 8441).
HTTP2_UNSUPPORTED: Mapping[str, str] = {
    scenario.id: "HTTP/2 has no Upgrade (RFC 9113, 8.2.2); curl 7.88 sends no extended CONNECT (RFC 8441)"
    for scenario in SCENARIOS if scenario.route == "websocket"}


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


#: How a proxy talks to an application server (see lab/applications.py).
AppProtocol = Literal["fastcgi", "uwsgi", "http"]


@dataclass(frozen=True)
class AppRoute:
    """One route from a proxy to an application server, as the proxies' templates write it."""

    path: str
    protocol: AppProtocol
    address: str  # "127.0.0.1:PORT", or "unix:/path" for a Unix socket
    script: str | None  # the PHP script (FastCGI's SCRIPT_FILENAME)
    read_timeout: int
    backend_path: str = "/"  # the path Apache asks the application for (nginx passes the request's own)

    @property
    def unix_path(self) -> str | None:
        return self.address.removeprefix("unix:") if self.address.startswith("unix:") else None


@dataclass(frozen=True)
class Version:
    """A server's own version and, on Debian, its package's."""

    version: str
    package: str | None


class InstalledProgram:
    """A Debian-packaged program the lab starts, a proxy or an application server: its names and
    how its version is read (the observations record both, so a version bump is reported)."""

    id: str = ""
    context: str = ""  # the catalog's context id
    name: str = ""
    package: str = ""  # the Debian package
    version_command: tuple[str, ...] = ()
    version_pattern: str = r"(\d+\.\d+\.\d+)"

    def version_probe(self) -> tuple[str, ...]:
        """The command that prints the program's version."""
        return self.version_command

    def version(self) -> Version:
        line = version_output(self.version_probe())
        found = re.search(self.version_pattern, line)
        if not found:
            raise ServerError(f"cannot read {self.name}'s version from {line!r}")
        return Version(found.group(1), debian_package_version(self.package))


#: A position in a server's logs (one number per log file it writes).
LogMark = tuple[int, ...]


class ServerLog(Protocol):
    """Where a running server's messages about a request are read: log files, or Varnish's shared memory."""

    def mark(self) -> LogMark:
        """A position to read from later: what is logged after it belongs to the next request."""
        ...

    def lines_since(self, mark: LogMark, request_path: str) -> list[str]:
        """The non-empty lines logged since `mark` (about `request_path`, where the log can tell)."""
        ...


class LogReader:
    """New lines of log files since a mark (their sizes when the mark was taken), file after file."""

    def __init__(self, *paths: Path) -> None:
        self.paths = paths

    def mark(self) -> LogMark:
        return tuple(path.stat().st_size if path.exists() else 0 for path in self.paths)

    def lines_since(self, mark: LogMark, request_path: str) -> list[str]:
        lines = []
        for path, start in zip(self.paths, mark, strict=True):
            if not path.exists():
                continue
            with path.open("rb") as log:
                log.seek(start)
                text = log.read().decode("utf-8", "replace")
            lines += [line for line in text.splitlines() if line.strip()]
        return lines


@dataclass
class Running:
    """A started server: its port, how to read what it logged, and its folder."""

    port: int
    log: ServerLog
    workdir: Path


@dataclass(frozen=True)
class TlsFiles:
    """A throwaway self-signed certificate for 127.0.0.1, made at run time in the server's folder."""

    cert: Path
    key: Path
    pem: Path  # the certificate and the key in one file, as HAProxy reads them


def tls_files(workdir: Path) -> TlsFiles:
    """Where a server's certificate is (`make_certificate` writes it there)."""
    return TlsFiles(workdir / "lab-cert.pem", workdir / "lab-key.pem", workdir / "lab-cert-and-key.pem")


def make_certificate(workdir: Path) -> TlsFiles:
    """A self-signed certificate for IP 127.0.0.1, valid for a day, with OpenSSL's command line tool."""
    files = tls_files(workdir)
    subprocess.run([executable("openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(files.key), "-out", str(files.cert)], capture_output=True, timeout=60, check=True)
    files.pem.write_bytes(files.cert.read_bytes() + files.key.read_bytes())
    return files


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


def hand_over(workdir: Path, user: str, *folders: str) -> None:
    """Give `workdir` (and its `folders`, made here) to `user`, the account a server run as root drops to."""
    account = pwd.getpwnam(user)
    for folder in (workdir, *(workdir / name for name in folders)):
        folder.mkdir(parents=True, exist_ok=True)
        os.chown(folder, account.pw_uid, account.pw_gid)
    open_for_search(workdir)


def open_for_search(workdir: Path) -> None:
    """Let every user pass through `workdir` and the folders above it inside the system's temporary folder:
    the lab's (and pytest's) temporary folders are private to root, and a server that drops to its own user
    (Squid writing its logs, Apache's children reaching a Unix socket) must get through them."""
    temporary = Path(tempfile.gettempdir()).resolve()
    for folder in (workdir.resolve(), *workdir.resolve().parents):
        if folder.is_relative_to(temporary) and folder != temporary:
            folder.chmod(stat.S_IMODE(folder.stat().st_mode) | stat.S_IXOTH)


def write_config(path: Path, template: str, **context: Any) -> Path:
    """Render a server's configuration template (with the lab's `timeout`) into `path`."""
    path.write_text(render(template, timeout=TIMEOUT, **context), encoding="utf-8")
    return path


class LabServer(InstalledProgram, ABC):
    """One server under test. A subclass writes its configuration, says how to start it and normalises its log."""

    #: Scenarios this server cannot be configured for, with the reason shown on the site.
    unsupported: ClassVar[Mapping[str, str]] = {}
    #: The file in the server's folder that receives its standard output and error.
    output_name: str = ""
    #: The log file in the server's folder that its configuration sends errors to (None: its output).
    error_log: str | None = None
    #: How long the server may take to open its port, in seconds.
    start_timeout: float = 15
    #: True for servers that resolve upstream names once, when they load their configuration: an
    #: unknown name stops them there (see `rejected_configuration`), so no running server has it.
    resolves_names_at_start: bool = False
    #: True for the servers the lab also puts in front of real application servers (`configure_apps`).
    fronts_applications: bool = False
    #: True for the variants that the lab's client talks HTTP/2 to, over TLS (`tls_files`).
    http2: bool = False

    def scenarios(self) -> tuple[Scenario, ...]:
        return tuple(s for s in SCENARIOS if s.id not in self.unsupported)

    def routes(self, targets: Mapping[str, Target]) -> list[LabRoute]:
        """The routes to configure: the server's scenarios that have a target, in the scenarios' order."""
        return [LabRoute(scenario, targets[scenario.id]) for scenario in self.scenarios() if scenario.id in targets
                and not (self.resolves_names_at_start and scenario.route == "name")]

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

    def configure_apps(self, workdir: Path, port: int, routes: Sequence[AppRoute]) -> Path:
        """The configuration for routes to application servers (the servers in `app_proxies` only)."""
        raise NotImplementedError(f"the lab does not put {self.name} in front of application servers")

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        """Start the server for these scenario targets; stop it afterwards."""
        port = free_port()
        if self.http2:
            make_certificate(workdir)
        config = self.configure(workdir, port, self.routes(targets), resolver_address)
        with self.started(workdir, config, port, resolv_conf) as started:
            yield started

    @contextmanager
    def serve_apps(self, workdir: Path, routes: Sequence[AppRoute], resolv_conf: Path) -> Iterator[Running]:
        """Start the server in front of application servers; stop it afterwards."""
        port = free_port()
        with self.started(workdir, self.configure_apps(workdir, port, routes), port, resolv_conf) as started:
            yield started

    @contextmanager
    def started(self, workdir: Path, config: Path, port: int, resolv_conf: Path) -> Iterator[Running]:
        """Run the server with `config` (and the lab's resolver) until the block ends."""
        command = private_resolver(resolv_conf, self.command(workdir, config, port))
        with running(command, port, workdir, env=self.environment(workdir), log_name=self.output_name,
                     timeout=self.start_timeout) as output:
            yield Running(port, self.log(workdir, output), workdir)

    def request(self, running: Running, path: str, websocket: bool = False) -> ClientResult:
        """The lab client's GET: HTTP/1.1 in clear (a WebSocket handshake where `websocket`), or HTTP/2
        over TLS for the `http2` variants."""
        if self.http2:
            return get_h2(running.port, path, running.workdir)
        return get_websocket(running.port, path) if websocket else get(running.port, path)

    def check_command(self, workdir: Path, config: Path) -> list[str]:
        """The command that loads `config` and exits (servers that `resolves_names_at_start`)."""
        raise NotImplementedError(f"{self.name} resolves names at start but has no check command")

    def rejected_configuration(self, workdir: Path, scenario: Scenario, resolv_conf: Path) -> list[str] | None:
        """For scenarios the server refuses at configuration time: its error lines (else None).

        A server that resolves names when it loads its configuration is given one with only the
        unresolvable name, and checks it with the lab's resolver: its complaint is the observation.
        """
        if not (self.resolves_names_at_start and scenario.route == "name"):
            return None
        folder = workdir / f"check-{scenario.id}"
        folder.mkdir()
        config = self.configure(folder, free_port(), [LabRoute(scenario, Target(80, UNRESOLVABLE_HOST))],
                                "127.0.0.1")
        checked = subprocess.run(private_resolver(resolv_conf, self.check_command(folder, config)),
                                 capture_output=True, text=True, timeout=60, check=False)
        if checked.returncode == 0:
            return None
        return [line for line in (checked.stdout + checked.stderr).splitlines() if line.strip()]

    @abstractmethod
    def normalise_line(self, line: str) -> str | None:
        """One log line with its variable parts hidden (see lab/normalise.py), or None if it says nothing
        about the request."""

    def log_lines(self, lines: list[str]) -> list[str]:
        """The relevant lines of one request, normalised, in the order the server wrote them."""
        kept = [self.normalise_line(line.rstrip()) for line in lines]
        return [line for line in kept if line]
