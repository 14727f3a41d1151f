"""Server artifacts: each target's rules catch a violation with a clear message, the shipped
artifacts keep them, catalog text cannot escape its format, and the Node.js handlers set the
real status when Node runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from statuskb import Catalog, ProblemsFound, plan_site
from statuskb.gallery.artifacts import (
    HAPROXY_MAX_RESPONSE,
    check_apache,
    check_caddy,
    check_cloudflare,
    check_cloudfront,
    check_haproxy_config,
    check_haproxy_response,
    check_iis,
    check_k8s_backend,
    check_k8s_configmap,
    check_nginx,
    check_node_handler,
    check_traefik,
    comment,
    haproxy_response,
    js_string,
    reason_phrase,
    safe_path,
    xml_comment,
)
from statuskb.gallery.index import Gallery, plan_gallery
from statuskb.gallery.pages import CLOUDFLARE_TOKEN
from support import problems_in_text

CODES = (500, 502, 503, 504, 505)


@pytest.fixture(scope="module")
def gallery(shipped_catalog: Catalog) -> Gallery:
    return plan_gallery(shipped_catalog)


@pytest.fixture(scope="module")
def fixture_gallery(fixture_catalog: Catalog) -> Gallery:
    return plan_gallery(fixture_catalog)


def text_of(gallery: Gallery, name: str, theme: str = "plain") -> str:
    content = dict(gallery.files)[f"error-pages/{theme}/{name}"]
    return content if isinstance(content, str) else content.decode()


def codes_in(gallery: Gallery) -> tuple[int, ...]:
    return tuple(sorted(int(p.rsplit("/", 1)[1][:3]) for p, _ in gallery.files
                        if p.startswith("error-pages/plain/") and p.count("/") == 2 and p.endswith(".html")))


def rules(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{p.field}: {p.message}" for p in problems]


def broken(check: Callable[..., list], text: str, *args: object) -> list[str]:  # type: ignore[type-arg]
    found = rules(check("f", text, *args))
    assert found, "the broken artifact passed its rules"
    return found


# ----------------------------------------------------------------------------- escaping
def test_catalog_text_cannot_escape_its_format() -> None:
    evil = 'Bad"; } location / { return 200 "owned\n# done\r\n--> <!-- x'
    assert "\n" not in comment(evil) and "\r" not in comment(evil)
    assert "--" not in xml_comment(evil) and not xml_comment("a -").endswith("-")
    assert reason_phrase("Bad\r\nSet-Cookie: x=1 Gatewäy") == "Bad Set-Cookie: x=1 Gatewy"
    assert js_string('</script><script>alert("x")') == '"\\u003c/script\\u003e\\u003cscript\\u003ealert(\\"x\\")"'
    with pytest.raises(ValueError, match="unsafe path"):
        safe_path('/var/www/x"; root /etc;')
    with pytest.raises(ValueError, match="unsafe path"):
        safe_path("/var/www/../../etc")


def test_a_reason_phrase_with_a_line_break_stays_one_status_line(fixture_catalog: Catalog) -> None:
    entry = next(e for e in fixture_catalog.codes if e.code == 502).model_copy(update={"reason": "Bad\r\nX: y"})
    data = haproxy_response(entry, "<!DOCTYPE html><html lang=\"en\"></html>")
    assert data.startswith(b"HTTP/1.1 502 Bad X: y\r\nContent-Type: text/html; charset=utf-8\r\n")
    assert check_haproxy_response("502.http", data, 502) == []


# ----------------------------------------------------------------------------- the shipped kit
def test_every_shipped_artifact_keeps_its_rules(gallery: Gallery) -> None:
    # plan_gallery raises ProblemsFound on any violation; this asserts it also produced each file.
    names = {path.split("/", 2)[2] for path, _ in gallery.files if path.startswith("error-pages/signal/")}
    for name in ("nginx.conf", "apache.conf", "Caddyfile", "haproxy.cfg", "web.config", "traefik.yml",
                 "cloudfront.json", "kubernetes/default-backend.conf", "kubernetes/ingress-nginx-configmap.yaml",
                 "node/express.js", "node/koa.js", "node/fastify.js", "cloudflare/5xx.html",
                 "haproxy/502.http", "haproxy/503.http", "502.html"):
        assert name in names, name


def test_http_files_are_raw_crlf_responses_within_haproxys_limit(gallery: Gallery) -> None:
    for path, content in gallery.files:
        if path.endswith(".http"):
            assert isinstance(content, bytes)
            code = int(path[-8:-5])
            head, body = content.split(b"\r\n\r\n", 1)
            assert head.split(b"\r\n")[0].startswith(f"HTTP/1.1 {code} ".encode())
            assert b"\r\nCache-Control: no-store\r\n" in head + b"\r\n"
            assert b"\r\nConnection: close" in head
            assert f"Content-Length: {len(body)}".encode() in head
            assert len(content) <= HAPROXY_MAX_RESPONSE == 15360
            assert body == dict(gallery.files)[path.replace("/haproxy/", "/").replace(".http", ".html")].encode()


def test_haproxy_gets_http_files_only_for_the_codes_it_can_use(gallery: Gallery) -> None:
    http = sorted(int(p[-8:-5]) for p, _ in gallery.files if p.startswith("error-pages/plain/haproxy/"))
    assert http == [500, 501, 502, 503, 504]
    config = text_of(gallery, "haproxy.cfg")
    assert "errorfile 505" not in config
    assert 'http-response return status 505 content-type "text/html; charset=utf-8" file ' in config


def test_cloudfront_json_is_valid_and_keeps_the_real_code(gallery: Gallery) -> None:
    items = json.loads(text_of(gallery, "cloudfront.json"))["CustomErrorResponses"]["Items"]
    assert [item["ErrorCode"] for item in items] == [500, 501, 502, 503, 504]
    assert all(item["ResponseCode"] == str(item["ErrorCode"]) for item in items)
    assert all(item["ResponsePagePath"] == f"/error-pages/plain/{item['ErrorCode']}.html" for item in items)


# ----------------------------------------------------------------------------- each rule catches its violation
def test_nginx_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "nginx.conf")
    codes = codes_in(gallery)
    assert check_nginx("f", good, codes) == []
    assert any("error-page-status" in r for r in broken(check_nginx, good.replace(
        "error_page 502 /", "error_page 502 =200 /"), codes))
    no_internal = good.replace("internal;", "")
    assert any("internal-location" in r and "200" in r for r in broken(check_nginx, no_internal, codes))
    assert any("error-page-local" in r and "redirect" in r for r in broken(check_nginx, good.replace(
        "error_page 503 /error-pages/plain/503.html", "error_page 503 https://status.example/"), codes))
    assert any("intercept" in r and "proxy_intercept_errors" in r for r in broken(
        check_nginx, good.replace("proxy_intercept_errors on;", ""), codes))
    assert any("intercept" in r and "fastcgi" in r for r in broken(
        check_nginx, good.replace("fastcgi_intercept_errors on;", ""), codes))
    assert any("coverage" in r and "504" in r for r in broken(check_nginx, good.replace(
        "error_page 504 /error-pages/plain/504.html;", ""), codes))


def test_apache_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "apache.conf")
    assert check_apache("f", good, CODES) == []
    assert any("error-document-local" in r and "redirect" in r for r in broken(check_apache, good.replace(
        "ErrorDocument 502 /error-pages/plain/502.html", "ErrorDocument 502 https://example.com/502.html"), CODES))
    assert any("error-document-local" in r for r in broken(check_apache, good.replace(
        "ErrorDocument 502 /error-pages/plain/502.html", 'ErrorDocument 502 "Oops"'), CODES))
    no_override = good.replace("ProxyErrorOverride On", "")
    assert any("proxy-error-override" in r for r in broken(check_apache, no_override, CODES))
    assert any("proxy-pass-exclusion" in r for r in broken(
        check_apache, good.replace("ProxyPass /error-pages/plain/ !", ""), CODES))
    assert any("error-document-code" in r and "520" in r for r in broken(
        check_apache, good + "ErrorDocument 520 /error-pages/plain/520.html\n", CODES))


def test_caddy_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "Caddyfile")
    assert check_caddy("f", good, CODES) == []
    assert any("handle-errors" in r for r in broken(check_caddy, good.replace("handle_errors", "handle"), CODES))
    assert any("handle-response" in r and "503" in r for r in broken(
        check_caddy, good.replace("error 503", "respond 503"), CODES))
    assert any("status" in r and "200" in r for r in broken(check_caddy, good + "\nrespond 200\n", CODES))


def test_haproxy_response_rules(gallery: Gallery) -> None:
    good = dict(gallery.files)["error-pages/plain/haproxy/503.http"]
    assert isinstance(good, bytes)
    assert check_haproxy_response("f", good, 503) == []
    head, body = good.split(b"\r\n\r\n", 1)
    lf_only = head.replace(b"\r\n", b"\n") + b"\r\n\r\n" + body
    assert any("crlf" in r for r in rules(check_haproxy_response("f", lf_only, 503)))
    assert any("status-line" in r for r in rules(check_haproxy_response("f", good, 502)))
    assert any("Cache-Control: no-store" in r for r in rules(check_haproxy_response(
        "f", good.replace(b"no-store", b"max-age=60"), 503)))
    assert any("Connection: close" in r for r in rules(check_haproxy_response(
        "f", good.replace(b"Connection: close", b"Connection: keep-alive"), 503)))
    assert any("content-length" in r for r in rules(check_haproxy_response("f", good + b"x", 503)))
    huge = good.replace(b"Content-Length: ", b"X-Padding: " + b"a" * 16000 + b"\r\nContent-Length: ")
    assert any("haproxy.size" in r and "15360" in r for r in rules(check_haproxy_response("f", huge, 503)))


def test_haproxy_config_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "haproxy.cfg")
    codes = codes_in(gallery)
    assert check_haproxy_config("f", good, codes) == []
    assert any("errorfile-code" in r and "505" in r for r in broken(
        check_haproxy_config, good.replace("errorfile 504", "errorfile 505"), codes))
    assert any("upstream" in r and "502" in r for r in broken(
        check_haproxy_config, good.replace("if { status 502 }", ""), codes))
    assert any("errorfile-path" in r for r in broken(
        check_haproxy_config, good.replace("/haproxy/500.http", "/haproxy/500.html"), codes))


def test_cloudflare_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "cloudflare/5xx.html")
    assert check_cloudflare("f", good, CLOUDFLARE_TOKEN) == []
    assert any("token" in r for r in broken(check_cloudflare, good.replace(CLOUDFLARE_TOKEN, ""), CLOUDFLARE_TOKEN))
    assert any("token" in r and "2 times" in r for r in broken(
        check_cloudflare, good + CLOUDFLARE_TOKEN, CLOUDFLARE_TOKEN))
    assert any("head" in r for r in broken(
        check_cloudflare, good.replace("<head>", "").replace("</head>", ""), CLOUDFLARE_TOKEN))
    assert any("referrer" in r for r in broken(check_cloudflare, good.replace(
        "<head>", '<head><meta name="referrer" content="no-referrer">'), CLOUDFLARE_TOKEN))


def test_iis_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "web.config")
    codes = codes_in(gallery)
    assert check_iis("f", good, codes) == []
    assert any("response-mode" in r and "redirect" in r for r in broken(check_iis, good.replace(
        'path="/error-pages/plain/502.html" responseMode="ExecuteURL"',
        'path="https://example.com/502.html" responseMode="Redirect"'), codes))
    assert any("remove" in r and "502" in r for r in broken(check_iis, good.replace(
        '<remove statusCode="502" subStatusCode="-1" />', ""), codes))
    assert any("existing-response" in r for r in broken(check_iis, good.replace(
        'existingResponse="Replace"', 'existingResponse="Auto"'), codes))
    assert any("xml" in r for r in broken(check_iis, good.replace("</configuration>", ""), codes))


def test_traefik_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "traefik.yml")
    codes = codes_in(gallery)
    assert check_traefik("f", good, codes) == []
    assert any("query" in r for r in broken(check_traefik, good.replace("{status}.html", "error.html"), codes))
    assert any("coverage" in r and "503" in r for r in broken(check_traefik, good.replace('- "503"', ""), codes))
    assert check_traefik("f", good.replace('- "500"', '- "500-599"'), codes) == []  # ranges count


def test_cloudfront_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "cloudfront.json")
    assert check_cloudfront("f", good, CODES) == []
    assert any("response-code" in r and "200" in r for r in broken(
        check_cloudfront, good.replace('"ResponseCode": "502"', '"ResponseCode": "200"'), CODES))
    assert any("error-code" in r and "505" in r for r in broken(
        check_cloudfront, good.replace('"ErrorCode": 504', '"ErrorCode": 505'), CODES))
    assert any("ttl" in r for r in broken(
        check_cloudfront, good.replace('"ErrorCachingMinTTL": 10', '"ErrorCachingMinTTL": 86400', 1), CODES))
    assert any("quantity" in r for r in broken(check_cloudfront, good.replace('"Quantity": 5', '"Quantity": 4'), CODES))


def test_kubernetes_rules(gallery: Gallery) -> None:
    backend = text_of(gallery, "kubernetes/default-backend.conf")
    codes = codes_in(gallery)
    assert check_k8s_backend("f", backend, codes) == []
    assert any("x-code" in r and "503" in r for r in broken(
        check_k8s_backend, backend.replace("return 503;", "return 200;"), codes))
    configmap = text_of(gallery, "kubernetes/ingress-nginx-configmap.yaml")
    assert check_k8s_configmap("f", configmap, codes) == []
    assert any("502" in r for r in broken(check_k8s_configmap, configmap.replace("502,", ""), codes))


@pytest.mark.parametrize("target", ["express", "koa", "fastify"])
def test_node_handler_rules(gallery: Gallery, target: str) -> None:
    good = text_of(gallery, f"node/{target}.js")
    assert check_node_handler("f", good, target) == []
    assert any("never answer an error with 200" in r for r in broken(
        check_node_handler, good + "\nres.status(200);\n", target))
    assert any("no-store" in r for r in broken(check_node_handler, good.replace("no-store", "max-age=60"), target))


# ----------------------------------------------------------------------------- the build stops
def test_a_page_over_budget_stops_the_plan_with_a_clear_problem(tmp_path: Path, fixture_text: str) -> None:
    long_view = "Not your fault. " + "The site is having a very long and detailed problem today. " * 120
    text = fixture_text.replace("visitor_view: Not your fault; try again later.",
                                f"visitor_view: {long_view}", 1)
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems_in_text(tmp_path, text) == []  # valid catalog text...
    from statuskb import load_catalog

    with pytest.raises(ProblemsFound) as found:
        plan_site(load_catalog(path))
    report = found.value.report()
    assert "error-pages/plain/500.html:1:1: error-page.size:" in report
    assert "over the 8192-byte budget" in report


# ----------------------------------------------------------------------------- Node.js runs the handlers
NODE_HARNESS = r"""
const path = require("node:path");
const [target, file, pages] = process.argv.slice(2);
process.env.FIELDGUIDE_PAGES = pages;
const handler = require(path.resolve(file));
const fs = require("node:fs");
const results = [];
function record(status, headers, body) { results.push({status, headers, body: String(body)}); }

async function run(error, accept) {
  if (target === "express") {
    const res = {statusCode: 200, headers: {}, headersSent: false,
      status(s) { this.statusCode = s; return this; }, set(k, v) { this.headers[k] = v; return this; },
      type(t) { this.headers["Content-Type"] = t; return this; },
      send(b) { record(this.statusCode, this.headers, b); return this; }};
    const req = {accepts: (t) => accept.includes("html") || accept === "*/*" ? t : false};
    let passed = null;
    handler(error, req, res, (e) => { passed = e; });
    if (passed) record("next", {}, passed.message);
  } else if (target === "koa") {
    const ctx = {status: 404, body: undefined, type: "", headers: {}, app: {emit() {}},
      set(k, v) { this.headers[k] = v; }, accepts: (t) => accept.includes("html") || accept === "*/*" ? t : false};
    try {
      await handler()(ctx, async () => { throw error; });
      record(ctx.status, {...ctx.headers, "Content-Type": ctx.type}, ctx.body);
    } catch (e) { record("rethrown", {}, e.message); }
  } else {
    let errorHandler;
    handler({setErrorHandler(h) { errorHandler = h; }});
    const reply = {statusCode: 200, headers: {}, code(s) { this.statusCode = s; return this; },
      header(k, v) { this.headers[k] = v; return this; }, type(t) { this.headers["Content-Type"] = t; return this; },
      send(b) {
        if (b instanceof Error) record("default", {}, b.message); else record(this.statusCode, this.headers, b);
        return this;
      }};
    errorHandler(error, {headers: {accept}, log: {error() {}}}, reply);
  }
}

(async () => {
  const cases = [[Object.assign(new Error("db down"), {status: 503}), "text/html"],
                 [new Error("no status at all"), "text/html"],
                 [Object.assign(new Error("upstream"), {statusCode: 502}), "*/*"],
                 [Object.assign(new Error("not found"), {status: 404}), "text/html"],
                 [Object.assign(new Error("api"), {status: 504}), "application/json"]];
  for (const [error, accept] of cases) await run(error, accept);
  console.log(JSON.stringify(results));
})();
"""


@pytest.mark.parametrize("target", ["express", "koa", "fastify"])
def test_node_handlers_answer_with_the_real_status(gallery: Gallery, tmp_path: Path, target: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the handlers (it installs with the browser tools' npm)"
    pages = tmp_path / "pages"
    pages.mkdir()
    for path, content in gallery.files:
        if path.startswith("error-pages/plain/") and path.count("/") == 2 and path.endswith(".html"):
            (pages / path.rsplit("/", 1)[1]).write_text(str(content), encoding="utf-8")
    handler = tmp_path / f"{target}.js"
    handler.write_text(text_of(gallery, f"node/{target}.js"), encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    completed = subprocess.run([node, str(harness), target, str(handler), str(pages)],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    db_down, no_status, upstream, not_found, api = json.loads(completed.stdout)
    page_503 = (pages / "503.html").read_text()
    assert db_down["status"] == 503 and db_down["body"] == page_503
    assert db_down["headers"]["Cache-Control"] == "no-store"
    assert no_status["status"] == 500 and no_status["body"] == (pages / "500.html").read_text()
    assert upstream["status"] == 502 and upstream["body"] == (pages / "502.html").read_text()
    assert not_found["status"] in {"next", "rethrown", "default"}  # 4xx: left to the framework
    assert api["status"] == 504 and api["body"] == "Gateway Timeout"  # no HTML for a JSON client
    assert all(result["status"] != 200 for result in (db_down, no_status, upstream, api))
