"""Dedupe + state through real crawls (subprocess): versions across runs, merges, kill -9 safety."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from jpcrawl.tools import replay

BODY = [f"Paragraph {i} of a long enough article body with plenty of ordinary words." for i in range(8)]
BASE = "https://www.thejakartapost.com"


def art(slug: str, section: str = "business", body: list[str] | None = None, **kw: Any) -> dict[str, Any]:
    return {
        "url": f"{BASE}/{section}/2024/01/01/{slug}.html",
        "title": slug,
        "published_at": "2024-01-01T10:00:00+07:00",
        "section": section,
        "body": body if body is not None else [slug, *BODY],
        **kw,
    }


RUNS = itertools.count()


def crawl(tmp_path: Path, data: list[dict[str, Any]], *extra: str) -> list[dict[str, Any]]:
    """One run; returns the items of the feed this run wrote."""
    before = set((tmp_path / "feeds").rglob("*.jsonl"))
    # Each run its own feed name: the run stamp has one-second resolution.
    feed = f"feeds/%(name)s/run{next(RUNS)}-%(time)s.jsonl"
    out = replay.run(tmp_path, data, {"FEEDS": {feed: {"format": "jsonlines", "encoding": "utf-8"}}}, *extra)
    assert out.returncode == 0, out.stderr[-3000:]
    new = [p for p in set((tmp_path / "feeds").rglob("*.jsonl")) - before if ".rejects." not in p.name]
    assert len(new) <= 1
    return [json.loads(line) for line in new[0].read_text(encoding="utf-8").splitlines()] if new else []


def rejects(tmp_path: Path) -> list[dict[str, Any]]:
    rows = []
    for p in sorted(tmp_path.rglob("*.rejects.jsonl")):
        rows += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
    return rows


def test_three_runs_emit_each_version_once(tmp_path: Path) -> None:
    a, b = art("a"), art("b")
    run1 = crawl(tmp_path, [a, b, dict(a)])  # a twice in one run
    assert sorted((r["title"], r["version"]) for r in run1) == [("a", 1), ("b", 1)]
    assert [r["reason"] for r in rejects(tmp_path)] == ["duplicate_url"]

    b2 = art("b", body=["b changed", *BODY])
    c = art("c")
    run2 = crawl(tmp_path, [a, b2, c])
    assert sorted((r["title"], r["version"]) for r in run2) == [("b", 2), ("c", 1)]

    a3 = art("a", modified_at="2024-01-02T09:00:00+07:00")  # same body, new modified_at
    run3 = crawl(tmp_path, [a3, b2, c])
    assert [(r["title"], r["version"]) for r in run3] == [("a", 2)]
    # nothing new at all: no items, no feed file is required to exist but nothing is emitted
    assert crawl(tmp_path, [a3, b2, c]) == []


def test_same_body_two_urls_merges_and_lists_alternate(tmp_path: Path) -> None:
    primary, copy = art("p", "world"), art("p-copy", "indonesia", body=["p", *BODY])
    run1 = crawl(tmp_path, [primary, copy])
    assert [r["url"] for r in run1] == [primary["url"]]
    (rec,) = [r for r in rejects(tmp_path) if r["reason"] == "duplicate_content"]
    assert rec["url"] == copy["url"] and rec["detail"]["primary"] == primary["url"]
    # The next crawl re-emits the primary (version 2) listing the alternate, then it is stable again.
    run2 = crawl(tmp_path, [primary, copy])
    assert [(r["url"], r["version"], r["alternate_urls"]) for r in run2] == [
        (primary["url"], 2, [copy["url"]])
    ]
    assert crawl(tmp_path, [primary, copy]) == []


def test_paywalled_teasers_and_short_bodies_are_not_merged(tmp_path: Path) -> None:
    teaser = ["Subscribe to read the full story."]
    data = [
        art("t1", body=teaser, is_paywalled=True, is_premium=True),
        art("t2", body=teaser, is_paywalled=True, is_premium=True),
        art("s1", body=["Short identical body."]),
        art("s2", body=["Short identical body."]),
    ]
    assert sorted(r["title"] for r in crawl(tmp_path, data)) == ["s1", "s2", "t1", "t2"]


def test_teaser_never_downgrades_a_full_article(tmp_path: Path) -> None:
    full = art("f", is_premium=True)
    assert len(crawl(tmp_path, [full])) == 1
    teaser = art("f", body=["f"], is_premium=True, is_paywalled=True)
    assert crawl(tmp_path, [teaser]) == []


def test_kill_9_mid_run_loses_nothing(tmp_path: Path) -> None:
    data = [art(f"k{i}") for i in range(6)]
    cmd = replay.command(tmp_path, data, {}, "--delay", "0.5")
    proc = subprocess.Popen(
        cmd, cwd=tmp_path, env=replay.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    part: list[Path] = []
    while time.monotonic() < deadline:
        part = list(tmp_path.rglob("*.jsonl.part"))
        if part and part[0].read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.05)
    assert part, "the first items were exported before the kill"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert not [
        p for p in (tmp_path / "feeds").rglob("*.jsonl") if ".rejects." not in p.name
    ]  # none complete
    again = crawl(tmp_path, data)  # every article of the killed run comes again, version 1
    assert sorted(r["title"] for r in again) == [f"k{i}" for i in range(6)]
    assert {r["version"] for r in again} == {1}
    assert crawl(tmp_path, data) == []  # and now they are committed


def test_failed_feed_commits_nothing(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the feed directory should be")
    feeds = {"blocked/x/out.jsonl": {"format": "jsonlines"}}
    out = replay.run(tmp_path, [art("z")], {"FEEDS": feeds})
    assert "state records" in out.stderr or "Error" in out.stderr
    # a later run with a working feed still emits the article
    assert [r["title"] for r in crawl(tmp_path, [art("z")])] == ["z"]
