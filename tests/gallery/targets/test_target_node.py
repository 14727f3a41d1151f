"""Node.js: each rule of the Express, Koa and Fastify handlers catches its violation, and the
handlers set the real status when Node runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.node import HANDLER_RULES
from support import scaled


@pytest.mark.parametrize("target", ["express", "koa", "fastify"])
def test_node_handler_rules(gallery: Gallery, target: str) -> None:
    rule = HANDLER_RULES[target]
    good = text_of(gallery, f"node/{target}.js")
    assert findings(rule, good) == []
    assert any("never answer an error with 200" in r for r in broken(rule, good + "\nres.status(200);\n"))
    assert any("no-store" in r for r in broken(rule, good.replace("no-store", "max-age=60")))


# ----------------------------------------------------------------------------- Node.js runs the handlers
NODE_HARNESS = r"""
const path = require("node:path");
const [target, file, pages] = process.argv.slice(2);
process.env.FIELDGUIDE_PAGES = pages;
const handler = require(path.resolve(file));
const results = [];
function record(status, headers, body) { results.push({status, headers, body: String(body)}); }

async function run(error, headers) {
  if (target === "express") {
    const res = {statusCode: 200, headers: {}, headersSent: false,
      status(s) { this.statusCode = s; return this; }, set(k, v) { this.headers[k] = v; return this; },
      type(t) { this.headers["Content-Type"] = t; return this; },
      send(b) { record(this.statusCode, this.headers, b); return this; }};
    let passed = null;
    handler(error, {headers}, res, (e) => { passed = e; });
    if (passed) record("next", {}, passed.message);
  } else if (target === "koa") {
    const ctx = {status: 404, body: undefined, type: "", headers, response: {headers: {}}, app: {emit() {}},
      set(k, v) { this.response.headers[k] = v; }};
    try {
      await handler()(ctx, async () => { throw error; });
      record(ctx.status, {...ctx.response.headers, "Content-Type": ctx.type}, ctx.body);
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
    errorHandler(error, {headers, id: "req-7", log: {error() {}}}, reply);
  }
}

(async () => {
  const cases = JSON.parse(process.argv[5]);
  for (const [status, headers] of cases) {
    const error = status ? Object.assign(new Error("failed"), {status}) : new Error("no status at all");
    await run(error, headers);
  }
  console.log(JSON.stringify(results));
})();
"""
HOSTILE = '"><script>alert(1)</script>'
CASES = [
    (503, {"accept": "text/html", "accept-language": "de-CH, de;q=0.9, en;q=0.5", "host": HOSTILE}),
    (None, {}),
    (502, {"accept": "*/*", "accept-language": "fr;q=0.1, *;q=0"}),
    (404, {"accept": "text/html"}),
    (504, {"accept": "application/json", "accept-language": "ja"}),
    (500, {"accept": "application/json, text/plain, */*", "accept-language": "sv, *;q=0"}),
]


@pytest.mark.parametrize("target", ["express", "koa", "fastify"])
def test_node_handlers_negotiate_and_answer_with_the_real_status(gallery: Gallery, tmp_path: Path,
                                                                 target: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the handlers (it installs with the browser tools' npm)"
    pages = tmp_path / "pages"
    for path, content in gallery.files:
        if path.startswith("error-pages/plain/") and path.endswith((".html", ".json")) and path.count("/") == 3:
            target_file = pages / path.split("/", 2)[2]
            target_file.parent.mkdir(parents=True, exist_ok=True)
            target_file.write_text(str(content), encoding="utf-8")
    handler = tmp_path / f"{target}.js"
    handler.write_text(text_of(gallery, f"node/{target}.js"), encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    completed = subprocess.run([node, str(harness), target, str(handler), str(pages), json.dumps(CASES)],
                               capture_output=True, text=True, timeout=scaled(20))
    assert completed.returncode == 0, completed.stderr
    german, no_status, french, not_found, japanese, fallback = json.loads(completed.stdout)

    def page(language: str, code: int) -> str:
        return (pages / language / f"{code}.html").read_text()

    assert german["status"] == 503 and german["headers"]["Content-Language"] == "de"
    assert german["body"].split("<dd>")[0] == page("de", 503).split("<dd>")[0]  # the German page itself
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in german["body"]  # the host, escaped
    assert "<script>alert" not in german["body"] and "<!--#" not in german["body"]
    assert german["headers"]["Cache-Control"] == "no-store"
    assert german["headers"]["Vary"] == "Accept, Accept-Language"
    assert no_status["status"] == 500 and '<html lang="en" dir="ltr">' in no_status["body"]
    assert french["status"] == 502 and '<html lang="fr" dir="ltr">' in french["body"]
    assert not_found["status"] in {"next", "rethrown", "default"}  # 4xx: left to the framework
    assert japanese["status"] == 504 and japanese["headers"]["Content-Type"] == "application/problem+json"
    problem = json.loads(japanese["body"])
    assert problem["status"] == 504 and problem["title"] == "Gateway Timeout"
    assert problem["type"].endswith("/codes/504/") and problem["detail"] == json.loads(
        (pages / "ja" / "504.json").read_text())["detail"]
    assert problem["request_id"] == "req-7" if target == "fastify" else len(problem["request_id"]) == 36
    assert fallback["status"] == 500 and json.loads(fallback["body"])["detail"] == json.loads(
        (pages / "en" / "500.json").read_text())["detail"]  # axios's Accept gets JSON; nothing acceptable: en
    assert all(result["status"] != 200 for result in (german, no_status, french, japanese, fallback))
