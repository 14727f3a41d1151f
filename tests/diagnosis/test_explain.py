"""The log-line explainer: every signature in the catalog is explained, from the CLI too."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from paste_corpus import shipped_engine

from statuskb import Catalog
from statuskb.common.site_info import DEFAULT_SITE
from statuskb.diagnosis.explain import build_index, explain, fragments, normalise, signature_matches
from statuskb.diagnosis.recognise import engine_json
from support import BIN, ROOT, realistic, scaled


def test_every_signature_in_the_catalog_is_explained_by_its_own_cause(shipped_catalog: Catalog) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE)
    assert len(index) >= 60
    for entry in index:
        keys = {(m.entry.code, m.entry.context, m.entry.cause) for m in explain(index, realistic(entry.signature))}
        assert (entry.code, entry.context, entry.cause) in keys, entry.signature


def test_matching_rules() -> None:
    assert normalise("  Upstream\tTimed   OUT “quoted” ") == 'upstream timed out "quoted"'
    assert fragments("connect() to … failed (2: No such file or directory)") == (
        "connect() to", "failed (2: no such file or directory)")


def test_fragments_must_occur_in_order() -> None:
    signature = "connect() to … failed (2: No such file or directory)"
    in_order = "connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting"
    swapped = "failed (2: No such file or directory) while connect() to unix:/run/php/php8.2-fpm.sock"
    assert all(part in normalise(swapped) for part in fragments(signature))  # every part is there...
    assert signature_matches(signature, in_order)
    assert not signature_matches(signature, swapped)  # ...but out of order


def test_every_signature_needs_its_fragments_in_order(shipped_catalog: Catalog) -> None:
    """Across the real index: each signature's parts joined back to front explain nothing by that signature."""
    index = build_index(shipped_catalog, DEFAULT_SITE)
    checked = 0
    for entry in index:
        parts = entry.fragments
        if len(parts) < 2 or any(a != b and a in b for a in parts for b in parts) or len(set(parts)) < len(parts):
            continue  # one part, or parts inside each other: any order can still contain them in order
        backwards = " … ".join(reversed(parts))
        assert signature_matches(entry.signature, " … ".join(parts)), entry.signature
        assert not signature_matches(entry.signature, backwards), entry.signature
        checked += 1
    assert checked >= 10  # 15 when written: the test must keep covering real signatures


def test_unrelated_text_matches_nothing(shipped_catalog: Catalog) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE)
    assert explain(index, "GET /index.html HTTP/1.1 200 OK") == ()
    assert explain(index, "") == ()


def test_entries_point_at_the_most_specific_page(shipped_catalog: Catalog) -> None:
    index = build_index(shipped_catalog, DEFAULT_SITE)
    nginx = next(e for e in index if e.context == "nginx" and e.code == 502)
    assert nginx.page == "codes/502/nginx/"


def test_index_json_is_deterministic(shipped_catalog: Catalog) -> None:
    first = engine_json(shipped_engine(shipped_catalog))
    assert first == engine_json(shipped_engine(shipped_catalog))
    data = json.loads(first)
    assert data["version"] == 2 and data["entries"][0]["fragments"] and data["traits"] and data["examples"]


def statuskb(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "statuskb"), *args], cwd=ROOT, input=stdin, capture_output=True, text=True,
                          timeout=scaled(20))


def test_cli_explains_a_line() -> None:
    result = statuskb("explain", "upstream timed out (110: Connection timed out) while reading response header "
                      "from upstream, client: 198.51.100.4")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. 504 Gateway Timeout: answered by nginx\n")
    assert "   more: http://127.0.0.1:8000/codes/504/nginx/" in result.stdout
    assert "   log line: upstream timed out (110: Connection timed out)" in result.stdout


def test_cli_reads_standard_input() -> None:
    result = statuskb("explain", stdin="AH01102: error reading status line from remote server 127.0.0.1:8080\n")
    assert result.returncode == 0, result.stderr
    assert "Apache" in result.stdout


@pytest.mark.parametrize(("args", "stdin", "code", "message"), [
    (["explain", "nothing to see here"], None, 1, "Nothing in that text is something the guide recognises. Paste "
                                                 "one of these instead:\n- The whole error-log line"),
    (["explain"], "  \n", 2, "give a log line or error text"),
])
def test_cli_errors(args: list[str], stdin: str | None, code: int, message: str) -> None:
    result = statuskb(*args, stdin=stdin)
    assert (result.returncode, result.stdout) == (code, "")
    assert message in result.stderr and "Traceback" not in result.stderr


def test_cli_site_url_changes_links(tmp_path: Path) -> None:
    result = statuskb("explain", "--site-url", "https://5xx.example.org/guide/",
                      "no live upstreams while connecting to upstream")
    assert "more: https://5xx.example.org/guide/codes/502/nginx/" in result.stdout
