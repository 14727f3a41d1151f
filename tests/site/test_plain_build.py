"""`statuskb render` + plain MkDocs builds the hook build's site: same pages, same navigation.

The rendered folder and the settings render writes beside it (`not_in_nav`) are all a plain
build gets; without those settings every code-in-context and comparison page would be listed
in every page's navigation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import BuildResult, copy_project, plain_project, run_build


class _PrimaryNav(HTMLParser):
    """The links (address and text) of Material's primary navigation, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # <nav> elements open inside the primary nav (0: outside it)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav" and (self.depth or "md-nav--primary" in classes):
            self.depth += 1
        elif tag == "a" and self.depth:
            self._href = dict(attrs).get("href") or ""
            self.links.append((self._href, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1
        elif tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None and data.strip():
            href, text = self.links[-1]
            self.links[-1] = (href, f"{text} {data.strip()}".strip())


def primary_nav(html: str) -> list[tuple[str, str]]:
    parser = _PrimaryNav()
    parser.feed(html)
    return parser.links


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, BuildResult]:
    project = copy_project(tmp_path_factory.mktemp("hooked") / "site-src")
    hooked = run_build(project)
    assert hooked.returncode == 0, hooked.output
    plain = run_build(plain_project(project))
    assert plain.returncode == 0, plain.output
    return hooked, plain


def pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def test_the_plain_build_has_the_same_pages(both_builds: tuple[BuildResult, BuildResult]) -> None:
    hooked, plain = both_builds
    assert pages(plain.site) == pages(hooked.site)
    assert len(pages(hooked.site)) > 200
    files = sorted(path.relative_to(hooked.site).as_posix() for path in hooked.site.rglob("*") if path.is_file())
    assert sorted(path.relative_to(plain.site).as_posix() for path in plain.site.rglob("*") if path.is_file()) == files


def test_every_page_has_the_same_title_and_navigation(both_builds: tuple[BuildResult, BuildResult]) -> None:
    hooked, plain = both_builds
    detail_pages_in_nav = 0
    for page in pages(hooked.site):
        ours, theirs = hooked.site.joinpath(page).read_text(), plain.site.joinpath(page).read_text()
        assert re.findall(r"<title>.*?</title>", theirs) == re.findall(r"<title>.*?</title>", ours), page
        assert primary_nav(theirs) == primary_nav(ours), page
        detail_pages_in_nav += any(re.search(r"\b50\d/nginx/$", href) for href, _ in primary_nav(ours))
    assert detail_pages_in_nav == 0  # code-in-context pages stay out of the navigation
    assert len(primary_nav(hooked.html("codes/502/"))) > 20
    assert "codes/502/nginx/index.html" in pages(hooked.site)  # built, only not listed
