"""The lab on the site: /observations/, the context pages' and code pages' sections, the index."""

from __future__ import annotations

import html as htmllib
import json

import pytest

from statuskb import Catalog, load_observations, plan_site
from support import ROOT, BuildResult


@pytest.fixture(scope="module")
def pages(shipped_catalog: Catalog) -> dict[str, str]:
    observations = load_observations(ROOT / "data" / "observations.yaml", shipped_catalog)
    return {page.src_uri: page.markdown for page in plan_site(shipped_catalog, observations=observations).pages}


def test_the_matrix_has_every_server_and_scenario_with_links(pages: dict[str, str]) -> None:
    page = pages["observations.md"]
    assert ("| Failure behind the proxy | [nginx 1.22.1](contexts/nginx.md) | [Apache httpd 2.4.71](contexts/apache.md)"
            " | [HAProxy 2.6.12](contexts/haproxy.md) | [Varnish Cache 7.1.1](contexts/varnish.md) | "
            "[Caddy 2.6.2](contexts/caddy.md) |") in page
    assert ("| [No answer](#scenario-timeout) | [504](codes/504/nginx.md) | [502](codes/502/apache.md) | "
            "[504](codes/504/haproxy.md) | [503](codes/503/varnish.md) | [504](codes/504/caddy.md) |") in page
    garbage = ("| [Not HTTP at all](#scenario-garbage) | no status line: the upstream's bytes, passed on | "
               "200 (passed on)")
    assert garbage in page
    assert "### Connection refused {#scenario-refused}" in page and "make lab" in page
    # A WebSocket handshake to a dead upstream: Varnish, piping, closes the connection without an answer.
    assert ("| [WebSocket: upstream down](#scenario-websocket-refused) | [502](codes/502/nginx.md) | "
            "[503](codes/503/apache.md) | [503](codes/503/haproxy.md) | no response | "
            "[502](codes/502/caddy.md) |") in page
    assert "| nginx 1.22.1 over HTTP/2 | not supported (HTTP/2 has no Upgrade (RFC 9113, 8.2.2)" in page


def test_a_lab_server_s_context_page_shows_failure_status_and_log_line(pages: dict[str, str]) -> None:
    page = pages["contexts/haproxy.md"]
    assert "## Observed in the lab" in page
    assert "| Failure | Status on HAProxy 2.6.12 | Status on HAProxy 2.6.12 over HTTP/2 | Log lines |" in page
    # The log line is catalog-side text in a page: inline code, inert to Markdown (common.markdown.page_code).
    start = "| [No answer](../observations.md#scenario-timeout) | [504](../codes/504/haproxy.md) | "
    row = htmllib.unescape(next(line for line in page.splitlines() if line.startswith(start)))
    assert row.startswith(start + '[504](../codes/504/haproxy.md) | HAProxy 2.6.12: <code>… […] … …/… …/…/…/-1/… 504 '
                                  '… - - sH-- …/…/…/…/… …/… "…"</code><br>HAProxy 2.6.12 over HTTP/2: <code>'), row
    closed = next(line for line in page.splitlines() if line.startswith("| [Closed before the response]"))
    assert "| [502](../codes/502/haproxy.md) | no response |" in closed  # HTTP/2: the stream is refused
    assert "## Observed in the lab" not in pages["contexts/traefik.md"]


def test_a_context_page_compares_the_versions_the_lab_runs(pages: dict[str, str]) -> None:
    page = pages["contexts/caddy.md"]
    assert ("| Failure | Status on Caddy 2.6.2 | Status on Caddy 2.11.7 | Status on Caddy 2.6.2 over HTTP/2 | "
            "Log lines |") in page
    assert "Caddy 2.11.7: <code>" in htmllib.unescape(page)


def test_application_servers_are_shown_behind_their_proxies(pages: dict[str, str]) -> None:
    page = pages["observations.md"]
    assert "## In front of real application servers" in page
    assert "### Gunicorn: worker timeout {#scenario-gunicorn-worker-timeout}" in page
    assert "<code>[…] […] [CRITICAL] WORKER TIMEOUT (pid:…)</code>" in htmllib.unescape(page)
    nginx = pages["contexts/nginx.md"]
    assert "### In front of PHP-FPM, Gunicorn and uWSGI" in nginx
    assert ("| [PHP-FPM: every child busy](../observations.md#scenario-php-fpm-pool-exhausted) | "
            "[504](../codes/504/nginx.md) |") in nginx


def test_a_code_page_says_which_servers_send_it_for_which_failure(pages: dict[str, str]) -> None:
    page = pages["codes/504.md"]
    assert "## Which servers send 504 in the lab" in page
    assert ("| [Caddy 2.6.2](504/caddy.md) | [No answer](../observations.md#scenario-timeout), "
            "[WebSocket: no answer to the handshake](../observations.md#scenario-websocket-timeout) |") in page
    assert "## Which servers send" not in pages["codes/507.md"]
    assert "passed on a 500 that the upstream sent" in pages["codes/500.md"]


@pytest.mark.build
def test_the_built_site_has_the_lab(built_site: BuildResult) -> None:
    assert 'id="the-matrix"' in built_site.html("observations/")
    assert 'id="observed-in-the-lab"' in built_site.html("contexts/varnish/")
    index = json.loads((built_site.site / "explain" / "index.json").read_text(encoding="utf-8"))
    lab = [entry for entry in index["entries"] if entry["observed_on"]]
    assert {entry["context"] for entry in lab} == {"nginx", "apache", "haproxy", "varnish", "caddy", "lighttpd",
                                                   "squid", "h2o", "trafficserver", "php-fpm", "app-servers"}
