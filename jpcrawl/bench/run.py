"""The crawl benchmark: one replica, one crawl per rendering mode, the same measurements for each.

Every crawl is a real `scrapy crawl <spider>` subprocess with the loopback settings of `scrapy demo`, so
what is measured is what a user runs. The replica of the spider's site runs in its own process
(`python -m jpcrawl.replica [--site NAME]`), fresh for every crawl (its page caches then start cold for
every mode alike), and its CPU is not counted with the crawler's. See jpcrawl/bench/procmon.py for how CPU
and memory are measured.

Modes:
  naive     every page through scrapy-playwright's own handler with its defaults: no request blocking,
            pages per context = CONCURRENT_REQUESTS, unlimited contexts, wait for "load".
  defaults  jpcrawl as shipped (listings rendered, articles over HTTP unless they need the browser).
  http      no browser at all: the upper bound.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jpcrawl.bench.procmon import ProcessTreeMonitor
from jpcrawl.replica.loopback import loopback_args
from jpcrawl.spiders.lookup import DEFAULT_SPIDER

MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]

PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
MODES: dict[str, list[str]] = {
    "naive": [
        "-s", json.dumps({"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER}, separators=(",", ":")),
        "-s", 'JPCRAWL_RENDER={"listing":"always","article":"always","default":"always"}',
        "-s", "PLAYWRIGHT_ABORT_REQUEST=",  # empty: no request blocking
        "-s", "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=0",  # 0: scrapy-playwright's default, CONCURRENT_REQUESTS
        "-s", "PLAYWRIGHT_MAX_CONTEXTS=0",  # 0: unlimited, scrapy-playwright's default
    ],
    "defaults": [],
    "http": ["-s", 'JPCRAWL_RENDER={"listing":"never","article":"never","default":"never"}'],
}  # fmt: skip
MODES["naive"][1] = "DOWNLOAD_HANDLERS=" + MODES["naive"][1]
MODE_TITLES = {"naive": "a naive", "defaults": "b jpcrawl", "http": "c HTTP only"}

_SCRAPED = re.compile(r"Crawled (\d+) pages \(at \d+ pages/min\), scraped (\d+) items")


@dataclass
class CrawlRun:
    mode: str
    returncode: int
    elapsed_s: float  # the crawl itself (Scrapy's elapsed_time_seconds), no interpreter start-up
    wall_s: float
    pages: int
    articles: int
    pages_per_min: float
    articles_per_min: float
    cpu_s: float
    cpu_sampled_s: float
    cpu_rusage_s: float
    cpu_ms_per_article: float
    cpu_by_kind: dict[str, float]
    peak_pss_mib: float
    peak_uss_mib: float
    peak_rss_mib: float
    peak_processes: int
    browser_pages: int
    replica_cpu_s: float
    finish_reason: str
    feed: str
    log: str
    stats: dict[str, Any] = field(default_factory=dict, repr=False)
    article_paths: set[str] = field(default_factory=set, repr=False)
    series: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def summary(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("stats", "article_paths", "series"):
            d.pop(key)
        return d


class Replica:
    """`python -m jpcrawl.replica` in a subprocess; its first stdout line is the base URL. `site`: the site
    profile whose replica to serve (jpcrawl.replica.REPLICAS; any other: the default replica)."""

    def __init__(self, articles: int, extra: list[str] | None = None, site: str | None = None) -> None:
        from jpcrawl.replica import REPLICAS

        which = ["--site", site] if site in REPLICAS else []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jpcrawl.replica", *which, "--articles", str(articles), *(extra or [])],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            self.stop()
            raise RuntimeError(f"the replica did not start (first line {line!r})")
        self.base_url = line.rstrip("/")
        import psutil

        self.ps = psutil.Process(self.proc.pid)

    def cpu(self) -> float:
        t = self.ps.cpu_times()
        return t.user + t.system

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> Replica:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _tail_log(stream: Any, path: Path, progress: dict[str, int]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for line in stream:
            out.write(line)
            m = _SCRAPED.search(line)
            if m:
                progress["pages"], progress["items"] = int(m.group(1)), int(m.group(2))


def crawl(
    mode: str,
    base_url: str,
    workdir: Path,
    *,
    replica: Replica | None = None,
    interval: float = 0.2,
    series_every: float | None = None,
    extra: list[str] | None = None,
    timeout: float = 3600,
    label: str | None = None,
    spider: str = DEFAULT_SPIDER,
) -> CrawlRun:
    """One `scrapy crawl` in `mode`, measured. `series_every`: also record memory every that many seconds."""
    label = label or mode
    feed = workdir / f"{label}.jsonl"
    stats_path = workdir / f"{label}.stats.json"
    log_path = workdir / f"{label}.log"
    for p in (feed, stats_path):
        p.unlink(missing_ok=True)
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-a", f"base_url={base_url}",
        "-O", str(feed),
        "-s", f"JPCRAWL_STATS_DUMP={stats_path}",
        "-s", "JPCRAWL_STATE_URI=memory:",
        "-s", "LOG_LEVEL=INFO",
        "-s", "LOGSTATS_INTERVAL=5",
        *loopback_args(),
        *MODES[mode],
        *(extra or []),
    ]  # fmt: skip
    replica_cpu0 = replica.cpu() if replica else 0.0
    reset_children_cpu()
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    progress = {"pages": 0, "items": 0}
    tail = threading.Thread(target=_tail_log, args=(proc.stderr, log_path, progress), daemon=True)
    tail.start()
    monitor = ProcessTreeMonitor(proc.pid, interval=interval).start()
    series: list[dict[str, Any]] = []
    try:
        next_row = started
        while proc.poll() is None:
            if series_every and time.monotonic() >= next_row and monitor.last is not None:
                s = monitor.last
                series.append({
                    "t_s": round(time.monotonic() - started, 1), "items": progress["items"],
                    "pages": progress["pages"], "pss_mib": round(s.pss / MIB, 1),
                    "uss_mib": round(s.uss / MIB, 1), "rss_mib": round(s.rss / MIB, 1),
                    "processes": s.processes,
                })  # fmt: skip
                next_row += series_every
            if time.monotonic() - started > timeout:
                proc.kill()
            time.sleep(0.1)
    finally:
        monitor.stop()
    # proc.poll() reaped the crawler: its rusage (own + waited-for descendants) comes from the
    # benchmark's own children totals, measured around the crawl.
    tail.join(10)
    wall = time.monotonic() - started
    usage = monitor.usage()
    usage_children = _children_cpu_delta(proc)
    cpu = max(usage.cpu_sampled, usage_children)
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
    paths: set[str] = set()
    if feed.exists():
        with feed.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    paths.add(urlsplit(json.loads(line)["url"]).path)
    articles = len(paths)
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    pages = int(stats.get("response_received_count", 0))
    if series_every:
        series.append({
            "t_s": round(wall, 1), "items": articles, "pages": pages, "pss_mib": None, "uss_mib": None,
            "rss_mib": None, "processes": 0,
        })  # fmt: skip
    return CrawlRun(
        mode=mode,
        returncode=proc.returncode,
        elapsed_s=round(elapsed, 2),
        wall_s=round(wall, 2),
        pages=pages,
        articles=articles,
        pages_per_min=round(pages / elapsed * 60, 1) if elapsed else 0.0,
        articles_per_min=round(articles / elapsed * 60, 1) if elapsed else 0.0,
        cpu_s=round(cpu, 2),
        cpu_sampled_s=round(usage.cpu_sampled, 2),
        cpu_rusage_s=round(usage_children, 2),
        cpu_ms_per_article=round(cpu / articles * 1000, 1) if articles else 0.0,
        cpu_by_kind=usage.cpu_by_kind,
        peak_pss_mib=round(usage.peak_pss / MIB, 1),
        peak_uss_mib=round(usage.peak_uss / MIB, 1),
        peak_rss_mib=round(usage.peak_rss / MIB, 1),
        peak_processes=usage.peak_processes,
        browser_pages=int(stats.get("jpcrawl/render/browser", stats.get("playwright/page_count", 0))),
        replica_cpu_s=round(replica.cpu() - replica_cpu0, 2) if replica else 0.0,
        finish_reason=str(stats.get("finish_reason", "?")),
        feed=str(feed),
        log=str(log_path),
        stats=stats,
        article_paths=paths,
        series=series,
    )


_children_seen = {"cpu": 0.0}


def _children_cpu_delta(proc: subprocess.Popen) -> float:
    """CPU of the benchmark's reaped children since the last call: the crawl just reaped, with every
    descendant it waited for (Chromium's helpers, the Playwright driver). Crawls run one at a time; the
    replica and the load client are still running or were reaped before the call that precedes a crawl."""
    t = os.times()
    total = t.children_user + t.children_system
    delta = total - _children_seen["cpu"]
    _children_seen["cpu"] = total
    return delta


def reset_children_cpu() -> None:
    t = os.times()
    _children_seen["cpu"] = t.children_user + t.children_system


