"""Cloudflare: its "500 class errors" Error Page, which Cloudflare stores and fills in with its own box."""

from __future__ import annotations

import re

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.pages import CLOUDFLARE_TOKEN
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target

PAGE = "cloudflare/5xx.html"
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
    if len(given.data) > CLOUDFLARE_MAX_BYTES:
        report.add("size", f"Cloudflare accepts at most {CLOUDFLARE_MAX_BYTES} bytes")
    return report.problems


CLOUDFLARE_PAGE: ArtifactRule = Rule(
    "cloudflare-page",
    "Cloudflare's Error Page rules: <head>, the 500-class token once, no referrer meta, 1.5 MB.",
    _check_page,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (Artifact(f"{kit.folder}/{PAGE}", kit.cloudflare_page, "cloudflare"),)


TARGET = Target(_render, {PAGE: CLOUDFLARE_PAGE})
