"""Caddy: handle_errors serves the page (keeping the status), handle_response turns upstream 5xx into errors."""

from __future__ import annotations

import re

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target

CONFIG = "Caddyfile"


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "caddy")
    text = given.text
    if "handle_errors" not in text:
        report.add("handle-errors", "missing `handle_errors`: errors Caddy produces itself (an unreachable "
                   "upstream) would get Caddy's empty default response")
    if "{err.status_code}.html" not in text or "file_server" not in text:
        report.add("file-server", "handle_errors must rewrite to {err.status_code}.html and use file_server")
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


CADDYFILE: ArtifactRule = Rule(
    "caddyfile",
    "handle_errors serves the page (keeps the status); handle_response turns upstream 5xx into errors.",
    _check_config,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(CONFIG, "artifact_caddyfile.j2", "caddy"),)


TARGET = Target(_render, {CONFIG: CADDYFILE})
