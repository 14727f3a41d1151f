"""The lab's real servers: Debian's nginx, Apache httpd, HAProxy, Varnish, Caddy, lighttpd, Squid, h2o and
Apache Traffic Server, and a newer Caddy from PyPI; nginx, HAProxy and Caddy also with the lab's client
speaking HTTP/2 over TLS to them (the `-h2` variants, with a self-signed certificate made at run time).

One module per server holds everything particular to it: its configuration (a Jinja template
in lab/templates/ with one route per scenario, `/lab/<id>/`, and short timeouts of 1 second so
that the whole matrix runs quickly), its start command, its version probe and its log
normaliser; `base` holds what they share. Adding a server is one module here, its template, and
an entry in `LAB_SERVERS`.

Each server runs the real binary on a 127.0.0.1 port from the OS, never as a system service,
and nothing listens beyond loopback. Every server runs with a private /etc/resolv.conf (a mount
namespace, `unshare --mount`) that names the lab's own resolver on loopback, so that the "does
not resolve" scenario sends no DNS query off the machine, whichever resolver the server uses.
"""

from __future__ import annotations

from statuskb.lab.servers.apache import APACHE_MODULES, Apache, apache_modules
from statuskb.lab.servers.base import (
    TIMEOUT,
    LabRoute,
    LabServer,
    LogMark,
    Running,
    ServerLog,
    Target,
    write_resolv_conf,
)
from statuskb.lab.servers.caddy import Caddy, CaddyFromPyPI, CaddyHttp2
from statuskb.lab.servers.h2o import H2o
from statuskb.lab.servers.haproxy import HAProxy, HAProxyHttp2
from statuskb.lab.servers.lighttpd import Lighttpd
from statuskb.lab.servers.nginx import Nginx, NginxHttp2, nginx_config
from statuskb.lab.servers.squid import Squid
from statuskb.lab.servers.trafficserver import TrafficServer
from statuskb.lab.servers.varnish import Varnish

__all__ = [
    "APACHE_MODULES",
    "BY_ID",
    "LAB_SERVERS",
    "SERVER_CONTEXTS",
    "SERVER_IDS",
    "TIMEOUT",
    "LabRoute",
    "LabServer",
    "LogMark",
    "Running",
    "ServerLog",
    "Target",
    "apache_modules",
    "nginx_config",
    "write_resolv_conf",
]

#: The servers in the order the observations and the site list them.
LAB_SERVERS: tuple[LabServer, ...] = (Nginx(), Apache(), HAProxy(), Varnish(), Caddy(), CaddyFromPyPI(), Lighttpd(),
                                      Squid(), H2o(), TrafficServer(), NginxHttp2(), HAProxyHttp2(), CaddyHttp2())
SERVER_IDS: tuple[str, ...] = tuple(server.id for server in LAB_SERVERS)
BY_ID: dict[str, LabServer] = {server.id: server for server in LAB_SERVERS}
#: The catalog contexts the lab measures (one per server).
SERVER_CONTEXTS: tuple[str, ...] = tuple(server.context for server in LAB_SERVERS)
