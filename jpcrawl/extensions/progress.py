"""One plain progress line every JPCRAWL_PROGRESS_INTERVAL seconds (0: off), readable in a cron mail or
the journal: no ANSI colours, no carriage returns, one logging record per line.

    progress: 5m10s, 412 pages (28 rendered, 380 http, 4 other; 80/min, last 1m: 95/min),
    370 items (+355 new, 15 updated; 72/min, last 1m: 60/min), 3 errors, 2 rejects, 9 retries, 40 in queue

The page split adds up to the total: "rendered" and "http" are the crawl's own pages (listings, articles),
"other" everything else that got a response (robots.txt, sitemaps, the login). Each rate is given twice:
the average since the start and over the last interval, so a crawl that stalls shows it at once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from jpcrawl import config

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


def _duration(seconds: float) -> str:
    s = int(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"


@dataclass(frozen=True)
class ProgressConfig:
    interval: float  # seconds between progress lines; 0: off

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> ProgressConfig:
        return cls(interval=config.getfloat(settings, "JPCRAWL_PROGRESS_INTERVAL"))


class Progress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.task: task.LoopingCall | None = None
        self.last: tuple[float, int, int] | None = None  # (time, pages, items) at the previous line

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = ProgressConfig.from_settings(crawler.settings).interval
        if interval <= 0:
            raise NotConfigured  # switched off on purpose: no "Disabled" warning
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.last = (self.started, 0, 0)
        self.task = task.LoopingCall(self.log)
        self.task.start(self.interval, now=False)

    def spider_closed(self, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        self.log(final=reason)

    def line(self) -> str:
        assert self.crawler.stats is not None
        st: dict[str, Any] = self.crawler.stats.get_stats()
        elapsed = max(time.monotonic() - self.started, 1e-6)
        pages = int(st.get("response_received_count", 0))
        items = int(st.get("item_scraped_count", 0))
        errors = sum(int(v) for k, v in st.items() if k.startswith(("jpcrawl/errors/", "spider_exceptions/")))
        queue = "?"
        engine = self.crawler.engine
        scheduler = getattr(engine, "scheduler", None) if engine is not None else None
        with_len = getattr(scheduler, "__len__", None)
        if with_len is not None:
            try:
                queue = str(with_len())
            except Exception:  # a scheduler that is closing; progress must never break the crawl
                queue = "?"
        now = time.monotonic()
        rendered = int(st.get("jpcrawl/render/browser", 0))
        http = int(st.get("jpcrawl/render/http", 0))
        other = max(0, pages - rendered - http)
        per_min = 60.0 / elapsed
        last_t, last_pages, last_items = self.last or (self.started, 0, 0)
        window = max(now - last_t, 1e-6)
        self.last = (now, pages, items)

        def rates(total: int, before: int) -> str:
            average = f"{total * per_min:.0f}/min"
            if window < 1.0:  # the closing line right after a periodic one: a rate over no time is noise
                return average
            return f"{average}, last {_duration(window)}: {(total - before) * 60.0 / window:.0f}/min"

        return (
            f"{_duration(elapsed)}, {pages} pages ({rendered} rendered, {http} http, {other} other; "
            f"{rates(pages, last_pages)}), "
            f"{items} items (+{int(st.get('jpcrawl/dedupe/new', 0))} new, "
            f"{int(st.get('jpcrawl/dedupe/updated', 0))} updated; {rates(items, last_items)}), "
            f"{errors} errors, {int(st.get('jpcrawl/rejects/total', 0))} rejects, "
            f"{int(st.get('retry/count', 0))} retries, {queue} in queue"
        )

    def log(self, final: str | None = None) -> None:
        if final:
            logger.info("progress (%s): %s", final, self.line())
        else:
            logger.info("progress: %s", self.line())
