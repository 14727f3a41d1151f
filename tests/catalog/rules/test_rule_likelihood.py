"""Rule likelihood: a ranking states its basis, a vendor basis cites the vendor, a code ranks all causes or none."""

from __future__ import annotations

from pathlib import Path

from support import problems_in_text

CAUSE = "      - id: upstream-down\n        title: The upstream is down\n"


def _with_likelihood(text: str, likelihood: str) -> str:
    """The fixture with `likelihood` on the first code's only cause."""
    return text.replace(CAUSE, f"{CAUSE}        likelihood: {likelihood}\n", 1)


def _messages(tmp_path: Path, text: str) -> list[str]:
    return [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)]


def test_an_editors_ranking_is_valid(tmp_path: Path, fixture_text: str) -> None:
    assert problems_in_text(tmp_path, _with_likelihood(fixture_text, "{level: common, basis: editors}")) == []


def test_a_vendor_basis_needs_its_source_and_words(tmp_path: Path, fixture_text: str) -> None:
    text = _with_likelihood(fixture_text, "{level: most-common, basis: vendor-doc}")
    assert _messages(tmp_path, text) == [
        "codes[0].causes[0].likelihood: basis 'vendor-doc' needs 'says': what the vendor's document says",
        "codes[0].causes[0].likelihood: basis 'vendor-doc' needs 'source': the vendor document that ranks the cause",
    ]
    text = _with_likelihood(fixture_text, "{level: most-common, basis: vendor-doc, source: nowhere, says: It is.}")
    assert _messages(tmp_path, text)[0].startswith("codes[0].causes[0].likelihood.source: unknown source 'nowhere'")
    cited = _with_likelihood(fixture_text,
                             "{level: most-common, basis: vendor-doc, source: nginx-source, says: It is.}")
    assert problems_in_text(tmp_path, cited) == []


def test_source_is_only_for_a_vendor_basis(tmp_path: Path, fixture_text: str) -> None:
    text = _with_likelihood(fixture_text, "{level: common, basis: editors, source: nginx-source}")
    assert _messages(tmp_path, text) == [
        "codes[0].causes[0].likelihood.source: 'source' is only for basis 'vendor-doc'"]


def test_a_lab_basis_needs_a_lab_reproduction(tmp_path: Path, fixture_text: str) -> None:
    text = _with_likelihood(fixture_text, "{level: common, basis: lab}")
    assert _messages(tmp_path, text) == [
        "codes[0].causes[0].likelihood.basis: basis 'lab' needs the cause's 'lab' entries: which lab scenario "
        "reproduces it"]


def test_a_code_ranks_every_cause_or_none(tmp_path: Path, fixture_text: str) -> None:
    second = ("      - id: second\n        title: A second cause\n        description: Another.\n"
              "        contexts: [nginx]\n")
    text = _with_likelihood(fixture_text, "{level: common, basis: editors}")
    text = text.replace("    appearances:\n", second + "    appearances:\n", 1)
    assert _messages(tmp_path, text) == [
        "codes[0].causes[1]: other causes of this code have a 'likelihood'; give this one too "
        "(basis 'editors' when it is your judgement)"]
