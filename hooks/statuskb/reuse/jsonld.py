"""schema.org structured data (JSON-LD) for a code page, built as plain Python dicts.

The dicts travel to the theme in the page's front matter (`jsonld`), and
theme_overrides/main.html writes each one into a `<script type="application/ld+json">` with
Jinja's `tojson`, which escapes `<`, `>`, `&` and `'`: no catalog text can close the script
element. All text is the visible text of the catalog Markdown (`common.markdown.visible_text`),
so the structured data says what the page shows.

Only what search engines read: the article (headline, description, dates, licence, publisher)
and the breadcrumbs. No FAQPage: Google shows FAQ rich results only for well-known government
and health sites (developers.google.com/search/docs/appearance/structured-data/faqpage), and
the twelve answers of /codes/502/ again were 2.3 KB of its gzip HTML, the largest part of its
head. The embeddable FAQ fragment keeps its FAQPage microdata (embeds.py).
"""

from __future__ import annotations

from typing import Any

from statuskb.catalog.model import CodeEntry
from statuskb.common.markdown import visible_text
from statuskb.common.site_info import SiteInfo
from statuskb.common.urls import CODES_INDEX, code_page

SCHEMA_ORG = "https://schema.org"
JsonLd = dict[str, Any]
HOME_PAGE = "index.md"
#: Breadcrumb name of /codes/ (the nav calls the section "Codes").
CODES_CRUMB = "Status codes"


def headline(entry: CodeEntry) -> str:
    """'502 Bad Gateway'"""
    return f"{entry.code} {visible_text(entry.reason)}"


def tech_article(entry: CodeEntry, site: SiteInfo) -> JsonLd:
    """The code page as a TechArticle: headline, description, review date, licence, publisher.

    No `citation` list: search engines do not read it (Google's Article data uses the headline,
    dates, author and images), and a code's 40-odd sources made it half of the page's structured
    data. The sources are listed, with links, in the page's own Sources section.
    """
    url = site.page_url(code_page(entry.code))
    return {
        "@context": SCHEMA_ORG,
        "@type": "TechArticle",
        "@id": f"{url}#article",
        "headline": headline(entry),
        "description": visible_text(entry.definition),
        "dateModified": entry.last_reviewed,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": site.language,
        "license": site.licence.url,
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.url},
        "publisher": {"@type": "Organization", "name": site.name, "url": site.url},
    }


def breadcrumb_list(entry: CodeEntry, site: SiteInfo) -> JsonLd:
    """Home → Status codes → this code, with absolute URLs."""
    trail = ((site.name, HOME_PAGE), (CODES_CRUMB, CODES_INDEX), (headline(entry), code_page(entry.code)))
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": site.page_url(src_uri)}
            for position, (name, src_uri) in enumerate(trail, start=1)
        ],
    }


def code_page_jsonld(entry: CodeEntry, site: SiteInfo) -> list[JsonLd]:
    """Every JSON-LD object of a code page, each emitted as its own script element."""
    return [tech_article(entry, site), breadcrumb_list(entry, site)]
