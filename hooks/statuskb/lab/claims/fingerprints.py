"""A server's fingerprints must recognise its own error pages, and no trait may claim a page that the
upstream produced: `statuskb diagnose` reads a response's fingerprints to say who generated it."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.common.rules import Rule
from statuskb.diagnosis.fingerprints import read_response
from statuskb.lab.claims.base import ClaimInput, Contradiction, observed_at


def _misread_responses(given: ClaimInput) -> Iterator[Contradiction]:
    for observation in given.observations.data.all_observations():
        # Error responses only: those are what `statuskb diagnose` reads.
        if observation.status is None or observation.status < 400 or observation.generated_by is None:
            continue
        context_id = given.observations.data.servers[observation.server].context
        reading = read_response(given.catalog, observation.headers, observation.body)
        if observation.generated_by == "server" and reading.generators[:1] != (context_id,):
            shown = ", ".join(reading.generators) or "no context"
            yield Contradiction(
                given.at(("contexts", context_id, "fingerprints")),
                f"the fingerprints recognise {given.catalog.contexts[context_id].name}'s own pages (they name "
                f"{shown} for this one)", observed_at(given, observation), given.describe(observation))
        if observation.generated_by == "upstream":
            for trait in reading.generated:
                yield Contradiction(
                    given.at(("contexts", trait.context, "fingerprints", trait.index)),
                    f"this trait shows that {given.catalog.contexts[trait.context].name} generated the response "
                    f"({trait.evidence})", observed_at(given, observation), given.describe(observation))


CLAIM = Rule("fingerprints", "Fingerprints recognise each server's own pages and no upstream's.", _misread_responses)
