"""The embeddable FAQ: a standalone iframe page, a paste-in fragment, and each code's embed page.

Help centres and dashboards show "What does 502 mean?" from here instead of copying text that
goes stale. Both forms are made to be safe on someone else's page:

- `/embed/faq/<code>.html`, for an iframe: one file, inline CSS and a tiny inline script, a
  Content-Security-Policy that allows only those two (by hash) and nothing from the network,
  light and dark from the reader's setting, `<details>` that open without JavaScript, a link
  back to the full page. The script applies the `q`, `n` and `theme` URL options and reports
  its height to the parent page (`postMessage`) so the iframe can grow with opened answers.
- `/embed/faq/<code>.fragment.html`, to paste: HTML with schema.org microdata and styles whose
  selectors all start with `.fxg-faq`; no script.

Catalog text arrives through `faqs.faq_items` (sanitised HTML) and autoescaped templates.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from markupsafe import Markup

from statuskb.catalog.model import CodeEntry
from statuskb.common.site_info import SiteInfo
from statuskb.common.templating import render
from statuskb.common.text import front_matter, relative_link
from statuskb.common.urls import EMBED_GUIDE, api_code, code_page, embed_fragment, embed_iframe, embed_page
from statuskb.reuse.faqs import FaqItem, faq_items
from statuskb.reuse.jsonld import headline

#: Message type the iframe page posts to its parent with its height.
HEIGHT_MESSAGE = "fxg-faq:height"
#: Height (px) of the iframe before its first height message: title, credit, one row a question.
BASE_HEIGHT = 112
QUESTION_HEIGHT = 42


def suggested_height(question_count: int) -> int:
    """A starting height that fits every question closed, so the first paint does not jump."""
    return BASE_HEIGHT + QUESTION_HEIGHT * question_count


def _static(template: str) -> str:
    return render(template, message_type=HEIGHT_MESSAGE).strip()


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def iframe_style() -> str:
    """The iframe page's whole stylesheet."""
    return _static("embed_iframe_style.css.j2")


def iframe_script() -> str:
    """The iframe page's whole script: URL options and the height message."""
    return _static("embed_iframe_script.js.j2")


def fragment_style() -> str:
    """The fragment's stylesheet; every selector starts with `.fxg-faq`."""
    return _static("embed_fragment_style.css.j2")


def iframe_csp() -> str:
    """Nothing may load; only the page's own style and script (by hash) may run."""
    return ("default-src 'none'; "
            f"style-src {_csp_hash(iframe_style())}; script-src {_csp_hash(iframe_script())}; "
            "base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class _FaqView:
    entry: CodeEntry
    title: str
    heading: str
    items: tuple[FaqItem, ...]


def _view(entry: CodeEntry) -> _FaqView:
    title = headline(entry)
    return _FaqView(entry, title, f"{title}: frequently asked questions", faq_items(entry))


def render_iframe_page(entry: CodeEntry, site: SiteInfo) -> str:
    """The standalone page for `<iframe src=…>`."""
    view = _view(entry)
    return render("embed_iframe.html.j2", site=site, entry=entry, title=view.title, heading=view.heading,
                  items=view.items, page_url=site.page_url(code_page(entry.code)), csp=iframe_csp(),
                  style=Markup(iframe_style()), script=Markup(iframe_script()))


def render_fragment(entry: CodeEntry, site: SiteInfo) -> str:
    """The bare fragment: microdata, prefixed styles, no script."""
    view = _view(entry)
    return render("embed_fragment.html.j2", site=site, entry=entry, title=view.title, heading=view.heading,
                  items=view.items, page_url=site.page_url(code_page(entry.code)), style=Markup(fragment_style()))


def iframe_snippet(entry: CodeEntry, site: SiteInfo) -> str:
    """What an embedder pastes: the iframe and the listener that applies its height messages."""
    view = _view(entry)
    return render("embed_snippet_iframe.html.j2", site=site, entry=entry, heading=view.heading,
                  message_type=HEIGHT_MESSAGE,
                  src=site.absolute(embed_iframe(entry.code)), height=suggested_height(len(view.items))).strip()


def embed_files(entry: CodeEntry, site: SiteInfo) -> dict[str, str]:
    """A code's iframe page and fragment, by site path."""
    return {
        embed_iframe(entry.code): render_iframe_page(entry, site),
        embed_fragment(entry.code): render_fragment(entry, site),
    }


@dataclass(frozen=True)
class EmbedSection:
    """What a code's embed page shows (templates/embed_page.md.j2) around its options and code."""

    title: str
    code_page_link: str
    options_html: Markup
    preview_html: Markup
    iframe_code: str
    fragment_code: str
    guide_link: str
    json_link: str


def embed_section(entry: CodeEntry, site: SiteInfo) -> EmbedSection:
    """The parts of the code's embed page (/embed/502/), with links relative to it."""
    view = _view(entry)
    page_uri = embed_page(entry.code)
    preview_src = site.relative(embed_iframe(entry.code), page_uri)
    return EmbedSection(
        title=view.title,
        code_page_link=relative_link(code_page(entry.code), page_uri),
        options_html=Markup(render("embed_options.html.j2", entry=entry, items=view.items).strip()),
        preview_html=Markup(render("embed_preview.html.j2", entry=entry, heading=view.heading, src=preview_src,
                                   height=suggested_height(len(view.items))).strip()),
        iframe_code=iframe_snippet(entry, site),
        fragment_code=render_fragment(entry, site).strip(),
        guide_link=relative_link(EMBED_GUIDE, page_uri),
        json_link=relative_link(api_code(entry.code), page_uri),
    )


def render_embed_page(entry: CodeEntry, site: SiteInfo) -> str:
    """/embed/502/: pick the questions and theme, see the live preview, copy the iframe or fragment.

    A page of its own rather than a section of the code page: the options, the preview and two
    copies of the code (one with every question's text again) were a tenth of the code page's
    bytes and a quarter of its elements, for the few readers who embed. The code page links here
    from its "Embed this FAQ" heading. Kept out of search: its text is the code page's FAQ again.
    """
    meta = front_matter(
        title=f"Embed the {entry.code} {entry.reason} FAQ",
        description=f"Show the questions and answers about {headline(entry)} on your own site: "
        "an iframe or an HTML fragment, with a live preview and options.",
        scripts=["embed.js"],  # the options rewrite the preview and the code (theme_overrides/main.html)
        search={"exclude": True},
    )
    return meta + render("embed_page.md.j2", embed=embed_section(entry, site))
