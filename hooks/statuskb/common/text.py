"""Small helpers that build Markdown (code spans, fences, table cells, links, front matter).

They write Markdown and never convert it: turning catalog Markdown into HTML or plain text is
`statuskb.common.markdown`'s job, and the rules' word count reads that module's plain text.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache

import yaml

from statuskb.common.markdown import visible_text

#: A code span as CommonMark reads it: a run of backticks closed by a run of the same length.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


@lru_cache(maxsize=65536)
def without_code_spans(text: str) -> str:
    """The text with inline `code` removed (code spans are literal, never HTML); cached by text,
    as the rules ask for it on every load and a save changes few texts."""
    if "`" not in text:  # most texts: the regex would scan every character to find nothing
        return text
    return _CODE_SPAN.sub(" ", text)


def word_count(markdown: str) -> int:
    """Words as a reader counts them: link targets and markup do not count."""
    return len(visible_text(markdown).split())


def table_cell(markdown: str) -> str:
    """Inline Markdown made safe for one cell of a pipe table."""
    return " ".join(markdown.split()).replace("|", "\\|")


def code_fence(text: str) -> str:
    """A fence of backticks longer than any run inside `text` (at least three)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


@lru_cache(maxsize=65536)
def relative_link(target: str, page: str) -> str:
    """Link from the Markdown page `page` to `target` (both docs-relative .md paths)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


#: Front matter fields that the theme and MkDocs print into HTML as they are: Material writes
#: `title` unescaped into the navigation, the header, the tabs, the breadcrumbs, the footer, the
#: <title> and (as the search index's page title) into search results' innerHTML; `html_title`
#: goes into <title> (theme_overrides/main.html) and `description` into the double-quoted
#: content attribute of <meta name="description">.
HTML_FIELDS = ("title", "html_title", "description")


def front_matter(**fields: object) -> str:
    """YAML front matter; the safe dumper quotes whatever the catalog text contains.

    Titles are given as catalog Markdown and stored as its words (`visible_text`). The fields
    in `HTML_FIELDS` are plain text stored HTML-escaped (`&`, `<`, `>` and `"`), the
    one place they are escaped: a quote or `</title>` in the catalog's words stays text wherever
    the theme prints them (an apostrophe needs no escape in a double-quoted attribute).
    libyaml's emitter when available: pages carry structured data, and the pure-Python
    emitter was the slowest step of planning the site.
    """
    for name in HTML_FIELDS:
        if isinstance(value := fields.get(name), str):
            words = value if name == "description" else visible_text(value)
            fields[name] = html.escape(words, quote=False).replace('"', "&quot;")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(fields, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{body}---\n\n"
