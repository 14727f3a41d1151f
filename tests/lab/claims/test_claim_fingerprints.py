"""Claim fingerprints: a trait that claims a page the upstream produced, so that the server's own pages
are no longer recognised either."""

from __future__ import annotations

from collections.abc import Callable


def test_a_fingerprint_that_claims_the_upstream_s_page_is_reported(
        contradictions_after: Callable[[str, str], list[str]]) -> None:
    found = contradictions_after('''      - contains: Guru Meditation
        means: generated''', '''      - contains: lab-upstream
        means: generated''')
    assert any("contexts.varnish.fingerprints[2]" in item and "passed on from the upstream" in item
               for item in found), found
    assert any("recognise Varnish Cache's own pages" in item for item in found), found
