"""Every 5xx a lab server generated must be explained by a cause that names the scenario in its `lab`,
so that the explainer can give the right cause for the line."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.observations import reproducing_cause
from statuskb.common.rules import Rule
from statuskb.lab.claims.base import ClaimInput, Contradiction, observed_at


def _unexplained_observations(given: ClaimInput) -> Iterator[Contradiction]:
    codes = {entry.code: index for index, entry in enumerate(given.catalog.codes)}
    for observation in given.observations.data.all_observations():
        status = observation.status
        if observation.generated_by != "server" or status is None or status < 500 or status not in codes:
            continue
        context_id = given.observations.data.servers[observation.server].context
        if reproducing_cause(given.catalog, context_id, observation.scenario, status) is None:
            yield Contradiction(
                given.at(("codes", codes[status], "causes")),
                f"no cause of {status} explains what {context_id} does in the lab scenario "
                f"'{observation.scenario}': add `lab: [{{scenario: {observation.scenario}, "
                f"contexts: [{context_id}]}}]` to the cause that does (with the context among its contexts)",
                observed_at(given, observation), given.describe(observation))


CLAIM = Rule("coverage", "Every 5xx a lab server generated is explained by a cause.", _unexplained_observations)
