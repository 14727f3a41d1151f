"""`statuskb diagnose URL`: send one request and say which hop most likely produced the error.

The response is written out as `curl -i` prints it and read by the one recognition engine
(`recognise`), exactly as `statuskb explain` reads a pasted transcript, so the two agree. The
answer comes from the catalog's fingerprints (each a sourced vendor claim; the lab's
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
from dataclasses import dataclass
from urllib.parse import urlsplit

from statuskb.common.urls import code_page, context_page
from statuskb.diagnosis.fingerprints import read_response
from statuskb.diagnosis.recognise import Answer, Engine, answer_page, emitted_when, recognise, transcript

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


def explain_response(engine: Engine, fetched: Fetched) -> str:
    """The diagnosis, as the terminal shows it: the response goes through the one recognition engine."""
    catalog = engine.catalog
    reading = read_response(catalog, fetched.headers, fetched.body)
    lines = [f"GET {fetched.url} → {fetched.status} {fetched.reason} ({fetched.seconds:.2f} s)"]
    shown = [f"{name}: {fetched.headers[name]}" for name in HOP_HEADERS if name in fetched.headers]
    if shown:
        lines.append("Headers that name hops: " + "; ".join(shown))
    if reading.passed:
        lines.append("Passed through: " + ", ".join(
            f"{catalog.contexts[t.context].name} ({t.evidence})" for t in reading.passed))
    if fetched.status < 400:
        return "\n".join([*lines, f"No error: {fetched.status} {fetched.reason}. Nothing to diagnose."])
    answers, _ = recognise(engine, transcript(fetched.status, fetched.reason, fetched.headers, fetched.body))
    answer = next((a for a in answers if a.code == fetched.status), None)
    return "\n".join(lines + _verdict(engine, fetched.status, answer, answers))


def _verdict(engine: Engine, status: int, answer: Answer | None, answers: tuple[Answer, ...]) -> list[str]:
    catalog, site = engine.catalog, engine.site
    codes = {entry.code for entry in catalog.codes}
    if answer is not None and answer.hop is not None and answer.role == "generated":
        context = catalog.contexts[answer.hop]
        evidence = "; ".join(answer.own)
        reason = f"this is its own error page ({evidence})" if evidence else f"{status} is its own code"
        lines = [f"Answered by: {context.name}, most likely: {reason}."]
        others = [catalog.contexts[a.hop].name for a in answers
                  if a is not answer and a.hop is not None and a.role == "generated" and a.code == status]
        if others:
            lines.append("Also resembles the pages of: " + ", ".join(dict.fromkeys(others)))
        when = emitted_when(engine, answer)
        if when:
            lines.append(f"What it means: {context.name} sends {status} by itself; it does when: "
                         + " ".join(when.split()))
        elif status >= 500:
            lines.append(f"What it means: {context.name} generated the {status} itself; the guide lists no "
                         f"situation in which it does, so read its log.")
        if context.logs:
            lines.append(f"Where to look: {context.logs[0].what}: {context.logs[0].where}")
        lines.append(f"More: {site.absolute(answer_page(engine, answer))}")
        lines.append(f"      {site.absolute(site.page_path(context_page(answer.hop)))}")
        return lines
    if answer is not None and answer.hop is not None and answer.role == "relayed":
        evidence = "; ".join(answer.about_hop)
        lines = [f"Answered by: the server behind {catalog.contexts[answer.hop].name} ({evidence}): the proxy "
                 "relayed the upstream's response."]
    elif answer is not None and answer.hop is not None:
        last = catalog.contexts[answer.hop].name
        lines = [f"Answered by: not {last} itself, most likely: the response passed through it, but the body "
                 f"is not its own error page, so the {status} came from further in (the application, or a "
                 "hop without a known fingerprint)."]
    else:
        lines = ["Answered by: unknown: no known hop's trait is in the headers or the body. An error page "
                 "without branding usually comes from the application itself."]
    if status in codes:
        lines.append(f"About {status}: {site.absolute(site.page_path(code_page(status)))}")
    return lines
