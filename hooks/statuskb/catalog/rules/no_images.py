"""Catalog text has no images: an image is fetched from wherever its address points, so one in the
text would make readers' browsers load something from another host, which the site never does."""

from __future__ import annotations

import re
from collections.abc import Iterator

from statuskb.catalog.rules.base import RuleInput
from statuskb.common.problems import Problem
from statuskb.common.rules import Rule

#: A Markdown image, inline or by reference: `![alt](src)`, `![alt][ref]`.
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\][\[(]")


def _images(given: RuleInput) -> Iterator[Problem]:
    doc = given.document
    for path, text in given.prose:
        match = MARKDOWN_IMAGE.search(text)
        if match:
            yield doc.problem(path, f"images are not allowed in catalog text (found {match.group(0)!r}): pages "
                              "must not load anything from other hosts; describe it in words or link to it")


RULE = Rule("no-images", "Catalog text has no images: pages load nothing from other hosts.", _images)
