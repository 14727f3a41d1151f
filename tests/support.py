"""Helpers the tests share (plain functions; the fixtures live in conftest.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from statuskb import Catalog, ProblemsFound, load_catalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_CATALOG = FIXTURES / "catalog.yaml"
SITE_PARTS = ("mkdocs.yml", "content", "hooks", "theme_overrides", "data")
BIN = Path(sys.executable).parent
#: How much slower than an idle developer machine this one may be: every test timeout is
#: multiplied by it (STATUSKB_TEST_TIME_SCALE; CI sets nothing and gets 3, for a shared 2-core
#: machine that runs other jobs beside the suite).
TIME_SCALE = float(os.environ.get("STATUSKB_TEST_TIME_SCALE", "3"))


def reproducing_cause_index(catalog: Catalog, code: int, scenario: str) -> int:
    """Where, among `code`'s causes, the one the lab `scenario` reproduces is: what a problem's path names."""
    causes = next(entry for entry in catalog.codes if entry.code == code).causes
    return next(i for i, cause in enumerate(causes) if any(run.scenario == scenario for run in cause.lab))


def scaled(seconds: float) -> float:
    """A timeout for this machine: `seconds` as measured on an idle one, times TIME_SCALE."""
    return seconds * TIME_SCALE


def problems_in_text(tmp_path: Path, text: str, name: str = "catalog.yaml") -> list[str]:
    """Write `text` to a file and return every problem as printed (empty when valid)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        load_catalog(path, name)
    except ProblemsFound as found:
        return [str(problem) for problem in found.problems]
    return []


@dataclass
class BuildResult:
    """A finished `mkdocs build` of a copy of the project."""

    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, url_path: str) -> str:
        """The HTML served at `url_path` (e.g. 'codes/502/')."""
        target = self.site / url_path
        if url_path.endswith("/") or not url_path:
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


def copy_project(destination: Path) -> Path:
    """A copy of the site's sources (not .venv, not site/) to build in isolation."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def serve_command(port: int) -> list[str]:
    """`mkdocs serve` as `make serve` runs it (its options, read from the Makefile), on `port`.

    The tests and the bench serve with this, so what they check and time is what editors run.
    """
    recipe = re.search(r"^serve:.*\n\t.*mkdocs serve (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    if recipe is None:
        raise RuntimeError("the Makefile has no `serve` target running mkdocs serve")
    options = re.sub(r"--dev-addr \S+", "", recipe[1]).split()
    return [str(BIN / "mkdocs"), "serve", *options, "--dev-addr", f"127.0.0.1:{port}"]


def plain_project(project: Path) -> Path:
    """The same site without the hook: `statuskb render` output as docs_dir, beside `project`.

    The config is the project's with `hooks:` and `watch:` removed (data/ and hooks/ are not
    read), `docs_dir: docs`, and the settings render writes for a plain build (INHERIT).
    """
    plain = project.parent / f"{project.name}-plain"
    plain.mkdir(exist_ok=True)
    rendered = subprocess.run([str(BIN / "statuskb"), "render", "--out", str(plain / "docs"),
                               "--catalog", str(project / "data" / "status_codes.yaml"),
                               "--content", str(project / "content"), "--config", str(plain / "render.yml")],
                              capture_output=True, text=True, cwd=project, timeout=600)
    if rendered.returncode:
        raise RuntimeError(f"statuskb render failed in {project}:\n{rendered.stderr}")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)
    config = config.replace("docs_dir: content", "docs_dir: docs")
    (plain / "mkdocs.yml").write_text(f"INHERIT: render.yml\n{config}", encoding="utf-8")
    shutil.copytree(project / "theme_overrides", plain / "theme_overrides", dirs_exist_ok=True)
    return plain


def run_build(project: Path, *extra: str, env: dict[str, str] | None = None,
              wrapper: Sequence[str] = ()) -> BuildResult:
    """Run the real `mkdocs build --strict` in `project`, as a user would (under `wrapper`, such as faketime)."""
    completed = subprocess.run(
        [*wrapper, str(BIN / "mkdocs"), "build", "--strict", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=scaled(200),
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    return BuildResult(project, completed.returncode, completed.stdout + completed.stderr)


# ----------------------------------------------------------------------------- reuse outputs (issue 5)
@dataclass
class Tag:
    """One start tag as a browser's tokenizer sees it; `text` is the raw content of script/style."""

    name: str
    attrs: dict[str, str | None]
    text: str = ""


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self._raw: Tag | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, dict(attrs)))
        if tag in ("script", "style"):  # raw text until the matching end tag, as in a browser
            self._raw = self.tags[-1]

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag == self._raw.name:
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw.text += data


def html_tags(markup: str) -> list[Tag]:
    """Every start tag in `markup`, in order."""
    collector = _TagCollector()
    collector.feed(markup)
    collector.close()
    return collector.tags


#: Links a browser does not fetch by itself.
_NOT_FETCHED_LINKS = {"canonical", "license", "alternate", "author", "help"}


def loaded_urls(markup: str) -> list[str]:
    """Every address the browser would fetch to show `markup`: sources, stylesheets, CSS url()."""
    urls = []
    for tag in html_tags(markup):
        for attribute in ("src", "srcset", "poster", "data", "background"):
            if tag.attrs.get(attribute):
                urls.append(str(tag.attrs[attribute]))
        if tag.name == "link" and not set(str(tag.attrs.get("rel", "")).split()) <= _NOT_FETCHED_LINKS:
            urls.append(str(tag.attrs.get("href")))
        css = tag.text if tag.name == "style" else str(tag.attrs.get("style") or "")
        urls += [match.group(1) or match.group(2) for match in re.finditer(r"url\(([^)]*)\)|@import\s+(\S+)", css)]
    return urls


def event_handler_attributes(markup: str) -> list[str]:
    """`onclick=…`-style attributes anywhere in `markup`."""
    return [f"{tag.name}[{name}]" for tag in html_tags(markup) for name in tag.attrs if name.startswith("on")]


#: Catalog text that passes the validator but carries everything that must stay text:
#: a script end tag and a script (in code), a comment opener, a javascript: URL, quotes, < > &.
#: If any of it escaped its context, window.__pwned would be set or a dialog would open.
HOSTILE_QUESTION = ("Does `</script><script>window.__pwned=1</script>` or `<!--` break "
                    "\"5 < 10 && 10 > 5\" & 'quotes'?")
HOSTILE_ANSWER = ("No: `<img src=x onerror=\"window.__pwned=2;alert(2)\">` and "
                  "`[x](javascript:window.__pwned=3)` stay code, javascript:alert(4) stays text, "
                  "`]]>` too, and a [safe link](https://example.org/?a=1&b=2) stays a link.")
#: A comment closer. (Python-Markdown's raw-HTML pass reads `<!--` … `--!>` across code spans as a
#: comment and writes its end back as `-->`: still text, but not word for word, so it goes elsewhere.)
HOSTILE_PLAIN = "Plain words with `--!>` and `<!--` and a javascript:alert(6) that is no link."
HOSTILE_DEFINITION = ("502 Bad Gateway & \"friends\": a gateway's 'bad' answer where 5 < 10 && 10 > 5, "
                      "even with `</script><script>window.__pwned=5</script>` in the text.")


def make_catalog_hostile(project: Path, code: int = 502) -> None:
    """Put the hostile texts into `code`'s definition, plain explanation and first FAQ."""
    catalog = project / "data" / "status_codes.yaml"
    data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    entry = next(item for item in data["codes"] if item["code"] == code)
    entry["definition"] = HOSTILE_DEFINITION
    entry["faqs"][0] = {"question": HOSTILE_QUESTION, "answer": HOSTILE_ANSWER}
    entry["plain"] = HOSTILE_PLAIN
    catalog.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000), encoding="utf-8")


def realistic(signature: str) -> str:
    """A log line around the signature, with its variable parts filled in."""
    filled = signature.replace("…", "203.0.113.7:8080").replace("...", "/srv/app/index.php")
    return f"2026/11/26 12:00:00 [error] 4242#4242: *17 {filled}, client: 198.51.100.4, server: example.org"
