"""A log signature names its hop: a signal that is only a status code and its reason phrase is refused.

"502 Bad Gateway" is on nginx's, Apache's, HAProxy's and the cloud load balancers' pages alike, so a
signal of just that text made the explainer answer nginx's own 502 page with "502 in Traefik Proxy".
A signal is what the hop itself logs or sends: quote the part only it writes (Traefik's debug line
"'502 Bad Gateway' caused by: …"), so that the signature says which hop answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule

#: A status code and a reason phrase, nothing else ("502 Bad Gateway", "504 Gateway Time-out").
STATUS_ONLY = re.compile(r"^[1-5][0-9][0-9] [A-Za-z -]+$")


def _status_only_signals(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        for c, cause in enumerate(entry.causes):
            for s, signal in enumerate(cause.signals):
                if signal.text is not None and STATUS_ONLY.match(signal.text.strip()):
                    yield doc.problem(("codes", index, "causes", c, "signals", s, "text"),
                                      f"'{signal.text}' is only a status line, which every server's error "
                                      "page shows: quote what this hop alone logs or sends")


RULE = Rule("specific-signals", "A log signature names its hop, not only the status.", _status_only_signals)
