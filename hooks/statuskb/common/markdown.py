"""Catalog Markdown as safe HTML and as plain text, for outputs that MkDocs does not render.

The embeddable FAQ (iframe page, fragment) and the JSON API carry catalog text to other
people's sites, so they must not depend on the validator alone. This renderer is the second
line of defence: raw HTML is never passed through (it comes out as visible text), only a short
list of elements survives, and a link keeps its target only if the browser would read it as
http(s) or mailto after its own clean-up (character references decoded, tabs, newlines and
control characters dropped). Whatever is left is serialised by Python-Markdown, which escapes
text and attribute values.

`visible_text` is what a reader sees of the same HTML: JSON-LD uses it so that structured data
says exactly what the page shows.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

#: Elements catalog Markdown may produce here; anything else becomes a plain <span>.
ALLOWED_ELEMENTS = frozenset({"p", "a", "code", "em", "strong", "br", "ul", "ol", "li", "pre", "blockquote"})
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Browsers drop ASCII tab and newline anywhere in a URL and C0 controls and spaces around it.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def link_scheme(href: str) -> str | None:
    """The scheme a browser reads in `href` as written in HTML (lower case), or None if relative.

    Character references are decoded and tabs, newlines and control characters dropped first,
    as browsers do: `java&#115;cript:` and `java<TAB>script:` are both javascript:.
    """
    scheme = _SCHEME.match(_URL_NOISE.sub("", html.unescape(href)))
    return scheme.group(1).lower() if scheme else None


def safe_link_target(href: str) -> bool:
    """True when a browser would follow `href` to an http(s) or mailto address (never a relative one)."""
    return link_scheme(href) in SAFE_LINK_SCHEMES


class _Allowlist(Treeprocessor):
    """Keep allowed elements and attributes only; neutralise links that are not http(s)/mailto."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element is root:
                continue
            if element.tag == "img":  # an image would load from another host: keep its words only
                element.text = element.get("alt", "")
            href = element.get("href", "")
            start = element.get("start", "")
            element.attrib.clear()
            if element.tag not in ALLOWED_ELEMENTS or (element.tag == "a" and not safe_link_target(href)):
                element.tag = "span"
            elif element.tag == "a":
                element.set("href", href)
            elif element.tag == "ol" and start.isdigit():
                element.set("start", start)


class _CatalogMarkdown(Extension):
    """Python-Markdown without raw HTML or images, plus the allowlist."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.deregister("html_block")
        for pattern in ("html", "image_link", "image_reference", "short_image_ref"):
            md.inlinePatterns.deregister(pattern)
        # After 'inline' (20), which creates the links; before 'prettify' (10).
        md.treeprocessors.register(_Allowlist(md), "statuskb_allowlist", 15)


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_CatalogMarkdown()], output_format="html")


@lru_cache(maxsize=8192)
def markdown_html(text: str) -> Markup:
    """Block HTML (paragraphs, lists) for a catalog Markdown text.

    One converter, reset between texts, and each text converted once: the same FAQ answers and
    summaries feed JSON-LD, embeds, the API and option labels, and building a Python-Markdown
    instance per call was most of the time spent planning the site.
    """
    converter = _converter()
    converter.reset()
    return Markup(converter.convert(text).strip())


def inline_markdown_html(text: str) -> Markup:
    """Phrasing HTML for a one-line text (a question in <summary>): no wrapping <p>."""
    block = str(markdown_html(text))
    if block.startswith("<p>") and block.endswith("</p>") and block.count("<p>") == 1:
        return Markup(block[3:-4])
    return Markup(html.escape(visible_text(text), quote=False))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "li", "br", "ul", "ol", "pre", "blockquote"}:
            self.parts.append(" ")


def html_text(markup: str) -> str:
    """The text a reader sees in `markup`, whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return " ".join("".join(collector.parts).split())


@lru_cache(maxsize=8192)
def visible_text(text: str) -> str:
    """Catalog Markdown as the plain words a reader sees (for JSON-LD and option labels)."""
    return html_text(markdown_html(text))
