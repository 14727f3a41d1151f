"""Run every scenario against every server and record what happened.

The servers run side by side (one thread each, so the whole matrix takes about as long as the
slowest server); each server's scenarios run one after another, so that every log line it
writes belongs to the request just made. Upstreams, the resolver, the servers and their
folders are all gone when `run_lab` returns, whatever happened.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from statuskb.catalog.observations import (
    LabAppScenarioInfo,
    LabRun,
    LabScenarioInfo,
    LabServerInfo,
    Observation,
    ObservationsFile,
)
from statuskb.lab import normalise
from statuskb.lab.applications import (
    APP_SCENARIOS,
    APP_SERVERS_BY_ID,
    MISSING_SOCKET,
    QUEUE_STEP_SECONDS,
    AppScenario,
    AppServer,
    RunningApp,
    app_routes,
    full_listen_queue,
    waiting_for_a_place,
)
from statuskb.lab.client import get
from statuskb.lab.processes import ServerError, free_port
from statuskb.lab.resolver import nxdomain_resolver
from statuskb.lab.scenarios import BY_ID as SCENARIOS_BY_ID
from statuskb.lab.scenarios import SCENARIOS, UNRESOLVABLE_HOST, Scenario, path_of
from statuskb.lab.servers import (
    LAB_SERVERS,
    TIMEOUT,
    LabServer,
    LogMark,
    Running,
    ServerLog,
    Target,
    write_resolv_conf,
)
from statuskb.lab.upstream import upstreams

LAB_COMMAND = "statuskb lab run"
RESOLVER_ADDRESS = "127.0.0.1"
#: A log is complete once it has not grown for this long after the response …
LOG_QUIET_SECONDS = 0.3
#: … or after this long at most.
LOG_MAX_WAIT_SECONDS = 2.0

Progress = Callable[[str], None]


class LabError(RuntimeError):
    """The lab cannot run here (a missing server, no permission for the private resolver)."""


def platform_name() -> str:
    """PRETTY_NAME from /etc/os-release, as the observations record it."""
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return "unknown"


def _settled_log(log: ServerLog, mark: LogMark, request_path: str) -> list[str]:
    """The lines logged since `mark`, once the log has been quiet for a moment (bounded wait)."""
    started = time.monotonic()
    lines = log.lines_since(mark, request_path)
    quiet_since = started
    while time.monotonic() - started < LOG_MAX_WAIT_SECONDS:
        time.sleep(0.05)
        again = log.lines_since(mark, request_path)
        if again != lines:
            lines, quiet_since = again, time.monotonic()
        elif time.monotonic() - quiet_since >= LOG_QUIET_SECONDS:
            break
    return lines


def observe(server: LabServer, scenario_id: str, running: Running, app_log: ServerLog | None = None,
            app_mark: LogMark = (), app_lines: Callable[[list[str]], list[str]] | None = None,
            app_socket: str | None = None) -> Observation:
    """Send the scenario's request to a running server and record the answer and the log (and what the
    application server behind it logged since `app_mark`, where there is one; the path of its Unix
    socket, `app_socket`, a lab folder, is recorded as …)."""
    path = path_of(scenario_id)
    mark = running.log.mark()
    scenario = SCENARIOS_BY_ID.get(scenario_id)  # None for the application scenarios
    result = server.request(running, path, websocket=scenario is not None and scenario.route == "websocket")
    raw_log = _settled_log(running.log, mark, path)
    raw_app_log = _settled_log(app_log, app_mark, path) if app_log else []
    upstream = normalise.from_upstream(result.headers, result.body)
    generated_by = "upstream" if upstream else ("server" if result.status is not None else None)
    return Observation(
        server=server.id, scenario=scenario_id, outcome=result.outcome, status=result.status,
        generated_by=generated_by, headers=normalise.headers(result.headers),
        # Not the part of a body cut short: how many bytes a proxy forwards before the
        # connection dies depends on timing.
        body=normalise.body(result.body) if result.outcome == "response" else "",
        log=[_hide_socket(line, app_socket) for line in server.log_lines(raw_log)],
        app_log=[_hide_socket(line, app_socket) for line in app_lines(raw_app_log)] if app_lines else [],
    )


def _hide_socket(line: str, socket_path: str | None) -> str:
    return line.replace(socket_path or MISSING_SOCKET, normalise.PLACEHOLDER)


def describe(observation: Observation) -> str:
    """The short result shown in the progress display."""
    if observation.status is not None:
        suffix = {"upstream": " (passed on)", "server": ""}[observation.generated_by or "server"]
        cut = ", body cut short" if observation.outcome == "incomplete" else ""
        return f"{observation.status}{suffix}{cut}"
    return {"not-http": "no status line (the upstream's bytes)", "no-response": "no response",
            "config-rejected": "configuration rejected", "unsupported": "not supported"}[observation.outcome]


def _run_server(server: LabServer, scenarios: Sequence[Scenario], workdir: Path, targets: dict[str, Target],
                resolv_conf: Path, report: Callable[[Observation], None]) -> list[Observation]:
    workdir.mkdir()
    results: dict[str, Observation] = {}
    to_request = []
    for scenario in scenarios:
        reason = server.unsupported.get(scenario.id)
        rejected = None if reason else server.rejected_configuration(workdir, scenario, resolv_conf)
        if reason:
            results[scenario.id] = Observation(server=server.id, scenario=scenario.id, outcome="unsupported",
                                               note=reason)
        elif rejected is not None:
            results[scenario.id] = Observation(server=server.id, scenario=scenario.id, outcome="config-rejected",
                                               log=server.log_lines(rejected))
        else:
            to_request.append(scenario)
            continue
        report(results[scenario.id])
    if to_request:
        with server.serve(workdir, {s.id: targets[s.id] for s in to_request}, resolv_conf, RESOLVER_ADDRESS) as run:
            _settled_log(run.log, run.log.mark(), "")  # let the start-up messages pass first
            for scenario in to_request:
                results[scenario.id] = observe(server, scenario.id, run)
                report(results[scenario.id])
    return [results[scenario.id] for scenario in scenarios]


@contextmanager
def _loaded(app: AppServer, folder: Path, scenario: AppScenario, served: RunningApp,
            run: Running) -> Iterator[Callable[[], None] | None]:
    """The scenario's load on the application server, around the observed request; for a full listen
    queue, the function that lets it go. The request that takes the worker ends before the proxy stops,
    so that its own answer is not logged as the observed one's."""
    with ThreadPoolExecutor(max_workers=1) as background:
        def take_the_worker() -> Future[object]:
            return background.submit(get, run.port, scenario.busy_path)

        if scenario.load == "full-queue":
            with full_listen_queue(app, folder, scenario, served, take_the_worker) as let_go:
                yield let_go
        elif scenario.load == "busy-worker":  # a slow request takes the only worker first
            busy = take_the_worker()
            time.sleep(0.5)
            yield None
            busy.result()
        else:
            yield None


def _observe_against_full_queue(let_go: Callable[[], None], folder: Path,
                                observing: Future[Observation]) -> Observation:
    """The proxy's answer while the queue is full, or, where the proxy waits for a place in it instead
    (Apache on a Unix socket), the answer it gives once the lab has let the queue go."""
    deadline = time.monotonic() + QUEUE_STEP_SECONDS
    while not observing.done() and not waiting_for_a_place(folder):
        if time.monotonic() > deadline:
            raise ServerError(f"{folder.name}: the proxy neither answered nor waited for the listen queue "
                              f"in {QUEUE_STEP_SECONDS} s")
        time.sleep(0.01)
    let_go()
    return observing.result()


def _run_apps(proxy: LabServer, scenarios: Sequence[AppScenario], workdir: Path, resolv_conf: Path,
              report: Callable[[Observation], None]) -> list[Observation]:
    """Each application scenario behind `proxy`: a fresh application server and proxy for each."""
    results = []
    for scenario in scenarios:
        app = APP_SERVERS_BY_ID[scenario.app]
        folder = workdir / f"{proxy.id}-{scenario.id}"
        folder.mkdir(parents=True)
        with app.serve(folder, scenario) as served:
            if served.log:
                _settled_log(served.log, served.log.mark(), "")  # let the start-up messages pass first
            with proxy.serve_apps(folder, app_routes(app, folder, scenario, served.address), resolv_conf) as run:
                _settled_log(run.log, run.log.mark(), "")
                app_mark = served.log.mark() if served.log else ()  # what the load makes it log counts too
                with _loaded(app, folder, scenario, served, run) as let_go, \
                        ThreadPoolExecutor(max_workers=1) as observer:
                    observing = observer.submit(observe, proxy, scenario.id, run, served.log, app_mark,
                                                app.log_lines, served.socket_path)
                    observation = (_observe_against_full_queue(let_go, folder, observing) if let_go
                                   else observing.result())
        results.append(observation)
        report(observation)
    return results


def _info(server: LabServer | AppServer) -> LabServerInfo:
    """What the observations record about a server: its version and its package's."""
    try:
        version = server.version()
    except ServerError as error:
        raise LabError(str(error)) from None
    package = f"{server.package} {version.package}" if version.package else None
    http2 = isinstance(server, LabServer) and server.http2
    return LabServerInfo(context=server.context, name=server.name, version=version.version, package=package,
                         client_protocol="HTTP/2" if http2 else None)


def run_lab(servers: Sequence[LabServer] = LAB_SERVERS, scenarios: Sequence[Scenario] = SCENARIOS,
            progress: Progress | None = None, app_scenarios: Sequence[AppScenario] = APP_SCENARIOS) -> ObservationsFile:
    """Run the matrices; `progress` gets one line per finished pair ("[3/60] nginx x closed … 502").

    The servers that front applications (nginx, Apache), where they are among `servers`, also run
    every application scenario, with the application servers those scenarios need.
    """
    proxies = [server for server in servers if server.fronts_applications] if app_scenarios else []
    apps = list(dict.fromkeys(APP_SERVERS_BY_ID[s.app] for s in app_scenarios)) if proxies else []
    infos = {server.id: _info(server) for server in servers}
    app_infos = {app.id: _info(app) for app in apps}
    total = len(servers) * len(scenarios) + len(proxies) * len(app_scenarios)
    done, lock = [0], threading.Lock()

    def report(observation: Observation) -> None:
        with lock:
            done[0] += 1
            if progress:
                progress(f"[{done[0]}/{total}] {observation.server} × {observation.scenario} … {describe(observation)}")

    behaviours = list(dict.fromkeys(s.behaviour for s in scenarios if s.behaviour is not None))
    try:
        resolver_context = nxdomain_resolver(RESOLVER_ADDRESS)
        resolver = resolver_context.__enter__()
    except PermissionError:
        raise LabError(f"the lab's resolver needs port 53 on {RESOLVER_ADDRESS} (run as root): it keeps the "
                       "'does not resolve' scenario's DNS queries on this machine") from None
    except OSError as error:
        raise LabError(f"cannot start the lab's resolver on {RESOLVER_ADDRESS}:53: {error.strerror}") from None
    try:
        with tempfile.TemporaryDirectory(prefix="statuskb-lab-") as folder, upstreams(behaviours) as started:
            root = Path(folder)
            resolv_conf = write_resolv_conf(root, resolver.address)
            refused = free_port()  # nothing listens here
            targets = {
                s.id: Target(started[s.behaviour].port) if s.behaviour is not None
                else Target(80, UNRESOLVABLE_HOST) if s.route == "name" else Target(refused)
                for s in scenarios
            }
            with ThreadPoolExecutor(max_workers=len(servers) + len(proxies) * len(apps)) as pool:
                futures = [pool.submit(_run_server, server, scenarios, root / server.id, targets, resolv_conf, report)
                           for server in servers]
                # One thread per proxy and application server: each runs that server's scenarios in turn.
                app_futures = [pool.submit(_run_apps, proxy, [s for s in app_scenarios if s.app == app.id],
                                           root / "apps", resolv_conf, report)
                               for proxy in proxies for app in apps]
                try:
                    results = [future.result() for future in futures]
                    app_results = [future.result() for future in app_futures]
                except ServerError as error:
                    raise LabError(str(error)) from None
    finally:
        resolver_context.__exit__(None, None, None)
    return ObservationsFile(
        lab=LabRun(command=LAB_COMMAND, platform=platform_name(), timeout_seconds=TIMEOUT),
        servers=infos,
        scenarios={s.id: LabScenarioInfo(title=s.title, upstream=s.upstream) for s in scenarios},
        observations=[observation for per_server in results for observation in per_server],
        app_servers=app_infos,
        app_scenarios={s.id: LabAppScenarioInfo(title=s.title, upstream=s.upstream, app=s.app)
                       for s in app_scenarios} if proxies else {},
        app_proxies=[proxy.id for proxy in proxies],
        app_observations=[observation for per_group in app_results for observation in per_group],
    )
