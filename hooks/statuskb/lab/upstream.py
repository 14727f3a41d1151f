"""A misbehaving upstream: the application behind the proxy, failing on purpose.

Each `Behaviour` listens on its own port on 127.0.0.1 (the proxies route one path per
scenario to one port), reads the request, then misbehaves in exactly one way. Everything the
upstream sends carries the marker `UPSTREAM_MARKER`, so the lab can tell a response that the
upstream produced (and the proxy passed on) from one the proxy generated itself.

Standard library only. Threads are daemons, every wait is bounded, and `stop()` closes every
socket, so a hanging connection never outlives the lab run.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

#: In every byte sequence the upstream sends (header and body), never in a proxy's own page.
UPSTREAM_MARKER = "lab-upstream"
#: How long a "hang" connection is held at most (far beyond any proxy timeout in the lab).
MAX_HANG_SECONDS = 30.0
#: How long the upstream pauses between the first part of the body and closing the connection.
MID_BODY_PAUSE_SECONDS = 0.3
#: How long the upstream waits for a request to arrive.
READ_TIMEOUT_SECONDS = 5.0
#: Size of the one oversized response header: above nginx's (4 or 8 KB), Apache's (8 KB),
#: Varnish's (8 KB) and HAProxy's (16 KB buffer) limits, below Python's http.client line limit.
OVERSIZED_HEADER_BYTES = 32 * 1024


class Behaviour(Enum):
    """What the upstream does once it has read the request."""

    HANG = "hang"  # never answers
    CLOSE = "close"  # closes the connection without a byte
    RESET = "reset"  # resets the connection (TCP RST)
    CLOSE_MID_BODY = "close-mid-body"  # sends headers and part of the body, then closes
    MALFORMED_STATUS = "malformed-status"  # a status line whose code is not three digits
    GARBAGE = "garbage"  # bytes that are not HTTP at all
    OVERSIZED_HEADERS = "oversized-headers"  # one response header of 32 KiB
    PLAIN_HTTP = "plain-http"  # answers a TLS ClientHello with a plain-text HTTP 400
    ERROR_500 = "error-500"  # a well-formed 500 with a page of its own
    REFUSE_UPGRADE = "refuse-upgrade"  # answers a WebSocket handshake with 400, not 101


def _response(status: str, body: str, *extra: str, length: int | None = None) -> bytes:
    payload = body.encode()
    headers = [f"HTTP/1.1 {status}", "Content-Type: text/plain; charset=utf-8",
               f"Content-Length: {len(payload) if length is None else length}", f"X-Lab: {UPSTREAM_MARKER}",
               "Connection: close", *extra]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + payload


#: The bytes each behaviour sends, where it sends any.
REPLIES: dict[Behaviour, bytes] = {
    Behaviour.CLOSE_MID_BODY: _response("200 OK", f"{UPSTREAM_MARKER}: the first part of a longer body\n",
                                        length=4096),
    Behaviour.MALFORMED_STATUS: _response("2x0 OK", f"{UPSTREAM_MARKER}: a malformed status line\n"),
    Behaviour.GARBAGE: f"{UPSTREAM_MARKER}: this is not an HTTP response\r\n\r\n".encode(),
    Behaviour.OVERSIZED_HEADERS: _response("200 OK", f"{UPSTREAM_MARKER}: fine, apart from the headers\n",
                                           "X-Oversized: " + "a" * OVERSIZED_HEADER_BYTES),
    Behaviour.PLAIN_HTTP: _response("400 Bad Request", f"{UPSTREAM_MARKER}: plain HTTP on this port\n"),
    Behaviour.ERROR_500: _response("500 Internal Server Error", f"{UPSTREAM_MARKER}: the application failed\n"),
}


def _refused_handshake(request: bytes) -> bytes:
    """400 for a WebSocket handshake, with a page that says which Upgrade header the proxy passed on."""
    upgrade = next((line.split(b":", 1)[1].strip().decode("latin-1") for line in request.split(b"\r\n")[1:]
                    if line.lower().startswith(b"upgrade:")), None)
    received = f"it came with Upgrade: {upgrade}" if upgrade else "it came without an Upgrade header"
    return _response("400 Bad Request", f"{UPSTREAM_MARKER}: no WebSocket here ({received})\n")


class MisbehavingUpstream:
    """One listening socket on 127.0.0.1 whose every connection gets `behaviour`."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept_loop, name=f"upstream-{behaviour.value}", daemon=True)

    def start(self) -> MisbehavingUpstream:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close every open connection, and wait for the threads (bounded)."""
        self._stopping.set()
        self._thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                connection.close()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            request = _read_request(connection, tls=self.behaviour is Behaviour.PLAIN_HTTP)
            if self.behaviour is Behaviour.HANG:
                self._hold(connection)
            elif self.behaviour is Behaviour.RESET:
                # SO_LINGER with a zero timeout turns close() into a TCP RST.
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            elif self.behaviour is Behaviour.REFUSE_UPGRADE:
                connection.sendall(_refused_handshake(request))
            elif self.behaviour is not Behaviour.CLOSE:
                connection.sendall(REPLIES[self.behaviour])
                if self.behaviour is Behaviour.CLOSE_MID_BODY:
                    # Die a moment after the first bytes, as a crashing application does: every proxy
                    # has then started to deliver, so what the client gets does not depend on a race.
                    time.sleep(MID_BODY_PAUSE_SECONDS)
        except OSError:
            pass
        finally:
            connection.close()

    def _hold(self, connection: socket.socket) -> None:
        """Keep the connection open, saying nothing, until the peer gives up or the lab stops."""
        deadline = time.monotonic() + MAX_HANG_SECONDS
        connection.settimeout(0.2)
        while not self._stopping.is_set() and time.monotonic() < deadline:
            try:
                if not connection.recv(4096):
                    return  # the proxy closed it
            except TimeoutError:
                continue


def _read_request(connection: socket.socket, tls: bool) -> bytes:
    """Read the request head (or, for a TLS client, its first flight), bounded in size and time."""
    connection.settimeout(READ_TIMEOUT_SECONDS)
    received = b""
    while b"\r\n\r\n" not in received and len(received) < 65536:
        chunk = connection.recv(65536)
        if not chunk:
            return received
        received += chunk
        if tls:  # a ClientHello never contains an empty line: answer what came
            return received
    return received


@contextmanager
def upstreams(behaviours: list[Behaviour]) -> Iterator[dict[Behaviour, MisbehavingUpstream]]:
    """Start one upstream per behaviour; stop them all afterwards."""
    started: dict[Behaviour, MisbehavingUpstream] = {}
    try:
        for behaviour in behaviours:
            started[behaviour] = MisbehavingUpstream(behaviour).start()
        yield started
    finally:
        for upstream in started.values():
            upstream.stop()
