"""The error pages' language files: validated like the catalog, complete, every problem at its line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from statuskb import Catalog, ProblemsFound
from statuskb.gallery.languages import SOURCE_LANGUAGE, load_languages, source_text
from support import BIN, ROOT, scaled

SHIPPED = ROOT / "data" / "error_pages"


def problems(folder: Path, catalog: Catalog) -> list[str]:
    try:
        load_languages(folder, catalog, "langs")
    except ProblemsFound as found:
        return [str(problem) for problem in found.problems]
    return []


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "langs"
    shutil.copytree(SHIPPED, copy)
    return copy


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return its line number (1-based)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_shipped_languages_are_complete(shipped_catalog: Catalog) -> None:
    languages = load_languages(SHIPPED, shipped_catalog)
    assert next(iter(languages)) == SOURCE_LANGUAGE
    assert len(languages) >= 12
    assert {"ar"} <= {tag for tag, language in languages.items() if language.data.direction == "rtl"}
    assert {"zh-Hans", "ja", "ko"} <= set(languages)
    codes = {entry.code for entry in shipped_catalog.codes}
    for tag, language in languages.items():
        assert language.data.strings.keys() == languages[SOURCE_LANGUAGE].data.strings.keys(), tag
        if tag != SOURCE_LANGUAGE:
            assert language.data.codes.keys() == codes, tag


def test_a_missing_string_is_named(folder: Path, shipped_catalog: Catalog) -> None:
    german = folder / "de.yaml"
    line = edit(german, "  try_again:", "  try_agian:")
    found = problems(folder, shipped_catalog)
    assert f"langs/de.yaml:{line}:3: strings.try_agian: not a string the pages use (it is not in en.yaml): " \
           "remove it" in found
    assert any(p.startswith("langs/de.yaml:") and "'try_again' is missing (see en.yaml: 'Try again')" in p
               for p in found)


def test_placeholders_must_match(folder: Path, shipped_catalog: Catalog) -> None:
    line = edit(folder / "fr.yaml", "{code}", "{kode}")
    assert any(p.startswith(f"langs/fr.yaml:{line}:") and "placeholders differ from the English ['{code}']" in p
               for p in problems(folder, shipped_catalog))


def test_every_catalog_code_needs_its_words(folder: Path, shipped_catalog: Catalog) -> None:
    edit(folder / "ja.yaml", "\n  502:\n", "\n  597:\n")
    found = problems(folder, shipped_catalog)
    assert any(p.startswith("langs/ja.yaml:") and "codes: 502 is missing" in p for p in found)
    assert any(p.startswith("langs/ja.yaml:") and "codes.597: 597 is not in the catalog: remove it" in p
               for p in found)


def test_a_renamed_fix_is_reported(folder: Path, shipped_catalog: Catalog) -> None:
    entry = next(entry for entry in shipped_catalog.codes if entry.code == 502)
    fix_id = next(iter(source_text(entry).fixes))
    line = edit(folder / "ko.yaml", f"      {fix_id}:", "      renamed-fix:")
    found = problems(folder, shipped_catalog)
    assert any(p.startswith(f"langs/ko.yaml:{line}:") and "no fix 'renamed-fix'" in p for p in found)
    assert any(f"'{fix_id}' is missing (English:" in p for p in found)


def test_raw_html_is_refused(folder: Path, shipped_catalog: Catalog) -> None:
    line = edit(folder / "ar.yaml", "  try_again: \"", "  try_again: \"<img src=x onerror=alert(1)>")
    assert any(p.startswith(f"langs/ar.yaml:{line}:") and "raw HTML is not allowed" in p
               for p in problems(folder, shipped_catalog))


def test_the_file_name_is_the_language(folder: Path, shipped_catalog: Catalog) -> None:
    (folder / "nl.yaml").rename(folder / "be.yaml")
    assert any(p.startswith("langs/be.yaml:") and "says 'nl' but the file is be.yaml" in p
               for p in problems(folder, shipped_catalog))


def test_english_is_required(folder: Path, shipped_catalog: Catalog) -> None:
    (folder / "en.yaml").unlink()
    assert problems(folder, shipped_catalog) == [
        "langs/en.yaml:1:1: file: no such file: English is the source every other language translates"]


def test_broken_yaml_is_a_clear_error_in_the_cli(folder: Path) -> None:
    edit(folder / "pl.yaml", "  try_again: \"", "  try_again: [\"")
    result = subprocess.run([str(BIN / "statuskb"), "check", "--languages", str(folder)], cwd=ROOT,
                            capture_output=True, text=True, timeout=scaled(40))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{folder}/pl.yaml:" in result.stdout + result.stderr


def test_a_missing_field_is_reported_at_its_code(folder: Path, shipped_catalog: Catalog) -> None:
    text = (folder / "it.yaml").read_text(encoding="utf-8")
    start = text.index("\n  503:\n")
    line = text[:start].count("\n") + 2
    reason = text.index("    reason:", start)
    (folder / "it.yaml").write_text(text[:reason] + "    reasn:" + text[reason + len("    reason:"):], encoding="utf-8")
    found = problems(folder, shipped_catalog)
    assert f"langs/it.yaml:{line + 1}:5: codes.503.reasn: unknown key: remove it, or check its spelling against " \
           "en.yaml" in found
    assert f"langs/it.yaml:{line + 1}:5: codes.503.reason: missing: every language file needs it" in found
