"""A code's FAQ as every reuse output shows it: one function, so they cannot drift apart.

JSON-LD, the embeddable iframe page, the fragment, the embed options on the embed page and the
JSON API all take their questions and answers from `faq_items`, so a search engine, an
embedder and an API client read exactly the same words as the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from statuskb.catalog.model import CodeEntry, Faq
from statuskb.common.markdown import html_text, inline_markdown_html, markdown_html


@dataclass(frozen=True)
class FaqItem:
    """One question and its answer, as catalog Markdown, safe HTML and visible text."""

    number: int  # 1-based, the `q` option of the embeds counts these
    faq: Faq
    question_html: Markup
    answer_html: Markup

    @property
    def question_text(self) -> str:
        return html_text(self.question_html)

    @property
    def answer_text(self) -> str:
        return html_text(self.answer_html)


def faq_items(entry: CodeEntry) -> tuple[FaqItem, ...]:
    """The entry's FAQs in catalog order, numbered from 1."""
    return tuple(
        FaqItem(number, faq, inline_markdown_html(faq.question), markdown_html(faq.answer))
        for number, faq in enumerate(entry.faqs, start=1)
    )
