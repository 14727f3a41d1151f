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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' helpers: one way to copy the project

from static_host import static_host  # noqa: E402
from statuskb.lab.processes import free_port  # noqa: E402
from support import copy_project as copy_site  # noqa: E402
from support import plain_project, serve_command  # noqa: E402

BIN = Path(sys.executable).parent
#: Builds run as `make build` runs them: Python keeps the hooks' compiled bytecode (__pycache__)
#: from one build to the next, as it does for the installed MkDocs and Material. (Forbidding it
#: made every timed build of ours compile the core's 13,600 lines again, and plain MkDocs none.)
ENV = {**{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1"}
#: `make serve` forbids bytecode files: they would land in the hooks/ folder it watches.
SERVE_ENV = {**ENV, "PYTHONDONTWRITEBYTECODE": "1"}
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
        # The lab's observations, the explainer's traits and the error pages' translations
        # describe the real catalog's servers and codes, not synthetic ones.
        (copied / "data" / "observations.yaml").unlink()
        (copied / "data" / "recognition.yaml").unlink()
        shutil.rmtree(copied / "data" / "error_pages")
    return copied


@dataclass(frozen=True)
class Timing:
    """One run of a child process: wall-clock seconds, and the CPU seconds (user + system) it used.

    CPU time is what the figures are judged on: on a shared machine, wall time mostly measures
    the neighbours (the same build swung from 1.17 to 1.49 times the baseline under load).
    """

    wall: float
    cpu: float
    peak_rss_mib: float


#: Runs the measured command as its own child and reports that child's usage. A child's peak
#: memory (ru_maxrss) starts at its parent's resident size when it was forked, because Linux
#: keeps the forked copy's high-water mark across exec: measured from this process, which holds
#: the loaded catalogs and results (160 MiB and more), every build "peaked" at least there. This
#: launcher starts with none of that (python -S, about 10 MiB), so the figure is the command's own.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump({"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
               "peak_kib": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}, report)
"""


def run_timed(command: list[str], cwd: Path) -> tuple[Timing, str]:
    """Run `command` to completion; its timing (os.wait4's rusage of that process) and its output."""
    with tempfile.TemporaryFile() as output, tempfile.NamedTemporaryFile("r") as report:
        launched = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, report.name, *command], cwd=cwd, env=ENV,
                                  stdout=output, stderr=subprocess.STDOUT)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
        usage = json.load(report) if launched.returncode == 0 else {"exit": launched.returncode}
    if usage["exit"]:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{text}")
    return Timing(usage["wall"], usage["cpu"], usage["peak_kib"] / 1024), text


def timed_build(project: Path) -> Timing:
    return run_timed([str(BIN / "mkdocs"), "build", "--strict", "--quiet"], project)[0]


def alternate(runs: int, **commands: Callable[[], Timing]) -> dict[str, list[Timing]]:
    """Run the commands in turns (A B A B …), so a noisy neighbour hits both alike."""
    times: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(command())
    return times


def medians(timings: list[Timing]) -> dict[str, Any]:
    """Median CPU and wall seconds of some runs, with every run kept for results.json."""
    return {"cpu_s": median([t.cpu for t in timings]), "wall_s": median([t.wall for t in timings]),
            "peak_rss_mib": max(t.peak_rss_mib for t in timings),
            "runs_cpu_s": [round(t.cpu, 3) for t in timings], "runs_wall_s": [round(t.wall, 3) for t in timings]}


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages, recorded beside every timed section."""
    return [round(value, 2) for value in os.getloadavg()]


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
    load = load_average()
    times = alternate(runs, generated=lambda: timed_build(project), plain=lambda: timed_build(plain))
    pages = sum(1 for _ in (project / "site").rglob("index.html"))
    generated, baseline = medians(times["generated"]), medians(times["plain"])
    pairs = list(zip(times["generated"], times["plain"], strict=True))
    # The figure is the median of each alternated pair's ratio: a pair's two builds ran back to
    # back, under the same neighbours; the ratio of the two medians mixes builds from different
    # minutes (one run here went from 6.4 to 11.3 s CPU as a neighbour's load rose).
    return {"runs": runs, "pages": pages, "generated": generated, "plain": baseline,
            "ratio_cpu": median([ours.cpu / plain.cpu for ours, plain in pairs]),
            "ratio_wall": median([ours.wall / plain.wall for ours, plain in pairs]),
            "ratio_of_medians_cpu": generated["cpu_s"] / baseline["cpu_s"],
            "load_average": [load, load_average()]}


#: Run in a fresh interpreter per measurement, so that peak memory is that size's own.
CATALOG_CHILD = """
import json, resource, sys
from pathlib import Path
from statuskb import load_catalog, plan_site

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

start = cpu()
catalog = load_catalog(Path(sys.argv[1]))
middle = cpu()
plan_site(catalog)
end = cpu()
print(json.dumps({"load_validate_s": middle - start, "plan_s": end - middle,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
CATALOG_SIZES = (2000, 10000)


def bench_catalog(runs: int, work: Path) -> dict[str, Any]:
    """Load + validate + plan in CPU seconds, real catalog and synthetic ones, sizes alternated."""
    paths = {"real": ROOT / "data" / "status_codes.yaml"}
    for entries in CATALOG_SIZES:
        paths[str(entries)] = work / f"catalog-{entries}.yaml"
        paths[str(entries)].write_text(synthetic_catalog(entries))
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
    load = load_average()
    for _ in range(runs):
        for name, path in paths.items():
            output = run_timed([sys.executable, "-c", CATALOG_CHILD, str(path)], ROOT)[1]
            samples[name].append(json.loads(output.strip().splitlines()[-1]))
    rows = {}
    for name, runs_of in samples.items():
        load_s = median([run["load_validate_s"] for run in runs_of])
        plan_s = median([run["plan_s"] for run in runs_of])
        rows[name] = {"load_validate_s": load_s, "plan_s": plan_s, "total_s": load_s + plan_s,
                      "peak_rss_mib": max(run["peak_rss_mib"] for run in runs_of),
                      "bytes": paths[name].stat().st_size}
    small, large = (rows[str(entries)] for entries in CATALOG_SIZES)
    return {"rows": rows, "ratio": large["total_s"] / small["total_s"],
            "entries_ratio": CATALOG_SIZES[1] / CATALOG_SIZES[0], "load_average": [load, load_average()]}


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
    """Full build time per page as the site grows, ours and the plain baseline side by side.

    The first size is a near-empty site: what a build costs before its pages (starting Python
    and MkDocs, the theme, our imports). Each larger size's per-page cost is its build's CPU
    above that round's near-empty build, over its pages above that site's, so a fixed cost does
    not pass for a per-page cost of small sites. Every round builds every size (ours, then plain,
    at each), ascending in one round and descending in the next; a size's figure is the median
    over the rounds. The host's speed drifts by a third over the quarter of an hour this takes
    (one size's three builds of ours went 50.9, 59.0, 77.7 s when they ran together), and builds
    of one size swing 5-17 % between rounds.

    Each figure rests on its own build and a cheap shared one, not on the difference of two
    large, noisy builds: taken from one size to the next (598 -> 1,123 -> 2,698 -> 5,323 pages,
    three rounds), a perfectly linear cost under that noise (simulated, 10 % per build) came out
    "not flat" (largest step over smallest > 1.25) in 61 % of runs; over a near-empty site at
    598, 2,698 and 5,323 pages, five rounds, in 3 %.
    """
    projects, plains = [], []
    for entries in sizes:
        catalog = work / f"scaling-{entries}.yaml"
        catalog.write_text(synthetic_catalog(entries))
        project = copy_project(work / f"scaling-{entries}", catalog)
        # Hand-written pages link to real codes (502, 503 …) that a synthetic catalog lacks.
        shutil.rmtree(project / "content")
        (project / "content").mkdir()
        (project / "content" / "index.md").write_text("# Synthetic benchmark site\n")
        projects.append(project)
        plains.append(plain_project(project))
    # Sites of thousands of pages take a minute a build here: five rounds are a quarter of an hour.
    rounds = min(runs, 5)
    ours: list[list[Timing]] = [[] for _ in sizes]
    plain: list[list[Timing]] = [[] for _ in sizes]
    loads = []
    for round_number in range(rounds):
        order = range(len(sizes)) if round_number % 2 == 0 else reversed(range(len(sizes)))
        for at in order:
            ours[at].append(timed_build(projects[at]))
            plain[at].append(timed_build(plains[at]))
        loads.append(load_average())
    pages = [sum(1 for _ in (project / "site").rglob("index.html")) for project in projects]
    rows = []
    for at, entries in enumerate(sizes):
        generated, baseline = medians(ours[at]), medians(plain[at])
        rows.append({"entries": entries, "pages": pages[at], "generated": generated, "plain": baseline,
                     "generated_ms_per_page": 1000 * generated["cpu_s"] / pages[at],
                     "plain_ms_per_page": 1000 * baseline["cpu_s"] / pages[at],
                     "peak_rss_mib": generated["peak_rss_mib"], "plain_peak_rss_mib": baseline["peak_rss_mib"]})
    doubling = [
        {"from": a["pages"], "to": b["pages"], "ratio": b["generated"]["cpu_s"] / a["generated"]["cpu_s"]}
        for a, b in itertools.pairwise(rows)
    ]

    def ms_per_page_above_base(timings: list[list[Timing]], at: int, round_number: int) -> float:
        added = timings[at][round_number].cpu - timings[0][round_number].cpu
        return 1000 * added / (pages[at] - pages[0])

    larger = range(1, len(sizes))
    per_round = [[ms_per_page_above_base(ours, at, r) for r in range(rounds)] for at in larger]
    plain_per_round = [[ms_per_page_above_base(plain, at, r) for r in range(rounds)] for at in larger]
    per_page = [median(values) for values in per_round]
    return {"rows": rows, "doubling": doubling, "rounds": rounds, "base_pages": pages[0],
            "ms_per_page_above_base": per_page, "per_round": per_round,
            "spread": max(per_page) / min(per_page),
            "plain_ms_per_page_above_base": [median(values) for values in plain_per_round],
            "load_average": loads}


def fetch(url: str, timeout: float = 5) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: `livereload(epoch, request id)`: the call mkdocs serve injects into every page it serves.
LIVERELOAD_EPOCH = re.compile(r"livereload\((\d+),")


def bench_serve(runs: int, work: Path) -> dict[str, Any]:
    """`mkdocs serve` as `make serve` runs it: from saving data/status_codes.yaml to the rebuilt page served.

    CPU is the server's own (user + system) between the save and the first response that
    shows the edit; wall time is beside it. The edit is waited for as the browser waits for it:
    livereload's long poll answers when a newer build is served, then the page loads once
    (fetching the page every 50 ms instead added the server's work for each fetch to the figure).
    Three saves, each from the valid catalog being served: a word of 502's definition (its page
    and the pages made from it change), 502's reason phrase (a title: every page's navigation
    changes) and an invalid catalog (the banner).
    """
    project = copy_project(work / "serve")
    port = free_port()
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(serve_command(port), cwd=project, stdout=log, stderr=subprocess.STDOUT, env=SERVE_ENV,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/codes/502/"

    epoch = [0]  # the build the last page came from (mkdocs serve writes it into the page's livereload script)

    def shows(*texts: str, absent: str | None = None) -> bool:
        page = fetch(url)
        if found := LIVERELOAD_EPOCH.search(page):
            epoch[0] = int(found.group(1))
        return all(text in page for text in texts) and (absent is None or absent not in page)

    def until_served(*texts: str, absent: str | None = None) -> Timing:
        """As the browser sees it: livereload answers when a newer build is served, then the page loads."""
        cpu_before, start = process_cpu(server.pid), time.perf_counter()
        while not shows(*texts, absent=absent):
            if time.perf_counter() - start > 300:
                raise SystemExit(f"{texts!r} never showed up")
            # Held by the server until a build newer than the page's is visible (at most a minute).
            if fetch(f"http://127.0.0.1:{port}/livereload/{epoch[0]}/0", timeout=70) == "":
                time.sleep(0.05)  # not listening yet
        return Timing(time.perf_counter() - start, process_cpu(server.pid) - cpu_before, 0.0)

    try:
        until_served("502 Bad Gateway")
        catalog = project / "data" / "status_codes.yaml"
        original = catalog.read_text()
        served = ("got back an invalid response", "<title>502 Bad Gateway -")
        load = load_average()
        edits, titles, banners = [], [], []
        for run in range(runs):
            catalog.write_text(original.replace("got back an invalid", f"got back an edited{run}", 1))
            edits.append(until_served(f"got back an edited{run} response"))
            catalog.write_text(original)
            until_served(*served)
            catalog.write_text(original.replace("reason: Bad Gateway", f"reason: Bad Gateway (edit {run})", 1))
            titles.append(until_served(f"Bad Gateway (edit {run})"))
            catalog.write_text(original.replace("reason: Bad Gateway", "reason: [", 1))  # invalid YAML
            banners.append(until_served("The catalog is invalid"))
            catalog.write_text(original)
            until_served(*served, absent="statuskb-problems")
        return {"runs": runs, "command": " ".join(serve_command(port)[1:]), "edit": medians(edits),
                "edit_title": medians(titles), "banner": medians(banners), "load_average": [load, load_average()]}
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
    gallery = site / "error-pages"  # its own pages (the gallery, the install pages) are not error pages
    error_pages = sorted(p.stat().st_size for p in gallery.rglob("*.html")
                         if p.parent != gallery and p.relative_to(gallery).parts[0] != "install") \
        if gallery.is_dir() else []
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
#: The reader-path goal (#13): the longest page type a reader scrolls.
SCREEN_GOALS = {"code": 15}
PHONE = {"width": 390, "height": 844}
#: Lays out every block of a page that waits to be shown, as it is once shown (see measure_screens).
LAID_OUT = """() => { for (const el of document.querySelectorAll('*'))
  if (getComputedStyle(el).contentVisibility === 'auto') {
    el.style.contain = 'layout style paint'; el.style.contentVisibility = 'visible'; } }"""
DESKTOP = {"width": 1366, "height": 768}


def measure_screens(site: Path) -> dict[str, Any]:
    """Document height of each SCREEN_PAGES page, in px and in screens, on a phone and a desktop.

    Measured as the page first shows (collapsed sections stay collapsed), after web fonts and
    layout settle: the number of screens a reader scrolls through to reach the end. Blocks far
    below the screen are not laid out on a real visit (`content-visibility: auto` in
    fieldguide.css) and count at a guessed size until shown; here each such block is laid out as
    it is once shown (`visible`, with the layout, style and paint containment `auto` keeps), so
    the figure is the real rendered length, not the sum of the guesses.
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
                page.evaluate(LAID_OUT)
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


LIGHTHOUSE_PAGES = ["/", "/codes/502/", "/contexts/nginx/", "/compare/502-vs-504/", "/error-pages/", "/explain/"]
LIGHTHOUSE_RUNS = 5


def bench_lighthouse(work: Path) -> dict[str, Any]:
    """Lighthouse 12 (npm, bench/package.json) with Debian's Chromium, on loopback."""
    lighthouse = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        raise SystemExit("lighthouse is missing: run `make bench` (it runs npm ci in bench/)")
    project = copy_project(work / "lighthouse")
    timed_build(project)
    flags = " ".join(["--headless"] + [f"{k}='{v}'" if " " in v else f
                                       for f in CHROMIUM_FLAGS for k, _, v in [f.partition("=")]])
    scores: dict[str, Any] = {}
    load = load_average()
    with static_host(project / "site", compress=True) as base:
        for path in LIGHTHOUSE_PAGES:
            runs: list[dict[str, int]] = []
            for run in range(LIGHTHOUSE_RUNS):  # mobile, simulated throttling: Lighthouse's defaults
                report = work / f"lighthouse-{path.strip('/').replace('/', '-') or 'home'}-{run}.json"
                subprocess.run([str(lighthouse), base + path, "--quiet", "--output=json", f"--output-path={report}",
                                f"--chrome-flags={flags}"], env={**ENV, "CHROME_PATH": "/usr/bin/chromium"},
                               check=True, capture_output=True, timeout=600)
                data = json.loads(report.read_text())
                runs.append({name: round(category["score"] * 100) for name, category in data["categories"].items()}
                            | lighthouse_diagnostics(data))
            scores[path] = {name: int(median([run[name] for run in runs])) for name in runs[0]}
            scores[path]["runs_performance"] = [run["performance"] for run in runs]
            scores[path]["runs_benchmark_index"] = [run["benchmark_index"] for run in runs]
    return {"lighthouse": _version_of_lighthouse(), "runs": LIGHTHOUSE_RUNS, "scores": scores,
            "load_average": [load, load_average()]}


def lighthouse_diagnostics(report: dict[str, Any]) -> dict[str, int]:
    """What a score is made of: the score alone hides whether blocking time or paint moved, and
    Lighthouse's benchmarkIndex (this machine's speed during the run) says how loaded it was."""
    audits = report["audits"]
    return {"tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
            "main_thread_ms": round(audits["mainthread-work-breakdown"]["numericValue"]),
            "dom_elements": round(audits["dom-size"]["numericValue"]),
            "benchmark_index": round(report["environment"]["benchmarkIndex"])}


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
    axes.plot(pages, [row["generated"]["cpu_s"] for row in rows], marker="o", label="5xx Field Guide build (hooks)")
    axes.plot(pages, [row["plain"]["cpu_s"] for row in rows], marker="s", linestyle="--",
              label="plain MkDocs on pre-rendered pages")
    axes.set_xlabel("pages in the site")
    axes.set_ylabel("build CPU time (s, user + system, median)")
    axes.set_title("Build time against site size")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    plt.rcParams["svg.hashsalt"] = "5xx-field-guide"  # reproducible ids in the SVG
    figure.savefig(target, metadata={"Date": None})
    plt.close(figure)


BENCHES = ["catalog", "explain", "overhead", "scaling", "serve", "weight", "screens", "lighthouse"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--quick", action="store_true", help="smaller scaling sizes, 3 runs")
    parser.add_argument("--only", nargs="*", default=None, choices=BENCHES,
                        help="run these sections only; bench/results.json keeps the others' last figures")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    sizes = [10, 250, 500, 1000] if args.quick else [10, 500, 2500, 5000]
    chosen = set(args.only or BENCHES)
    results: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="statuskb-bench-") as tmp:
        work = Path(tmp)
        if "catalog" in chosen:
            results["catalog"] = bench_catalog(runs, work)
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
    results["machine"]["load_average_end"] = load_average()
    for name in chosen:
        results[name]["measured"] = time.strftime("%Y-%m-%d %H:%M")
    results_file = ROOT / "bench" / "results.json"
    if args.only and results_file.is_file():  # a partial run updates its sections, keeps the others
        previous = json.loads(results_file.read_text())
        results = {**{name: previous[name] for name in BENCHES if name in previous}, **results}
    results_file.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))
    if not args.quick and all(name in results for name in BENCHES):
        write_readme_table(results)


# ----------------------------------------------------------------------------- figures against targets
def figures(results: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """Every figure as (what, figure, target, met): the printed report and the README's table."""
    rows: list[tuple[str, str, str, bool | None]] = []
    if "explain" in results:
        e = results["explain"]
        sizes = " / ".join(f"{row['mb']:g}" for row in e["rows"])
        rows.append((f"Explainer over {sizes} MB of mixed log lines, CPU",
                     " / ".join(f"{row['cpu_s']:.2f}" for row in e["rows"]) + " s", "", None))
        rows.append(("Explainer, CPU t(10 MB) / t(5 MB) (linear: about 2)", f"{e['cpu_ratio_10_5']:.2f}", "<= 2.2",
                     e["cpu_ratio_10_5"] <= 2.2))
    if "overhead" in results:
        o = results["overhead"]
        rows.append((f"Full strict build of the real site ({o['pages']} pages), CPU (wall)",
                     f"{o['generated']['cpu_s']:.2f} s ({o['generated']['wall_s']:.2f} s)", "", None))
        rows.append(("Same pages from `statuskb render`, plain MkDocs, same config, CPU (wall)",
                     f"{o['plain']['cpu_s']:.2f} s ({o['plain']['wall_s']:.2f} s)", "", None))
        rows.append(("Generation overhead (median of the alternated pairs' ratios), CPU (wall)",
                     f"{o['ratio_cpu']:.3f} ({o['ratio_wall']:.2f})", "<= 1.05", o["ratio_cpu"] <= 1.05))
    if "catalog" in results:
        c = results["catalog"]["rows"]
        real = c["real"]
        rows.append(("Catalog load + validate + plan, real catalog, CPU",
                     f"{1000 * real['total_s']:.0f} ms ({1000 * real['load_validate_s']:.0f} + "
                     f"{1000 * real['plan_s']:.0f}), peak {real['peak_rss_mib']:.0f} MiB", "", None))
        small, large = (str(entries) for entries in CATALOG_SIZES)
        ratio = results["catalog"]["ratio"]
        rows.append((f"Load + validate + plan, synthetic {int(small):,} -> {int(large):,} entries, CPU",
                     f"{c[small]['total_s']:.2f} -> {c[large]['total_s']:.2f} s: x{ratio:.2f}; peak "
                     f"{c[small]['peak_rss_mib']:.0f} -> {c[large]['peak_rss_mib']:.0f} MiB",
                     "<= x5.5", ratio <= 5.5))
    if "scaling" in results:
        sc = results["scaling"]
        rows.append(("Build per page at " + " / ".join(f"{row['pages']:,}" for row in sc["rows"]) + " pages, CPU",
                     " / ".join(f"{row['generated_ms_per_page']:.1f}" for row in sc["rows"]) + " ms; peak "
                     + " / ".join(f"{row['peak_rss_mib']:.0f}" for row in sc["rows"]) + " MiB", "", None))
        larger = " / ".join(f"{row['pages']:,}" for row in sc["rows"][1:])
        rows.append((f"CPU per page above a {sc['base_pages']}-page site's build, at {larger} pages "
                     f"(median of {sc['rounds']} rounds)",
                     " / ".join(f"{value:.1f}" for value in sc["ms_per_page_above_base"]) + " ms (plain MkDocs: "
                     + " / ".join(f"{value:.1f}" for value in sc["plain_ms_per_page_above_base"]) + " ms)",
                     "flat (max/min <= 1.25)", sc["spread"] <= 1.25))
    if "serve" in results:
        sv = results["serve"]
        rows.append(("`make serve`: save a word of one code's entry -> rebuilt page served, CPU (wall)",
                     f"{sv['edit']['cpu_s']:.2f} s ({sv['edit']['wall_s']:.2f} s)", "<= 1 s CPU",
                     sv["edit"]["cpu_s"] <= 1.0))
        if "edit_title" in sv:
            rows.append(("`make serve`: save a code's reason phrase (every page's navigation) -> served, CPU (wall)",
                         f"{sv['edit_title']['cpu_s']:.2f} s ({sv['edit_title']['wall_s']:.2f} s)", "", None))
        rows.append(("`make serve`: save an invalid catalog -> banner served, CPU (wall)",
                     f"{sv['banner']['cpu_s']:.2f} s ({sv['banner']['wall_s']:.2f} s)", "", None))
    if "weight" in results:
        w = results["weight"]["pages"]
        gzip_kib = {name: page["gzip"] / 1024 for name, page in w.items() if not page.get("missing")}
        rows.append(("First visit, home / code page / context / gallery (gzip, every request)",
                     " / ".join(f"{value:.0f}" for value in gzip_kib.values()) + " KiB", "<= 100 KiB each",
                     all(value <= 100 for value in gzip_kib.values())))
        e = results["weight"]["error_pages"]
        rows.append((f"Error pages ({e['count']} files)", f"median {e['median']:,.0f} B, max {e['max']:,} B",
                     "<= 8,192 B", e["max"] <= 8192))
    if "screens" in results:
        for name, page in results["screens"]["pages"].items():
            if name in SCREEN_GOALS:
                rows.append((f"Phone screens (390 x 844) to the end of {page['path']}",
                             f"{page['phone']['screens']} ({page['phone']['px']:,} px)",
                             f"<= {SCREEN_GOALS[name]}", page["phone"]["screens"] <= SCREEN_GOALS[name]))
    if "lighthouse" in results:
        for path, scores in results["lighthouse"]["scores"].items():
            met = scores["performance"] >= 98 and all(
                scores[name] == 100 for name in ("accessibility", "best-practices", "seo"))
            made_of = (f" (TBT {scores['tbt_ms']} ms, LCP {scores['lcp_ms']} ms, {scores['dom_elements']:,} elements, "
                       f"benchmarkIndex {scores['benchmark_index']:,})" if "tbt_ms" in scores else "")
            rows.append((f"Lighthouse {results['lighthouse']['lighthouse']} (mobile, median of "
                         f"{results['lighthouse']['runs']}), {path}",
                         f"{scores['performance']}, {scores['accessibility']}, {scores['best-practices']}, "
                         f"{scores['seo']}{made_of}", "98 / 100 / 100 / 100", met))
    return rows


def _verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "MISSED")


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"5xx Field Guide benchmarks, {m['date']}: {m['cpus']} CPUs, Python {m['python']}, "
             f"MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}; CPU = user + system of the child, "
             "medians of alternated runs"]
    for name in BENCHES:
        if name in results and "load_average" in results[name]:
            lines.append(f"  load average during {name}: {results[name]['load_average']}")
    for what, figure, target, met in figures(results):
        lines.append(f"{what}: {figure}" + (f"  [target {target}: {_verdict(met)}]" if target else ""))
    return "\n".join(lines)


README_START = "<!-- bench:table (written by bench/run.py) -->"
README_END = "<!-- /bench:table -->"


def write_readme_table(results: dict[str, Any]) -> None:
    """Replace the README's Performance table with the figures of bench/results.json."""
    m = results["machine"]
    loads = [results[name]["load_average"][0][0] for name in BENCHES if "load_average" in results.get(name, {})]
    dates = sorted({results[name].get("measured", m["date"])[:10] for name in BENCHES})
    when = " to ".join(dict.fromkeys((dates[0], dates[-1])))
    table = [README_START,
             f"Measured on {when} with `make bench` ({m['cpus']} CPUs, Python {m['python']}, MkDocs "
             f"{m['mkdocs']}, Material {m['mkdocs-material']}). Times are CPU time (user + system of the child "
             "process), wall time in brackets, medians of alternated runs; the machine's 1-minute load average "
             f"was {min(loads):.1f} to {max(loads):.1f} during the sections (bench/results.json has each).",
             "", "| What | Figure | Target |", "|---|---|---|"]
    table += [f"| {what} | {figure} | {target}{f' ({_verdict(met)})' if target else ''} |"
              for what, figure, target, met in figures(results)]
    table.append(README_END)
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    readme.write_text(text[:start] + "\n".join(table) + text[end:])


if __name__ == "__main__":
    main()
