"""Scheduled, unattended runs: incremental runs, the run lock, the cron/systemd command, and three runs in a
row (full, incremental after new articles, resumed after kill -9) delivering every version exactly once."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_crawl
from tests.schedutil import FAST, journal_lines, read_feed, start_crawl, state_args, wait_for

pytestmark = pytest.mark.slow


def test_incremental_run_fetches_only_new_articles(tmp_path: Path, replica_factory) -> None:
    server = replica_factory(articles=120)
    base = server.base_url
    args = [*FAST, *state_args(tmp_path)]
    full = run_crawl(tmp_path, base, *args, name="full")
    assert full.returncode == 0, full.log[-3000:]
    assert {i["url"] for i in full.items} == server.site.listed_urls(base)
    server.site.publish(4)
    inc = run_crawl(tmp_path, base, *args, name="inc")
    assert inc.returncode == 0, inc.log[-3000:]
    full_req, inc_req = full.stats["downloader/request_count"], inc.stats["downloader/request_count"]
    print(f"requests: full run {full_req}, incremental run {inc_req}")
    assert inc_req < full_req / 3
    assert len(inc.items) == 4 and all(i["version"] == 1 for i in inc.items)
    assert not {i["url"] for i in inc.items} & {i["url"] for i in full.items}
    assert inc.stats["jpcrawl/incremental/stopped_sections"] >= 1

    # Stop disabled and known articles refreshed: every article is fetched, only changed ones emitted.
    server.site.update(0)
    refresh = run_crawl(
        tmp_path, base, *args, "-s", "JPCRAWL_REFRESH_KNOWN=True", "-s", "JPCRAWL_INCREMENTAL_STOP_PAGES=0",
        name="refresh",
    )  # fmt: skip
    assert refresh.returncode == 0, refresh.log[-3000:]
    assert [i["version"] for i in refresh.items] == [2]


def _hold_lock_crawl(tmp_path: Path, base: str) -> subprocess.Popen:
    return start_crawl(
        tmp_path, base, tmp_path / "first.jsonl", *FAST, *state_args(tmp_path),
        "-s", "CONCURRENT_REQUESTS=1", "-s", "JOBDIR=" + str(tmp_path / "job"),
    )  # fmt: skip


def test_overlapping_run_refuses_and_dead_lock_is_taken_over(tmp_path: Path, replica_factory) -> None:
    server = replica_factory(articles=60, slow_ms=50)
    base = server.base_url
    lock = tmp_path / "state" / "jakartapost.db.lock"
    first = _hold_lock_crawl(tmp_path, base)
    try:
        wait_for(lambda: journal_lines(tmp_path / "job") >= 2, what="the first run to be under way")
        second = run_crawl(tmp_path, base, *FAST, *state_args(tmp_path), name="second", timeout=60)
        assert second.returncode == 75, second.log[-2000:]
        assert "another jpcrawl run holds" in second.log and f"pid {first.pid}" in second.log
        assert not second.feed.exists() and not Path(str(second.feed) + ".part").exists()
        assert first.wait(timeout=120) == 0
    finally:
        if first.poll() is None:
            first.kill()
    assert len(read_feed(tmp_path / "first.jsonl")) == len(server.site.listed_urls(base))

    # A run killed with -9 leaves its identity in the lock file but no flock: the next run takes over.
    server.site.publish(2)
    dead = _hold_lock_crawl(tmp_path, base)
    wait_for(lambda: json.loads(lock.read_text() or "{}").get("pid") == dead.pid, what="the lock")
    dead.send_signal(signal.SIGKILL)
    dead.wait(timeout=30)
    after = run_crawl(tmp_path, base, *FAST, *state_args(tmp_path), name="after")
    assert after.returncode == 0, after.log[-3000:]
    assert "took over the lock" in after.log and f"pid {dead.pid}" in after.log
    assert len(after.items) == 2


# The README's cron line and systemd unit run exactly this, from the deployment directory.
TIMER_COMMAND = (
    ".venv/bin/scrapy crawl jakartapost -s JOBDIR=.jpcrawl/job/jakartapost -s LOG_FILE=logs/jakartapost.log"
)


@pytest.mark.browser
def test_the_timer_command(tmp_path: Path, replica_factory) -> None:
    server = replica_factory(articles=60)
    deploy = tmp_path / "opt-jpcrawl"  # stands for /opt/jpcrawl: a checkout with its .venv
    deploy.mkdir()
    shutil.copy(ROOT / "scrapy.cfg", deploy / "scrapy.cfg")
    (deploy / ".venv").symlink_to(ROOT / ".venv")
    (deploy / "logs").mkdir()
    env = {**os.environ, "JPCRAWL_BASE_URL": server.base_url}
    started = time.monotonic()
    proc = subprocess.run(
        f"cd {deploy} && {TIMER_COMMAND} -s JPCRAWL_PROGRESS_INTERVAL=1",
        shell=True, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    log = (deploy / "logs" / "jakartapost.log").read_text()
    assert proc.returncode == 0, log[-3000:] + proc.stderr[-2000:]
    feeds = list((deploy / "feeds" / "jakartapost").glob("jakartapost-*.jsonl"))
    assert len(feeds) == 1
    assert len(read_feed(feeds[0])) == len(server.site.listed_urls(server.base_url))
    report = json.loads(feeds[0].with_name(feeds[0].name.replace(".jsonl", ".report.json")).read_text())
    assert report["status"] == "ok"
    assert (deploy / ".jpcrawl" / "state" / "jakartapost.db").exists()
    progress = [line for line in log.splitlines() if "progress" in line]
    assert progress and re.search(r"\d+ pages .*\d+ items .*\d+ errors", progress[-1])
    assert "\x1b" not in log and "\r" not in log
    print(f"timer command: {time.monotonic() - started:.1f}s, {len(progress)} progress lines")


def test_three_scheduled_runs_deliver_every_version_once(tmp_path: Path, replica_factory) -> None:
    """Full, then incremental after new articles, then one killed with -9 and resumed by the next."""
    server = replica_factory(articles=100, slow_ms=30)
    base = server.base_url
    args = [*FAST, *state_args(tmp_path), "-s", f"JOBDIR={tmp_path / 'job'}"]
    delivered: list[dict] = []
    r1 = run_crawl(tmp_path, base, *args, name="run1")
    assert r1.returncode == 0, r1.log[-3000:]
    delivered += r1.items
    server.site.publish(5)
    r2 = run_crawl(tmp_path, base, *args, name="run2")
    assert r2.returncode == 0, r2.log[-3000:]
    assert len(r2.items) == 5
    delivered += r2.items
    server.site.publish(40)
    killed = start_crawl(tmp_path, base, tmp_path / "run3.jsonl", *args, "-s", "CONCURRENT_REQUESTS=1")
    try:
        wait_for(lambda: journal_lines(tmp_path / "job") >= 5, what="run 3 under way")
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    finally:
        if killed.poll() is None:
            killed.kill()
    assert not (tmp_path / "run3.jsonl").exists()
    r4 = run_crawl(tmp_path, base, *args, name="run4")
    assert r4.returncode == 0, r4.log[-3000:]
    delivered += r4.items
    versions = Counter((i["url"], i["version"]) for i in delivered)
    assert all(n == 1 for n in versions.values()), [k for k, n in versions.items() if n > 1]
    assert {u for u, _ in versions} == server.site.listed_urls(base)
    print(f"runs: {len(r1.items)} + {len(r2.items)} + killed + {len(r4.items)} resumed = {len(delivered)}")
