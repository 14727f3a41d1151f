"""Problem lines: one PATH:LINE:COL: field: message line, whatever key an editor mistyped."""

from __future__ import annotations

import pytest

from statuskb.common.problems import format_field


def test_fields_read_as_paths() -> None:
    assert format_field(("codes", 1, "faqs", 0, "answer")) == "codes[1].faqs[0].answer"
    assert format_field(()) == "(document)"


@pytest.mark.parametrize("key", ["description:{ 'A collection", "means!!python/object/apply:os.system ['x']",
                                 "two\nlines", " leading", ""])
def test_a_key_that_would_break_the_line_is_named_key(key: str) -> None:
    # Found by the catalog fuzzer: an unknown key with a colon made "field: message" ambiguous.
    assert format_field(("codes", 8, "causes", 0, key)) == "codes[8].causes[0].(key)"


def test_ordinary_odd_keys_stay_as_written() -> None:
    assert format_field(("contexts", "aws-alb", "descr iption")) == "contexts.aws-alb.descr iption"
