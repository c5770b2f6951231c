"""Helpers for the scheduled-crawl tests: background crawls, polling, feed reading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import LOOPBACK, ROOT

FAST = ["-s", 'JPCRAWL_RENDER={"listing": "never", "article": "never", "default": "never"}']


def state_args(tmp: Path) -> list[str]:
    return ["-s", f"JPCRAWL_STATE_URI=sqlite:///{tmp}/state/jakartapost.db"]


def start_crawl(tmp: Path, base_url: str, feed: Path, *args: str) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "jakartapost",
        "-a", f"base_url={base_url}", "-O", str(feed), *LOOPBACK, *args,
    ]  # fmt: skip
    with (tmp / f"{feed.stem}.log").open("w") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=log, stderr=subprocess.STDOUT
        )


def wait_for(cond: Callable[[], bool], timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def journal_lines(jobdir: Path) -> int:
    n = 0
    for path in (jobdir / "jpcrawl").glob("journal-*.jsonl"):
        n += path.read_bytes().count(b"\n")
    return n


def read_feed(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
