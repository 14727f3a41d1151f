"""The package as a stranger gets it: the wheel, installed in a fresh venv outside the repository.

Nothing here runs from the checkout: the wheel is built from a copy of the sources, installed
with its locked dependencies into a new venv in a temporary folder, and every command runs with
that folder as its working directory, where there is no data/ and no mkdocs.yml. A minimal
foreign MkDocs + Material site then uses the installed plugin (`plugins: [statuskb]`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from server_support import failing_upstream
from statuskb.common.shipped import SHIPPED_FOLDERS
from support import FIXTURE_CATALOG, ROOT, scaled

pytestmark = pytest.mark.build

#: What a wheel is built from (pyproject.toml, setup.py and MANIFEST.in say what goes in).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "LICENSE-CONTENT",
           "hooks", *SHIPPED_FOLDERS)


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the wheel installed, and an empty folder to run it in."""

    wheel: Path
    bin: Path
    workdir: Path

    def run(self, *command: str, cwd: Path | None = None, timeout: float = 20) -> subprocess.CompletedProcess[str]:
        environment = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "PYTHONPATH")}
        return subprocess.run([str(self.bin / command[0]), *command[1:]], cwd=cwd or self.workdir,
                              capture_output=True, text=True, timeout=scaled(timeout),
                              env={**environment, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("package")
    source = base / "source"
    for part in SOURCES:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, source / part,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "shipped"))
        else:
            (source / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / part, source / part)
    quiet = ["--quiet", "--disable-pip-version-check"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", *quiet, "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(base / "dist"), str(source)], check=True, timeout=scaled(60))
    (wheel,) = (base / "dist").glob("*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=scaled(60))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", *quiet]
    subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / "requirements.lock")], check=True,
                   timeout=scaled(200))
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, timeout=scaled(60))
    workdir = base / "elsewhere"
    workdir.mkdir()
    yield Installed(wheel, venv / "bin", workdir)


def test_the_wheel_carries_the_data_theme_adapter_and_licences(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for shipped in ("data/status_codes.yaml", "data/status_codes.schema.json", "data/observations.yaml",
                    "data/observations.schema.json", "data/error_pages/en.yaml", "data/error_pages/de.yaml",
                    "theme_overrides/main.html", "theme_overrides/404.html",
                    "theme_overrides/assets/stylesheets/fieldguide.css",
                    "theme_overrides/assets/javascripts/explain.js"):
        assert f"statuskb/shipped/{shipped}" in names, shipped
    assert "statuskb_mkdocs/__init__.py" in names
    assert "statuskb/site/templates/code_page.md.j2" in names
    info = next(name.split("/")[0] for name in names if name.endswith(".dist-info/METADATA"))
    assert {f"{info}/licenses/LICENSE", f"{info}/licenses/LICENSE-CONTENT"} <= names
    metadata = zipfile.ZipFile(installed.wheel).read(f"{info}/METADATA").decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata.splitlines()
    entry_points = zipfile.ZipFile(installed.wheel).read(f"{info}/entry_points.txt").decode()
    assert "[mkdocs.plugins]\nstatuskb = statuskb_mkdocs:StatuskbPlugin" in entry_points
    assert "statuskb = statuskb.cli:main" in entry_points


def test_version_and_check_from_any_folder(installed: Installed) -> None:
    version = installed.run("statuskb", "--version")
    assert (version.returncode, version.stdout.strip()) == (0, "statuskb 0.1.0")
    check = installed.run("statuskb", "check")
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")
    assert not (installed.workdir / "data").exists()


def test_check_names_the_installed_catalog_and_takes_another(installed: Installed) -> None:
    broken = installed.workdir / "broken.yaml"
    broken.write_text(FIXTURE_CATALOG.read_text(encoding="utf-8").replace("    faqs:\n", "    faqz:\n", 1),
                      encoding="utf-8")
    result = installed.run("statuskb", "check", "broken.yaml")
    assert result.returncode == 1 and result.stderr.startswith("broken.yaml:"), result.stderr
    fixture = installed.run("statuskb", "check", str(FIXTURE_CATALOG))
    assert fixture.returncode == 0, fixture.stderr
    help_text = installed.run("statuskb", "check", "--help").stdout
    assert "site-packages/statuskb/shipped/data/status_codes.yaml" in "".join(help_text.split())  # wrapped


def test_render_writes_the_pages_from_the_packaged_catalog(installed: Installed) -> None:
    result = installed.run("statuskb", "render", "--out", "docs", "--site-url", "https://guide.example.org/")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"wrote \d+ pages to docs and their navigation settings to docs.mkdocs.yml\n", result.stdout)
    settings = (installed.workdir / "docs.mkdocs.yml").read_text(encoding="utf-8")
    assert "\nnav:\n" in settings and "\nnot_in_nav: |\n" in settings and "\n  /codes/502/nginx.md\n" in settings
    # the files beside the packaged catalog: the error pages' translations, the explainer's traits
    assert (installed.workdir / "docs" / "error-pages" / "plain" / "ja" / "502.html").is_file()
    assert '"traits"' in (installed.workdir / "docs" / "explain" / "index.json").read_text(encoding="utf-8")
    page = (installed.workdir / "docs" / "codes" / "502.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: 502 Bad Gateway\n")
    assert (installed.workdir / "docs" / "observations.md").is_file()  # the packaged lab observations too
    api = (installed.workdir / "docs" / "api" / "v1" / "codes.json").read_text(encoding="utf-8")
    assert "127.0.0.1" not in api and "https://guide.example.org/codes/502/" in api


def test_explain_a_log_line_with_the_packaged_catalog(installed: Installed) -> None:
    line = ("2026/11/26 12:00:00 [error] 4242#4242: *17 upstream timed out (110: Connection timed out) while "
            "reading response header from upstream, client: 198.51.100.4, server: example.org")
    result = installed.run("statuskb", "explain", line)
    assert result.returncode == 0, result.stderr
    assert "504 Gateway Timeout" in result.stdout


def test_explain_a_page_by_the_traits_packaged_beside_the_catalog(installed: Installed) -> None:
    # Page texts are traits of recognition.yaml, not catalog signals: outside a checkout they must
    # come from the package too (they were read from ./data/recognition.yaml, so came out "nothing").
    page = "An error occurred in the application and your page could not be served."
    result = installed.run("statuskb", "explain", page)
    assert result.returncode == 0, result.stderr
    assert "503 Service Unavailable: answered by Heroku" in result.stdout


def test_diagnose_a_failing_address(installed: Installed) -> None:
    with failing_upstream() as port:
        result = installed.run("statuskb", "diagnose", f"http://127.0.0.1:{port}/fail/503")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"GET http://127.0.0.1:{port}/fail/503 → 503 Service Unavailable")


def test_every_command_answers_its_help(installed: Installed) -> None:
    """Each command the installed CLI has, error-pages included once it exists, runs from elsewhere."""
    listed = installed.run("statuskb", "--help").stdout
    commands = re.findall(r"^    ([a-z-]+)\s", listed, re.MULTILINE)
    assert {"check", "render", "explain", "diagnose", "lab", "schema"} <= set(commands), listed
    for command in commands:
        result = installed.run("statuskb", command, "--help")
        assert result.returncode == 0 and f"usage: statuskb {command}" in result.stdout, (command, result.stderr)


# ----------------------------------------------------------------------------- the MkDocs plugin
def foreign_site(folder: Path, plugin: str, site_url: str = "https://docs.example.org/") -> Path:
    """A minimal MkDocs + Material site of someone else's, with one page of its own."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Our docs\n\nNothing about HTTP here.\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(f"site_name: Our docs\nsite_url: {site_url}\ntheme:\n  name: material\n"
                                       f"plugins:\n  - search\n{plugin}", encoding="utf-8")
    return folder


def test_plugin_adds_the_guide_under_a_prefix_of_a_foreign_site(installed: Installed) -> None:
    site = foreign_site(installed.workdir / "foreign", "  - statuskb:\n      prefix: http-errors\n")
    result = installed.run("mkdocs", "build", "--strict", cwd=site, timeout=100)
    assert result.returncode == 0, result.stdout + result.stderr
    built = site / "site"
    assert "Our docs" in (built / "index.html").read_text(encoding="utf-8")
    page = (built / "http-errors" / "codes" / "502" / "index.html").read_text(encoding="utf-8")
    assert "502 Bad Gateway" in page
    assert "assets/stylesheets/fieldguide.css" in page and "application/ld+json" in page
    assert 'id="scenario-refused"' in (built / "http-errors" / "observations" / "index.html").read_text("utf-8")
    index = json.loads((built / "http-errors" / "api" / "v1" / "codes.json").read_text(encoding="utf-8"))
    page_urls = {item["urls"]["page"] for item in index["codes"]}
    assert "https://docs.example.org/http-errors/codes/502/" in page_urls
    assert all(url.startswith("https://docs.example.org/http-errors/") for url in page_urls)
    assert 'href="/http-errors/codes/"' in (built / "404.html").read_text(encoding="utf-8")
    assert "edit/" not in page  # the packaged catalog is not this site's file to edit


def test_plugin_publishes_the_sites_own_catalog_and_refuses_a_local_url_for_publishing(
        installed: Installed) -> None:
    site = foreign_site(installed.workdir / "own", "  - statuskb:\n      catalog: catalog.yaml\n      prefix: ''\n"
                                                   "      publish: !ENV [STATUSKB_PUBLISH, false]\n",
                        site_url="http://127.0.0.1:8000/")
    shutil.copy(FIXTURE_CATALOG, site / "catalog.yaml")
    result = installed.run("mkdocs", "build", "--strict", cwd=site, timeout=100)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "site_url is http://127.0.0.1:8000/, a local address" in result.stderr
    codes = sorted(path.parent.name for path in (site / "site" / "codes").glob("5*/index.html"))
    assert codes == sorted(re.findall(r"^  - code: (\d+)$", FIXTURE_CATALOG.read_text(encoding="utf-8"), re.M))
    assert not (site / "site" / "observations").exists()  # the site's own catalog: no lab data unless given
    (site / "site" / "index.html").unlink()
    publishing = subprocess.run([str(installed.bin / "mkdocs"), "build", "--strict"], cwd=site, capture_output=True,
                                text=True, timeout=scaled(100),
                                env={**os.environ, "STATUSKB_PUBLISH": "true", "NO_MKDOCS_2_WARNING": "1"})
    assert publishing.returncode == 1
    assert "Not publishing: site_url is http://127.0.0.1:8000/, a local address" in publishing.stderr
    assert not (site / "site" / "index.html").exists()  # stopped before writing anything
