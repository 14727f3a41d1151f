"""Real application servers behind the lab's proxies: PHP-FPM, Gunicorn and uWSGI, failing as they do.

The misbehaving upstream (upstream.py) fails at the socket; these scenarios put the process that
runs the application behind nginx and Apache and let it fail the way site owners meet it: a pool
with every worker busy, a worker killed in the middle of a request, a socket nobody listens on, a
request that outlives the server's own timeout, a listen queue that is full. Each scenario starts
its own application server (Debian's package, configured by the lab, on 127.0.0.1 or a Unix socket
in the scenario's folder), so that the lines it logs belong to that scenario alone.

How long things take, in seconds: the application server's own timeouts are 1, a slow request
takes `SLOW_SECONDS`, and the proxies wait `APP_READ_TIMEOUT` for a response, so that whichever
gives up first does so for the reason the scenario names.

A full listen queue is made, not waited for (`full_listen_queue`): a request through the proxy takes
the only worker and holds it until the lab lets go (the application tells the lab it is there),
and the lab itself queues connections behind it until the kernel proves the queue full: on a Unix
socket a non-blocking connect fails with EAGAIN, on TCP the listener's accept queue in
/proc/net/tcp holds one more than the backlog, after which Linux drops every SYN. Nothing waits for
a time to pass, so the proxy's own connection meets the same full queue in every run.
"""

from __future__ import annotations

import errno
import re
import select
import socket
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import ServerError, executable, free_port, running
from statuskb.lab.scenarios import path_of
from statuskb.lab.servers.base import (
    AppProtocol,
    AppRoute,
    InstalledProgram,
    LogReader,
    ServerLog,
    open_for_search,
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
#: The listen backlog of the "listen queue full" scenarios: Linux queues one connection more than it.
SMALL_BACKLOG = 1
#: The Unix socket an application server listens on, in the scenario's folder.
APP_SOCKET = "app.sock"
#: The lab's Unix socket that a held request connects to, in the scenario's folder.
HOLD_SOCKET = "hold.sock"
#: How long each step of filling a listen queue may take (all local: milliseconds in practice).
QUEUE_STEP_SECONDS = 10.0
#: More connections than any queue the lab configures holds: a queue still open after these is an error.
MAX_QUEUED = 64
#: The longest path a Unix socket address holds (sun_path, with its final NUL).
MAX_SOCKET_PATH = 107

#: What a request asks of the application: to take its time, to kill its worker, to answer at once,
#: or (the request that takes the worker before a full queue) to hold its worker until the lab lets go.
Action = Literal["slow", "kill", "answer", "hold"]
#: What happens before the observed request: nothing, a slow request through the proxy that takes the
#: only worker, or a held request that takes it and connections that fill the listen queue behind it.
Load = Literal["none", "busy-worker", "full-queue"]
#: Where the application server listens: on 127.0.0.1, or on a Unix socket.
Listen = Literal["tcp", "unix"]


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
    listen: Listen = "tcp"

    @property
    def path(self) -> str:
        return path_of(self.id)

    @property
    def busy_path(self) -> str:
        """Where the request that takes the only worker goes (with a longer timeout)."""
        return f"{self.path}busy/"


#: What a full Unix socket queue does to the proxy's connection, and when the lab lets the worker go.
_UNIX_QUEUE = ("Linux refuses a non-blocking connect at once (EAGAIN); a blocking one waits for a place. The lab "
               "lets the worker go once the proxy has answered or is seen waiting.")

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
    AppScenario("php-fpm-backlog-full", "PHP-FPM: listen queue full (Unix socket)",
                f"PHP-FPM's pool listens on a Unix socket with `listen.backlog = {SMALL_BACKLOG}`; its one child "
                f"is busy and the socket's queue full. {_UNIX_QUEUE}", "php-fpm", "answer",
                load="full-queue", listen="unix"),
    AppScenario("gunicorn-worker-timeout", "Gunicorn: worker timeout",
                f"The request takes {SLOW_SECONDS} seconds; Gunicorn's `--timeout` is {APP_TIMEOUT} second, "
                "so the master kills the sync worker.", "gunicorn", "slow"),
    AppScenario("gunicorn-worker-killed", "Gunicorn: worker killed mid-request",
                "The worker handling the request is killed (SIGKILL).", "gunicorn", "kill"),
    AppScenario("gunicorn-backlog-full", "Gunicorn: listen queue full (Unix socket)",
                f"Gunicorn listens on a Unix socket with `--backlog {SMALL_BACKLOG}`; its one sync worker is "
                f"busy and the socket's queue full. {_UNIX_QUEUE}", "gunicorn", "answer",
                load="full-queue", listen="unix"),
    AppScenario("gunicorn-backlog-full-tcp", "Gunicorn: listen queue full (TCP)",
                f"Gunicorn listens on 127.0.0.1 with `--backlog {SMALL_BACKLOG}`; its one sync worker is busy "
                "and the accept queue full, so the kernel drops the proxy's SYN and every retry until the "
                "proxy's 1-second connect timeout.", "gunicorn", "answer", load="full-queue"),
    AppScenario("uwsgi-harakiri", "uWSGI: harakiri (worker timeout)",
                f"The request takes {SLOW_SECONDS} seconds; uWSGI's `harakiri` is {APP_TIMEOUT} second, so "
                "the master kills the worker.", "uwsgi", "slow"),
    AppScenario("uwsgi-worker-killed", "uWSGI: worker killed mid-request",
                "The worker handling the request is killed (SIGKILL).", "uwsgi", "kill"),
    AppScenario("uwsgi-backlog-full", "uWSGI: listen queue full (Unix socket)",
                f"uWSGI listens on a Unix socket with `--listen {SMALL_BACKLOG}`; its one worker is busy and "
                f"the socket's queue full. {_UNIX_QUEUE}", "uwsgi", "answer", load="full-queue", listen="unix"),
    AppScenario("uwsgi-backlog-full-tcp", "uWSGI: listen queue full (TCP)",
                f"uWSGI listens on 127.0.0.1 with `--listen {SMALL_BACKLOG}`; its one worker is busy and the "
                "accept queue full, so the kernel drops the proxy's SYN and every retry until the proxy's "
                "1-second connect timeout.", "uwsgi", "answer", load="full-queue"),
)
APP_SCENARIO_IDS: tuple[str, ...] = tuple(scenario.id for scenario in APP_SCENARIOS)
APP_BY_ID: dict[str, AppScenario] = {scenario.id: scenario for scenario in APP_SCENARIOS}


@dataclass
class RunningApp:
    """A started application server (or none, for "socket missing"): where to reach it, how to read its log."""

    address: str  # as AppRoute.address
    log: ServerLog | None

    @property
    def socket_path(self) -> str | None:
        """The Unix socket's path (a lab folder the logs must not record), or None on TCP."""
        return self.address.removeprefix("unix:") if self.address.startswith("unix:") else None


class AppServer(InstalledProgram, ABC):
    """One application server: how the lab configures, starts and reads it."""

    protocol: AppProtocol = "http"
    output_name: str = ""
    #: Lines about the server itself (start-up, shutdown), never about a request.
    chatter: tuple[str, ...] = ()
    #: What the server logs when its workers are all busy, where it says so: the lab waits for it.
    saturated: str | None = None

    @abstractmethod
    def command(self, workdir: Path, address: str, scenario: AppScenario) -> list[str]:
        """Write what the server needs into `workdir` and return the command that runs it in the foreground,
        listening on `address` ("127.0.0.1:PORT" or "unix:/path")."""

    def saturation_line(self, scenario: AppScenario) -> str | None:
        """What the server logs once its workers are all busy in `scenario`, or None if it logs nothing."""
        return self.saturated

    def script(self, workdir: Path, scenario: AppScenario) -> str | None:
        """The script a FastCGI request names (PHP-FPM only)."""
        return None

    def busy_script(self, workdir: Path) -> str | None:
        """The script of the request that takes the only worker (PHP-FPM only)."""
        return None

    def log_path(self, workdir: Path) -> Path:
        return workdir / self.output_name

    @contextmanager
    def serve(self, workdir: Path, scenario: AppScenario) -> Iterator[RunningApp]:
        if not scenario.running:
            yield RunningApp(f"unix:{MISSING_SOCKET}", None)
            return
        listening: int | Path
        if scenario.listen == "unix":
            listening = workdir / APP_SOCKET
            if len(str(listening)) > MAX_SOCKET_PATH:
                raise ServerError(f"{listening}: too long for a Unix socket ({MAX_SOCKET_PATH} characters at most): "
                                  "set TMPDIR to a shorter folder")
            address = f"unix:{listening}"
            open_for_search(workdir)  # Apache's children, another user, connect to the socket
        else:
            listening = free_port()
            address = f"127.0.0.1:{listening}"
        with running(self.command(workdir, address, scenario), listening, workdir, log_name=self.output_name):
            yield RunningApp(address, LogReader(self.log_path(workdir)))

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
    saturated = "server reached pm.max_children setting"

    def command(self, workdir: Path, address: str, scenario: AppScenario) -> list[str]:
        config = write_config(workdir / "php-fpm.conf", "lab_php_fpm.conf.j2", workdir=workdir,
                              listen=address.removeprefix("unix:"), as_root=running_as_root(),
                              backlog=SMALL_BACKLOG if scenario.load == "full-queue" else None,
                              terminate_timeout=APP_TIMEOUT if scenario.id == "php-fpm-terminate-timeout" else None)
        # The busy request has a script of its own: Apache shares one connection setup (and timeout) per URL.
        busy: Action = "hold" if scenario.load == "full-queue" else "slow"
        for name, action in (("slow", "slow"), ("kill", "kill"), ("answer", "answer"), ("busy", busy)):
            write_config(workdir / f"{name}.php", "lab_php_script.php.j2", action=action, seconds=SLOW_SECONDS,
                         hold_socket=workdir / HOLD_SOCKET)
        # -F: foreground; -R: allow root (the lab's folder is root's when the lab runs as root).
        return [executable("php-fpm8.2"), "-F", *(["-R"] if running_as_root() else []), "-y", str(config)]

    def script(self, workdir: Path, scenario: AppScenario) -> str | None:
        return str(workdir / f"{scenario.action}.php")

    def busy_script(self, workdir: Path) -> str | None:
        return str(workdir / "busy.php")

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

    def command(self, workdir: Path, address: str, scenario: AppScenario) -> list[str]:
        write_wsgi_app(workdir, scenario)
        timeout = APP_TIMEOUT if scenario.id == "gunicorn-worker-timeout" else 30
        backlog = ["--backlog", str(SMALL_BACKLOG)] if scenario.load == "full-queue" else []
        return [executable("gunicorn"), "--bind", address, "--workers", "1", "--timeout", str(timeout), *backlog,
                "--chdir", str(workdir), "--error-logfile", "-", "lab_app:app"]

    def variable_parts(self, line: str) -> str:
        line = _GUNICORN_TIME.sub(f"[{PLACEHOLDER}] [{PLACEHOLDER}] ", line)
        return re.sub(r"\bpid:? ?\d+", lambda m: m[0].rstrip("0123456789") + PLACEHOLDER, line)


def write_wsgi_app(workdir: Path, scenario: AppScenario) -> None:
    """The scenario's WSGI application, `lab_app:app` in `workdir` (Gunicorn and uWSGI)."""
    write_config(workdir / "lab_app.py", "lab_wsgi_app.py.j2", action=scenario.action, seconds=SLOW_SECONDS,
                 hold_socket=str(workdir / HOLD_SOCKET) if scenario.load == "full-queue" else None)


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

    def command(self, workdir: Path, address: str, scenario: AppScenario) -> list[str]:
        write_wsgi_app(workdir, scenario)
        options = ["--plugin", "python3", "--master", "--processes", "1", "--socket", address.removeprefix("unix:"),
                   "--chdir", str(workdir), "--wsgi-file", str(workdir / "lab_app.py"), "--callable", "app",
                   "--socket-timeout", "30",
                   # SIGTERM, which the lab stops servers with, makes uWSGI 2.0 reload rather than exit: the
                   # lab then waited 10 seconds for every uWSGI scenario before killing it.
                   "--die-on-term"]
        if scenario.listen == "unix":
            options += ["--chmod-socket=666"]  # Apache's children, another user, connect to it
        if scenario.id == "uwsgi-harakiri":
            options += ["--harakiri", str(APP_TIMEOUT)]
        if scenario.load == "full-queue":
            options += ["--listen", str(SMALL_BACKLOG)]
        return [executable("uwsgi"), *options]

    def saturation_line(self, scenario: AppScenario) -> str | None:
        """The master's check of the listen queue, once a second: Linux tells it a TCP socket's queue
        (TCP_INFO); a Unix socket's only on kernels with Unbit's SIOBKLGQ patch (core/master.c)."""
        return "listen queue of socket" if scenario.listen == "tcp" else None

    def variable_parts(self, line: str) -> str:
        line = re.sub(r"\b(pid|pid:) ?\d+", lambda m: f"{m[1]}{' ' if m[1] == 'pid' else ''}{PLACEHOLDER}", line)
        line = re.sub(r"\[\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}\]", f"[{PLACEHOLDER}]", line)
        line = re.sub(r"^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4} - ", f"{PLACEHOLDER} - ", line)
        line = re.sub(r"\{\d+ vars in \d+ bytes\}", f"{{{PLACEHOLDER} vars in {PLACEHOLDER} bytes}}", line)
        line = re.sub(r"in \d+ msecs", f"in {PLACEHOLDER} msecs", line)
        line = re.sub(r"\(\d+ switches on", f"({PLACEHOLDER} switches on", line)  # varies from run to run
        line = re.sub(r"\bsince \d+", f"since {PLACEHOLDER}", line)
        line = re.sub(r"full !!! \(\d+/", f"full !!! ({PLACEHOLDER}/", line)  # how full when it looked: timing
        return re.sub(r"\(fd: \d+\)", f"(fd: {PLACEHOLDER})", line)


APP_SERVERS: tuple[AppServer, ...] = (PhpFpm(), Gunicorn(), Uwsgi())
APP_SERVERS_BY_ID: dict[str, AppServer] = {app.id: app for app in APP_SERVERS}


def app_routes(app: AppServer, workdir: Path, scenario: AppScenario, address: str) -> list[AppRoute]:
    """The observed route, and the busy route with a longer timeout for the request that takes the worker
    (on a path of its own at the application: Apache shares one connection setup, and timeout, per URL)."""
    routes = [AppRoute(scenario.path, app.protocol, address, app.script(workdir, scenario), APP_READ_TIMEOUT)]
    if scenario.load != "none":
        routes.insert(0, AppRoute(scenario.busy_path, app.protocol, address, app.busy_script(workdir),
                                  4 * SLOW_SECONDS, backend_path="/busy/"))
    return routes


#: What Linux shows in /proc/PID/task/TID/wchan for a thread whose blocking connect() to a Unix socket
#: waits for a place in the listener's full queue (net/unix/af_unix.c).
WAITING_FOR_A_PLACE = "unix_wait_for_peer"


@contextmanager
def full_listen_queue(app: AppServer, workdir: Path, scenario: AppScenario, served: RunningApp,
                      hold: Callable[[], Future[object]]) -> Iterator[Callable[[], None]]:
    """Every worker busy and the listen queue full until the function it yields is called (or the block
    ends); then everything is let go.

    `hold` sends the request that takes the only worker (through the proxy); the application connects
    to the lab's socket and waits for the lab to close it, so the lab knows the worker is in the request.
    Then the lab queues connections of its own until the kernel proves the queue full, and waits for the
    application server's own word that it is saturated, where it logs one. Letting go closes the lab's
    connections first, then frees the worker, whose request is answered before the block ends.
    """
    with ExitStack() as holding:
        lab = holding.enter_context(socket.socket(socket.AF_UNIX))
        lab.bind(str(workdir / HOLD_SOCKET))
        lab.listen(1)
        lab.settimeout(QUEUE_STEP_SECONDS)
        mark = served.log.mark() if served.log else ()
        held = hold()
        try:
            holding.enter_context(lab.accept()[0])  # the worker's connection: closing it frees the worker
        except TimeoutError:
            raise ServerError(f"{scenario.id}: the held request did not reach {app.name}'s worker "
                              f"in {QUEUE_STEP_SECONDS} s") from None
        queued = holding.enter_context(ExitStack())  # closed first: the worker must not meet them open
        if served.socket_path:
            fill_unix_queue(served.socket_path, queued)
        else:
            fill_tcp_queue(int(served.address.rsplit(":", 1)[1]), queued)
        said = app.saturation_line(scenario)
        if said and served.log:
            log = served.log
            _wait_until(lambda: any(said in line for line in log.lines_since(mark, "")),
                        f"{app.name} to log {said!r}")
        yield holding.close
    held.result()


def waiting_for_a_place(folder: Path) -> bool:
    """Whether a process started with `folder` in its command line (the proxy of one scenario) has a
    thread blocked in connect() to a full Unix socket queue: Apache connects to Unix sockets without
    a timeout (ap_proxy_connect_uds), so its request waits there instead of failing."""
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if f"{folder}/".encode() not in (process / "cmdline").read_bytes():
                continue
            if any((task / "wchan").read_text() == WAITING_FOR_A_PLACE for task in (process / "task").iterdir()):
                return True
        except OSError:  # the process or thread is gone
            continue
    return False


def fill_unix_queue(path: str, queued: ExitStack) -> None:
    """Connect to the Unix socket until Linux refuses with EAGAIN: its queue is full then (and stays so
    while the connections are open and the worker busy)."""
    for _ in range(MAX_QUEUED):
        connection = queued.enter_context(socket.socket(socket.AF_UNIX))
        connection.setblocking(False)
        try:
            connection.connect(path)
        except BlockingIOError as error:
            if error.errno == errno.EAGAIN:
                return
            raise
    raise ServerError(f"{path}: {MAX_QUEUED} connections and the listen queue is still not full")


def fill_tcp_queue(port: int, queued: ExitStack) -> None:
    """Open SMALL_BACKLOG + 1 connections to 127.0.0.1:`port`, one at a time, each in place in the accept
    queue before the next (its handshake done, the listener's queue that long in /proc/net/tcp): Linux
    drops every SYN once the queue holds more than the backlog. None is left retrying a dropped SYN,
    which could later take a place the proxy's connection would otherwise meet full.

    Each sends the first byte of a request, as a client would: uWSGI's sockets defer accepting
    (TCP_DEFER_ACCEPT, core/socket.c), and Linux queues a connection there only once data arrives."""
    for length in range(1, SMALL_BACKLOG + 2):
        connection = queued.enter_context(socket.socket())
        connection.setblocking(False)
        connection.connect_ex(("127.0.0.1", port))
        _, connected, _ = select.select([], [connection], [], QUEUE_STEP_SECONDS)
        if not connected or connection.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
            raise ServerError(f"127.0.0.1:{port}: connection {length} to the listen queue did not complete")
        connection.send(b"\0")
        _wait_until(partial(accept_queue_holds, port, length),
                    f"the accept queue of 127.0.0.1:{port} to hold {length}")


def accept_queue_holds(port: int, length: int) -> bool:
    """Whether `length` connections wait in the accept queue of the listener on 127.0.0.1:`port` (a
    listening socket's rx_queue in /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]:
        fields = line.split()
        if fields[1] == f"0100007F:{port:04X}" and fields[3] == "0A":  # TCP_LISTEN
            return int(fields[4].split(":")[1], 16) == length
    return False


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    """Return once `condition` holds; ServerError naming `what` after QUEUE_STEP_SECONDS."""
    deadline = time.monotonic() + QUEUE_STEP_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise ServerError(f"waited {QUEUE_STEP_SECONDS} s for {what}")
        time.sleep(0.01)


