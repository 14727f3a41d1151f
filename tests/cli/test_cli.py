"""The `statuskb` console script, run as a user runs it: exit codes, output, no tracebacks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from support import BIN, FIXTURE_CATALOG, ROOT, scaled


def statuskb(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "statuskb"), *args], cwd=cwd, capture_output=True, text=True, timeout=scaled(40))


def test_check_is_silent_on_the_shipped_catalog() -> None:
    result = statuskb("check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_reports_every_problem_one_per_line(tmp_path: Path) -> None:
    text = FIXTURE_CATALOG.read_text(encoding="utf-8")
    text = text.replace("    faqs:\n", "    faqz:\n", 1).replace("contexts: [nginx, apache]", "contexts: [ngnix]", 1)
    text = text.replace("    standing: standard\n", "    standing: no\n", 2)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    result = statuskb("check", str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problems found."
    assert len(lines) - 1 == 4
    for line in lines[:-1]:
        path, line_number, column, field, message = line.split(":", 4)
        assert path == str(broken)
        assert int(line_number) > 0 and int(column) > 0
        assert field.strip() and message.strip()
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"\x00\x01\x02garbage", "contains a NUL byte"),
        (b"codes: [\n", "YAML syntax error"),
    ],
)
def test_check_never_prints_a_traceback(tmp_path: Path, content: bytes | None, expected: str) -> None:
    target = tmp_path / "c.yaml"
    if content is not None:
        target.write_bytes(content)
    result = statuskb("check", str(target))
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_check_a_directory() -> None:
    result = statuskb("check", "data")
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, "data:1:1: file: is a directory, not a YAML file")


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["check", "a", "b"], ["render"], ["check", "--bogus"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = statuskb(*args)
    assert result.returncode == 2
    assert "usage: statuskb" in result.stderr
    assert "Traceback" not in result.stderr


def test_render_writes_a_complete_docs_dir(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = statuskb("render", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "codes" / "502.md").read_text(encoding="utf-8").startswith("---\ntitle: 502 Bad Gateway\n")
    assert (out / "codes" / "index.md").is_file()
    home = (out / "index.md").read_text(encoding="utf-8")
    assert "statuskb:" not in home  # blocks expanded
    assert "(codes/502.md)" in home
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    config = tmp_path / "docs.mkdocs.yml"
    assert result.stdout.strip() == f"wrote {len(written)} pages to {out} and their navigation settings to {config}"
    assert "\n  /codes/502/nginx.md\n" in config.read_text(encoding="utf-8")


def test_render_refuses_invalid_catalog_and_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: {}\ncontexts: {}\ncodes: []\n")
    out = tmp_path / "docs"
    result = statuskb("render", "--out", str(out), "--catalog", str(broken))
    assert result.returncode == 1
    assert f"{broken}:3:8: codes: needs at least 1 item" in result.stderr
    assert not out.exists()


def test_render_reports_unknown_blocks_in_hand_written_pages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text("# Home\n\ntext\n\n<!-- statuskb: familly -->\n", encoding="utf-8")
    result = statuskb("render", "--out", str(tmp_path / "out"), "--content", str(content))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{content / 'index.md'}:5:1: block: unknown block 'familly'; "
        "known blocks: codes-table, explain, family, fault, sources"
    )


def test_render_refuses_a_page_that_collides(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "codes").mkdir(parents=True)
    (content / "codes" / "502.md").write_text("# mine\n", encoding="utf-8")
    result = statuskb("render", "--out", str(tmp_path / "out"), "--content", str(content))
    assert result.returncode == 1
    assert "codes/502.md:1:1: page: collides with the generated page 'codes/502.md'" in result.stderr
