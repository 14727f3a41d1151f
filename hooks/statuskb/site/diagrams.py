"""Request-path diagrams: inline SVG drawn at build time from a RequestPath.

Pure SVG (no script, no external assets) with <title> and <desc> for screen readers. Colours
come from CSS classes (theme_overrides/assets/stylesheets/fieldguide.css) that use Material's
palette variables, so the diagram follows the light and dark palettes.
"""

from __future__ import annotations

from dataclasses import dataclass

from statuskb.catalog.model import RequestPath
from statuskb.common.markdown import visible_text
from statuskb.common.templating import render

HOP_LABELS = {
    "client": "Browser or client",
    "network": "Network",
    "cdn": "CDN",
    "load-balancer": "Load balancer",
    "reverse-proxy": "Reverse proxy",
    "cache": "Cache",
    "application": "Application",
    "database": "Database",
}
BOX_WIDTH, BOX_HEIGHT, GAP, MARGIN = 118, 48, 34, 8


@dataclass(frozen=True)
class DrawnHop:
    """One box of the diagram, with its position and role."""

    label: str
    x: int
    failed: bool
    answered: bool

    @property
    def note(self) -> str:
        if self.failed and self.answered:
            return "failed and answered"
        return "failed" if self.failed else ("sent the error" if self.answered else "")


def describe(path: RequestPath, status: str) -> str:
    """The diagram in words (its <desc>), for readers who cannot see it."""
    hops = " → ".join(HOP_LABELS[hop] for hop in path.hops)
    return (f"Request path: {hops}. The failure is at the {HOP_LABELS[path.failed].lower()}; "
            f"the {HOP_LABELS[path.answered].lower()} sent {status}. {visible_text(path.caption)}")


def render_request_path(path: RequestPath, status: str, diagram_id: str) -> str:
    """A <figure> with the SVG diagram and its caption, ready to sit in a Markdown page."""
    hops = [
        DrawnHop(HOP_LABELS[hop], MARGIN + index * (BOX_WIDTH + GAP), hop == path.failed, hop == path.answered)
        for index, hop in enumerate(path.hops)
    ]
    width = MARGIN * 2 + len(hops) * BOX_WIDTH + (len(hops) - 1) * GAP
    return render(
        "request_path.html.j2",
        id=diagram_id, hops=hops, width=width, height=BOX_HEIGHT + 40, box_width=BOX_WIDTH,
        box_height=BOX_HEIGHT, gap=GAP, title=f"Where {status} comes from",
        description=describe(path, status), caption=visible_text(path.caption),
    ).strip()
