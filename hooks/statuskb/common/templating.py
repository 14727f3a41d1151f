"""The one Jinja2 environment every renderer shares.

Markdown templates (`*.md.j2`) are not autoescaped (they write Markdown), so catalog text goes
into them only through the filters of `statuskb.common.markdown`, which say how it is placed:
`inline` (a one-line field: a heading, a cell, a step), `block` (paragraphs, lists, code, tables
at the start of a line), `text` (titles and labels: its words only), `code` (a literal line) and
`link` (an outside address with a label). Each writes allowlisted HTML that MkDocs' own
Markdown extensions cannot read anything into. HTML templates (`*.html.j2`) are autoescaped.
StrictUndefined turns a typo in a template into an error instead of an empty string on the site.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from statuskb.common.markdown import (
    page_attribute,
    page_block,
    page_code,
    page_inline,
    page_link,
    page_text,
    visible_text,
)
from statuskb.common.text import code_fence, relative_link, table_cell

#: The areas whose `templates/` folders the environment reads: each area keeps its templates
#: beside the code that renders them. Template names are unique across areas (a test says so).
TEMPLATE_AREAS = ("site", "reuse", "gallery", "diagnosis", "lab")


@cache
def environment() -> jinja2.Environment:
    """The shared, cached environment with the Markdown helpers as filters."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader(f"statuskb.{area}", "templates")
                                    for area in TEMPLATE_AREAS]),
        # Compiling the templates was a third of planning the site on every build; the cache
        # (in the system's temporary folder, outside anything `mkdocs serve` watches) keys
        # each compiled template by its source's checksum, so an edited template recompiles.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        # A loaded template is not checked for changes on every render (a stat per render):
        # the environment lives for one build; `mkdocs serve` imports the core afresh each time.
        auto_reload=False,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        inline=page_inline,
        block=page_block,
        text=page_text,
        code=page_code,
        link=page_link,
        attribute=page_attribute,
        cell=table_cell,
        fence=code_fence,
        plain=visible_text,
        link_from=relative_link,
    )
    return env


def render(template: str, **context: Any) -> str:
    """Render the named template with `context`."""
    return environment().get_template(template).render(**context)
