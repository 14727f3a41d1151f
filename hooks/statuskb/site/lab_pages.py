"""The behaviour lab on the site: /observations/, and a section on context and code pages.

Pure functions from the catalog and data/observations.yaml to Markdown. Every result links to
the page that explains it: a generated 5xx to its code-in-context page (or the code page), a
failure to its section on /observations/.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.observations import LabScenarioInfo, Observation, Observations, server_label
from statuskb.common.site_info import SiteInfo
from statuskb.common.templating import render
from statuskb.common.text import front_matter, relative_link
from statuskb.common.urls import OBSERVATIONS, code_context_page, code_page, context_page

EXPLAIN_MD = "explain.md"


@dataclass(frozen=True)
class ServerColumn:
    id: str
    name: str
    label: str
    version: str
    package: str | None
    page: str


def result_text(observation: Observation) -> str:
    """What the client got, in a few words."""
    if observation.status is not None:
        text = str(observation.status)
        if observation.generated_by == "upstream":
            text += " (passed on)"
        if observation.outcome == "incomplete":
            text += ", body cut short"
        return text
    return {"not-http": "no status line: the upstream's bytes, passed on", "no-response": "no response",
            "config-rejected": "refuses the configuration", "unsupported": "not supported"}[observation.outcome] \
        + (f" ({observation.note})" if observation.note else "")


def _linked_result(index: SiteIndex, observation: Observation, context_id: str, page: str) -> str:
    """The result, linking a generated 5xx to the page about that code in that context."""
    text = result_text(observation)
    status = observation.status
    codes = {entry.code for entry in index.catalog.codes}
    if status is None or status not in codes or observation.generated_by != "server":
        return text
    in_context = {(item.entry.code, item.context_id) for item in index.code_in_context}
    target = code_context_page(status, context_id) if (status, context_id) in in_context else code_page(status)
    return f"[{text}]({relative_link(target, page)})"


def _columns(observations: Observations) -> list[ServerColumn]:
    return [ServerColumn(sid, info.name, server_label(observations, sid), info.version, info.package,
                         context_page(info.context)) for sid, info in observations.data.servers.items()]


def _matrix_rows(index: SiteIndex, page: str, scenarios: Mapping[str, LabScenarioInfo],
                 servers: Sequence[str]) -> list[dict[str, object]]:
    """One row per scenario: a cell per server, and every server's result and log for the details."""
    observations = index.observations
    assert observations is not None
    rows: list[dict[str, object]] = []
    for scenario_id, scenario in scenarios.items():
        cells, details = [], []
        for server_id in servers:
            found = observations.of(server_id, scenario_id)
            assert found is not None  # the loader guarantees complete matrices
            _, observation = found
            result = _linked_result(index, observation, observations.data.servers[server_id].context, page)
            cells.append(result)
            details.append({"server": server_label(observations, server_id), "result": result,
                            "log": observation.log, "app_log": observation.app_log})
        rows.append({"id": scenario_id, "title": scenario.title, "upstream": scenario.upstream, "cells": cells,
                     "details": details})
    return rows


def render_observations_page(index: SiteIndex, site: SiteInfo) -> str:
    """/observations/: the matrices (proxies, and proxies in front of application servers), each failure
    with every server's log, and how to reproduce it."""

    observations = index.observations
    assert observations is not None
    data = observations.data
    page = OBSERVATIONS
    matrix = _matrix_rows(index, page, data.scenarios, list(data.servers))
    app_matrix = _matrix_rows(index, page, data.app_scenarios, data.app_proxies)
    columns = _columns(observations)
    names = list(dict.fromkeys(info.name for info in data.servers.values()))
    meta = front_matter(
        title="Behaviour lab",
        html_title="What real proxies and application servers do when the upstream fails",
        description="Measured on real servers: the status code and the log line nginx, Apache httpd, HAProxy, "
        "Varnish, Caddy, lighttpd, Squid, h2o and Traffic Server produce for refused connections, timeouts, resets, "
        "garbage, oversized headers, TLS and DNS failures, and what PHP-FPM, Gunicorn and uWSGI log behind them.",
    )
    return meta + render("observations_page.md.j2", page=page, matrix=matrix, servers=columns,
                         scenarios=data.scenarios, platform=data.lab.platform, timeout=data.lab.timeout_seconds,
                         explain_link=relative_link(EXPLAIN_MD, page), server_names=names,
                         app_matrix=app_matrix, app_proxies=[c for c in columns if c.id in data.app_proxies],
                         app_servers=[ServerColumn(aid, info.name, f"{info.name} {info.version}", info.version,
                                                   info.package, context_page(info.context))
                                      for aid, info in data.app_servers.items()])


def context_lab_section(index: SiteIndex, context_id: str) -> str:
    """'Observed in the lab' on a lab server's context page (empty for every other context): a column per
    version the lab runs, and the application servers behind it where it fronts them."""
    observations = index.observations
    server_ids = observations.by_context(context_id) if observations else []
    if observations is None or not server_ids:
        return ""
    data = observations.data
    page = context_page(context_id)

    def rows(scenarios: Mapping[str, LabScenarioInfo], servers: Sequence[str]) -> list[dict[str, object]]:
        found: list[dict[str, object]] = []
        for scenario_id, scenario in scenarios.items():
            pairs = [observations.of(server, scenario_id) for server in servers]
            cells = [p[1] for p in pairs if p is not None]
            if not cells:
                continue
            found.append({"id": scenario_id, "title": scenario.title,
                          "results": [_linked_result(index, o, context_id, page) for o in cells],
                          "logs": [o.log for o in cells], "app_log": cells[0].app_log})
        return found

    app_servers = [sid for sid in server_ids if sid in data.app_proxies]
    labels = [server_label(observations, sid) for sid in server_ids]
    packages = [data.servers[sid].package for sid in server_ids]
    return render("lab_context_section.md.j2", rows=rows(data.scenarios, server_ids), labels=labels,
                  packages=[p for p in packages if p], timeout=data.lab.timeout_seconds,
                  app_rows=rows(data.app_scenarios, app_servers[:1]),
                  app_label=server_label(observations, app_servers[0]) if app_servers else "",
                  observations_link=relative_link(OBSERVATIONS, page))


def code_lab_section(index: SiteIndex, code: int) -> str:
    """'Which servers send 502 in the lab' on a code page (empty when no lab server sent it)."""
    observations = index.observations
    if observations is None:
        return ""
    page = code_page(code)
    generated, passed = [], []
    for server_id, info in observations.data.servers.items():
        mine = [o for _, o in observations.for_server(server_id) if o.status == code]
        failures = [(observations.data.scenario_info(o.scenario).title, o.scenario)
                    for o in mine if o.generated_by == "server"]
        if failures:
            in_context = {(item.entry.code, item.context_id) for item in index.code_in_context}
            target = code_context_page(code, info.context) if (code, info.context) in in_context \
                else context_page(info.context)
            generated.append({"label": server_label(observations, server_id), "page": target, "failures": failures})
        if any(o.generated_by == "upstream" for o in mine):
            passed.append(server_label(observations, server_id))
    if not generated and not passed:
        return ""
    return render("lab_code_section.md.j2", code=code, generated=generated, passed=passed, page=page,
                  observations_link=relative_link(OBSERVATIONS, page))
