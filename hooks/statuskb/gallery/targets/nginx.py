"""nginx: `error_page` for every code, served from an `internal` location, upstream errors intercepted."""

from __future__ import annotations

import re

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target, code_lines

CONFIG = "nginx.conf"


def error_page_problems(given: ArtifactInput, report: Report) -> None:
    """The error_page/internal part of the rules, which Kubernetes' default backend keeps too."""
    internal: list[str] = []
    covered: set[int] = set()
    location: str | None = None
    for _, line in code_lines(given.text):
        if match := re.match(r"location\s+(?:\^~\s+|=\s+)?(\S+)\s*\{", line):
            location = match.group(1)
        elif line == "}":
            location = None
        elif line == "internal;" and location:
            internal.append(location)
    for number, line in code_lines(given.text):
        if not line.startswith("error_page "):
            continue
        words = line.rstrip(";").split()[1:]
        uri = words[-1]
        if any(word.startswith("=") for word in words):
            report.add("error-page-status", "error_page must not change the status (`=code`): the visitor "
                       "and every cache would get that code instead of the real one", number)
        if not uri.startswith("/"):
            report.add("error-page-local", f"error_page target {uri!r} is not a local URI: nginx answers a "
                       "URL with a redirect, and the 5xx status is lost", number)
        elif not any(uri.startswith(prefix) for prefix in internal):
            report.add("internal-location", f"{uri} is not inside an `internal` location: visitors could "
                       "request the error page directly and get it with 200", number)
        for word in words[:-1]:
            if word.isdigit():
                covered.add(int(word))
                if not 300 <= int(word) <= 599:
                    report.add("error-page-code", f"error_page code {word} is outside 300-599", number)
    for code in sorted(set(given.codes) - covered):
        report.add("coverage", f"no error_page for {code}")


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "nginx")
    error_page_problems(given, report)
    for flag in ("proxy_intercept_errors on;", "fastcgi_intercept_errors on;"):
        if flag not in given.text:
            report.add("intercept", f"missing `{flag}`: without it nginx passes the upstream's own 5xx "
                       "page through instead of ours")
    return report.problems


NGINX_CONFIG: ArtifactRule = Rule(
    "nginx-config",
    "error_page to local URIs inside an internal location; intercept flags for upstream errors.",
    _check_config,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(CONFIG, "artifact_nginx.conf.j2", "nginx"),)


TARGET = Target(_render, {CONFIG: NGINX_CONFIG})
