"""Glossary tooltips: each term's tooltip at its first occurrence on a page, in reading order."""

from __future__ import annotations

import markdown

ABBREVIATIONS = "*[upstream]: The server a proxy forwards to.\n*[Upstream]: The server a proxy forwards to.\n"


def html_of(text: str) -> str:
    return markdown.markdown(text + "\n\n" + ABBREVIATIONS, extensions=["statuskb.common.tooltips", "tables"])


def test_only_the_first_occurrence_of_a_term_gets_its_tooltip() -> None:
    html = html_of("## Upstream down\n\nThe *upstream* failed; restart the upstream.\n\n- an upstream")
    assert html.count("<abbr") == 1
    assert '<h2><abbr title="The server a proxy forwards to.">Upstream</abbr> down</h2>' in html
    assert "restart the upstream." in html and "<li>an upstream</li>" in html


def test_reading_order_counts_nested_text_before_later_siblings() -> None:
    html = html_of("A **bold upstream** then an upstream.")
    assert '<strong>bold <abbr title="The server a proxy forwards to.">upstream</abbr></strong> then an upstream.' \
        in html


def test_code_is_never_a_tooltip_and_does_not_use_up_the_first() -> None:
    html = html_of("Run `upstream` and see | the upstream")
    assert "<code>upstream</code>" in html
    assert '<abbr title="The server a proxy forwards to.">upstream</abbr>' in html
