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
import re
from dataclasses import dataclass
from functools import cache

import rcssmin
from markupsafe import Markup

from statuskb.catalog.model import Catalog, CodeEntry
from statuskb.common.markdown import inline_markdown_html, visible_text
from statuskb.common.problems import Problem
from statuskb.common.templating import render
from statuskb.gallery.languages import owner_step, visitor_steps
from statuskb.gallery.themes import MONO, Theme

#: Every page must stay under this many bytes (raw, uncompressed).
PAGE_BUDGET = 8 * 1024
#: Where the pages live in the site (and in the archive): error-pages/<theme>/<code>.html.
PAGES_DIR = "error-pages"
#: The token Cloudflare replaces with its own details box on its "500 class errors" page.
CLOUDFLARE_TOKEN = "::CLOUDFLARE_ERROR_500S_BOX::"
#: Codes whose page waits for Retry-After (RFC 9110, section 10.2.3: only 503 among 5xx).
RETRY_AFTER_CODES = frozenset({503})

_HEX = re.compile(r"^#[0-9a-f]{6}$")


# ----------------------------------------------------------------------------- text
def inline_html(markdown: str) -> Markup:
    """Inline Markdown as safe HTML: code and emphasis kept, links reduced to their text.

    The error page stands alone when the site is down: it should not send a visitor off-site.
    """
    return inline_markdown_html(markdown, keep_links=False)


def one_line(text: str) -> str:
    """Plain text on one line without control characters: for comments, headers, titles."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in visible_text(text)).split())


@dataclass(frozen=True)
class PageText:
    """What one code's page says, already converted to safe HTML."""

    code: int
    reason: str
    happened: Markup
    fault: Markup
    steps: tuple[Markup, ...]
    owner: Markup
    retry: bool
    retry_after: bool


def page_text(entry: CodeEntry) -> PageText:
    """The page's words, from the catalog entry."""
    titles = {fix.id: fix.title for fix in entry.fixes}
    steps = tuple(inline_html(titles[fix_id]) for fix_id in visitor_steps(entry)) or (inline_html(entry.retry.advice),)
    owner = Markup("Most likely cause: {}.").format(inline_html(entry.causes[0].title.rstrip(".")))
    first_step = owner_step(entry)
    if first_step:
        owner += Markup(" First step: {}.").format(inline_html(titles[first_step].rstrip(".")))
    return PageText(
        code=entry.code,
        reason=one_line(entry.reason),
        happened=inline_html(entry.summary),
        fault=inline_html(entry.visitor_view),
        steps=steps,
        owner=owner,
        retry=entry.retry.retryable != "never",
        retry_after=entry.code in RETRY_AFTER_CODES,
    )


# ----------------------------------------------------------------------------- assets
@cache
def theme_css(theme: Theme) -> str:
    """The full stylesheet of a theme: palettes, shared base, the theme's own rules (built once)."""
    for palette in (theme.light, theme.dark):
        for value in vars(palette).values():
            if not _HEX.match(value):
                raise ValueError(f"theme {theme.name}: colour {value!r} is not #rrggbb")
    base = render("errorpage_base.css.j2", font=theme.font, mono=MONO)
    palettes = (f":root{{color-scheme:light dark;{theme.light.css_vars()}}}"
                f"@media (prefers-color-scheme:dark){{:root{{{theme.dark.css_vars()}}}}}")
    # rcssmin, not a regex of our own: it knows strings, comments and hacks, so a theme's CSS
    # cannot be broken by minifying it (the CSP hash is taken of exactly these bytes).
    stylesheet: str = rcssmin.cssmin(palettes + base + theme.css)
    return stylesheet


@cache
def retry_script() -> str:
    """The retry control's script (the same bytes on every page, so one CSP hash)."""
    lines = [line.strip() for line in render("errorpage_retry.js.j2").splitlines()]
    return "".join(line for line in lines if line)


def csp_hash(source: str) -> str:
    """A CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(css: str, script: str | None) -> str:
    scripts = csp_hash(script) if script else "'none'"
    return (f"default-src 'none'; style-src {csp_hash(css)}; script-src {scripts}; "
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'")


# ----------------------------------------------------------------------------- pages
def page_path(theme: Theme, code: int) -> str:
    """error-pages/plain/502.html"""
    return f"{PAGES_DIR}/{theme.name}/{code}.html"


def cloudflare_page_path(theme: Theme) -> str:
    """error-pages/plain/cloudflare/5xx.html"""
    return f"{PAGES_DIR}/{theme.name}/cloudflare/5xx.html"


def render_error_page(theme: Theme, entry: CodeEntry) -> str:
    """The self-contained page for one code in one theme."""
    text = page_text(entry)
    css = theme_css(theme)
    script = retry_script() if text.retry else None
    return render(
        "errorpage_page.html.j2",
        theme=theme,
        text=text,
        title=f"{text.code} {text.reason}",
        css=Markup(css),  # our own CSS, no catalog text: escaping would break its quotes
        script=Markup(script) if script else None,
        csp=content_security_policy(css, script),
    )


#: Codes for which Cloudflare's "500 class errors" Error Page is never shown; Custom Error
#: Rules can still replace them (developers.cloudflare.com/rules/custom-errors/).
CLOUDFLARE_ERROR_PAGE_EXCLUDED = frozenset({500, 501, 503, 505})


def render_cloudflare_page(theme: Theme, catalog: Catalog) -> str:
    """Cloudflare's "500 class errors" page: one page for every 5xx Cloudflare shows it for.

    It carries `::CLOUDFLARE_ERROR_500S_BOX::` (Cloudflare puts its own details there) and a
    <head>, and has no CSP: Cloudflare inlines its box into the page when it stores it.
    """
    covered = [entry for entry in sorted(catalog.codes, key=lambda e: e.code)
               if entry.code not in CLOUDFLARE_ERROR_PAGE_EXCLUDED]
    css = theme_css(theme)
    return render(
        "errorpage_cloudflare.html.j2",
        theme=theme,
        css=Markup(css),
        token=CLOUDFLARE_TOKEN,
        covered=[(entry.code, one_line(entry.reason)) for entry in covered],
        script=Markup(retry_script()),
    )


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
        ('<meta name="viewport"', "viewport", 'needs <meta name="viewport">'),
        ("<main>", "main", "needs one <main> landmark"),
    ):
        if needle not in html:
            problem(rule, message)
    if html.count("<h1") != 1:
        problem("h1", f"needs exactly one <h1>, has {html.count('<h1')}")
    remote = re.findall(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    remote += re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//|@import", html, re.I)
    if remote:
        problem("offline", f"loads something from another host ({remote[0]!r}); pages must be self-contained")
    if "prefers-color-scheme:dark" not in html:
        problem("dark", "needs a dark palette under prefers-color-scheme: dark")
    return problems
