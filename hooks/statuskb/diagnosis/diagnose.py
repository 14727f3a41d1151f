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

import contextlib
import http.client
import math
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urlsplit

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
    """GET `url` once: no redirects followed, no retries, a bounded body, `timeout` for all of it.

    The request runs in a worker thread and the caller waits `timeout` seconds in all (name
    lookup, connection, TLS, headers and body together): a server that drips one byte a second
    would otherwise keep every per-read timeout from expiring. At the deadline the connection is
    shut down, which ends the worker's read at once.
    """
    if not (timeout > 0 and math.isfinite(timeout)):
        raise DiagnoseError(f"--timeout must be a number of seconds above 0, not {timeout!r}")
    request = _Request(url, timeout)
    worker = threading.Thread(target=request.run, name="statuskb-diagnose", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        request.abandon()
        raise _timed_out(request.where, timeout)
    return request.result()


def _timed_out(where: str, timeout: float) -> DiagnoseError:
    """The one message for a request that did not end in time (the deadline and a read race to it)."""
    return DiagnoseError(f"no complete response from {where} within {timeout:g} s: every hop kept waiting "
                         "(a gateway further in may still answer 504 later)")


class _Request:
    """One GET, run by `fetch`'s worker; keeps its outcome (a response or a DiagnoseError)."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url, self.timeout = url, timeout
        parts = _parts(url)
        self.host = parts.hostname or ""
        self.where = f"{self.host}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
        self.connection: http.client.HTTPConnection = (
            http.client.HTTPSConnection(self.host, parts.port, timeout=timeout, context=ssl.create_default_context())
            if parts.scheme == "https" else http.client.HTTPConnection(self.host, parts.port, timeout=timeout))
        # Browsers send a non-ASCII path percent-encoded as UTF-8 (an IRI becomes a URI); so do we.
        self.target = quote(parts.path or "/", safe=_PATH_SAFE) + (f"?{quote(parts.query, safe=_QUERY_SAFE)}"
                                                                   if parts.query else "")
        self._fetched: Fetched | None = None
        self._error: DiagnoseError | None = None

    def run(self) -> None:
        try:
            self._fetched = self._get()
        except DiagnoseError as error:
            self._error = error

    def abandon(self) -> None:
        """End a request still under way: shutting the socket down ends a blocked read at once."""
        sock = self.connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.connection.close()

    def result(self) -> Fetched:
        if self._error is not None:
            raise self._error
        assert self._fetched is not None, "the worker ended without a response or an error"
        return self._fetched

    def _get(self) -> Fetched:
        where, connection = self.where, self.connection
        started = time.monotonic()
        try:
            connection.request("GET", self.target, headers={"User-Agent": "statuskb-diagnose", "Accept": "*/*",
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
            raise _timed_out(where, self.timeout) from None
        except socket.gaierror as error:
            raise DiagnoseError(f"cannot resolve {printable(self.host)}: {error.strerror}") from None
        except ssl.SSLError as error:
            raise DiagnoseError(f"the TLS handshake with {where} failed: {error.reason or error}") from None
        except http.client.RemoteDisconnected:
            raise DiagnoseError(f"{where} closed the connection without answering") from None
        except http.client.LineTooLong:
            raise DiagnoseError(f"{where} sent a status or header line longer than 65,536 bytes: not a response "
                                "a browser would accept either") from None
        except http.client.HTTPException as error:
            if "more than" in str(error) and "headers" in str(error):
                raise DiagnoseError(f"{where} sent more than 100 header lines: refused, as a header flood") from None
            raise DiagnoseError(f"{where} answered with no HTTP status line ({type(error).__name__}): a proxy may "
                                "have passed on bytes that are not HTTP as they were") from None
        except UnicodeError as error:
            raise DiagnoseError(f"cannot send the request for {printable(self.url)}: {error}") from None
        except OSError as error:
            raise DiagnoseError(f"cannot connect to {where}: {error.strerror or error}") from None
        finally:
            connection.close()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return Fetched(self.url, response.status, response.reason, headers, raw.decode("utf-8", "replace"),
                       time.monotonic() - started)


#: What may stay as it is in a path or query (RFC 3986 unreserved and sub-delims, and `%` so an
#: address already percent-encoded is sent unchanged).
_PATH_SAFE = "/%:@!$&'()*+,;=~-._"
_QUERY_SAFE = _PATH_SAFE + "?"


def _parts(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is not a number
    except ValueError as error:
        raise DiagnoseError(f"not a valid URL: {url!r} ({error})") from None
    if not parts.scheme or not parts.netloc:
        raise DiagnoseError(f"not a URL: {url!r}; give an address such as https://example.org/")
    if parts.scheme not in ("http", "https"):
        raise DiagnoseError(f"cannot diagnose a {printable(parts.scheme)}: URL; give an http:// or https:// address")
    return parts


#: Control characters (C0, DEL, C1) and the bidirectional overrides, which could rewrite a
#: terminal's display of what a server sent.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Server-sent text as the terminal may show it: control characters as visible escapes."""
    return _UNPRINTABLE.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


def explain_response(engine: Engine, fetched: Fetched) -> str:
    """The diagnosis, as the terminal shows it: the response goes through the one recognition engine."""
    catalog = engine.catalog
    reading = read_response(catalog, fetched.headers, fetched.body)
    lines = [f"GET {printable(fetched.url)} → {fetched.status} {printable(fetched.reason)} ({fetched.seconds:.2f} s)"]
    shown = [f"{name}: {printable(fetched.headers[name])}" for name in HOP_HEADERS if name in fetched.headers]
    if shown:
        lines.append("Headers that name hops: " + "; ".join(shown))
    if reading.passed:
        lines.append("Passed through: " + ", ".join(
            f"{catalog.contexts[t.context].name} ({t.evidence})" for t in reading.passed))
    if fetched.status < 400:
        return "\n".join([*lines, f"No error: {fetched.status} {printable(fetched.reason)}. Nothing to diagnose."])
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
