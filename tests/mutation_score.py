"""`make mutate`'s summary line from mutmut's CI stats file: killed mutants over every judged mutant.

Mutants no fast test covers count against the score (they are not killed); timeouts count as killed.
"""

from __future__ import annotations

import json
import sys


def main(path: str = "mutants/mutmut-cicd-stats.json") -> None:
    with open(path, encoding="utf-8") as fh:
        s = json.load(fh)
    caught = s["killed"] + s["timeout"] + s["segfault"]
    judged = caught + s["survived"] + s["no_tests"] + s["suspicious"]
    survived, uncovered = s["survived"], s["no_tests"]
    print(
        f"mutation score: {caught}/{judged} = {caught / max(judged, 1):.1%} killed "
        f"({survived} survived, {uncovered} not covered by the fast tests)"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
