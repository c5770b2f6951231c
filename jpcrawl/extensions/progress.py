"""One plain progress line every JPCRAWL_PROGRESS_INTERVAL seconds (0: off), readable in a cron mail or
the journal: no ANSI colours, no carriage returns, one logging record per line.

    progress: 5m10s, 412 pages (28 rendered, 384 http; 80/min), 370 items (+355 new, 15 updated; 72/min),
    3 errors, 2 rejects, 9 retries, 40 in queue
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def _duration(seconds: float) -> str:
    s = int(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"


class Progress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.task: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("JPCRAWL_PROGRESS_INTERVAL", 60.0)
        if interval <= 0:
            raise NotConfigured("JPCRAWL_PROGRESS_INTERVAL is 0")
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.monotonic()
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
        per_min = 60.0 / elapsed
        return (
            f"{_duration(elapsed)}, {pages} pages ({int(st.get('jpcrawl/render/browser', 0))} rendered, "
            f"{int(st.get('jpcrawl/render/http', 0))} http; {pages * per_min:.0f}/min), "
            f"{items} items (+{int(st.get('jpcrawl/dedupe/new', 0))} new, "
            f"{int(st.get('jpcrawl/dedupe/updated', 0))} updated; {items * per_min:.0f}/min), "
            f"{errors} errors, {int(st.get('jpcrawl/rejects/total', 0))} rejects, "
            f"{int(st.get('retry/count', 0))} retries, {queue} in queue"
        )

    def log(self, final: str | None = None) -> None:
        if final:
            logger.info("progress (%s): %s", final, self.line())
        else:
            logger.info("progress: %s", self.line())
