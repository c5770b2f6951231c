"""Spider middleware: a distributed worker never seeds on its own (`scrapy seed` does)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import CloseSpider

from jpcrawl.distributed.connection import as_text
from jpcrawl.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class DistributedStartMiddleware:
    """Spider middleware: a worker yields no start requests of its own (the seeds come from `scrapy seed`),
    and refuses to crawl a seeded crawl with another base_url."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedStartMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        worker = Worker.of(self.crawler)
        spider = self.crawler.spider
        seeded = worker.server.hget(worker.seed_key, "base_url")
        mine = getattr(spider, "base_url", None)
        if seeded is not None and mine is not None and as_text(seeded) != mine:
            raise CloseSpider(f"base_url_mismatch: the crawl was seeded for {as_text(seeded)}, not {mine}")
        suppressed = 0
        async for obj in start:
            if isinstance(obj, Request):
                suppressed += 1
                continue
            yield obj
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("jpcrawl/distributed/start_suppressed", suppressed)
