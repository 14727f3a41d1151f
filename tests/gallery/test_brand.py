"""Brand files: validated at their lines, the logo rebuilt from an allowlist, contrast in light and
dark, and a brand that changes every page and configuration with no code change."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from statuskb import Catalog, Language, ProblemsFound
from statuskb.gallery import index
from statuskb.gallery.brand import load_brand
from statuskb.gallery.index import EXAMPLE_BRAND, load_example_brand, plan_gallery
from statuskb.gallery.targets.base import Artifact, Kit
from statuskb.gallery.themes import THEMES
from support import BIN, ROOT

GOOD = EXAMPLE_BRAND.read_text(encoding="utf-8")
LANGUAGES = ("en", "de", "ar")
CODES = (500, 502, 503)


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_brand(path, THEMES, LANGUAGES, CODES, "brand.yaml")
    except ProblemsFound as found:
        return [str(problem) for problem in found.problems]
    return []


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_example_brand_is_valid_and_notes_every_language(shipped_languages: dict[str, Language]) -> None:
    brand = load_example_brand()
    assert set(brand.notes[502]) == set(shipped_languages)
    assert brand.logo is not None and brand.logo.startswith("<svg ")


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ("name: Example Shop", "name: <b>Shop</b>", "name", "raw HTML"),
    ("support_url: https://shop.example/help", "support_url: javascript:alert(1)", "support_url", "absolute http"),
    ("status_url: https://status.shop.example/", 'status_url: "https://x.example/\\"><script>"', "status_url",
     "absolute http"),
    ("default_language: en", "default_language: sv", "default_language", "'sv' is not one of the languages"),
    ('light: {accent: "#6d28d9"}', 'light: {accent: "#ffcc00"}', "colors.light.accent", "WCAG AA needs 4.5:1"),
    ('dark: {accent: "#c4b5fd"}', 'dark: {accent: "#3b0764"}', "colors.dark.accent", "(plain theme, dark)"),
    ('light: {accent: "#6d28d9"}', 'light: {accent: "purple"}', "colors.light.accent", "String should match"),
    ("  502:\n", "  418:\n", "codes.418", "418 has no error page"),
    ("name: Example Shop", "name: Example Shop\nfavicon: x.png", "favicon", "unknown key"),
])
def test_every_problem_is_reported_at_its_line(tmp_path: Path, old: str, new: str, field: str, message: str) -> None:
    text = GOOD.replace(old, new, 1)
    found = [p for p in problems(tmp_path, text) if f": {field}: " in p]
    assert found, problems(tmp_path, text)
    assert any(message in problem for problem in found), found
    assert found[0].startswith(f"brand.yaml:{line_of(text, new.strip().splitlines()[-1])}:")


@pytest.mark.parametrize(("logo", "message"), [
    ('<svg><script>alert(1)</script></svg>', "<script> is not allowed"),
    ('<svg onload="alert(1)"><rect/></svg>', "'onload' on <svg> is not allowed"),
    ('<svg><a href="https://x.example/"><rect/></a></svg>', "<a> is not allowed"),
    ('<svg><image href="https://x.example/a.png"/></svg>', "<image> is not allowed"),
    ('<svg><rect style="fill:url(https://x.example/)"/></svg>', "'style' on <rect> is not allowed"),
    ('<svg><rect fill="url(https://x.example/#g)"/></svg>', "may only reference the logo itself"),
    ('<svg><foreignObject><p>x</p></foreignObject></svg>', "<foreignObject> is not allowed"),
    ('<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>', "no DOCTYPE or entity"),
    ("<svg><rect></svg>", "not well-formed"),
    ("<rect/>", "must be one <svg> element"),
    ('<svg><path d="' + "M0 0" * 400 + '"/></svg>', "bytes once cleaned"),
])
def test_a_hostile_or_oversized_logo_is_refused(tmp_path: Path, logo: str, message: str) -> None:
    text = re.sub(r"logo: >-\n(  .*\n)+", f"logo: '{logo}'\n", GOOD)
    found = [p for p in problems(tmp_path, text) if ": logo: " in p]
    assert found and any(message in p for p in found), found


def test_the_logo_is_rebuilt_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "brand.yaml"
    path.write_text(re.sub(r"logo: >-\n(  .*\n)+", "logo: '<svg viewBox=\"0 0 1 1\"><!-- hi --><g fill=\"url(#a)\">"
                           "<title>A &amp; B</title><circle r=\"1\"/></g></svg>'\n", GOOD), encoding="utf-8")
    brand = load_brand(path, THEMES, ("en", "de", "ar", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt-BR", "tr",
                                      "zh-Hans"), CODES)
    assert brand.logo == ('<svg viewBox="0 0 1 1" aria-hidden="true"><g fill="url(#a)"><title>A &amp; B</title>'
                          "<circle r=\"1\"/></g></svg>")


def test_a_brand_changes_every_page_and_configuration(shipped_catalog: Catalog,
                                                      shipped_languages: dict[str, Language], tmp_path: Path) -> None:
    path = tmp_path / "brand.yaml"
    path.write_text(GOOD.replace("default_language: en", "default_language: de"), encoding="utf-8")
    brand = load_brand(path, THEMES, tuple(shipped_languages), tuple(e.code for e in shipped_catalog.codes))
    files = dict(plan_gallery(shipped_catalog, shipped_languages, brand).files)
    pages = [content for name, content in files.items() if re.search(r"/[A-Za-z-]+/5\d\d\.html$", name)
             and "/haproxy/" not in name]
    assert len(pages) == 3 * len(shipped_languages) * len(shipped_catalog.codes)
    assert all(isinstance(page, str) and "Example Shop" in page and "https://shop.example/help" in page
               and "#6d28d9" in page for page in pages)
    for config in ("nginx.conf", "apache.conf", "Caddyfile", "haproxy.cfg"):
        assert "# For Example Shop." in str(files[f"error-pages/plain/{config}"])
    assert "ForceLanguagePriority" in str(files["error-pages/plain/apache.conf"])
    assert "LanguagePriority de en" in str(files["error-pages/plain/apache.conf"])  # the brand's default first
    assert '"ResponsePagePath": "/error-pages/plain/de/502.html"' in str(files["error-pages/plain/cloudfront.json"])


def test_statuskb_error_pages_writes_the_branded_kit(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    done = subprocess.run([str(BIN / "statuskb"), "error-pages", "--brand", str(EXAMPLE_BRAND), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "files to" in done.stdout
    page = (out / "error-pages" / "signal" / "ar" / "502.html").read_text(encoding="utf-8")
    assert 'lang="ar" dir="rtl"' in page and "تم تنبيه فريقنا تلقائيًا." in page
    with zipfile.ZipFile(out / "error-pages" / "5xx-error-pages.zip") as archive:
        assert "error-pages/plain/de/503.html" in archive.namelist()
    assert not list(out.glob(".staging-*"))


def test_statuskb_error_pages_writes_nothing_for_a_bad_brand(tmp_path: Path) -> None:
    brand = tmp_path / "brand.yaml"
    brand.write_text(GOOD.replace('light: {accent: "#6d28d9"}', 'light: {accent: "#ffcc00"}'), encoding="utf-8")
    out = tmp_path / "dist"
    done = subprocess.run([str(BIN / "statuskb"), "error-pages", "--brand", str(brand), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 1
    assert re.search(rf"^{re.escape(str(brand))}:\d+:\d+: colors\.light\.accent: accent #ffcc00 on ", done.stderr, re.M)
    assert "Traceback" not in done.stderr and not out.exists()


def test_a_branded_build_runs_every_page_and_artifact_rule(shipped_catalog: Catalog,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A brand is a file the tests have not seen, so its build checks every rule (`check_page`,
    `check_artifact`); the unbranded build checks only what catalog text can break, the templates'
    own rules being this suite's job. Break one page rule and one artifact rule: only the branded
    build may notice."""
    render_page, render_kit = index.render_error_page, index.render_kit

    def without_main(*args: Any) -> str:
        return render_page(*args).replace("<main>", "<div>").replace("</main>", "</div>")

    def with_unchecked_file(kit: Kit) -> list[Artifact]:
        return [*render_kit(kit), Artifact("error-pages/plain/notes.txt", "x", "notes")]

    monkeypatch.setattr(index, "render_error_page", without_main)
    monkeypatch.setattr(index, "render_kit", with_unchecked_file)
    index.plan_pages(shipped_catalog)
    with pytest.raises(ProblemsFound) as found:
        index.plan_pages(shipped_catalog, brand=load_example_brand())
    fields = {problem.field for problem in found.value.problems}
    assert {"error-page.main", "notes.rules"} <= fields
