"""Problems found in a catalog, reported the way compilers do: PATH:LINE:COL: field: message."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """`('codes', 1, 'faqs', 0, 'answer')` -> `codes[1].faqs[0].answer`.

    A key that would break the PATH:LINE:COL: field: message line (a colon, a line break, a
    leading space: only a mistyped key has one) is written `(key)`; the message quotes it.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = "(key)" if _BREAKS_THE_LINE.search(part) else part
            text += f".{name}" if text else name
    return text or "(document)"


_BREAKS_THE_LINE = re.compile(r"[:\r\n]|^\s|^$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the catalog, with the position an editor jumps to (1-based)."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}"


class ProblemsFound(Exception):
    """Raised with every problem found in the input (catalog or pages), so one run reports them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, followed by a count."""
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
        return "\n".join(lines)


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Stop with every problem at once, or return when there are none."""
    found = list(problems)
    if found:
        raise ProblemsFound(found)
