"""Spider middleware: a distributed worker never seeds on its own (`scrapy seed` does)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import redis
from scrapy import Request
from scrapy.exceptions import CloseSpider, IgnoreRequest

from jpcrawl.distributed.connection import as_text
from jpcrawl.distributed.serialize import LEASE_META
from jpcrawl.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

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

    def process_spider_exception(self, response: Response, exception: Exception) -> list[Any] | None:
        # A callback that died on Redis (the state store, say) did not do its work: run it again later.
        if not isinstance(exception, redis.RedisError):
            return None
        from jpcrawl.distributed.scheduler import redo

        Worker.of(self.crawler).health.failed(exception, f"in the callback of {response.url}")
        redo(self.crawler, response.request if response.request is not None else Request(response.url))
        return []


class LeaseMiddleware:
    """Downloader middleware (first in, last out): a request that ends in an exception nobody turned into
    a retry or a response (robots.txt denied it, offsite, retries exhausted) is done for good, and no
    longer holds its lease. Otherwise a worker killed later would hand it back to the queue, and it would
    be tried again by a worker that knows nothing of why it ended."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        field = request.meta.get(LEASE_META)
        if not field:
            return
        worker = Worker.of(self.crawler)
        if not worker.health.may_try():
            return  # it stays leased: at worst it is tried once more
        try:
            worker.release(str(field))
        except redis.RedisError as exc:  # it stays leased: at worst it is tried once more
            worker.health.failed(exc, "releasing a lease")
            return
        del request.meta[LEASE_META]
        if self.crawler.stats is not None:
            kind = "denied" if isinstance(exception, IgnoreRequest) else "failed"
            self.crawler.stats.inc_value(f"jpcrawl/distributed/lease_released/{kind}")
