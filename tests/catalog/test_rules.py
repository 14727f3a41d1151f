"""Each catalog rule, by name: what it catches, where, and what it tells the editor."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuskb.catalog.rules import HTML_TAG, RULES
from support import problems_in_text

LONG_DEFINITION = 'definition: "word'
PLAIN_WITH_HTML = 'plain: "Plain'


def line_of(text: str, needle: str, occurrence: int = 0) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][occurrence]


def test_registry_names_are_unique_and_described() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.description for rule in RULES)
    assert set(names) == {
        "unique-codes", "unique-ids", "references", "context-references", "context-depth", "comparisons",
        "glossary", "lengths", "vendor", "no-html", "no-images", "link-schemes",
    }


def test_valid_fixture_has_no_problems(tmp_path: Path, fixture_text: str) -> None:
    assert problems_in_text(tmp_path, fixture_text) == []


def test_unique_codes(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("  - code: 503\n", "  - code: 500\n")
    first, second = line_of(text, "  - code: 500", 0), line_of(text, "  - code: 500", 1)
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{second}:11: codes[2].code: code 500 is already described on line {first}; "
        "merge the two entries"
    ]


def test_unique_ids(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("      - id: start-upstream\n", "      - id: reload\n", 1)
    text = text.replace("fixes: [start-upstream]", "fixes: [reload]", 1)
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line_of(text, '- id: reload', 1)}:13: codes[0].fixes[1].id: id 'reload' is used "
        "twice in fixes of 500; ids must be unique within a code"
    ]


def test_dangling_references_are_all_reported(tmp_path: Path, fixture_text: str) -> None:
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
    assert problems[0].startswith(f"catalog.yaml:{line_of(text, 'apachee')}:")


def _keys(text: str, section: str) -> list[str]:
    import yaml

    return list(yaml.safe_load(text)[section])


def test_rules_still_run_beside_schema_errors(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("    faqs:\n", "    faqz:\n", 1)  # schema error in codes[0]
    text = text.replace("      - {code: 502, relation: Differs from 503.}", "      - {code: 501, relation: x}", 1)
    problems = problems_in_text(tmp_path, text)
    assert any("codes[0].faqz: unknown key" in p for p in problems)
    assert any("codes[2].related[0].code: code 501 is not in the catalog" in p for p in problems)


def test_related_to_itself(tmp_path: Path, fixture_text: str) -> None:
    original = "      - {code: 502, relation: Differs from 500.}"
    text = fixture_text.replace(original, "      - {code: 500, relation: x}", 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)] == [
        "codes[0].related[0].code: 500 cannot be related to itself"
    ]


def test_definition_over_fifty_words(tmp_path: Path, fixture_text: str) -> None:
    long = " ".join(["word"] * 48) + " [two links](https://example.org/a-b-c) count as two"
    text = fixture_text.replace(
        'definition: "502 Bad Gateway means something went wrong on the server side. (Fixture text.)"',
        f'definition: "{long}"', 1)
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line_of(text, LONG_DEFINITION)}:17: codes[1].definition: has 53 words; keep it "
        "to at most 50 (move the detail to 'plain' or 'technical')"
    ]


def test_definition_of_exactly_fifty_words_passes(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(
        'definition: "502 Bad Gateway means something went wrong on the server side. (Fixture text.)"',
        'definition: "' + " ".join(["word"] * 50) + '"', 1)
    assert problems_in_text(tmp_path, text) == []


def test_summary_over_25_words(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(
        "    summary: Fixture summary for 504 with `code` and a | pipe.",
        "    summary: " + " ".join(["w"] * 26), 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)] == [
        "codes[3].summary: has 26 words; keep it to at most 25 (move the detail to 'plain' or 'technical')"
    ]


def test_vendor_field(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("    standing: standard\n", "    standing: vendor\n", 1)
    text = text.replace("    reason: Bad Gateway\n", "    reason: Bad Gateway\n    vendor: Acme\n", 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)] == [
        "codes[0]: a vendor code needs 'vendor': who emits it",
        "codes[1].vendor: 'vendor' is only for vendor codes, but standing is 'standard'",
    ]


@pytest.mark.parametrize(
    "snippet",
    ["<b>bold</b>", "</script>", "<img src=x onerror=alert(1)>", "<!-- hidden -->", "<a href='x'>", "<br/>",
     "<!DOCTYPE html>", "<svg/onload=alert(1)>"],
)
def test_raw_html_is_rejected(tmp_path: Path, fixture_text: str, snippet: str) -> None:
    text = fixture_text.replace("    plain: Plain explanation of 503.", f'    plain: "Plain {snippet} text"', 1)
    problems = problems_in_text(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"catalog.yaml:{line_of(text, PLAIN_WITH_HTML)}:12: codes[2].plain: raw HTML")


@pytest.mark.parametrize(
    "text",
    ["timeout < 30 s and > 10 s", "`<title>502</title>` in a code span", "a <- b", "1 <2", "x&y", "AT&T"],
)
def test_text_that_is_not_html_passes(text: str) -> None:
    from statuskb.common.text import without_code_spans

    assert HTML_TAG.search(without_code_spans(text)) is None


def test_config_snippets_may_contain_markup(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace(
        'code: "sudo tail -n 50 /var/log/nginx/error.log"',
        'code: "location = /502.html { return 200 \'<h1>down</h1>\'; }"', 1)
    assert problems_in_text(tmp_path, text) == []


@pytest.mark.parametrize(
    "link",
    ["[x](javascript:alert(1))", "[x]( JavaScript:alert(1) )", "[x](data:text/html,hi)", "[x](vbscript:msgbox)",
     "see [x]\n\n[x]: javascript:alert(1)"],
)
def test_unsafe_link_schemes(tmp_path: Path, fixture_text: str, link: str) -> None:
    quoted = link.replace("\n", "\\n")
    text = fixture_text.replace("    plain: Plain explanation of 503.", f'    plain: "Read {quoted}"', 1)
    problems = problems_in_text(tmp_path, text)
    assert len(problems) == 1, problems
    assert "codes[2].plain: link target" in problems[0]
    assert "is not allowed: links must be http(s) or mailto URLs" in problems[0]


@pytest.mark.parametrize("link", ["[x](https://example.org/a)", "[x](#causes)", "[x](mailto:a@example.org)",
                                  "`[x](javascript:y)` in code"])
def test_safe_links_pass(tmp_path: Path, fixture_text: str, link: str) -> None:
    text = fixture_text.replace("    plain: Plain explanation of 503.", f'    plain: "Read {link}"', 1)
    assert problems_in_text(tmp_path, text) == []


@pytest.mark.parametrize("image", ["![tracker](https://cdn.example.com/pixel.png)", "![logo][ref]"])
def test_images_are_refused(tmp_path: Path, fixture_text: str, image: str) -> None:
    text = fixture_text.replace("    plain: Plain explanation of 503.", f'    plain: "See {image} here"', 1)
    problems = problems_in_text(tmp_path, text)
    assert len(problems) == 1, problems
    assert "codes[2].plain: images are not allowed in catalog text" in problems[0]


def test_an_image_in_a_code_span_is_text(tmp_path: Path, fixture_text: str) -> None:
    original = "    plain: Plain explanation of 503."
    text = fixture_text.replace(original, '    plain: "Write `![alt](src)` for images"', 1)
    assert problems_in_text(tmp_path, text) == []
