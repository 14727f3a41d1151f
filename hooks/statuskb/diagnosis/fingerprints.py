"""Read a response's traits: which hop generated it, which hops it passed through.

The traits are the catalog's `fingerprints` (vendor claims, each with a source; the lab's
servers' traits are also checked against the observations). `statuskb diagnose` and the claims
check both read responses through `read_response`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from statuskb.catalog.model import Catalog, Fingerprint


@dataclass(frozen=True)
class Trait:
    """One fingerprint that matched, and what it matched."""

    context: str
    index: int  # position in the context's fingerprints (for file:line)
    fingerprint: Fingerprint
    evidence: str  # "Server: nginx/1.22.1" or 'body contains "<center>nginx"'


@dataclass(frozen=True)
class Reading:
    """Every trait found in one response, by what it means."""

    generated: tuple[Trait, ...]
    passed: tuple[Trait, ...]
    upstream: tuple[Trait, ...]

    @property
    def generators(self) -> tuple[str, ...]:
        """The contexts whose own page this is, most traits first (usually exactly one)."""
        counts: dict[str, int] = {}
        for trait in self.generated:
            counts[trait.context] = counts.get(trait.context, 0) + 1
        return tuple(sorted(counts, key=lambda context: -counts[context]))

    @property
    def hops(self) -> tuple[str, ...]:
        """Every context the response shows, in the order its traits were found."""
        return tuple(dict.fromkeys(t.context for t in (*self.generated, *self.passed, *self.upstream)))


def _match(fingerprint: Fingerprint, headers: Mapping[str, str], body: str) -> str | None:
    if fingerprint.empty_body and body.strip():
        return None
    needle = (fingerprint.contains or "").lower()
    if fingerprint.header:
        value = headers.get(fingerprint.header.lower())
        if value is None or needle not in value.lower():
            return None
        evidence = f"{fingerprint.header}: {value}"
    else:
        if not needle or needle not in body.lower():
            return None
        evidence = f'the body contains "{fingerprint.contains}"'
    return evidence + (" and the body is empty" if fingerprint.empty_body else "")


def read_response(catalog: Catalog, headers: Mapping[str, str], body: str) -> Reading:
    """Match every context's fingerprints against a response (header names in lower case)."""
    found: dict[str, list[Trait]] = {"generated": [], "passed": [], "upstream": []}
    for context_id, context in catalog.contexts.items():
        for index, fingerprint in enumerate(context.fingerprints):
            evidence = _match(fingerprint, headers, body)
            if evidence:
                found[fingerprint.means].append(Trait(context_id, index, fingerprint, evidence))
    return Reading(tuple(found["generated"]), tuple(found["passed"]), tuple(found["upstream"]))
