"""`scrapy demo [--spider NAME]`: start the replica of the spider's site on a free loopback port, crawl it
with the real spider, stop it (jpcrawl.replica.replica_for says which replica serves which site).

The crawl runs as its own `scrapy crawl` process, exactly as a user would run it; only the politeness
limits are lifted, since the server is on loopback. Its log goes to "<feed stem>.log" (named on screen);
what is printed is the feed's path, the run's row of the `scrapy runs` table (from its run report) and a
one-line summary.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from argparse import ArgumentParser, Namespace
from datetime import datetime, timezone
from pathlib import Path

from scrapy.commands import ScrapyCommand

from jpcrawl.commands.runs import row, table
from jpcrawl.commands.spiderarg import add_spider_option, spider_class
from jpcrawl.extensions.report import report_path_for
from jpcrawl.replica.loopback import loopback_args

SHORT_COLUMNS = ("duration", "status", "alerts", "pages", "new", "rejects", "errors", "fill")


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl the bundled replica site into a JSONL feed"

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        add_spider_option(parser)
        parser.add_argument("--articles", type=int, default=300, help="articles on the replica (default 300)")
        parser.add_argument("--sections", default=None, help="comma-separated sections (default: all)")
        parser.add_argument("--out", default=None, help="feed path (default feeds/demo/...)")

    def run(self, args: list[str], opts: Namespace) -> None:
        from jpcrawl.replica import replica_for, site_of

        spider = opts.spider
        site = site_of(spider_class(spider, self.settings))
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%S")
        out = Path(opts.out or f"feeds/demo/{spider}-{stamp}.jsonl").resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with replica_for(site, articles=opts.articles) as server:
            cmd = [
                sys.executable, "-m", "scrapy", "crawl", spider,
                "-a", f"base_url={server.base_url}",
                "-O", str(out),
                "-s", "LOG_LEVEL=INFO",
                "-s", "JPCRAWL_STATE_URI=",  # a demo is a full crawl every time
                *loopback_args(),
            ]  # fmt: skip
            if opts.sections:
                cmd += ["-a", f"sections={opts.sections}"]
            stats_path = out.with_suffix(".stats.json")
            log_path = out.with_suffix(".log")
            cmd += ["-s", f"JPCRAWL_STATS_DUMP={stats_path}"]
            print(f"replica: {server.base_url} ({opts.articles} articles); crawling...", flush=True)
            print(f"log: {log_path}", flush=True)
            with log_path.open("w", encoding="utf-8") as log:
                proc = subprocess.run(
                    cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=log, stderr=subprocess.STDOUT,
                    check=False,
                )  # fmt: skip
        elapsed = time.monotonic() - started
        lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
        items = sum(1 for line in lines if line.strip())
        pages = "?"
        if stats_path.exists():
            stats = json.loads(stats_path.read_text())
            pages = str(stats.get("response_received_count", "?"))
        print(f"feed: {out}")
        report_path = report_path_for(out)
        if report_path.exists():
            report = json.loads(report_path.read_text(encoding="utf-8"))
            print(f"report: {report_path}")
            print(table([row(report)], SHORT_COLUMNS))
        else:
            print(f"no run report ({report_path}): see the log")
        print(f"summary: {items} items, {pages} pages, {elapsed:.1f} s (crawl exit status {proc.returncode})")
        if proc.returncode != 0 or items == 0:
            self.exitcode = 1
