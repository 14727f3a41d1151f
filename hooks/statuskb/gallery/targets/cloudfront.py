"""CloudFront: CustomErrorResponses that send our page with the real status and cache it briefly."""

from __future__ import annotations

import json

from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.gallery.pages import PAGES_DIR
from statuskb.gallery.targets.base import Artifact, ArtifactInput, ArtifactRule, Kit, Report, Target

CONFIG = "cloudfront.json"
#: The 5xx codes CloudFront can replace with a custom error page.
CLOUDFRONT_CODES = frozenset({500, 501, 502, 503, 504})
#: CloudFront caches an error for this long before asking the origin again (its default is 10 s).
CLOUDFRONT_ERROR_TTL = 10


def _check_config(given: ArtifactInput) -> list[Problem]:
    report = Report(given, "cloudfront")
    try:
        responses = json.loads(given.text)["CustomErrorResponses"]
        items = responses["Items"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        report.add("shape", f"needs CustomErrorResponses.Items: {error!r}")
        return report.problems
    if responses.get("Quantity") != len(items):
        report.add("quantity", f"Quantity is {responses.get('Quantity')}, Items has {len(items)}")
    for item in items:
        code = item.get("ErrorCode")
        where = f'"ErrorCode": {code}'
        if code not in CLOUDFRONT_CODES:
            report.add("error-code", f"CloudFront cannot replace {code}", where)
        if item.get("ResponseCode") != str(code):
            report.add("response-code", f"ResponseCode for {code} must be \"{code}\" (a 200 would tell caches "
                       "and crawlers that the error page is the content)", where)
        if not str(item.get("ResponsePagePath", "")).startswith(f"/{PAGES_DIR}/"):
            report.add("path", f"ResponsePagePath for {code} must be under /{PAGES_DIR}/", where)
        if not isinstance(item.get("ErrorCachingMinTTL"), int) or item["ErrorCachingMinTTL"] > 60:
            report.add("ttl", f"ErrorCachingMinTTL for {code} must be a small number of seconds", where)
    covered = {item.get("ErrorCode") for item in items}
    for code in sorted(set(given.codes) & CLOUDFRONT_CODES - covered):
        report.add("coverage", f"no custom error response for {code}")
    return report.problems


CLOUDFRONT_CONFIG: ArtifactRule = Rule(
    "cloudfront-config",
    "CustomErrorResponses: supported codes, the real status back (never 200), a short error TTL.",
    _check_config,
)


def _render(kit: Kit) -> tuple[Artifact, ...]:
    return (kit.render_file(CONFIG, "artifact_cloudfront.json.j2", "cloudfront",
                            cloudfront_codes=sorted(CLOUDFRONT_CODES), error_ttl=CLOUDFRONT_ERROR_TTL),)


TARGET = Target(_render, {CONFIG: CLOUDFRONT_CONFIG})
