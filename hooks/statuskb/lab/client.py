"""The lab's client: one GET, everything the server sends, as a browser's network layer sees it.

It reads raw bytes until the server closes the connection and only then parses them, so that
it can also report what a stricter client cannot: a response cut off in the middle of the
body, or bytes that are no HTTP response at all (a proxy passing the upstream's bytes on as
HTTP/0.9).
"""

from __future__ import annotations

import http.client
import io
import socket
import time
from dataclasses import dataclass, field
from typing import Literal

#: The lab's proxies give up after 1 second; HAProxy retries a refused connection 3 times.
CLIENT_TIMEOUT_SECONDS = 15.0
MAX_RESPONSE_BYTES = 1024 * 1024

Outcome = Literal["response", "incomplete", "not-http", "no-response"]


@dataclass(frozen=True)
class ClientResult:
    """What the client got."""

    outcome: Outcome
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names; repeated ones joined
    body: bytes = b""
    seconds: float = 0.0


class _Bytes:
    """Enough of a socket for http.client.HTTPResponse to parse bytes already read."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def makefile(self, mode: str, *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(io.BytesIO(self._data))


def parse_response(raw: bytes, method: str = "GET") -> ClientResult:
    """Turn the bytes a server sent into a result (see `Outcome`)."""
    if not raw:
        return ClientResult("no-response")
    response = http.client.HTTPResponse(_Bytes(raw), method=method)  # type: ignore[arg-type]
    try:
        response.begin()
    except (http.client.HTTPException, ValueError):
        return ClientResult("not-http", body=raw)
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    try:
        body = response.read()
        outcome: Outcome = "response"
    except http.client.IncompleteRead as cut:
        body, outcome = cut.partial, "incomplete"
    return ClientResult(outcome, response.status, headers, body)


def get(port: int, path: str, host: str = "127.0.0.1", timeout: float = CLIENT_TIMEOUT_SECONDS) -> ClientResult:
    """GET `path` from host:port with `Connection: close`, reading until the server closes."""
    started = time.monotonic()
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: statuskb-lab\r\nAccept: */*\r\n"
               "Connection: close\r\n\r\n").encode()
    chunks: list[bytes] = []
    with socket.create_connection((host, port), timeout=timeout) as connection:
        connection.sendall(request)
        deadline = started + timeout
        received = 0
        while received < MAX_RESPONSE_BYTES and time.monotonic() < deadline:
            connection.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            received += len(chunk)
    result = parse_response(b"".join(chunks))
    return ClientResult(result.outcome, result.status, result.headers, result.body, time.monotonic() - started)
