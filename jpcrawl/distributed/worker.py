"""A worker's identity in Redis: heartbeat, leases of popped requests, claims of emitted URLs."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

import redis
from scrapy.exceptions import NotConfigured

from jpcrawl.distributed.connection import (
    ENV_URL,
    DistributedConfig,
    as_text,
    connect,
    key_prefix,
    redis_url,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


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


# KEYS: dupefilter, queue, this worker's leases. ARGV: fingerprint ("" = dont_filter), score, request JSON,
# lease field to release ("" = none). The fingerprint and the queued request are written together: a
# fingerprint without its request (Redis gone between the two) would hide that URL from every later worker.
_PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[3], ARGV[4]) end
return 1
"""

BACKOFF_MAX = 10.0


class RedisHealth:
    """Whether Redis answers, since when it does not, and when to try again (exponential backoff)."""

    def __init__(self, give_up: float | None = None, clock: Callable[[], float] = time.monotonic):
        # No give_up: JPCRAWL_REDIS_GIVE_UP's default.
        self.give_up = DistributedConfig.from_settings(None).give_up if give_up is None else give_up
        self.clock = clock
        self.down_since: float | None = None
        self.next_try = 0.0
        self.backoff = 0.0
        self.errors = 0
        # Called once the give-up time has passed (the worker extension closes the spider): checked on
        # every failure, since with a hung Redis each call blocks for the socket timeout and a timer
        # might not get its turn for a long while.
        self.on_give_up: Callable[[], None] | None = None

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def may_try(self) -> bool:
        return self.down_since is None or self.clock() >= self.next_try

    def failed(self, exc: BaseException, what: str) -> None:
        now = self.clock()
        self.errors += 1
        if self.down_since is None:
            self.down_since = now
            self.backoff = 0.5
            logger.warning(
                "Redis unavailable (%s: %s): retrying with backoff for up to %.0fs", what, exc, self.give_up
            )
        else:
            self.backoff = min(self.backoff * 2, BACKOFF_MAX)
            logger.info("Redis still unavailable after %.0fs (%s: %s)", now - self.down_since, what, exc)
        self.next_try = now + self.backoff
        if self.on_give_up is not None and self.gave_up():
            self.on_give_up()

    def check(self) -> None:
        """Fail fast while backing off: raise without touching Redis (the caller's work is redone)."""
        if not self.may_try():
            raise redis.ConnectionError("Redis unavailable (backing off)")

    def ok(self) -> None:
        if self.down_since is not None:
            logger.warning("Redis is back after %.1fs", self.clock() - self.down_since)
        self.down_since = None
        self.backoff = 0.0

    def gave_up(self) -> bool:
        return self.down_since is not None and self.clock() - self.down_since >= self.give_up


class Worker:
    """One crawling process's identity and its Redis keys."""

    def __init__(
        self,
        server: redis.Redis,
        prefix: str,
        lease_ttl: float,
        worker_id: str | None = None,
        give_up: float | None = None,
    ):
        self.server = server
        self.health = RedisHealth(give_up)
        # Requests (JSON, score, fingerprint, lease to release) that could not reach Redis yet.
        self.pending: list[tuple[bytes, float, str, str]] = []
        self.uncertain: set[str] = set()  # lease fields of pops that failed (see requeue_uncertain)
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
        self._push = server.register_script(_PUSH)

    @classmethod
    def of(cls, crawler: Crawler) -> Worker:
        worker = _WORKERS.get(crawler)
        if worker is None:
            url = redis_url(crawler.settings)
            if not url:
                raise NotConfigured(f"{ENV_URL} is not set")
            name = crawler.spidercls.name or "spider"
            cfg = DistributedConfig.from_settings(crawler.settings)
            worker = cls(
                connect(url),
                key_prefix(crawler.settings, name),
                cfg.lease_ttl,
                give_up=cfg.give_up,
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
        ids = sorted(as_text(i) for i in self.server.smembers(self.workers_key) if as_text(i) != self.id)
        if not ids:
            return {}
        states = self.server.mget([self.heartbeat_prefix + i for i in ids])
        return {i: (as_text(s) if s is not None else None) for i, s in zip(ids, states, strict=True)}

    def dead_with_leases(self) -> list[str]:
        """Dead workers (registered or not) that still hold leases."""
        out = []
        lease_prefix = f"{self.prefix}:leases:"
        for key in self.server.scan_iter(match=lease_prefix.encode() + b"*", count=100):
            wid = as_text(key)[len(lease_prefix) :]
            if wid != self.id and not self.server.exists(self.heartbeat_prefix + wid):
                out.append(wid)
        return out

    # queue
    def pop(self) -> bytes | None:
        popped = self.pop_leased()
        return popped[1] if popped is not None else None

    def pop_leased(self) -> tuple[str, bytes] | None:
        """The best queued request, now leased to this worker: (lease field, request JSON)."""
        self._seq += 1
        field = str(self._seq)
        try:
            data = self._pop(keys=[self.queue_key, self.leases_key, self.heartbeat_key], args=[field])
        except redis.RedisError:
            self.uncertain.add(field)  # the script may have run and its reply been lost
            raise
        return (field, data) if data else None

    def requeue_uncertain(self) -> int:
        """Put back in the queue the leases of pops whose reply never came: nobody runs those requests,
        and no other worker would requeue them while this one lives."""
        n = 0
        for field in sorted(self.uncertain):
            value = self.server.hget(self.leases_key, field)
            if value is not None:
                raw = value.encode() if isinstance(value, str) else bytes(value)
                score, _, data = raw.partition(b"\n")
                with self.server.pipeline() as pipe:  # MULTI: both or neither
                    pipe.zadd(self.queue_key, {data: float(score)})
                    pipe.hdel(self.leases_key, field)
                    pipe.execute()
                n += 1
            self.uncertain.discard(field)
        if n:
            logger.warning("%d requests whose pop reply was lost are back in the queue", n)
        return n

    def release(self, field: str) -> None:
        """Forget one lease: its request ended for good (denied, failed) or is back in the queue."""
        self.server.hdel(self.leases_key, field)

    def push(self, data: bytes, score: float, fingerprint: str = "", release: str = "") -> bool:
        """Queue a request (through the dupefilter unless `fingerprint` is ""); False if it was seen."""
        return bool(
            self._push(
                keys=[self.dupefilter_key, self.queue_key, self.leases_key],
                args=[fingerprint, score, data, release],
            )
        )

    def flush(self) -> int:
        """Push the requests kept while Redis was away, oldest first; stops (raises) at the first error."""
        n = 0
        while self.pending:
            data, score, fp, release = self.pending[0]
            if self.push(data, score, fp, release):
                n += 1
            self.pending.pop(0)
        return n

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
