"""What every claim rule is given and what it reports, and the helpers several claims share."""

from __future__ import annotations

from dataclasses import dataclass

from statuskb.catalog.model import Catalog
from statuskb.catalog.observations import Observation, Observations
from statuskb.catalog.yamlfile import YamlDocument
from statuskb.common.problems import FieldPath, format_field
from statuskb.diagnosis.explain import signature_matches


@dataclass(frozen=True, order=True)
class Contradiction:
    """A claim in the catalog that an observation contradicts."""

    claim_at: str
    claim: str
    observed_at: str
    observed: str

    def __str__(self) -> str:
        return f"{self.claim_at}: {self.claim}\n    observed at {self.observed_at}: {self.observed}"


@dataclass(frozen=True)
class ClaimInput:
    """What every claim rule sees."""

    catalog: Catalog
    document: YamlDocument  # the catalog's, for positions
    observations: Observations

    def at(self, path: FieldPath) -> str:
        line, column = self.document.position(path)
        return f"{self.document.display_path}:{line}:{column}: {format_field(path)}"

    def servers_of(self, context_id: str) -> list[str]:
        """The lab servers of a context (several versions of one server can stand for it)."""
        return self.observations.by_context(context_id)

    def servers_over_http1_of(self, context_id: str) -> list[str]:
        """The lab servers of a context that the lab's client spoke HTTP/1.1 to (not the HTTP/2 variants)."""
        servers = self.observations.data.servers
        return [server for server in self.servers_of(context_id) if servers[server].client_protocol is None]

    def describe(self, observation: Observation) -> str:
        server = self.observations.data.servers[observation.server]
        scenario = self.observations.data.scenario_info(observation.scenario).title
        result: str = observation.outcome
        if observation.status is not None:
            who = "by itself" if observation.generated_by == "server" else "passed on from the upstream"
            result = f"{observation.status} ({who})"
        return f"{server.name} {server.version}, '{scenario}': {result}"


def observed_at(given: ClaimInput, observation: Observation) -> str:
    """Where `observation` is in the observations file."""
    index, _ = given.observations.of(observation.server, observation.scenario) or (0, observation)
    return given.observations.location(index)


def quoted_in(signature: str, observation: Observation) -> bool:
    """Whether a quoted log line or message turns up in what the server logged or answered."""
    return any(signature_matches(signature, text) for text in (*observation.log, observation.body))
