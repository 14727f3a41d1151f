"""Caddy: handle_errors serves the page (keeping the status), handle_response turns upstream 5xx
into errors, and a template negotiates the language and the format and fills in the details.

Caddy has no Accept-Language negotiation of its own, so `caddy-negotiate.html` does it with
the `templates` handler (Go templates and Sprig), by gallery.negotiation's rule, and then
includes the chosen file with the details filled in: the host through Go's `html` escaper,
the time and Caddy's request UUID. Its delimiters are `<!--{{` and `}}-->`, which no page
can contain: every `<` of catalog text is escaped (`&lt;` in HTML, `\\u003c` in JSON), so no
catalog or brand text can become a template action.
"""

from __future__ import annotations

import re

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.negotiation import HTML_RANGES, JSON_RANGES, MAX_ELEMENTS, language_primaries
from statuskb.gallery.pages import DETAIL_MARKERS, REQUEST_ID_MARKER
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target, language_tag

CONFIG = "Caddyfile"
TEMPLATE = "caddy-negotiate.html"
OPEN, CLOSE = "<!--{{", "}}-->"


def _go_string(text: str) -> str:
    """A Go template string literal (raw, in backquotes: our markers hold no backquote)."""
    if "`" in text:
        raise ValueError(f"cannot quote {text!r} for a Go template")
    return f"`{text}`"


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "caddy")
    text = given.text
    if "handle_errors" not in text:
        report.add("handle-errors", "missing `handle_errors`: errors Caddy produces itself (an unreachable "
                   "upstream) would get Caddy's empty default response")
    if f"/{TEMPLATE}" not in text or "file_server" not in text or "templates" not in text:
        report.add("file-server", f"handle_errors must rewrite to {TEMPLATE} and serve it with templates and "
                   "file_server")
    if f'between "{OPEN}" "{CLOSE}"' not in text:
        report.add("delimiters", f'templates must use `between "{OPEN}" "{CLOSE}"`: with Caddy\'s default {{{{ }}}} '
                   "any page text with braces would be a template action")
    for code in given.codes:
        if not re.search(rf"@(\S+) status {code}\s+handle_response @\1 \{{\s+error {code}\s", text):
            report.add("handle-response", f"reverse_proxy needs `handle_response` for status {code} that calls "
                       f"`error {code}`: otherwise the upstream's own {code} page is passed through")
    if re.search(r"^\s*respond\b.*\b200\b", text, re.M):
        report.add("status", "an error handler must not `respond` with 200", "respond")
    for code in given.codes:
        if not re.search(rf"\b{code}\b", text):
            report.add("coverage", f"{code} is not handled")
    return report.problems


def _check_template(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "caddy")
    for marker in DETAIL_MARKERS.values():
        if _go_string(marker) not in given.text:
            report.add("details", f"the template must replace the marker {marker!r}")
    if "| html" not in given.text:
        report.add("escape", "the host must go through Go's `html` escaper")
    outside = re.sub(r"<!--\{\{.*?\}\}-->", "", given.text, flags=re.S)
    if outside.strip():
        report.add("output", "everything in the template must be an action: its own text would precede every page",
                   outside.strip().split("\n")[0])
    return report.problems


CADDYFILE: ArtifactRule = Rule(
    "caddyfile",
    "handle_errors serves the negotiating template (keeps the status); handle_response turns upstream 5xx "
    "into errors.",
    _check_config,
)
CADDY_TEMPLATE: ArtifactRule = Rule(
    "caddy-template",
    "The negotiating template only acts (no text of its own), fills in every detail marker, escapes the host.",
    _check_template,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    primaries = {key: language_tag(tag) for key, tag in language_primaries(kit.languages).items()}
    markers = {
        "time": _go_string(DETAIL_MARKERS["time"]),
        "host": _go_string(DETAIL_MARKERS["host"]),
        "request_id": _go_string(REQUEST_ID_MARKER),
    }
    return (
        kit.render_file(CONFIG, "artifact_caddyfile.j2", "caddy", negotiator=TEMPLATE, open=OPEN, close=CLOSE),
        kit.render_file(TEMPLATE, "artifact_caddy_negotiate.tmpl.j2", "caddy", primaries=primaries,
                        markers=markers, html_ranges=HTML_RANGES, json_ranges=JSON_RANGES,
                        max_elements=MAX_ELEMENTS, o=OPEN, c=CLOSE),
    )


TARGET = Target(_render, {CONFIG: CADDYFILE, TEMPLATE: CADDY_TEMPLATE})
