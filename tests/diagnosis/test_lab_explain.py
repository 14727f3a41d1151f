"""Every line the lab's real servers logged is explained: right code, right context, right cause.

The expected answer comes from the catalog, not from the explainer: the cause whose `lab` says
the server answers that code in that scenario, or, where no 5xx cause applies (a response
passed on, a body cut short, a configuration refused), the scenario itself. The browser half
of the same check is in tests/browser/test_explain_page.py.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from paste_corpus import shipped_engine

from statuskb import Catalog
from statuskb.catalog.observations import Observation, Observations, load_observations, reproducing_cause
from statuskb.common.site_info import DEFAULT_SITE
from statuskb.diagnosis.explain import build_index, explain
from statuskb.diagnosis.recognise import engine_json
from support import BIN, ROOT, scaled


@pytest.fixture(scope="module")
def observations(shipped_catalog: Catalog) -> Observations:
    return load_observations(ROOT / "data" / "observations.yaml", shipped_catalog, "data/observations.yaml")


def filled(line: str) -> str:
    """An observed line with its variable parts filled in, as it appears in a real log."""
    return line.replace("…", "203.0.113.7:8080")


def expected(catalog: Catalog, observations: Observations, observation: Observation) -> tuple[int | None, str, str]:
    context = observations.data.servers[observation.server].context
    status = observation.status
    found = (reproducing_cause(catalog, context, observation.scenario, status)
             if status is not None and observation.generated_by == "server" else None)
    cause = found[1].title if found else observations.data.scenario_info(observation.scenario).title
    return status, context, cause


def observed_lines(observations: Observations) -> list[tuple[Observation, str]]:
    """What the proxies logged, in front of the lab's upstream and of the real application servers."""
    return [(o, line) for o in observations.data.all_observations() for line in o.log]


def test_every_observed_line_is_explained_by_the_right_cause(shipped_catalog: Catalog,
                                                             observations: Observations) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE, observations)
    lines = observed_lines(observations)
    assert len(lines) >= 60
    for observation, line in lines:
        keys = {(m.entry.code, m.entry.context, m.entry.cause) for m in explain(index, filled(line))}
        assert expected(shipped_catalog, observations, observation) in keys, (observation.server,
                                                                              observation.scenario, line, keys)


def test_a_5xx_line_is_explained_by_its_catalog_cause_and_the_lab_is_named(shipped_catalog: Catalog,
                                                                          observations: Observations) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE, observations)
    _, timeout = observations.of("apache", "timeout") or (0, None)
    assert timeout is not None
    matches = explain(index, filled(timeout.log[0]))
    assert [(m.entry.code, m.entry.cause, m.entry.observed_on) for m in matches] == [
        (502, "Apache's proxy timeout expires before the backend answers", "Apache httpd 2.4.71")]
    assert matches[0].entry.page == "codes/502/apache/"
    data = json.loads(engine_json(shipped_engine(shipped_catalog)))
    assert sum(1 for entry in data["entries"] if entry["observed_on"]) >= 60


@pytest.mark.parametrize("app", ["php-fpm", "gunicorn", "uwsgi"])
def test_nginx_refused_by_a_full_unix_socket_queue_names_the_queue(shipped_catalog: Catalog,
                                                                   observations: Observations, app: str) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE, observations)
    _, full = observations.of("nginx", f"{app}-backlog-full") or (0, None)
    assert full is not None and full.status == 502
    first = explain(index, filled(full.log[0]))[0].entry
    assert (first.code, first.context, first.cause) == (
        502, "nginx", "Every worker is busy and the application server's socket queue is full")


def test_a_line_with_no_status_says_what_the_client_got(shipped_catalog: Catalog,
                                                       observations: Observations) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE, observations)
    _, garbage = observations.of("nginx", "garbage") or (0, None)
    assert garbage is not None
    match = next(m for m in explain(index, filled(garbage.log[0])) if m.entry.cause == "Not HTTP at all")
    assert match.entry.code is None and "no status line of its own (an HTTP/0.9 response)" in match.entry.meaning
    assert match.entry.page == "contexts/nginx/#observed-in-the-lab"


@pytest.mark.parametrize(("server", "scenario", "heading", "cause"), [
    ("nginx", "timeout", "1. 504 Gateway Timeout: answered by nginx", "The application takes longer than the proxy's "
                                                                      "read timeout"),
    ("haproxy", "refused", "1. 503 Service Unavailable: answered by HAProxy", "HAProxy cannot connect to the server"),
    ("varnish", "oversized-headers", "1. 503 Service Unavailable: answered by Varnish Cache",
     "Varnish's fetch from the backend fails"),
    ("caddy", "no-healthy-backend", "1. 503 Service Unavailable: answered by Caddy",
     "The proxy or load balancer has no healthy backend"),
    ("varnish", "dns", "1. no status: answered by Varnish Cache", "Upstream name does not resolve"),
])
def test_the_cli_explains_observed_lines(observations: Observations, server: str, scenario: str,
                                         heading: str, cause: str) -> None:
    _, observation = observations.of(server, scenario) or (0, None)
    assert observation is not None
    line = next(line for line in observation.log if "FetchError" in line or "could not be resolved" in line
                or server not in ("varnish",))
    result = subprocess.run([str(BIN / "statuskb"), "explain"], input=filled(line) + "\n", cwd=ROOT,
                            capture_output=True, text=True, timeout=scaled(20))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(heading + "\n"), result.stdout
    assert f"\n   cause: {cause}: " in result.stdout, result.stdout
    # A line that is also a catalog signature word for word is answered by the catalog's entry.
    assert ("observed: logged by " in result.stdout) == (line != "FetchError overflow")
