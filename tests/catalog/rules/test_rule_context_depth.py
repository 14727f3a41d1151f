"""Rule context-depth: a server context without what its page is for is reported, naming every missing
part; audiences need none of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import problems_in_text

APACHE_LOGS_AND_SOURCES = ('    logs: [{what: Error log, where: "`/var/log/apache2/error.log`"}]\n'
                           "    sources: [apache-mod-proxy]\n")
APACHE_PROXY = "    name: Apache httpd (mod_proxy)\n    kind: proxy\n"


def test_a_proxy_context_without_logs_and_sources(tmp_path: Path, fixture_text: str,
                                                    lines_with: Callable[[str, str], list[int]]) -> None:
    assert APACHE_LOGS_AND_SOURCES in fixture_text
    text = fixture_text.replace(APACHE_LOGS_AND_SOURCES, "", 1)
    line = lines_with(text, "  apache:")[0] + 1  # the context's mapping starts below its key
    assert problems_in_text(tmp_path, text) == [
        f"catalog.yaml:{line}:5: contexts.apache: a proxy context's page needs logs, sources: where it sits, "
        "its request path, where its logs are, and the sources behind them"
    ]


def test_an_audience_needs_none_of_them(tmp_path: Path, fixture_text: str) -> None:
    assert APACHE_PROXY in fixture_text
    audience = APACHE_PROXY.replace("kind: proxy", "kind: audience")
    text = fixture_text.replace(APACHE_LOGS_AND_SOURCES, "", 1).replace(APACHE_PROXY, audience, 1)
    assert problems_in_text(tmp_path, text) == []
