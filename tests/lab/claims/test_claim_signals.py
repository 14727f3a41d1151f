"""Claim signals: a log line quoted for a lab server that turns up with another code; and the quoted
lines the lab does not reproduce, which are listed, not failed."""

from __future__ import annotations

from collections.abc import Callable

from statuskb import Catalog
from statuskb.catalog.observations import Observations
from statuskb.lab.claims import unreproduced_signals


def test_a_contradicted_log_line_is_reported(contradictions_after: Callable[[str, str], list[str]]) -> None:
    # Claim that nginx's "no live upstreams" line comes with 504.
    found = contradictions_after('''          - context: haproxy
            text: '… 504 … - - sH-- …'
            source: haproxy-configuration
''', '''          - context: haproxy
            text: '… 504 … - - sH-- …'
            source: haproxy-configuration
          - context: nginx
            text: 'no live upstreams while connecting to upstream'
            source: nginx-source
''')
    assert any("nginx writes \"no live upstreams while connecting to upstream\" with 504" in item
               and "'No healthy backend': 502 (by itself) with that line" in item for item in found), found


def test_signals_the_lab_does_not_reproduce_are_listed_not_failed(shipped_catalog: Catalog,
                                                                  observations: Observations) -> None:
    listed = unreproduced_signals(shipped_catalog, observations)
    assert any("upstream sent invalid header" in line for line in listed)
    assert all("502 upstream-down" not in line for line in listed)
