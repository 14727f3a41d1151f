"""The failures the lab reproduces, in the order the matrix shows them.

A scenario says what goes wrong behind the proxy; how each server is configured to meet it is
in `servers/`. The ids are stable: the catalog's causes name them (`lab_scenarios`), and
data/observations.yaml is keyed by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from statuskb.lab.upstream import OVERSIZED_HEADER_BYTES, Behaviour

#: The name the "does not resolve" scenario asks for (RFC 6761: `.invalid` never resolves).
UNRESOLVABLE_HOST = "backend.invalid"

#: How a server reaches the scenario's upstream: plain HTTP, HTTPS, a pool whose only member is
#: marked down, a host name instead of an address, or plain HTTP with WebSocket upgrades let through
#: (the lab's client then sends a WebSocket handshake, RFC 6455 section 4.1, instead of a plain GET).
Route = Literal["http", "https", "down", "name", "websocket"]


@dataclass(frozen=True)
class Scenario:
    """One way for the upstream to fail."""

    id: str
    title: str
    upstream: str  # what happens behind the proxy (Markdown, one or two sentences)
    route: Route
    behaviour: Behaviour | None  # None: nothing listens on the port


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("refused", "Connection refused",
             "Nothing listens on the upstream's port, so the connection is refused at once.", "http", None),
    Scenario("timeout", "No answer",
             "The upstream accepts the connection and reads the request, then sends nothing. The proxy's "
             "response timeout is set to 1 second.", "http", Behaviour.HANG),
    Scenario("closed", "Closed before the response",
             "The upstream reads the request and closes the connection without sending a byte.", "http",
             Behaviour.CLOSE),
    Scenario("reset", "Reset before the response",
             "The upstream reads the request and resets the connection (TCP RST) without sending a byte.",
             "http", Behaviour.RESET),
    Scenario("closed-mid-body", "Closed in the middle of the body",
             "The upstream sends `200 OK` with `Content-Length: 4096` and the first 49 bytes of the body, "
             "then, 0.3 seconds later, closes the connection.", "http", Behaviour.CLOSE_MID_BODY),
    Scenario("malformed-status", "Malformed status line",
             "The upstream answers with the status line `HTTP/1.1 2x0 OK`.", "http", Behaviour.MALFORMED_STATUS),
    Scenario("garbage", "Not HTTP at all",
             "The upstream answers with a line of text that is not an HTTP response, as a different service "
             "on the wrong port would.", "http", Behaviour.GARBAGE),
    Scenario("oversized-headers", "Oversized response header",
             f"The upstream answers `200 OK` with one header of {OVERSIZED_HEADER_BYTES // 1024} KiB, above "
             "the proxies' default header buffers.", "http", Behaviour.OVERSIZED_HEADERS),
    Scenario("tls-handshake", "TLS handshake fails",
             "The proxy is configured to talk HTTPS to the upstream, which speaks plain HTTP: it answers the "
             "TLS ClientHello with a plain-text `400 Bad Request`.", "https", Behaviour.PLAIN_HTTP),
    Scenario("error-500", "The application answers 500",
             "The upstream answers a well-formed `500 Internal Server Error` with a page of its own.", "http",
             Behaviour.ERROR_500),
    Scenario("no-healthy-backend", "No healthy backend",
             "The pool's only server is marked down: by the configuration where the server has a switch for "
             "it, by a failing health check where it has not.", "down", None),
    Scenario("dns", "Upstream name does not resolve",
             f"The upstream is given by the name `{UNRESOLVABLE_HOST}`; the resolver answers that it does not "
             "exist (NXDOMAIN).", "name", None),
    Scenario("websocket-refused", "WebSocket: upstream down",
             "The client asks for a WebSocket (`Upgrade: websocket`, `Connection: Upgrade`, "
             "`Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`) on a route configured for WebSocket; nothing "
             "listens on the upstream's port.", "websocket", None),
    Scenario("websocket-rejected", "WebSocket: handshake refused",
             "The client asks for a WebSocket; the upstream answers the handshake with `400 Bad Request` "
             "instead of `101 Switching Protocols`, and its page says whether the Upgrade header reached it.",
             "websocket", Behaviour.REFUSE_UPGRADE),
    Scenario("websocket-timeout", "WebSocket: no answer to the handshake",
             "The client asks for a WebSocket; the upstream reads the handshake and sends nothing. The "
             "proxy's response timeout is set to 1 second.", "websocket", Behaviour.HANG),
)

SCENARIO_IDS: tuple[str, ...] = tuple(scenario.id for scenario in SCENARIOS)
BY_ID: dict[str, Scenario] = {scenario.id: scenario for scenario in SCENARIOS}


def path_of(scenario_id: str) -> str:
    """The request path that reaches the scenario on every lab server."""
    return f"/lab/{scenario_id}/"
