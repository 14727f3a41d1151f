"""Caddy in the lab: its Caddyfile, start command and log normaliser."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import executable
from statuskb.lab.servers.base import LabRoute, LabServer, Running, Target, write_config

#: The keys of Caddy's log entries whose values differ on every request.
_VARIABLE_KEYS = {"ts", "request", "duration", "err_id", "remote_ip", "remote_port", "user_id"}


class Caddy(LabServer):
    id = context = "caddy"
    name = "Caddy"
    package = "caddy"
    version_command = ("caddy", "version")

    output_name = "caddy.log"  # Caddy logs to standard error

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return write_config(workdir / "Caddyfile", "lab_caddyfile.j2", port=port, routes=routes)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [executable("caddy"), "run", "--config", str(config), "--adapter", "caddyfile"]

    def environment(self, workdir: Path) -> dict[str, str]:
        """Caddy keeps its state under the home and XDG folders: the lab's folder, not the machine's."""
        return {"HOME": str(workdir), "XDG_DATA_HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir)}

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        with super().serve(workdir, targets, resolv_conf, resolver_address) as started:
            time.sleep(0.2)  # the active health check runs once at start-up, right after provisioning
            yield started

    def normalise_line(self, line: str) -> str:
        """Caddy logs JSON (zap): keep every key in its order, hide the values that vary."""
        try:
            entry = json.loads(line)
        except ValueError:
            return generic(line)
        if not isinstance(entry, dict):
            return generic(line)
        parts = []
        for key, value in entry.items():
            shown = PLACEHOLDER if key in _VARIABLE_KEYS else json.dumps(value, ensure_ascii=False,
                                                                          separators=(",", ":"))
            parts.append(f"{json.dumps(key)}:{shown}")
        return generic("{" + ",".join(parts) + "}")
