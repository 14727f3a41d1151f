"""Make what the servers logged and sent stable between runs.

Variable parts (timestamps, process and connection numbers, addresses, ports, the lab's own
host name and paths, transaction ids) become "…", the placeholder the explainer's signatures
use: so an observed line is also a signature that matches the same line from any machine.
Everything else is kept exactly as the server wrote it.

What is particular to one server's log format is in that server's module
(`LabServer.normalise_line`); what every log, header and body needs is here.
"""

from __future__ import annotations

import re

from statuskb.lab.scenarios import UNRESOLVABLE_HOST
from statuskb.lab.upstream import UPSTREAM_MARKER

PLACEHOLDER = "…"
#: Stored bodies are cut here: enough for every server's built-in error page.
MAX_BODY_CHARS = 600

_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")
_LAB_PATH = re.compile(r"/lab/[a-z0-9-]+/")


def generic(text: str) -> str:
    """Addresses, ports, the unresolvable host name and the lab's paths."""
    text = _ADDRESS.sub(PLACEHOLDER, text)
    text = text.replace(UNRESOLVABLE_HOST, PLACEHOLDER)
    return _LAB_PATH.sub(PLACEHOLDER, text)


# ----------------------------------------------------------------------------- responses
#: The response headers that tell hops apart; the rest (dates, lengths) only vary.
KEPT_HEADERS = ("server", "via", "x-varnish", "x-cache", "x-served-by", "cf-ray", "x-amz-cf-id",
                "x-azure-ref", "x-squid-error", "content-type", "retry-after", "x-lab")
_DIGITS = re.compile(r"\d+")
_XID = re.compile(r"(XID: )\d+")
_APACHE_PORT = re.compile(r"(Server at \S+ Port )\d+")
_OVERSIZED = re.compile(r"a{64,}")
#: A page's style sheet says nothing about the error, and Squid's fills the first 600 characters.
_STYLE_SHEET = re.compile(r"<style[ >].*?</style>", re.DOTALL | re.IGNORECASE)


def headers(received: dict[str, str]) -> dict[str, str]:
    """The hop-revealing headers, with transaction numbers hidden."""
    kept = {}
    for name in KEPT_HEADERS:
        if name in received:
            value = received[name]
            kept[name] = _DIGITS.sub(PLACEHOLDER, value) if name == "x-varnish" else generic(value)
    return kept


def body(raw: bytes) -> str:
    """The start of the body as text, with transaction numbers and ports hidden and style sheets left out."""
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    text = _STYLE_SHEET.sub(f"<style>{PLACEHOLDER}</style>", text)
    text = _XID.sub(rf"\1{PLACEHOLDER}", text)
    text = _APACHE_PORT.sub(rf"\1{PLACEHOLDER}", text)
    text = _OVERSIZED.sub(PLACEHOLDER, text)
    text = generic(text)
    return text if len(text) <= MAX_BODY_CHARS else text[:MAX_BODY_CHARS] + PLACEHOLDER


def from_upstream(received_headers: dict[str, str], raw_body: bytes) -> bool:
    """True when the response (or the bytes) came from the lab's upstream, not from the server."""
    return UPSTREAM_MARKER in received_headers.get("x-lab", "") or UPSTREAM_MARKER.encode() in raw_body
