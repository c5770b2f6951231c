"""`make mutate`'s summary: the score per module and per scope, read from mutmut's result files.

A mutant is caught when a test fails on it (or it times out, or crashes the interpreter). Mutants no fast
test covers count against the score, as do suspicious ones. Mutants never run (a run limited to a pattern)
are left out of every figure, and the table says how many.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

CAUGHT = {"killed", "timeout", "segfault"}
KIND = {"survived": "survived", "no tests": "not covered", "skipped": "skipped", "not checked": "not run"}
SCOPES = ("jpcrawl/pages/", "jpcrawl/processors.py", "jpcrawl/pipelines/")


def results(root: Path) -> Iterator[tuple[str, str, str]]:
    """(module path, mutant name, mutmut's status) of every mutant in mutmut's result files."""
    from mutmut.stats import status_by_exit_code

    for meta in sorted(root.glob("jpcrawl/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        for name, code in sorted(codes.items()):
            yield str(meta.relative_to(root))[: -len(".meta")], name, status_by_exit_code[code]


def tally(root: Path) -> dict[str, Counter[str]]:
    by_file: dict[str, Counter[str]] = {}
    for module, _, status in results(root):
        kind = "caught" if status in CAUGHT else KIND.get(status, "suspicious")
        by_file.setdefault(module, Counter())[kind] += 1
    return by_file


def judged(c: Counter[str]) -> int:
    return c["caught"] + c["survived"] + c["not covered"] + c["suspicious"]


def line(name: str, c: Counter[str]) -> str:
    n = judged(c)
    score = f"{c['caught'] / n:6.1%}" if n else "     -"
    rest = f"  ({c['not run']} not run)" if c["not run"] else ""
    return (
        f"{name:40s} {score}  {c['caught']:5d} caught  {c['survived']:4d} survived  "
        f"{c['not covered']:4d} not covered{rest}"
    )


def main(root: str = "mutants") -> None:
    by_file = tally(Path(root))
    for name, c in by_file.items():
        print(line(name, c))
    print()
    total: Counter[str] = Counter()
    for scope in SCOPES:
        c = sum((v for k, v in by_file.items() if k.startswith(scope)), Counter())
        total += c
        print(line(scope, c))
    print(line("mutation score", total))


if __name__ == "__main__":
    main(*sys.argv[1:])
