"""Self-contained HTML error pages: one file per code and theme, and Cloudflare's 5xx page.

Every page is one file that works when everything else is down: inline CSS, no request to
any host (no fonts, no images, the favicon is a data: URL), readable without JavaScript,
light and dark through `prefers-color-scheme`, animation only under
`prefers-reduced-motion: no-preference`. A strict Content-Security-Policy allows exactly the
page's own style and script, by hash, and HEAD requests to its own origin.

The words come from the catalog: the summary says what happened, `visitor_view` whether it
is the visitor's fault, the visitor fixes what to do now, and the first cause and owner fix
make the line for the site owner. Catalog text is inline Markdown; `inline_html` turns it
into escaped HTML with code and emphasis kept and links reduced to their text (an error
page should not send a visitor off-site).

The optional retry control (JavaScript) counts down with exponential backoff and jitter,
can be paused, polls the same URL with HEAD and reloads once it stops answering 5xx. Only
for 503 does it wait for the server's `Retry-After`: RFC 9110 gives the header a meaning
with 503 and with no other 5xx code.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache

import rcssmin
import rjsmin
from markupsafe import Markup, escape

from statuskb.catalog.model import Catalog, CodeEntry
from statuskb.common.markdown import inline_markdown_html, visible_text
from statuskb.common.problems import Problem
from statuskb.common.templating import render
from statuskb.gallery.brand import Brand
from statuskb.gallery.languages import SOURCE_LANGUAGE, CodeText, Language, owner_step, source_text, visitor_steps
from statuskb.gallery.themes import MONO, Theme, font_stack

#: Every page must stay under this many bytes (raw, uncompressed).
PAGE_BUDGET = 8 * 1024
#: Where the pages live in the site (and in the archive): error-pages/<theme>/<code>.html.
PAGES_DIR = "error-pages"
#: The token Cloudflare replaces with its own details box on its "500 class errors" page.
CLOUDFLARE_TOKEN = "::CLOUDFLARE_ERROR_500S_BOX::"
#: Codes whose page waits for Retry-After (RFC 9110, section 10.2.3: only 503 among 5xx).
RETRY_AFTER_CODES = frozenset({503})

_HEX = re.compile(r"^#[0-9a-f]{6}$")
#: What a page would load from another host (links, <a href>, are for the visitor to follow).
_REMOTE = re.compile(r"""\b(?:src|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
                     r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
                     r"""|url\(\s*['"]?\s*(?:https?:)?//|@import""", re.I)


# ----------------------------------------------------------------------------- text
def inline_html(markdown: str) -> Markup:
    """Inline Markdown as safe HTML: code and emphasis kept, links reduced to their text.

    The error page stands alone when the site is down: it should not send a visitor off-site.
    """
    return inline_markdown_html(markdown, keep_links=False)


def one_line(text: str) -> str:
    """Plain text on one line without control characters: for comments, headers, titles."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in visible_text(text)).split())


#: What the servers that can fill in request details replace, in the page's details block.
#: Server Side Includes as both nginx (`ssi on`) and Apache (mod_include) read them: their
#: `echo` escapes the value for HTML by default. Caddy's template and HAProxy's log-format
#: variants replace the same markers with their own expressions. Unfilled, each marker is an
#: HTML comment, the <dd> it sits in is empty, and the block is hidden (`.req:has(dd:empty)`).
TIME_MARKER = "<!--#config timefmt='%F %T' --><!--#echo var='DATE_GMT' -->"
HOST_MARKER = "<!--#echo var='HTTP_HOST' -->"
REQUEST_ID_MARKER = "<!--#echo var='UNIQUE_ID' -->"
DETAIL_MARKERS = {"time": TIME_MARKER, "host": HOST_MARKER, "request_id": REQUEST_ID_MARKER}


@dataclass(frozen=True)
class PageText:
    """What one code's page says in one language, already converted to safe HTML."""

    code: int
    reason: str
    happened: Markup
    fault: Markup
    steps: tuple[Markup, ...]
    owner: Markup
    retry: bool
    retry_after: bool
    summary: str  # plain text, for problem details


def words_of(entry: CodeEntry, language: Language) -> CodeText:
    """The code's words in this language (English: the catalog's own)."""
    if language.data.language == SOURCE_LANGUAGE:
        return source_text(entry)
    return language.data.codes[entry.code]


def say(language: Language, key: str, **values: str | Markup | int) -> Markup:
    """One of the page's own strings in this language, as escaped HTML, with {placeholders} filled."""
    text = escape(language.data.strings[key])
    for name, value in values.items():
        text = Markup(text.replace(f"{{{name}}}", escape(value)))
    return Markup(text)


def page_text(entry: CodeEntry, language: Language) -> PageText:
    """The page's words, from the catalog entry and its translation."""
    words = words_of(entry, language)
    steps = tuple(inline_html(words.fixes[fix_id]) for fix_id in visitor_steps(entry))
    if not steps:
        steps = (inline_html(words.retry_advice or entry.retry.advice),)
    owner = say(language, "most_likely_cause", cause=inline_html(words.causes[entry.causes[0].id].rstrip(".")))
    first_step = owner_step(entry)
    if first_step:
        owner += Markup(" ") + say(language, "first_step", step=inline_html(words.fixes[first_step].rstrip(".")))
    return PageText(
        code=entry.code,
        reason=one_line(entry.reason),
        happened=inline_html(words.summary),
        fault=inline_html(words.visitor_view),
        steps=steps,
        owner=owner,
        retry=entry.retry.retryable != "never",
        retry_after=entry.code in RETRY_AFTER_CODES,
        summary=one_line(words.summary),
    )


# ----------------------------------------------------------------------------- assets
@cache
def theme_css(theme: Theme, language: str = SOURCE_LANGUAGE, branded: bool = False) -> str:
    """The full stylesheet of a theme in a language: palettes, shared base with the fonts of the
    language's script (and the brand's rules, for branded pages), the theme's own rules (built once
    per theme, script and brand)."""
    for palette in (theme.light, theme.dark):
        for value in vars(palette).values():
            if not _HEX.match(value):
                raise ValueError(f"theme {theme.name}: colour {value!r} is not #rrggbb")
    base = render("errorpage_base.css.j2", font=font_stack(theme.font, language), mono=MONO, branded=branded)
    palettes = (f":root{{color-scheme:light dark;{theme.light.css_vars()}}}"
                f"@media (prefers-color-scheme:dark){{:root{{{theme.dark.css_vars()}}}}}")
    # rcssmin, not a regex of our own: it knows strings, comments and hacks, so a theme's CSS
    # cannot be broken by minifying it (the CSP hash is taken of exactly these bytes).
    stylesheet: str = rcssmin.cssmin(palettes + base + theme.css)
    return stylesheet


@cache
def retry_script() -> str:
    """The retry control's script (the same bytes on every page, so one CSP hash), minified by rjsmin."""
    script: str = rjsmin.jsmin(render("errorpage_retry.js.j2"))
    return script


def csp_hash(source: str) -> str:
    """A CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(css: str, script: str | None) -> str:
    scripts = csp_hash(script) if script else "'none'"
    return (f"default-src 'none'; style-src {csp_hash(css)}; script-src {scripts}; "
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'")


# ----------------------------------------------------------------------------- pages
def page_path(theme: Theme, language: str, code: int) -> str:
    """error-pages/plain/de/502.html"""
    return f"{PAGES_DIR}/{theme.name}/{language}/{code}.html"


def problem_path(theme: Theme, language: str, code: int) -> str:
    """error-pages/plain/de/502.json: the problem details beside the page."""
    return f"{PAGES_DIR}/{theme.name}/{language}/{code}.json"


def cloudflare_page_path(theme: Theme, language: str) -> str:
    """error-pages/plain/cloudflare/de/5xx.html"""
    return f"{PAGES_DIR}/{theme.name}/cloudflare/{language}/5xx.html"


def _retry_strings(language: Language) -> dict[str, str]:
    """The retry control's words, which the script reads from the page (its bytes never change)."""
    keys = ("checking", "back", "preview", "still_unavailable", "no_answer", "paused", "resumed", "resume")
    return {key.split("_")[0]: language.data.strings[key] for key in keys}


def _countdown(language: Language) -> Markup:
    before, _, after = str(say(language, "countdown", seconds=Markup("\x00"))).partition("\x00")
    return Markup(before) + Markup('<span id="retry-n">&hellip;</span>') + Markup(after)


def _page_context(theme: Theme, language: Language, brand: Brand | None, script: str | None) -> dict[str, object]:
    shown = brand.apply(theme) if brand else theme
    css = theme_css(shown, language.data.language, brand is not None)
    return {
        "theme": shown,
        "lang": language.data.language,
        "dir": language.data.direction,
        "say": lambda key, **values: say(language, key, **values),
        "brand": brand,
        "css": Markup(css),  # our own CSS, no catalog text: escaping would break its quotes
        "script": Markup(script) if script else None,
        "csp": content_security_policy(css, script),
        "retry_strings": _retry_strings(language),
        "countdown": _countdown(language),
    }


def render_error_page(theme: Theme, entry: CodeEntry, language: Language, brand: Brand | None = None,
                      text: PageText | None = None) -> str:
    """The self-contained page for one code in one theme and language (`text`: its page_text, if known)."""
    text = text or page_text(entry, language)
    script = retry_script() if text.retry else None
    return render(
        "errorpage_page.html.j2",
        **_page_context(theme, language, brand, script),
        text=text,
        title=f"{text.code} {text.reason}",
        note=brand.note(entry.code, language.data.language) if brand else None,
        markers={name: Markup(marker) for name, marker in DETAIL_MARKERS.items()},
    )


def render_problem(entry: CodeEntry, language: Language, site_url: str, text: PageText | None = None) -> str:
    """RFC 9457 problem details for one code in one language.

    `type` is the code's page in this guide (absolute: the document explains the problem type),
    `title` the standard reason phrase (the same for every occurrence, RFC 9457 section 3.1.3),
    `detail` what happened, in the visitor's language, and `request_id` the marker the servers
    fill in (see DETAIL_MARKERS). `<`, `>` and `&` are escaped, so the body is safe in HTML too.
    """
    text = text or page_text(entry, language)
    members = {"type": f"{site_url.rstrip('/')}/codes/{entry.code}/", "title": text.reason,
               "status": entry.code, "detail": text.summary, "request_id": "\x00"}
    body = json.dumps(members, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        body = body.replace(char, escaped)
    return body.replace("\\u0000", REQUEST_ID_MARKER) + "\n"


def render_cloudflare_page(theme: Theme, catalog: Catalog, language: Language, brand: Brand | None = None) -> str:
    """Cloudflare's "500 class errors" page in one language: one page for every 5xx Cloudflare shows it for.

    It carries `::CLOUDFLARE_ERROR_500S_BOX::` (Cloudflare puts its own details there), the
    `::RAY_ID::` and `::CLIENT_IP::` tokens Cloudflare fills in, and a <head>; it has no CSP:
    Cloudflare inlines its box into the page when it stores it.
    """
    covered = [entry for entry in sorted(catalog.codes, key=lambda e: e.code)
               if entry.code not in CLOUDFLARE_ERROR_PAGE_EXCLUDED]
    context = _page_context(theme, language, brand, retry_script())
    return render(
        "errorpage_cloudflare.html.j2",
        **context,
        token=CLOUDFLARE_TOKEN,
        covered=[(entry.code, one_line(entry.reason)) for entry in covered],
    )


#: Codes for which Cloudflare's "500 class errors" Error Page is never shown; Custom Error
#: Rules can still replace them (developers.cloudflare.com/rules/custom-errors/).
CLOUDFLARE_ERROR_PAGE_EXCLUDED = frozenset({500, 501, 503, 505})
#: What Cloudflare fills in on its Error Pages (developers.cloudflare.com/rules/custom-errors/reference/error-tokens/).
CLOUDFLARE_DETAIL_TOKENS = ("::RAY_ID::", "::CLIENT_IP::")


def check_page(path: str, html: str, code: int | None) -> list[Problem]:
    """Every rule a page keeps (`code` is None for Cloudflare's page): the tests check them all."""
    return content_problems(path, html, code) + _template_problems(path, html)


def content_problems(path: str, html: str, code: int | None) -> list[Problem]:
    """The rules that the catalog's text can break (size, Retry-After): checked by every build.

    The others hold for any text, because the templates escape it; they are properties of
    the templates, so the tests check them (`check_page`) instead of every build.
    """
    problems: list[Problem] = []
    size = len(html.encode("utf-8"))
    if size > PAGE_BUDGET:
        problems.append(_problem(path, "size", f"{size} bytes is over the {PAGE_BUDGET}-byte budget; shorten "
                                 "the catalog text it shows (summary, visitor_view, visitor fix titles) or the "
                                 "theme's CSS"))
    if code in RETRY_AFTER_CODES or "Retry-After" not in html:
        return problems
    visible = re.sub(r"<script>.*?</script>", "", html, flags=re.DOTALL)
    if "Retry-After" in visible:
        problems.append(_problem(path, "retry-after",
                                 "mentions Retry-After, which RFC 9110 gives a meaning only with 503"))
    if 'data-retry-after="1"' in html:
        problems.append(_problem(path, "retry-after",
                                 "waits for Retry-After, which RFC 9110 gives a meaning only with 503"))
    return problems


def _problem(path: str, rule: str, message: str) -> Problem:
    return Problem(path, 1, 1, f"error-page.{rule}", message)


def _template_problems(path: str, html: str) -> list[Problem]:
    problems: list[Problem] = []

    def problem(rule: str, message: str) -> None:
        problems.append(_problem(path, rule, message))

    for needle, rule, message in (
        ('<html lang="', "lang", "needs <html lang>"),
        (' dir="', "dir", "needs <html dir> (ltr or rtl)"),
        ('<meta name="viewport"', "viewport", 'needs <meta name="viewport">'),
        ("<main>", "main", "needs one <main> landmark"),
    ):
        if needle not in html:
            problem(rule, message)
    if html.count("<h1") != 1:
        problem("h1", f"needs exactly one <h1>, has {html.count('<h1')}")
    remote = _REMOTE.search(html)
    if remote:
        problem("offline", f"loads something from another host ({remote.group(0)!r}); pages must be self-contained")
    if "prefers-color-scheme:dark" not in html:
        problem("dark", "needs a dark palette under prefers-color-scheme: dark")
    return problems
