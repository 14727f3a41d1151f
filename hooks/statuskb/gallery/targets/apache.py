"""Apache httpd: ErrorDocument to a type map per code, so mod_negotiation picks the language
(Accept-Language, q-values, LanguagePriority as the fallback) and the format (the page, or
problem details when Accept prefers JSON); mod_include fills in the request details.

One difference from gallery.negotiation's rule, measured in Apache 2.4: between languages of
equal q, mod_negotiation does not take the first listed. Without `Prefer` it takes the shortest
variant; with it (as here) the first in LanguagePriority, which at least is predictable.
Browsers send falling q-values, so this only shows with hand-written headers such as `fr, de`.
And a range that matches a variant only by its primary subtag (pt-PT for pt-BR, de-CH alone)
counts for far less than a listed language: `pt-PT, en;q=0.8` gets English. Browsers list the
base language too (`pt-PT,pt;q=0.9,en;q=0.8`), which Apache matches fully.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.negotiation import primary
from statuskb.gallery.targets.base import (
    Artifact,
    ArtifactInput,
    ArtifactRule,
    Kit,
    Report,
    Target,
    code_lines,
    language_tag,
)

CONFIG = "apache.conf"
TYPE_MAPS = "*.var"
#: 5xx codes Apache httpd 2.4 knows a reason phrase for (ErrorDocument refuses others).
APACHE_CODES = frozenset({500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511})
#: Source quality of the two formats: HTML wins a tie (a browser's */*), JSON only when asked for.
HTML_QS, JSON_QS = "1.0", "0.9"


def type_map(kit: Kit, code: int) -> str:
    """The type map of one code: one variant per language and format, URIs relative to it."""
    blocks = [f"URI: {code}\n"]
    for language in kit.languages:
        tag = language_tag(language)
        # Apache lets a range match a shorter variant tag (de-CH: de) but not a sibling (pt-PT: pt-BR):
        # naming the primary subtag too gives gallery.negotiation's rule.
        names = tag if primary(tag) == tag.lower() else f"{tag}, {primary(tag)}"
        blocks.append(f"URI: {tag}/{code}.html\nContent-Type: text/html; charset=utf-8; qs={HTML_QS}\n"
                      f"Content-Language: {names}\n")
        # Apache matches media types exactly: the same body is offered as application/json too (for
        # `Accept: application/json`); apache.conf's `Header edit` labels it problem+json again.
        for media_type in ("application/problem+json", "application/json"):
            blocks.append(f"URI: {tag}/{code}.json\nContent-Type: {media_type}; qs={JSON_QS}\n"
                          f"Content-Language: {names}\n")
    return "\n".join(blocks)


def _check_type_map(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "apache")
    code = PurePosixPath(given.path).stem
    variants = [block for block in given.text.split("\n\n")[1:] if block.strip()]
    if not variants:
        report.add("variants", "a type map needs one variant per language and format")
    for block in variants:
        uri = re.search(r"^URI: (\S+)$", block, re.M)
        if not uri or not re.fullmatch(rf"[A-Za-z-]+/{code}\.(html|json)", uri.group(1)):
            report.add("uri", f"every variant must be <language>/{code}.html or .json", block.split("\n")[0])
        if not re.search(r"^Content-Language: [A-Za-z-]+(, [a-z]+)?$", block, re.M):
            report.add("content-language", "every variant needs its Content-Language", block.split("\n")[0])
        if not re.search(r"^Content-Type: (text/html; charset=utf-8|application/(problem\+)?json); qs=", block, re.M):
            report.add("content-type", "every variant needs its Content-Type with a qs", block.split("\n")[0])
    return report.problems


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
            elif not target.endswith(f"/{code}.var"):
                report.add("negotiation", f"ErrorDocument {code} must name the code's type map ({code}.var) so "
                           "that the visitor's language and format are negotiated", number)
    for directive, why in (
        (r"ProxyErrorOverride\s+On\b", "without it mod_proxy passes the backend's own error page through"),
        (r"ProxyPass\s+\S+\s+!\s*$", "a site-wide ProxyPass would send the error page request to the failing "
                                     "backend too"),
        (r"AddHandler\s+type-map\s+\.var\b", "the .var files are type maps only with this handler"),
        (r"ForceLanguagePriority\s+Prefer\s+Fallback\b", "without it a visitor whose languages we lack gets "
                                                          "406 or a list of variants instead of the page"),
        (r"AddOutputFilter\s+INCLUDES\s+\.html\s+\.json\b", "mod_include fills in the request details"),
    ):
        if not re.search(rf"^\s*{directive}", given.text, re.M | re.I):
            report.add("directives", f"missing `{directive.replace(chr(92) + 's+', ' ')}`: {why}")
    for code in sorted(set(given.codes) & APACHE_CODES - covered):
        report.add("coverage", f"no ErrorDocument for {code}")
    return report.problems


APACHE_CONFIG: ArtifactRule = Rule(
    "apache-config",
    "ErrorDocument to each code's type map, negotiation with a fallback, SSI, ProxyErrorOverride, pages off "
    "the proxy.",
    _check_config,
)
APACHE_TYPE_MAP: ArtifactRule = Rule(
    "apache-type-map",
    "A type map lists every language and format of its code, each with Content-Type (qs) and Content-Language.",
    _check_type_map,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    maps = tuple(Artifact(f"{kit.folder}/{entry.code}.var", type_map(kit, entry.code), "apache")
                 for entry in kit.entries if entry.code in APACHE_CODES)
    config = kit.render_file(CONFIG, "artifact_apache.conf.j2", "apache", apache_codes=sorted(APACHE_CODES))
    return (*maps, config)


TARGET = Target(_render, {CONFIG: APACHE_CONFIG, TYPE_MAPS: APACHE_TYPE_MAP})
