"""`statuskb diagnose URL` against the lab's real servers on loopback, and its errors.

Each real server is put in front of a failing upstream; diagnose must name the server that
generated the error, and must not blame a server for an error it only passed on.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from paste_corpus import shipped_engine

from statuskb import Catalog
from statuskb.diagnosis.diagnose import Fetched, explain_response
from statuskb.lab.processes import free_port
from statuskb.lab.scenarios import path_of
from statuskb.lab.servers import LAB_SERVERS, LabServer, Target, write_resolv_conf
from statuskb.lab.upstream import Behaviour, upstreams
from support import BIN, ROOT, scaled


def diagnose(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "statuskb"), "diagnose", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=scaled(20))


@pytest.fixture(scope="module")
def failing() -> Iterator[dict[Behaviour, int]]:
    with upstreams([Behaviour.ERROR_500, Behaviour.HANG]) as started:
        yield {behaviour: upstream.port for behaviour, upstream in started.items()}


#: The servers diagnose reaches over plain HTTP: the -h2 variants are the same servers behind TLS with a
#: throwaway self-signed certificate, which diagnose rightly does not trust.
IN_CLEAR = [server for server in LAB_SERVERS if not server.http2]


@pytest.mark.servers
@pytest.mark.parametrize("server", IN_CLEAR, ids=lambda server: server.id)
def test_diagnose_names_the_real_server_that_answered(server: LabServer, failing: dict[Behaviour, int],
                                                      tmp_path: Path, shipped_catalog: Catalog) -> None:
    name = shipped_catalog.contexts[server.context].name
    targets = {"refused": Target(free_port()), "timeout": Target(failing[Behaviour.HANG]),
               "error-500": Target(failing[Behaviour.ERROR_500])}
    workdir = tmp_path / server.id
    workdir.mkdir()
    with server.serve(workdir, targets, write_resolv_conf(tmp_path, "127.0.0.1"), "127.0.0.1") as running:
        base = f"http://127.0.0.1:{running.port}"
        for scenario in ("refused", "timeout"):
            result = diagnose(base + path_of(scenario))
            assert result.returncode == 0, result.stderr
            assert f"\nAnswered by: {name}, most likely: this is its own error page" in result.stdout, result.stdout
            assert "What it means: " in result.stdout and "/contexts/" in result.stdout
        passed_on = diagnose(base + path_of("error-500"))
        assert passed_on.returncode == 0, passed_on.stderr
        assert "→ 500 Internal Server Error" in passed_on.stdout
        assert f"Answered by: {name}," not in passed_on.stdout, passed_on.stdout


def test_diagnose_reports_a_refused_connection_in_one_line() -> None:
    result = diagnose(f"http://127.0.0.1:{free_port()}/")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("statuskb diagnose: connection refused by 127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_diagnose_times_out_in_one_line(failing: dict[Behaviour, int]) -> None:
    result = diagnose("--timeout", "0.5", f"http://127.0.0.1:{failing[Behaviour.HANG]}/")
    assert result.returncode == 1
    port = failing[Behaviour.HANG]
    assert result.stderr.strip() == (f"statuskb diagnose: no complete response from 127.0.0.1:{port} "
                                     "within 0.5 s: every hop kept waiting (a gateway further in may still answer "
                                     "504 later)")


@pytest.mark.parametrize(("url", "message"), [
    ("example.org/page", "not a URL: 'example.org/page'; give an address such as https://example.org/"),
    ("ftp://127.0.0.1/file", "cannot diagnose a ftp: URL; give an http:// or https:// address"),
    ("http://127.0.0.1:99999/", "not a valid URL: 'http://127.0.0.1:99999/'"),
])
def test_diagnose_rejects_bad_urls_in_one_line(url: str, message: str) -> None:
    result = diagnose(url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"statuskb diagnose: {message}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_diagnose_without_a_url_is_a_usage_error() -> None:
    result = diagnose()
    assert result.returncode == 2 and "usage: statuskb diagnose" in result.stderr


@pytest.mark.parametrize(("status", "headers", "body", "verdict"), [
    (522, {"cf-ray": "8f1e2d3c4b5a6978-FRA", "server": "cloudflare"}, "<html>Connection timed out</html>",
     "Answered by: Cloudflare, most likely: 522 is its own code."),
    (503, {"server": "envoy"}, "no healthy upstream",
     'Answered by: Envoy, most likely: this is its own error page (the log line matches "no healthy upstream"; '
     'the text contains "no healthy upstream").'),
    (502, {"x-envoy-upstream-service-time": "12"}, "bad gateway from the app",
     "Answered by: the server behind Envoy (x-envoy-upstream-service-time: 12): the proxy relayed the upstream's"),
    (200, {"server": "nginx"}, "fine", "No error: 200 OK. Nothing to diagnose."),
])
def test_diagnose_reads_vendor_traits(shipped_catalog: Catalog, status: int, headers: dict[str, str], body: str,
                                      verdict: str) -> None:
    fetched = Fetched("https://example.org/", status, "OK" if status == 200 else "Error", headers, body, 0.1)
    assert verdict in explain_response(shipped_engine(shipped_catalog), fetched)
