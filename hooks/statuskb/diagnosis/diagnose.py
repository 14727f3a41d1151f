"""`statuskb diagnose URL`: send one request and say which hop most likely produced the error.

The answer comes from the catalog's fingerprints (each a sourced vendor claim; the lab's
servers' traits are also checked against the observations): a hop's own error page (a body
trait) says it generated the response; headers that a hop puts on everything (Server, Via,
CF-Ray, X-Amz-Cf-Id …) say the response passed through it. The explanation of the code in
that context comes from the catalog too, with links to the pages about it.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import Catalog, CodeEntry
from statuskb.common.site_info import SiteInfo
from statuskb.common.urls import code_context_page, code_page, context_page
from statuskb.diagnosis.fingerprints import Reading, read_response

DEFAULT_TIMEOUT = 10.0
MAX_BODY_BYTES = 256 * 1024
#: Headers that name a hop on many stacks, shown even when no fingerprint claims them.
HOP_HEADERS = ("server", "via", "x-cache", "x-served-by", "x-varnish", "cf-ray", "x-amz-cf-id", "x-amz-cf-pop",
               "x-azure-ref", "x-powered-by", "x-envoy-upstream-service-time")


class DiagnoseError(Exception):
    """A request that got no HTTP response, or a URL that cannot be requested: one line for the user."""


@dataclass(frozen=True)
class Fetched:
    """The one response."""

    url: str
    status: int
    reason: str
    headers: dict[str, str]  # lower-case names
    body: str
    seconds: float


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """GET `url` once: no redirects followed, no retries, a bounded body."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise DiagnoseError(f"not a valid URL: {url!r} ({error})") from None
    if not parts.scheme or not parts.netloc:
        raise DiagnoseError(f"not a URL: {url!r}; give an address such as https://example.org/")
    if parts.scheme not in ("http", "https"):
        raise DiagnoseError(f"cannot diagnose a {parts.scheme}: URL; give an http:// or https:// address")
    host = parts.hostname or ""
    where = f"{host}:{port or (443 if parts.scheme == 'https' else 80)}"
    connection: http.client.HTTPConnection = (
        http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
        if parts.scheme == "https" else http.client.HTTPConnection(host, port, timeout=timeout))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()
    try:
        connection.request("GET", target, headers={"User-Agent": "statuskb-diagnose", "Accept": "*/*",
                                                   "Connection": "close"})
        response = connection.getresponse()
        try:
            raw = response.read(MAX_BODY_BYTES)
        except http.client.IncompleteRead as cut:
            raw = cut.partial
    except ConnectionRefusedError:
        raise DiagnoseError(f"connection refused by {where}: nothing accepts connections there, so no hop "
                            "answered with a status") from None
    except TimeoutError:
        raise DiagnoseError(f"no response from {where} within {timeout:g} s: every hop kept waiting "
                            "(a gateway further in may still answer 504 later)") from None
    except socket.gaierror as error:
        raise DiagnoseError(f"cannot resolve {host}: {error.strerror}") from None
    except ssl.SSLError as error:
        raise DiagnoseError(f"the TLS handshake with {where} failed: {error.reason or error}") from None
    except http.client.RemoteDisconnected:
        raise DiagnoseError(f"{where} closed the connection without answering") from None
    except http.client.HTTPException as error:
        raise DiagnoseError(f"{where} answered with no HTTP status line ({type(error).__name__}): a proxy may "
                            "have passed on bytes that are not HTTP as they were") from None
    except OSError as error:
        raise DiagnoseError(f"cannot connect to {where}: {error.strerror or error}") from None
    finally:
        connection.close()
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return Fetched(url, response.status, response.reason, headers, raw.decode("utf-8", "replace"),
                   time.monotonic() - started)


def explain_response(catalog: Catalog, site: SiteInfo, fetched: Fetched) -> str:
    """The diagnosis, as the terminal shows it."""
    reading = read_response(catalog, fetched.headers, fetched.body)
    codes = {entry.code: entry for entry in catalog.codes}
    lines = [f"GET {fetched.url} → {fetched.status} {fetched.reason} ({fetched.seconds:.2f} s)"]
    shown = [f"{name}: {fetched.headers[name]}" for name in HOP_HEADERS if name in fetched.headers]
    if shown:
        lines.append("Headers that name hops: " + "; ".join(shown))
    if reading.passed:
        lines.append("Passed through: " + ", ".join(
            f"{catalog.contexts[t.context].name} ({t.evidence})" for t in reading.passed))
    lines += _verdict(catalog, site, fetched, reading, codes)
    return "\n".join(lines)


def _verdict(catalog: Catalog, site: SiteInfo, fetched: Fetched, reading: Reading,
             codes: Mapping[int, CodeEntry]) -> list[str]:
    status = fetched.status
    if status < 400:
        return [f"No error: {status} {fetched.reason}. Nothing to diagnose."]
    lines = []
    generators = reading.generators
    entry = codes.get(status)
    if not generators and entry is not None and entry.standing == "vendor":
        # A vendor's own code (Cloudflare's 52x) comes from the vendor's hop the response passed through.
        generators = tuple(t.context for t in reading.passed
                           if any(e.code == status for e in catalog.contexts[t.context].emits))[:1]
    if generators:
        context_id = generators[0]
        context = catalog.contexts[context_id]
        evidence = "; ".join(t.evidence for t in reading.generated if t.context == context_id)
        reason = f"this is its own error page ({evidence})" if evidence else f"{status} is its own code"
        lines.append(f"Answered by: {context.name}, most likely: {reason}.")
        if len(generators) > 1:
            lines.append("Also resembles the pages of: " + ", ".join(catalog.contexts[c].name for c in generators[1:]))
        emitted = [e for e in context.emits if e.code == status]
        if emitted:
            lines += [f"What it means: {context.name} sends {status} by itself; it does when: "
                      + " ".join(item.when.split()) for item in emitted]
        elif status >= 500:
            lines.append(f"What it means: {context.name} generated the {status} itself; the guide lists no "
                         f"situation in which it does, so read its log.")
        lines += _logs_and_links(catalog, site, status, context_id, codes)
        return lines
    upstream = list(reading.upstream)
    if upstream:
        names = ", ".join(f"{catalog.contexts[t.context].name} ({t.evidence})" for t in upstream)
        lines.append(f"Answered by: the server behind {names}: the proxy relayed the upstream's response.")
    elif reading.passed:
        last = catalog.contexts[reading.passed[0].context].name
        lines.append(f"Answered by: not {last} itself, most likely: the response passed through it, but the body "
                     f"is not its own error page, so the {status} came from further in (the application, or a "
                     "hop without a known fingerprint).")
    else:
        lines.append("Answered by: unknown: no known hop's trait is in the headers or the body. An error page "
                     "without branding usually comes from the application itself.")
    if status in codes:
        lines.append(f"About {status}: {site.absolute(site.page_path(code_page(status)))}")
    return lines


def _logs_and_links(catalog: Catalog, site: SiteInfo, status: int, context_id: str,
                    codes: Mapping[int, CodeEntry]) -> list[str]:
    context = catalog.contexts[context_id]
    lines = []
    if context.logs:
        lines.append(f"Where to look: {context.logs[0].what}: {context.logs[0].where}")
    in_context = {(item.entry.code, item.context_id) for item in SiteIndex(catalog).code_in_context}
    if (status, context_id) in in_context:
        lines.append(f"More: {site.absolute(site.page_path(code_context_page(status, context_id)))}")
    elif status in codes:
        lines.append(f"More: {site.absolute(site.page_path(code_page(status)))}")
    lines.append(f"      {site.absolute(site.page_path(context_page(context_id)))}")
    return lines
