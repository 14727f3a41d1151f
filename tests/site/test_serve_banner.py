"""The invalid-catalog banner as `mkdocs serve` adds it to the pages it serves (statuskb_mkdocs.banner).

tests/site/test_serve.py checks it under a real server; these check what the middleware does
with each kind of answer, and that no problem text becomes markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from statuskb_mkdocs.banner import Application, bannering

PAGE = b'<html><body dir="ltr"><div data-md-component="announce"></div><main>page</main></body></html>'


def answering(body: bytes, content_type: str) -> Application:
    """A WSGI application that answers every request with `body`, as MkDocs' server answers a file."""

    def application(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return application


def served(app: Application) -> tuple[str, dict[str, str], bytes]:
    answer: list[Any] = []
    body = b"".join(app({"PATH_INFO": "/"}, lambda status, headers, exc_info=None: answer.extend([status, headers])))
    return answer[0], dict(answer[1]), body


def test_html_pages_get_every_problem_escaped_in_the_announcement_slot() -> None:
    problems = ["data/status_codes.yaml:3:5: codes[0].reason: <script>alert(1)</script>", "second: 'quoted' & more"]
    status, headers, body = served(bannering(answering(PAGE, "text/html; charset=utf-8"), lambda: problems))
    assert status == "200 OK"
    assert int(headers["Content-Length"]) == len(body)
    assert body.startswith(b'<html><body dir="ltr"><div data-md-component="announce"><aside class="md-banner">')
    assert b"<script>" not in body
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert b"second: &#x27;quoted&#x27; &amp; more" in body
    assert body.count(b"<li><code>") == 2
    assert b"The catalog is invalid, so this preview shows the last valid version." in body


def test_other_themes_get_it_after_body() -> None:
    page = b"<html><body class='x'><p>page</p></body></html>"
    _, _, body = served(bannering(answering(page, "text/html"), lambda: ["a problem"]))
    assert body.startswith(b"<html><body class='x'><aside class=\"md-banner\">")


def test_nothing_changes_without_problems_or_for_other_files() -> None:
    assert served(bannering(answering(PAGE, "text/html"), lambda: []))[2] == PAGE
    data = b'{"docs": []}'
    status, headers, body = served(bannering(answering(data, "application/json"), lambda: ["a problem"]))
    assert (status, headers["Content-Length"], body) == ("200 OK", str(len(data)), data)
