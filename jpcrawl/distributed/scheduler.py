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
    LEASE_META,
    JsonSerializer,
    RefusedRequest,
    UnserializableRequest,
    decode_request,
    encode_request,
)
from jpcrawl.distributed.worker import Worker
from jpcrawl.run import mask_uri

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

MAX_REFUSED_PER_POP = 100  # then yield to the engine; the rest are refused on the next pops


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
        """The next request this worker may run, leased; refused ones are counted, logged and dropped."""
        for _ in range(MAX_REFUSED_PER_POP):
            popped = self.worker.pop_leased()
            if popped is None:
                return None
            field, data = popped
            try:
                request = self._decode_request(data)
            except RefusedRequest as exc:
                self._refused(exc, field)
                continue
            request.meta[LEASE_META] = field
            return request
        return None

    def _refused(self, exc: RefusedRequest, field: str) -> None:
        # Dropped for good (its lease too): requeued, it would be refused again by every worker.
        logger.warning("refused a queued request from Redis: %s", mask_uri(str(exc))[:300])
        stats = self.spider.crawler.stats if self.spider is not None else None
        if stats is not None:
            stats.inc_value(f"jpcrawl/distributed/refused/{exc.why}")
        self.worker.release(field)


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
        fp = "" if request.dont_filter else self.df.request_fingerprint(request)
        entry = (data, float(-request.priority), fp, "")
        if self.worker.pending or not self.worker.health.may_try():
            # Redis is away: keep it here (in order) until it is back; its parent's lease stays in Redis,
            # so if this worker gives up, the next one redoes the parent and queues it again.
            self.worker.pending.append(entry)
            self._flush()
            return True
        try:
            queued = self.worker.push(*entry)
        except redis.RedisError as exc:
            self.worker.health.failed(exc, "queueing a request")
            self.worker.pending.append(entry)
            return True
        self.worker.health.ok()
        if not queued:
            self.df.log(request, self.spider)
            return False
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def _flush(self) -> bool:
        """Push what was kept while Redis was away; True if nothing is left."""
        if not self.worker.pending:
            return True
        if not self.worker.health.may_try():
            return False
        try:
            n = self.worker.flush()
        except redis.RedisError as exc:
            self.worker.health.failed(exc, "queueing kept requests")
            return False
        self.worker.health.ok()
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis", n)
        return True

    def next_request(self) -> Request | None:
        if not self._flush() or not self.worker.health.may_try():
            return None
        try:
            request = self.queue.pop()
        except redis.RedisError as exc:
            self.worker.health.failed(exc, "taking a request")
            return None
        self.worker.health.ok()
        if request is not None and self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            self.stats.inc_value(f"jpcrawl/distributed/worker/{self.worker.id}/requests")
        return request

    def has_pending_requests(self) -> bool:
        if self.worker.pending:
            return True
        if not self.worker.health.may_try():
            return False  # lets the engine go idle, where the worker extension decides to wait or give up
        try:
            n = len(self.queue)
        except redis.RedisError as exc:
            self.worker.health.failed(exc, "reading the queue size")
            return False
        return n > 0


# -- start, idle, shutdown ----------------------------------------------------------------------------------


def redo(crawler: Crawler, request: Request) -> None:
    """Queue a request again (past the dupefilter) in place of its lease: its callback, or an item of it,
    failed on a Redis error, so its work is not done. Kept in the worker until Redis answers (the
    scheduler pushes it); if the worker gives up first, the lease it replaces is still in Redis."""
    worker = Worker.of(crawler)
    lease = str(request.meta.get(LEASE_META) or "")
    try:
        data = encode_request(request, crawler.spider)
    except UnserializableRequest:
        logger.exception("cannot queue %s again; it stays leased for the next worker", request)
        return
    worker.pending.append((data, float(-request.priority), "", lease))
    logger.warning("a Redis error cut %s short: it goes back to the queue", request)
    if crawler.stats is not None:
        crawler.stats.inc_value("jpcrawl/distributed/redone")
