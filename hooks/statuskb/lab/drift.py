"""Compare a fresh lab run with the committed observations, field by field.

What the servers do (status, outcome, headers, their own pages, their log lines) is drift and
fails `statuskb lab check`; a new Debian package revision or platform name alone is only noted.
"""

from __future__ import annotations

from dataclasses import dataclass

from statuskb.catalog.observations import Observations, ObservationsFile

COMPARED = ("outcome", "status", "generated_by", "headers", "body", "log", "app_log", "note")


@dataclass(frozen=True)
class Drift:
    """Behaviour that changed (fails the check) and facts that changed (noted)."""

    changed: tuple[str, ...]
    noted: tuple[str, ...]


def compare(committed: Observations, fresh: ObservationsFile) -> Drift:
    changed: list[str] = []
    noted: list[str] = []
    old = committed.data
    for server_id, info in [*old.servers.items(), *old.app_servers.items()]:
        now = fresh.servers.get(server_id) or fresh.app_servers.get(server_id)
        if now is None:
            changed.append(f"{server_id}: not run this time")
        elif (info.version, info.package) != (now.version, now.package):
            line = f"{server_id}: committed {info.version} ({info.package}), now {now.version} ({now.package})"
            (changed if info.version != now.version else noted).append(line)
    if old.lab.platform != fresh.lab.platform:
        noted.append(f"platform: committed {old.lab.platform!r}, now {fresh.lab.platform!r}")
    fresh_by_pair = {(o.server, o.scenario): o for o in fresh.all_observations()}
    for index, before in enumerate(old.all_observations()):
        where = f"{committed.location(index)}: {before.server} × {before.scenario}"
        after = fresh_by_pair.pop((before.server, before.scenario), None)
        if after is None:
            changed.append(f"{where}: not observed this time")
            continue
        for field in COMPARED:
            was, now_value = getattr(before, field), getattr(after, field)
            if was == now_value:
                continue
            if field in ("log", "app_log"):
                gone = [line for line in was if line not in now_value]
                new = [line for line in now_value if line not in was]
                details = [f"no longer logged: {line}" for line in gone] + [f"newly logged: {line}" for line in new]
                changed += [f"{where}: log: {detail}" for detail in details or ["same lines, another order"]]
            else:
                changed.append(f"{where}: {field}: committed {was!r}, now {now_value!r}")
    changed += [f"{server} × {scenario}: observed now, not in the committed file" for server, scenario in fresh_by_pair]
    return Drift(tuple(changed), tuple(noted))
