"""scrapy-redis's scheduler, queue and dupefilter, adapted to Scrapy 2.19 and to leased pops."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import redis
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from jpcrawl.distributed.serialize import (
    JsonSerializer,
    UnserializableRequest,
    decode_request,
    encode_request,
)
from jpcrawl.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis's sorted-set queue, with pops that lease (see _POP) and JSON requests."""

    def __init__(self, server: redis.Redis, spider: Spider, key: str, worker: Worker) -> None:
        super().__init__(server, spider, key, serializer=JsonSerializer)
        self.worker = worker

    def _encode_request(self, request: Request) -> bytes:
        return encode_request(request, self.spider)

    def _decode_request(self, encoded_request: bytes) -> Request:
        return decode_request(encoded_request, self.spider)

    def pop(self, timeout: int = 0) -> Request | None:
        data = self.worker.pop()
        return self._decode_request(data) if data is not None else None


class RedisDupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter on the crawl's shared key, built from the crawler (Scrapy 2.19 style).
    It is never cleared on close: a crawl's fingerprints live until `scrapy seed` starts the next one."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDupeFilter:
        worker = Worker.of(crawler)
        return cls(
            worker.server, key=worker.dupefilter_key, debug=crawler.settings.getbool("DUPEFILTER_DEBUG")
        )

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RedisDupeFilter:
        raise NotConfigured("RedisDupeFilter is built with from_crawler")

    def open(self) -> None:
        return None

    def close(self, reason: str = "") -> None:
        return None  # the fingerprints are the crawl's, shared by every worker

    def log(self, request: Request, spider: Spider) -> None:
        if self.debug:
            self.logger.debug("Filtered duplicate request: %(request)s", {"request": request})
        if spider is not None and spider.crawler.stats is not None:
            spider.crawler.stats.inc_value("dupefilter/filtered")


class RedisScheduler(Scheduler):
    """scrapy-redis's Scheduler wired for Scrapy 2.19 and leases: built from the crawler, never flushes
    (SCHEDULER_PERSIST is implied: the queue is the crawl's, not this worker's), non-blocking pops."""

    def __init__(self, crawler: Crawler, worker: Worker, dupefilter: RedisDupeFilter) -> None:
        super().__init__(
            server=worker.server,
            persist=True,
            queue_key=worker.queue_key,
            queue_cls="jpcrawl.distributed.scheduler.LeasedPriorityQueue",
            dupefilter=dupefilter,
            dupefilter_key=worker.dupefilter_key,
            serializer=JsonSerializer,
        )
        self.crawler = crawler
        self.worker = worker
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        worker = Worker.of(crawler)
        worker.server.ping()
        df_cls = load_object(crawler.settings.get("DUPEFILTER_CLASS") or RedisDupeFilter)
        if not issubclass(df_cls, RedisDupeFilter):
            df_cls = RedisDupeFilter  # a local dupefilter would let every worker fetch every URL
        return cls(crawler, worker, df_cls.from_crawler(crawler))

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = LeasedPriorityQueue(self.server, spider, self.queue_key, self.worker)
        self.worker.register()
        n = self.worker.recover()
        size = len(self.queue)
        logger.info(
            "distributed worker %s on queue %s: %d requests waiting%s",
            self.worker.id,
            self.queue_key,
            size,
            f" ({n} requeued from dead workers)" if n else "",
        )

    def close(self, reason: str) -> None:
        return None  # leases are settled by the DistributedWorker extension once the feeds are safe

    def enqueue_request(self, request: Request) -> bool:
        # Serialise first: a request that cannot travel must not leave a fingerprint behind.
        try:
            data = encode_request(request, self.spider)
        except UnserializableRequest:
            logger.exception("dropping a request that cannot be shared through Redis")
            if self.stats is not None:
                self.stats.inc_value("jpcrawl/distributed/unserializable")
            return False
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.server.execute_command("ZADD", self.queue_key, -request.priority, data)
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop()
        if request is not None and self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            self.stats.inc_value(f"jpcrawl/distributed/worker/{self.worker.id}/requests")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0


# -- start, idle, shutdown ----------------------------------------------------------------------------------
