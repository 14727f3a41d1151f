"""Benchmarks for the 5xx Field Guide, run by hand (`make bench`), never as timed tests.

Every figure is a median of several runs, and every comparison is measured side by side in
the same run (alternating A and B), because the machines here are small and shared.

    python bench/run.py [--runs N] [--quick] [--only NAME ...]

Prints a report, writes bench/results.json and the plot bench/build-scaling.svg.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers: one way to copy the project

from static_host import static_host  # noqa: E402
from statuskb.lab.processes import free_port  # noqa: E402
from support import copy_project as copy_site  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]


# ----------------------------------------------------------------------------- helpers
def machine() -> dict[str, Any]:
    return {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mkdocs": _version("mkdocs"),
        "mkdocs-material": _version("mkdocs-material"),
    }


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def copy_project(destination: Path, catalog: Path | None = None) -> Path:
    """The tests' project copy, optionally with another catalog."""
    copied = copy_site(destination)
    if catalog:
        shutil.copy2(catalog, copied / "data" / "status_codes.yaml")
        # The lab's observations describe the real catalog's servers and codes, not synthetic ones.
        (copied / "data" / "observations.yaml").unlink()
    return copied


def plain_project(project: Path) -> Path:
    """The same site without hooks: `statuskb render` output as docs_dir, same config otherwise."""
    plain = project.parent / f"{project.name}-plain"
    plain.mkdir(exist_ok=True)
    rendered = subprocess.run([str(BIN / "statuskb"), "render", "--out", str(plain / "docs"),
                               "--catalog", str(project / "data" / "status_codes.yaml"),
                               "--content", str(project / "content")],
                              capture_output=True, text=True, env=ENV, cwd=project)
    if rendered.returncode:
        raise SystemExit(f"statuskb render failed in {project}:\n{rendered.stderr}")
    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)  # data/ and hooks/ are not there
    config = config.replace("docs_dir: content", "docs_dir: docs")
    # The hook keeps detail pages out of the nav; give the plain build the same nav.
    out_of_nav = _pages_out_of_nav(project)
    if out_of_nav:
        config += "\nnot_in_nav: |\n" + "".join(f"  /{uri}\n" for uri in out_of_nav)
    (plain / "mkdocs.yml").write_text(config)
    shutil.copytree(project / "theme_overrides", plain / "theme_overrides", dirs_exist_ok=True)
    return plain


def _pages_out_of_nav(project: Path) -> list[str]:
    from statuskb import load_catalog, plan_site

    plan = plan_site(load_catalog(project / "data" / "status_codes.yaml"))
    return [page.src_uri for page in plan.pages if not page.in_nav]


def timed_build(project: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--quiet"], cwd=project,
                               capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if completed.returncode:
        raise SystemExit(f"build failed in {project}:\n{completed.stdout}{completed.stderr}")
    return elapsed


def alternate(runs: int, **commands: Callable[[], float]) -> dict[str, list[float]]:
    """Run the commands in turns (A B A B …), so a noisy neighbour hits both alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(command())
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


# ----------------------------------------------------------------------------- synthetic catalogs
def synthetic_catalog(entries: int) -> str:
    """A valid catalog with `entries` code-in-context combinations.

    Status codes are limited to 500 to 599, so size grows with contexts: 20 codes, each with one
    cause (a log line and a command) per context, and entries/20 contexts. Every combination
    is a /codes/<code>/<context>/ page, out of the nav like the real ones. (20 codes, not 100:
    every code also gets three error pages, and Cloudflare's single 5xx page lists them all.)
    """
    codes = min(20, entries)
    contexts = max(1, entries // codes)
    head = (ROOT / "data" / "status_codes.yaml").read_text().split("\ncontexts:\n")[0]
    lines = [head, "", "contexts:"]
    lines += ["  websites:", "    name: Websites", "    kind: audience", "    summary: Visitors in a browser."]
    for c in range(contexts):
        lines += [f"  ctx-{c}:", f"    name: Context {c}", "    kind: proxy", f"    summary: Synthetic proxy {c}.",
                  "    position: Between the client and the application.",
                  "    request_path: {hops: [client, reverse-proxy, application], failed: application, "
                  "answered: reverse-proxy, caption: Synthetic.}",
                  "    logs: [{what: Error log, where: /var/log/synthetic.log}]", "    sources: [rfc9110]"]
    lines.append("codes:")
    for index in range(codes):
        code = 500 + index
        lines += [
            f"  - code: {code}", f"    reason: Synthetic {code}", "    standing: unofficial",
            '    spec: {source: rfc9110, section: "15.6"}', f"    summary: Synthetic code {code} for benchmarks.",
            f"    definition: {code} is a synthetic code used to measure how the build scales.",
            "    emitted_by: A synthetic gateway", "    visitor_view: Not your fault.",
            "    origin: Made up for the benchmark.", "    plain: A plain explanation.",
            "    technical: A technical explanation.",
            "    retry: {retryable: with-backoff, retry_after: false, advice: Retry later.}",
            "    heuristically_cacheable: false", "    duration: transient",
            "    request_path: {hops: [client, reverse-proxy, application], failed: application, "
            "answered: reverse-proxy, caption: Synthetic.}",
            "    causes:",
        ]
        for c in range(contexts):
            lines += [
                f"      - id: cause-{c}", f"        title: Synthetic cause {c}",
                f"        description: Something failed in context {c}.", f"        contexts: [ctx-{c}]",
                f"        signals: [{{context: ctx-{c}, text: 'upstream failed {c}', source: rfc9110}}]",
                f"        fixes: [fix-{c}]",
            ]
        lines.append("    fixes:")
        lines += ["      - {id: reload, audience: visitor, title: Reload later, steps: [Wait and reload.]}"]
        for c in range(contexts):
            lines += [f"      - id: fix-{c}", "        audience: owner", f"        title: Fix context {c}",
                      "        steps: [Restart the upstream.]",
                      f"        commands: [{{context: ctx-{c}, language: bash, code: 'systemctl restart app-{c}'}}]"]
        lines += ["    faqs: [{question: Is it my fault?, answer: No.}]", "    sources: [rfc9110]",
                  '    last_reviewed: "2026-11-26"']
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- benchmarks
def bench_overhead(runs: int, work: Path) -> dict[str, Any]:
    """The real build (hooks generate in memory) versus MkDocs alone on the pre-rendered pages."""
    project = copy_project(work / "overhead")
    plain = plain_project(project)
    times = alternate(runs, generated=lambda: timed_build(project), plain=lambda: timed_build(plain))
    pages = sum(1 for _ in (project / "site").rglob("index.html"))
    result = {"runs": runs, "pages": pages, "generated_s": median(times["generated"]),
              "plain_s": median(times["plain"]), "all": times}
    result["ratio"] = result["generated_s"] / result["plain_s"]
    return result


def bench_catalog(runs: int) -> dict[str, Any]:
    """Load + validate + plan, in process, for the real catalog and synthetic ones."""
    from statuskb import load_catalog, plan_site

    def measure(path: Path) -> tuple[float, float]:
        loads, plans = [], []
        for _ in range(runs):
            start = time.perf_counter()
            catalog = load_catalog(path)
            middle = time.perf_counter()
            plan_site(catalog)
            loads.append(middle - start)
            plans.append(time.perf_counter() - middle)
        return median(loads), median(plans)

    real_load, real_plan = measure(ROOT / "data" / "status_codes.yaml")
    synthetic = {}
    with tempfile.TemporaryDirectory() as tmp:
        for entries in (100, 1000, 5000):
            path = Path(tmp) / f"synthetic-{entries}.yaml"
            path.write_text(synthetic_catalog(entries))
            load, plan = measure(path)
            synthetic[entries] = {"load_validate_s": load, "plan_s": plan, "bytes": path.stat().st_size}
    return {
        "real": {"load_validate_s": real_load, "plan_s": real_plan, "total_s": real_load + real_plan},
        "synthetic": synthetic,
        "load_ratio_5000_1000": synthetic[5000]["load_validate_s"] / synthetic[1000]["load_validate_s"],
        "total_ratio_5000_1000": (synthetic[5000]["load_validate_s"] + synthetic[5000]["plan_s"])
        / (synthetic[1000]["load_validate_s"] + synthetic[1000]["plan_s"]),
    }


def mixed_log(size: int) -> str:
    """`size` bytes (about) of mixed log lines: the lab's logged lines, access-log, router and JSON lines, pages."""
    from statuskb import load_catalog, load_observations, load_recognition

    catalog = load_catalog(ROOT / "data" / "status_codes.yaml")
    lines = [line.replace("…", "203.0.113.7:8080") for o in load_observations(
        ROOT / "data" / "observations.yaml", catalog).data.observations for line in o.log]
    lines += [example.text for example in load_recognition(ROOT / "data" / "recognition.yaml", catalog).data.examples]
    lines += [f'203.0.113.{n % 250} - - [01/Dec/2026:09:12:{n % 60:02} +0000] "GET /item/{n} HTTP/1.1" 200 {n} "-" '
              f'"Mozilla/5.0"' for n in range(200)]
    lines.append("x" * 20_000)  # one very long line, as a minified page would be
    out, total, n = [], 0, 0
    while total < size:
        line = lines[n % len(lines)]
        out.append(line)
        total += len(line) + 1
        n += 1
    return "\n".join(out)


def bench_explain(runs: int) -> dict[str, Any]:
    """The recognition engine over 1.25 to 10 MB of mixed log lines (no input limit): it must stay linear."""
    from statuskb import load_catalog, load_observations, load_recognition
    from statuskb.common.site_info import DEFAULT_SITE
    from statuskb.diagnosis.recognise import build_engine, recognise

    catalog = load_catalog(ROOT / "data" / "status_codes.yaml")
    engine = build_engine(catalog, DEFAULT_SITE, load_observations(ROOT / "data" / "observations.yaml", catalog),
                          load_recognition(ROOT / "data" / "recognition.yaml", catalog))
    rows = []
    for megabytes in (1.25, 2.5, 5.0, 10.0):
        text = mixed_log(int(megabytes * 1_000_000))
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            recognise(engine, text, limit=None)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        rows.append({"mb": megabytes, "wall_s": median(walls), "cpu_s": median(cpus),
                     "mb_per_s": megabytes / median(walls)})
    # CPU time is the measure of the work: on the shared machines here wall time also counts waiting for a core.
    return {"rows": rows, "cpu_ratio_10_5": rows[-1]["cpu_s"] / rows[-2]["cpu_s"],
            "wall_ratio_10_5": rows[-1]["wall_s"] / rows[-2]["wall_s"]}


def bench_scaling(runs: int, work: Path, sizes: list[int]) -> dict[str, Any]:
    """Full build time per page as the site grows, ours and the plain baseline side by side."""
    rows = []
    for entries in sizes:
        catalog = work / f"scaling-{entries}.yaml"
        catalog.write_text(synthetic_catalog(entries))
        project = copy_project(work / f"scaling-{entries}", catalog)
        # Hand-written pages link to real codes (502, 503 …) that a synthetic catalog lacks.
        shutil.rmtree(project / "content")
        (project / "content").mkdir()
        (project / "content" / "index.md").write_text("# Synthetic benchmark site\n")
        plain = plain_project(project)
        times = alternate(runs, generated=lambda p=project: timed_build(p), plain=lambda p=plain: timed_build(p))
        pages = sum(1 for _ in (project / "site").rglob("index.html"))
        rows.append({"entries": entries, "pages": pages, "generated_s": median(times["generated"]),
                     "plain_s": median(times["plain"])})
    for row in rows:
        row["generated_ms_per_page"] = 1000 * row["generated_s"] / row["pages"]
        row["plain_ms_per_page"] = 1000 * row["plain_s"] / row["pages"]
    doubling = [
        {"from": a["pages"], "to": b["pages"], "ratio": b["generated_s"] / a["generated_s"]}
        for a, b in itertools.pairwise(rows)
    ]
    return {"rows": rows, "doubling": doubling}


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def bench_serve(runs: int, work: Path) -> dict[str, Any]:
    """From saving data/status_codes.yaml to the rebuilt page being served."""
    project = copy_project(work / "serve")
    port = free_port()
    log = (work / "serve.log").open("w")
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT, env=ENV, start_new_session=True)
    url = f"http://127.0.0.1:{port}/codes/502/"
    try:
        deadline = time.monotonic() + 120
        while "502 Bad Gateway" not in fetch(url):
            if time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not come up")
            time.sleep(0.2)
        catalog = project / "data" / "status_codes.yaml"
        original = catalog.read_text()
        times = []
        for run in range(runs):
            marker = f"Bad Gateway (edit {run})"
            catalog.write_text(original.replace("reason: Bad Gateway", f"reason: {marker}", 1))
            start = time.perf_counter()
            while marker not in fetch(url):
                if time.perf_counter() - start > 120:
                    raise SystemExit("the edit never showed up")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            time.sleep(1.5)  # let the watcher settle before the next edit
        return {"runs": runs, "median_s": median(times), "all": times}
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


WEIGHT_PAGES = {"home": "/", "code page": "/codes/502/", "context page": "/contexts/nginx/",
                "gallery": "/error-pages/"}


def bench_weight(work: Path) -> dict[str, Any]:
    """Bytes a first visit downloads (raw, and gzip as hosts serve them), in real Chromium.

    Every request the page makes is recorded and measured as the file it fetched, so the
    figures do not depend on what the browser happened to keep in memory.
    """
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright

    project = copy_project(work / "weight")
    timed_build(project)
    site = project / "site"
    pages: dict[str, Any] = {}
    with static_host(site, compress=True) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        for name, path in WEIGHT_PAGES.items():
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            requested: list[str] = []
            page.on("requestfinished", lambda request, seen=requested: seen.append(request.url))
            response = page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(1000)  # the search index is fetched by a worker after load
            context.close()
            if response is None or not response.ok:
                pages[name] = {"missing": True}
                continue
            kinds: dict[str, dict[str, int]] = {}
            for url in dict.fromkeys(requested):
                if not url.startswith(base):
                    continue
                file = site / urlsplit(url).path.lstrip("/")
                file = file / "index.html" if file.is_dir() else file
                body = file.read_bytes()
                entry = kinds.setdefault(_kind(url), {"raw": 0, "gzip": 0, "count": 0})
                entry["raw"] += len(body)
                entry["gzip"] += len(gzip.compress(body, 6, mtime=0))
                entry["count"] += 1
            pages[name] = {"raw": sum(k["raw"] for k in kinds.values()),
                           "gzip": sum(k["gzip"] for k in kinds.values()), "by_kind": kinds}
        browser.close()
    error_pages = sorted(p.stat().st_size for p in (site / "error-pages").rglob("*.html")
                         if p.parent.name != "error-pages") if (site / "error-pages").is_dir() else []
    return {"pages": pages, "error_pages": {
        "count": len(error_pages), "median": statistics.median(error_pages) if error_pages else None,
        "max": max(error_pages) if error_pages else None}}


def _kind(url: str) -> str:
    path = url.split("?")[0]
    for suffix, kind in ((".css", "css"), (".js", "js"), (".woff2", "fonts"), (".woff", "fonts"),
                         (".json", "json"), (".svg", "images"), (".png", "images")):
        if path.endswith(suffix):
            return kind
    return "html"


#: One page of each type a reader meets, measured on a phone (390 x 844 CSS px, as an iPhone 12-15).
SCREEN_PAGES = {"home": "/", "code": "/codes/502/", "code x context": "/codes/502/nginx/",
                "context": "/contexts/nginx/", "compare": "/compare/", "pair": "/compare/502-vs-504/",
                "gallery": "/error-pages/", "explain": "/explain/", "API": "/api/", "embed": "/embed/"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def measure_screens(site: Path) -> dict[str, Any]:
    """Document height of each SCREEN_PAGES page, in px and in screens, on a phone and a desktop.

    Measured as the page first shows (collapsed sections stay collapsed), after web fonts and
    layout settle: the number of screens a reader scrolls through to reach the end.
    """
    from playwright.sync_api import sync_playwright

    pages: dict[str, Any] = {}
    with static_host(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        for device, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            context = browser.new_context(viewport=viewport, service_workers="block")
            page = context.new_page()
            for name, path in SCREEN_PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                page.evaluate("() => document.fonts.ready")
                height = page.evaluate("() => document.documentElement.scrollHeight")
                pages.setdefault(name, {"path": path})[device] = {
                    "px": height, "screens": round(height / viewport["height"], 1)}
            context.close()
        browser.close()
    return {"phone": PHONE, "desktop": DESKTOP, "pages": pages}


def bench_screens(work: Path) -> dict[str, Any]:
    """How far each page type makes a reader scroll, on the site as built now."""
    project = copy_project(work / "screens")
    timed_build(project)
    return measure_screens(project / "site")


LIGHTHOUSE_PAGES = ["/", "/codes/502/", "/error-pages/"]


def bench_lighthouse(work: Path) -> dict[str, Any]:
    """Lighthouse 12 (npm, bench/package.json) with Debian's Chromium, on loopback."""
    lighthouse = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        raise SystemExit("lighthouse is missing: run `make bench` (it runs npm ci in bench/)")
    project = copy_project(work / "lighthouse")
    timed_build(project)
    flags = " ".join(["--headless"] + [f"{k}='{v}'" if " " in v else f
                                       for f in CHROMIUM_FLAGS for k, _, v in [f.partition("=")]])
    scores = {}
    with static_host(project / "site", compress=True) as base:
        for path in LIGHTHOUSE_PAGES:
            report = work / f"lighthouse-{path.strip('/').replace('/', '-') or 'home'}.json"
            subprocess.run([str(lighthouse), base + path, "--quiet", "--output=json", f"--output-path={report}",
                            f"--chrome-flags={flags}"], env={**ENV, "CHROME_PATH": "/usr/bin/chromium"},
                           check=True, capture_output=True, timeout=300)
            data = json.loads(report.read_text())
            scores[path] = {name: round(category["score"] * 100) for name, category in data["categories"].items()}
    return {"lighthouse": _version_of_lighthouse(), "scores": scores}


def _version_of_lighthouse() -> str:
    package = ROOT / "bench" / "node_modules" / "lighthouse" / "package.json"
    return str(json.loads(package.read_text())["version"])


# ----------------------------------------------------------------------------- report
def plot(scaling: dict[str, Any], target: Path) -> None:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    rows = scaling["rows"]
    pages = [row["pages"] for row in rows]
    figure, axes = plt.subplots(figsize=(7, 4))
    axes.plot(pages, [row["generated_s"] for row in rows], marker="o", label="5xx Field Guide build (hooks)")
    axes.plot(pages, [row["plain_s"] for row in rows], marker="s", linestyle="--",
              label="plain MkDocs on pre-rendered pages")
    axes.set_xlabel("pages in the site")
    axes.set_ylabel("build time (s, median)")
    axes.set_title("Build time against site size")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    plt.rcParams["svg.hashsalt"] = "5xx-field-guide"  # reproducible ids in the SVG
    figure.savefig(target, metadata={"Date": None})
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--quick", action="store_true", help="smaller scaling sizes, 3 runs")
    parser.add_argument("--only", nargs="*", default=None,
                        choices=["overhead", "catalog", "explain", "scaling", "serve", "weight", "screens",
                                 "lighthouse"])
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    sizes = [250, 500, 1000] if args.quick else [250, 500, 1000, 2000]
    chosen = set(args.only or ["overhead", "catalog", "explain", "scaling", "serve", "weight", "screens", "lighthouse"])
    results: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="statuskb-bench-") as tmp:
        work = Path(tmp)
        if "catalog" in chosen:
            results["catalog"] = bench_catalog(runs)
        if "explain" in chosen:
            results["explain"] = bench_explain(runs)
        if "overhead" in chosen:
            results["overhead"] = bench_overhead(runs, work)
        if "scaling" in chosen:
            results["scaling"] = bench_scaling(runs, work, sizes)
            plot(results["scaling"], ROOT / "bench" / "build-scaling.svg")
        if "serve" in chosen:
            results["serve"] = bench_serve(runs, work)
        if "weight" in chosen:
            results["weight"] = bench_weight(work)
        if "screens" in chosen:
            results["screens"] = bench_screens(work)
        if "lighthouse" in chosen:
            results["lighthouse"] = bench_lighthouse(work)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"5xx Field Guide benchmarks, {m['date']}: {m['cpus']} CPUs, Python {m['python']}, "
             f"MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}"]
    if "catalog" in results:
        c = results["catalog"]
        real = c["real"]
        lines.append(f"catalog load+validate+plan (real): {1000 * real['total_s']:.0f} ms (load+validate "
                     f"{1000 * real['load_validate_s']:.0f} ms, plan {1000 * real['plan_s']:.0f} ms)")
        for entries, row in c["synthetic"].items():
            lines.append(f"  synthetic {entries:>5} entries ({row['bytes'] / 1e6:.1f} MB): load+validate "
                         f"{1000 * row['load_validate_s']:.0f} ms, plan {1000 * row['plan_s']:.0f} ms")
        lines.append(f"  t(5000)/t(1000): load+validate {c['load_ratio_5000_1000']:.2f}, "
                     f"with plan {c['total_ratio_5000_1000']:.2f} (target <= 5.5)")
    if "explain" in results:
        for row in results["explain"]["rows"]:
            lines.append(f"explain {row['mb']:>5.2f} MB of mixed log lines: {row['wall_s']:.2f} s wall, "
                         f"{row['cpu_s']:.2f} s CPU (user+sys), {row['mb_per_s']:.1f} MB/s")
        e = results["explain"]
        lines.append(f"  t(10 MB)/t(5 MB): CPU {e['cpu_ratio_10_5']:.2f}, wall {e['wall_ratio_10_5']:.2f} "
                     "(linear: about 2, target <= 2.2 for CPU)")
    if "overhead" in results:
        o = results["overhead"]
        lines.append(f"generation overhead: {o['generated_s']:.2f} s vs plain {o['plain_s']:.2f} s for {o['pages']} "
                     f"pages: ratio {o['ratio']:.3f} (target <= 1.05)")
    if "scaling" in results:
        for row in results["scaling"]["rows"]:
            lines.append(f"  {row['pages']:>5} pages: {row['generated_s']:.1f} s ({row['generated_ms_per_page']:.1f} "
                         f"ms/page), plain {row['plain_s']:.1f} s ({row['plain_ms_per_page']:.1f} ms/page)")
        for step in results["scaling"]["doubling"]:
            lines.append(f"  t({step['to']})/t({step['from']}) = {step['ratio']:.2f} (target <= 2.2 per doubling)")
    if "serve" in results:
        lines.append(f"serve loop (save -> page served): median {results['serve']['median_s']:.2f} s")
    if "weight" in results:
        for name, page in results["weight"]["pages"].items():
            if page.get("missing"):
                lines.append(f"  {name}: page missing")
            else:
                lines.append(f"  first visit to {name}: {page['raw'] / 1024:.0f} KiB raw, "
                             f"{page['gzip'] / 1024:.0f} KiB gzip")
        e = results["weight"]["error_pages"]
        lines.append(f"  error pages: {e['count']} files, median {e['median']} B, max {e['max']} B")
    if "screens" in results:
        for name, page in results["screens"]["pages"].items():
            lines.append(f"  {name} {page['path']}: {page['phone']['screens']} phone screens "
                         f"({page['phone']['px']} px), {page['desktop']['screens']} desktop screens "
                         f"({page['desktop']['px']} px)")
    if "lighthouse" in results:
        for path, scores in results["lighthouse"]["scores"].items():
            lines.append(f"  lighthouse {path}: {scores}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
