"""Distributed crawling: N workers share one scheduler queue, dupefilter and dedupe state in Redis.

Switched on by one value: the `JPCRAWL_REDIS_URL` setting or environment variable (e.g.
"redis://10.0.0.5:6379/0"). The `Distributed` add-on (ADDONS) does nothing without it; with it, it sets
SCHEDULER / DUPEFILTER_CLASS to the scrapy-redis based classes below, the worker extension, the start
middleware and the claim pipeline, and points JPCRAWL_STATE_URI at the same Redis.

    scrapy seed jakartapost -a base_url=... -a sections=world,business   # once: a new crawl, its seeds
    scrapy crawl jakartapost -a base_url=...                             # on every worker, any number

What scrapy-redis 0.9.1 gives and what is changed here (it predates Scrapy 2.13's start() API):
- The queue is scrapy-redis's PriorityQueue (a sorted set), but a pop is a Lua script that moves the
  request into this worker's lease hash in the same step. Plain scrapy-redis loses every request a killed
  worker had popped; here a lease lives until the worker's feed and state are safely committed, and the
  survivors requeue the leases of a worker whose heartbeat key has expired (its feed is a ".part" file
  nobody may read, so all of its work is redone; the state store makes the redo emit each article once).
- Requests are serialised as JSON (request.to_dict), not pickle: no code runs from a shared Redis, and a
  request carrying an object or lambda in its meta fails loudly when it is scheduled, not on another host.
- The dupefilter is scrapy-redis's RFPDupeFilter made from the crawler (Scrapy 2.19 passes no spider).
- No RedisSpider: the seeds are pushed once by `scrapy seed` straight into the shared queue (through the
  dupefilter), and `DistributedStartMiddleware` drops whatever a spider's start() yields, so a worker
  never seeds on its own. (scrapy-redis's "start_urls" list is a lossy hop: a worker pops a seed before it
  is scheduled, and a kill in between loses it.)
- Ending: a worker closes once the queue is empty, no dead worker's leases are left to requeue and every
  other live worker is idle, continuously for JPCRAWL_REDIS_IDLE_TIMEOUT seconds; with
  JPCRAWL_REDIS_KEEP_ALIVE it waits for more work forever.
- Exactly once across workers: `ClaimPipeline` claims each emitted URL in Redis (a Lua script: free, or
  held by a dead worker -> mine), so two workers that scrape the same article emit it once. A claim is
  only valid while its worker lives; the durable record (jpcrawl.state_redis) takes over on commit.

Redis keys, for spider "jakartapost" (K = JPCRAWL_REDIS_KEY_PREFIX % {"spider": name}, default the name):
  K:requests (zset, the queue)   K:dupefilter (set)   K:seed (hash: base_url, sections, seeded_at)
  K:workers (set of ids)         K:worker:<id> (heartbeat, "busy"/"idle", expires)
  K:leases:<id> (hash seq -> "score\\n" + request JSON)   K:claim:<url> (id)   K:claims:<id> (set)
"""

from __future__ import annotations

import base64
import json
import logging
import os
import socket
import time
import uuid
import weakref
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any

import redis
from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.utils.misc import load_object
from scrapy.utils.request import request_from_dict
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from jpcrawl.rejects import SkippedItem

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

ENV_URL = "JPCRAWL_REDIS_URL"
DEFAULT_KEY_PREFIX = "%(spider)s"
DEFAULT_IDLE_TIMEOUT = 30.0
DEFAULT_LEASE_TTL = 30.0
CLAIM_PIPELINE_ORDER = 310  # after DedupePipeline (300): only what dedupe lets through is claimed


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def redis_url(settings: BaseSettings) -> str | None:
    """The distributed mode's Redis URL: the setting, else the environment variable, else None (off)."""
    return settings.get(ENV_URL) or os.environ.get(ENV_URL) or None


def connect(url: str) -> redis.Redis:
    # bytes in, bytes out: request JSON and URLs are encoded by us, never guessed by the client.
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=30, retry_on_timeout=True)


def key_prefix(settings: BaseSettings, spider_name: str) -> str:
    return str(settings.get("JPCRAWL_REDIS_KEY_PREFIX") or DEFAULT_KEY_PREFIX) % {"spider": spider_name}


# -- JSON request serialiser --------------------------------------------------------------------------------


def _default(obj: Any) -> Any:
    if isinstance(obj, bytes):
        return {"__b64__": base64.b64encode(obj).decode("ascii")}
    raise TypeError(f"{type(obj).__name__} is not plain data")


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "__b64__" in obj:
        return base64.b64decode(obj["__b64__"])
    return obj


class JsonSerializer:
    """The scheduler queue's serializer (scrapy-redis calls dumps/loads). Only plain data passes."""

    @staticmethod
    def dumps(obj: dict[str, Any]) -> bytes:
        return json.dumps(obj, default=_default, separators=(",", ":"), sort_keys=True).encode("utf-8")

    @staticmethod
    def loads(data: bytes | str) -> dict[str, Any]:
        out: dict[str, Any] = json.loads(data, object_hook=_hook)
        return out


class UnserializableRequest(TypeError):
    pass


def encode_request(request: Request, spider: Spider | None) -> bytes:
    """request.to_dict as JSON; an object, lambda or non-spider callback raises UnserializableRequest."""
    try:
        d = request.to_dict(spider=spider)
        # Header names are bytes (JSON keys must be text); they are ASCII. Values go as tagged base64.
        d["headers"] = {k.decode("latin-1"): v for k, v in d.get("headers", {}).items()}
        return JsonSerializer.dumps(d)
    except (TypeError, ValueError) as exc:
        bad = [k for k, v in request.meta.items() if not _plain(v)]
        raise UnserializableRequest(f"{request}: cannot go through Redis ({exc}; meta keys: {bad})") from exc


def decode_request(data: bytes, spider: Spider | None) -> Request:
    return request_from_dict(JsonSerializer.loads(data), spider=spider)


def _plain(value: Any) -> bool:
    try:
        JsonSerializer.dumps({"v": value})
    except (TypeError, ValueError):
        return False
    return True


# -- worker identity, shared by the scheduler, the extension and the claim pipeline -------------------------

_WORKERS: weakref.WeakKeyDictionary[Crawler, Worker] = weakref.WeakKeyDictionary()

# KEYS: queue, leases, heartbeat. ARGV: lease field. Moves the best request into this worker's leases and
# marks the worker busy in the same step, so no other worker can see "queue empty, everyone idle" between.
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], ARGV[1], r[2] .. '\\n' .. r[1])
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('SET', KEYS[3], 'busy', 'KEEPTTL') end
return r[1]
"""

# KEYS: queue, leases of the worker, its heartbeat, workers set. ARGV: worker id, force (1: requeue even
# if the worker looks alive, for its own shutdown). Returns the number of requests requeued, -1 if alive.
_REQUEUE = """
if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local all = redis.call('HGETALL', KEYS[2])
local n = 0
for i = 2, #all, 2 do
  local v = all[i]
  local nl = string.find(v, '\\n', 1, true)
  redis.call('ZADD', KEYS[1], tonumber(string.sub(v, 1, nl - 1)), string.sub(v, nl + 1))
  n = n + 1
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[4], ARGV[1])
return n
"""

# KEYS: claim key, this worker's claims set. ARGV: my id, heartbeat key prefix. 1: mine now, 0: held by a
# live worker.
_CLAIM = """
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. cur) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], KEYS[1])
return 1
"""

# KEYS: this worker's claims set. ARGV: my id. Deletes the claims still mine.
_RELEASE = """
local keys = redis.call('SMEMBERS', KEYS[1])
for _, k in ipairs(keys) do
  if redis.call('GET', k) == ARGV[1] then redis.call('DEL', k) end
end
redis.call('DEL', KEYS[1])
return #keys
"""


class Worker:
    """One crawling process's identity and its Redis keys."""

    def __init__(self, server: redis.Redis, prefix: str, lease_ttl: float, worker_id: str | None = None):
        self.server = server
        self.prefix = prefix
        self.lease_ttl = lease_ttl
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.queue_key = f"{prefix}:requests"
        self.dupefilter_key = f"{prefix}:dupefilter"
        self.workers_key = f"{prefix}:workers"
        self.seed_key = f"{prefix}:seed"
        self.heartbeat_prefix = f"{prefix}:worker:"
        self.heartbeat_key = self.heartbeat_prefix + self.id
        self.leases_key = f"{prefix}:leases:{self.id}"
        self.claims_key = f"{prefix}:claims:{self.id}"
        self._seq = 0
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)
        self._claim = server.register_script(_CLAIM)
        self._release = server.register_script(_RELEASE)

    @classmethod
    def of(cls, crawler: Crawler) -> Worker:
        worker = _WORKERS.get(crawler)
        if worker is None:
            url = redis_url(crawler.settings)
            if not url:
                raise NotConfigured(f"{ENV_URL} is not set")
            name = crawler.spidercls.name or "spider"
            worker = cls(
                connect(url),
                key_prefix(crawler.settings, name),
                crawler.settings.getfloat("JPCRAWL_REDIS_LEASE_TTL", DEFAULT_LEASE_TTL),
            )
            _WORKERS[crawler] = worker
        return worker

    # liveness
    def register(self) -> None:
        with self.server.pipeline() as pipe:
            pipe.sadd(self.workers_key, self.id)
            pipe.set(self.heartbeat_key, "busy", px=int(self.lease_ttl * 1000))
            pipe.execute()

    def beat(self, state: str | None = None) -> None:
        if state is None:
            self.server.pexpire(self.heartbeat_key, int(self.lease_ttl * 1000))
            if not self.server.exists(self.heartbeat_key):  # expired while we were stalled: come back
                self.register()
        else:
            self.server.set(self.heartbeat_key, state, px=int(self.lease_ttl * 1000))

    def unregister(self) -> None:
        with self.server.pipeline() as pipe:
            pipe.delete(self.heartbeat_key)
            pipe.srem(self.workers_key, self.id)
            pipe.execute()

    def peers(self) -> dict[str, str | None]:
        """Every registered worker but this one -> "busy"/"idle", or None if its heartbeat has expired."""
        ids = sorted(_text(i) for i in self.server.smembers(self.workers_key) if _text(i) != self.id)
        if not ids:
            return {}
        states = self.server.mget([self.heartbeat_prefix + i for i in ids])
        return {i: (_text(s) if s is not None else None) for i, s in zip(ids, states, strict=True)}

    def dead_with_leases(self) -> list[str]:
        """Dead workers (registered or not) that still hold leases."""
        out = []
        lease_prefix = f"{self.prefix}:leases:"
        for key in self.server.scan_iter(match=lease_prefix.encode() + b"*", count=100):
            wid = _text(key)[len(lease_prefix) :]
            if wid != self.id and not self.server.exists(self.heartbeat_prefix + wid):
                out.append(wid)
        return out

    # queue
    def pop(self) -> bytes | None:
        self._seq += 1
        data = self._pop(keys=[self.queue_key, self.leases_key, self.heartbeat_key], args=[str(self._seq)])
        return data if data else None

    def requeue(self, worker_id: str, force: bool = False) -> int:
        n = self._requeue(
            keys=[
                self.queue_key,
                f"{self.prefix}:leases:{worker_id}",
                self.heartbeat_prefix + worker_id,
                self.workers_key,
            ],
            args=[worker_id, "1" if force else "0"],
        )
        return int(n)

    def recover(self) -> int:
        """Requeue the leases of every dead worker; returns how many requests went back to the queue."""
        total = 0
        for wid in self.dead_with_leases():
            n = self.requeue(wid)
            if n > 0:
                logger.warning("worker %s is gone: %d of its requests are back in the queue", wid, n)
                total += n
        for wid, state in self.peers().items():  # forget dead workers without leases too
            if state is None:
                self.requeue(wid)
        return total

    def release_leases(self) -> None:
        self.server.delete(self.leases_key)

    def queue_size(self) -> int:
        return int(self.server.zcard(self.queue_key))

    # claims
    def claim_key(self, url: str) -> str:
        return f"{self.prefix}:claim:{url}"

    def claim(self, url: str) -> bool:
        return bool(
            self._claim(keys=[self.claim_key(url), self.claims_key], args=[self.id, self.heartbeat_prefix])
        )

    def release_claims(self) -> int:
        return int(self._release(keys=[self.claims_key], args=[self.id]))


# -- scheduler, queue, dupefilter ---------------------------------------------------------------------------


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
            queue_cls="jpcrawl.distributed.LeasedPriorityQueue",
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
        if seeded is not None and mine is not None and _text(seeded) != mine:
            raise CloseSpider(f"base_url_mismatch: the crawl was seeded for {_text(seeded)}, not {mine}")
        suppressed = 0
        async for obj in start:
            if isinstance(obj, Request):
                suppressed += 1
                continue
            yield obj
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("jpcrawl/distributed/start_suppressed", suppressed)


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


class ClaimPipeline:
    """After DedupePipeline: claim the item's URL for this worker; another live worker's claim drops it.

    DedupePipeline stages a record only when its item is really scraped (item_scraped), so an item dropped
    here leaves no state behind. The claim stays until this worker exits (its durable record, committed
    after the feeds are safe, answers "unchanged" from then on); a killed worker's claims die with its
    heartbeat, so the survivor that redoes its requests emits those articles again."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.worker = Worker.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClaimPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        url = ItemAdapter(item).get("url")
        if not url or self.worker.claim(url):
            return item
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("jpcrawl/distributed/claimed_elsewhere")
        raise SkippedItem(f"emitted by another worker: {url}")


# -- the switch ---------------------------------------------------------------------------------------------


class Distributed:
    """Add-on (ADDONS = {"jpcrawl.distributed.Distributed": 10}): distributed mode iff JPCRAWL_REDIS_URL."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        settings.set(ENV_URL, url, priority="addon")
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER", "jpcrawl.distributed.RedisScheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "jpcrawl.distributed.RedisDupeFilter", priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.setdefault_in_component_priority_dict("EXTENSIONS", DistributedWorker, 10)
        settings.setdefault_in_component_priority_dict("SPIDER_MIDDLEWARES", DistributedStartMiddleware, 1)
        settings.setdefault_in_component_priority_dict("ITEM_PIPELINES", ClaimPipeline, CLAIM_PIPELINE_ORDER)
        state = str(settings.get("JPCRAWL_STATE_URI") or "")
        explicit = (settings.getpriority("JPCRAWL_STATE_URI") or 0) > 20  # above "project": -s or spider
        if not state.startswith("redis") and not explicit:
            # A per-machine SQLite file would let each worker re-emit what the others emitted last run.
            settings.set("JPCRAWL_STATE_URI", state_uri_for(url), priority="addon")
        elif not state.startswith("redis"):
            logger.warning(
                "distributed crawl with JPCRAWL_STATE_URI=%s: cross-run state is not shared", state
            )


def state_uri_for(url: str) -> str:
    """The Redis state store URI on the crawl's Redis (key prefix "%(name)s:state")."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}prefix=%(name)s:state"


# -- seeding ------------------------------------------------------------------------------------------------


class CrawlInProgress(RuntimeError):
    pass


def seed(
    server: redis.Redis,
    prefix: str,
    requests: Iterable[Request],
    spider: Spider,
    *,
    base_url: str,
    sections: Iterable[str],
    append: bool = False,
) -> tuple[int, int]:
    """Push seed requests into the shared queue through the shared dupefilter; returns (pushed, filtered).

    Without `append` this starts a new crawl: it refuses while workers are alive or requests are queued,
    then clears the previous crawl's queue, fingerprints, leases and claims (the state store is kept: it is
    what makes the next crawl emit only new and changed articles)."""
    worker = Worker(server, prefix, DEFAULT_LEASE_TTL, worker_id="seed")
    if not append:
        alive = {i: s for i, s in worker.peers().items() if s is not None}
        queued = worker.queue_size()
        if alive or queued:
            raise CrawlInProgress(
                f"a crawl is in progress ({len(alive)} live workers, {queued} queued requests): "
                "wait for it, or add seeds to it with --append"
            )
        stale = [
            *server.scan_iter(match=f"{prefix}:leases:*".encode(), count=500),
            *server.scan_iter(match=f"{prefix}:claim*".encode(), count=500),
        ]
        server.delete(worker.dupefilter_key, worker.queue_key, worker.workers_key, worker.seed_key, *stale)
    df = RFPDupeFilter(server, key=worker.dupefilter_key)
    pushed = filtered = 0
    for request in requests:
        data = encode_request(request, spider)
        if not request.dont_filter and df.request_seen(request):
            filtered += 1
            continue
        server.execute_command("ZADD", worker.queue_key, -request.priority, data)
        pushed += 1
    server.hset(
        worker.seed_key,
        mapping={"base_url": base_url, "sections": ",".join(sections), "seeded_at": str(int(time.time()))},
    )
    return pushed, filtered
