"""Compare a fresh lab run with the committed observations: behaviour, not version strings.

What the servers do fails `statuskb lab check` when it changes: the outcome, the status, who
generated the response, the headers that tell hops apart, the class of the body (empty, an HTML
page, plain text; naming the status code or not) and the shape of each logged line. A server's
version is not behaviour: Debian's point releases and security updates bump it, and it shows
up in `Server:` headers, in error pages and in log lines. So each server's versions (committed
and fresh) are masked before comparing, and a version or package change is only noted, as is
new wording in a body of the same class or a new platform name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from statuskb.catalog.observations import Observation, Observations, ObservationsFile

#: Compared exactly: what happened to the request.
EXACT = ("outcome", "status", "generated_by", "note")
VERSION_MASK = "<version>"


@dataclass(frozen=True)
class Drift:
    """Behaviour that changed (fails the check) and facts that changed (noted)."""

    changed: tuple[str, ...]
    noted: tuple[str, ...]


def masked(text: str, versions: Iterable[str]) -> str:
    """`text` with each of the server's version strings replaced by one mask."""
    for version in sorted(set(versions), key=len, reverse=True):
        text = re.sub(rf"(?<![\d.]){re.escape(version)}(?![\d.]*\d)", VERSION_MASK, text)
    return text


def body_class(body: str, status: int | None) -> str:
    """What kind of body a client got: empty, an HTML page or plain text, naming its status or not."""
    if not body.strip():
        return "empty"
    kind = "html" if re.match(r"\s*(<!doctype|<html|<head|<body|<\?xml)", body, re.IGNORECASE) else "text"
    names_status = status is not None and re.search(rf"(?<!\d){status}(?!\d)", body) is not None
    return f"{kind}, {'naming' if names_status else 'not naming'} the status"


def compare(committed: Observations, fresh: ObservationsFile) -> Drift:
    changed: list[str] = []
    noted: list[str] = []
    old = committed.data
    versions: dict[str, set[str]] = {}
    for server_id, info in [*old.servers.items(), *old.app_servers.items()]:
        now = fresh.servers.get(server_id) or fresh.app_servers.get(server_id)
        versions[server_id] = {info.version} | ({now.version} if now else set())
        if now is None:
            changed.append(f"{server_id}: not run this time")
        elif (info.version, info.package) != (now.version, now.package):
            noted.append(f"{server_id}: committed {info.version} ({info.package}), now {now.version} ({now.package}); "
                         "its behaviour is compared with the versions masked")
    if old.lab.platform != fresh.lab.platform:
        noted.append(f"platform: committed {old.lab.platform!r}, now {fresh.lab.platform!r}")
    fresh_by_pair = {(o.server, o.scenario): o for o in fresh.observations}
    for index, before in enumerate(old.observations):
        where = f"{committed.location(index)}: {before.server} × {before.scenario}"
        after = fresh_by_pair.pop((before.server, before.scenario), None)
        if after is None:
            changed.append(f"{where}: not observed this time")
            continue
        # An application server's version shows up in its own log lines: mask it too.
        app = old.app_scenarios[before.scenario].app if before.scenario in old.app_scenarios else None
        found = _differences(before, after, versions.get(before.server, set()) | versions.get(app or "", set()))
        changed += [f"{where}: {line}" for line in found.changed]
        noted += [f"{where}: {line}" for line in found.noted]
    changed += [f"{server} × {scenario}: observed now, not in the committed file" for server, scenario in fresh_by_pair]
    return Drift(tuple(changed), tuple(noted))


def _differences(before: Observation, after: Observation, versions: set[str]) -> Drift:
    """How one server in one scenario differs, its versions masked."""
    changed: list[str] = []
    noted: list[str] = []
    for field in EXACT:
        was, now = getattr(before, field), getattr(after, field)
        if was != now:
            changed.append(f"{field}: committed {was!r}, now {now!r}")
    was_headers = {name: masked(value, versions) for name, value in before.headers.items()}
    now_headers = {name: masked(value, versions) for name, value in after.headers.items()}
    if was_headers != now_headers:
        changed.append(f"headers: committed {was_headers!r}, now {now_headers!r}")
    was_class, now_class = body_class(before.body, before.status), body_class(after.body, after.status)
    if was_class != now_class:
        changed.append(f"body: committed {was_class}, now {now_class}")
    elif masked(before.body, versions) != masked(after.body, versions):
        noted.append(f"body: new wording ({now_class}): {after.body[:120]!r}")
    for field in ("log", "app_log"):  # the proxy's log, and the application server's
        was_lines, now_lines = getattr(before, field), getattr(after, field)
        was_log = Counter(masked(line, versions) for line in was_lines)
        now_log = Counter(masked(line, versions) for line in now_lines)
        if was_log != now_log:
            changed += [f"{field}: no longer logged: {line}" for line in (was_log - now_log).elements()]
            changed += [f"{field}: newly logged: {line}" for line in (now_log - was_log).elements()]
        elif [masked(line, versions) for line in was_lines] != [masked(line, versions) for line in now_lines]:
            noted.append(f"{field}: the same lines in another order")
    return Drift(tuple(changed), tuple(noted))
