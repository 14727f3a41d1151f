"""Apache httpd: ErrorDocument with local paths, ProxyErrorOverride On, the pages kept off the proxy."""

from __future__ import annotations

import re

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target, code_lines

CONFIG = "apache.conf"
#: 5xx codes Apache httpd 2.4 knows a reason phrase for (ErrorDocument refuses others).
APACHE_CODES = frozenset({500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511})


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "apache")
    covered: set[int] = set()
    for number, line in code_lines(given.text):
        if match := re.match(r"ErrorDocument\s+(\d{3})\s+(\S+)", line):
            code, target = int(match.group(1)), match.group(2)
            covered.add(code)
            if code not in APACHE_CODES:
                report.add("error-document-code", f"Apache httpd 2.4 refuses ErrorDocument {code}", number)
            if target.startswith('"') or "://" in target or not target.startswith("/"):
                report.add("error-document-local", f"ErrorDocument {code} must be a local path: with a URL "
                           "Apache sends a redirect (the 5xx status is lost), a quoted string is sent as text",
                           number)
    if not re.search(r"^\s*ProxyErrorOverride\s+On\b", given.text, re.M | re.I):
        report.add("proxy-error-override", "missing `ProxyErrorOverride On`: without it mod_proxy passes the "
                   "backend's own error page through")
    if not re.search(r"^\s*ProxyPass\s+\S+\s+!\s*$", given.text, re.M):
        report.add("proxy-pass-exclusion", "missing `ProxyPass <pages> !`: a site-wide ProxyPass would send "
                   "the error page request to the failing backend too")
    for code in sorted(set(given.codes) & APACHE_CODES - covered):
        report.add("coverage", f"no ErrorDocument for {code}")
    return report.problems


APACHE_CONFIG: ArtifactRule = Rule(
    "apache-config",
    "ErrorDocument with local paths only, ProxyErrorOverride On, and the pages kept off the proxy.",
    _check_config,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(CONFIG, "artifact_apache.conf.j2", "apache", apache_codes=sorted(APACHE_CODES)),)


TARGET = Target(_render, {CONFIG: APACHE_CONFIG})
