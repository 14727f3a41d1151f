"""The one Markdown path: block HTML, inline HTML (links kept or reduced to text) and plain text.

Three converters used to turn catalog Markdown into HTML or plain text (a regex one for meta
descriptions and word counts, a regex one for the error pages, Python-Markdown for the embeds
and JSON-LD). The expectations below are what the old converters produced for real catalog
strings where that was right, so the site reads the same; the last tests pin the cases where
the old ones disagreed with each other and now give one answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from statuskb.common.markdown import (
    _PLAIN,
    _html,
    _python_markdown_html,
    html_text,
    inline_markdown_html,
    markdown_html,
    visible_text,
)
from statuskb.common.text import word_count
from statuskb.gallery.pages import inline_html, one_line
from support import ROOT

#: Real catalog strings (data/status_codes.yaml) and the plain text the old regex converter gave
#: for meta descriptions, captions and comments: code spans, emphasis, links, identifiers.
CATALOG_PLAIN_TEXT = [
    ("`proxy_connect_timeout` or `proxy_read_timeout` (`fastcgi_read_timeout` for PHP-FPM) expired; "
     "both default to 60 seconds.",
     "proxy_connect_timeout or proxy_read_timeout (fastcgi_read_timeout for PHP-FPM) expired; "
     "both default to 60 seconds."),
    ("If the site offers language or format links (for example *English* or *PDF*), use one; it may "
     "lead to a concrete file instead of the broken negotiation.",
     "If the site offers language or format links (for example English or PDF), use one; it may "
     "lead to a concrete file instead of the broken negotiation."),
    ("Dashboard, **Analytics** > **HTTP Traffic**: filter on **Edge status code** or "
     "**Origin status code** (a sample of requests)",
     "Dashboard, Analytics > HTTP Traffic: filter on Edge status code or Origin status code "
     "(a sample of requests)"),
    ("RFC 7231 was obsoleted in June 2022. The current definition is "
     "[RFC 9110, section 15.6.3](https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3); "
     "the meaning did not change.",
     "RFC 7231 was obsoleted in June 2022. The current definition is RFC 9110, section 15.6.3; "
     "the meaning did not change."),
    ("Access logs are optional and are delivered to an S3 bucket; each entry has elb_status_code and "
     "target_status_code.",
     "Access logs are optional and are delivered to an S3 bucket; each entry has elb_status_code and "
     "target_status_code."),
    ("The pool's `php_admin_value[error_log]`, or the web server's error log",
     "The pool's php_admin_value[error_log], or the web server's error log"),
    ("`gcloud logging read 'resource.type=\"http_load_balancer\" AND httpRequest.status>=500' --limit=20`, "
     "or Logs Explorer with the same filter",
     "gcloud logging read 'resource.type=\"http_load_balancer\" AND httpRequest.status>=500' --limit=20, "
     "or Logs Explorer with the same filter"),
]

#: Real strings the error pages show (summaries, visitor views, fix and cause titles) and the
#: HTML the old regex converter gave them: code and emphasis kept, links reduced to their text.
ERROR_PAGE_HTML = [
    ("503 is a deliberate, usually temporary \"cannot handle requests right now\" (overload, maintenance) "
     "and may carry `Retry-After`; 500 is an unexpected fault.",
     "503 is a deliberate, usually temporary \"cannot handle requests right now\" (overload, maintenance) "
     "and may carry <code>Retry-After</code>; 500 is an unexpected fault."),
    ("Compare the A and AAAA records in the Cloudflare **DNS** app with the IP addresses your hosting "
     "provider assigns to the origin, and correct them.",
     "Compare the A and AAAA records in the Cloudflare <strong>DNS</strong> app with the IP addresses "
     "your hosting provider assigns to the origin, and correct them."),
    ("If the site offers language or format links (for example *English* or *PDF*), use one.",
     "If the site offers language or format links (for example <em>English</em> or <em>PDF</em>), use one."),
    ("Dashboard, **Analytics** > **HTTP Traffic**: filter on **Edge status code**",
     "Dashboard, <strong>Analytics</strong> &gt; <strong>HTTP Traffic</strong>: filter on "
     "<strong>Edge status code</strong>"),
    ("For APIs, use a machine-readable error format such as `application/problem+json` from "
     "[RFC 9457](https://www.rfc-editor.org/rfc/rfc9457), and include the request ID so support can "
     "find the log entry.",
     "For APIs, use a machine-readable error format such as <code>application/problem+json</code> from "
     "RFC 9457, and include the request ID so support can find the log entry."),
    ("Content-negotiation misconfiguration: the variant the server chose negotiates again. Rare; "
     "Apache's mod_negotiation is the main known sender.",
     "Content-negotiation misconfiguration: the variant the server chose negotiates again. Rare; "
     "Apache's mod_negotiation is the main known sender."),
]

#: Real strings JSON-LD describes, and the visible text it carried before (already Python-Markdown).
JSONLD_TEXT = [
    ("First defined in RFC 2068 (HTTP/1.1, January 1997) as \"HTTP Version not supported\". It was kept "
     "in RFC 2616 (1999) and RFC 7231 (2014) and is now defined in "
     "[RFC 9110](https://www.rfc-editor.org/rfc/rfc9110#section-15.6.6), section 15.6.6 (June 2022).",
     "First defined in RFC 2068 (HTTP/1.1, January 1997) as \"HTTP Version not supported\". It was kept "
     "in RFC 2616 (1999) and RFC 7231 (2014) and is now defined in RFC 9110, section 15.6.6 (June 2022)."),
    ("508 Loop Detected means a WebDAV server stopped an operation because it ran into an infinite loop "
     "while processing a request with `Depth: infinity`, such as folders bound inside each other.",
     "508 Loop Detected means a WebDAV server stopped an operation because it ran into an infinite loop "
     "while processing a request with Depth: infinity, such as folders bound inside each other."),
    ("A PHP script exceeds `memory_limit`, calls a function that no longer exists after an update.",
     "A PHP script exceeds memory_limit, calls a function that no longer exists after an update."),
]


@pytest.mark.parametrize(("markdown_text", "plain"), CATALOG_PLAIN_TEXT)
def test_plain_text_of_catalog_strings_is_unchanged(markdown_text: str, plain: str) -> None:
    assert visible_text(markdown_text) == plain
    assert one_line(markdown_text) == plain
    assert word_count(markdown_text) == len(plain.split())


@pytest.mark.parametrize(("markdown_text", "expected"), ERROR_PAGE_HTML)
def test_error_page_html_of_catalog_strings_is_unchanged(markdown_text: str, expected: str) -> None:
    assert inline_html(markdown_text) == expected


@pytest.mark.parametrize(("markdown_text", "visible"), JSONLD_TEXT)
def test_visible_text_for_jsonld_is_unchanged(markdown_text: str, visible: str) -> None:
    assert visible_text(markdown_text) == visible


def test_links_are_kept_or_reduced_to_their_text() -> None:
    text = "See [**RFC** `9110`](https://www.rfc-editor.org/rfc/rfc9110) or [this](javascript:alert(1))."
    assert inline_markdown_html(text) == (
        'See <a href="https://www.rfc-editor.org/rfc/rfc9110"><strong>RFC</strong> <code>9110</code></a> '
        "or this.")
    assert inline_html(text) == "See <strong>RFC</strong> <code>9110</code> or this."


def test_block_text_keeps_its_structure_and_inline_keeps_its_words() -> None:
    assert str(markdown_html("One.\n\n- two\n- three")) == "<p>One.</p>\n<ul>\n<li>two</li>\n<li>three</li>\n</ul>"
    assert inline_markdown_html("One.\n\n- two") == "One. two"


def _catalog_strings() -> Iterator[str]:
    pending: list[object] = [yaml.safe_load((ROOT / "data" / "status_codes.yaml").read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)


def test_every_output_of_a_catalog_string_shows_the_same_words() -> None:
    for text in set(_catalog_strings()):
        words = visible_text(text)
        assert html_text(markdown_html(text)) == words, text
        assert html_text(inline_markdown_html(text)) == words, text
        assert html_text(inline_html(text)) == words, text


@pytest.mark.parametrize(("markdown_text", "plain", "error_page_html"), [
    # The old plain text dropped an underscore at a word's edge; the error pages kept it.
    ("the REDIRECT_ variables an error document sees", "the REDIRECT_ variables an error document sees",
     "the REDIRECT_ variables an error document sees"),
    # The old plain text dropped the escaped stars and kept the entity as written; the error pages
    # made emphasis of the escaped stars and escaped the entity twice (&amp;amp;).
    (r"a literal \*star\* &amp; more", "a literal *star* & more", "a literal *star* &amp; more"),
    # Both regex converters showed a reference link's brackets and its definition line.
    ("see [RFC 9110][rfc]\n\n[rfc]: https://www.rfc-editor.org/rfc/rfc9110", "see RFC 9110", "see RFC 9110"),
    # A lone star is no emphasis: the old plain text dropped it, the error pages kept it.
    ("match *.log.gz files", "match *.log.gz files", "match *.log.gz files"),
    # Quotes need no escaping outside attributes: the old error-page converter wrote &#34; and &#39;.
    ('quote " and \' stay text', 'quote " and \' stay text', 'quote " and \' stay text'),
])
def test_cases_the_old_converters_read_differently_now_agree(
        markdown_text: str, plain: str, error_page_html: str) -> None:
    assert visible_text(markdown_text) == one_line(markdown_text) == plain
    assert inline_html(markdown_text) == error_page_html
    assert html_text(inline_html(markdown_text)) == plain


def _shipped_texts() -> set[str]:
    """Every string of the shipped data files (catalog, observations, traits, translations)."""
    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    files = [ROOT / "data" / name for name in ("status_codes.yaml", "observations.yaml", "recognition.yaml")]
    files += sorted((ROOT / "data" / "error_pages").glob("*.yaml"))
    return {text for path in files for text in strings(yaml.safe_load(path.read_text(encoding="utf-8")))}


TRICKY_PLAIN = ["Ends with a space ", "Two  spaces inside", "Quotes \"like\" these and 'these'", "A (parenthesis)",
                "Percent 100% and 5/10", "Dash - and en dash \u2013 and ellipsis\u2026", "Caf\u00e9 na\u00efve",
                "Looks like a list: 1. but not at the start", "Equals = plus + minus -", "a", "A"]


def test_plain_texts_come_out_as_python_markdown_writes_them() -> None:
    # _html writes a plain one-line text's paragraph itself: it must be Python-Markdown's, byte for byte.
    plain = [text for text in sorted(_shipped_texts()) + TRICKY_PLAIN if _PLAIN.fullmatch(text)]
    assert len(plain) > 1000  # most catalog texts take the short way
    differ = [text for text in plain if _html(text, keep_links=True) != _python_markdown_html(text, keep_links=True)]
    assert differ == []


def test_markdown_never_takes_the_plain_way() -> None:
    for text in ("**bold**", "`code`", "[a](https://example.org)", "1. item", "- item", "a\nb", "a &amp; b",
                 "x < y", "a_b_c", "# heading", "> quote", "\ttab", "back\\slash", "pipe | table", "~~~"):
        assert not _PLAIN.fullmatch(text), text
