"""Resume with JOBDIR: a crawl stopped by SIGTERM/SIGINT or killed by SIGKILL is continued by the next run,
and across the runs every article is delivered exactly once (jpcrawl.extensions.resume)."""

from __future__ import annotations

import json
import signal
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import run_crawl
from tests.schedutil import FAST, journal_lines, read_feed, start_crawl, state_args, wait_for

pytestmark = pytest.mark.slow

SECTIONS = "business,world,indonesia,opinion"
SLOW = ["-s", "CONCURRENT_REQUESTS=2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


def _crawl_args(tmp: Path, jobdir: Path) -> list[str]:
    return [*FAST, *state_args(tmp), "-s", f"JOBDIR={jobdir}", "-a", f"sections={SECTIONS}"]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_stopped_crawl_resumes_without_loss_or_duplicates(tmp_path: Path, replica_factory, sig) -> None:
    server = replica_factory(articles=120, slow_ms=40)
    base = server.base_url
    expected = server.site.listed_urls(base, SECTIONS.split(","))
    jobdir = tmp_path / "job"
    feed_a = tmp_path / "a.jsonl"
    proc = start_crawl(tmp_path, base, feed_a, *_crawl_args(tmp_path, jobdir), *SLOW)
    try:
        wait_for(lambda: journal_lines(jobdir) >= 15, what="15 journaled items")
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    first = read_feed(feed_a)  # a killed run delivers nothing; a stopped one its partial feed
    if sig == signal.SIGKILL:
        assert not feed_a.exists() and not first
        assert Path(str(feed_a) + ".part").exists()
    else:
        assert first, (tmp_path / "a.log").read_text()[-3000:]
        assert len(first) < len(expected)
    run_file = json.loads((jobdir / "jpcrawl" / "run.json").read_text())
    assert run_file["status"] != "complete"

    resumed = run_crawl(tmp_path, base, *_crawl_args(tmp_path, jobdir), name="b")
    assert resumed.returncode == 0, resumed.log[-3000:]
    report = json.loads((tmp_path / "b.report.json").read_text())
    assert report["incremental"]["resumed"] is True
    assert "scheduler/unserializable" not in resumed.stats  # requests pickle into JOBDIR's disk queue
    counts = Counter(item["url"] for item in [*first, *resumed.items])
    dupes = {u: n for u, n in counts.items() if n > 1}
    print(f"{sig.name}: first run {len(first)}, resumed run {len(resumed.items)}, expected {len(expected)}")
    assert not dupes
    assert set(counts) == expected
    assert all(item["version"] == 1 for item in resumed.items)
    assert not Path(str(feed_a) + ".part").exists()  # the orphaned unfinished feed is cleaned up
    assert json.loads((jobdir / "jpcrawl" / "run.json").read_text())["status"] == "complete"
    assert not list((jobdir / "jpcrawl").glob("journal-*.jsonl"))

    again = run_crawl(tmp_path, base, *_crawl_args(tmp_path, jobdir), name="c")
    assert again.returncode == 0, again.log[-3000:]
    assert again.items == []  # nothing new: a completed JOBDIR does not hold the next run back either
