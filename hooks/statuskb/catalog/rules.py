"""Catalog rules that a JSON Schema cannot express.

Each rule is a small named check with the same contract (as in MDN's browser-compat-data
lint): it gets a `RuleInput` and yields problems whose messages say what to change. Rules
see only the code entries that passed the schema (typed), so a file with a type error still
gets its dangling references reported in the same run. Known ids are taken from the raw file,
so an entry with a schema error elsewhere does not also show up as "unknown".
`RULES` is the registry; tests exercise each rule by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from statuskb.catalog.model import Cause, CodeEntry
from statuskb.catalog.yamlfile import YamlDocument
from statuskb.common.markdown import SAFE_LINK_SCHEMES, link_scheme
from statuskb.common.problems import FieldPath, Problem
from statuskb.common.text import without_code_spans, word_count

MAX_DEFINITION_WORDS = 50
MAX_SUMMARY_WORDS = 25

#: A tag (`<b>`, `</script>`, `<img src=…>`), a comment or a declaration. A lone `<` as in
#: "timeout < 30 s" is fine: it is text, and every renderer escapes it. A tag name runs to the
#: next space, slash or angle bracket, as browsers and Python-Markdown read it (so `<a:b …>` and
#: `<javascript:…>` are tags); autolinks such as `<https://…>` are not.
HTML_TAG = re.compile(
    r"<(?!(?:https?|mailto):)\s*/?\s*[A-Za-z][^\s/<>]*([\s/][^<>]*)?>|<!--|<!\[CDATA\[|<![A-Za-z]"
)
#: Markdown link targets, inline `[text](target)` and reference-style `[id]: target`, with or
#: without angle brackets (which allow spaces and line breaks in the target).
LINK_TARGET = re.compile(r"\]\(\s*(?:<([^>]*)>|([^)\s]+))|^\s*\[[^\]]+\]:\s*(?:<([^>]*)>|(\S+))", re.MULTILINE)


@dataclass(frozen=True)
class LabIds:
    """What the behaviour lab can reproduce: its scenario ids and the contexts of its servers.

    Given to the rules by the caller (the lab sits above the catalog, so the catalog does not
    import it): a cause's `lab` entries are checked against these.
    """

    scenarios: frozenset[str]
    servers: frozenset[str]


@dataclass(frozen=True)
class RuleInput:
    """What every rule sees: typed entries with their index in the file, and the known ids."""

    document: YamlDocument
    codes: tuple[tuple[int, CodeEntry], ...]
    source_ids: frozenset[str]
    context_ids: frozenset[str]
    code_numbers: frozenset[int]
    lab: LabIds


@dataclass(frozen=True)
class Rule:
    """A named check: `check(rule_input)` yields problems."""

    name: str
    description: str
    check: Callable[[RuleInput], Iterator[Problem]]


def _unique_codes(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    first_index: dict[int, int] = {}
    for index, entry in given.codes:
        earlier = first_index.setdefault(entry.code, index)
        if earlier != index:
            line, _ = doc.position(("codes", earlier))
            yield doc.problem(("codes", index, "code"),
                              f"code {entry.code} is already described on line {line}; "
                              "merge the two entries")


def _unique_ids(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        for kind in ("causes", "fixes"):
            seen: dict[str, int] = {}
            for position, item in enumerate(getattr(entry, kind)):
                earlier = seen.setdefault(item.id, position)
                if earlier != position:
                    yield doc.problem(("codes", index, kind, position, "id"),
                                      f"id '{item.id}' is used twice in {kind} of {entry.code}; "
                                      "ids must be unique within a code")


def _missing(kind: str, value: object, known: Any) -> str:
    choices = ", ".join(sorted(str(k) for k in known)) or "none defined"
    return f"unknown {kind} '{value}'; known {kind}s: {choices}"


def _references(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    sources, contexts, codes = given.source_ids, given.context_ids, given.code_numbers
    for index, entry in given.codes:
        base: FieldPath = ("codes", index)
        fix_ids = {fix.id for fix in entry.fixes}
        source_refs: list[tuple[FieldPath, str]] = [((*base, "spec", "source"), entry.spec.source)]
        source_refs += [((*base, "sources", i), s) for i, s in enumerate(entry.sources)]
        context_refs: list[tuple[FieldPath, str]] = [
            ((*base, "appearances", i, "context"), a.context) for i, a in enumerate(entry.appearances)
        ]
        for c, cause in enumerate(entry.causes):
            cause_path = (*base, "causes", c)
            context_refs += [((*cause_path, "contexts", i), ctx) for i, ctx in enumerate(cause.contexts)]
            for s, signal in enumerate(cause.signals):
                context_refs.append(((*cause_path, "signals", s, "context"), signal.context))
                source_refs.append(((*cause_path, "signals", s, "source"), signal.source))
            for f, fix_id in enumerate(cause.fixes):
                if fix_id not in fix_ids:
                    yield doc.problem((*cause_path, "fixes", f), _missing("fix", fix_id, fix_ids))
            yield from _lab_references(doc, cause_path, cause, given.lab)
        for f, fix in enumerate(entry.fixes):
            context_refs += [((*base, "fixes", f, "commands", i, "context"), cmd.context)
                             for i, cmd in enumerate(fix.commands)]
        source_refs += [((*base, "examples", i, "source"), ex.source)
                        for i, ex in enumerate(entry.examples) if ex.source]
        for r, related in enumerate(entry.related):
            if related.code == entry.code:
                yield doc.problem((*base, "related", r, "code"), f"{entry.code} cannot be related to itself")
            elif related.code not in codes:
                yield doc.problem((*base, "related", r, "code"),
                                  f"code {related.code} is not in the catalog; add it or remove this entry")
        for path, source in source_refs:
            if source not in sources:
                yield doc.problem(path, _missing("source", source, sources))
        for path, context in context_refs:
            if context not in contexts:
                yield doc.problem(path, _missing("context", context, contexts))


def _lab_references(doc: YamlDocument, cause_path: FieldPath, cause: Cause, lab: LabIds) -> Iterator[Problem]:
    """A cause's lab reproductions name known scenarios, lab servers and contexts of the cause."""
    for r, reproduction in enumerate(cause.lab):
        if reproduction.scenario not in lab.scenarios:
            yield doc.problem((*cause_path, "lab", r, "scenario"),
                              _missing("lab scenario", reproduction.scenario, lab.scenarios))
        for c, context in enumerate(reproduction.contexts):
            path = (*cause_path, "lab", r, "contexts", c)
            if context not in lab.servers:
                yield doc.problem(path, _missing("lab server", context, lab.servers))
            elif context not in cause.contexts:
                yield doc.problem(path, f"'{context}' is not among the cause's contexts; add it there first")


def _context_references(given: RuleInput) -> Iterator[Problem]:
    doc, data = given.document, given.document.data
    contexts = data.get("contexts") if isinstance(data, dict) else None
    for context_id, context in (contexts or {}).items() if isinstance(contexts, dict) else ():
        if not isinstance(context, dict):
            continue
        base: FieldPath = ("contexts", context_id)
        for i, source in enumerate(context.get("sources") or []):
            if isinstance(source, str) and source not in given.source_ids:
                yield doc.problem((*base, "sources", i), _missing("source", source, given.source_ids))
        for i, emission in enumerate(context.get("emits") or []):
            if not isinstance(emission, dict):
                continue
            source, code = emission.get("source"), emission.get("code")
            if isinstance(source, str) and source not in given.source_ids:
                yield doc.problem((*base, "emits", i, "source"), _missing("source", source, given.source_ids))
            if isinstance(code, int) and code not in given.code_numbers:
                yield doc.problem((*base, "emits", i, "code"),
                                  f"code {code} is not in the catalog; add it or remove this entry")
        for i, fingerprint in enumerate(context.get("fingerprints") or []):
            if not isinstance(fingerprint, dict):
                continue
            source = fingerprint.get("source")
            if isinstance(source, str) and source not in given.source_ids:
                yield doc.problem((*base, "fingerprints", i, "source"), _missing("source", source, given.source_ids))
            if not fingerprint.get("header") and not fingerprint.get("contains"):
                yield doc.problem((*base, "fingerprints", i), "a fingerprint needs a `header`, a `contains` text "
                                  "(for the body), or both")


CONTEXT_PAGE_FIELDS = ("position", "request_path", "logs", "sources")


def _context_depth(given: RuleInput) -> Iterator[Problem]:
    doc, data = given.document, given.document.data
    contexts = data.get("contexts") if isinstance(data, dict) else None
    for context_id, context in (contexts or {}).items() if isinstance(contexts, dict) else ():
        if isinstance(context, dict) and context.get("kind") not in (None, "audience"):
            missing = [field for field in CONTEXT_PAGE_FIELDS if not context.get(field)]
            if missing:
                yield doc.problem(("contexts", context_id),
                                  f"a {context.get('kind')} context's page needs {', '.join(missing)}: where it sits, "
                                  "its request path, where its logs are, and the sources behind them")


def _comparisons(given: RuleInput) -> Iterator[Problem]:
    doc, data = given.document, given.document.data
    comparisons = data.get("comparisons") if isinstance(data, dict) else None
    seen: dict[tuple[int, int], int] = {}
    for index, item in enumerate(comparisons if isinstance(comparisons, list) else []):
        if not isinstance(item, dict):
            continue
        first, second = item.get("first"), item.get("second")
        if not (isinstance(first, int) and isinstance(second, int)):
            continue
        base: FieldPath = ("comparisons", index)
        for field, code in (("first", first), ("second", second)):
            if code not in given.code_numbers:
                yield doc.problem((*base, field), f"code {code} is not in the catalog; add it or remove this entry")
        if first >= second:
            yield doc.problem((*base, "second"), f"put the lower code first: first: {min(first, second)}, "
                              f"second: {max(first, second)} (the page is /compare/{min(first, second)}-vs-"
                              f"{max(first, second)}/)")
        pair = (min(first, second), max(first, second))
        earlier = seen.setdefault(pair, index)
        if earlier != index:
            line, _ = doc.position(("comparisons", earlier))
            yield doc.problem(base, f"{pair[0]} and {pair[1]} are already compared on line {line}")


def _glossary(given: RuleInput) -> Iterator[Problem]:
    doc, data = given.document, given.document.data
    glossary = data.get("glossary") if isinstance(data, dict) else None
    seen: dict[str, FieldPath] = {}
    for term_id, term in (glossary or {}).items() if isinstance(glossary, dict) else ():
        if not isinstance(term, dict):
            continue
        names: list[tuple[FieldPath, object]] = [(("glossary", term_id, "term"), term.get("term"))]
        names += [(("glossary", term_id, "aliases", i), alias) for i, alias in enumerate(term.get("aliases") or [])]
        for path, name in names:
            if isinstance(name, str):
                earlier = seen.setdefault(name.lower(), path)
                if earlier != path:
                    line, _ = doc.position(earlier)
                    yield doc.problem(path, f"'{name}' is already defined on line {line}; "
                                      "each word may have one definition")


def _lengths(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        for field, limit in (("definition", MAX_DEFINITION_WORDS), ("summary", MAX_SUMMARY_WORDS)):
            words = word_count(getattr(entry, field))
            if words > limit:
                yield doc.problem(("codes", index, field),
                                  f"has {words} words; keep it to at most {limit} "
                                  "(move the detail to 'plain' or 'technical')")


def _vendor(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for index, entry in given.codes:
        if entry.standing == "vendor" and entry.vendor is None:
            yield doc.problem(("codes", index), "a vendor code needs 'vendor': who emits it")
        if entry.standing != "vendor" and entry.vendor is not None:
            yield doc.problem(("codes", index, "vendor"),
                              f"'vendor' is only for vendor codes, but standing is '{entry.standing}'")


def _strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _prose(doc: YamlDocument) -> Iterator[tuple[FieldPath, str]]:
    """Every catalog text that is rendered as Markdown, with its code spans taken out.

    Left out: config snippets (`commands[].code`) and literal response text
    (`fingerprints[].contains`), which are shown verbatim as code, never as HTML.
    """
    for path, text in _strings(doc.data, ()):
        if len(path) > 2 and (path[-1], path[-3]) in {("code", "commands"), ("contains", "fingerprints")}:
            continue
        yield path, without_code_spans(text)


def _no_html(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for path, text in _prose(doc):
        match = HTML_TAG.search(text)
        if match:
            yield doc.problem(path, f"raw HTML is not allowed in catalog text (found {match.group(0)!r}); "
                              "use Markdown, or put code in `backticks`")


#: A Markdown image, inline or by reference: `![alt](src)`, `![alt][ref]`.
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\][\[(]")


def _no_images(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for path, text in _prose(doc):
        match = MARKDOWN_IMAGE.search(text)
        if match:
            yield doc.problem(path, f"images are not allowed in catalog text (found {match.group(0)!r}): pages "
                              "must not load anything from other hosts; describe it in words or link to it")


def _link_schemes(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for path, text in _strings(doc.data, ()):
        for match in LINK_TARGET.finditer(without_code_spans(text)):
            target = next(group for group in match.groups() if group is not None)
            # The scheme as the browser reads it: `java&#115;cript:` and `java\tscript:` are javascript:.
            scheme = link_scheme(target)
            if scheme is not None and scheme not in SAFE_LINK_SCHEMES:
                yield doc.problem(path, f"link target {target!r} is not allowed: links must be http(s) "
                                  "or mailto URLs")


RULES: tuple[Rule, ...] = (
    Rule("unique-codes", "Each status code is described once.", _unique_codes),
    Rule("unique-ids", "Cause and fix ids are unique within a code.", _unique_ids),
    Rule("references", "Every referenced source, context, fix and related code exists.", _references),
    Rule("context-references", "Contexts cite existing sources and emit codes that are in the catalog.",
         _context_references),
    Rule("context-depth", "Every context but an audience says where it sits, its logs and its sources.",
         _context_depth),
    Rule("comparisons", "Each pair is compared once, lower code first, and both codes exist.", _comparisons),
    Rule("glossary", "Each glossary word has exactly one definition.", _glossary),
    Rule("lengths", "Definitions fit a featured snippet; summaries fit a table cell.", _lengths),
    Rule("vendor", "Vendor codes name their vendor; other codes do not.", _vendor),
    Rule("no-html", "Catalog text is Markdown, never raw HTML.", _no_html),
    Rule("no-images", "Catalog text has no images: pages load nothing from other hosts.", _no_images),
    Rule("link-schemes", "Links point at http(s) or mailto URLs, never javascript: or data:.", _link_schemes),
)


def rule_problems(given: RuleInput) -> list[Problem]:
    """Run every rule and collect all problems."""
    return [problem for rule in RULES for problem in rule.check(given)]
