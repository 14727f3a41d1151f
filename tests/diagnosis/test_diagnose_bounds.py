"""`statuskb diagnose` is bounded in time and output, whatever a server sends.

Each test starts a real TCP server on 127.0.0.1 that answers the way a broken or hostile one
does (dripping bytes, a header flood, control characters) and runs the command as a user does.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from support import BIN, ROOT, scaled

Answer = Callable[[socket.socket, bytes], None]


@contextmanager
def tcp_server(answer: Answer) -> Iterator[tuple[int, list[bytes]]]:
    """A one-connection-at-a-time server; yields its port and the requests it read."""
    listener = socket.create_server(("127.0.0.1", 0))
    requests: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                request = connection.recv(65536)
                requests.append(request)
                with contextlib.suppress(OSError):  # the client gave up: what some tests are about
                    answer(connection, request)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], requests
    finally:
        stop.set()
        thread.join(timeout=scaled(5))
        listener.close()


def diagnose(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run([str(BIN / "statuskb"), "diagnose", *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=scaled(60))
    return result, time.monotonic() - started


def drip(connection: socket.socket, request: bytes) -> None:
    """A status line, then one header byte every 0.2 s: each read succeeds, the response never ends."""
    connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\n")
    for _ in range(200):
        connection.sendall(b"X")
        time.sleep(0.2)


def test_the_timeout_bounds_the_whole_request() -> None:
    with tcp_server(drip) as (port, _):
        result, took = diagnose("--timeout", "1", f"http://127.0.0.1:{port}/")
    assert result.returncode == 1
    assert "no complete response from 127.0.0.1:" in result.stderr and "within 1 s" in result.stderr
    assert "Traceback" not in result.stderr
    # Per-read timeouts would let this run for 40 s; the whole request stops at 1 s (plus start-up).
    assert took < scaled(8), took


def flood(connection: socket.socket, request: bytes) -> None:
    headers = b"".join(b"X-Flood-%d: x\r\n" % n for n in range(150))
    connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\n" + headers + b"Content-Length: 0\r\n\r\n")


def test_a_header_flood_is_one_line() -> None:
    with tcp_server(flood) as (port, _):
        result, _ = diagnose(f"http://127.0.0.1:{port}/")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("sent more than 100 header lines: refused, as a header flood")
    assert len(result.stderr.strip().splitlines()) == 1


def control_characters(connection: socket.socket, request: bytes) -> None:
    connection.sendall(b"HTTP/1.1 502 Bad \x1b[2J\x1b[31mGateway\r\nServer: evil\x1b]0;title\x07\r\n"
                       b"Content-Length: 0\r\nConnection: close\r\n\r\n")


def test_control_characters_from_the_server_are_shown_escaped() -> None:
    with tcp_server(control_characters) as (port, _):
        result, _ = diagnose(f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "502 Bad \\x1b[2J\\x1b[31mGateway" in result.stdout
    assert "server: evil\\x1b]0;title\\x07" in result.stdout


def plain_502(connection: socket.socket, request: bytes) -> None:
    connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


def test_a_non_ascii_path_is_sent_percent_encoded() -> None:
    with tcp_server(plain_502) as (port, requests):
        result, _ = diagnose(f"http://127.0.0.1:{port}/café/ü?q=ß")
    assert result.returncode == 0, result.stderr
    assert requests[0].startswith(b"GET /caf%C3%A9/%C3%BC?q=%C3%9F HTTP/1.1\r\n")


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf", "soon"])
def test_a_timeout_that_is_not_a_duration_is_a_usage_error(timeout: str) -> None:
    result, _ = diagnose("--timeout", timeout, "http://127.0.0.1:9/")
    assert result.returncode == 2
    assert f"argument --timeout: '{timeout}'" in result.stderr
    assert "Traceback" not in result.stderr
