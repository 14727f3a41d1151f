"""Read a YAML file safely and keep every value's position.

PyYAML is used at node level: `get_single_node()` gives the node tree with marks (line and
column of every key and value), and the same parse is then constructed into plain Python
data, so the file is parsed once. Before construction the tree is checked for what PyYAML
would otherwise accept silently or dangerously: duplicate keys (it keeps the last one) and
anchors/aliases (the catalog has no use for them, and an alias bomb would make every later
walk exponential). Timestamps are not resolved, so an unquoted `2026-11-26` stays text.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml

from statuskb.common.problems import FieldPath, Problem, ProblemsFound, format_field, raise_if_any

#: Far above any real catalog (the shipped one is a few hundred KB); stops a huge or wrong
#: file before PyYAML spends minutes on it.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Deeper nesting than this is never a catalog, and would exhaust Python's recursion.
MAX_DEPTH = 64

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: Integers beyond this are never a code, a year or a size; Python would refuse to convert
#: one of more than 4,300 digits (and to print a huge `0x…` one) with a traceback.
MAX_INTEGER = 2**63 - 1


class _OutOfRange(yaml.constructor.ConstructorError):
    """An integer no field can hold, at its node."""


class _CatalogLoader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader (libyaml when available) that leaves dates as strings and refuses huge integers."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = len(str(node.value).lstrip("+-").replace("_", ""))
        try:
            value = int(super().construct_yaml_int(node))
        except ValueError:
            value = MAX_INTEGER + 1
        if abs(value) > MAX_INTEGER:
            raise _OutOfRange(
                None, None, f"the integer is out of range ({digits} characters); codes are 500–599, "
                "years four digits, sizes at most 2^63 - 1", node.start_mark)
        return value


_CatalogLoader.add_constructor("tag:yaml.org,2002:int", _CatalogLoader.construct_yaml_int)


_CatalogLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data together with its node tree, to turn a field path into a position."""

    display_path: str
    data: Any
    root: yaml.Node

    def problem(self, path: FieldPath, message: str, *, at_key: bool = False) -> Problem:
        """A problem at the node for `path` (or at its key, for unknown keys)."""
        line, column = self.position(path, at_key=at_key)
        return Problem(self.display_path, line, column, format_field(path), message)

    def position(self, path: FieldPath, *, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the deepest node on `path` that exists."""
        node: yaml.Node = self.root
        mark = node.start_mark
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
            mark = key_node.start_mark if (at_key and part == path[-1] and key_node) else node.start_mark
        return mark.line + 1, mark.column + 1


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


#: The last documents parsed, by name and bytes, up to this many bytes of YAML in all, each file
#: at most KEPT_FILE_BYTES: the catalog's neighbours (observations 114 KB, translations 20 KB
#: each) are kept, the catalog itself (530 KB, what a save changes) is not, nor its node tree.
PARSED_KEPT_BYTES = 1_048_576
KEPT_FILE_BYTES = 256 * 1024
_parsed: OrderedDict[tuple[str, bytes], YamlDocument] = OrderedDict()


def load_yaml(path: Path, display_path: str | None = None) -> YamlDocument:
    """Read `path` and return its data with positions, or raise ProblemsFound.

    A file read again with the same bytes gives the document parsed the first time (its data is
    never changed by its readers): `mkdocs serve` reads the catalog's neighbours (observations,
    translations, the explainer's traits: about 60 ms of parsing) again on every save of the catalog.
    Only small files are kept (see PARSED_KEPT_BYTES).
    """
    shown = display_path or str(path)
    raw = _read(path, shown)
    known = _parsed.get((shown, raw))
    if known is not None:
        _parsed.move_to_end((shown, raw))
        return known
    document = _parse(raw, shown)
    if len(raw) <= KEPT_FILE_BYTES:
        _parsed[(shown, raw)] = document
        kept = sum(len(raw) for _, raw in _parsed)
        while kept > PARSED_KEPT_BYTES:
            (_, oldest), _ = _parsed.popitem(last=False)
            kept -= len(oldest)
    return document


def _failure(shown: str) -> Callable[..., NoReturn]:
    def fail(message: str, line: int = 1, column: int = 1, field: str = "file") -> NoReturn:
        raise ProblemsFound([Problem(shown, line, column, field, message)])

    return fail


def _read(path: Path, shown: str) -> bytes:
    fail = _failure(shown)
    try:
        if path.is_dir():
            fail("is a directory, not a YAML file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            fail(f"the file is {size / 1_048_576:.1f} MiB; a catalog may be at most "
                 f"{MAX_FILE_BYTES // 1_048_576} MiB")
        return path.read_bytes()
    except FileNotFoundError:
        fail("no such file")
    except PermissionError:
        fail("permission denied")
    except OSError as error:
        fail(f"cannot be read: {error.strerror or error}")


def _parse(raw: bytes, shown: str) -> YamlDocument:
    fail = _failure(shown)
    text = _decode(raw, fail)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        fail("the file is empty: expected a mapping with 'sources', 'contexts' and 'codes'")

    loader = _CatalogLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            fail("the file is empty: expected a mapping with 'sources', 'contexts' and 'codes'")
        problems, shares_nodes = _structure_problems(root, shown)
        if shares_nodes:
            problems += _alias_problems(text, shown)
        raise_if_any(problems)
        data = loader.construct_document(root)
    except _OutOfRange as error:
        at = error.problem_mark
        assert at is not None  # _OutOfRange is always raised at its node
        fail(str(error.problem), at.line + 1, at.column + 1, format_field(_path_to(root, at)))
    except yaml.MarkedYAMLError as error:
        line, column, message = _where_it_starts(error, text)
        fail(f"YAML syntax error: {message}", line, column, "yaml")
    except yaml.reader.ReaderError as error:  # a control character: no mark; libyaml counts bytes
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        index = text.find(chr(code))
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        fail(f"control character U+{code:04X} is not allowed in YAML; remove it "
             "(in a double-quoted string write it as an escape, such as \\t)", line, column, "yaml")
    except yaml.YAMLError as error:
        fail(f"YAML error: {' '.join(str(error).split())}", field="yaml")
    except RecursionError:
        fail(f"nested deeper than {MAX_DEPTH} levels", field="yaml")
    finally:
        loader.dispose()
    return YamlDocument(shown, data, root)


def _path_to(node: yaml.Node, mark: yaml.Mark, path: FieldPath = ()) -> FieldPath:
    """The field path of the node that starts at `mark` (the document itself if none does)."""
    children: list[tuple[str | int, yaml.Node]] = []
    if isinstance(node, yaml.MappingNode):
        children = [(str(key.value), value) for key, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(enumerate(node.value))
    for part, child in children:
        if child.start_mark.index == mark.index:
            return (*path, part)
        if child.start_mark.index < mark.index <= child.end_mark.index:
            return _path_to(child, mark, (*path, part))
    return path


def _open_quote_before(text: str, mark: yaml.Mark) -> yaml.Mark | None:
    """Where a quoted string that runs over several lines up to `mark` was opened, if one does.

    libyaml reports an unclosed quote where parsing finally fails, often many lines later;
    a catalog never spans lines with a quoted string (it uses `>` for long text), so the last
    quoted scalar before the error that does so is where the problem starts.
    """
    opened = None
    try:
        for token in yaml.scan(text[: mark.index + 1], Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and \
                    token.start_mark.line < token.end_mark.line:
                opened = token.start_mark
    except yaml.YAMLError as error:
        scanning: yaml.Mark | None = getattr(error, "context_mark", None)
        if scanning is not None and "quoted scalar" in str(getattr(error, "context", "")):
            return scanning
    return opened


def _where_it_starts(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and message of a YAML error, at the place where the problem starts.

    An unclosed quote is found where parsing gave up, often many lines later: it is reported
    where the quote was opened, and the place parsing gave up goes in the message. Other
    errors are reported where they were found.
    """
    message = " ".join((error.problem or error.context or "invalid YAML").split())
    mark = error.problem_mark or error.context_mark
    started = error.context_mark
    quote = _open_quote_before(text, mark) if mark else None
    if quote is not None and mark is not None:
        found = f"line {mark.line + 1}, column {mark.column + 1}"
        return quote.line + 1, quote.column + 1, (f"a quoted string opened here is not closed on its line "
                                                  f"(parsing failed at {found}: {message}); close the quote")
    if error.context and error.problem and started:
        message += f" ({error.context} that starts on line {started.line + 1}, column {started.column + 1})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, column, message


def _decode(raw: bytes, fail: Callable[..., NoReturn]) -> str:
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        fail(f"contains a NUL byte at offset {offset}: this is a binary file, not YAML",
             raw.count(b"\n", 0, offset) + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        fail(f"is not UTF-8 text (invalid byte 0x{raw[error.start]:02x} at offset {error.start})", line)


def _structure_problems(root: yaml.Node, shown: str) -> tuple[list[Problem], bool]:
    """Duplicate keys and excessive depth, found in one iterative walk of the tree.

    Also says whether any node is reached twice, which only an alias can do; a shared
    node is walked once, so even an alias bomb costs no more than its text.
    """
    problems: list[Problem] = []
    seen: set[int] = set()
    shares_nodes = False
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]

    def at(node: yaml.Node, field: str, message: str) -> None:
        problems.append(Problem(shown, node.start_mark.line + 1, node.start_mark.column + 1, field, message))

    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            shares_nodes = True
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            at(node, "yaml", f"nested deeper than {MAX_DEPTH} levels")
            continue
        if isinstance(node, yaml.MappingNode):
            first_seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    earlier = first_seen.setdefault(key_node.value, key_node)
                    if earlier is not key_node:
                        at(key_node, key_node.value,
                           f"duplicate key '{key_node.value}' (first defined on line "
                           f"{earlier.start_mark.line + 1}); YAML would silently keep only the last one")
                else:
                    at(key_node, "yaml", "keys must be plain text")
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return problems, shares_nodes


def _alias_problems(text: str, shown: str) -> list[Problem]:
    """One problem per alias, at the place it is used (the node tree only knows the anchor)."""
    return [
        Problem(shown, mark.line + 1, mark.column + 1, "yaml",
                "anchors and aliases (& and *) are not supported in the catalog: write the value out")
        for event in yaml.parse(text, Loader=_CatalogLoader)
        if isinstance(event, yaml.AliasEvent) and (mark := event.start_mark) is not None
    ]
