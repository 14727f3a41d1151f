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
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from statuskb.lab.processes import executable

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


#: The WebSocket opening handshake's own request headers (RFC 6455 section 4.1; the key is the RFC's example
#: nonce, section 1.3: the lab never reaches an upgrade, so it need not be fresh).
WEBSOCKET_HANDSHAKE = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n")


def get(port: int, path: str, host: str = "127.0.0.1", timeout: float = CLIENT_TIMEOUT_SECONDS) -> ClientResult:
    """GET `path` from host:port with `Connection: close`, reading until the server closes."""
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: statuskb-lab\r\nAccept: */*\r\n"
               "Connection: close\r\n\r\n").encode()
    return _exchange(host, port, request, timeout)


def get_websocket(port: int, path: str, host: str = "127.0.0.1",
                  timeout: float = CLIENT_TIMEOUT_SECONDS) -> ClientResult:
    """Open a WebSocket on `path` as a browser does: a GET with the upgrade handshake (HTTP/1.1 only).

    The handshake asks to keep the connection (`Connection: Upgrade`), so the proxy may keep it open
    after an error; the answer is read up to the end its framing gives (Content-Length or chunks), and
    only a response without one is read until the server closes.
    """
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: statuskb-lab\r\n"
               f"{WEBSOCKET_HANDSHAKE}\r\n").encode()
    return _exchange(host, port, request, timeout, until_complete=True)


def _complete(raw: bytes) -> bool:
    """Whether `raw` holds a whole response by its own framing (so a kept-open connection need not end)."""
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        return False
    fields = {name.strip().lower(): value.strip() for name, _, value in
              (line.decode("latin-1").partition(":") for line in head.split(b"\r\n")[1:])}
    if head.split(b" ", 2)[1:2] == [b"101"]:
        return True  # the connection now belongs to the new protocol
    if "chunked" in fields.get("transfer-encoding", "").lower():
        return body.endswith(b"0\r\n\r\n")
    length = fields.get("content-length", "")
    return length.isdigit() and len(body) >= int(length)


def _exchange(host: str, port: int, request: bytes, timeout: float, until_complete: bool = False) -> ClientResult:
    """Send `request` and read the answer until the server closes (or, `until_complete`, until it is whole)."""
    started = time.monotonic()
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
            if until_complete and _complete(b"".join(chunks)):
                break
    result = parse_response(b"".join(chunks))
    return ClientResult(result.outcome, result.status, result.headers, result.body, time.monotonic() - started)


#: curl's exit codes for a transfer that started and was cut off: a partial body (18), an HTTP/2
#: stream or framing error (92, 16), a failure receiving data (56).
_CUT_OFF = {16, 18, 56, 92}


def get_h2(port: int, path: str, workdir: Path, timeout: float = CLIENT_TIMEOUT_SECONDS) -> ClientResult:
    """GET `path` over HTTP/2 with TLS (the lab's self-signed certificate), with Debian's curl.

    curl is the HTTP/2 client a user would reach for (nghttp2 underneath); it writes the response
    head and body to files, and its exit code says whether the transfer was complete.
    """
    started = time.monotonic()
    head, body = workdir / "h2-head.txt", workdir / "h2-body.bin"
    for stale in (head, body):
        stale.unlink(missing_ok=True)
    command = [executable("curl"), "--silent", "--http2", "--insecure", "--max-time", str(timeout),
               "--dump-header", str(head), "--output", str(body), f"https://127.0.0.1:{port}{path}"]
    completed = subprocess.run(command, capture_output=True, timeout=timeout + 10, check=False)
    lines = head.read_text(encoding="latin-1").splitlines() if head.exists() else []
    seconds = time.monotonic() - started
    status_line = lines[0].split() if lines else []
    if len(status_line) < 2 or not status_line[0].startswith("HTTP/") or not status_line[1].isdigit() \
            or int(status_line[1]) < 100:  # curl writes a status of 000 when no response came
        return ClientResult("no-response", seconds=seconds)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name and value:
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    outcome: Outcome = "incomplete" if completed.returncode in _CUT_OFF else "response"
    payload = body.read_bytes() if body.exists() else b""
    return ClientResult(outcome, int(status_line[1]), headers, payload, seconds)
