"""Server-ready artifacts for the error pages, and each target's rules, checked at build time.

For every theme there is one folder, error-pages/<theme>/, that holds the pages and
everything needed to serve them with the real status code: configuration for nginx, Apache
httpd, Caddy, HAProxy (with full raw `.http` responses), IIS, Traefik, a Kubernetes ingress
default backend, CloudFront, Cloudflare, and error handlers for Express, Koa and Fastify.

The configurations assume the archive is unpacked into INSTALL_ROOT, so the pages of theme
"plain" live in /var/www/error-pages/plain/ and are served at /error-pages/plain/ (an
internal location: visitors never request them directly).

Catalog text reaches these files only as comments, HTTP reason phrases and string literals,
each through the escaping of its format: `comment` (one line, printable), `xml_comment` (no
`--`), `reason_phrase` (HTTP VCHAR only), `js_string` (JSON, `<` escaped) and `safe_path`
(paths are checked, never escaped). Each `check_*` function is one target's rules; a
violation is a Problem and stops the build with the rule's name and what to change.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import yaml

from statuskb.catalog.model import CodeEntry
from statuskb.common.problems import Problem
from statuskb.common.templating import render
from statuskb.gallery.pages import PAGES_DIR, Theme, one_line

INSTALL_ROOT = "/var/www"
#: Status codes HAProxy can answer with an errorfile (HAProxy configuration manual, "errorfile").
HAPROXY_ERRORFILE_CODES = frozenset({500, 501, 502, 503, 504})
#: HAProxy's default tune.bufsize (16384) minus tune.maxrewrite (1024): the largest errorfile.
HAPROXY_MAX_RESPONSE = 16384 - 1024
#: The 5xx codes CloudFront can replace with a custom error page.
CLOUDFRONT_CODES = frozenset({500, 501, 502, 503, 504})
#: 5xx codes Apache httpd 2.4 knows a reason phrase for (ErrorDocument refuses others).
APACHE_CODES = frozenset({500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511})
#: CloudFront caches an error for this long before asking the origin again (its default is 10 s).
CLOUDFRONT_ERROR_TTL = 10
CLOUDFLARE_MAX_BYTES = 1_500_000

_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/-]+$")


# ----------------------------------------------------------------------------- escaping
def comment(text: str) -> str:
    """Catalog text as the body of a one-line comment (#, //): no line break can escape it."""
    return one_line(text)


def xml_comment(text: str) -> str:
    """Text for inside <!-- -->: XML forbids `--` in comments and a trailing `-`."""
    return re.sub(r"-{2,}", "-", comment(text)).rstrip("-")


def reason_phrase(text: str) -> str:
    """An HTTP/1.1 reason phrase: visible ASCII and spaces only (RFC 9112, section 4)."""
    return " ".join("".join(ch for ch in comment(text) if " " <= ch <= "~").split())


def js_string(text: str) -> str:
    """A JavaScript string literal that cannot end its string or its <script> element."""
    return json.dumps(text, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")


def safe_path(path: str) -> str:
    """A path for a config file: absolute, plain characters only (no quoting needed anywhere)."""
    if not _SAFE_PATH.match(path) or ".." in path:
        raise ValueError(f"unsafe path for a server configuration: {path!r}")
    return path


# ----------------------------------------------------------------------------- files
@dataclass(frozen=True)
class Artifact:
    """One generated file of a theme's kit."""

    path: str
    content: str | bytes
    target: str


@dataclass(frozen=True)
class Kit:
    """What every renderer needs to know about one theme's folder."""

    theme: Theme
    entries: tuple[CodeEntry, ...]
    pages: dict[int, str]  # code -> the page's HTML

    @property
    def folder(self) -> str:
        return f"{PAGES_DIR}/{self.theme.name}"

    @property
    def url(self) -> str:
        """/error-pages/plain"""
        return safe_path(f"/{self.folder}")

    @property
    def directory(self) -> str:
        """/var/www/error-pages/plain"""
        return safe_path(f"{INSTALL_ROOT}/{self.folder}")

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(entry.code for entry in self.entries)

    def context(self) -> dict[str, object]:
        return {
            "theme": self.theme,
            "entries": self.entries,
            "codes": self.codes,
            "root": safe_path(INSTALL_ROOT),
            "url": self.url,
            "directory": self.directory,
            "comment": comment,
            "xml_comment": xml_comment,
            "js_string": js_string,
            "reason": reason_phrase,
            "haproxy_codes": sorted(HAPROXY_ERRORFILE_CODES),
            "cloudfront_codes": sorted(CLOUDFRONT_CODES),
            "apache_codes": sorted(APACHE_CODES),
            "error_ttl": CLOUDFRONT_ERROR_TTL,
        }


def haproxy_path(kit: Kit, code: int) -> str:
    return f"{kit.folder}/haproxy/{code}.http"


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


#: file name in the theme folder -> (template, target)
CONFIG_FILES: dict[str, tuple[str, str]] = {
    "nginx.conf": ("artifact_nginx.conf.j2", "nginx"),
    "apache.conf": ("artifact_apache.conf.j2", "apache"),
    "Caddyfile": ("artifact_caddyfile.j2", "caddy"),
    "haproxy.cfg": ("artifact_haproxy.cfg.j2", "haproxy"),
    "web.config": ("artifact_iis.config.j2", "iis"),
    "traefik.yml": ("artifact_traefik.yml.j2", "traefik"),
    "kubernetes/default-backend.conf": ("artifact_k8s_backend.conf.j2", "kubernetes"),
    "kubernetes/ingress-nginx-configmap.yaml": ("artifact_k8s_configmap.yaml.j2", "kubernetes"),
    "cloudfront.json": ("artifact_cloudfront.json.j2", "cloudfront"),
    "node/express.js": ("artifact_express.js.j2", "express"),
    "node/koa.js": ("artifact_koa.js.j2", "koa"),
    "node/fastify.js": ("artifact_fastify.js.j2", "fastify"),
}


def render_kit(kit: Kit, cloudflare_page: str) -> tuple[Artifact, ...]:
    """Every artifact of one theme (the pages themselves are planned by the gallery)."""
    # HAProxy can only use an errorfile for the codes it generates; the others use the .html page.
    files = [Artifact(haproxy_path(kit, entry.code), haproxy_response(entry, kit.pages[entry.code]), "haproxy")
             for entry in kit.entries if entry.code in HAPROXY_ERRORFILE_CODES]
    files.append(Artifact(f"{kit.folder}/cloudflare/5xx.html", cloudflare_page, "cloudflare"))
    context = kit.context()
    files += [Artifact(f"{kit.folder}/{name}", render(template, **context), target)
              for name, (template, target) in CONFIG_FILES.items()]
    return tuple(files)


# ----------------------------------------------------------------------------- rules
class _Report:
    """Collects one file's problems with the line they are on."""

    def __init__(self, path: str, text: str, target: str) -> None:
        self.path, self.text, self.target = path, text, target
        self.problems: list[Problem] = []

    def line_of(self, needle: str | int) -> int:
        if isinstance(needle, int):
            return needle
        index = self.text.find(needle)
        return self.text.count("\n", 0, index) + 1 if index >= 0 else 1

    def add(self, rule: str, message: str, where: str | int = 1) -> None:
        self.problems.append(Problem(self.path, self.line_of(where), 1, f"{self.target}.{rule}", message))


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """(line number, line without its comment) for every non-blank line."""
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0].strip()
        if code:
            yield number, code


def check_nginx(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """error_page to local URIs inside an internal location; intercept flags for upstream errors."""
    report = _Report(path, text, "nginx")
    internal: list[str] = []
    covered: set[int] = set()
    location: str | None = None
    for _, line in _lines(text):
        if match := re.match(r"location\s+(?:\^~\s+|=\s+)?(\S+)\s*\{", line):
            location = match.group(1)
        elif line == "}":
            location = None
        elif line == "internal;" and location:
            internal.append(location)
    for number, line in _lines(text):
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
    for flag in ("proxy_intercept_errors on;", "fastcgi_intercept_errors on;"):
        if flag not in text:
            report.add("intercept", f"missing `{flag}`: without it nginx passes the upstream's own 5xx "
                       "page through instead of ours")
    for code in sorted(set(codes) - covered):
        report.add("coverage", f"no error_page for {code}")
    return report.problems


def check_apache(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """ErrorDocument with local paths only, ProxyErrorOverride On, and the pages kept off the proxy."""
    report = _Report(path, text, "apache")
    covered: set[int] = set()
    for number, line in _lines(text):
        if match := re.match(r"ErrorDocument\s+(\d{3})\s+(\S+)", line):
            code, target = int(match.group(1)), match.group(2)
            covered.add(code)
            if code not in APACHE_CODES:
                report.add("error-document-code", f"Apache httpd 2.4 refuses ErrorDocument {code}", number)
            if target.startswith('"') or "://" in target or not target.startswith("/"):
                report.add("error-document-local", f"ErrorDocument {code} must be a local path: with a URL "
                           "Apache sends a redirect (the 5xx status is lost), a quoted string is sent as text",
                           number)
    if not re.search(r"^\s*ProxyErrorOverride\s+On\b", text, re.M | re.I):
        report.add("proxy-error-override", "missing `ProxyErrorOverride On`: without it mod_proxy passes the "
                   "backend's own error page through")
    if not re.search(r"^\s*ProxyPass\s+\S+\s+!\s*$", text, re.M):
        report.add("proxy-pass-exclusion", "missing `ProxyPass <pages> !`: a site-wide ProxyPass would send "
                   "the error page request to the failing backend too")
    for code in sorted(set(codes) & APACHE_CODES - covered):
        report.add("coverage", f"no ErrorDocument for {code}")
    return report.problems


def check_caddy(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """handle_errors serves the page (keeps the status); handle_response turns upstream 5xx into errors."""
    report = _Report(path, text, "caddy")
    if "handle_errors" not in text:
        report.add("handle-errors", "missing `handle_errors`: errors Caddy produces itself (an unreachable "
                   "upstream) would get Caddy's empty default response")
    if "{err.status_code}.html" not in text or "file_server" not in text:
        report.add("file-server", "handle_errors must rewrite to {err.status_code}.html and use file_server")
    for code in codes:
        if not re.search(rf"@(\S+) status {code}\s+handle_response @\1 \{{\s+error {code}\s", text):
            report.add("handle-response", f"reverse_proxy needs `handle_response` for status {code} that calls "
                       f"`error {code}`: otherwise the upstream's own {code} page is passed through")
    if re.search(r"^\s*respond\b.*\b200\b", text, re.M):
        report.add("status", "an error handler must not `respond` with 200", "respond")
    for code in codes:
        if not re.search(rf"\b{code}\b", text):
            report.add("coverage", f"{code} is not handled")
    return report.problems


def check_haproxy_response(path: str, data: bytes, code: int) -> list[Problem]:
    """A raw HAProxy errorfile: status line, CRLF headers, no-store, close, exact length, size limit."""
    report = _Report(path, data.decode("utf-8", "replace"), "haproxy")
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


def check_haproxy_config(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """errorfile only for the codes HAProxy generates; upstream 5xx replaced with http-response return."""
    report = _Report(path, text, "haproxy")
    for number, line in _lines(text):
        if match := re.match(r"errorfile\s+(\d{3})\s+(\S+)", line):
            code, file = int(match.group(1)), match.group(2)
            if code not in HAPROXY_ERRORFILE_CODES:
                report.add("errorfile-code", f"HAProxy cannot use an errorfile for {code}; use "
                           "`http-response return ... file` for it", number)
            if not (file.startswith("/") and file.endswith(".http")):
                report.add("errorfile-path", "errorfile takes an absolute path to a .http file (files are read "
                           "before any chroot)", number)
    if "http-errors " not in text or "errorfiles " not in text:
        report.add("http-errors", "needs an http-errors section and `errorfiles` in the proxy")
    for code in codes:
        if not re.search(rf"http-response return status {code}\b.*\{{ status {code} \}}", text):
            report.add("upstream", f"no `http-response return status {code} ... if {{ status {code} }}`: the "
                       "server's own error page would reach the visitor")
    return report.problems


def check_cloudflare(path: str, html: str, token: str) -> list[Problem]:
    """Cloudflare's Error Page rules: <head>, the 500-class token once, no referrer meta, 1.5 MB."""
    report = _Report(path, html, "cloudflare")
    if "<head>" not in html or "</head>" not in html:
        report.add("head", "Cloudflare requires <head> and </head> in a custom error page")
    if html.count(token) != 1:
        report.add("token", f"{token} must appear exactly once (it appears {html.count(token)} times)")
    if re.search(r"<meta[^>]+name\s*=\s*[\"']?referrer", html, re.I):
        report.add("referrer", "a referrer meta tag disrupts Cloudflare challenges; remove it", "referrer")
    if len(html.encode("utf-8")) > CLOUDFLARE_MAX_BYTES:
        report.add("size", f"Cloudflare accepts at most {CLOUDFLARE_MAX_BYTES} bytes")
    return report.problems


def check_iis(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """httpErrors: Custom mode, Replace, a <remove> before each <error>, no Redirect, local paths."""
    report = _Report(path, text, "iis")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        report.add("xml", f"not well-formed XML: {error}", error.position[0])
        return report.problems
    errors = root.find("system.webServer/httpErrors")
    if errors is None:
        report.add("http-errors", "needs <system.webServer><httpErrors>")
        return report.problems
    if errors.get("errorMode") != "Custom":
        report.add("error-mode", 'httpErrors needs errorMode="Custom" (the default shows detailed errors to '
                   "local requests and custom ones only to remote requests)")
    if errors.get("existingResponse") != "Replace":
        report.add("existing-response", 'httpErrors needs existingResponse="Replace", or an error body from '
                   "the application or a proxied backend is passed through")
    removed = {element.get("statusCode") for element in errors.findall("remove")}
    covered = set()
    for element in errors.findall("error"):
        code = element.get("statusCode", "")
        covered.add(code)
        where = f'statusCode="{code}" path'
        if code not in removed:
            report.add("remove", f'add <remove statusCode="{code}" /> before its <error>: IIS refuses a '
                       "duplicate of an inherited entry", where)
        if element.get("responseMode") != "ExecuteURL":
            report.add("response-mode", f'{code}: use responseMode="ExecuteURL" (Redirect sends a redirect '
                       "and loses the status)", where)
        if not element.get("path", "").startswith("/"):
            report.add("path", f"{code}: ExecuteURL needs a server-relative URL", where)
    for number in codes:
        if str(number) not in covered:
            report.add("coverage", f"no <error> for {number}")
    return report.problems


def check_traefik(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """errors middleware: every code in status, a service that serves the pages, {status} in query."""
    report = _Report(path, text, "traefik")
    try:
        config = yaml.safe_load(text)
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

    def covered(code: int) -> bool:
        for item in ranges:
            low, _, high = item.partition("-")
            if int(low) <= code <= int(high or low):
                return True
        return False

    for code in codes:
        if not covered(code):
            report.add("coverage", f"{code} is not in errors.status")
    return report.problems


def check_cloudfront(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """CustomErrorResponses: supported codes, the real status back (never 200), a short error TTL."""
    report = _Report(path, text, "cloudfront")
    try:
        responses = json.loads(text)["CustomErrorResponses"]
        items = responses["Items"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        report.add("shape", f"needs CustomErrorResponses.Items: {error!r}")
        return report.problems
    if responses.get("Quantity") != len(items):
        report.add("quantity", f"Quantity is {responses.get('Quantity')}, Items has {len(items)}")
    for item in items:
        code = item.get("ErrorCode")
        where = f'"ErrorCode": {code}'
        if code not in CLOUDFRONT_CODES:
            report.add("error-code", f"CloudFront cannot replace {code}", where)
        if item.get("ResponseCode") != str(code):
            report.add("response-code", f"ResponseCode for {code} must be \"{code}\" (a 200 would tell caches "
                       "and crawlers that the error page is the content)", where)
        if not str(item.get("ResponsePagePath", "")).startswith(f"/{PAGES_DIR}/"):
            report.add("path", f"ResponsePagePath for {code} must be under /{PAGES_DIR}/", where)
        if not isinstance(item.get("ErrorCachingMinTTL"), int) or item["ErrorCachingMinTTL"] > 60:
            report.add("ttl", f"ErrorCachingMinTTL for {code} must be a small number of seconds", where)
    covered = {item.get("ErrorCode") for item in items}
    for code in sorted(set(codes) & CLOUDFRONT_CODES - covered):
        report.add("coverage", f"no custom error response for {code}")
    return report.problems


def check_node_handler(path: str, text: str, target: str) -> list[Problem]:
    """A Node.js handler sets the error's own status (5xx) and never answers 200."""
    report = _Report(path, text, target)
    setters = {"express": "res.status(status)", "koa": "ctx.status = status", "fastify": "reply.code(status)"}
    if setters[target] not in text:
        report.add("status", f"must set the real status with `{setters[target]}`")
    if re.search(r"(status|code)\(\s*200\s*\)|status\s*=\s*200\b", text):
        report.add("status", "must never answer an error with 200", "200")
    if "Cache-Control" not in text or "no-store" not in text:
        report.add("cache", "must send Cache-Control: no-store with the error page")
    return report.problems


def check_k8s_backend(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """The default backend answers with the code from X-Code (ingress-nginx passes it), never 200."""
    report = _Report(path, text, "kubernetes")
    for code in codes:
        if f'"{code}"' not in text or f"return {code};" not in text:
            report.add("x-code", f"X-Code {code} must be answered with `return {code};` (ingress-nginx does not "
                       "change the backend's status)")
    report.problems += [replace_target(problem, "kubernetes") for problem in check_nginx_internal(path, text)]
    return report.problems


def check_nginx_internal(path: str, text: str) -> list[Problem]:
    """The error_page/internal part of the nginx rules (the intercept flags do not apply)."""
    return [problem for problem in check_nginx(path, text, ()) if problem.field != "nginx.intercept"]


def replace_target(problem: Problem, target: str) -> Problem:
    field = f"{target}.{problem.field.split('.', 1)[1]}"
    return Problem(problem.file, problem.line, problem.column, field, problem.message)


def check_artifact(artifact: Artifact, codes: tuple[int, ...]) -> list[Problem]:
    """Dispatch one artifact to its target's rules."""
    content = artifact.content
    if isinstance(content, bytes):
        code = int(artifact.path.rsplit("/", 1)[1].split(".")[0])
        return check_haproxy_response(artifact.path, content, code)
    name = artifact.path.split("/", 2)[2]
    checks: dict[str, Callable[[], list[Problem]]] = {
        "nginx.conf": lambda: check_nginx(artifact.path, content, codes),
        "apache.conf": lambda: check_apache(artifact.path, content, codes),
        "Caddyfile": lambda: check_caddy(artifact.path, content, codes),
        "haproxy.cfg": lambda: check_haproxy_config(artifact.path, content, codes),
        "web.config": lambda: check_iis(artifact.path, content, codes),
        "traefik.yml": lambda: check_traefik(artifact.path, content, codes),
        "cloudfront.json": lambda: check_cloudfront(artifact.path, content, codes),
        "kubernetes/default-backend.conf": lambda: check_k8s_backend(artifact.path, content, codes),
        "kubernetes/ingress-nginx-configmap.yaml": lambda: check_k8s_configmap(artifact.path, content, codes),
        "cloudflare/5xx.html": lambda: check_cloudflare(artifact.path, content, "::CLOUDFLARE_ERROR_500S_BOX::"),
        "node/express.js": lambda: check_node_handler(artifact.path, content, "express"),
        "node/koa.js": lambda: check_node_handler(artifact.path, content, "koa"),
        "node/fastify.js": lambda: check_node_handler(artifact.path, content, "fastify"),
    }
    if name not in checks:
        return [Problem(artifact.path, 1, 1, f"{artifact.target}.rules", "no rules are defined for this file")]
    return checks[name]()


def check_k8s_configmap(path: str, text: str, codes: Iterable[int]) -> list[Problem]:
    """custom-http-errors lists every code, as ingress-nginx expects (comma-separated)."""
    report = _Report(path, text, "kubernetes")
    try:
        listed = yaml.safe_load(text)["data"]["custom-http-errors"]
    except (yaml.YAMLError, KeyError, TypeError) as error:
        report.add("shape", f"needs data.custom-http-errors: {error!r}")
        return report.problems
    values = {int(value) for value in str(listed).split(",") if value.strip().isdigit()}
    for code in codes:
        if code not in values:
            report.add("coverage", f"{code} is missing from custom-http-errors", "custom-http-errors")
    return report.problems
