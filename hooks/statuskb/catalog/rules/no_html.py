"""Catalog text is Markdown, never raw HTML: the text ends up in pages, feeds, embeds and JSON-LD, and
raw HTML would pass straight through into some of them (a script or an event handler included)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule

#: A tag (`<b>`, `</script>`, `<img src=…>`), a comment or a declaration. A lone `<` as in
#: "timeout < 30 s" is fine: it is text, and every renderer escapes it. A tag name runs to the
#: next space, slash or angle bracket, as browsers and Python-Markdown read it (so `<a:b …>` and
#: `<javascript:…>` are tags); autolinks such as `<https://…>` are not.
HTML_TAG = re.compile(
    r"<(?!(?:https?|mailto):)\s*/?\s*[A-Za-z][^\s/<>]*([\s/][^<>]*)?>|<!--|<!\[CDATA\[|<![A-Za-z]"
)
#: The start of a tag that is never closed in its field (`<svg onload=… x=`): with the next
#: field's text, in the same table cell or line, it would be one tag. `<` before a space or a
#: digit ("5 < 10", "<5 s") is text.
TAG_START = re.compile(r"<(?!(?:https?|mailto):)\s*[/!?]?[A-Za-z]")


def _raw_html(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for path, text in given.prose:
        found = _html_in(text)
        if found is not None:
            yield doc.problem(path, f"raw HTML is not allowed in catalog text, not even the start of a tag "
                              f"(found {found!r}); use Markdown, or put code in `backticks`")


@lru_cache(maxsize=65536)
def _html_in(text: str) -> str | None:
    """The first tag or tag start in `text` (at most 60 characters), or None; cached by text, as
    a save changes few of the catalog's texts."""
    match = HTML_TAG.search(text) or TAG_START.search(text)
    return match.group(0)[:60] if match else None


RULE = Rule("no-html", "Catalog text is Markdown, never raw HTML.", _raw_html)
