"""The raw HTTP response of a code, as a reader would see it with `curl -i`.

Where the behaviour lab saw a real server send the code by itself, the example is that
response: its headers as recorded and the start of its body. Otherwise it is derived from the
catalog only: the status line, `Retry-After` where RFC 9110 gives it a meaning with the code, and
the headers a vendor's own context is documented to add (its fingerprints). The page says which.
"""

from __future__ import annotations

from dataclasses import dataclass

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import CodeEntry
from statuskb.catalog.observations import server_label

#: Body lines shown from an observed response: enough to recognise the page, not all of it.
BODY_LINES = 6


@dataclass(frozen=True)
class ResponseExample:
    """The response text and where it comes from."""

    text: str
    #: "nginx 1.22.1" when the lab observed it; None when it is derived from the catalog.
    observed_from: str | None
    scenario: str | None = None


def _header_name(name: str) -> str:
    """`content-type` → `Content-Type` (the lab records names in lower case)."""
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


def response_example(index: SiteIndex, entry: CodeEntry) -> ResponseExample:
    """The observed response for `entry`'s code when the lab has one, else the catalog's."""
    status_line = f"HTTP/1.1 {entry.code} {entry.reason}"
    observations = index.observations
    if observations is not None:
        for server_id in observations.data.servers:
            for _, seen in observations.for_server(server_id):
                if seen.status == entry.code and seen.generated_by == "server" and seen.outcome == "response":
                    headers = [f"{_header_name(name)}: {value}" for name, value in seen.headers.items()]
                    body = [line for line in seen.body.splitlines() if line.strip()][:BODY_LINES]
                    return ResponseExample("\n".join([status_line, *headers, "", *body]),
                                           server_label(observations, server_id),
                                           observations.data.scenarios[seen.scenario].title)
    headers = []
    for context in index.catalog.contexts.values():
        if any(emission.code == entry.code for emission in context.emits) and entry.vendor:
            headers += [f"{fp.header}: {fp.contains or '…'}" for fp in context.fingerprints
                        if fp.header and fp.means in {"generated", "passed"}]
    if entry.retry.retry_after:
        headers.append("Retry-After: 120")
    return ResponseExample("\n".join([status_line, *dict.fromkeys(headers)]), None)
