"""Claim coverage: a 5xx a lab server generated that no cause's `lab` explains."""

from __future__ import annotations

from collections.abc import Callable


def test_an_unexplained_observation_is_reported(contradictions_after: Callable[[str, str], list[str]]) -> None:
    found = contradictions_after('''        lab:
          - scenario: no-healthy-backend
            contexts: [nginx]
''', "")
    assert any("no cause of 502 explains what nginx does in the lab scenario 'no-healthy-backend'" in item
               for item in found), found
