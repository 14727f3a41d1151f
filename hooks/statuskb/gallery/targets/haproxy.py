"""HAProxy: a raw `.http` errorfile for the codes HAProxy generates, `http-response return` for the
errors a server sends, so the visitor gets our page with the real status either way.

For the errors a server sends, HAProxy negotiates: its `language` converter returns the
listed value with the highest q in Accept-Language (the first among equal q; de-CH matches
de), and the same converter reads Accept for the format. The response is a log-format file
(`lf-file`, haproxy/<language>/<code>.html or .json): the page with `%` doubled and the
detail markers replaced by log-format expressions: the time (%T, GMT), the Host header
reduced to letters, digits, `.`, `:` and `-` (HAProxy has no HTML escaper; whatever else a
hostile Host holds becomes `_`), and the unique id (hex digits by our unique-id-format).
HAProxy's own errors (`errorfile`) take no condition: they are the default language's page.
Measured in HAProxy 2.6: when a language the converter lists comes first with q=0 exactly
(`ko;q=0, nl;q=0.3`), it returns the default instead of the next acceptable language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

from statuskb.catalog.model import CodeEntry
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.negotiation import HTML_RANGES, JSON_RANGES, language_primaries
from statuskb.gallery.pages import DETAIL_MARKERS
from statuskb.gallery.targets.base import (
    Artifact,
    ArtifactInput,
    ArtifactRule,
    Kit,
    Report,
    Target,
    code_lines,
    language_tag,
    reason_phrase,
)

CONFIG = "haproxy.cfg"
#: The log-format responses for the errors servers send: haproxy/de/502.html, haproxy/de/502.json.
LOG_FORMAT_FILES = "haproxy/*/*.*"
#: What replaces each detail marker in a log-format file.
LOG_FORMAT_DETAILS = {"time": "%T", "host": "%[var(txn.fieldguide_host)]", "request_id": "%[unique-id]"}
#: The raw responses, one per errorfile code: haproxy/502.http.
RESPONSES = "haproxy/*.http"
#: Status codes HAProxy can answer with an errorfile (HAProxy configuration manual, "errorfile").
HAPROXY_ERRORFILE_CODES = frozenset({500, 501, 502, 503, 504})
#: HAProxy's default tune.bufsize (16384) minus tune.maxrewrite (1024): the largest errorfile.
HAPROXY_MAX_RESPONSE = 16384 - 1024


def haproxy_response(entry: CodeEntry, page: str) -> bytes:
    """A full raw HTTP response for HAProxy's errorfile: status line, headers, CRLF, body."""
    body = page.encode("utf-8")
    head = [
        f"HTTP/1.1 {entry.code} {reason_phrase(entry.reason)}",
        "Content-Type: text/html; charset=utf-8",
        f"Content-Length: {len(body)}",
        "Cache-Control: no-store",
        "Connection: close",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


@lru_cache(maxsize=4096)
def log_format_file(text: str) -> str:
    """A page or problem details as an lf-file: `%` doubled, the detail markers as log-format expressions.

    Cached by text: a plan writes about 600 a theme, and `mkdocs serve` plans again on each save,
    which changes one code's pages at most.
    """
    for name, marker in DETAIL_MARKERS.items():
        text = text.replace(marker, f"\x00{name}\x00")
    text = text.replace("%", "%%")
    for name, expression in LOG_FORMAT_DETAILS.items():
        text = text.replace(f"\x00{name}\x00", expression)
    return text


def _check_log_format(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "haproxy")
    rest = given.text.replace("%%", "")
    for expression in LOG_FORMAT_DETAILS.values():
        rest = rest.replace(expression, "")
    if "%" in rest:
        report.add("percent", "every `%` that is not one of the detail expressions must be doubled (`%%`): HAProxy "
                   "reads the file as log-format")
    if "<!--#" in given.text:
        report.add("markers", "an SSI marker is left: HAProxy would send it as is")
    return report.problems


def _check_response(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "haproxy")
    data = given.data
    code = int(PurePosixPath(given.path).stem)  # haproxy/502.http answers 502
    if len(data) > HAPROXY_MAX_RESPONSE:
        report.add("size", f"{len(data)} bytes; HAProxy refuses errorfiles over tune.bufsize - tune.maxrewrite "
                   f"= {HAPROXY_MAX_RESPONSE} bytes by default")
    head, separator, body = data.partition(b"\r\n\r\n")
    if not separator:
        report.add("crlf", "no CRLF CRLF between the headers and the body")
        return report.problems
    if b"\n" in head.replace(b"\r\n", b"") or b"\r" in head.replace(b"\r\n", b""):
        report.add("crlf", "every header line must end with CRLF (a bare LF or CR is in the header block)")
    lines = head.decode("ascii", "replace").split("\r\n")
    if not re.fullmatch(rf"HTTP/1\.[01] {code} [\t -~]+", lines[0]):
        report.add("status-line", f"the first line must be `HTTP/1.x {code} <reason>`, not {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    expected = {"content-type": "text/html; charset=utf-8", "cache-control": "no-store", "connection": "close"}
    for name, value in expected.items():
        if headers.get(name, "").lower() != value:
            report.add("headers", f"needs `{name.title()}: {value}`")
    if headers.get("content-length") != str(len(body)):
        report.add("content-length", f"Content-Length says {headers.get('content-length')}, the body has "
                   f"{len(body)} bytes")
    return report.problems


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "haproxy")
    for number, line in code_lines(given.text):
        if match := re.match(r"errorfile\s+(\d{3})\s+(\S+)", line):
            code, file = int(match.group(1)), match.group(2)
            if code not in HAPROXY_ERRORFILE_CODES:
                report.add("errorfile-code", f"HAProxy cannot use an errorfile for {code}; use "
                           "`http-response return ... file` for it", number)
            if not (file.startswith("/") and file.endswith(".http")):
                report.add("errorfile-path", "errorfile takes an absolute path to a .http file (files are read "
                           "before any chroot)", number)
    if "http-errors " not in given.text or "errorfiles " not in given.text:
        report.add("http-errors", "needs an http-errors section and `errorfiles` in the proxy")
    for name in ("fieldguide_lang", "fieldguide_format", "fieldguide_host"):
        if f"set-var(txn.{name})" not in given.text:
            report.add("negotiation", f"the frontend must set txn.{name} (language, format, escaped host)")
    for code in given.codes:
        if not re.search(rf"http-response return status {code}\b.*\{{ status {code} \}}", given.text):
            report.add("upstream", f"no `http-response return status {code} ... if {{ status {code} }}`: the "
                       "server's own error page would reach the visitor")
    return report.problems


HAPROXY_LOG_FORMAT: ArtifactRule = Rule(
    "haproxy-log-format",
    "A log-format response: `%` doubled except the detail expressions, no SSI marker left.",
    _check_log_format,
)
HAPROXY_RESPONSE: ArtifactRule = Rule(
    "haproxy-response",
    "A raw HAProxy errorfile (named for its code): status line, CRLF headers, no-store, close, exact length, "
    "size limit.",
    _check_response,
)
HAPROXY_CONFIG: ArtifactRule = Rule(
    "haproxy-config",
    "errorfile only for the codes HAProxy generates; upstream 5xx replaced with http-response return.",
    _check_config,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    # HAProxy can only use an errorfile for the codes it generates, with no condition: the default language.
    responses = tuple(Artifact(f"{kit.folder}/haproxy/{entry.code}.http",
                               haproxy_response(entry, kit.page(entry.code)), "haproxy")
                      for entry in kit.entries if entry.code in HAPROXY_ERRORFILE_CODES)
    log_format = tuple(
        Artifact(f"{kit.folder}/haproxy/{language}/{code}.{extension}", log_format_file(content), "haproxy")
        for extension, files in (("html", kit.pages), ("json", kit.problems))
        for (language, code), content in sorted(files.items()))
    primaries = {key: language_tag(tag) for key, tag in language_primaries(kit.languages).items()}
    config = kit.render_file(CONFIG, "artifact_haproxy.cfg.j2", "haproxy",
                             haproxy_codes=sorted(HAPROXY_ERRORFILE_CODES), primaries=primaries,
                             media_ranges=";".join((*HTML_RANGES, *JSON_RANGES)), json_ranges=JSON_RANGES)
    return (*responses, *log_format, config)


TARGET = Target(_render, {CONFIG: HAPROXY_CONFIG, RESPONSES: HAPROXY_RESPONSE, LOG_FORMAT_FILES: HAPROXY_LOG_FORMAT})
