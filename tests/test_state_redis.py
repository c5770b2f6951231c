"""The Redis StateStore backend against a real redis-server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from jpcrawl.state import StateRecord, open_state
from jpcrawl.state.redis import RedisStateStore
from tests.redis_server import redis_server


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as url:
        yield url


def rec(url: str, h: str | None = "h1", version: int = 1, **kw: object) -> StateRecord:
    return StateRecord(url=url, content_hash=h, version=version, **kw)  # type: ignore[arg-type]


def test_open_state_redis_scheme_and_round_trip(redis_url: str) -> None:
    store = open_state(f"{redis_url}?prefix=t1")
    assert isinstance(store, RedisStateStore)
    assert store.articles_key == "t1:articles"
    assert store.get("http://x/a.html") is None
    r = rec(
        "http://x/a.html",
        alternate_urls=["http://x/b.html"],
        modified_at="2026-01-01T00:00:00+07:00",
        mergeable=True,
        paywalled=False,
        dirty=True,
        first_seen="t0",
        last_seen="t1",
    )
    assert store.commit([r]) == 1
    assert store.get("http://x/a.html") == r
    assert store.get_many(["http://x/a.html", "http://x/none.html"]) == {"http://x/a.html": r}
    store.close()
    # another process (a new connection) sees the same state
    with open_state(f"{redis_url}?prefix=t1") as again:
        assert again.get("http://x/a.html") == r
    with open_state(f"{redis_url}?prefix=other") as other:
        assert other.get("http://x/a.html") is None


def test_by_hash_only_mergeable_primaries(redis_url: str) -> None:
    with open_state(redis_url) as store:
        store.commit(
            [
                rec("u1", "h", mergeable=True),
                rec("u2", "h", mergeable=True),  # same body later: u1 stays the primary
                rec("alias", "h2", mergeable=True, alias_of="u1"),
                rec("teaser", "h3", mergeable=False),
            ]
        )
        found = store.by_hash("h")
        assert found is not None and found.url == "u1"
        assert store.by_hash("h2") is None
        assert store.by_hash("h3") is None
        # u1's body changes: the index no longer sends "h" to u1
        store.commit([rec("u1", "h-new", version=2, mergeable=True)])
        assert store.by_hash("h") is None
        found = store.by_hash("h-new")
        assert found is not None and found.version == 2


def test_commit_never_lowers_a_version(redis_url: str) -> None:
    a = open_state(redis_url)
    b = open_state(redis_url)
    a.commit([rec("u", "h3", version=3)])
    assert b.commit([rec("u", "h2", version=2), rec("v", "x")]) == 1  # the late, older one is ignored
    got = a.get("u")
    assert got is not None and got.version == 3 and got.content_hash == "h3"
    assert a.get("v") is not None
    a.close()
    b.close()


def test_commit_is_all_or_nothing(redis_url: str) -> None:
    store = open_state(redis_url)
    assert isinstance(store, RedisStateStore)
    store.client.hset(store.articles_key, "broken", "not json")  # makes the script fail on that record
    with pytest.raises(redis.exceptions.ResponseError, match="user_script"):  # the Lua script failed
        store.commit([rec("first"), rec("broken")])
    assert store.get("first") is None  # Redis runs a script atomically: the first write is not applied
    store.close()


def test_empty_commit(redis_url: str) -> None:
    with open_state(redis_url) as store:
        assert store.commit([]) == 0


def test_a_store_whose_redis_is_gone_fails_fast_then_tries_again(tmp_path: Path) -> None:
    import redis as redis_lib

    from tests.redis_server import _free_port

    port = _free_port()
    store = RedisStateStore(redis_lib.Redis(host="127.0.0.1", port=port, socket_connect_timeout=2), "t9")
    refused = r"Connection refused|Error 111"
    with pytest.raises(redis_lib.ConnectionError, match=refused):
        store.get("http://x/a.html")  # really tried
    with pytest.raises(redis_lib.ConnectionError, match=r"backing off"):
        store.get_many(["http://x/a.html"])  # not tried again at once: no socket timeout per item
    with pytest.raises(redis_lib.ConnectionError, match=refused):
        store.commit([rec("http://x/a.html")])  # the run's one commit is always really tried
    assert store._breaker.backoff == 1.0  # doubled
    with redis_server(tmp_path / "back", port=port):  # Redis is back on the same address
        store._breaker.until = 0.0  # the backoff has passed
        assert store.get("http://x/a.html") is None
        assert store.commit([rec("http://x/a.html")]) == 1
        assert store._breaker.backoff == 0.0
        store.close()
