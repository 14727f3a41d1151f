"""The looks of the error pages: two palettes per theme (light and dark), its font and a little CSS.

Every text colour meets WCAG AA (4.5:1) on the backgrounds it is shown on, and borders meet
the 3:1 of non-text contrast; `contrast_ratio` is the WCAG formula the tests hold them to.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """The colours of one scheme (light or dark). Every text colour meets WCAG AA (4.5:1)."""

    bg: str
    surface: str
    text: str
    muted: str
    link: str
    accent: str
    on_accent: str
    border: str

    def css_vars(self) -> str:
        return "".join(f"--{name.replace('_', '-')}:{value};" for name, value in vars(self).items())

    def text_pairs(self) -> tuple[tuple[str, str, str], ...]:
        """(label, foreground, background) for every pair of text the page can show."""
        pairs = [(f"{fg} on {bg}", getattr(self, fg), getattr(self, bg))
                 for fg in ("text", "muted", "link", "accent") for bg in ("bg", "surface")]
        pairs.append(("on_accent on accent", self.on_accent, self.accent))
        return tuple(pairs)


@dataclass(frozen=True)
class Theme:
    """A look for the pages: two palettes and a little layout CSS on top of the shared base."""

    name: str
    label: str
    description: str
    light: Palette
    dark: Palette
    font: str
    css: str


#: Fonts that carry each non-Latin script, installed with the visitors' systems (macOS/iOS,
#: Windows, Android/ChromeOS, desktop Linux), tried before the generic family: no page downloads
#: a font, and none falls back to a face without the script's glyphs.
SCRIPT_FONTS: dict[str, tuple[str, ...]] = {
    "ar": ('"Geeza Pro"', '"Segoe UI"', '"Noto Sans Arabic"'),
    "ja": ('"Hiragino Sans"', '"Yu Gothic UI"', "Meiryo", '"Noto Sans CJK JP"'),
    "ko": ('"Apple SD Gothic Neo"', '"Malgun Gothic"', '"Noto Sans CJK KR"'),
    "zh": ('"PingFang SC"', '"Microsoft YaHei"', '"Noto Sans CJK SC"'),
}


def font_stack(font: str, language: str) -> str:
    """The theme's stack with the language's script fonts before its final, generic family."""
    extra = SCRIPT_FONTS.get(language.split("-", 1)[0].lower())
    if not extra:
        return font
    named, _, generic = font.rpartition(",")
    return ",".join((named, *extra, generic))


SANS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif'
MONO = 'ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace'

THEMES: tuple[Theme, ...] = (
    Theme(
        name="plain",
        label="Plain",
        description="Quiet and neutral: system font, a centred column, one button.",
        light=Palette(bg="#ffffff", surface="#f4f5f7", text="#1f2328", muted="#57606a", link="#0a58ca",
                      accent="#0a58ca", on_accent="#ffffff", border="#6e7781"),
        dark=Palette(bg="#0d1117", surface="#161b22", text="#e6edf3", muted="#9da7b3", link="#79b8ff",
                     accent="#79b8ff", on_accent="#0d1117", border="#6e7681"),
        font=SANS,
        css=".code{display:block;font-size:.9rem;letter-spacing:.08em;text-transform:uppercase;"
            "color:var(--muted)}",
    ),
    Theme(
        name="signal",
        label="Signal",
        description="Bold: a coloured band and a large status number, warm colours.",
        light=Palette(bg="#fffaf5", surface="#fdeee0", text="#1c1917", muted="#5c4a3d", link="#9a3412",
                      accent="#b23c0c", on_accent="#ffffff", border="#a8795c"),
        dark=Palette(bg="#1a1410", surface="#2a1f18", text="#fbefe6", muted="#d6bfae", link="#fdba74",
                     accent="#fb9b5c", on_accent="#1a1410", border="#8a6a55"),
        font=SANS,
        css="body{border-top:.5rem solid var(--accent)}"
            ".code{display:block;font-size:3.5rem;font-weight:800;line-height:1;color:var(--accent)}"
            ".lead{font-size:1.15rem}",
    ),
    Theme(
        name="terminal",
        label="Terminal",
        description="Monospace, like a console: for developer tools and APIs.",
        light=Palette(bg="#f3f6f3", surface="#e6ede6", text="#102a16", muted="#3c5a43", link="#075e27",
                      accent="#075e27", on_accent="#ffffff", border="#6f8f76"),
        dark=Palette(bg="#0a0f0b", surface="#111a13", text="#c8f2d2", muted="#8fbf9b", link="#6ee492",
                     accent="#6ee492", on_accent="#0a0f0b", border="#4d6b55"),
        font=MONO,
        css="main{border:1px solid var(--border);background:var(--surface);margin-top:2rem;"
            "border-radius:.3rem}"
            ".code{display:block;font-size:1rem;color:var(--muted)}"
            ".code:before{content:\"$ \"}"
            "h1{font-size:1.6rem}",
    ),
)


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
