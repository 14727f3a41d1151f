"""Real application servers behind the lab's proxies: PHP-FPM, Gunicorn and uWSGI, failing as they do.

The misbehaving upstream (upstream.py) fails at the socket; these scenarios put the process that
runs the application behind nginx and Apache and let it fail the way site owners meet it: a pool
with every worker busy, a worker killed in the middle of a request, a socket nobody listens on, a
request that outlives the server's own timeout, a listen queue that is full. Each scenario starts
its own application server (Debian's package, configured by the lab, on 127.0.0.1), so that the
lines it logs belong to that scenario alone.

How long things take, in seconds: the application server's own timeouts are 1, a slow request
takes `SLOW_SECONDS`, and the proxies wait `APP_READ_TIMEOUT` for a response, so that whichever
gives up first does so for the reason the scenario names.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable, free_port, running
from statuskb.lab.scenarios import path_of
from statuskb.lab.servers.base import (
    AppProtocol,
    AppRoute,
    InstalledProgram,
    LogReader,
    ServerLog,
    running_as_root,
    write_config,
)

#: How long the proxies wait for an application server's response (longer than its own timeouts).
APP_READ_TIMEOUT = 3
#: How long a slow request takes: longer than every timeout in these scenarios.
SLOW_SECONDS = 5
#: How long the application server itself allows a request (request_terminate_timeout, --timeout, harakiri).
APP_TIMEOUT = 1
#: Where the "socket missing" scenario points: a path in a folder that does not exist.
MISSING_SOCKET = "/run/statuskb-lab/php8.2-fpm.sock"

#: What the observed request asks of the application: to take its time, or to kill its worker.
Action = Literal["slow", "kill"]
#: What happens before the observed request: nothing, a slow request through the proxy that takes the
#: only worker, or connections that take the worker and fill the listen queue.
Load = Literal["none", "busy-worker"]


@dataclass(frozen=True)
class AppScenario:
    """One way for a real application server to fail behind the proxy."""

    id: str
    title: str
    upstream: str  # what happens behind the proxy (Markdown)
    app: str  # the application server's id
    action: Action
    load: Load = "none"
    running: bool = True  # False: nothing is started, the proxy points at a socket that does not exist

    @property
    def path(self) -> str:
        return path_of(self.id)

    @property
    def busy_path(self) -> str:
        """Where the slow request that takes the only worker goes (with a longer timeout)."""
        return f"{self.path}busy/"


APP_SCENARIOS: tuple[AppScenario, ...] = (
    AppScenario("php-fpm-pool-exhausted", "PHP-FPM: every child busy",
                f"PHP-FPM's pool has one child (`pm.max_children = 1`), busy with a request that takes "
                f"{SLOW_SECONDS} seconds; the next request waits in the pool's listen queue. The proxy waits "
                f"{APP_READ_TIMEOUT} seconds for a response.", "php-fpm", "slow", load="busy-worker"),
    AppScenario("php-fpm-worker-killed", "PHP-FPM: child killed mid-request",
                "The PHP script's child process is killed (SIGKILL, as the out-of-memory killer does) while it "
                "handles the request.", "php-fpm", "kill"),
    AppScenario("php-fpm-socket-missing", "PHP-FPM: socket missing",
                "The proxy is configured for PHP-FPM's Unix socket, but PHP-FPM is not running: the socket "
                "file does not exist.", "php-fpm", "slow", running=False),
    AppScenario("php-fpm-terminate-timeout", "PHP-FPM: request_terminate_timeout",
                f"The script takes {SLOW_SECONDS} seconds; the pool's `request_terminate_timeout` is "
                f"{APP_TIMEOUT} second, so PHP-FPM kills the child before the proxy's {APP_READ_TIMEOUT}-second "
                "timeout.", "php-fpm", "slow"),
    AppScenario("gunicorn-worker-timeout", "Gunicorn: worker timeout",
                f"The request takes {SLOW_SECONDS} seconds; Gunicorn's `--timeout` is {APP_TIMEOUT} second, "
                "so the master kills the sync worker.", "gunicorn", "slow"),
    AppScenario("gunicorn-worker-killed", "Gunicorn: worker killed mid-request",
                "The worker handling the request is killed (SIGKILL).", "gunicorn", "kill"),
    AppScenario("uwsgi-harakiri", "uWSGI: harakiri (worker timeout)",
                f"The request takes {SLOW_SECONDS} seconds; uWSGI's `harakiri` is {APP_TIMEOUT} second, so "
                "the master kills the worker.", "uwsgi", "slow"),
    AppScenario("uwsgi-worker-killed", "uWSGI: worker killed mid-request",
                "The worker handling the request is killed (SIGKILL).", "uwsgi", "kill"),
)
APP_SCENARIO_IDS: tuple[str, ...] = tuple(scenario.id for scenario in APP_SCENARIOS)
APP_BY_ID: dict[str, AppScenario] = {scenario.id: scenario for scenario in APP_SCENARIOS}


@dataclass
class RunningApp:
    """A started application server (or none, for "socket missing"): where to reach it, how to read its log."""

    address: str
    log: ServerLog | None


class AppServer(InstalledProgram, ABC):
    """One application server: how the lab configures, starts and reads it."""

    protocol: AppProtocol = "http"
    output_name: str = ""
    #: Lines about the server itself (start-up, shutdown), never about a request.
    chatter: tuple[str, ...] = ()

    @abstractmethod
    def command(self, workdir: Path, port: int, scenario: AppScenario) -> list[str]:
        """Write what the server needs into `workdir` and return the command that runs it in the foreground."""

    def script(self, workdir: Path, scenario: AppScenario) -> str | None:
        """The script a FastCGI request names (PHP-FPM only)."""
        return None

    def log_path(self, workdir: Path) -> Path:
        return workdir / self.output_name

    @contextmanager
    def serve(self, workdir: Path, scenario: AppScenario) -> Iterator[RunningApp]:
        if not scenario.running:
            yield RunningApp(f"unix:{MISSING_SOCKET}", None)
            return
        port = free_port()
        with running(self.command(workdir, port, scenario), port, workdir, log_name=self.output_name):
            yield RunningApp(f"127.0.0.1:{port}", LogReader(self.log_path(workdir)))

    def normalise_line(self, line: str) -> str | None:
        if any(marker in line for marker in self.chatter):
            return None
        return generic(self.variable_parts(line))

    def variable_parts(self, line: str) -> str:
        """The line with this server's variable parts (times, process ids, durations) as …."""
        return line

    def log_lines(self, lines: list[str]) -> list[str]:
        """The lines, normalised, each once: a server that repeats a warning every second (uWSGI's full
        listen queue) would otherwise log as many copies as the wait happened to last."""
        kept = [self.normalise_line(line.rstrip()) for line in lines]
        return list(dict.fromkeys(line for line in kept if line))


_FPM_TIME = re.compile(r"^\[\d\d-\w{3}-\d{4} \d\d:\d\d:\d\d(?:\.\d+)?\] ")
_NUMBERS = re.compile(r"\b(child|pid|pid:|worker \d+ \(pid:) ?\d+")
_SECONDS = re.compile(r"\d+\.\d+ (sec|seconds)")


class PhpFpm(AppServer):
    id = "php-fpm"
    context = "php-fpm"
    name = "PHP-FPM"
    package = "php8.2-fpm"
    version_command = ("php-fpm8.2", "-v")
    version_pattern = r"PHP (\d+\.\d+\.\d+)"
    protocol = "fastcgi"
    output_name = "php-fpm.out"
    chatter = ("fpm is running", "ready to handle connections", "Terminating", "exiting, bye-bye",
               "using inherited socket")

    def command(self, workdir: Path, port: int, scenario: AppScenario) -> list[str]:
        config = write_config(workdir / "php-fpm.conf", "lab_php_fpm.conf.j2", workdir=workdir, port=port,
                              as_root=running_as_root(),
                              terminate_timeout=APP_TIMEOUT if scenario.id == "php-fpm-terminate-timeout" else None)
        # The busy request has a script of its own: Apache shares one connection setup (and timeout) per URL.
        for name, action in (("slow", "slow"), ("kill", "kill"), ("busy", "slow")):
            write_config(workdir / f"{name}.php", "lab_php_script.php.j2", action=action, seconds=SLOW_SECONDS)
        # -F: foreground; -R: allow root (the lab's folder is root's when the lab runs as root).
        return [executable("php-fpm8.2"), "-F", *(["-R"] if running_as_root() else []), "-y", str(config)]

    def script(self, workdir: Path, scenario: AppScenario) -> str | None:
        return str(workdir / f"{scenario.action}.php")

    def log_path(self, workdir: Path) -> Path:
        return workdir / "php-fpm.log"

    def variable_parts(self, line: str) -> str:
        line = _FPM_TIME.sub(f"[{PLACEHOLDER}] ", line)
        line = _NUMBERS.sub(lambda m: f"{m[1]} {PLACEHOLDER}" if not m[1].endswith(":") else f"{m[1]}{PLACEHOLDER}",
                            line)
        line = _SECONDS.sub(lambda m: f"{PLACEHOLDER} {m[1]}", line)
        return re.sub(r"script '[^']*'", f"script '{PLACEHOLDER}'", line)


_GUNICORN_TIME = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[\d+\] ")


class Gunicorn(AppServer):
    id = context_id = "gunicorn"
    context = "app-servers"
    name = "Gunicorn"
    package = "gunicorn"
    version_command = ("gunicorn", "--version")
    output_name = "gunicorn.log"  # --error-logfile -: standard error
    chatter = ("Starting gunicorn", "Listening at", "Using worker", "Booting worker", "Handling signal",
               "Shutting down")

    def command(self, workdir: Path, port: int, scenario: AppScenario) -> list[str]:
        write_config(workdir / "lab_app.py", "lab_wsgi_app.py.j2", action=scenario.action, seconds=SLOW_SECONDS)
        timeout = APP_TIMEOUT if scenario.id == "gunicorn-worker-timeout" else 30
        return [executable("gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", str(timeout),
                "--chdir", str(workdir), "--error-logfile", "-", "lab_app:app"]

    def variable_parts(self, line: str) -> str:
        line = _GUNICORN_TIME.sub(f"[{PLACEHOLDER}] [{PLACEHOLDER}] ", line)
        return re.sub(r"\bpid:? ?\d+", lambda m: m[0].rstrip("0123456789") + PLACEHOLDER, line)


class Uwsgi(AppServer):
    id = "uwsgi"
    context = "app-servers"
    name = "uWSGI"
    package = "uwsgi-core"
    version_command = ("uwsgi", "--version")
    protocol = "uwsgi"
    output_name = "uwsgi.log"
    #: The master's messages when the lab stops it.
    chatter = ("SIGINT/SIGTERM", "gracefully killing", "goodbye to uWSGI", "buried after", "killed successfully")

    def command(self, workdir: Path, port: int, scenario: AppScenario) -> list[str]:
        write_config(workdir / "lab_app.py", "lab_wsgi_app.py.j2", action=scenario.action, seconds=SLOW_SECONDS)
        options = ["--plugin", "python3", "--master", "--processes", "1", "--socket", f"127.0.0.1:{port}",
                   "--chdir", str(workdir), "--wsgi-file", str(workdir / "lab_app.py"), "--callable", "app",
                   "--socket-timeout", "30"]
        if scenario.id == "uwsgi-harakiri":
            options += ["--harakiri", str(APP_TIMEOUT)]
        return [executable("uwsgi"), *options]

    def variable_parts(self, line: str) -> str:
        line = re.sub(r"\b(pid|pid:) ?\d+", lambda m: f"{m[1]}{' ' if m[1] == 'pid' else ''}{PLACEHOLDER}", line)
        line = re.sub(r"\[\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}\]", f"[{PLACEHOLDER}]", line)
        line = re.sub(r"^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4} - ", f"{PLACEHOLDER} - ", line)
        line = re.sub(r"\{\d+ vars in \d+ bytes\}", f"{{{PLACEHOLDER} vars in {PLACEHOLDER} bytes}}", line)
        line = re.sub(r"in \d+ msecs", f"in {PLACEHOLDER} msecs", line)
        line = re.sub(r"\bsince \d+", f"since {PLACEHOLDER}", line)
        line = re.sub(r"full !!! \(\d+/", f"full !!! ({PLACEHOLDER}/", line)  # how full when it looked: timing
        return re.sub(r"\(fd: \d+\)", f"(fd: {PLACEHOLDER})", line)


APP_SERVERS: tuple[AppServer, ...] = (PhpFpm(), Gunicorn(), Uwsgi())
APP_SERVERS_BY_ID: dict[str, AppServer] = {app.id: app for app in APP_SERVERS}


def app_routes(app: AppServer, workdir: Path, scenario: AppScenario, address: str) -> list[AppRoute]:
    """The observed route, and the busy route with a longer timeout for the request that takes the worker."""
    script = app.script(workdir, scenario)
    routes = [AppRoute(scenario.path, app.protocol, address, script, APP_READ_TIMEOUT)]
    if scenario.load == "busy-worker":
        busy = script.replace("slow.php", "busy.php") if script else None
        routes.insert(0, AppRoute(scenario.busy_path, app.protocol, address, busy, 4 * SLOW_SECONDS))
    return routes


