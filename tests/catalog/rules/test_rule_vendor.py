"""Rule vendor: a vendor code without its vendor, and a vendor on a standard code, are both reported."""

from __future__ import annotations

from pathlib import Path

from support import problems_in_text


def test_vendor_field(tmp_path: Path, fixture_text: str) -> None:
    text = fixture_text.replace("    standing: standard\n", "    standing: vendor\n", 1)
    text = text.replace("    reason: Bad Gateway\n", "    reason: Bad Gateway\n    vendor: Acme\n", 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, text)] == [
        "codes[0]: a vendor code needs 'vendor': who emits it",
        "codes[1].vendor: 'vendor' is only for vendor codes, but standing is 'standard'",
    ]
