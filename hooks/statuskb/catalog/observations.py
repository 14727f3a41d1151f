"""The behaviour lab's observations (data/observations.yaml): model, validation, writing.

`statuskb lab run` writes the file; the site, the explainer and the claims check read it. It is
validated like the catalog (its JSON Schema, generated from the models below, with
PATH:LINE:COL messages) and then against the catalog: every server is a catalog context, every
5xx status is a catalog code, and the matrix of servers by scenarios is complete, each pair
once, in a fixed order, so that a fresh run compares line by line with the committed file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import yaml
from pydantic import Field, StringConstraints

from statuskb.catalog.model import Catalog, Cause, CodeEntry, Identifier, Strict, Text
from statuskb.catalog.schema import (
    draft7_validator,
    model_or_problems,
    model_schema_text,
    strictly_typed,
    validation_problems,
)
from statuskb.catalog.yamlfile import YamlDocument, load_yaml
from statuskb.common.problems import Problem, raise_if_any
from statuskb.common.shipped import shipped

if TYPE_CHECKING:
    import jsonschema

OBSERVATIONS_SOURCE = "data/observations.yaml"
#: The shipped observations (the repository's file, or the wheel's copy of it).
DEFAULT_OBSERVATIONS = shipped(OBSERVATIONS_SOURCE)
OBSERVATIONS_SCHEMA_NAME = "observations.schema.json"

AnyStatus = Annotated[int, Field(ge=100, le=599, description="An HTTP status code.", examples=[502])]
Line = Annotated[str, StringConstraints(min_length=1), Field(description="One line, with variable parts as …")]
Outcome = Literal["response", "incomplete", "not-http", "no-response", "config-rejected", "unsupported"]
GeneratedBy = Literal["server", "upstream"]


class LabRun(Strict):
    """How and where the observations were made."""

    command: Text = Field(description="The command that wrote this file.", examples=["statuskb lab run"])
    platform: Text = Field(description="The operating system the servers ran on.",
                           examples=["Debian GNU/Linux 12 (bookworm)"])
    timeout_seconds: int = Field(ge=1, description="The proxies' connect and response timeouts.", examples=[1])


class LabServerInfo(Strict):
    """One server the lab ran."""

    context: Identifier = Field(description="Id of its context in the catalog.", examples=["nginx"])
    name: Text = Field(description="Display name.", examples=["nginx"])
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)+$")] = Field(
        description="The server's own version.", examples=["1.22.1"])
    package: Text | None = Field(default=None, description="The Debian package it came from, with its version.",
                                 examples=["nginx 1.22.1-9+deb12u11"])
    client_protocol: Literal["HTTP/2"] | None = Field(
        default=None, description="The protocol the lab's client spoke to it, where not HTTP/1.1: HTTP/2 over TLS.")


class LabScenarioInfo(Strict):
    """One failure the lab reproduces."""

    title: Text = Field(description="Short name.", examples=["Connection refused"])
    upstream: Text = Field(description="What happens behind the proxy.")


class LabAppScenarioInfo(LabScenarioInfo):
    """One failure of a real application server behind the proxy."""

    app: Identifier = Field(description="Id of the application server that fails (a key of `app_servers`).",
                            examples=["php-fpm"])


class Observation(Strict):
    """What one server did in one scenario."""

    server: Identifier = Field(description="Id of the server (a key of `servers`).", examples=["nginx"])
    scenario: Identifier = Field(description="Id of the scenario (a key of `scenarios`).", examples=["refused"])
    outcome: Outcome = Field(
        description="response: a complete response; incomplete: the body was cut short; not-http: bytes "
        "without an HTTP status line; no-response: the connection closed without a byte; config-rejected: "
        "the server refused the configuration; unsupported: the server cannot be configured for it.",
        examples=["response"],
    )
    status: AnyStatus | None = Field(default=None, description="The status code the client got.")
    generated_by: GeneratedBy | None = Field(
        default=None, description="server: the server generated the response itself; upstream: it passed on "
        "what the upstream sent.", examples=["server"])
    headers: dict[str, str] = Field(default_factory=dict, description="The response headers that tell hops "
                                    "apart (lower-case names).")
    body: str = Field(default="", description="The start of the body, normalised.")
    log: list[Line] = Field(default_factory=list, description="The lines the server logged for this request.")
    app_log: list[Line] = Field(default_factory=list, description="The lines the application server behind it "
                                "logged meanwhile (application scenarios only).")
    note: Text | None = Field(default=None, description="Why the scenario could not be run (unsupported).")


class ObservationsFile(Strict):
    """The whole of data/observations.yaml."""

    lab: LabRun
    servers: dict[Identifier, LabServerInfo] = Field(description="The servers, in the matrix's order.")
    scenarios: dict[Identifier, LabScenarioInfo] = Field(description="The scenarios, in the matrix's order.")
    observations: list[Observation] = Field(description="One per server and scenario: by server, then scenario.")
    app_servers: dict[Identifier, LabServerInfo] = Field(
        default_factory=dict, description="The real application servers the lab puts behind the proxies.")
    app_scenarios: dict[Identifier, LabAppScenarioInfo] = Field(
        default_factory=dict, description="The application servers' failures, in the matrix's order.")
    app_proxies: list[Identifier] = Field(
        default_factory=list, description="The servers (keys of `servers`) put in front of the application servers.")
    app_observations: list[Observation] = Field(
        default_factory=list, description="One per proxy and application scenario: by proxy, then scenario.")

    def all_observations(self) -> list[Observation]:
        """The proxy matrix, then the application matrix: the index `Observations.of` gives."""
        return [*self.observations, *self.app_observations]

    def scenario_info(self, scenario_id: str) -> LabScenarioInfo:
        """A scenario of either matrix."""
        return self.scenarios.get(scenario_id) or self.app_scenarios[scenario_id]


@dataclass(frozen=True)
class Observations:
    """Validated observations, with the document for positions (file:line of every entry)."""

    data: ObservationsFile
    document: YamlDocument | None = None

    def location(self, index: int) -> str:
        """`data/observations.yaml:LINE` of observation `index` of `all_observations` (or the file alone)."""
        if self.document is None:
            return OBSERVATIONS_SOURCE
        count = len(self.data.observations)
        path = ("observations", index) if index < count else ("app_observations", index - count)
        line, _ = self.document.position(path)
        return f"{self.document.display_path}:{line}"

    def of(self, server: str, scenario: str) -> tuple[int, Observation] | None:
        """The observation of one pair (of either matrix), with its index."""
        return next(((i, o) for i, o in enumerate(self.data.all_observations())
                     if o.server == server and o.scenario == scenario), None)

    def for_server(self, server: str) -> Iterator[tuple[int, Observation]]:
        """A server's observations in both matrices (with their indexes)."""
        return ((i, o) for i, o in enumerate(self.data.all_observations()) if o.server == server)

    def by_context(self, context_id: str) -> list[str]:
        """The lab servers that stand for a catalog context (several versions of one server), if any."""
        return [sid for sid, info in self.data.servers.items() if info.context == context_id]


# ----------------------------------------------------------------------------- schema
@cache
def observations_schema_text() -> str:
    return model_schema_text(
        ObservationsFile, "5xx Field Guide behaviour-lab observations",
        "data/observations.yaml: what real servers did when their upstream failed. Written by "
        "`statuskb lab run --out data/observations.yaml`; the schema is generated from "
        "hooks/statuskb/catalog/observations.py by `statuskb lab schema`; edit neither by hand.",
    )


@cache
def _validator() -> jsonschema.Draft7Validator:
    import json

    return draft7_validator(json.loads(observations_schema_text()))


# ----------------------------------------------------------------------------- loading
def load_observations(path: Path, catalog: Catalog, display_path: str | None = None) -> Observations:
    """The validated observations at `path`, checked against `catalog`, or ProblemsFound."""
    document = load_yaml(path, display_path)
    data = strictly_typed(ObservationsFile, document)
    if data is None:  # the schema says what is wrong
        raise_if_any(validation_problems(_validator(), document))
        data = model_or_problems(ObservationsFile, document)
    raise_if_any(observation_problems(document, data, catalog))
    return Observations(data, document)


def observation_problems(document: YamlDocument, data: ObservationsFile, catalog: Catalog) -> list[Problem]:
    """Cross-references and the matrix's shape; every problem at its line."""
    problems = []
    codes = {entry.code for entry in catalog.codes}
    for server_id, server in data.servers.items():
        if server.context not in catalog.contexts:
            problems.append(document.problem(("servers", server_id, "context"),
                                             f"unknown context '{server.context}': add it to the catalog first"))
    for app_id, app in data.app_servers.items():
        if app.context not in catalog.contexts:
            problems.append(document.problem(("app_servers", app_id, "context"),
                                             f"unknown context '{app.context}': add it to the catalog first"))
    for scenario_id, scenario in data.app_scenarios.items():
        if scenario.app not in data.app_servers:
            problems.append(document.problem(("app_scenarios", scenario_id, "app"),
                                             f"unknown application server '{scenario.app}'; known: "
                                             f"{', '.join(data.app_servers)}"))
    for p, proxy in enumerate(data.app_proxies):
        if proxy not in data.servers:
            problems.append(document.problem(("app_proxies", p), f"unknown server '{proxy}'; known: "
                                             f"{', '.join(data.servers)}"))
    problems += _matrix_problems(document, "observations", data.observations, list(data.servers),
                                 list(data.scenarios), codes)
    problems += _matrix_problems(document, "app_observations", data.app_observations, data.app_proxies,
                                 list(data.app_scenarios), codes)
    return problems


def _matrix_problems(document: YamlDocument, key: str, observations: list[Observation], server_order: list[str],
                     scenario_order: list[str], codes: set[int]) -> list[Problem]:
    """One matrix of servers by scenarios: complete, each pair once, by server then scenario."""
    problems = []
    expected = [(server, scenario) for server in server_order for scenario in scenario_order]
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(observations):
        base = (key, index)
        pair = (item.server, item.scenario)
        if item.server not in server_order:
            problems.append(document.problem((*base, "server"), f"unknown server '{item.server}'; known: "
                                             f"{', '.join(server_order)}"))
        if item.scenario not in scenario_order:
            problems.append(document.problem((*base, "scenario"), f"unknown scenario '{item.scenario}'; known: "
                                             f"{', '.join(scenario_order)}"))
        if pair in seen:
            line, _ = document.position((key, seen[pair]))
            problems.append(document.problem(base, f"{item.server} × {item.scenario} is already observed on line "
                                             f"{line}"))
        seen.setdefault(pair, index)
        if index < len(expected) and pair != expected[index] and pair in set(expected):
            want_server, want_scenario = expected[index]
            problems.append(document.problem(base, f"out of order: expected {want_server} × {want_scenario} here "
                                             "(by server, "
                                             "then scenario, as listed above); rerun `statuskb lab run --out`"))
        problems += _outcome_problems(document, base, item, codes)
    for want_server, want_scenario in expected:
        if (want_server, want_scenario) not in seen:
            problems.append(document.problem((key,), f"{want_server} × {want_scenario} is missing: "
                                             "every server "
                                             "is observed in every scenario"))
    return problems


def _outcome_problems(document: YamlDocument, base: tuple[str | int, ...], item: Observation,
                      codes: set[int]) -> Iterator[Problem]:
    with_status = item.outcome in ("response", "incomplete")
    if with_status and (item.status is None or item.generated_by is None):
        yield document.problem(base, f"a '{item.outcome}' needs `status` and `generated_by`")
    if not with_status and item.status is not None:
        yield document.problem((*base, "status"), f"a '{item.outcome}' has no status")
    if item.outcome == "unsupported" and not item.note:
        yield document.problem(base, "say why in `note`")
    if item.outcome == "config-rejected" and not item.log:
        yield document.problem(base, "a rejected configuration needs the server's message in `log`")
    if item.status is not None and item.status >= 500 and item.generated_by == "server" and item.status not in codes:
        yield document.problem((*base, "status"), f"{item.status} is not a code in the catalog; add it there first")


def reproducing_cause(catalog: Catalog, context_id: str, scenario: str, status: int) -> tuple[CodeEntry, Cause] | None:
    """The cause of `status` whose `lab` says this context answers it in this scenario."""
    for entry in catalog.codes:
        if entry.code != status:
            continue
        for cause in entry.causes:
            if any(r.scenario == scenario and context_id in r.contexts for r in cause.lab):
                return entry, cause
    return None


# ----------------------------------------------------------------------------- writing
HEADER = (
    "# yaml-language-server: $schema=observations.schema.json\n"
    "#\n"
    "# What real servers did when the application behind them failed: written by\n"
    "# `statuskb lab run --out data/observations.yaml` (or `make lab`); do not edit by hand.\n"
    "# `statuskb lab check` compares a fresh run with this file. Variable parts of log lines are \"…\".\n"
)


def dump_observations(data: ObservationsFile) -> str:
    """The file's text: same data, same bytes."""
    raw = data.model_dump(mode="json", exclude_none=True)
    for item in (*raw["observations"], *raw["app_observations"]):
        for key in ("headers", "body", "log", "app_log"):
            if not item[key]:
                del item[key]
    for key in ("app_servers", "app_scenarios", "app_proxies", "app_observations"):
        if not raw[key]:
            del raw[key]
    body = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)
    return HEADER + "\n" + body


# ----------------------------------------------------------------------------- plain words
def server_label(observations: Observations, server_id: str) -> str:
    """'nginx 1.22.1', or 'nginx 1.22.1 over HTTP/2' for a client speaking HTTP/2 to it."""
    info = observations.data.servers[server_id]
    return f"{info.name} {info.version}" + (f" over {info.client_protocol}" if info.client_protocol else "")


def outcome_summary(observations: Observations, observation: Observation) -> str:
    """One sentence on what the client got, for the explainer and the pages."""
    server = server_label(observations, observation.server)
    status = observation.status
    if observation.outcome == "not-http":
        return (f"{server} passed the upstream's bytes on as they were, with no status line of its own (an "
                "HTTP/0.9 response): the client got no HTTP status at all.")
    if observation.outcome == "no-response":
        return f"{server} closed the connection without sending anything."
    if observation.outcome == "config-rejected":
        return f"{server} refused the configuration, so it could not answer at all."
    if observation.outcome == "unsupported":
        return f"Not run: {observation.note}"
    if observation.outcome == "incomplete":
        return (f"{server} had already passed on the upstream's {status} and its headers, so it could only cut "
                f"the body short: the client got {status} with an incomplete body.")
    if observation.generated_by == "upstream":
        return f"{server} passed on the {status} response that the upstream sent."
    return f"{server} answered {status} by itself."
