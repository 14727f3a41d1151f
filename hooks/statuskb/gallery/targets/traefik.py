"""Traefik: an `errors` middleware for every code, with a service that serves the pages."""

from __future__ import annotations

import yaml

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target

CONFIG = "traefik.yml"


def _in_ranges(code: int, ranges: list[str]) -> bool:
    """Whether `code` is in one of Traefik's status entries ("502" or "500-599")."""
    for item in ranges:
        low, _, high = item.partition("-")
        if int(low) <= code <= int(high or low):
            return True
    return False


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "traefik")
    try:
        config = yaml.safe_load(given.text)
        middleware = next(iter(config["http"]["middlewares"].values()))["errors"]
        service = middleware["service"]
        servers = config["http"]["services"][service]["loadBalancer"]["servers"]
    except (yaml.YAMLError, KeyError, TypeError, StopIteration) as error:
        report.add("shape", f"needs http.middlewares.<name>.errors and its service: {error!r}")
        return report.problems
    if "{status}" not in str(middleware.get("query", "")):
        report.add("query", "errors.query must contain {status} so each code gets its own page")
    if not servers:
        report.add("service", f"service {service} has no servers: Traefik does not host the pages itself")
    ranges = [str(item) for item in middleware.get("status", [])]
    for code in given.codes:
        if not _in_ranges(code, ranges):
            report.add("coverage", f"{code} is not in errors.status")
    return report.problems


TRAEFIK_CONFIG: ArtifactRule = Rule(
    "traefik-config",
    "errors middleware: every code in status, a service that serves the pages, {status} in query.",
    _check_config,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(CONFIG, "artifact_traefik.yml.j2", "traefik"),)


TARGET = Target(_render, {CONFIG: TRAEFIK_CONFIG})
