"""The behaviour lab on the site: /observations/, and a section on context and code pages.

Pure functions from the catalog and data/observations.yaml to Markdown. Every result links to
the page that explains it: a generated 5xx to its code-in-context page (or the code page), a
failure to its section on /observations/.
"""

from __future__ import annotations

from dataclasses import dataclass

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.observations import Observation, Observations, server_label
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


def render_observations_page(index: SiteIndex, site: SiteInfo) -> str:
    """/observations/: the whole matrix, each failure with every server's log, and how to reproduce it."""

    observations = index.observations
    assert observations is not None
    data = observations.data
    page = OBSERVATIONS
    matrix = []
    for scenario_id, scenario in data.scenarios.items():
        cells, details = [], []
        for server_id, info in data.servers.items():
            found = observations.of(server_id, scenario_id)
            assert found is not None  # the loader guarantees a complete matrix
            _, observation = found
            cells.append(_linked_result(index, observation, info.context, page))
            details.append({"server": server_label(observations, server_id),
                            "result": _linked_result(index, observation, info.context, page), "log": observation.log})
        matrix.append({"id": scenario_id, "title": scenario.title, "upstream": scenario.upstream, "cells": cells,
                       "details": details})
    meta = front_matter(
        title="Behaviour lab",
        html_title="What nginx, Apache, HAProxy, Varnish and Caddy do when the upstream fails",
        description="Measured on real servers: the status code and the log line nginx, Apache httpd, HAProxy, "
        "Varnish and Caddy produce for refused connections, timeouts, resets, garbage, oversized headers, "
        "TLS and DNS failures.",
    )
    return meta + render("observations_page.md.j2", page=page, matrix=matrix, servers=_columns(observations),
                         scenarios=data.scenarios, platform=data.lab.platform, timeout=data.lab.timeout_seconds,
                         explain_link=relative_link(EXPLAIN_MD, page))


def context_lab_section(index: SiteIndex, context_id: str) -> str:
    """'Observed in the lab' on a lab server's context page (empty for every other context)."""
    observations = index.observations
    server_id = observations.by_context(context_id) if observations else None
    if observations is None or server_id is None:
        return ""
    page = context_page(context_id)
    rows = [{"id": o.scenario, "title": observations.data.scenarios[o.scenario].title,
             "result": _linked_result(index, o, context_id, page), "log": o.log}
            for _, o in observations.for_server(server_id)]
    info = observations.data.servers[server_id]
    return render("lab_context_section.md.j2", rows=rows, label=server_label(observations, server_id),
                  package=info.package, timeout=observations.data.lab.timeout_seconds,
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
        failures = [(observations.data.scenarios[o.scenario].title, o.scenario)
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
