"""Rule specific-signals: a signal that is only a status line names no hop and is reported."""

from __future__ import annotations

from pathlib import Path

from support import problems_in_text

SIGNAL = 'text: "connect() failed (111: Connection refused) while connecting to upstream"'


def test_a_status_line_signal_is_reported_and_a_quoted_log_line_is_not(tmp_path: Path, fixture_text: str) -> None:
    generic = fixture_text.replace(SIGNAL, 'text: "502 Bad Gateway"', 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, generic)] == [
        "codes[0].causes[0].signals[0].text: '502 Bad Gateway' is only a status line, which every server's "
        "error page shows: quote what this hop alone logs or sends"]
    specific = fixture_text.replace(SIGNAL, 'text: "\'502 Bad Gateway\' caused by: …"', 1)
    assert problems_in_text(tmp_path, specific) == []
