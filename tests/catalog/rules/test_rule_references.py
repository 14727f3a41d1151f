"""Rule references: every dangling source, context, fix and related code is reported in one run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from support import problems_in_text


def _keys(text: str, section: str) -> list[str]:
    return list(yaml.safe_load(text)[section])


def test_dangling_references_are_all_reported(tmp_path: Path, fixture_text: str,
                                              lines_with: Callable[[str, str], list[int]]) -> None:
    text = fixture_text.replace("contexts: [nginx, apache]", "contexts: [nginx, apachee]", 1)
    text = text.replace("fixes: [start-upstream]", "fixes: [start-upstreem]", 1)
    text = text.replace("sources: [rfc9110, nginx-source]", "sources: [rfc9110, nginx-sauce]", 1)
    text = text.replace("      - {code: 502, relation: Differs from 500.}", "      - {code: 509, relation: x}", 1)
    text = text.replace("{context: websites, text:", "{context: website, text:", 1)
    problems = problems_in_text(tmp_path, text)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "codes[0].causes[0].contexts[1]: unknown context 'apachee'; known contexts: "
        + ", ".join(sorted(_keys(fixture_text, "contexts"))),
        "codes[0].causes[0].fixes[0]: unknown fix 'start-upstreem'; known fixs: reload, start-upstream",
        "codes[0].appearances[0].context: unknown context 'website'; known contexts: "
        + ", ".join(sorted(_keys(fixture_text, "contexts"))),
        "codes[0].related[0].code: code 509 is not in the catalog; add it or remove this entry",
        "codes[0].sources[1]: unknown source 'nginx-sauce'; known sources: "
        + ", ".join(sorted(_keys(fixture_text, "sources"))),
    ]
    assert problems[0].startswith(f"catalog.yaml:{lines_with(text, 'apachee')[0]}:")


def test_related_to_itself(tmp_path: Path, fixture_text: str) -> None:
    original = "      - {code: 502, relation: Differs from 500.}"
    text = fixture_text.replace(original, "      - {code: 500, relation: x}", 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)] == [
        "codes[0].related[0].code: 500 cannot be related to itself"
    ]
