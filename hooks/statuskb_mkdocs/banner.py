"""The invalid-catalog banner of `mkdocs serve`, added to every HTML page as it is served.

While the catalog is invalid the preview keeps the last valid pages; the banner names every
problem on whatever page the browser shows, 404 page included. It is added by the server (a WSGI
middleware around MkDocs' live-reload server) rather than by the theme, so that showing it, and
clearing it on the next valid save, rebuilds no page: the build only has to finish, which
reloads the browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

#: WSGI's start_response and application (PEP 3333), as wsgiref calls them.
StartResponse = Callable[..., Any]
Application = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

#: Material's slot for an announcement, empty on every page; after <body> on other themes.
ANNOUNCE_SLOT = b'<div data-md-component="announce">'
BODY_START = re.compile(rb"<body\b[^>]*>")


def banner_html(problems: Sequence[str]) -> bytes:
    """The banner: every problem as printed in the terminal, escaped (catalog text is untrusted)."""
    items = "".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    return ('<aside class="md-banner"><div class="md-banner__inner md-grid md-typeset">'
            '<div class="statuskb-problems" role="alert">'
            "<p><strong>The catalog is invalid, so this preview shows the last valid version.</strong> "
            "Fix these problems and save; the page reloads by itself.</p>"
            f"<ul>{items}</ul></div></div></aside>").encode()


def with_banner(page: bytes, problems: Sequence[str]) -> bytes:
    """`page` with the banner in Material's announcement slot (or just after <body>)."""
    if ANNOUNCE_SLOT in page:
        return page.replace(ANNOUNCE_SLOT, ANNOUNCE_SLOT + banner_html(problems), 1)
    body = BODY_START.search(page)
    at = body.end() if body else 0
    return page[:at] + banner_html(problems) + page[at:]


def bannering(app: Application, problems: Callable[[], Sequence[str]]) -> Application:
    """`app`, with the banner added to its HTML responses whenever `problems()` has any."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answer: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers, exc_info]
            return lambda data: None  # MkDocs' server never writes through start_response's callable

        body = app(environ, hold)  # returns once any rebuild under way has finished
        status, headers, exc_info = answer
        shown = problems()  # so asked after it: those of the pages being served
        is_html = any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers)
        if not shown or not is_html:
            start_response(status, headers, exc_info)
            return body
        try:
            page = with_banner(b"".join(body), shown)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(page)))], exc_info)
        return [page]

    return application
