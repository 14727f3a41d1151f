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

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


def without_code_spans(text: str) -> str:
    """The text with inline `code` removed (code spans are literal, never HTML)."""
    return _CODE_SPAN.sub(" ", text)


def word_count(markdown: str) -> int:
    """Words as a reader counts them: link targets and markup do not count."""
    return len(visible_text(markdown).split())


def table_cell(markdown: str) -> str:
    """Inline Markdown made safe for one cell of a pipe table."""
    return " ".join(markdown.split()).replace("|", "\\|")


def code_span(text: str) -> str:
    """`text` as an inline code span, whatever backticks it contains (CommonMark rules)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def code_fence(text: str) -> str:
    """A fence of backticks longer than any run inside `text` (at least three)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


@lru_cache(maxsize=65536)
def relative_link(target: str, page: str) -> str:
    """Link from the Markdown page `page` to `target` (both docs-relative .md paths)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def front_matter(**fields: object) -> str:
    """YAML front matter; the safe dumper quotes whatever the catalog text contains.

    The theme writes `description` into the double-quoted content attribute of the page's <meta>
    tag as it is, so it is stored with `&`, `<`, `>` and `"` escaped: a quote or `</script>` in
    the catalog's words stays text there (an apostrophe needs no escape in that attribute).
    libyaml's emitter when available: pages carry structured data, and the pure-Python
    emitter was the slowest step of planning the site.
    """
    if isinstance(description := fields.get("description"), str):
        fields["description"] = html.escape(description, quote=False).replace('"', "&quot;")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(fields, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{body}---\n\n"
