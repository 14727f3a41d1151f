"""The committed observations: valid, complete and stable; and the lab's parts, tested alone.

These need no server: they read data/observations.yaml as committed. test_lab.py runs the lab
again and compares; claims/ checks that the observations agree with the catalog's claims.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from statuskb import Catalog, ProblemsFound, load_catalog
from statuskb.catalog.observations import (
    Observations,
    dump_observations,
    load_observations,
    observations_schema_text,
)
from statuskb.lab.applications import APP_SCENARIO_IDS
from statuskb.lab.client import get, get_websocket, parse_response
from statuskb.lab.resolver import nxdomain_reply
from statuskb.lab.scenarios import SCENARIO_IDS
from statuskb.lab.servers import SERVER_IDS
from statuskb.lab.upstream import UPSTREAM_MARKER, Behaviour, upstreams
from support import ROOT, reproducing_cause_index, scaled

OBSERVATIONS = ROOT / "data" / "observations.yaml"
CATALOG = ROOT / "data" / "status_codes.yaml"


@pytest.fixture(scope="module")
def observations(shipped_catalog: Catalog) -> Observations:
    return load_observations(OBSERVATIONS, shipped_catalog, "data/observations.yaml")


def problems(tmp_path: Path, text: str, catalog: Catalog) -> list[str]:
    path = tmp_path / "observations.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_observations(path, catalog, "observations.yaml")
    except ProblemsFound as found:
        return [str(problem) for problem in found.problems]
    return []


# ----------------------------------------------------------------------------- the file
def test_committed_observations_are_complete_and_written_as_the_lab_writes_them(observations: Observations) -> None:
    data = observations.data
    assert list(data.servers) == list(SERVER_IDS)
    assert list(data.scenarios) == list(SCENARIO_IDS)
    assert [(o.server, o.scenario) for o in data.observations] == [
        (server, scenario) for server in SERVER_IDS for scenario in SCENARIO_IDS]
    assert list(data.app_scenarios) == list(APP_SCENARIO_IDS)
    assert data.app_proxies == ["nginx", "apache"]
    assert [(o.server, o.scenario) for o in data.app_observations] == [
        (proxy, scenario) for proxy in data.app_proxies for scenario in APP_SCENARIO_IDS]
    assert OBSERVATIONS.read_text(encoding="utf-8") == dump_observations(data)


def test_committed_schema_matches_the_model() -> None:
    committed = (ROOT / "data" / "observations.schema.json").read_text(encoding="utf-8")
    assert committed == observations_schema_text(), "run `statuskb lab schema`"


def test_every_variable_part_is_normalised(observations: Observations) -> None:
    for observation in observations.data.observations:
        for text in (*observation.log, observation.body, *observation.headers.values()):
            assert "127.0.0.1" not in text and "/lab/" not in text and "backend.invalid" not in text, text
            assert "2026" not in text and "/tmp/" not in text, text


@pytest.mark.parametrize(("change", "expected"), [
    (("context: nginx\n", "context: nginks\n"), "observations.yaml:{line}:14: servers.nginx.context: unknown context "
                                                "'nginks'"),
    (("  scenario: timeout\n", "  scenario: refused\n"), "nginx × refused is already observed on line"),
    (("  status: 504\n", "  status: '504'\n"), "observations.yaml:{line}:11: observations[1].status: expected a "
                                                 "whole number, got the text \"504\""),
    (("  outcome: response\n", "  outcome: answered\n"), "is not allowed; use one of: response, incomplete"),
])
def test_bad_observations_are_reported_at_their_line(tmp_path: Path, shipped_catalog: Catalog,
                                                     change: tuple[str, str], expected: str) -> None:
    text = OBSERVATIONS.read_text(encoding="utf-8")
    old, new = change
    line = text[:text.index(old)].count("\n") + 1
    found = problems(tmp_path, text.replace(old, new, 1), shipped_catalog)
    assert any(expected.format(line=line) in problem for problem in found), found


def test_an_incomplete_matrix_and_a_status_outside_the_catalog_are_problems(
        tmp_path: Path, shipped_catalog: Catalog) -> None:
    text = OBSERVATIONS.read_text(encoding="utf-8")
    apps = text.index("app_servers:")
    last = text.rindex("- server: caddy-h2", 0, apps)  # the last server, in its last scenario
    found = problems(tmp_path, text[:last] + text[apps:], shipped_catalog)
    assert any("caddy-h2 × websocket-timeout is missing" in problem for problem in found), found
    last = text.rindex("- server: apache")
    found = problems(tmp_path, text[:last], shipped_catalog)
    assert any(f"apache × {APP_SCENARIO_IDS[-1]} is missing" in problem for problem in found), found
    found = problems(tmp_path, text.replace("  status: 504\n", "  status: 509\n", 1), shipped_catalog)
    assert any("509 is not a code in the catalog" in problem for problem in found), found


# ----------------------------------------------------------------------------- parts of the lab
def test_the_resolver_answers_nxdomain_with_the_question() -> None:
    query = bytes.fromhex("abcd01000001000000000000") + b"\x07backend\x07invalid\x00" + b"\x00\x01\x00\x01"
    reply = nxdomain_reply(query)
    assert reply is not None
    assert reply[:2] == b"\xab\xcd" and reply[3] & 0x0F == 3 and reply[2] & 0x80  # same id, NXDOMAIN, a response
    assert reply[12:] == query[12:]
    assert nxdomain_reply(reply) is None and nxdomain_reply(b"\x00") is None


def test_the_upstream_misbehaves_as_asked() -> None:
    behaviours = [Behaviour.GARBAGE, Behaviour.CLOSE, Behaviour.ERROR_500, Behaviour.CLOSE_MID_BODY]
    with upstreams(behaviours) as started:
        garbage = get(started[Behaviour.GARBAGE].port, "/")
        assert garbage.outcome == "not-http" and UPSTREAM_MARKER.encode() in garbage.body
        assert get(started[Behaviour.CLOSE].port, "/").outcome == "no-response"
        error = get(started[Behaviour.ERROR_500].port, "/")
        assert (error.outcome, error.status, error.headers["x-lab"]) == ("response", 500, UPSTREAM_MARKER)
        cut = get(started[Behaviour.CLOSE_MID_BODY].port, "/")
        assert (cut.outcome, cut.status) == ("incomplete", 200)
    with socket.socket() as probe:  # stopped: nothing listens any more
        assert probe.connect_ex(("127.0.0.1", started[Behaviour.GARBAGE].port)) != 0


def test_the_upstream_says_whether_the_upgrade_reached_it() -> None:
    with upstreams([Behaviour.REFUSE_UPGRADE]) as started:
        port = started[Behaviour.REFUSE_UPGRADE].port
        handshake = get_websocket(port, "/")
        assert (handshake.outcome, handshake.status) == ("response", 400)
        assert handshake.body == f"{UPSTREAM_MARKER}: no WebSocket here (it came with Upgrade: websocket)\n".encode()
        assert get(port, "/").body.endswith(b"(it came without an Upgrade header)\n")


def test_the_websocket_handshake_is_read_to_its_end_on_a_connection_kept_open() -> None:
    """A proxy may keep the handshake's connection open after a non-101 answer: the client must not wait
    for it to close (that would only end at its deadline, and record a timeout as the answer)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(scaled(10))
        answered = threading.Event()
        requests: list[bytes] = []

        def answer_and_hold() -> None:
            connection, _ = listener.accept()
            with connection:
                requests.append(connection.recv(65536))
                connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 3\r\n\r\nbad")
                answered.wait(scaled(60))  # held open until the client has its answer

        holder = threading.Thread(target=answer_and_hold, daemon=True)
        holder.start()
        result = get_websocket(listener.getsockname()[1], "/chat", timeout=scaled(60))
        answered.set()
        holder.join(scaled(10))
    assert (result.outcome, result.status, result.body) == ("response", 502, b"bad")
    assert result.seconds < scaled(60) / 2  # returned on the answer, long before the deadline
    head = requests[0].decode()
    assert head.startswith("GET /chat HTTP/1.1\r\n")
    for field in ("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: ", "Sec-WebSocket-Version: 13"):
        assert f"\r\n{field}" in head


def test_the_client_reads_what_a_browser_would() -> None:
    assert parse_response(b"").outcome == "no-response"
    assert parse_response(b"HTTP/1.1 502 Bad Gateway\r\nServer: x\r\nContent-Length: 2\r\n\r\nok").status == 502
    assert parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab").outcome == "incomplete"
    assert parse_response(b"HTTP/1.1 2x0 OK\r\n\r\n").outcome == "not-http"


def test_catalog_lab_references_are_checked_at_their_line(tmp_path: Path, shipped_catalog: Catalog) -> None:
    text = CATALOG.read_text(encoding="utf-8")
    old = '''        lab:
          - scenario: no-healthy-backend
            contexts: [nginx]
'''
    line = text[:text.index(old)].count("\n") + 2
    broken = text.replace(old, '''        lab:
          - scenario: no-healthy-backends
            contexts: [nginx, traefik, apache]
''')
    path = tmp_path / "catalog.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        load_catalog(path, "catalog.yaml")
    report = found.value.report()
    cause = reproducing_cause_index(shipped_catalog, 502, "no-healthy-backend")
    assert f"catalog.yaml:{line}:23: codes[2].causes[{cause}].lab[0].scenario: unknown lab scenario " \
           "'no-healthy-backends'; known lab scenarios: " in report
    assert "lab[0].contexts[1]: unknown lab server 'traefik'" in report
    assert "lab[0].contexts[2]: 'apache' is not among the cause's contexts; add it there first" in report


def test_a_fingerprint_needs_a_header_or_a_text(tmp_path: Path) -> None:
    text = CATALOG.read_text(encoding="utf-8").replace('''      - header: X-Azure-Ref
        means: passed''', '''      - means: passed''')
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        load_catalog(path, "catalog.yaml")
    assert "contexts.azure-front-door.fingerprints[0]: a fingerprint needs a `header`" in found.value.report()
