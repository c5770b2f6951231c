"""The surviving mutants of the last mutation run, with the line each one changes, as Markdown.

`python tests/mutation_survivors.py [PREFIX]` from the project root after `make mutate`. Each survivor is
listed under its module and function with the original and mutated line, and, when its change belongs to a
kind that no input can tell apart (see EQUIVALENT), that kind; the others are for a person to judge.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

# run as a script from tests/, beside it
from mutation_score import results

# Changes that keep behaviour whatever the input, recognised from the mutated line.
EQUIVALENT: list[tuple[str, re.Pattern[str]]] = [
    ("only the first three pieces of the URL (scheme, '', host) are compared: no split limit, direction or "
     "strip of a trailing '/' changes them", re.compile(r"""canon\.split\(""")),
    ("a placeholder default ('' -> 'XXXX') that none of the function's patterns, sets or names match",
     re.compile(r"""or (["'])XXXX\1""")),
    ("a codec name: Python reads it case-insensitively, and UTF-8 is the default",
     re.compile(r"""(["'])UTF-8\1|\.(en|de)code\((errors=)""")),
    ("a strip set widened with 'X' where the stripped text is lower-cased (no capital X to strip)",
     re.compile(r"""strip\((["'])XX.*XX\1\)""")),
    ("a namespaced tag holds one '}': any split of it keeps the same last part",
     re.compile(r"""split\("\}""")),
    ("a memo key label: the keys stay distinct", re.compile(r"""key = \((["'])(XX\w+XX|[A-Z]+)\1""")),
]  # fmt: skip


def survivors(root: Path, prefix: str) -> list[str]:
    return [name for _, name, status in results(root) if status == "survived" and name.startswith(prefix)]


def changed_lines(name: str) -> tuple[str, str]:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(name).splitlines()
    minus = [line[1:].strip() for line in diff if line.startswith("-") and not line.startswith("---")]
    plus = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(minus), " / ".join(plus)


CASE_ONLY = (
    "only the case of a name changes, and its lookup ignores case (HTML tag names in CSS, meta names, which "
    "meta_content lower-cases, or a re.I pattern)"
)


def kind_of(minus: str, plus: str) -> str | None:
    if minus != plus and minus.lower() == plus.lower():
        return CASE_ONLY
    return next((why for why, pattern in EQUIVALENT if pattern.search(plus)), None)


def main(prefix: str = "jpcrawl.") -> None:
    from mutmut.configuration import config  # noqa: F401  (loads [tool.mutmut] for the diff reader)

    by_function: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for name in survivors(Path("mutants"), prefix):
        module, _, mangled = name.rsplit("__mutmut_", 1)[0].rpartition(".")
        function = module + "." + (mangled[2:].replace("ǁ", ".") if mangled.startswith("xǁ") else mangled[2:])
        minus, plus = changed_lines(name)
        by_function[function].append((name.rsplit("__mutmut_", 1)[1], minus, plus))
    for function, rows in by_function.items():
        print(f"\n#### `{function}`\n")
        for number, minus, plus in rows:
            why = kind_of(minus, plus)
            print(f"- #{number}: `{minus}` → `{plus}`" + (f" — {why}" if why else ""))


if __name__ == "__main__":
    main(*sys.argv[1:])
