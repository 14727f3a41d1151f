"""Where each catalog entry starts in its file, kept from load time.

The typed Catalog carries no positions (it is the same whatever file it came from); the pages
generated from an entry still want to send an editor to the line that says it ("Edit this page"
→ …/status_codes.yaml#L2158), so the loader hands these lines over beside the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from statuskb.catalog.model import Catalog
from statuskb.catalog.yamlfile import YamlDocument


@dataclass(frozen=True)
class EntryLines:
    """1-based first lines of the code entries, contexts and comparisons of one catalog file."""

    codes: Mapping[int, int] = field(default_factory=dict)
    contexts: Mapping[str, int] = field(default_factory=dict)
    comparisons: Mapping[tuple[int, int], int] = field(default_factory=dict)


def entry_lines(document: YamlDocument, catalog: Catalog) -> EntryLines:
    """The lines of `catalog`'s entries in the `document` it was validated from."""

    def line(*path: str | int) -> int:
        return document.position(path, at_key=True)[0]  # a context's line is that of its id

    return EntryLines(
        codes={entry.code: line("codes", index) for index, entry in enumerate(catalog.codes)},
        contexts={context_id: line("contexts", context_id) for context_id in catalog.contexts},
        comparisons={(c.first, c.second): line("comparisons", index) for index, c in enumerate(catalog.comparisons)},
    )
