"""The behaviour lab against the real servers: the committed observations still hold.

`statuskb lab check` starts Debian's nginx, Apache httpd, HAProxy, Varnish, Caddy, lighttpd,
Squid, h2o and Apache Traffic Server and PyPI's newer Caddy on 127.0.0.1, runs every scenario against each (and puts
nginx and Apache in front of PHP-FPM, Gunicorn and uWSGI), and compares with data/observations.yaml; any
drift in status, headers, pages or log lines fails this test with the differences. `make
server-tools` installs the servers; the lab needs root (its resolver listens on port 53).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import yaml

from support import BIN, ROOT, scaled

OBSERVATIONS = ROOT / "data" / "observations.yaml"

pytestmark = pytest.mark.servers
#: The whole matrix must stay quick: it runs in every `make test` (seconds on an idle machine, scaled).
BUDGET_SECONDS = scaled(40)


def statuskb(*args: str, timeout: float = BUDGET_SECONDS + scaled(20)) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "statuskb"), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_the_servers_still_behave_as_committed() -> None:
    started = time.monotonic()
    result = statuskb("lab", "check")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-6000:]
    assert "the servers behave as recorded" in result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    committed = yaml.safe_load(OBSERVATIONS.read_text(encoding="utf-8"))
    expected = len(committed["observations"]) + len(committed["app_observations"])  # the whole matrix, run again
    assert len(progress) == expected and progress[-1].startswith(f"[{expected}/{expected}] ")
    assert any(line.endswith("nginx × timeout … 504") for line in progress), progress
    assert any(line.endswith("apache × php-fpm-socket-missing … 503") for line in progress), progress
    assert any(line.endswith("nginx-h2 × timeout … 504") for line in progress), progress
    assert any(line.endswith("nginx × websocket-timeout … 504") for line in progress), progress
    assert elapsed < BUDGET_SECONDS, f"the lab took {elapsed:.0f} s"


def test_lab_run_writes_a_selection_and_check_reports_drift(tmp_path: Path) -> None:
    out = tmp_path / "observations.yaml"
    result = statuskb("lab", "run", "--server", "nginx", "--scenario", "refused,timeout", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "[2/2] nginx × timeout … 504" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "scenario: refused\n  outcome: response\n  status: 502\n" in text
    # A committed file that says nginx answers a refused connection with 503 is drift, reported precisely.
    drifted = tmp_path / "drifted.yaml"
    drifted.write_text(text.replace("  status: 502\n", "  status: 503\n", 1), encoding="utf-8")
    check = statuskb("lab", "check", "--observations", str(drifted), "--quiet")
    assert check.returncode == 1, check.stderr
    line = next(number for number, content in enumerate(text.splitlines(), 1) if content == "  scenario: refused") - 1
    assert f"{drifted}:{line}: nginx × refused: status: committed 503, now 502" in check.stderr


def test_lab_usage_errors() -> None:
    result = statuskb("lab", "run", "--server", "iis", timeout=scaled(20))
    assert result.returncode == 2 and "unknown server or scenario: iis" in result.stderr
    assert "Traceback" not in result.stderr
