"""A log line or message quoted for a lab server must not turn up with another code: the explainer
reads a pasted line as a sign of the cause that quotes it, so the line must really come with that code."""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.common.rules import Rule
from statuskb.lab.claims.base import ClaimInput, Contradiction, observed_at, quoted_in


def _signals_with_other_codes(given: ClaimInput) -> Iterator[Contradiction]:
    for e, entry in enumerate(given.catalog.codes):
        for c, cause in enumerate(entry.causes):
            for s, signal in enumerate(cause.signals):
                observations = [o for server in given.servers_of(signal.context)
                                for _, o in given.observations.for_server(server)]
                for observation in observations:
                    if observation.generated_by != "server" or not quoted_in(signal.text, observation):
                        continue
                    if observation.status != entry.code:
                        yield Contradiction(
                            given.at(("codes", e, "causes", c, "signals", s, "text")),
                            f"{given.catalog.contexts[signal.context].name} writes \"{signal.text}\" with "
                            f"{entry.code} ({cause.title})", observed_at(given, observation),
                            given.describe(observation) + " with that line")


CLAIM = Rule("signals", "Quoted log lines of lab servers turn up only with their cause's code.",
             _signals_with_other_codes)
