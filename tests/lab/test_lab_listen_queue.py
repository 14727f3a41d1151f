"""How the lab fills a listen queue, on this machine's kernel, with plain sockets: no server started.

The "listen queue full" scenarios rest on three things Linux does: a Unix socket with backlog 1
takes two connections and refuses a third non-blocking one with EAGAIN; a TCP listener's accept
queue shows in /proc/net/tcp; and a blocking connect to a full Unix socket waits in
unix_wait_for_peer, which /proc/PID/task/TID/wchan names. If a kernel behaved otherwise, the
scenarios would be measuring something else: these tests say so first.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from statuskb.lab.applications import (
    SMALL_BACKLOG,
    accept_queue_holds,
    fill_tcp_queue,
    fill_unix_queue,
    waiting_for_a_place,
)
from statuskb.lab.processes import ServerError
from support import scaled


@contextmanager
def unix_listener(path: Path, backlog: int = SMALL_BACKLOG) -> Iterator[socket.socket]:
    """A listening Unix socket at `path` that never accepts by itself."""
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        listener.listen(backlog)
        yield listener


def test_a_unix_socket_queue_is_full_after_one_more_than_its_backlog(tmp_path: Path) -> None:
    path = tmp_path / "app.sock"
    with unix_listener(path), ExitStack() as queued:
        fill_unix_queue(str(path), queued)
        with socket.socket(socket.AF_UNIX) as late:
            late.setblocking(False)
            with pytest.raises(BlockingIOError):
                late.connect(str(path))


def test_a_queue_that_is_never_full_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "app.sock"
    with unix_listener(path, backlog=4096), ExitStack() as queued, pytest.raises(ServerError, match="still not full"):
        fill_unix_queue(str(path), queued)


def test_a_tcp_accept_queue_is_filled_one_connection_at_a_time() -> None:
    with socket.socket() as listener, ExitStack() as queued:
        listener.bind(("127.0.0.1", 0))
        listener.listen(SMALL_BACKLOG)
        port = listener.getsockname()[1]
        assert accept_queue_holds(port, 0)
        fill_tcp_queue(port, queued)
        assert accept_queue_holds(port, SMALL_BACKLOG + 1)
        assert not accept_queue_holds(port, SMALL_BACKLOG)
        listener.settimeout(scaled(5))
        accepted, _ = listener.accept()  # they are real connections, in the queue
        with accepted:
            assert accepted.recv(1) == b"\0"


def test_a_blocking_connect_to_a_full_unix_socket_is_seen_waiting(tmp_path: Path) -> None:
    path = tmp_path / "app.sock"
    with unix_listener(path) as listener, ExitStack() as queued:
        fill_unix_queue(str(path), queued)
        assert not waiting_for_a_place(tmp_path)
        # A process whose command line names a file in the folder, as a proxy's names its configuration.
        connect = "import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])"
        waiting = subprocess.Popen([sys.executable, "-c", connect, str(path)])
        try:
            deadline = time.monotonic() + scaled(10)
            while not waiting_for_a_place(tmp_path):
                assert waiting.poll() is None, "the connect returned before a place was free"
                assert time.monotonic() < deadline, "the waiting connect was never seen"
                time.sleep(0.01)
            listener.accept()[0].close()  # a place frees: the connect completes
            assert waiting.wait(timeout=scaled(10)) == 0
        finally:
            waiting.kill()
            waiting.wait()
