"""The worker extension: heartbeat, requeue of dead workers' leases, closing when all are idle."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from jpcrawl.distributed.connection import DistributedConfig
from jpcrawl.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

REDIS_UNAVAILABLE = "redis_unavailable"  # the finish reason of a worker that gave up on Redis


class _Close(Exception):
    """The idle rule says: close now."""


class DistributedWorker:
    """Extension: heartbeat, the idle rule (when to close), and settling this worker's leases and claims."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.worker = Worker.of(crawler)
        cfg = DistributedConfig.from_settings(crawler.settings)
        self.idle_timeout = cfg.idle_timeout
        self.keep_alive = cfg.keep_alive
        self.idle_since: float | None = None
        self.reason: str | None = None
        self._beat: Any = None
        self._giving_up = False
        self.worker.health.on_give_up = self._give_up

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedWorker:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def spider_opened(self) -> None:
        from scrapy.utils.asyncio import create_looping_call

        self._beat = create_looping_call(self._heartbeat)
        self._beat.start(max(self.worker.lease_ttl / 4, 0.2), now=True)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("jpcrawl/distributed/worker", self.worker.id)

    def _heartbeat(self) -> None:
        health = self.worker.health
        if health.may_try():
            try:
                self.worker.beat()
            except redis.RedisError as exc:  # a blip: retried with backoff; leases last lease_ttl
                health.failed(exc, "heartbeat")
            else:
                health.ok()
        if health.gave_up():
            self._give_up()

    def _give_up(self) -> None:
        """Close with reason redis_unavailable (exit status 1). This worker's leases stay in Redis: once its
        heartbeat has expired, the next worker puts them back in the queue."""
        if self.reason is not None or self._giving_up:
            return
        self._giving_up = True
        if self._beat is not None and self._beat.running:
            self._beat.stop()  # with a hung Redis each beat would block the close for the socket timeout
        health = self.worker.health
        logger.error(
            "Redis unavailable for %.0fs (JPCRAWL_REDIS_GIVE_UP): closing; %d requests kept locally are "
            "dropped, their parents stay leased in Redis for the next worker",
            self.worker.health.clock() - (health.down_since or 0.0),
            len(self.worker.pending),
        )
        from scrapy.utils.defer import deferred_from_coro

        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=REDIS_UNAVAILABLE))

    def item_error(self, item: Any, response: Any, failure: Any) -> None:
        # An item that failed on Redis (its claim, the shared state) is not in the feed: redo its page.
        exc = getattr(failure, "value", failure)
        request = getattr(response, "request", None)
        if isinstance(exc, redis.RedisError) and request is not None:
            from jpcrawl.distributed.scheduler import redo

            if not self.worker.health.down:  # the claim pipeline has already said so
                self.worker.health.failed(exc, "processing an item")
            redo(self.crawler, request)

    def spider_idle(self) -> None:
        try:
            self._idle()
        except _Close:
            self.worker.health.ok()
            return
        except redis.RedisError as exc:
            self.worker.health.failed(exc, "checking whether the crawl is over")
        except DontCloseSpider:
            pass
        if self.worker.health.gave_up():
            self._give_up()
        raise DontCloseSpider

    def _idle(self) -> None:
        w = self.worker
        if not w.health.may_try():
            raise DontCloseSpider
        w.beat("idle")
        w.health.ok()
        if w.requeue_uncertain() or w.recover() or w.queue_size() or w.pending:
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
        raise _Close

    def spider_closed(self, reason: str) -> None:
        self.reason = reason
        if self.worker.health.errors and self.crawler.stats is not None:
            self.crawler.stats.set_value("jpcrawl/distributed/redis_errors", self.worker.health.errors)

    def engine_stopped(self) -> None:
        # After the feed exporter closed and DedupePipeline committed (or refused to): only a finished crawl
        # whose feeds and state are safe may forget its leases; otherwise its work goes back to the queue.
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        failed = bool(stats.get("jpcrawl/state/not_committed")) or any(
            k.startswith("feedexport/failed_count/") and v for k, v in stats.items()
        )
        if self.reason == REDIS_UNAVAILABLE:
            logger.error("Redis unavailable: this worker's leases stay in Redis for the next worker")
            return
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
