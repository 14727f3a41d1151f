"""Links point at http(s) or mailto URLs: a `javascript:` or `data:` link runs or shows whatever it
carries when a reader clicks it, so catalog text must not be able to make one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.markdown import SAFE_LINK_SCHEMES, link_scheme
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule
from statuskb.common.text import without_code_spans

#: Markdown link targets, inline `[text](target)` and reference-style `[id]: target`, with or
#: without angle brackets (which allow spaces and line breaks in the target).
LINK_TARGET = re.compile(r"\]\(\s*(?:<([^>]*)>|([^)\s]+))|^\s*\[[^\]]+\]:\s*(?:<([^>]*)>|(\S+))", re.MULTILINE)


def _unsafe_links(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for path, text in given.strings:
        if "]" not in text:  # every link target follows a "]": most texts have none
            continue
        for match in LINK_TARGET.finditer(without_code_spans(text)):
            target = next(group for group in match.groups() if group is not None)
            # The scheme as the browser reads it: `java&#115;cript:` and `java\tscript:` are javascript:.
            scheme = link_scheme(target)
            if scheme is not None and scheme not in SAFE_LINK_SCHEMES:
                yield doc.problem(path, f"link target {target!r} is not allowed: links must be http(s) "
                                  "or mailto URLs")


RULE = Rule("link-schemes", "Links point at http(s) or mailto URLs, never javascript: or data:.", _unsafe_links)
