"""What every server target shares: the kit it renders from, the files it makes, the quoting of
catalog text, the input its rules see and the report they fill in.

The configurations assume the archive is unpacked into INSTALL_ROOT, so the pages of theme
"plain" live in /var/www/error-pages/plain/ and are served at /error-pages/plain/ (an
internal location: visitors never request them directly).

Catalog text reaches the targets' files only as comments, HTTP reason phrases and string
literals, each through the escaping of its format: `comment` (one line, printable),
`xml_comment` (no `--`), `reason_phrase` (HTTP VCHAR only), `js_string` (JSON, `<` escaped)
and `safe_path` (paths are checked, never escaped).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from statuskb.catalog.model import CodeEntry
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.common.templating import render
from statuskb.gallery.pages import PAGES_DIR, one_line
from statuskb.gallery.themes import Theme

INSTALL_ROOT = "/var/www"

_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/-]+$")


# ----------------------------------------------------------------------------- escaping
def comment(text: str) -> str:
    """Catalog text as the body of a one-line comment (#, //): no line break can escape it."""
    return one_line(text)


def xml_comment(text: str) -> str:
    """Text for inside <!-- -->: XML forbids `--` in comments and a trailing `-`."""
    return re.sub(r"-{2,}", "-", comment(text)).rstrip("-")


def reason_phrase(text: str) -> str:
    """An HTTP/1.1 reason phrase: visible ASCII and spaces only (RFC 9112, section 4)."""
    return " ".join("".join(ch for ch in comment(text) if " " <= ch <= "~").split())


def js_string(text: str) -> str:
    """A JavaScript string literal that cannot end its string or its <script> element."""
    return json.dumps(text, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")


def language_tag(tag: str) -> str:
    """A language tag for a configuration (checked, like paths: nothing to quote)."""
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag):
        raise ValueError(f"not a language tag: {tag!r}")
    return tag


def safe_path(path: str) -> str:
    """A path for a config file: absolute, plain characters only (no quoting needed anywhere)."""
    if not _SAFE_PATH.match(path) or ".." in path:
        raise ValueError(f"unsafe path for a server configuration: {path!r}")
    return path


# ----------------------------------------------------------------------------- files
@dataclass(frozen=True)
class Artifact:
    """One generated file of a theme's kit."""

    path: str
    content: str | bytes
    target: str


@dataclass(frozen=True)
class Kit:
    """What every renderer needs to know about one theme's folder.

    The pages live in <folder>/<language>/<code>.html with their problem details beside them
    (<code>.json); `default_language` is what a server serves when nothing the visitor accepts
    is there, and the only language of the targets that cannot negotiate.
    """

    theme: Theme
    entries: tuple[CodeEntry, ...]
    languages: tuple[str, ...]
    default_language: str
    pages: Mapping[tuple[str, int], str]  # (language, code) -> the page's HTML
    problems: Mapping[tuple[str, int], str]  # (language, code) -> its problem details (JSON)
    cloudflare_pages: Mapping[str, str]  # language -> Cloudflare's page
    owner: str | None = None  # the brand's name, for the files' first comment

    def page(self, code: int, language: str | None = None) -> str:
        return self.pages[(language or self.default_language, code)]

    @property
    def folder(self) -> str:
        return f"{PAGES_DIR}/{self.theme.name}"

    @property
    def url(self) -> str:
        """/error-pages/plain"""
        return safe_path(f"/{self.folder}")

    @property
    def directory(self) -> str:
        """/var/www/error-pages/plain"""
        return safe_path(f"{INSTALL_ROOT}/{self.folder}")

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(entry.code for entry in self.entries)

    def context(self) -> dict[str, object]:
        """What every target's template can use; a target adds its own limits in `render_file`."""
        return {
            "theme": self.theme,
            "entries": self.entries,
            "codes": self.codes,
            "root": safe_path(INSTALL_ROOT),
            "url": self.url,
            "directory": self.directory,
            "comment": comment,
            "xml_comment": xml_comment,
            "js_string": js_string,
            "reason": reason_phrase,
            "languages": self.languages,
            "default_language": self.default_language,
            "owner": comment(self.owner) if self.owner else None,
        }

    def render_file(self, name: str, template: str, target: str, **extra: object) -> Artifact:
        """The file `name` of this theme's folder, rendered from `template`."""
        return Artifact(f"{self.folder}/{name}", render(template, **self.context(), **extra), target)


# ----------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class ArtifactInput:
    """What a target's rule sees: one generated file and the codes its theme has pages for."""

    path: str
    content: str | bytes
    codes: tuple[int, ...]

    @property
    def text(self) -> str:
        """The content as text (a raw HTTP response is decoded leniently, for line numbers)."""
        content = self.content
        return content.decode("utf-8", "replace") if isinstance(content, bytes) else content

    @property
    def data(self) -> bytes:
        content = self.content
        return content if isinstance(content, bytes) else content.encode("utf-8")


ArtifactRule = Rule[ArtifactInput, Problem]


@dataclass(frozen=True)
class Target:
    """One server target: the files it adds to every theme's folder, and the rule for each file."""

    render: Callable[[Kit], tuple[Artifact, ...]]
    #: file in the theme's folder (a glob such as `haproxy/*.http`) -> the rule that checks it
    rules: Mapping[str, ArtifactRule]


class Report:
    """Collects one file's problems with the line they are on, named `<target>.<rule>`."""

    def __init__(self, given: ArtifactInput, target: str) -> None:
        self.path, self.text, self.target = given.path, given.text, target
        self.problems: list[Problem] = []

    def line_of(self, needle: str | int) -> int:
        if isinstance(needle, int):
            return needle
        index = self.text.find(needle)
        return self.text.count("\n", 0, index) + 1 if index >= 0 else 1

    def add(self, rule: str, message: str, where: str | int = 1) -> None:
        self.problems.append(Problem(self.path, self.line_of(where), 1, f"{self.target}.{rule}", message))


def code_lines(text: str) -> Iterable[tuple[int, str]]:
    """(line number, line without its `#` comment) for every non-blank line of a configuration."""
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0].strip()
        if code:
            yield number, code
