"""A cause's `lab` reproductions must match what the server did: the cause claims that this server
answers the cause's code by itself in that scenario, and the site shows the lab's run as proof.

A reproduction is what a client speaking HTTP/1.1 gets, as every cause's text assumes; where the
same server answers an HTTP/2 client otherwise (HAProxy refuses the stream instead of sending 502
when the backend closes), the context page and /observations/ show it beside, in their own column."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.common.problems import FieldPath
from statuskb.common.rules import Rule
from statuskb.lab.claims.base import ClaimInput, Contradiction, observed_at


def _unmatched_reproductions(given: ClaimInput) -> Iterator[Contradiction]:
    for e, entry in enumerate(given.catalog.codes):
        for c, cause in enumerate(entry.causes):
            for r, reproduction in enumerate(cause.lab):
                for k, context_id in enumerate(reproduction.contexts):
                    path: FieldPath = ("codes", e, "causes", c, "lab", r, "contexts", k)
                    claim = (f"{given.catalog.contexts[context_id].name} answers {entry.code} by itself in the lab "
                             f"scenario '{reproduction.scenario}' ({cause.title})")
                    servers = given.servers_over_http1_of(context_id)
                    found = [given.observations.of(server, reproduction.scenario) for server in servers]
                    observed = [pair[1] for pair in found if pair is not None]
                    if not observed:
                        yield Contradiction(given.at(path), claim, given.observations.location(0),
                                            f"no observation of {context_id} × {reproduction.scenario}")
                    for observation in observed:  # every version the lab runs
                        if observation.status != entry.code or observation.generated_by != "server":
                            yield Contradiction(given.at(path), claim, observed_at(given, observation),
                                                given.describe(observation))


CLAIM = Rule("lab", "Causes' `lab` reproductions match the observed status.", _unmatched_reproductions)
