"""Redis backend of the StateStore (jpcrawl.state): dedupe state shared by every worker of a crawl.

URI: redis://[:password@]host:port/db[?prefix=KEYPREFIX] (also rediss:// for TLS, unix:///path.sock?db=0).
`prefix` (default "jpcrawl:state") names the keys, so several sites or environments can share one Redis:

  <prefix>:articles  hash  canonical URL -> StateRecord as JSON
  <prefix>:by_hash   hash  content hash  -> URL of the first mergeable primary with that body

`commit` is one Lua script that reads and checks every record before it writes any (Redis does not roll
back a script that fails half-way), so it is all-or-nothing and isolated from other workers' commits.
Durability is the Redis server's: run it with appendonly yes (appendfsync everysec or always) when a lost
second of state matters; a lost record only means the article is emitted again (at-least-once).

Per record, commit keeps the highest version: a worker that committed late with an older version of an
article never rolls back a newer one another worker already committed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis

from jpcrawl.state.base import StateRecord, StateStore

DEFAULT_PREFIX = "jpcrawl:state"

# KEYS: articles, by_hash. ARGV: triples (url, record JSON, by_hash content hash or "").
_COMMIT = """
local writes, unindex = {}, {}
for i = 1, #ARGV, 3 do
  local url, rec, h = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local r = cjson.decode(rec)
  local old = redis.call('HGET', KEYS[1], url)
  local keep = false
  if old then
    local o = cjson.decode(old)
    if tonumber(o['version']) > tonumber(r['version']) then
      keep = true
    elseif o['content_hash'] ~= cjson.null and o['content_hash'] ~= h then
      table.insert(unindex, {o['content_hash'], url})
    end
  end
  if not keep then table.insert(writes, {url, rec, h}) end
end
for _, u in ipairs(unindex) do
  if redis.call('HGET', KEYS[2], u[1]) == u[2] then redis.call('HDEL', KEYS[2], u[1]) end
end
for _, w in ipairs(writes) do
  redis.call('HSET', KEYS[1], w[1], w[2])
  if w[3] ~= '' then redis.call('HSETNX', KEYS[2], w[3], w[1]) end
end
return #writes
"""


def _record(data: bytes | str | None) -> StateRecord | None:
    if data is None:
        return None
    d = json.loads(data)
    return StateRecord(**d)


BACKOFF_MAX = 10.0


class _Breaker:
    """Fail fast while Redis is known to be away: a hung server makes every call block for the socket
    timeout, and a crawl makes one call per item. After a connection error or timeout, calls raise at once
    until the backoff (0.5 s doubling to 10 s) has passed; the next call tries Redis again."""

    def __init__(self) -> None:
        self.until = 0.0
        self.backoff = 0.0

    def __enter__(self) -> None:
        if time.monotonic() < self.until:
            raise redis.ConnectionError("Redis state store unavailable (backing off)")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if exc is None:
            self.backoff = 0.0
        elif isinstance(exc, redis.ConnectionError | redis.TimeoutError):
            self.backoff = min(self.backoff * 2, BACKOFF_MAX) if self.backoff else 0.5
            self.until = time.monotonic() + self.backoff


class RedisStateStore(StateStore):
    def __init__(self, client: redis.Redis, prefix: str = DEFAULT_PREFIX) -> None:
        self.client = client
        self._breaker = _Breaker()
        self.prefix = prefix
        self.articles_key = f"{prefix}:articles"
        self.by_hash_key = f"{prefix}:by_hash"
        self._commit = client.register_script(_COMMIT)

    @classmethod
    def from_uri(cls, uri: str) -> RedisStateStore:
        parts = urlsplit(uri)
        query = parse_qsl(parts.query, keep_blank_values=True)
        prefix = next((v for k, v in query if k == "prefix"), DEFAULT_PREFIX)
        rest = urlencode([(k, v) for k, v in query if k != "prefix"])
        client = redis.Redis.from_url(
            urlunsplit(parts._replace(query=rest)), socket_timeout=10, socket_connect_timeout=10
        )
        client.ping()  # fail at open, not at the first item
        return cls(client, prefix)

    def get(self, url: str) -> StateRecord | None:
        with self._breaker:
            return _record(self.client.hget(self.articles_key, url))

    def get_many(self, urls: Iterable[str]) -> dict[str, StateRecord]:
        urls = list(urls)
        out: dict[str, StateRecord] = {}
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            with self._breaker:
                found = self.client.hmget(self.articles_key, chunk)
            for url, data in zip(chunk, found, strict=True):
                rec = _record(data)
                if rec is not None:
                    out[url] = rec
        return out

    def by_hash(self, content_hash: str) -> StateRecord | None:
        with self._breaker:
            url = self.client.hget(self.by_hash_key, content_hash)
        if url is None:
            return None
        rec = self.get(url.decode() if isinstance(url, bytes) else url)
        # The index is maintained by commit, but checked here too: a stale entry never merges bodies.
        if rec is None or not rec.mergeable or rec.alias_of or rec.content_hash != content_hash:
            return None
        return rec

    def commit(self, records: Iterable[StateRecord]) -> int:
        args: list[str] = []
        for r in records:
            indexed = r.content_hash if (r.mergeable and not r.alias_of and r.content_hash) else ""
            args += [r.url, json.dumps(asdict(r), separators=(",", ":")), indexed]
        if not args:
            return 0
        self._breaker.until = 0.0  # once per run, after the feeds are safe: always really tried
        with self._breaker:
            return int(self._commit(keys=[self.articles_key, self.by_hash_key], args=args))

    def close(self) -> None:
        self.client.close()
