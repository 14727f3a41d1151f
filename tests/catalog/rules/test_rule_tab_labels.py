"""Rule tab-labels: two command blocks of one fix with the same context and purpose are reported."""

from __future__ import annotations

from pathlib import Path

from support import problems_in_text

NGINX = '          - {context: nginx, language: bash, code: "sudo tail -n 50 /var/log/nginx/error.log"}\n'


def test_a_repeated_label_is_reported_and_a_purpose_resolves_it(tmp_path: Path, fixture_text: str) -> None:
    second = '          - {context: nginx, language: bash, code: "sudo nginx -t"}\n'
    twice = fixture_text.replace(NGINX, NGINX + second, 1)
    assert [p.split(": ", 1)[1] for p in problems_in_text(tmp_path, twice)] == [
        "codes[0].fixes[1].commands[1]: a second 'nginx: commands' block in this fix (the first is commands[0]); "
        "give one of them a different 'purpose' (diagnose, test, config, apply, restart, query)"]
    told_apart = twice.replace('code: "sudo nginx -t"', 'purpose: test, code: "sudo nginx -t"', 1)
    assert problems_in_text(tmp_path, told_apart) == []
