"""Catalog Markdown as HTML and as plain text: the one Markdown path for every output.

Every place that shows catalog text outside a MkDocs-rendered page converts it here: meta
descriptions, titles, tooltips, diagram captions, word counts, comments in server configs, the
standalone error pages, the embeddable FAQ, JSON-LD and the JSON API. One converter means one
reading of the Markdown: a backslash escape, an entity, an intraword underscore (`proxy_pass`)
or a reference link come out the same everywhere, and plain text is always the words a reader
sees in the HTML.

The embeds and the API carry catalog text to other people's sites, so they must not depend on
the validator alone. This renderer is the second line of defence: raw HTML is never passed
through (it comes out as visible text), only a short list of elements survives, and a link
keeps its target only if the browser would read it as http(s) or mailto after its own clean-up
(character references decoded, tabs, newlines and control characters dropped). Whatever is
left is serialised by Python-Markdown, which escapes text and attribute values.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
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
    """Keep allowed elements and attributes only; neutralise links that are not http(s)/mailto.

    With `keep_links` off every link is replaced by its text: a standalone error page should
    not send a visitor off-site.
    """

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        #: Set by `_html` before each text: the one converter serves both kinds of output.
        self.keep_links = True

    def run(self, root: Element) -> None:
        links: list[tuple[Element, Element]] = []
        for parent in root.iter():
            for element in parent:
                if element.tag == "a" and not self.keep_links:
                    links.append((parent, element))
                self._clean(element)
        for parent, link in links:
            _unwrap(parent, link)

    @staticmethod
    def _clean(element: Element) -> None:
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


def _unwrap(parent: Element, child: Element) -> None:
    """Replace `child` in `parent` by its content: its text, its own children, then its tail."""
    index = list(parent).index(child)
    grandchildren = list(child)
    parent.remove(child)
    for offset, grandchild in enumerate(grandchildren):
        parent.insert(index + offset, grandchild)
    _append_text(parent, index, child.text)
    _append_text(parent, index + len(grandchildren), child.tail)


def _append_text(parent: Element, position: int, text: str | None) -> None:
    """Add `text` where the child at `position` starts: after the previous child, or first."""
    if not text:
        return
    if position == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[position - 1]
        previous.tail = (previous.tail or "") + text


@cache
def _converter() -> tuple[markdown.Markdown, _Allowlist]:
    """The one Python-Markdown instance, without raw HTML or images, plus the allowlist.

    Building an instance per text was most of the time spent planning the site; the instance
    is reset between texts instead.
    """
    converter = markdown.Markdown(output_format="html")
    converter.preprocessors.deregister("html_block")
    for pattern in ("html", "image_link", "image_reference", "short_image_ref"):
        converter.inlinePatterns.deregister(pattern)
    allowlist = _Allowlist(converter)
    # After 'inline' (20), which creates the links; before 'prettify' (10).
    converter.treeprocessors.register(allowlist, "statuskb_allowlist", 15)
    return converter, allowlist


@lru_cache(maxsize=16384)
def _html(text: str, *, keep_links: bool) -> str:
    """Each text converted once: the same strings feed pages, JSON-LD, embeds, the API and rules."""
    converter, allowlist = _converter()
    converter.reset()
    allowlist.keep_links = keep_links
    return converter.convert(text).strip()


def markdown_html(text: str) -> Markup:
    """Block HTML (paragraphs, lists) for a catalog Markdown text."""
    return Markup(_html(text, keep_links=True))


def inline_markdown_html(text: str, *, keep_links: bool = True) -> Markup:
    """Phrasing HTML for a one-line text (a question in <summary>, a line of an error page).

    No wrapping <p>; a text that is not one paragraph (a list, a heading) keeps only its words.
    """
    block = _html(text, keep_links=keep_links)
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


@lru_cache(maxsize=16384)
def visible_text(text: str) -> str:
    """Catalog Markdown as the plain words a reader sees of its HTML, on one line.

    For meta descriptions, titles, word counts, tooltips, captions, JSON-LD and option labels:
    structured data and summaries say exactly what the page shows.
    """
    return html_text(_html(text, keep_links=True))


#: A rendered text as data: a string is text; a list is [tag, href or None, *children].
MarkdownNode = str | list["str | MarkdownNode | None"]


class _TreeBuilder(HTMLParser):
    """The allowlisted HTML of `_html` as nested lists, for a script to build with DOM calls."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[str | MarkdownNode | None] = ["div", None]
        self.stack: list[list[str | MarkdownNode | None]] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        node: list[str | MarkdownNode | None] = [tag if tag in ALLOWED_ELEMENTS else "span", href]
        self.stack[-1].append(node)
        if tag not in {"br"}:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1 and tag != "br":
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].append(data)


@lru_cache(maxsize=16384)
def markdown_tree(text: str) -> tuple[MarkdownNode, ...]:
    """Catalog Markdown rendered by the one converter, as element data (never HTML to parse).

    The explainer's page builds these with createElement and textContent, so nothing from the
    catalog is ever handed to the browser's HTML parser.
    """
    builder = _TreeBuilder()
    builder.feed(_html(text, keep_links=True))
    builder.close()
    return tuple(node for node in builder.root[2:] if node is not None)
