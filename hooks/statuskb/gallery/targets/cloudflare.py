"""Cloudflare: its "500 class errors" Error Page, which Cloudflare stores and fills in with its own box.

Cloudflare stores one page and cannot negotiate: the kit has it in every language
(cloudflare/<language>/5xx.html); the site owner picks one, the default language unless
they choose another. Cloudflare fills in ::RAY_ID:: and ::CLIENT_IP:: itself.
"""

from __future__ import annotations

import re

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.pages import CLOUDFLARE_DETAIL_TOKENS, CLOUDFLARE_TOKEN
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target

PAGES = "cloudflare/*/5xx.html"
CLOUDFLARE_MAX_BYTES = 1_500_000


def _check_page(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "cloudflare")
    html = given.text
    if "<head>" not in html or "</head>" not in html:
        report.add("head", "Cloudflare requires <head> and </head> in a custom error page")
    if html.count(CLOUDFLARE_TOKEN) != 1:
        report.add("token", f"{CLOUDFLARE_TOKEN} must appear exactly once (it appears "
                   f"{html.count(CLOUDFLARE_TOKEN)} times)")
    if re.search(r"<meta[^>]+name\s*=\s*[\"']?referrer", html, re.I):
        report.add("referrer", "a referrer meta tag disrupts Cloudflare challenges; remove it", "referrer")
    for token in CLOUDFLARE_DETAIL_TOKENS:
        if html.count(token) != 1:
            report.add("details", f"{token} must appear once: Cloudflare fills it in (the visitor quotes it)")
    if len(given.data) > CLOUDFLARE_MAX_BYTES:
        report.add("size", f"Cloudflare accepts at most {CLOUDFLARE_MAX_BYTES} bytes")
    return report.problems


CLOUDFLARE_PAGE: ArtifactRule = Rule(
    "cloudflare-page",
    "Cloudflare's Error Page rules: <head>, the 500-class token once, no referrer meta, 1.5 MB; its Ray ID and "
    "client IP tokens once each.",
    _check_page,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return tuple(Artifact(f"{kit.folder}/cloudflare/{language}/5xx.html", page, "cloudflare")
                 for language, page in kit.cloudflare_pages.items())


TARGET = Target(_render, {PAGES: CLOUDFLARE_PAGE})
