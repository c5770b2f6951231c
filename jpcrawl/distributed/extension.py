"""The worker extension: heartbeat, requeue of dead workers' leases, closing when all are idle."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from jpcrawl.distributed.connection import DEFAULT_IDLE_TIMEOUT
from jpcrawl.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class DistributedWorker:
    """Extension: heartbeat, the idle rule (when to close), and settling this worker's leases and claims."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.worker = Worker.of(crawler)
        s = crawler.settings
        self.idle_timeout = s.getfloat("JPCRAWL_REDIS_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)
        self.keep_alive = s.getbool("JPCRAWL_REDIS_KEEP_ALIVE", False)
        self.idle_since: float | None = None
        self.reason: str | None = None
        self._beat: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedWorker:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self) -> None:
        from scrapy.utils.asyncio import create_looping_call

        self._beat = create_looping_call(self._heartbeat)
        self._beat.start(max(self.worker.lease_ttl / 4, 0.2), now=True)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("jpcrawl/distributed/worker", self.worker.id)

    def _heartbeat(self) -> None:
        try:
            self.worker.beat()
        except redis.RedisError as exc:  # a blip: the next beat retries; leases last lease_ttl
            logger.warning("heartbeat to Redis failed: %s", exc)

    def spider_idle(self) -> None:
        w = self.worker
        w.beat("idle")
        if w.recover() or w.queue_size():
            self.idle_since = None
            raise DontCloseSpider
        if self.keep_alive:
            raise DontCloseSpider
        busy = [i for i, state in w.peers().items() if state == "busy"]
        now = time.monotonic()
        if busy or w.dead_with_leases():
            self.idle_since = None  # a busy peer may still add requests, or die and leave leases
            raise DontCloseSpider
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider
        logger.info("queue drained and every worker idle for %.0fs: closing", self.idle_timeout)

    def spider_closed(self, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        # After the feed exporter closed and DedupePipeline committed (or refused to): only a finished crawl
        # whose feeds and state are safe may forget its leases; otherwise its work goes back to the queue.
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        failed = bool(stats.get("jpcrawl/state/not_committed")) or any(
            k.startswith("feedexport/failed_count/") and v for k, v in stats.items()
        )
        try:
            if self.reason == "finished" and not failed:
                self.worker.release_leases()
            else:
                n = self.worker.requeue(self.worker.id, force=True)
                logger.warning("closing with reason %s: %d leased requests back in the queue", self.reason, n)
            self.worker.release_claims()
            self.worker.unregister()
        except redis.RedisError as exc:  # the leases expire with the heartbeat; survivors requeue them
            logger.error("could not settle this worker's leases in Redis: %s", exc)


# -- exactly once across workers ----------------------------------------------------------------------------
