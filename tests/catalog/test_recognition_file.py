"""data/recognition.yaml is validated like the catalog: every problem at its line, none silently dropped."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from statuskb import Catalog, ProblemsFound, load_recognition
from support import BIN, ROOT

GOOD_TRAIT = """  - id: t
    name: A trait
    pattern: '^(5[0-9][0-9]) Bad Gateway$'
    status: 1
    context: nginx
    means: generated
    weight: 10
    source: behaviour-lab
"""


def problems(tmp_path: Path, catalog: Catalog, trait: str) -> list[str]:
    path = tmp_path / "recognition.yaml"
    path.write_text("traits:\n" + trait, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        load_recognition(path, catalog, "data/recognition.yaml")
    return [str(problem) for problem in found.value.problems]


def test_the_shipped_traits_are_valid(shipped_catalog: Catalog) -> None:
    recognition = load_recognition(ROOT / "data" / "recognition.yaml", shipped_catalog)
    assert len(recognition.data.traits) >= 20 and recognition.data.advice and recognition.data.examples


@pytest.mark.parametrize(("change", "expected"), [
    (("context: nginx", "context: ngnix"), "data/recognition.yaml:6:14: traits[0].context: no context 'ngnix'"),
    (("source: behaviour-lab", "source: nowhere"), "data/recognition.yaml:9:13: traits[0].source: no source 'nowhere'"),
    (("(5[0-9][0-9])", "(5\\\\d\\\\d)"), "data/recognition.yaml:4:14: traits[0].pattern: shorthand classes"),
    (("^(5[0-9][0-9]) Bad", "^(?:5[0-9])+ Bad"), "traits[0].pattern: a repeated group can backtrack"),
    (("Bad Gateway$", "[^]]*$"), "traits[0].pattern: a ] first in a class"),
    (("status: 1", "status: 2"), "data/recognition.yaml:5:13: traits[0].status: the pattern has 1 group(s), not 2"),
    (("weight: 10", "wieght: 10"), "data/recognition.yaml:8:5: traits[0].wieght: Extra inputs are not permitted"),
])
def test_each_mistake_is_reported_at_its_line(tmp_path: Path, shipped_catalog: Catalog, change: tuple[str, str],
                                              expected: str) -> None:
    reported = problems(tmp_path, shipped_catalog, GOOD_TRAIT.replace(*change))
    assert any(expected in line for line in reported), reported


def test_statuskb_check_reports_the_traits_file(tmp_path: Path) -> None:
    from support import copy_project

    project = copy_project(tmp_path / "project")
    path = project / "data" / "recognition.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("context: nginx", "context: ngnix", 1), encoding="utf-8")
    # The traits file beside the catalog being checked is checked with it (an editor's copy here).
    result = subprocess.run([str(BIN / "statuskb"), "check", "data/status_codes.yaml"], cwd=project,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "data/recognition.yaml:" in result.stdout + result.stderr
    assert "no context 'ngnix'" in result.stdout + result.stderr and "Traceback" not in result.stderr
