"""nginx: `error_page` for every code, served from an `internal` location, upstream errors intercepted,
the language and the format negotiated with `map` alone, the request details filled in by SSI.

nginx has no Accept-Language parser, so `nginx-http.conf` builds one from `map` blocks (the
rule is gallery.negotiation's): one map reads each of the first MAX_ELEMENTS elements of the
header, one turns the element into "QQQQ:tag" (its q as four or more digits, and the page
language it names), and one keeps the better of the best so far and this element. "Better"
is a regex over "BEST|ELEMENT": a common prefix of digits, then a larger digit in the
element's q (PCRE backreference). Only a strictly greater q replaces the best, so among equal
q the first listed wins. The same chain, with HTML and JSON as the two "languages", picks the
format from Accept.
"""

from __future__ import annotations

import re

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.negotiation import HTML_RANGES, JSON_RANGES, MAX_ELEMENTS, language_primaries
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

CONFIG = "nginx.conf"
MAPS = "nginx-http.conf"
#: The variables the server-level file uses, set by the maps.
LANGUAGE_VARIABLE, FORMAT_VARIABLE = "$fieldguide_lang", "$fieldguide_ext"

_PARAMS = r"(?:\s*;\s*(?!q\s*=)[^;]*)*"  # media type parameters other than q
_ONE = r"(?:\s*;\s*q\s*=\s*1(?:\.0{0,3})?)?\s*$"
_BELOW_ONE = r"\s*;\s*q\s*=\s*0(?:\.(\d)?(\d)?(\d)?)?\s*$"
#: "the element's q is greater than the best's": common digits, then a larger one (group 2 is the prefix).
_GREATER = "|".join(rf"{d}\d*:[^|]*\|\2[{d + 1}-9]" for d in range(9))


def _classify(names: str, value: str) -> list[str]:
    """Two map lines: the element `names` with q = 1 (or none), and with q < 1 (padded to 4+ digits)."""
    return [f'"~*^{names}{_PARAMS}{_ONE}" "1000:{value}";',
            f'"~*^{names}{_PARAMS}{_BELOW_ONE}" "0$1$2$3000:{value}";']


def _chain(header: str, prefix: str, entries: list[str], default: str, result: str, final: str) -> str:
    """The maps that pick the best element of `header` (see the module docstring)."""
    lines: list[str] = []
    best = f"0000:{default}"
    for index in range(MAX_ELEMENTS):
        element, scored, chosen = f"${prefix}_e{index}", f"${prefix}_q{index}", f"${prefix}_b{index}"
        lines += [f'map $http_{header} {element} {{', f'    "~^(?:[^,]*,){{{index}}}\\s*([^,]*)" "$1";',
                  '    default "";', "}",
                  f"map {element} {scored} {{", *(f"    {line}" for line in entries), '    default "0000:";', "}",
                  f'map "{best}|{scored}" {chosen} {{',
                  f'    "~^(?=[^|]*\\|(\\d+:[A-Za-z-]+)$)(\\d*)(?:{_GREATER})" "$1";',
                  f'    default "{best}";', "}"]
        best = chosen
    lines += [f"map {best} {result} {{", f"    {final}", "}"]
    return "\n".join(lines)


def language_maps(kit: Kit) -> str:
    """The http-level maps that set $fieldguide_lang from Accept-Language."""
    entries: list[str] = []
    for key, tag in language_primaries(kit.languages).items():
        entries += _classify(f"{re.escape(key)}(?:-[a-z0-9]+)*", language_tag(tag))
    entries += _classify(r"\*", language_tag(kit.default_language))
    return _chain("accept_language", "fieldguide_lang", entries, kit.default_language, LANGUAGE_VARIABLE,
                  f'"~:([A-Za-z-]+)$" "$1";\n    default "{kit.default_language}";')


def format_maps() -> str:
    """The http-level maps that set $fieldguide_ext (html or json) from Accept."""
    def names(ranges: tuple[str, ...]) -> str:
        return "(?:" + "|".join(re.escape(name) for name in ranges) + ")"

    entries = _classify(names(HTML_RANGES), "html") + _classify(names(JSON_RANGES), "json")
    return _chain("accept", "fieldguide_fmt", entries, "html", FORMAT_VARIABLE,
                  '"~:json$" "json";\n    default "html";')


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
    for number, line in code_lines(given.text):
        if line.startswith("error_page ") and (LANGUAGE_VARIABLE not in line or FORMAT_VARIABLE not in line):
            report.add("negotiation", f"error_page must choose the file by {LANGUAGE_VARIABLE} and "
                       f"{FORMAT_VARIABLE} (set by {MAPS})", number)
    if "ssi on;" not in given.text:
        report.add("ssi", "the pages' location needs `ssi on;`: the request details are SSI echo commands")
    if not re.search(r"add_header\s+Vary\s+\"Accept, Accept-Language\"\s+always;", given.text):
        report.add("vary", 'needs `add_header Vary "Accept, Accept-Language" always;`: the answer depends on both')
    return report.problems


def _check_maps(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "nginx")
    for variable in (LANGUAGE_VARIABLE, FORMAT_VARIABLE, "$unique_id"):
        if not re.search(rf"^map \S+ {re.escape(variable)} \{{", given.text, re.M):
            report.add("maps", f"no map sets {variable}")
    for number, line in code_lines(given.text):
        if line.startswith(("server", "location", "include", "error_page")):
            report.add("http-level", "only `map` blocks belong in the http-level file", number)
    return report.problems


NGINX_CONFIG: ArtifactRule = Rule(
    "nginx-config",
    "error_page to local, negotiated URIs inside an internal location with SSI and Vary; intercept flags.",
    _check_config,
)
NGINX_MAPS: ArtifactRule = Rule(
    "nginx-maps",
    "The http-level maps set the page's language, its format and $unique_id; nothing else is in that file.",
    _check_maps,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(MAPS, "artifact_nginx_http.conf.j2", "nginx", language_maps=language_maps(kit),
                            format_maps=format_maps(), max_elements=MAX_ELEMENTS),
            kit.render_file(CONFIG, "artifact_nginx.conf.j2", "nginx", language=LANGUAGE_VARIABLE,
                            extension=FORMAT_VARIABLE))


TARGET = Target(_render, {CONFIG: NGINX_CONFIG, MAPS: NGINX_MAPS})
