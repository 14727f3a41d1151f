"""Start real servers as child processes on 127.0.0.1 and stop them again.

Shared by the behaviour lab (`statuskb lab run`) and the real-server tests of the error-page
gallery. Servers run in the foreground in their own process group, with their configuration,
logs and state in a temporary folder; they are never started as system services. Every wait is
bounded in time.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

#: Where Debian puts the daemons that are not on a normal user's PATH.
SBIN_DIRS = ("/usr/sbin", "/sbin")


class ServerError(RuntimeError):
    """A server is missing, would not start, or did not open its port in time."""


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def executable(name: str) -> str:
    """The full path of a server binary, or ServerError naming how to install it."""
    found = shutil.which(name) or next(
        (str(Path(folder) / name) for folder in SBIN_DIRS if (Path(folder) / name).exists()), None)
    if not found:
        raise ServerError(f"{name} is not installed: `make server-tools` installs the lab's servers from Debian")
    return found


def _accepts(address: int | Path) -> bool:
    """Whether something accepts connections on 127.0.0.1:`address`, or on the Unix socket `address`."""
    if isinstance(address, Path):
        with socket.socket(socket.AF_UNIX) as sock:
            return sock.connect_ex(str(address)) == 0
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", address)) == 0


def wait_for_port(port: int | Path, process: subprocess.Popen[bytes], log: Path, timeout: float = 15) -> None:
    """Return once something accepts connections on 127.0.0.1:`port` (or on the Unix socket `port`, a path);
    fail if the process dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        if _accepts(port):
            return
        time.sleep(0.05)
    raise ServerError(f"nothing listens on {port} after {timeout} s:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, then SIGKILL if it has not gone within 10 s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def running(command: Sequence[str], port: int | Path, workdir: Path, env: dict[str, str] | None = None,
            log_name: str | None = None, timeout: float = 15) -> Iterator[Path]:
    """Start a server in the foreground (its own process group), wait for its port (or Unix socket), stop it after.

    Yields the file that receives the server's standard output and error.
    """
    program = command[0] if "/" in command[0] else executable(command[0])
    log = workdir / (log_name or f"{Path(command[0]).name}.log")
    with log.open("wb") as output:
        process = subprocess.Popen([program, *command[1:]], stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=workdir, env={**os.environ, **(env or {})},
                                   start_new_session=True)
        try:
            wait_for_port(port, process, log, timeout)
            yield log
        finally:
            stop(process)


def version_output(command: Sequence[str]) -> str:
    """The first line a server prints about its version (`nginx -v`, `caddy version` …)."""
    program = command[0] if "/" in command[0] else executable(command[0])
    completed = subprocess.run([program, *command[1:]], capture_output=True, text=True, timeout=30, check=False)
    lines = (completed.stdout + completed.stderr).strip().splitlines()
    if not lines:
        raise ServerError(f"{command[0]} printed no version")
    return lines[0]


def debian_package_version(package: str) -> str | None:
    """The installed Debian package version (`1.22.1-9+deb12u11`), or None outside Debian."""
    if not shutil.which("dpkg-query"):
        return None
    completed = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True,
                               timeout=30, check=False)
    return completed.stdout.strip() or None
