"""A seeded mutation fuzzer of the shipped catalog: every mutant is accepted or refused line by line.

Each mutant is the shipped data/status_codes.yaml with one random edit of the kinds that
editors and attackers make: a character or line deleted, duplicated or swapped, an
indentation changed, the file cut short, a YAML token, a control character, a huge integer
or a piece of hostile Markdown inserted, or a value replaced by one of another type. The
loader must never raise anything but ProblemsFound, and every problem must be one line
PATH:LINE:COL: field: message with LINE inside the file, and every mutant it accepts (it reads a
valid file with the typed model alone, `strictly_typed`) must pass the editors' JSON Schema too.
The seed is fixed and each mutant has
its own generator, so a failure names the mutant that reproduces it; FUZZ_SEED and FUZZ_MUTANTS
explore further. The mutants are dealt to SHARDS tests so that parallel workers share them.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from statuskb import ProblemsFound, load_catalog
from statuskb.catalog.schema import schema_problems
from statuskb.catalog.yamlfile import load_yaml
from support import ROOT

SHIPPED = ROOT / "data" / "status_codes.yaml"
SEED = int(os.environ.get("FUZZ_SEED", "12"))
MUTANTS = int(os.environ.get("FUZZ_MUTANTS", "300"))
SHARDS = 6
SHOWN = "data/status_codes.yaml"
PROBLEM_LINE = re.compile(r"data/status_codes\.yaml:(\d+):(\d+): [^\s:][^:\n]*: [^\n]+")

TOKENS = ('"', "'", ": ", "- ", "{", "}", "[", "]", "&anchor ", "*anchor", "!!python/object/apply:os.system ['x']",
          "\t", "\x07", "\x00", "\ufeff", "\u2028", "? ", "|", ">", "%YAML 1.1\n", "---\n", "...\n", "#",
          "9" * 4400, "0x" + "f" * 4400, "1e999", ".nan", "<svg onload=x ", "{: onclick=x }", "# H1\n",
          "[x][]\n\n[]: javascript:x", "*[the]: y", "```", "\n", "  ", "~", "null", "yes", "2026-13-45")
VALUES = ("", "~", "[]", "{}", "[a, b]", "{a: 1}", "true", "3.5", "-1", "99999999999999999999", "0o777",
          "'unterminated", '"unterminated', "|\n  block", "*undefined_alias", "!!binary aGk=", "x" * 3000)


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One random edit of `text`, and a description of it for the failure message."""
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    position = rng.randrange(len(text))
    kind = rng.choice(("delete-char", "insert", "insert", "duplicate-line", "delete-line", "swap-lines",
                       "indent", "dedent", "truncate", "value", "value"))
    if kind == "delete-char":
        return text[:position] + text[position + 1:], f"{kind} at {position}"
    if kind == "insert":
        token = rng.choice(TOKENS)
        return text[:position] + token + text[position:], f"{kind} {token[:20]!r} at {position}"
    if kind == "duplicate-line":
        lines.insert(index, lines[index])
    elif kind == "delete-line":
        del lines[index]
    elif kind == "swap-lines" and index + 1 < len(lines):
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
    elif kind == "indent":
        lines[index] = "  " + lines[index]
    elif kind == "dedent":
        lines[index] = lines[index][2:] if lines[index].startswith("  ") else lines[index]
    elif kind == "truncate":
        return text[:position], f"{kind} at {position}"
    elif kind == "value" and ": " in lines[index]:
        value = rng.choice(VALUES)
        lines[index] = lines[index].split(": ", 1)[0] + ": " + value
        return "\n".join(lines), f"{kind} {value[:20]!r} on line {index + 1}"
    return "\n".join(lines), f"{kind} on line {index + 1}"


@pytest.mark.parametrize("shard", range(SHARDS))
def test_mutants_are_accepted_or_refused_line_by_line(tmp_path: Path, shard: int) -> None:
    shipped = SHIPPED.read_text(encoding="utf-8")
    numbers = range(shard, MUTANTS, SHARDS)
    outcomes: Counter[str] = Counter()
    failures = []
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    for number in numbers:
        text, edit = mutate(shipped, random.Random(f"{SEED}:{number}"))
        path = tmp_path / f"mutant-{number}.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        line_count = text.count("\n") + 1
        try:
            load_catalog(path, SHOWN)
            outcomes["accepted"] += 1
            refusals = schema_problems(load_yaml(path, SHOWN))
            if refusals:
                failures.append(f"mutant {number} ({edit}): accepted, but the schema refuses it: {refusals[0]}")
        except ProblemsFound as found:
            outcomes["refused"] += 1
            for problem in str(found.report()).splitlines()[:-1]:
                match = PROBLEM_LINE.fullmatch(problem)
                if not match or not 1 <= int(match.group(1)) <= line_count + 1:
                    failures.append(f"mutant {number} ({edit}): {problem!r}")
        except Exception as error:
            outcomes["traceback"] += 1
            failures.append(f"mutant {number} ({edit}): {type(error).__name__}: {error}"[:300])
        path.unlink()
    wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
    print(f"\nfuzz: seed {SEED}, shard {shard}: {len(numbers)} mutants, {dict(outcomes)}, "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU")
    assert failures == []
    assert outcomes["refused"] > len(numbers) // 4  # the mutations do reach the validator's refusals
