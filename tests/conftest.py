"""Shared fixtures: the replica site, real crawls in a subprocess, the browser requirement."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parents[1]

# Hypothesis profiles. "ci": derandomized, so a CI run explores the same examples every time (a failure
# there is a change, not luck); selected when the CI environment variable is set. "fuzz" (make fuzz):
# random and many more examples; property tests take max(their own count, the profile's). An explicit
# HYPOTHESIS_PROFILE (or pytest --hypothesis-profile) wins.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("fuzz", max_examples=5000, derandomize=False, print_blob=True)
_profile = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else None)
if _profile:
    hypothesis_settings.load_profile(_profile)
SHARED = ROOT.parent / "shared"

# Loopback runs may lift the politeness limits (see jpcrawl/commands/demo.py).
LOOPBACK = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=16",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
]  # fmt: skip

# A test crawl of the replica takes seconds; one that hangs fails within a minute, with its log's tail,
# rather than after pytest-timeout's limit (pyproject.toml) with nothing to read.
CRAWL_TIMEOUT = 60.0
LOG_TAIL = 3000


def log_tail(text: str | bytes | None, chars: int = LOG_TAIL) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return (text or "")[-chars:]


def run_or_fail(
    cmd: list[str], *, timeout: float = CRAWL_TIMEOUT, **kwargs: object
) -> subprocess.CompletedProcess:
    """subprocess.run(capture_output=True, text=True) that, on a timeout, fails the test with the output's
    tail (the child is killed by subprocess.run)."""
    try:
        return subprocess.run(  # type: ignore[call-overload, no-any-return]
            cmd, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"{' '.join(map(str, cmd[:6]))} ... did not finish in {timeout:.0f} s; its log ends:\n"
            f"{log_tail(exc.stderr)}\n--- stdout ---\n{log_tail(exc.stdout, 1000)}"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip without Chromium on a developer's machine, and fail in CI."""
    from jpcrawl.browser import BrowserNotFound, find_chromium

    try:
        find_chromium()
        return
    except BrowserNotFound as exc:
        reason = str(exc)
    if os.environ.get("JPCRAWL_REQUIRE_BROWSER") or os.environ.get("CI"):
        raise pytest.UsageError(f"browser tests must run here, but: {reason}")
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _no_memo_from_earlier_tests() -> None:
    """Memoised helpers start empty in every test: a value cached by an earlier test (or before the test
    process forked, as the mutation runner does) would hide what the code under test computes now."""
    from jpcrawl.pipelines import clean, validate

    for cached in (clean.normalize_url, validate.load_schema, validate.validator):
        cached.cache_clear()


@pytest.fixture
def replica_factory() -> Iterator:
    """Start replicas with given knobs; every one is stopped at the end of the test."""
    from jpcrawl.replica import ReplicaConfig, ReplicaServer

    servers: list = []

    def start(**knobs: object) -> ReplicaServer:
        server = ReplicaServer(ReplicaConfig(**knobs))  # type: ignore[arg-type]
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def replica() -> Iterator:
    """One default replica shared by read-only tests."""
    from jpcrawl.replica import ReplicaConfig, ReplicaServer

    server = ReplicaServer(ReplicaConfig())
    server.start()
    yield server
    server.stop()


class CrawlResult:
    def __init__(self, proc: subprocess.CompletedProcess, feed: Path, stats_path: Path) -> None:
        self.proc = proc
        self.returncode = proc.returncode
        self.log = proc.stderr
        self.feed = feed
        self.items = (
            [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
            if feed.exists()
            else []
        )
        self.stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}


def run_crawl(
    tmp_path: Path,
    base_url: str,
    *args: str,
    spider: str = "jakartapost",
    name: str = "out",
    env: dict[str, str] | None = None,
    timeout: float = CRAWL_TIMEOUT,
) -> CrawlResult:
    """`scrapy crawl` as a user runs it, with the feed and the final stats in tmp_path."""
    feed = tmp_path / f"{name}.jsonl"
    stats_path = tmp_path / f"{name}.stats.json"
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-a", f"base_url={base_url}",
        "-O", str(feed),
        "-s", f"JPCRAWL_STATS_DUMP={stats_path}",
        "-s", "JPCRAWL_STATE_URI=memory:",  # tests of cross-run state pass their own
        *LOOPBACK,
        *args,
    ]  # fmt: skip
    proc = run_or_fail(
        cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}, timeout=timeout
    )
    return CrawlResult(proc, feed, stats_path)


@pytest.fixture
def crawl(tmp_path: Path):
    def _crawl(base_url: str, *args: str, **kwargs):
        return run_crawl(tmp_path, base_url, *args, **kwargs)

    return _crawl
