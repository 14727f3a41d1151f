"""The log-line explainer: from a pasted log line or error text to the cause, code and fixes.

The index is every log signature in the catalog (each cause's `signals`), with what the reader
needs next, and every line the behaviour lab's real servers logged (data/observations.yaml), each
explained by the catalog cause that the lab reproduces, or, where no 5xx cause applies (a
response passed on, a body cut short), by what the lab saw. A signature is split into fixed
fragments at "…" (where a real line has variable parts such as addresses, paths or numbers);
it matches when every fragment occurs, in order, in the normalised input. The best matches
cover the most characters. This is one source of evidence of the recognition engine
(`recognise`, used by `statuskb explain`, `statuskb diagnose` and, through the JSON it writes,
the /explain/ page's script, which mirrors it; a test runs both over every signature).

The /explain/ page itself is in `explain_page`: the lab's claims use the matcher here and must
not depend on a page renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from statuskb.catalog.crossref import SiteIndex
from statuskb.catalog.model import Catalog
from statuskb.catalog.observations import Observations, outcome_summary, reproducing_cause, server_label
from statuskb.common.site_info import SiteInfo
from statuskb.common.urls import code_context_page, code_page, context_page

EXPLAIN_INDEX = "explain/index.json"
#: The heading of the lab's table on a context page, as MkDocs makes its anchor.
LAB_ANCHOR = "observed-in-the-lab"
#: Fragments shorter than this are too common ("at", "by") to identify anything on their own.
MIN_FRAGMENT = 4
_SPACES = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"\s*(?:…|\.\.\.)\s*")


def normalise(text: str) -> str:
    """Lower case, single spaces, straight quotes: how both sides are compared."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    return _SPACES.sub(" ", text).strip().lower()


def fragments(signature: str) -> tuple[str, ...]:
    """The fixed parts of a signature, in order."""
    return tuple(part for part in (normalise(p) for p in _PLACEHOLDER.split(signature)) if part)


@dataclass(frozen=True)
class Entry:
    """One signature and what it means."""

    signature: str
    fragments: tuple[str, ...]
    code: int | None  # None: the client got no status (a lab server passed on bytes, or refused to start)
    reason: str
    context: str
    context_name: str
    cause: str
    meaning: str
    fixes: tuple[str, ...]
    page: str
    observed_on: str = ""  # for a line the lab's servers logged: "nginx 1.22.1"
    relayed: bool = False  # the lab's server logged it while passing on what its upstream sent


@dataclass(frozen=True)
class Match:
    """An entry that matched, and how much of the input it explains."""

    entry: Entry
    score: int


def build_index(catalog: Catalog, site: SiteInfo, observations: Observations | None = None) -> tuple[Entry, ...]:
    """Every signal of every code, each pointing at the most specific page about it; then the lab's lines."""
    pages = {(item.entry.code, item.context_id) for item in SiteIndex(catalog).code_in_context}
    entries = []
    for code in sorted(catalog.codes, key=lambda entry: entry.code):
        fixes = {fix.id: fix.title for fix in code.fixes}
        for cause in code.causes:
            for signal in cause.signals:
                parts = fragments(signal.text)
                if not parts or max(len(part) for part in parts) < MIN_FRAGMENT:
                    continue
                uri = (code_context_page(code.code, signal.context) if (code.code, signal.context) in pages
                       else code_page(code.code))
                entries.append(Entry(
                    signature=signal.text, fragments=parts, code=code.code, reason=code.reason,
                    context=signal.context, context_name=catalog.contexts[signal.context].name,
                    cause=cause.title, meaning=cause.description,
                    fixes=tuple(fixes[fix_id] for fix_id in cause.fixes), page=site.page_path(uri),
                ))
    if observations is not None:
        entries += _lab_entries(catalog, site, observations, pages)
    return tuple(entries)


def _lab_entries(catalog: Catalog, site: SiteInfo, observations: Observations,
                 pages: set[tuple[int, str]]) -> list[Entry]:
    """One entry per distinct line each lab server logged in each scenario, and per line the application
    server behind it logged (under the application server's context, with the proxy's status and cause)."""
    entries = []
    data = observations.data
    for observation in data.all_observations():
        context_id = data.servers[observation.server].context
        status = observation.status
        found = (reproducing_cause(catalog, context_id, observation.scenario, status)
                 if status is not None and observation.generated_by == "server" else None)
        logs = [(context_id, observation.log)]
        if observation.scenario in data.app_scenarios:
            app = data.app_scenarios[observation.scenario].app
            logs.append((data.app_servers[app].context, observation.app_log))
        for writer, log in logs:
            for line in dict.fromkeys(log):
                parts = fragments(line)
                if not parts or max(len(part) for part in parts) < MIN_FRAGMENT:
                    continue
                common: dict[str, Any] = {"signature": line, "fragments": parts, "context": writer,
                                          "context_name": catalog.contexts[writer].name,
                                          "observed_on": server_label(observations, observation.server)}
                if found:
                    entry, cause = found
                    uri = code_context_page(entry.code, context_id) if (entry.code, context_id) in pages \
                        else code_page(entry.code)
                    fix_titles = {fix.id: fix.title for fix in entry.fixes}
                    entries.append(Entry(code=entry.code, reason=entry.reason, cause=cause.title,
                                         meaning=cause.description, fixes=tuple(fix_titles[f] for f in cause.fixes),
                                         page=site.page_path(uri), **common))
                else:
                    scenario = data.scenario_info(observation.scenario)
                    known = status is not None and any(e.code == status for e in catalog.codes)
                    page = (site.page_path(code_page(status)) if known and status is not None
                            else f"{site.page_path(context_page(context_id))}#{LAB_ANCHOR}")
                    entries.append(Entry(code=status, reason=HTTPStatus(status).phrase if status else "",
                                         cause=scenario.title,
                                         meaning=f"{scenario.upstream} {outcome_summary(observations, observation)}",
                                         fixes=(), page=page, relayed=observation.generated_by == "upstream",
                                         **common))
    return entries


def signature_matches(signature: str, text: str) -> bool:
    """True when every fixed fragment of `signature` occurs, in order, in `text`."""
    parts = fragments(signature)
    return bool(parts) and _score(Entry(signature, parts, None, "", "", "", "", "", (), ""), normalise(text)) > 0


def _score(entry: Entry, text: str) -> int:
    position, covered = 0, 0
    for part in entry.fragments:
        found = text.find(part, position)
        if found < 0:
            return 0
        position = found + len(part)
        covered += len(part)
    return covered


def explain(index: tuple[Entry, ...], text: str) -> tuple[Match, ...]:
    """The entries that explain `text`, best first; several when they explain it equally well.

    Different causes can log the same line (a reset connection can be a crash or an idle
    keep-alive timeout), so every entry with the best score is returned, and each distinct
    (code, context, cause) only once.
    """
    normalised = normalise(text)
    scored = [Match(entry, _score(entry, normalised)) for entry in index]
    best = max((match.score for match in scored), default=0)
    if best < MIN_FRAGMENT:
        return ()
    seen: set[tuple[int | None, str, str]] = set()
    matches = []
    for match in scored:
        key = (match.entry.code, match.entry.context, match.entry.cause)
        if match.score == best and key not in seen:
            seen.add(key)
            matches.append(match)
    return tuple(matches)
