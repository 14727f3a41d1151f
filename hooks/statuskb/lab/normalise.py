"""Make what the servers logged and sent stable between runs.

Variable parts (timestamps, process and connection numbers, addresses, ports, the lab's own
host name and paths, transaction ids) become "…", the placeholder the explainer's signatures
use: so an observed line is also a signature that matches the same line from any machine.
Everything else is kept exactly as the server wrote it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from statuskb.lab.scenarios import UNRESOLVABLE_HOST
from statuskb.lab.upstream import UPSTREAM_MARKER

PLACEHOLDER = "…"
#: Stored bodies are cut here: enough for every server's built-in error page.
MAX_BODY_CHARS = 600

_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")
_LAB_PATH = re.compile(r"/lab/[a-z0-9-]+/")
_SPACES = re.compile(r"[ \t]+")


def generic(text: str) -> str:
    """Addresses, ports, the unresolvable host name and the lab's paths."""
    text = _ADDRESS.sub(PLACEHOLDER, text)
    text = text.replace(UNRESOLVABLE_HOST, PLACEHOLDER)
    return _LAB_PATH.sub(PLACEHOLDER, text)


# ----------------------------------------------------------------------------- nginx
_NGINX_TIME = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ")
_NGINX_PROCESS = re.compile(r"\] \d+#\d+: (?:\*\d+ )?")
_NGINX_FIELD = re.compile(r"\b(client|server): [^,]*")
_NGINX_QUOTED = re.compile(r'\b(request|upstream|host|referrer): "[^"]*"')


def nginx_line(line: str) -> str:
    line = _NGINX_TIME.sub(f"{PLACEHOLDER} ", line)
    line = _NGINX_PROCESS.sub(f"] {PLACEHOLDER}#{PLACEHOLDER}: *{PLACEHOLDER} ", line)
    line = _NGINX_FIELD.sub(rf"\1: {PLACEHOLDER}", line)
    line = _NGINX_QUOTED.sub(rf'\1: "{PLACEHOLDER}"', line)
    return generic(line)


# ----------------------------------------------------------------------------- Apache httpd
_APACHE_TIME = re.compile(r"^\[[^\]]+\] ")
_APACHE_PID = re.compile(r"\[pid \d+(?::tid \d+)?\]")
_APACHE_CLIENT = re.compile(r"\[client [^\]]+\]")
_APACHE_BAD_HEADER = re.compile(r"(Bad response header: )'[^']*'")


#: Messages about the lab's own start-up (module versions, the command line), never about a request.
_APACHE_START_UP = re.compile(r"\b(AH00489|AH00094|AH01882|AH01873|AH00558|AH02155):")


def apache_line(line: str) -> str | None:
    if _APACHE_START_UP.search(line):
        return None
    line = _APACHE_TIME.sub(f"[{PLACEHOLDER}] ", line)
    line = _APACHE_PID.sub(f"[pid {PLACEHOLDER}:tid {PLACEHOLDER}]", line)
    line = _APACHE_CLIENT.sub(f"[client {PLACEHOLDER}]", line)
    line = _APACHE_BAD_HEADER.sub(rf"\1'{PLACEHOLDER}'", line)
    return generic(line)


# ----------------------------------------------------------------------------- HAProxy
#: `option httplog`: client [date] frontend backend/server timers status bytes cookies state conns queues "request".
_HTTPLOG = re.compile(
    r'^(?P<client>\S+) \[(?P<date>[^\]]+)\] (?P<frontend>\S+) (?P<backend>[^/\s]+)/(?P<server>\S+) '
    r"(?P<timers>[-+\d/]+) (?P<status>-?\d+) (?P<bytes>\+?\d+) (?P<cookies>\S+ \S+) (?P<state>\S{4}) "
    r'(?P<conns>[+\d/]+) (?P<queues>[\d/]+) (?P<request>".*")$')


def _timers(timers: str) -> str:
    """-1 says a stage never completed: keep it; the durations themselves vary."""
    return "/".join(part if part.startswith("-") else PLACEHOLDER for part in timers.split("/"))


def haproxy_line(line: str) -> str:
    found = _HTTPLOG.match(line)
    if not found:
        return generic(line)
    server = found["server"] if found["server"].startswith("<") else PLACEHOLDER  # <NOSRV>: no server picked
    p = PLACEHOLDER
    return (f"{p} [{p}] {p} {p}/{server} {_timers(found['timers'])} {found['status']} {p} {found['cookies']} "
            f'{found["state"]} {p}/{p}/{p}/{p}/{p} {p}/{p} "{p}"')


# ----------------------------------------------------------------------------- Varnish
_VARNISH_RECORD = re.compile(r"^[-*]+\s+(\w+)\s+(.*)$")
_VARNISH_BACKEND = re.compile(r"\bbackend lab_\w+")
#: What Varnish's VCL compiler says that matters to a reader (the rest echoes the VCL source).
_VCC_KEEP = ("Message from VCC-compiler", "could not be resolved", "Name or service not known",
             "VCL compilation failed")


def varnish_line(line: str) -> str | None:
    record = _VARNISH_RECORD.match(line)
    if record:  # varnishlog: "--  FetchError     backend x: fail …" → "FetchError backend …: fail …"
        text = _VARNISH_BACKEND.sub(f"backend {PLACEHOLDER}", record[2])
        return generic(f"{record[1]} {_SPACES.sub(' ', text)}")
    if any(keep in line for keep in _VCC_KEEP):
        return generic(line.strip().replace(f'"{UNRESOLVABLE_HOST}"', UNRESOLVABLE_HOST))
    return None


# ----------------------------------------------------------------------------- Caddy
_CADDY_VARIABLE = {"ts", "request", "duration", "err_id", "remote_ip", "remote_port", "user_id"}


def caddy_line(line: str) -> str:
    """Caddy logs JSON (zap): keep every key in its order, hide the values that vary."""
    try:
        entry = json.loads(line)
    except ValueError:
        return generic(line)
    if not isinstance(entry, dict):
        return generic(line)
    parts = []
    for key, value in entry.items():
        shown = PLACEHOLDER if key in _CADDY_VARIABLE else json.dumps(value, ensure_ascii=False,
                                                                       separators=(",", ":"))
        parts.append(f"{json.dumps(key)}:{shown}")
    return generic("{" + ",".join(parts) + "}")


LINE_NORMALISERS: dict[str, Callable[[str], str | None]] = {
    "nginx": nginx_line, "apache": apache_line, "haproxy": haproxy_line, "varnish": varnish_line,
    "caddy": caddy_line,
}


def log_lines(server_id: str, lines: list[str]) -> list[str]:
    """The relevant lines of one request, normalised, in the order the server wrote them."""
    normalise = LINE_NORMALISERS[server_id]
    kept = [normalise(line.rstrip()) for line in lines]
    return [line for line in kept if line]


# ----------------------------------------------------------------------------- responses
#: The response headers that tell hops apart; the rest (dates, lengths) only vary.
KEPT_HEADERS = ("server", "via", "x-varnish", "x-cache", "x-served-by", "cf-ray", "x-amz-cf-id",
                "x-azure-ref", "content-type", "retry-after", "x-lab")
_DIGITS = re.compile(r"\d+")
_XID = re.compile(r"(XID: )\d+")
_APACHE_PORT = re.compile(r"(Server at \S+ Port )\d+")
_OVERSIZED = re.compile(r"a{64,}")


def headers(received: dict[str, str]) -> dict[str, str]:
    """The hop-revealing headers, with transaction numbers hidden."""
    kept = {}
    for name in KEPT_HEADERS:
        if name in received:
            value = received[name]
            kept[name] = _DIGITS.sub(PLACEHOLDER, value) if name == "x-varnish" else generic(value)
    return kept


def body(raw: bytes) -> str:
    """The start of the body as text, with transaction numbers and ports hidden."""
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    text = _XID.sub(rf"\1{PLACEHOLDER}", text)
    text = _APACHE_PORT.sub(rf"\1{PLACEHOLDER}", text)
    text = _OVERSIZED.sub(PLACEHOLDER, text)
    text = generic(text)
    return text if len(text) <= MAX_BODY_CHARS else text[:MAX_BODY_CHARS] + PLACEHOLDER


def from_upstream(received_headers: dict[str, str], raw_body: bytes) -> bool:
    """True when the response (or the bytes) came from the lab's upstream, not from the server."""
    return UPSTREAM_MARKER in received_headers.get("x-lab", "") or UPSTREAM_MARKER.encode() in raw_body
