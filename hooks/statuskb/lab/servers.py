"""The lab's real servers: Debian's nginx, Apache httpd, HAProxy, Varnish and Caddy.

Each `LabServer` writes a minimal configuration with one route per scenario (`/lab/<id>/`),
short timeouts (1 second) so that the whole matrix runs quickly, starts the real binary on a
127.0.0.1 port from the OS, and reads what the server logged. Nothing is started as a system
service, and nothing listens beyond loopback.

Every server runs with a private /etc/resolv.conf (a mount namespace, `unshare --mount`) that
names the lab's own resolver on loopback, so that the "does not resolve" scenario sends no DNS
query off the machine, whichever resolver the server uses.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from statuskb.lab.processes import ServerError, debian_package_version, executable, free_port, running, version_output
from statuskb.lab.scenarios import SCENARIOS, UNRESOLVABLE_HOST, Scenario, path_of

#: Every proxy timeout in the lab, in seconds.
TIMEOUT = 1


@dataclass(frozen=True)
class Target:
    """Where a scenario's route leads: a port on 127.0.0.1 (refused or misbehaving), or a name."""

    port: int
    host: str = "127.0.0.1"


@dataclass(frozen=True)
class Version:
    """A server's own version and, on Debian, its package's."""

    version: str
    package: str | None


class LogReader:
    """New lines of a log file since a mark (its size when the mark was taken)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def mark(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def lines_since(self, mark: int, request_path: str) -> list[str]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            log.seek(mark)
            text = log.read().decode("utf-8", "replace")
        return [line for line in text.splitlines() if line.strip()]


@dataclass
class Running:
    """A started server: its port, and how to read what it logged."""

    port: int
    log: LogReader | VarnishLog


def private_resolver(resolv_conf: Path, command: list[str]) -> list[str]:
    """`command`, run with `resolv_conf` mounted over /etc/resolv.conf in its own mount namespace."""
    return [executable("unshare"), "--mount", "--", "/bin/sh", "-c",
            'mount --bind "$0" /etc/resolv.conf && exec "$@"', str(resolv_conf), *command]


def write_resolv_conf(folder: Path, resolver_address: str) -> Path:
    """A resolv.conf that names only the lab's resolver, with a short timeout and one attempt."""
    path = folder / "resolv.conf"
    path.write_text(f"nameserver {resolver_address}\noptions timeout:1 attempts:1\n", encoding="utf-8")
    return path


class LabServer:
    """One server under test. Subclasses write its configuration and read its logs."""

    id: str = ""
    context: str = ""  # the catalog's context id
    name: str = ""
    package: str = ""  # the Debian package
    binary: str = ""
    version_command: tuple[str, ...] = ()
    version_pattern: str = r"(\d+\.\d+\.\d+)"
    #: Scenarios this server cannot be configured for, with the reason shown on the site.
    unsupported: ClassVar[Mapping[str, str]] = {}

    def version(self) -> Version:
        line = version_output(self.version_command)
        found = re.search(self.version_pattern, line)
        if not found:
            raise ServerError(f"cannot read {self.name}'s version from {line!r}")
        return Version(found.group(1), debian_package_version(self.package))

    def scenarios(self) -> tuple[Scenario, ...]:
        return tuple(s for s in SCENARIOS if s.id not in self.unsupported)

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        """Start the server for these scenario targets; stop it afterwards."""
        raise NotImplementedError
        yield  # pragma: no cover

    def rejected_configuration(self, workdir: Path, scenario: Scenario, resolv_conf: Path) -> list[str] | None:
        """For scenarios the server refuses at configuration time: its error lines (else None)."""
        return None


def _routes(server: LabServer, targets: Mapping[str, Target]) -> list[tuple[Scenario, Target]]:
    return [(scenario, targets[scenario.id]) for scenario in server.scenarios() if scenario.id in targets]


# ----------------------------------------------------------------------------- nginx
class Nginx(LabServer):
    id = context = "nginx"
    name = "nginx"
    package = binary = "nginx"
    version_command = ("nginx", "-v")

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        port = free_port()
        locations, upstreams = [], []
        for scenario, target in _routes(self, targets):
            if scenario.route == "down":
                name = f"lab_{scenario.id.replace('-', '_')}"
                upstreams.append(f"upstream {name} {{ server 127.0.0.1:{target.port} down; }}")
                upstream = f"http://{name}"
            elif scenario.route == "name":
                # A name in a variable is resolved per request with `resolver`; written directly in
                # proxy_pass it would be resolved once at start-up, and nginx would refuse to start.
                upstream = f"http://$lab_upstream:{target.port}"
                locations.append(f"location {path_of(scenario.id)} {{ set $lab_upstream {target.host}; "
                                 f"proxy_pass {upstream}; }}")
                continue
            else:
                scheme = "https" if scenario.route == "https" else "http"
                upstream = f"{scheme}://127.0.0.1:{target.port}"
            locations.append(f"location {path_of(scenario.id)} {{ proxy_pass {upstream}; }}")
        config = nginx_config(workdir, "\n    ".join([
            f"proxy_connect_timeout {TIMEOUT}s;", f"proxy_read_timeout {TIMEOUT}s;", f"proxy_send_timeout {TIMEOUT}s;",
            f"resolver {resolver_address} ipv6=off;", f"resolver_timeout {TIMEOUT}s;", *upstreams,
            f"server {{\n        listen 127.0.0.1:{port};\n        " + "\n        ".join(locations) + "\n    }",
        ]))
        command = private_resolver(resolv_conf, [executable("nginx"), "-p", str(workdir), "-c", str(config),
                                                 "-g", "daemon off;"])
        with running(command, port, workdir, log_name="nginx.out"):
            yield Running(port, LogReader(workdir / "error.log"))


def nginx_config(workdir: Path, http_body: str) -> Path:
    """A minimal nginx.conf in `workdir`: one worker, logs and temp files there, `http_body` inside http {}."""
    (workdir / "temp").mkdir(exist_ok=True)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = " ".join(f"{kind}_temp_path {workdir}/temp;" for kind in kinds)
    config = workdir / "nginx.conf"
    # As root, nginx's workers would run as "nobody", who cannot read private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    config.write_text(f"""
{user}
worker_processes 1;
error_log {workdir}/error.log;
pid {workdir}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {temp}
    {http_body}
}}
""", encoding="utf-8")
    return config


# ----------------------------------------------------------------------------- Apache httpd
APACHE_MODULES = ("mpm_event", "authz_core", "alias", "mime", "headers", "proxy", "proxy_http")
APACHE_LAB_MODULES = (*APACHE_MODULES, "proxy_balancer", "lbmethod_byrequests", "slotmem_shm", "socache_shmcb", "ssl")


def apache_modules(names: tuple[str, ...]) -> str:
    """LoadModule lines for Debian's module folder."""
    return "\n".join(f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so" for name in names)


class Apache(LabServer):
    id = context = "apache"
    name = "Apache httpd"
    package = binary = "apache2"
    version_command = ("apache2", "-v")
    version_pattern = r"Apache/(\d+\.\d+\.\d+)"

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        port = free_port()
        balancers, passes = [], []
        for scenario, target in _routes(self, targets):
            if scenario.route == "down":
                name = f"balancer://lab-{scenario.id}"
                member = f"BalancerMember http://127.0.0.1:{target.port} status=+D"
                balancers.append(f"<Proxy {name}>\n    {member}\n</Proxy>")
                passes.append(f"ProxyPass {path_of(scenario.id)} {name}/")
            else:
                scheme = "https" if scenario.route == "https" else "http"
                passes.append(f"ProxyPass {path_of(scenario.id)} {scheme}://{target.host}:{target.port}/")
        # As root, Apache's children need a user to switch to; Debian's apache2 uses www-data.
        user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
        config = workdir / "httpd.conf"
        config.write_text(f"""
ServerRoot {workdir}
DefaultRuntimeDir {workdir}
PidFile {workdir}/httpd.pid
ErrorLog {workdir}/error.log
LogLevel warn
{user}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{apache_modules(APACHE_LAB_MODULES)}
TypesConfig /etc/mime.types
ProxyTimeout {TIMEOUT}
{chr(10).join(balancers)}
<VirtualHost 127.0.0.1:{port}>
    SSLProxyEngine on
    SSLProxyVerify none
    SSLProxyCheckPeerName off
    SSLProxyCheckPeerExpire off
    {chr(10).join('    ' + line for line in passes).strip()}
</VirtualHost>
""", encoding="utf-8")
        command = private_resolver(resolv_conf, [executable("apache2"), "-f", str(config), "-DFOREGROUND"])
        with running(command, port, workdir, log_name="apache2.out"):
            yield Running(port, LogReader(workdir / "error.log"))


# ----------------------------------------------------------------------------- HAProxy
class HAProxy(LabServer):
    id = context = "haproxy"
    name = "HAProxy"
    package = binary = "haproxy"
    version_command = ("haproxy", "-v")

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        port = free_port()
        uses, backends = [], []
        for scenario, target in _routes(self, targets):
            backend = f"lab_{scenario.id.replace('-', '_')}"
            uses.append(f"    use_backend {backend} if {{ path_beg {path_of(scenario.id)} }}")
            options = {"https": " ssl verify none", "down": " disabled",
                       "name": " resolvers lab init-addr none"}.get(scenario.route, "")
            backends.append(f"backend {backend}\n    server app {target.host}:{target.port}{options}")
        config = workdir / "haproxy.cfg"
        config.write_text(f"""
global
    log stdout format raw local0

defaults
    mode http
    log global
    option httplog
    timeout connect {TIMEOUT}s
    timeout server {TIMEOUT}s
    timeout client 10s

resolvers lab
    nameserver local {resolver_address}:53
    resolve_retries 1
    timeout resolve {TIMEOUT}s
    timeout retry {TIMEOUT}s

frontend lab
    bind 127.0.0.1:{port}
{chr(10).join(uses)}

{chr(10).join(backends)}
""", encoding="utf-8")
        command = private_resolver(resolv_conf, [executable("haproxy"), "-f", str(config)])
        with running(command, port, workdir, log_name="haproxy.log") as log:
            yield Running(port, LogReader(log))


# ----------------------------------------------------------------------------- Varnish
class VarnishLog:
    """What Varnish logged for one request: its shared-memory log, read with varnishlog."""

    #: The records that say what went wrong, of the request and of its backend fetch.
    TAGS = "FetchError,Error,BerespStatus,RespStatus,RespReason"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def mark(self) -> int:
        return 0

    def lines_since(self, mark: int, request_path: str) -> list[str]:
        completed = subprocess.run(
            [executable("varnishlog"), "-d", "-n", str(self.workdir), "-g", "request",
             "-q", f'ReqURL eq "{request_path}"', "-i", self.TAGS],
            capture_output=True, text=True, timeout=30, check=False)
        return [line for line in completed.stdout.splitlines() if line.strip() and not line.startswith("*")]


def _vcl_backend(name: str, target: Target, probe: bool) -> str:
    probe_text = ("\n    .probe = { .url = \"/\"; .interval = 5s; .timeout = 1s; .window = 1; .threshold = 1; "
                  ".initial = 0; }") if probe else ""
    return (f'backend {name} {{\n    .host = "{target.host}";\n    .port = "{target.port}";\n'
            f"    .connect_timeout = {TIMEOUT}s;\n    .first_byte_timeout = {TIMEOUT}s;\n"
            f"    .between_bytes_timeout = {TIMEOUT}s;{probe_text}\n}}")


class Varnish(LabServer):
    id = context = "varnish"
    name = "Varnish Cache"
    package = "varnish"
    binary = "varnishd"
    version_command = ("varnishd", "-V")
    version_pattern = r"varnish-(\d+\.\d+\.\d+)"
    unsupported: ClassVar[Mapping[str, str]] = {
        "tls-handshake": "Varnish Cache's backend definitions have no TLS setting (vcl-backend(7))",
    }

    def _command(self, workdir: Path, vcl: Path, port: int, *extra: str) -> list[str]:
        # -j none: no privilege separation (the lab's folders are private); -F: in the foreground.
        return [executable("varnishd"), "-j", "none", "-n", str(workdir / "varnish"), "-f", str(vcl),
                "-a", f"127.0.0.1:{port}", "-s", "malloc,32m", "-T", "none", *extra]

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        port = free_port()
        backends, hints = [], []
        for scenario, target in _routes(self, targets):
            if scenario.route == "name":  # resolved when the VCL is compiled: see rejected_configuration
                continue
            name = f"lab_{scenario.id.replace('-', '_')}"
            backends.append(_vcl_backend(name, target, probe=scenario.route == "down"))
            hints.append(f'    if (req.url ~ "^{path_of(scenario.id)}") {{ set req.backend_hint = {name}; }}')
        vcl = workdir / "lab.vcl"
        vcl.write_text("vcl 4.1;\n\n" + "\n\n".join(backends) + "\n\nsub vcl_recv {\n" + "\n".join(hints) + "\n}\n",
                       encoding="utf-8")
        command = private_resolver(resolv_conf, self._command(workdir, vcl, port, "-F"))
        with running(command, port, workdir, log_name="varnishd.out", timeout=60):
            yield Running(port, VarnishLog(workdir / "varnish"))

    def rejected_configuration(self, workdir: Path, scenario: Scenario, resolv_conf: Path) -> list[str] | None:
        """Varnish resolves backend names when it compiles the VCL: an unknown name stops it there."""
        if scenario.route != "name":
            return None
        vcl = workdir / f"{scenario.id}.vcl"
        vcl.write_text(f"vcl 4.1;\n\n{_vcl_backend('lab_dns', Target(80, UNRESOLVABLE_HOST), probe=False)}\n",
                       encoding="utf-8")
        compiled = subprocess.run(private_resolver(resolv_conf, self._command(workdir, vcl, free_port(), "-C")),
                                  capture_output=True, text=True, timeout=60, check=False)
        if compiled.returncode == 0:
            return None
        return [line for line in (compiled.stdout + compiled.stderr).splitlines() if line.strip()]


# ----------------------------------------------------------------------------- Caddy
class Caddy(LabServer):
    id = context = "caddy"
    name = "Caddy"
    package = binary = "caddy"
    version_command = ("caddy", "version")

    @contextmanager
    def serve(self, workdir: Path, targets: Mapping[str, Target], resolv_conf: Path,
              resolver_address: str) -> Iterator[Running]:
        port = free_port()
        handles = []
        for scenario, target in _routes(self, targets):
            transport = [f"dial_timeout {TIMEOUT}s", f"response_header_timeout {TIMEOUT}s"]
            options: list[str] = []
            upstream = f"{target.host}:{target.port}"
            if scenario.route == "https":
                upstream = f"https://{upstream}"
                transport.append("tls_insecure_skip_verify")
            if scenario.route == "down":  # Caddy has no "down" switch: an active health check fails
                options += ["health_uri /", "health_interval 30s", f"health_timeout {TIMEOUT}s"]
            block = "\n\t\t\t".join([*options, "transport http {", *("\t" + t for t in transport), "}"])
            handles.append(f"\thandle {path_of(scenario.id)}* {{\n\t\treverse_proxy {upstream} {{\n\t\t\t{block}\n"
                           "\t\t}\n\t}")
        config = workdir / "Caddyfile"
        config.write_text("{\n\tadmin off\n\tauto_https off\n}\n\n"
                          f"http://127.0.0.1:{port} {{\n" + "\n".join(handles) + "\n}\n", encoding="utf-8")
        home = {"HOME": str(workdir), "XDG_DATA_HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir)}
        command = private_resolver(resolv_conf, [executable("caddy"), "run", "--config", str(config),
                                                 "--adapter", "caddyfile"])
        with running(command, port, workdir, env=home, log_name="caddy.log") as log:
            time.sleep(0.2)  # the active health check runs once at start-up, right after provisioning
            yield Running(port, LogReader(log))


LAB_SERVERS: tuple[LabServer, ...] = (Nginx(), Apache(), HAProxy(), Varnish(), Caddy())
SERVER_IDS: tuple[str, ...] = tuple(server.id for server in LAB_SERVERS)
#: The catalog contexts the lab measures (one per server).
SERVER_CONTEXTS: tuple[str, ...] = tuple(server.context for server in LAB_SERVERS)
