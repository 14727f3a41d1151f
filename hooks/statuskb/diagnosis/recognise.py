"""The one recognition engine: from whatever a reader pastes to the code, the hop and the cause.

A paste may be an error-log line, an error page (its HTML or the text a browser shows), an
access-log or router line, or a `curl -i` / `curl -v` transcript. The engine collects every
piece of evidence in it, each from sourced data:

* the catalog's log signatures and the lab's logged lines (`explain.build_index`), matched by
  fixed fragments in order, as before;
* the catalog's `fingerprints` (header and body traits of each context's responses);
* the traits of data/recognition.yaml (status lines, error-page texts, log formats), regular
  expressions of a portable, linear subset tried on each line.

Each piece says a code, a hop, or both, with a weight. Every (code, hop) pair that some
evidence names is scored by the weights of all evidence consistent with it; the best pairs are
the answers, ranked, each with the evidence that supports it. `statuskb explain`, `statuskb
diagnose` (which writes the response it got as a transcript) and the /explain/ page all use
this; the page runs theme_overrides/assets/javascripts/explain.js on `engine_json`, which
mirrors this module step by step, and a test runs both over a corpus of real pastes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from typing import Any

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import Catalog
from statuskb.catalog.observations import Observations
from statuskb.catalog.recognition import Recognition
from statuskb.common.markdown import markdown_tree, visible_text
from statuskb.common.site_info import SiteInfo
from statuskb.common.urls import code_context_page, code_page, context_page
from statuskb.diagnosis.explain import MIN_FRAGMENT, Entry, build_index, explain, normalise

#: Characters read from a paste; the rest is cut, with a notice (the page says so too).
INPUT_LIMIT = 262_144
#: Characters of one line the patterns see: keeps each search bounded whatever the line.
LINE_LIMIT = 4096
MAX_ANSWERS = 5
#: Weights of the catalog's fingerprints by what they mean (a brand's own page counts most).
FINGERPRINT_WEIGHT = {"generated": 50, "passed": 15, "upstream": 40}
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_SPACES = re.compile(r"\s+")
_LOOKS_HTML = re.compile(r"<[A-Za-z!/]")
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|tr|td|th|br|hr|title|head|body|html|header|footer|section|"
                        r"pre|center|address|table|fieldset|legend)(?:[ /][^>]*)?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
_ENTITIES = (("&nbsp;", " "), ("&bull;", "\u2022"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'),
             ("&#39;", "'"), ("&amp;", "&"))
_HEADER = re.compile(r"^(?:< )?([A-Za-z][A-Za-z0-9-]*): ?(.*)$")
_STATUS_LINE = re.compile(r"^(?:< )?HTTP/[0-9.]+ [1-5][0-9][0-9]")
_CURL_LINE = re.compile(r"^[*<>{}](?: |$)")


@dataclass(frozen=True)
class Paste:
    """A paste read once: its lines (and the lines of its visible text), headers and flat text."""

    lines: tuple[str, ...]
    headers: dict[str, str]
    flat: str  # normalise()d: what fragments and body fingerprints are compared with
    single_line: bool
    body_empty: bool  # a transcript whose response had no body
    cut: bool


@dataclass(frozen=True)
class Hit:
    """One piece of evidence."""

    code: int | None
    context: str | None
    means: str  # generated | passed | upstream | status | log
    weight: int
    why: str
    failed: str = ""
    entry: Entry | None = None


@dataclass(frozen=True)
class Answer:
    """One ranked candidate: the code, the hop that produced it, and why."""

    code: int | None
    hop: str | None
    role: str  # generated (the hop's own answer), relayed (from the server behind it), passed (it went
    #            through the hop, from further in), unknown (no hop named)
    score: int
    why: tuple[str, ...]
    own: tuple[str, ...]  # the evidence that the hop generated it (its page, its log line), if any
    about_hop: tuple[str, ...]  # all the evidence that names the hop
    failed: str
    cause: Entry | None


@dataclass(frozen=True)
class Engine:
    """Everything the engine reads, built once from the catalog, the lab and the traits."""

    catalog: Catalog
    site: SiteInfo
    entries: tuple[Entry, ...]
    recognition: Recognition
    pages: frozenset[tuple[int, str]]  # (code, context) pairs that have a page of their own
    examples: tuple[tuple[str, str], ...] = ()  # (label, text) for the page's picker
    #: (code, context) where the code is a vendor's own and the context sends it: the code names the hop.
    vendor_codes: frozenset[tuple[int, str]] = frozenset()

    @property
    def traits(self) -> tuple[tuple[Any, re.Pattern[str]], ...]:
        return _compiled(self.recognition)


@cache
def _compiled_cache(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def _compiled(recognition: Recognition) -> tuple[tuple[Any, re.Pattern[str]], ...]:
    traits = recognition.data.traits
    return tuple(zip(traits, _compiled_cache(tuple(t.pattern for t in traits)), strict=True))


def build_engine(catalog: Catalog, site: SiteInfo, observations: Observations | None,
                 recognition: Recognition) -> Engine:
    """The engine over the catalog's signatures, the lab's lines and the traits."""
    pages = frozenset((item.entry.code, item.context_id) for item in SiteIndex(catalog).code_in_context)
    examples = tuple(lab_examples(observations)) + tuple((e.label, e.text) for e in recognition.data.examples)
    vendor_codes = frozenset((entry.code, context_id) for entry in catalog.codes if entry.standing == "vendor"
                             for context_id, context in catalog.contexts.items()
                             if any(item.code == entry.code for item in context.emits))
    return Engine(catalog, site, build_index(catalog, site, observations), recognition, pages, examples,
                  vendor_codes)


def transcript(status: int, reason_phrase: str, headers: dict[str, str], body: str) -> str:
    """A response written out as `curl -i` prints it: how `diagnose` and the lab's examples feed the engine."""
    lines = [f"HTTP/1.1 {status} {reason_phrase}".rstrip(), *(f"{name}: {value}" for name, value in headers.items())]
    return "\n".join(lines) + "\n\n" + body


def lab_examples(observations: Observations | None) -> list[tuple[str, str]]:
    """(label, text) of each lab server's own error response and one line it logged: real output, not typed in."""
    if observations is None:
        return []
    examples = []
    for server_id, server in observations.data.servers.items():
        own = [o for _, o in observations.for_server(server_id) if o.generated_by == "server" and o.status]
        if own:
            first = own[0]
            label = f"{server.name} {server.version}: its own {first.status} response (captured by the lab)"
            examples.append((label, transcript(first.status or 0, HTTPStatus(first.status or 500).phrase,
                                               first.headers, first.body or "")))
        logged = next((o for o in own if o.log), None)
        if logged:
            label = f"{server.name} {server.version}: a line it logged ({logged.scenario})"
            examples.append((label, "\n".join(logged.log)))
    return examples


def read_paste(text: str, limit: int | None = INPUT_LIMIT) -> Paste:
    """Cut at `limit` (None: never, for the benchmark), split into lines, add HTML's visible text, read headers."""
    cut = limit is not None and len(text) > limit
    text = text[:limit] if limit is not None else text
    raw = _LINE_BREAK.split(text)
    lines = [line[:LINE_LIMIT] for line in raw]
    if _LOOKS_HTML.search(text):
        lines += visible_lines(text)
    headers: dict[str, str] = {}
    transcript = in_head = False
    body_empty = True
    for line in raw:
        if _STATUS_LINE.match(line):
            transcript = in_head = True
            continue
        if in_head and line.strip() in ("", "<"):  # the blank line that ends a response's headers
            in_head = False
            continue
        # After a status line, headers are only those before its blank line: a body may look like one.
        header = _HEADER.match(line) if in_head or not transcript else None
        if header:
            name = header.group(1).lower()
            headers[name] = f"{headers[name]}, {header.group(2)}" if name in headers else header.group(2)
        elif line.strip() and not _CURL_LINE.match(line):
            body_empty = False
    stripped = [line for line in raw if line.strip()]
    return Paste(tuple(lines), headers, normalise(text), len(stripped) == 1, transcript and body_empty, cut)


def visible_lines(html: str) -> list[str]:
    """The lines a browser would show of `html`: block tags break lines, other tags vanish."""
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", html))
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return [line for line in (_SPACES.sub(" ", part).strip() for part in _LINE_BREAK.split(text)) if line]


def _hits(engine: Engine, paste: Paste, text: str) -> list[Hit]:
    hits = [_line_hit(m.entry, m.score) for m in explain(engine.entries, text)]
    for trait, pattern in engine.traits:
        if trait.only_line and not paste.single_line:
            continue
        hit = next((h for h in (_trait_hit(trait, pattern.search(line)) for line in paste.lines) if h), None)
        if hit:
            hits.append(hit)
    for context_id, context in sorted(engine.catalog.contexts.items()):  # the order the page's JSON has
        for fingerprint in context.fingerprints:
            evidence = _fingerprint_evidence(fingerprint, paste)
            if evidence:
                hits.append(Hit(None, context_id, fingerprint.means, FINGERPRINT_WEIGHT[fingerprint.means], evidence))
    return hits


def _line_hit(entry: Entry, score: int) -> Hit:
    """A matched log signature: its cause's code and context (the rule specific-signals keeps each one
    specific to its hop: a bare "502 Bad Gateway" would name a hop on every server's page)."""
    why = f'the log line matches "{entry.signature}"'
    return Hit(entry.code, entry.context, "upstream" if entry.relayed else "log", score, why, entry=entry)


def _trait_hit(trait: Any, found: re.Match[str] | None) -> Hit | None:
    if found is None:
        return None
    code = int(found.group(trait.status)) if trait.status is not None and trait.status < 10 else trait.status
    means, failed = trait.means, ""
    if trait.upstream_status is not None:
        upstream = found.group(trait.upstream_status)
        answered = upstream.isdigit()
        relayed = answered and int(upstream) == code and code not in trait.self_reported
        means = "upstream" if relayed else "generated"
        failed = ("" if relayed else f"the server behind it answered {upstream}" if answered
                  else "the server behind it: it sent no response")
    if trait.flags is not None:
        flags = found.group(trait.flags)
        # A whole value (CloudFront's OriginDnsError) first, then the first two or one characters of a state.
        meaning = (trait.flag_meanings.get(flags) or trait.flag_meanings.get(flags[:2])
                   or trait.flag_meanings.get(flags[:1]))
        if meaning is not None:
            means, failed = meaning.means, meaning.failed
    return Hit(code, trait.context, means, trait.weight, f'{trait.name}: "{found.group(0).strip()}"', failed)


def _fingerprint_evidence(fingerprint: Any, paste: Paste) -> str | None:
    if fingerprint.empty_body and not paste.body_empty:
        return None
    needle = normalise(fingerprint.contains or "")
    if fingerprint.header:
        value = paste.headers.get(fingerprint.header.lower())
        if value is None or needle not in normalise(value):
            return None
        evidence = f"{fingerprint.header}: {value}"
    else:
        if not needle or needle not in paste.flat:
            return None
        evidence = f'the text contains "{fingerprint.contains}"'
    return evidence + (" and the response has no body" if fingerprint.empty_body else "")


def recognise(engine: Engine, text: str, limit: int | None = INPUT_LIMIT) -> tuple[tuple[Answer, ...], bool]:
    """The answers for `text`, best first, and whether the paste was cut at `limit`."""
    paste = read_paste(text, limit)
    hits = _hits(engine, paste, text[:limit] if limit is not None else text)
    codes: list[int | None] = [*dict.fromkeys(h.code for h in hits if h.code is not None)] or [None]
    hops: list[str | None] = [*dict.fromkeys(h.context for h in hits if h.context is not None), None]
    answers = []
    for code in codes:
        for hop in hops:
            support = [h for h in hits if (h.code is None or h.code == code) and (h.context is None or h.context == hop)
                       and (h.code is not None or h.context is not None)]
            if hop is not None and not any(h.context == hop for h in support):
                continue
            if code is not None and not any(h.code == code for h in support):
                continue
            score = sum(h.weight for h in support)
            if score < MIN_FRAGMENT:
                continue
            own = [h for h in support if h.context == hop]
            generated = tuple(h.why for h in own if h.means in ("generated", "log"))
            role = ("unknown" if hop is None else "generated" if generated or (code, hop) in engine.vendor_codes
                    else "relayed" if any(h.means == "upstream" for h in own) else "passed")
            causes = [h for h in own if h.entry is not None and h.code == code]
            failed = next((h.failed for h in own if h.failed), "")
            answers.append(Answer(code, hop, role, score, tuple(h.why for h in support), generated,
                                  tuple(h.why for h in own), failed,
                                  causes[0].entry if causes else None))
    ranked = sorted(enumerate(answers), key=lambda item: (-item[1].score, item[0]))
    return tuple(answer for _, answer in ranked[:MAX_ANSWERS]), paste.cut


# ----------------------------------------------------------------------------- what answers say
def hop_name(engine: Engine, answer: Answer) -> str:
    """The hop in words: "nginx", "the server behind HAProxy", or who wrote the line."""
    if answer.hop is None:
        return "a hop the paste does not name (whichever server wrote it)"
    name = engine.catalog.contexts[answer.hop].name
    if answer.role == "relayed":
        return f"the server behind {name} ({name} relayed its response)"
    if answer.role == "passed":
        return f"not {name} itself: the response passed through it, from a hop further in"
    return name


def failed_text(engine: Engine, answer: Answer) -> str:
    """What most likely failed, from the evidence, else from the hop's usual request path."""
    if answer.failed:
        return answer.failed
    if answer.hop is not None and answer.role == "generated":
        path = engine.catalog.contexts[answer.hop].request_path
        if path is not None:
            return f"the {path.failed} behind {engine.catalog.contexts[answer.hop].name}, most likely"
    return ""


def emitted_when(engine: Engine, answer: Answer) -> str:
    """When the hop sends this code by itself (the catalog's `emits`), if it does."""
    if answer.hop is None or answer.role != "generated" or answer.code is None:
        return ""
    return next((item.when for item in engine.catalog.contexts[answer.hop].emits if item.code == answer.code), "")


def answer_page(engine: Engine, answer: Answer) -> str:
    """The most specific page about the answer (site path)."""
    if answer.cause is not None:
        return answer.cause.page
    pages = engine.pages
    codes = {entry.code for entry in engine.catalog.codes}
    if answer.code is not None and answer.hop is not None and (answer.code, answer.hop) in pages:
        return engine.site.page_path(code_context_page(answer.code, answer.hop))
    if answer.code in codes and answer.code is not None:
        return engine.site.page_path(code_page(answer.code))
    if answer.hop is not None:
        return engine.site.page_path(context_page(answer.hop))
    return ""


def reason(engine: Engine, code: int | None) -> str:
    entry = next((e for e in engine.catalog.codes if e.code == code), None)
    if entry is not None:
        return entry.reason
    try:
        return HTTPStatus(code).phrase if code is not None else ""
    except ValueError:
        return ""


def describe_answers(engine: Engine, answers: tuple[Answer, ...], cut: bool) -> str:
    """Plain-text answers for the terminal (Markdown as the words a reader sees)."""
    lines = [f"(Only the first {INPUT_LIMIT:,} characters were read.)"] if cut else []
    fixes_by_code = {entry.code: {fix.id: fix for fix in entry.fixes} for entry in engine.catalog.codes}
    for number, answer in enumerate(answers, 1):
        code = f"{answer.code} {reason(engine, answer.code)}".strip() if answer.code is not None else "no status"
        lines.append(f"{number}. {code}: answered by {hop_name(engine, answer)}")
        failed = failed_text(engine, answer)
        if failed:
            lines.append(f"   failed: {failed}")
        if answer.cause is not None:
            lines.append(f"   cause: {answer.cause.cause}: {visible_text(answer.cause.meaning)}")
            lines.append(f"   log line: {answer.cause.signature}")
            if answer.cause.observed_on:
                lines.append(f"   observed: logged by {answer.cause.observed_on} in the behaviour lab")
            fixes = fixes_by_code.get(answer.cause.code or 0, {})
            for title in answer.cause.fixes:
                fix = next((f for f in fixes.values() if f.title == title), None)
                lines.append(f"   fix: {visible_text(title)}")
                lines += [f"     - {visible_text(step)}" for step in (fix.steps if fix else ())]
        else:
            when = emitted_when(engine, answer)
            if when:
                lines.append(f"   when: {visible_text(when)}")
        lines += [f"   why: {why}" for why in answer.why]
        page = answer_page(engine, answer)
        if page:
            lines.append(f"   more: {engine.site.absolute(page)}")
    return "\n".join(lines)


def paste_advice(engine: Engine) -> str:
    """What to paste instead, when nothing matched."""
    return "\n".join(f"- {visible_text(item)}" for item in engine.recognition.data.advice)


# ----------------------------------------------------------------------------- the browser's copy
def engine_json(engine: Engine) -> str:
    """Everything explain.js needs, as /explain/index.json (deterministic; Markdown as element data)."""
    catalog = engine.catalog
    fixes = {entry.code: {fix.title: fix for fix in entry.fixes} for entry in catalog.codes}
    entries: list[dict[str, Any]] = []
    for entry in engine.entries:
        by_title = fixes.get(entry.code or 0, {})
        entries.append({
            "signature": entry.signature, "fragments": list(entry.fragments), "code": entry.code,
            "reason": entry.reason, "context": entry.context, "cause": entry.cause,
            "meaning": markdown_tree(entry.meaning), "observed_on": entry.observed_on, "page": entry.page,
            "relayed": entry.relayed,
            "fixes": [{"title": markdown_tree(title), "steps": [markdown_tree(s) for s in by_title[title].steps]
                       if title in by_title else [],
                       "anchor": f"fix-{by_title[title].id}" if title in by_title else ""}
                      for title in entry.fixes],
        })
    probe_answers = {}
    contexts = {}
    for context_id, context in catalog.contexts.items():
        contexts[context_id] = {
            "name": context.name,
            "failed": context.request_path.failed if context.request_path else "",
            "emits": {str(item.code): markdown_tree(item.when) for item in context.emits},
            "fingerprints": [{"header": f.header, "contains": f.contains, "empty_body": f.empty_body,
                              "means": f.means} for f in context.fingerprints],
        }
    for code, hop in sorted(engine.pages):
        probe_answers[f"{code}|{hop}"] = engine.site.page_path(code_context_page(code, hop))
    data: dict[str, Any] = {
        "version": 2, "min_fragment": MIN_FRAGMENT, "input_limit": INPUT_LIMIT, "line_limit": LINE_LIMIT,
        "max_answers": MAX_ANSWERS, "fingerprint_weight": FINGERPRINT_WEIGHT,
        "entries": entries,
        "traits": [trait.model_dump(exclude={"source", "also"}) for trait in engine.recognition.data.traits],
        "contexts": contexts,
        "codes": {str(entry.code): {"reason": entry.reason, "page": engine.site.page_path(code_page(entry.code))}
                  for entry in catalog.codes},
        "code_in_context": probe_answers,
        "vendor_codes": sorted(f"{code}|{hop}" for code, hop in engine.vendor_codes),
        "context_pages": {cid: engine.site.page_path(context_page(cid)) for cid in catalog.contexts},
        "advice": [markdown_tree(item) for item in engine.recognition.data.advice],
        "examples": [{"label": label, "text": text} for label, text in engine.examples],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
