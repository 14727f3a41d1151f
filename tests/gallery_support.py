"""Helpers for the gallery's target tests: a shipped artifact's text, and a rule's findings as lines."""

from __future__ import annotations

from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.base import ArtifactInput, ArtifactRule


def text_of(gallery: Gallery, name: str, theme: str = "plain") -> str:
    """The file `name` of a theme's folder, as text."""
    content = dict(gallery.files)[f"error-pages/{theme}/{name}"]
    return content if isinstance(content, str) else content.decode()


def codes_in(gallery: Gallery) -> tuple[int, ...]:
    """The codes the gallery has pages for."""
    return tuple(sorted(int(p.rsplit("/", 1)[1][:3]) for p, _ in gallery.files
                        if p.startswith("error-pages/plain/en/") and p.count("/") == 3 and p.endswith(".html")))


def findings(rule: ArtifactRule, content: str | bytes, codes: tuple[int, ...] = (), path: str = "f") -> list[str]:
    """`field: message` for every problem `rule` finds in `content`."""
    return [f"{p.field}: {p.message}" for p in rule.check(ArtifactInput(path, content, codes))]


def broken(rule: ArtifactRule, content: str | bytes, codes: tuple[int, ...] = (), path: str = "f") -> list[str]:
    """The findings for an artifact broken on purpose, which must not pass its rule."""
    found = findings(rule, content, codes, path)
    assert found, "the broken artifact passed its rules"
    return found
