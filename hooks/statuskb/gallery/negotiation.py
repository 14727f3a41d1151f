"""Which page a request gets: the rules every server target implements, and their reference.

Language (Accept-Language, RFC 9110 section 12.5.4): every range with q > 0 names a page
language by its primary subtag (de-CH and de give the German page, pt-PT the Brazilian
Portuguese one, zh-CN and zh-TW the only Chinese we have); `*` names the default language.
The range with the highest q wins; among equal q, the one listed first. Nothing acceptable,
no header or a header we cannot read: the default language (an error page is always served,
never a 406).

Format (Accept, RFC 9110 section 12.5.1): the same rule between two kinds, HTML (text/html,
text/*, */*) and problem details (application/problem+json, application/json,
application/*). HTML unless a JSON range has the highest q, or the same q listed first: a
browser (text/html first) gets HTML, curl (*/*) HTML, a fetch() with
`Accept: application/json` or axios (`application/json, text/plain, */*`) JSON.

`best_language` and `prefers_json` are the reference the tests hold every real server to;
the configurations implement the same rule in each server's own terms (nginx `map`,
Apache's type maps, Caddy's templates, HAProxy's `language` converter, the Node handlers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

#: How many elements of a header the nginx maps read (browsers send four to eight).
MAX_ELEMENTS = 8
HTML_RANGES = ("text/html", "text/*", "*/*")
JSON_RANGES = ("application/problem+json", "application/json", "application/*")
HTML, JSON = "html", "json"
_Q_PARAM = re.compile(r"^q\s*=", re.I)
_Q = re.compile(r"^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$", re.I)


def primary(tag: str) -> str:
    """The primary language subtag, lower case: de-CH -> de."""
    return tag.split("-", 1)[0].lower()


def elements(header: str) -> Iterator[tuple[str, float]]:
    """(range, q) for the first MAX_ELEMENTS elements of an Accept or Accept-Language value (as
    nginx's maps and Caddy's template read them); an unreadable q counts as 0."""
    for element in header.split(",")[:MAX_ELEMENTS]:
        name, *params = (part.strip() for part in element.split(";"))
        if not name:
            continue
        quality = 1.0
        for param in params:
            if _Q_PARAM.match(param):
                match = _Q.match(param)
                quality = float(match.group(1)) if match else 0.0
        yield name.lower(), quality


def _best(header: str, classify: Callable[[str], str | None]) -> str | None:
    """The kind of the first element with the highest q > 0."""
    best, best_q = None, 0.0
    for name, quality in elements(header):
        kind = classify(name)
        if kind is not None and quality > best_q:
            best, best_q = kind, quality
    return best


def best_language(header: str | None, tags: Sequence[str], default: str) -> str:
    """The page language for this Accept-Language value (see the module's rule)."""
    by_primary = {primary(tag): tag for tag in tags}

    def classify(name: str) -> str | None:
        return default if name == "*" else by_primary.get(primary(name))

    return _best(header or "", classify) or default


def prefers_json(header: str | None) -> bool:
    """Whether this Accept value prefers problem details to HTML (see the module's rule)."""
    def classify(name: str) -> str | None:
        return HTML if name in HTML_RANGES else JSON if name in JSON_RANGES else None

    return _best(header or "", classify) == JSON


def language_primaries(tags: Iterable[str]) -> dict[str, str]:
    """primary subtag -> page language, for the configurations (two pages may not share one)."""
    found: dict[str, str] = {}
    for tag in tags:
        key = primary(tag)
        if key in found:
            raise ValueError(f"{found[key]} and {tag} share the primary subtag {key!r}: a visitor's "
                             "range could not choose between them")
        found[key] = tag
    return found
