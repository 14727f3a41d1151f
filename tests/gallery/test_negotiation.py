"""The negotiation rule every server target implements (gallery.negotiation), as the reference."""

from __future__ import annotations

import pytest

from statuskb.gallery.negotiation import best_language, language_primaries, prefers_json

TAGS = ("en", "ar", "de", "fr", "ja", "pt-BR", "zh-Hans")


@pytest.mark.parametrize(("header", "expected"), [
    ("de-CH, de;q=0.9, en;q=0.5", "de"),  # a more specific range names the page by its primary subtag
    ("fr;q=0.1, *;q=0", "fr"),  # a low q is still acceptable
    ("sv, *;q=0", "en"),  # nothing acceptable: the default, never a 406
    ("fr, de", "fr"),  # equal q: the first listed
    ("de;q=0.5, ja", "ja"),  # q-values, not the order, decide
    ("fr;q=0.1, *", "en"),  # `*` is the default language, with its own q
    ("pt-PT", "pt-BR"), ("zh-TW", "zh-Hans"), ("AR", "ar"),
    ("de;q=0, fr;q=0.2", "fr"), ("de;q=2", "en"),  # q=0 and unreadable q-values are not acceptable
    ("", "en"), (None, "en"), (",,;;,", "en"),
    ("sv, nb, da, fi, is, et, lv, lt, de", "en"),  # only the first eight elements are read
])
def test_best_language(header: str | None, expected: str) -> None:
    assert best_language(header, TAGS, "en") == expected


@pytest.mark.parametrize(("header", "json"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),  # a browser
    ("*/*", False), ("", False), (None, False),  # curl, or no header
    ("application/json", True), ("application/problem+json", True),
    ("application/json, text/plain, */*", True),  # axios: JSON first
    ("text/html;q=0.5, application/json", True), ("application/json;q=0.5, text/html", False),
    ("application/json;charset=utf-8;q=0.9, text/html;q=0.8", True), ("image/png", False),
])
def test_prefers_json(header: str | None, json: bool) -> None:
    assert prefers_json(header) is json


def test_two_languages_may_not_share_a_primary_subtag() -> None:
    assert language_primaries(TAGS)["zh"] == "zh-Hans"
    with pytest.raises(ValueError, match="share the primary subtag 'pt'"):
        language_primaries(("pt-BR", "pt-PT"))
