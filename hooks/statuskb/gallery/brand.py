"""A site owner's brand on the error pages, from a small YAML file: no code to change.

    name: Example Shop
    logo: <svg viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="#0b5cad"/></svg>
    support_url: https://example.com/help
    status_url: https://status.example.com/
    default_language: en
    colors:
      light: {accent: "#0b5cad", link: "#0b5cad"}
      dark: {accent: "#8ab4f8", link: "#8ab4f8"}
    codes:
      503: {en: "We deploy on Tuesdays at 06:00 UTC; it takes five minutes."}

Everything in it is untrusted the way catalog text is: the name and the per-code text are
plain text (escaped, no markup), the URLs must be absolute http(s) and are escaped as
attributes, the colours must be #rrggbb and reach WCAG AA (4.5:1) on every theme's light and
dark backgrounds, and the logo is parsed and rebuilt from an allowlist of SVG elements and
attributes: no script, no event handler, no style, no link, no reference to anything outside
the logo itself. Each problem is reported as PATH:LINE:COL: field: message.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import pydantic
from markupsafe import Markup, escape
from pydantic import Field, StringConstraints

from statuskb.catalog.model import Strict
from statuskb.catalog.rules import HTML_TAG
from statuskb.catalog.yamlfile import YamlDocument, load_yaml
from statuskb.common.problems import Problem, ProblemsFound, raise_if_any
from statuskb.gallery.themes import Palette, Theme, contrast_ratio

#: The logo's budget once rebuilt: with it, every page must still fit PAGE_BUDGET.
LOGO_BUDGET = 1024
WCAG_AA = 4.5

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
OneLine = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[^\n\r\t]+$")]
CodeNote = Annotated[str, StringConstraints(min_length=1, max_length=300)]

_SVG_NS = "{http://www.w3.org/2000/svg}"
#: Shapes, groups, gradients and text: what a logo needs, nothing that runs or loads.
SVG_ELEMENTS = frozenset({
    "svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "title", "desc", "defs",
    "linearGradient", "radialGradient", "stop", "text", "tspan", "clipPath",
})
SVG_ATTRIBUTES = frozenset({
    "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d", "points",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "opacity", "transform", "clip-rule", "clip-path",
    "id", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "font-size",
    "font-weight", "font-family", "text-anchor", "dominant-baseline", "preserveAspectRatio",
})
#: The only url() an attribute may hold: a reference to an element of the logo itself.
_LOCAL_URL = re.compile(r"url\(\s*#[A-Za-z][\w.-]*\s*\)")


class Colours(Strict):
    """The brand's colours for one scheme: the button and the links."""

    accent: Colour
    link: Colour | None = None
    on_accent: Colour | None = None


class BrandColours(Strict):
    light: Colours
    dark: Colours


class BrandFile(Strict):
    """The brand file's fields."""

    name: OneLine = Field(description="Shown at the top of every page and in its footer.")
    logo: str | None = Field(default=None, description="An inline SVG, rebuilt from an allowlist.")
    support_url: str | None = None
    status_url: str | None = None
    default_language: str = "en"
    colors: BrandColours | None = None
    codes: dict[int, dict[str, CodeNote]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Brand:
    """A validated brand, ready for the pages."""

    name: str
    logo: Markup | None = None
    support_url: str | None = None
    status_url: str | None = None
    default_language: str = "en"
    colors: BrandColours | None = None
    notes: dict[int, dict[str, str]] = field(default_factory=dict)

    def note(self, code: int, language: str) -> str | None:
        return self.notes.get(code, {}).get(language)

    def apply(self, theme: Theme) -> Theme:
        """The theme in the brand's colours (the theme itself when the brand has none)."""
        if self.colors is None:
            return theme
        return replace(theme, light=_recolour(theme.light, self.colors.light),
                       dark=_recolour(theme.dark, self.colors.dark))


def _recolour(palette: Palette, colours: Colours) -> Palette:
    accent = colours.accent.lower()
    on_accent = (colours.on_accent or max(("#ffffff", "#000000"), key=lambda c: contrast_ratio(c, accent))).lower()
    return replace(palette, accent=accent, link=(colours.link or colours.accent).lower(), on_accent=on_accent)


def load_brand(path: Path, themes: tuple[Theme, ...], languages: tuple[str, ...], codes: tuple[int, ...],
               display_path: str | None = None) -> Brand:
    """The brand in `path`, or ProblemsFound with every problem at its line."""
    document = load_yaml(path, display_path or str(path))
    try:
        data = BrandFile.model_validate(document.data)
    except pydantic.ValidationError as error:
        unknown = "extra_forbidden"
        raise ProblemsFound([document.problem(tuple(str(part) for part in item["loc"]),
                                              "unknown key: remove it, or check its spelling"
                                              if item["type"] == unknown else str(item["msg"]),
                                              at_key=item["type"] == unknown)
                             for item in error.errors()]) from None
    problems: list[Problem] = []
    logo = _logo(document, data.logo, problems)
    for key in ("support_url", "status_url"):
        value = getattr(data, key)
        if value is not None and not _absolute_url(value):
            problems.append(document.problem((key,), "must be an absolute http:// or https:// URL"))
    if data.default_language not in languages:
        problems.append(document.problem(("default_language",), f"'{data.default_language}' is not one of the "
                                         f"languages: {', '.join(languages)}"))
    if HTML_TAG.search(data.name):
        problems.append(document.problem(("name",), "raw HTML is not allowed: write plain words"))
    for code, notes in data.codes.items():
        if code not in codes:
            problems.append(document.problem(("codes", str(code)), f"{code} has no error page", at_key=True))
        for language, text in notes.items():
            where = ("codes", str(code), language)
            if language not in languages:
                problems.append(document.problem(where, f"'{language}' is not one of the languages", at_key=True))
            if HTML_TAG.search(text):
                problems.append(document.problem(where, "raw HTML is not allowed: write plain words"))
    if data.colors is not None:
        problems += _contrast(document, data.colors, themes)
    raise_if_any(problems)
    return Brand(name=data.name, logo=logo, support_url=data.support_url, status_url=data.status_url,
                 default_language=data.default_language, colors=data.colors,
                 notes={code: dict(notes) for code, notes in data.codes.items()})


def _absolute_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not re.search(r"[\s\"'<>\\]", value)


def _contrast(document: YamlDocument, colours: BrandColours, themes: tuple[Theme, ...]) -> list[Problem]:
    """WCAG AA for the brand's colours on every theme's backgrounds, light and dark."""
    problems: list[Problem] = []
    for scheme in ("light", "dark"):
        chosen: Colours = getattr(colours, scheme)
        for theme in themes:
            palette = _recolour(getattr(theme, scheme), chosen)
            for name, foreground, background in (
                ("accent", palette.accent, palette.bg), ("accent", palette.accent, palette.surface),
                ("link", palette.link, palette.bg), ("link", palette.link, palette.surface),
                ("on_accent", palette.on_accent, palette.accent),
            ):
                ratio = contrast_ratio(foreground, background)
                if ratio < WCAG_AA:
                    key = name if getattr(chosen, name) is not None else "accent"
                    problems.append(document.problem(
                        ("colors", scheme, key),
                        f"{name} {foreground} on {background} ({theme.name} theme, {scheme}) is {ratio:.2f}:1; "
                        f"WCAG AA needs {WCAG_AA}:1"))
                    break
    return problems


def _logo(document: YamlDocument, source: str | None, problems: list[Problem]) -> Markup | None:
    """The logo rebuilt from the allowlist, or None with the reasons in `problems`."""
    if source is None:
        return None
    if re.search(r"<!(?:DOCTYPE|ENTITY)", source, re.I):
        problems.append(document.problem(("logo",), "no DOCTYPE or entity declarations in the logo"))
        return None
    try:
        root = ElementTree.fromstring(source)
    except ElementTree.ParseError as error:
        problems.append(document.problem(("logo",), f"not well-formed SVG: {error}"))
        return None
    found: list[str] = []
    rebuilt = _element(root, found, top=True)
    if _local(root.tag) != "svg":
        found.append(f"the logo must be one <svg> element, not <{_local(root.tag)}>")
    if not found and len(rebuilt.encode("utf-8")) > LOGO_BUDGET:
        found.append(f"{len(rebuilt.encode('utf-8'))} bytes once cleaned; the logo may have {LOGO_BUDGET} "
                     "(every page must stay within its 8 KB budget)")
    problems += [document.problem(("logo",), message) for message in found]
    return None if found else Markup(rebuilt)


def _local(tag: str) -> str:
    return tag[len(_SVG_NS):] if tag.startswith(_SVG_NS) else tag


def _element(element: ElementTree.Element, found: list[str], *, top: bool = False) -> str:
    tag = _local(element.tag)
    if tag not in SVG_ELEMENTS or (element.tag.startswith("{") and not element.tag.startswith(_SVG_NS)):
        found.append(f"<{tag}> is not allowed in the logo (allowed: {', '.join(sorted(SVG_ELEMENTS))})")
        return ""
    attributes: list[str] = []
    for name, value in element.attrib.items():
        if name not in SVG_ATTRIBUTES:
            found.append(f"attribute {name!r} on <{tag}> is not allowed (no scripts, styles or links)")
            continue
        if "url(" in value.replace(" ", "").lower() and not _LOCAL_URL.fullmatch(value.strip()):
            found.append(f"attribute {name!r} on <{tag}> may only reference the logo itself (url(#id))")
            continue
        attributes.append(f' {name}="{escape(value)}"')
    if top:
        attributes.append(' aria-hidden="true"')  # the brand's name is written beside it
    inner = str(escape(element.text or "")) + "".join(_element(child, found) + str(escape(child.tail or ""))
                                                      for child in element)
    if not inner.strip():  # SVG in HTML may close an empty element itself: fewer bytes on every page
        return f"<{tag}{''.join(attributes)}/>"
    return f"<{tag}{''.join(attributes)}>{inner}</{tag}>"
