"""Each lab server's module on its own, without starting the server: its configuration and its log normaliser.

test_lab.py runs the real servers; these say quickly that every module configures one route per
scenario and listens on loopback only, and that each server's log lines are normalised into the
lines data/observations.yaml records.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest
import yaml

from statuskb import Catalog
from statuskb.catalog.observations import load_observations
from statuskb.lab import normalise
from statuskb.lab.applications import APP_SERVERS_BY_ID
from statuskb.lab.processes import ServerError
from statuskb.lab.scenarios import SCENARIOS, UNRESOLVABLE_HOST, Scenario, path_of
from statuskb.lab.servers import BY_ID, LAB_SERVERS, LabRoute, LabServer, Target, trafficserver
from statuskb.lab.servers.trafficserver import TrafficServerLog
from support import ROOT

PORT = 40080
#: Where each server's configuration says it listens (Varnish's is on its command line, `-a`).
LISTEN_DIRECTIVES = {
    "nginx": (r"^\s*listen (\S+);$",),
    "nginx-h2": (r"^\s*listen (\S+) ssl http2;$",),
    "apache": (r"^Listen (\S+)$", r"^<VirtualHost ([^>]+)>$"),
    "haproxy": (r"^\s*bind (\S+)$",),
    "haproxy-h2": (r"^\s*bind (\S+) ssl crt ",),
    "varnish": (),
    "caddy": (r"^http://(\S+) \{$",),
    "caddy-pypi": (r"^http://(\S+) \{$",),
    "caddy-h2": (r"^https://(\S+) \{$",),
    "lighttpd": (r'^server\.bind = "(\S+)"\nserver\.port = (\d+)$',),
    "squid": (r"^http_port (\S+) accel",),
    "h2o": (r"^  host: (\S+)\n  port: (\d+)$",),
    "trafficserver": (r"^CONFIG proxy\.config\.http\.server_ports STRING ip-in=(\S+)$",),
}


def target_of(scenario: Scenario) -> Target:
    """A target as the runner picks it: a name for the name route, else a port of its own."""
    return Target(80, UNRESOLVABLE_HOST) if scenario.route == "name" else Target(41000 + SCENARIOS.index(scenario))


def configured(server: LabServer, workdir: Path) -> Path:
    routes = [LabRoute(scenario, target_of(scenario)) for scenario in server.scenarios()]
    return server.configure(workdir, PORT, routes, "127.0.0.1")


def configuration_text(config: Path) -> str:
    """The configuration: the file `configure` returns and the files beside it (Traffic Server's are
    several, records.config with the port, remap.config with the routes)."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(config.parent.iterdir()) if path.is_file())


@pytest.mark.parametrize("server", LAB_SERVERS, ids=lambda server: server.id)
def test_the_configuration_has_a_route_per_scenario(server: LabServer, tmp_path: Path) -> None:
    text = configuration_text(configured(server, tmp_path))
    assert [s.id for s in SCENARIOS if path_of(s.id) in text] == [s.id for s in server.scenarios()]


@pytest.mark.parametrize("server", LAB_SERVERS, ids=lambda server: server.id)
def test_the_server_listens_on_loopback_only(server: LabServer, tmp_path: Path) -> None:
    config = configured(server, tmp_path)
    text = configuration_text(config)
    listeners = [found if isinstance(found, str) else ":".join(found)  # (host, port) written apart
                 for pattern in LISTEN_DIRECTIVES[server.id] for found in re.findall(pattern, text, re.M)]
    try:
        command = server.command(tmp_path, config, PORT)
    except ServerError as missing:  # the command names the installed binary's full path
        pytest.skip(str(missing))
    listeners += [command[index + 1] for index, argument in enumerate(command) if argument == "-a"]
    assert listeners
    assert set(listeners) == {f"127.0.0.1:{PORT}"}
    assert "0.0.0.0" not in text and "[::]" not in text


@pytest.fixture(scope="module")
def committed_log_lines(shipped_catalog: Catalog) -> dict[str, set[str]]:
    """Every log line data/observations.yaml records, per server."""
    observations = load_observations(ROOT / "data" / "observations.yaml", shipped_catalog, "data/observations.yaml")
    lines: dict[str, set[str]] = {}
    for observation in observations.data.observations:
        lines.setdefault(observation.server, set()).update(observation.log)
    return lines


@pytest.mark.parametrize(("server", "raw", "expected"), [
    ("nginx", '2026/11/26 13:14:09 [error] 3167#3167: *2 connect() failed (111: Connection refused) while connecting '
     'to upstream, client: 127.0.0.1, server: , request: "GET /lab/refused/ HTTP/1.1", upstream: '
     '"http://127.0.0.1:48591/lab/refused/", host: "127.0.0.1:49269"',
     '… [error] …#…: *… connect() failed (111: Connection refused) while connecting to upstream, client: …, '
     'server: …, request: "…", upstream: "…", host: "…"'),
    ("apache", "[Thu Nov 26 13:14:20.050043 2026] [proxy:error] [pid 3472:tid 3475] (111)Connection refused: "
     "AH00957: http: attempt to connect to 127.0.0.1:49469 (127.0.0.1:49469) failed",
     "[…] [proxy:error] [pid …:tid …] (111)Connection refused: AH00957: http: attempt to connect to … (…) failed"),
    ("apache", "[Thu Nov 26 13:14:20.050043 2026] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.71 "
     "configured -- resuming normal operations", None),
    ("haproxy", '127.0.0.1:48806 [26/Nov/2026:13:14:25.980] lab lab_refused/app 0/0/-1/-1/3003 503 217 - - SC-- '
     '1/1/0/0/3 0/0 "GET /lab/refused/ HTTP/1.1"', '… […] … …/… …/…/-1/-1/… 503 … - - SC-- …/…/…/…/… …/… "…"'),
    ("haproxy", '127.0.0.1:43368 [26/Nov/2026:13:14:37.014] lab lab_x/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- '
     '1/1/0/0/0 0/0 "GET /lab/x/ HTTP/1.1"', '… […] … …/<NOSRV> …/-1/-1/-1/… 503 … - - SC-- …/…/…/…/… …/… "…"'),
    ("varnish", "--  FetchError     backend lab_refused: fail errno 111 (Connection refused)",
     "FetchError backend …: fail errno 111 (Connection refused)"),
    ("varnish", "(Sorry if that error message is gibberish.)", None),
    ("caddy", '{"level":"error","ts":1795698906.5,"logger":"http.log.error","msg":"dial tcp 127.0.0.1:38455: '
     'connect: connection refused","request":{"remote_ip":"127.0.0.1","uri":"/lab/refused/"},"duration":0.0005,'
     '"status":502,"err_id":"uffhu7wwe","err_trace":"reverseproxy.statusError (reverseproxy.go:1272)"}',
     '{"level":"error","ts":…,"logger":"http.log.error","msg":"dial tcp …: connect: connection refused",'
     '"request":…,"duration":…,"status":502,"err_id":…,"err_trace":"reverseproxy.statusError (reverseproxy.go:1272)"}'),
    ("trafficserver", "20261201.15h26m01s DNS Error: looking up http://backend.invalid:80/",
     "… DNS Error: looking up http://…:80/"),
    ("trafficserver", "1796139295.281 7987 127.0.0.1 ERR_READ_TIMEOUT/504 470 GET http://127.0.0.1:45179/lab/timeout/ "
     "- TIMEOUT_DIRECT/127.0.0.1 text/html", "… … … ERR_READ_TIMEOUT/504 … GET … - TIMEOUT_DIRECT/… text/html"),
], ids=["nginx-refused", "apache-refused", "apache-start-up", "haproxy-refused", "haproxy-no-server", "varnish-refused",
        "varnish-compiler-chatter", "caddy-refused", "trafficserver-dns", "trafficserver-timeout"])
def test_log_lines_are_normalised_as_committed(server: str, raw: str, expected: str | None,
                                               committed_log_lines: dict[str, set[str]]) -> None:
    assert BY_ID[server].normalise_line(raw) == expected
    assert BY_ID[server].log_lines([raw]) == ([] if expected is None else [expected])
    if expected is not None:
        assert expected in committed_log_lines[server]


def test_a_body_excerpt_leaves_the_style_sheet_out() -> None:
    """Squid's page starts with a style sheet longer than the excerpt; the excerpt must reach the error's name."""
    template = Path("/usr/share/squid/errors/templates/ERR_READ_ERROR")
    if not template.exists():
        pytest.skip("Squid's error templates are not installed (make server-tools)")
    excerpt = normalise.body(template.read_bytes())
    assert "<style>…</style>" in excerpt and "/*" not in excerpt
    assert "<body id=%c>" in excerpt  # Squid writes the error's name there (ERR_READ_ERROR)
    assert len(excerpt) <= normalise.MAX_BODY_CHARS + 1


def test_traffic_server_s_lines_are_read_once_its_access_line_is_written(tmp_path: Path) -> None:
    """ATS writes its error.log and access log a second or two after the request: the reader waits for the
    request's access line, which every transaction writes when it ends, and then has the error line too."""
    log = TrafficServerLog(tmp_path)
    mark = log.mark()
    error_line = ("20261201.15h24m50s CONNECT: attempt fail [CONNECTION_ERROR] to 127.0.0.1:1 for host='127.0.0.1' "
                  "connection_result=Connection refused [111] error=Connection refused [111] attempts=0 "
                  "url='http://127.0.0.1:1/'\n")
    access_line = ("1796139295.281 0 127.0.0.1 ERR_CONNECT_FAIL/502 470 GET http://127.0.0.1:45179/lab/refused/ - "
                   "DIRECT/127.0.0.1 text/html\n")

    def flush() -> None:  # as Traffic Server's log thread does: both files in one pass, later
        time.sleep(0.5)
        (tmp_path / "error.log").write_text(error_line, encoding="utf-8")
        (tmp_path / "squid.log").write_text(access_line, encoding="utf-8")

    writer = threading.Thread(target=flush)
    writer.start()
    try:
        lines = log.lines_since(mark, path_of("refused"))
    finally:
        writer.join()
    assert lines == [error_line.strip(), access_line.strip()]
    assert BY_ID["trafficserver"].log_lines(lines) == [
        "… CONNECT: attempt fail [CONNECTION_ERROR] to … for host='…' connection_result=Connection refused [111] "
        "error=Connection refused [111] attempts=0 url='http://…/'",
        "… … … ERR_CONNECT_FAIL/502 … GET … - DIRECT/… text/html"]
    assert log.lines_since(log.mark(), "") == []  # the start-up messages: nothing to wait for


def test_traffic_server_without_an_access_line_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A request that leaves no access line is a broken measurement, never an empty log."""
    monkeypatch.setattr(trafficserver, "ACCESS_LINE_SECONDS", 0.2)
    log = TrafficServerLog(tmp_path)
    mark = log.mark()
    (tmp_path / "squid.log").write_text("1796139295.281 0 127.0.0.1 ERR_CONNECT_FAIL/502", encoding="utf-8")  # no end
    (tmp_path / "diags.log").write_text("[Dec  2 03:12:26.100] traffic_server NOTE: a diagnostic\n", encoding="utf-8")
    expected = (f"wrote no access line for {re.escape(path_of('refused'))} .* in 0.2 s; "
                r"its logs since the request: \['\[Dec  2 03:12:26.100\] traffic_server NOTE")
    with pytest.raises(ServerError, match=expected):
        log.lines_since(mark, path_of("refused"))


def test_traffic_server_runs_in_the_lab_s_folder(tmp_path: Path) -> None:
    """Its runroot names the lab's folders for what it reads and writes, and it keeps Debian's programs."""
    config = configured(BY_ID["trafficserver"], tmp_path)
    runroot = yaml.safe_load((tmp_path / "runroot.yaml").read_text(encoding="utf-8"))
    assert runroot["sysconfdir"] == str(config.parent) == str(tmp_path / "etc")
    assert all(Path(runroot[name]).is_relative_to(tmp_path) and Path(runroot[name]).is_dir()
               for name in ("logdir", "runtimedir", "cachedir"))
    assert runroot["bindir"] == "/usr/bin"
    assert BY_ID["trafficserver"].environment(tmp_path) == {"TS_RUNROOT": str(tmp_path)}
    records = config.read_text(encoding="utf-8")
    user = "trafficserver" if os.geteuid() == 0 else "#-1"  # it refuses to run as root
    assert f"CONFIG proxy.config.admin.user_id STRING {user}\n" in records


def test_uwsgi_request_lines_keep_only_what_every_run_logs(shipped_catalog: Catalog) -> None:
    # uWSGI's request log line counts the worker's "switches", which varied between 1 and 2 in five lab runs.
    raw = ("[pid: 4120|app: 0|req: 2/2] 127.0.0.1 () {{40 vars in 613 bytes}} [Tue Dec  1 16:36:01 2026] GET "
           "/lab/uwsgi-backlog-full/ => generated 19 bytes in 0 msecs (HTTP/1.1 200) 2 headers in 66 bytes "
           "({} switches on core 0)")
    uwsgi = APP_SERVERS_BY_ID["uwsgi"]
    lines = {uwsgi.normalise_line(raw.format(switches)) for switches in (1, 2)}
    assert lines == {"[pid:…|app: 0|req: 2/2] … () {… vars in … bytes} […] GET … => generated 19 bytes in … msecs "
                     "(HTTP/1.1 200) 2 headers in 66 bytes (… switches on core 0)"}
    observations = load_observations(ROOT / "data" / "observations.yaml", shipped_catalog, "data/observations.yaml")
    found = observations.of("apache", "uwsgi-backlog-full")
    assert found is not None and lines <= set(found[1].app_log)
