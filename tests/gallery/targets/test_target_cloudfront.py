"""CloudFront: cloudfront.json is valid and keeps the real code, and each rule catches its violation."""

from __future__ import annotations

import json

from gallery_support import broken, findings, text_of
from statuskb.gallery.index import Gallery
from statuskb.gallery.targets.cloudfront import CLOUDFRONT_CONFIG

CODES = (500, 502, 503, 504, 505)


def test_cloudfront_json_is_valid_and_keeps_the_real_code(gallery: Gallery) -> None:
    items = json.loads(text_of(gallery, "cloudfront.json"))["CustomErrorResponses"]["Items"]
    assert [item["ErrorCode"] for item in items] == [500, 501, 502, 503, 504]
    assert all(item["ResponseCode"] == str(item["ErrorCode"]) for item in items)
    assert all(item["ResponsePagePath"] == f"/error-pages/plain/en/{item['ErrorCode']}.html" for item in items)


def test_cloudfront_rules(gallery: Gallery) -> None:
    good = text_of(gallery, "cloudfront.json")
    assert findings(CLOUDFRONT_CONFIG, good, CODES) == []
    assert any("response-code" in r and "200" in r for r in broken(
        CLOUDFRONT_CONFIG, good.replace('"ResponseCode": "502"', '"ResponseCode": "200"'), CODES))
    assert any("error-code" in r and "505" in r for r in broken(
        CLOUDFRONT_CONFIG, good.replace('"ErrorCode": 504', '"ErrorCode": 505'), CODES))
    assert any("ttl" in r for r in broken(
        CLOUDFRONT_CONFIG, good.replace('"ErrorCachingMinTTL": 10', '"ErrorCachingMinTTL": 86400', 1), CODES))
    assert any("quantity" in r for r in broken(
        CLOUDFRONT_CONFIG, good.replace('"Quantity": 5', '"Quantity": 4'), CODES))
