"""A claim about one server, CDN or platform carries its source where it is made.

A code's `sources` list says which documents stand behind the entry as a whole, but not which one
backs the sentence "Apache answers 502 here" or "Front Door uses 504 for that": a reader who doubts
it, or an editor checking it after a vendor changes its product, would have to read them all. So a
cause, a technical explanation or a FAQ answer that names a product must cite at least one source
in its own `sources` (`technical_sources` for the technical explanation), shown on the page as a
footnote link at that text; and every source it cites must also be in the entry's `sources`, so
the footnote's number is the one in the page's source list.

The products looked for are the contexts of the kinds below, by their `mentions` (or the part of
their `name` before any parenthesis), as whole words with their case: "nginx", "Apache", "httpd",
"Cloudflare", "ALB", ... Audiences (websites, APIs) are not products and are not looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from statuskb.catalog.rules.base import RuleInput, raw_entries
from statuskb.catalog.yamlfile import YamlDocument
from statuskb.common.problems import FieldPath, Problem
from statuskb.common.rules import Rule

#: Context kinds that are products, whose behaviour a source must back.
PRODUCT_KINDS = frozenset({"web-server", "proxy", "cache", "cdn", "load-balancer", "platform", "app-server"})


def product_names(document: YamlDocument) -> dict[str, str]:
    """Every word that names a product, mapped to the product's display name."""
    names: dict[str, str] = {}
    for _, context in raw_entries(document, "contexts"):
        name, kind = context.get("name"), context.get("kind")
        if not isinstance(kind, str) or kind not in PRODUCT_KINDS or not isinstance(name, str):
            continue  # a kind that is not a string is the schema's to report
        mentions = context.get("mentions")
        words = mentions if isinstance(mentions, list) and mentions else [name.split(" (")[0]]
        names.update({word: name for word in words if isinstance(word, str) and word.strip()})
    return names


def _pattern(names: dict[str, str]) -> re.Pattern[str] | None:
    """One pattern for every name, longest first, never inside a longer word or hyphenated name."""
    if not names:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _named(pattern: re.Pattern[str] | None, names: dict[str, str], text: str) -> list[str]:
    """The products a text names, each once, in the order they first appear."""
    if pattern is None:
        return []
    return list(dict.fromkeys(names[match.group(0)] for match in pattern.finditer(text)))


def _uncited_claims(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    names = product_names(doc)
    pattern = _pattern(names)
    for index, entry in given.codes:
        base: FieldPath = ("codes", index)
        listed = set(entry.sources)
        claims: list[tuple[FieldPath, FieldPath, str, Sequence[str]]] = [
            ((*base, "technical"), (*base, "technical_sources"), entry.technical, entry.technical_sources)
        ]
        claims += [((*base, "causes", c), (*base, "causes", c, "sources"), f"{cause.title}\n{cause.description}",
                    cause.sources) for c, cause in enumerate(entry.causes)]
        claims += [((*base, "faqs", f), (*base, "faqs", f, "sources"), faq.answer, faq.sources)
                   for f, faq in enumerate(entry.faqs)]
        for text_path, cite_path, text, cited in claims:
            named = _named(pattern, names, text)
            if named and not cited:
                field = cite_path[-1]
                yield doc.problem(text_path, f"names {', '.join(named)} but cites no source there; "
                                             f"add '{field}' with the ids of the sources that back it")
            for i, source in enumerate(cited):
                if source in given.source_ids and source not in listed:
                    yield doc.problem((*cite_path, i), f"'{source}' is cited here but not in the entry's "
                                                       "sources; add it there, so the page lists it")


RULE = Rule("cited-claims", "A cause, technical explanation or FAQ answer that names a product cites its source.",
            _uncited_claims)
