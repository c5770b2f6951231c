"""Replay a JSONL file of items through the pipelines and feeds, without fetching anything.

    python -m jpcrawl.tools.replay ITEMS.jsonl SETTINGS.json [--delay SECONDS] [--name NAME]

Used by the tests (a real Scrapy crawl in a subprocess) and handy to re-run clean/validate/dedupe over a
captured feed. `--delay` yields items slowly, so a test can kill the process mid-run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess

from jpcrawl.items import Article


class ReplaySpider(scrapy.Spider):
    name = "replay"

    def __init__(self, items: str = "", delay: str = "0", as_dicts: str = "0", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items_path = items
        self.delay = float(delay)
        self.as_dicts = as_dicts == "1"

    async def start(self) -> AsyncIterator[Any]:
        with open(self.items_path, encoding="utf-8", errors="surrogateescape") as fh:
            for line in fh:
                if not line.strip():
                    continue
                data = json.loads(line)
                yield data if self.as_dicts else Article(**data)
                if self.delay:
                    await asyncio.sleep(self.delay)


# The settings the tests (and a quick manual replay) run with: the pipelines/feeds block of the project
# settings, stated explicitly so a replay does not depend on jpcrawl/settings.py.
BASE_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {
        "jpcrawl.pipelines.clean.CleanPipeline": 100,
        "jpcrawl.pipelines.validate.ValidatePipeline": 200,
        "jpcrawl.pipelines.dedupe.DedupePipeline": 300,
    },
    "EXTENSIONS": {"jpcrawl.extensions.rejects.Rejects": 0},
    "ADDONS": {"jpcrawl.feeds.FeedPartitions": 0},
    "FEED_STORAGES": {
        "": "jpcrawl.feeds.AtomicFileFeedStorage",
        "file": "jpcrawl.feeds.AtomicFileFeedStorage",
    },
    "FEED_URI_PARAMS": "jpcrawl.feeds.uri_params",
    "FEED_EXPORT_ENCODING": "utf-8",
    "FEEDS": {"feeds/%(name)s/%(name)s-%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"}},
    "JPCRAWL_STATE_URI": "sqlite:///state/%(name)s.db",
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    "LOG_LEVEL": "INFO",
}


def write_items(path: Path, items: Iterable[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def command(
    workdir: Path, items: Iterable[dict[str, Any]], settings: dict[str, Any] | None = None, *extra: str
) -> list[str]:
    """Write items + settings into workdir and return the replay command line (run it with cwd=workdir)."""
    write_items(workdir / "items.jsonl", items)
    (workdir / "settings.json").write_text(
        json.dumps({**BASE_SETTINGS, **(settings or {})}), encoding="utf-8"
    )
    return [sys.executable, "-m", "jpcrawl.tools.replay", "items.jsonl", "settings.json", *extra]


def env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def run(
    workdir: Path,
    items: Iterable[dict[str, Any]],
    settings: dict[str, Any] | None = None,
    *extra: str,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Replay items through a real crawl in a subprocess (its own reactor) in workdir."""
    cmd = command(workdir, items, settings, *extra)
    return subprocess.run(
        cmd, cwd=workdir, env=env(), capture_output=True, text=True, timeout=timeout, check=False
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("items")
    parser.add_argument("settings")
    parser.add_argument("--delay", default="0")
    parser.add_argument("--name", default="replay")
    parser.add_argument("--dicts", action="store_true")
    parser.add_argument(
        "-a", dest="args", action="append", default=[], help="extra spider argument NAME=VALUE"
    )
    opts = parser.parse_args(argv)
    with open(opts.settings, encoding="utf-8") as fh:
        settings = json.load(fh)
    settings.setdefault("TWISTED_REACTOR", "twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    spider_cls = type("ReplaySpider", (ReplaySpider,), {"name": opts.name})
    extra = dict(a.split("=", 1) for a in opts.args)
    process = CrawlerProcess(settings, install_root_handler=True)
    process.crawl(
        spider_cls, items=opts.items, delay=opts.delay, as_dicts="1" if opts.dicts else "0", **extra
    )
    process.start()


if __name__ == "__main__":
    main()
