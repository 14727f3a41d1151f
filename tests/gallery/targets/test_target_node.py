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
                               capture_output=True, text=True, timeout=scaled(20))
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
