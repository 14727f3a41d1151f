"""Rule cited-claims: a cause, technical explanation or FAQ answer that names a product cites a
source there, and every source it cites is in the entry's list; plain text needs no citation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from statuskb.catalog.rules.cited_claims import product_names
from statuskb.catalog.yamlfile import load_yaml
from support import problems_in_text

UNCITED = "Nothing listens on the upstream port, so nginx answers 502."


def _messages(tmp_path: Path, text: str) -> list[str]:
    return [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)]


def test_products_are_looked_for_by_mentions_or_name(tmp_path: Path, fixture_text: str) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(fixture_text.replace("    name: Apache httpd (mod_proxy)\n",
                                         "    name: Apache httpd (mod_proxy)\n    mentions: [Apache, httpd]\n", 1),
                    encoding="utf-8")
    names = product_names(load_yaml(path))
    # nginx has no mentions, so its name counts; Apache's mentions replace "Apache httpd";
    # audiences (websites, APIs) are not products.
    assert names["nginx"] == "nginx"
    assert names["Apache"] == names["httpd"] == "Apache httpd (mod_proxy)"
    assert "Apache httpd" not in names
    assert not any(name.startswith("Websites") for name in names.values())


def test_uncited_product_claims_are_reported_where_they_are(tmp_path: Path, fixture_text: str,
                                                            lines_with: Callable[[str, str], list[int]]) -> None:
    text = fixture_text.replace("description: Nothing listens on the upstream port.", f"description: {UNCITED}", 1)
    text = text.replace("      Technical explanation of 500.\n",
                        "      Technical explanation of 500: nginx's part.\n", 1)
    problems = problems_in_text(tmp_path, text)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "codes[0].technical: names nginx but cites no source there; "
        "add 'technical_sources' with the ids of the sources that back it",
        "codes[0].causes[0]: names nginx but cites no source there; "
        "add 'sources' with the ids of the sources that back it",
    ]
    assert int(problems[1].split(":")[1]) == lines_with(text, "- id: upstream-down")[0]


def test_a_citation_in_the_entry_list_satisfies_the_rule(tmp_path: Path, fixture_text: str) -> None:
    cited = f"description: {UNCITED}\n        sources: [nginx-source]"
    text = fixture_text.replace("description: Nothing listens on the upstream port.", cited, 1)
    assert _messages(tmp_path, text) == []


def test_a_citation_missing_from_the_entry_list_is_reported(tmp_path: Path, fixture_text: str) -> None:
    cited = f"description: {UNCITED}\n        sources: [nginx-proxy-module]"
    text = fixture_text.replace("description: Nothing listens on the upstream port.", cited, 1)
    assert _messages(tmp_path, text) == [
        "codes[0].causes[0].sources[0]: 'nginx-proxy-module' is cited here but not in the entry's sources; "
        "add it there, so the page lists it",
    ]


def test_names_inside_longer_words_do_not_count(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("description: Nothing listens on the upstream port.",
                                "description: The ingress-nginx-like proxy or nginxish thing has no upstream.", 1)
    assert _messages(tmp_path, text) == []


def test_a_kind_that_is_not_text_is_the_schema_s_problem(tmp_path: Path, fixture_text: str) -> None:
    """A list where the kind belongs (found by the fuzz test) is reported at its line, never a traceback."""
    problems = problems_in_text(tmp_path, fixture_text.replace("    kind: proxy\n", "    kind: [a, b]\n", 1))
    assert any(problem.endswith("kind: expected text, got a list") for problem in problems), problems
