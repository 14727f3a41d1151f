"""A cause's likelihood states its basis, and a vendor basis cites the vendor.

Code pages list causes by how likely they are. The guide publishes no statistics that no source
states, so a ranking is only as good as what it rests on: a vendor's own "most common cause"
(cited, with what it says), the behaviour lab (the cause must be one the lab reproduces), or
the editors' judgement, which the page shows as such. A code ranks all its causes or none, so
that an unranked cause is never silently listed below ranked ones.
"""

from __future__ import annotations

from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput, missing
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule


def _likelihood_problems(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        ranked = [cause.likelihood is not None for cause in entry.causes]
        if any(ranked) and not all(ranked):
            for c, cause in enumerate(entry.causes):
                if cause.likelihood is None:
                    yield doc.problem(("codes", index, "causes", c),
                                      "other causes of this code have a 'likelihood'; give this one too "
                                      "(basis 'editors' when it is your judgement)")
        for c, cause in enumerate(entry.causes):
            likelihood = cause.likelihood
            if likelihood is None:
                continue
            path = ("codes", index, "causes", c, "likelihood")
            if likelihood.basis == "vendor-doc":
                if likelihood.source is None:
                    yield doc.problem(path, "basis 'vendor-doc' needs 'source': "
                                      "the vendor document that ranks the cause")
                elif likelihood.source not in given.source_ids:
                    yield doc.problem((*path, "source"), missing("source", likelihood.source, given.source_ids))
                if likelihood.says is None:
                    yield doc.problem(path, "basis 'vendor-doc' needs 'says': what the vendor's document says")
            else:
                for field in ("source", "says"):
                    if getattr(likelihood, field) is not None:
                        yield doc.problem((*path, field), f"'{field}' is only for basis 'vendor-doc'")
            if likelihood.basis == "lab" and not cause.lab:
                yield doc.problem((*path, "basis"), "basis 'lab' needs the cause's 'lab' entries: "
                                  "which lab scenario reproduces it")


RULE = Rule("likelihood", "A cause's likelihood states its basis; a vendor basis cites the vendor.",
            _likelihood_problems)
