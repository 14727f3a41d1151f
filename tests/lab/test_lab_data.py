"""The committed observations: valid, complete, stable, and in agreement with the catalog's claims.

These need no server: they read data/observations.yaml as committed. test_lab.py runs the lab
again and compares.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from statuskb import Catalog, ProblemsFound, load_catalog
from statuskb.catalog.observations import (
    Observations,
    dump_observations,
    load_observations,
    observations_schema_text,
)
from statuskb.catalog.yamlfile import load_yaml
from statuskb.lab.claims import CLAIM_RULES, contradictions, unreproduced_signals
from statuskb.lab.client import get, parse_response
from statuskb.lab.resolver import nxdomain_reply
from statuskb.lab.scenarios import SCENARIO_IDS
from statuskb.lab.servers import SERVER_IDS
from statuskb.lab.upstream import UPSTREAM_MARKER, Behaviour, upstreams
from support import ROOT

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
    last = text.rindex("- server: caddy")
    found = problems(tmp_path, text[:last], shipped_catalog)
    assert any("caddy × dns is missing" in problem for problem in found), found
    found = problems(tmp_path, text.replace("  status: 504\n", "  status: 509\n", 1), shipped_catalog)
    assert any("509 is not a code in the catalog" in problem for problem in found), found


# ----------------------------------------------------------------------------- claims
def test_the_catalog_agrees_with_the_observations(shipped_catalog: Catalog, observations: Observations) -> None:
    found = contradictions(shipped_catalog, load_yaml(CATALOG, "data/status_codes.yaml"), observations)
    assert found == [], "\n".join(map(str, found))
    assert [rule.name for rule in CLAIM_RULES] == ["emits", "lab", "coverage", "signals", "fingerprints"]


def _contradictions_after(tmp_path: Path, old: str, new: str) -> list[str]:
    path = tmp_path / "status_codes.yaml"
    text = CATALOG.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    catalog = load_catalog(path, "data/status_codes.yaml")
    observations = load_observations(OBSERVATIONS, catalog, "data/observations.yaml")
    return [str(c) for c in contradictions(catalog, load_yaml(path, "data/status_codes.yaml"), observations)]


def _line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


def test_a_contradicted_emission_names_the_claim_the_observation_and_both_places(tmp_path: Path) -> None:
    old = '''      - code: 503
        when: No upstream was available'''
    found = _contradictions_after(tmp_path, old, old.replace("503", "501"))
    text = CATALOG.read_text(encoding="utf-8")
    emits = text.index("    emits:\n", text.index("  caddy:\n    name: Caddy"))
    emits_line = text[:emits].count("\n") + 2  # the list starts on the line after the key
    observed = _line_of(OBSERVATIONS, "- server: caddy\n  scenario: no-healthy-backend")
    message = next(item for item in found if "contexts.caddy.emits" in item)
    assert message.startswith(f"data/status_codes.yaml:{emits_line}:7: contexts.caddy.emits: "), message
    assert "Caddy sends 502, 504, 501 by itself, not 503" in message
    assert f"observed at data/observations.yaml:{observed}: Caddy 2.6.2, 'No healthy backend': 503 (by itself)" \
        in message


def test_a_contradicted_log_line_and_lab_claim_are_reported(tmp_path: Path) -> None:
    # Claim that nginx's "no live upstreams" line comes with 504.
    found = _contradictions_after(tmp_path, '''          - context: haproxy
            text: '… 504 … - - sH-- …'
            source: haproxy-configuration
''', '''          - context: haproxy
            text: '… 504 … - - sH-- …'
            source: haproxy-configuration
          - context: nginx
            text: 'no live upstreams while connecting to upstream'
            source: nginx-source
''')
    assert any("nginx writes \"no live upstreams while connecting to upstream\" with 504" in item
               and "'No healthy backend': 502 (by itself) with that line" in item for item in found), found


def test_an_unexplained_observation_is_reported(tmp_path: Path) -> None:
    found = _contradictions_after(tmp_path, '''        lab:
          - scenario: no-healthy-backend
            contexts: [nginx]
''', "")
    assert any("no cause of 502 explains what nginx does in the lab scenario 'no-healthy-backend'" in item
               for item in found), found


def test_a_fingerprint_that_claims_the_upstream_s_page_is_reported(tmp_path: Path) -> None:
    found = _contradictions_after(tmp_path, '''      - contains: Guru Meditation
        means: generated''', '''      - contains: lab-upstream
        means: generated''')
    assert any("contexts.varnish.fingerprints[2]" in item and "passed on from the upstream" in item
               for item in found), found
    assert any("recognise Varnish Cache's own pages" in item for item in found), found


def test_signals_the_lab_does_not_reproduce_are_listed_not_failed(shipped_catalog: Catalog,
                                                                  observations: Observations) -> None:
    listed = unreproduced_signals(shipped_catalog, observations)
    assert any("upstream sent invalid header" in line for line in listed)
    assert all("502 upstream-down" not in line for line in listed)


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


def test_the_client_reads_what_a_browser_would() -> None:
    assert parse_response(b"").outcome == "no-response"
    assert parse_response(b"HTTP/1.1 502 Bad Gateway\r\nServer: x\r\nContent-Length: 2\r\n\r\nok").status == 502
    assert parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab").outcome == "incomplete"
    assert parse_response(b"HTTP/1.1 2x0 OK\r\n\r\n").outcome == "not-http"


def test_catalog_lab_references_are_checked_at_their_line(tmp_path: Path) -> None:
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
    assert f"catalog.yaml:{line}:23: codes[2].causes[8].lab[0].scenario: unknown lab scenario " \
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
