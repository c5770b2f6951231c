"""One secret scan for every run that holds a secret (a password, an e-mail address, session cookies).

A run's secrets may leak into anything it writes: its log, its stats, the feed and its manifest, the report,
the rejects file, JOBDIR (the pickled request queue) and the lock file (which records the command line).
`scan_run` looks for each secret in all of them, also URL-encoded (a form body or a query string) and
JSON-escaped, and returns where it found what; `assert_no_secrets` fails with that list.

Files that hold a secret on purpose (the storage-state file the test handed the crawl, or the one it asked
the crawl to save) are passed as `allowed`.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Artefacts a finished crawl with a feed must have left: a scan that found none of them scanned nothing.
REQUIRED_SUFFIXES = (".jsonl", ".manifest.json", ".report.json")


def variants(secret: str) -> set[bytes]:
    """The forms a secret takes when written out: as is, URL-encoded (form bodies, query strings), JSON."""
    forms = {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        json.dumps(secret)[1:-1],
    }
    return {f.encode("utf-8") for f in forms if f}


@dataclass
class Scan:
    scanned: list[str] = field(default_factory=list)  # what was looked at: "log", "stats", file names
    leaks: list[str] = field(default_factory=list)  # "<where>: <which secret's label>"

    def __bool__(self) -> bool:
        return bool(self.leaks)


def _label(secret: str) -> str:
    # Never print the secret itself in a failure message (CI logs are read by many); a prefix suffices.
    return f"{secret[:3]}…({len(secret)} chars)"


def scan_run(
    secrets: Iterable[str],
    *,
    log: str,
    stats: dict[str, Any] | None = None,
    roots: Iterable[Path] = (),
    allowed: Iterable[Path] = (),
) -> Scan:
    """Search the log, the stats and every file under `roots` (recursively: feed, manifest, report, rejects,
    JOBDIR, lock file, state files) for every secret, in every form `variants` gives."""
    wanted = [(s, variants(s)) for s in secrets if s]
    assert wanted, "a secret scan without secrets proves nothing"
    skip = {p.resolve() for p in allowed}
    scan = Scan()

    def look(where: str, data: bytes) -> None:
        scan.scanned.append(where)
        for secret, forms in wanted:
            if any(f in data for f in forms):
                scan.leaks.append(f"{where}: {_label(secret)}")

    look("log", log.encode("utf-8", "replace"))
    if stats is not None:
        look("stats", json.dumps(stats, default=str).encode("utf-8"))
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            if path.is_file() and path.resolve() not in skip:
                look(str(path.relative_to(root)), path.read_bytes())
    return scan


def assert_no_secrets(
    secrets: Iterable[str],
    *,
    log: str,
    stats: dict[str, Any] | None = None,
    roots: Iterable[Path] = (),
    allowed: Iterable[Path] = (),
    required: Iterable[str] = REQUIRED_SUFFIXES,
) -> Scan:
    """Fail if any secret is anywhere the run wrote, or if the run wrote none of the files it should have
    (a scan of nothing passes vacuously). Also: no cookie header line at any log level."""
    scan = scan_run(secrets, log=log, stats=stats, roots=roots, allowed=allowed)
    assert not scan.leaks, f"secrets leaked: {scan.leaks}"
    missing = [s for s in required if not any(name.endswith(s) for name in scan.scanned)]
    assert not missing, f"the run wrote no {missing} to scan (scanned: {scan.scanned})"
    assert "Cookie:" not in log and "Set-Cookie" not in log, "a cookie header in the log"
    return scan
