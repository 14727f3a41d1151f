"""Catalog Markdown as HTML and as plain text: the one Markdown path for every output.

Every place that shows catalog text outside a MkDocs-rendered page converts it here: meta
descriptions, titles, tooltips, diagram captions, word counts, comments in server configs, the
standalone error pages, the embeddable FAQ, JSON-LD and the JSON API. One converter means one
reading of the Markdown: a backslash escape, an entity, an intraword underscore (`proxy_pass`)
or a reference link come out the same everywhere, and plain text is always the words a reader
sees in the HTML.

Catalog text never reaches another Markdown converter: the generated pages go through MkDocs'
Markdown, whose extensions (attribute lists, abbreviations, admonitions, raw HTML in Markdown)
would turn a contributor's `{: onclick=… }` or `*[the]: …` into markup. So each piece of
catalog text is converted here, held to an allowlist, and placed in a page as *inert* HTML
(`page_inline`, `page_block`, `page_text`): every ASCII punctuation character of its text and
attribute values is a numeric character reference, so no Markdown syntax is left for MkDocs
to read, and the tags themselves are raw HTML that MkDocs passes through.

The embeds and the API carry catalog text to other people's sites, so they must not depend on
the validator alone. This renderer is the second line of defence: raw HTML is never passed
through (it comes out as visible text), only a short list of elements survives, and a link
keeps its target only if the browser would read it as http(s) or mailto after its own clean-up
(character references decoded, tabs, newlines and control characters dropped). Whatever is
left is serialised by Python-Markdown and then cleaned by nh3 (the ammonia sanitiser) with
the same allowlist: the allowlist holds even if a Markdown extension or this module's own
tree walk has a gap.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

#: What a one-line field (a title, a cell, a step) may produce: phrasing content only.
INLINE_ELEMENTS = frozenset({"a", "code", "em", "strong", "br"})
#: What a block field (`plain`, `technical`, an answer) may add: paragraphs, lists, code blocks, tables.
BLOCK_ELEMENTS = frozenset({"p", "ul", "ol", "li", "pre", "table", "thead", "tbody", "tr", "th", "td"})
#: Elements catalog Markdown may produce here; anything else becomes a plain <span> (then its text).
ALLOWED_ELEMENTS = INLINE_ELEMENTS | BLOCK_ELEMENTS
#: The only attributes: a link's target and an ordered list's first number.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
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
        if element.tag in _HEADINGS:  # a heading in catalog text would break the page's outline
            element.tag = "p"
        elif element.tag not in ALLOWED_ELEMENTS or (element.tag == "a" and not safe_link_target(href)):
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
    converter = markdown.Markdown(output_format="html", extensions=["tables", "fenced_code"])
    converter.preprocessors.deregister("html_block")
    for pattern in ("html", "image_link", "image_reference", "short_image_ref"):
        converter.inlinePatterns.deregister(pattern)
    allowlist = _Allowlist(converter)
    # After 'inline' (20), which creates the links; before 'prettify' (10).
    converter.treeprocessors.register(allowlist, "statuskb_allowlist", 15)
    return converter, allowlist


#: A one-line text Python-Markdown reads nothing into: it starts with a letter (no list, heading,
#: quote or code block) and holds only letters, digits, spaces and punctuation that no Markdown
#: syntax uses without one of `*_`[]<>&!#|~\` or a line break. Two thirds of the catalog's texts.
_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9 .,;:'\"?()/%=+\-\u00c0-\u024f\u2010-\u2027\u2030-\u205e]*")


@lru_cache(maxsize=16384)
def _html(text: str, *, keep_links: bool) -> str:
    """Each text converted once: the same strings feed pages, JSON-LD, embeds, the API and rules.

    A plain text (`_PLAIN`) becomes the paragraph Python-Markdown would write without running it
    (0.1 ms a text; tests/common/test_markdown.py holds the two equal for every shipped text),
    and goes through the same allowlist.
    """
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        return _allowed(f"<p>{html.escape(text, quote=False)}</p>")
    return _python_markdown_html(text, keep_links=keep_links)


def _python_markdown_html(text: str, *, keep_links: bool) -> str:
    converter, allowlist = _converter()
    converter.reset()
    allowlist.keep_links = keep_links
    return _allowed(converter.convert(text).strip())


def _allowed(markup: str) -> str:
    """`markup` with only the allowlisted elements and attributes (nh3): the final check."""
    return nh3.clean(markup, tags=set(ALLOWED_ELEMENTS), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(SAFE_LINK_SCHEMES), link_rel=None, strip_comments=True)


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


# ----------------------------------------------------------------------------- inert HTML for pages
def _reference(character: str) -> str:
    return f"&#{ord(character)};"


#: Characters of text that become character references in inert HTML: everything but letters,
#: digits, the space, anything beyond ASCII and punctuation that no Markdown syntax of the site
#: (Python-Markdown with mkdocs.yml's extensions) reads in the middle of a line: . , ; ? ' ( ) / %
#: and !, a colon before a space (no emoji code starts there), a hyphen or underscore between two
#: letters or digits (`keep-alive`, `mod_proxy`: the glossary's tooltips must match such words as
#: they did). Every control character is a reference too.
_MARKDOWN_INERT = re.compile(
    r"[^A-Za-z0-9 \u0080-\U0010ffff_\-.,;?'()/%!:]|(?<![A-Za-z0-9])[_-]|[_-](?![A-Za-z0-9])|:(?! |$)"
)
#: What may start a line of Markdown syntax (a list, a heading, a quote, an admonition, a tab, a
#: definition, an indented code block): the first character of a fragment if it is not a letter,
#: and the dot or bracket after a leading number (`2026. …` would be a list).
_LINE_START = re.compile(r"^(?:[^A-Za-z0-9\u0080-\U0010ffff]|[0-9]+[.)])")
#: Inside code, the first letter or digit of each word is a reference as well: MkDocs'
#: abbreviations (the glossary's tooltips) must not reach into code, as they never did.
_CODE_INERT = re.compile(f"{_MARKDOWN_INERT.pattern}|(?<![A-Za-z0-9])[A-Za-z0-9]")


def _inert_text(text: str, *, in_code: bool = False, at_line_start: bool = False) -> str:
    inert = (_CODE_INERT if in_code else _MARKDOWN_INERT).sub(lambda m: _reference(m.group(0)), text)
    if at_line_start and (start := _LINE_START.match(text)) and not inert.startswith("&"):
        prefix = start.group(0)
        inert = prefix[:-1] + _reference(prefix[-1]) + inert[len(prefix):]
    return inert


#: In an attribute value (inside a tag, which MkDocs passes through whole) only what HTML or the
#: inline patterns that run before raw HTML (code spans, backslash escapes, links) could read.
_ATTRIBUTE_INERT = re.compile(r"[\x00-\x1f\x7f\"&'<>`\\\[\]{}]")


def _inert_attribute(value: str) -> str:
    return _ATTRIBUTE_INERT.sub(lambda m: _reference(m.group(0)), value)


class _InertSerialiser(HTMLParser):
    """Re-serialise allowlisted HTML so that no Markdown extension can read anything into it.

    The tags stay raw HTML (Python-Markdown passes them through); text becomes character
    references wherever it is not letters or digits, attribute values wherever HTML or an
    earlier inline pattern could read them, and newlines are references too, so the fragment
    is one line that a browser shows exactly as before.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._code_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = "".join(f' {name}="{_inert_attribute(value or "")}"' for name, value in attrs)
        self.parts.append(f"<{tag}{attributes}>")
        if tag in {"code", "pre"}:
            self._code_depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")
        if tag in {"code", "pre"}:
            self._code_depth -= 1

    def handle_data(self, data: str) -> None:
        self.parts.append(_inert_text(data, in_code=self._code_depth > 0, at_line_start=not self.parts))


def _inert(markup: str) -> str:
    serialiser = _InertSerialiser()
    serialiser.feed(markup)
    serialiser.close()
    return "".join(serialiser.parts)


@lru_cache(maxsize=16384)
def page_inline(text: str) -> Markup:
    """A one-line catalog text for a generated Markdown page: inline HTML, inert to MkDocs' Markdown.

    For headings, table cells, list items, link labels and tab titles. A text that is not one
    paragraph keeps only its words (the validator refuses block syntax in one-line fields).
    """
    return Markup(_inert(inline_markdown_html(text)))


@lru_cache(maxsize=16384)
def page_block(text: str) -> Markup:
    """A block catalog text for a generated Markdown page, placed at the start of a line.

    Each paragraph becomes a Markdown paragraph of inert inline HTML (so the glossary's
    tooltips still reach its words), separated by blank lines; lists, code blocks and tables
    are raw HTML blocks that MkDocs passes through as they are.
    """
    blocks = []
    for block in _top_level_blocks(_html(text, keep_links=True)):
        if block.startswith("<p>") and block.endswith("</p>"):
            blocks.append(_inert(block[3:-4]))
        else:
            blocks.append(_inert(block))
    return Markup("\n\n".join(blocks))


def page_text(text: str) -> Markup:
    """Catalog Markdown as escaped plain text for a page (its words only, inert to Markdown)."""
    return Markup(_inert_text(visible_text(text), at_line_start=True))


def page_code(text: str) -> Markup:
    """Literal text (a log line, a file name) as inline code, inert to MkDocs' Markdown."""
    return Markup(f"<code>{_inert_text(text, in_code=True)}</code>")


def page_attribute(value: str) -> Markup:
    """A value for an attribute (an href, a title= tooltip) in a generated Markdown page.

    Escaped for HTML and inert to the inline patterns that run before raw HTML: templates that
    write their own tags (the citation macro) put catalog values in them only so. For catalog
    Markdown, take its words first (`plain`).
    """
    return Markup(_inert_attribute(value))


def page_link(url: str, text: str) -> Markup:
    """A link to an outside address with a catalog text as its label; plain label if not http(s)."""
    label = page_inline(text)
    if not safe_link_target(url):
        return label
    return Markup(f'<a href="{_inert_attribute(url)}">{label}</a>')


class _BlockSplitter(HTMLParser):
    """Split serialised HTML into its top-level elements (Python-Markdown writes one per line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._depth = 0
        self._start = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def split(self, markup: str) -> list[str]:
        self._line_starts = [0]
        for line in markup.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        self._markup = markup
        self.feed(markup)
        self.close()
        return self.blocks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            return
        if self._depth == 0:
            self._start = self._offset()
        self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        self._depth -= 1
        if self._depth == 0:
            end = self._offset() + len(f"</{tag}>")
            self.blocks.append(self._markup[self._start:end])


def _top_level_blocks(markup: str) -> list[str]:
    return _BlockSplitter().split(markup)


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
