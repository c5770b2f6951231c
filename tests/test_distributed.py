"""Distributed mode: workers sharing one real redis-server (scrapy-redis queue, leases, claims, state)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from scrapy import Request

from jpcrawl.distributed.connection import ENV_URL
from jpcrawl.distributed.serialize import UnserializableRequest, decode_request, encode_request
from jpcrawl.distributed.worker import Worker
from jpcrawl.spiders.jakartapost import JakartaPostSpider
from tests.conftest import CRAWL_TIMEOUT, LOOPBACK, ROOT, log_tail, run_or_fail
from tests.redis_server import redis_server
from tests.secret_scan import assert_no_secrets

SECTIONS = "world,business"


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as url:
        yield url


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", ENV_URL: url}


def seed(url: str, base_url: str, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "scrapy", "seed", "jakartapost", "-a", f"base_url={base_url}",
           "-a", f"sections={SECTIONS}", *extra]  # fmt: skip
    return run_or_fail(cmd, cwd=ROOT, env=_env(url))


def worker(
    tmp_path: Path,
    name: str,
    url: str,
    base_url: str,
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """A worker with the shipped settings: its state URI is whatever the add-on makes of them. `cwd`: its
    own working directory (a relative sqlite:/// state would be its own file there)."""
    env = {**_env(url), **(env or {})}
    if cwd is not None:
        cwd.mkdir(parents=True, exist_ok=True)
        env["SCRAPY_SETTINGS_MODULE"] = "jpcrawl.settings"  # no scrapy.cfg outside the checkout
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "jakartapost", "-a", f"base_url={base_url}",
        # FEEDS, not -O: with -O the project's default feed is written too, and two workers started in the
        # same second collide on its %(time)s name (see /work/notes/distributed-settings.md).
        "-s", "FEEDS=" + json.dumps({str(tmp_path / f"{name}.jsonl"): {"format": "jsonlines"}}),
        "-s", f"JPCRAWL_STATS_DUMP={tmp_path / f'{name}.stats.json'}",
        "-s", "JPCRAWL_REDIS_IDLE_TIMEOUT=2", "-s", "JPCRAWL_REDIS_LEASE_TTL=3",
        "-s", "LOG_LEVEL=INFO", *LOOPBACK, *args,
    ]  # fmt: skip
    with (tmp_path / f"{name}.log").open("w") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            cmd, cwd=cwd or ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
        )


def feed(tmp_path: Path, name: str) -> list[dict]:
    path = tmp_path / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def stats(tmp_path: Path, name: str) -> dict:
    path = tmp_path / f"{name}.stats.json"
    return json.loads(path.read_text()) if path.exists() else {}


def wait(proc: subprocess.Popen, tmp_path: Path, name: str, timeout: float = CRAWL_TIMEOUT) -> None:
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        log = (tmp_path / f"{name}.log").read_text()
        pytest.fail(f"{name} did not finish in {timeout:.0f} s; its log ends:\n{log_tail(log)}")


def check_finished(tmp_path: Path, name: str) -> None:
    got = stats(tmp_path, name)
    assert got.get("finish_reason") == "finished", (tmp_path / f"{name}.log").read_text()[-3000:]
    assert not got.get("jpcrawl/distributed/unserializable")
    # the project's own requests pass the checks a request read from Redis goes through
    assert not [k for k in got if k.startswith("jpcrawl/distributed/refused/")], got


# -- units against a real Redis -----------------------------------------------------------------------------


def test_every_spider_request_round_trips_as_json() -> None:
    spider = JakartaPostSpider(base_url="http://127.0.0.1:1", sections="world")
    listing = spider.listing_request("world", 2)
    article = spider.article_request("http://127.0.0.1:1/world/2026/01/01/a.html", jpcrawl_section="world")
    # what the render, interstitial, session and retry middlewares and the browser handler put in meta
    rendered = listing.replace(headers={"User-Agent": "Mozilla/5.0", "Cookie": b"a=\xe9"}, priority=-2)
    rendered.meta.update(
        {
            "playwright": True,
            "playwright_context": "jpcrawl-3",
            "playwright_context_kwargs": {
                "user_agent": "Mozilla/5.0",
                "java_script_enabled": True,
                "service_workers": "block",
                "storage_state": "/x/state.json",
            },
            "jpcrawl_render_reason": "js_listing",
            "retry_times": 1,
            "jpcrawl_interstitial_attempts": 2,
            "jpcrawl_not_before": 12.5,
            "download_slot": "127.0.0.1",
            "depth": 1,
        }
    )
    for req in (listing, article, rendered):
        back = decode_request(encode_request(req, spider), spider)
        assert back.to_dict(spider=spider) == req.to_dict(spider=spider)
        assert back.callback == req.callback and back.errback == req.errback
    bad = article.replace()
    bad.meta["handler"] = lambda: None
    with pytest.raises(UnserializableRequest, match="handler"):
        encode_request(bad, spider)
    with pytest.raises(UnserializableRequest):
        encode_request(Request("http://x/", callback=lambda r: None), spider)  # type: ignore[misc]


def _until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_claims_hold_while_the_owner_lives(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    a = Worker(server, "t", lease_ttl=0.5, worker_id="a")
    b = Worker(server, "t", lease_ttl=0.5, worker_id="b")
    a.register()
    b.register()
    assert a.claim("u1")
    assert a.claim("u1")  # idempotent for its owner
    assert not b.claim("u1")
    _until(lambda: not server.exists(a.heartbeat_key))  # a's heartbeat expires: a is dead, its claim is free
    b.beat("busy")
    assert b.claim("u1")
    assert b.release_claims() == 1
    assert server.get(b.claim_key("u1")) is None


def test_a_dead_workers_leases_go_back_to_the_queue(redis_url: str) -> None:
    server = redis.Redis.from_url(redis_url)
    a = Worker(server, "t", lease_ttl=0.5, worker_id="a")
    b = Worker(server, "t", lease_ttl=5, worker_id="b")
    a.register()
    b.register()
    server.zadd(a.queue_key, {b"r1": -1, b"r2": 10})
    assert a.pop() == b"r1"  # lowest score first (highest priority)
    assert server.get(a.heartbeat_key) == b"busy"
    assert a.queue_size() == 1
    assert b.recover() == 0  # a is alive: nothing to take
    _until(lambda: not server.exists(a.heartbeat_key))  # a's heartbeat expires
    assert b.recover() == 1
    assert server.zscore(a.queue_key, b"r1") == -1  # with its priority
    assert server.exists(a.leases_key) == 0 and b"a" not in server.smembers(a.workers_key)


# -- real workers -----------------------------------------------------------------------------------------


def run_two(tmp_path: Path, url: str, base_url: str, *args: str) -> tuple[list[dict], list[dict]]:
    done = seed(url, base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 requests pushed" in done.stdout
    procs = [worker(tmp_path, n, url, base_url, *args, cwd=tmp_path / f"{n}-cwd") for n in ("w1", "w2")]
    for n, p in zip(("w1", "w2"), procs, strict=True):
        wait(p, tmp_path, n)
    check_finished(tmp_path, "w1")
    check_finished(tmp_path, "w2")
    return feed(tmp_path, "w1"), feed(tmp_path, "w2")


def assert_exactly_once(replica, items: list[dict]) -> None:
    counts = Counter(i["url"] for i in items)
    assert [u for u, n in counts.items() if n > 1] == []
    assert set(counts) == replica.site.listed_urls(replica.base_url, SECTIONS.split(","))


def test_two_workers_emit_every_article_once(tmp_path: Path, redis_url: str, replica_factory) -> None:
    # Slow pages and 4 requests per worker: a worker that starts first cannot take the whole crawl alone.
    replica = replica_factory(articles=300, slow_ms=200)
    args = ("-s", 'JPCRAWL_RENDER={"listing": "never"}', "-s", "CONCURRENT_REQUESTS=4")
    one, two = run_two(tmp_path, redis_url, replica.base_url, *args)
    print(f"\nsplit: w1 {len(one)} articles, w2 {len(two)} articles")
    assert one and two, "both workers must have done work"
    assert_exactly_once(replica, one + two)
    for name in ("w1", "w2"):
        st = stats(tmp_path, name)
        assert st.get("jpcrawl/distributed/start_suppressed", 0) >= 1  # own start() requests dropped
        assert st.get("scheduler/dequeued/redis", 0) > 0
    server = redis.Redis.from_url(redis_url)
    assert server.zcard("jakartapost:requests") == 0
    assert list(server.scan_iter(match=b"jakartapost:leases:*")) == []  # settled after a safe finish
    assert server.hlen("jakartapost:state:articles") == len(one) + len(two)  # shared, committed state


def test_the_state_is_shared_without_being_told(tmp_path: Path, redis_url: str, replica_factory) -> None:
    """No JPCRAWL_STATE_URI given: the add-on must move settings.py's per-machine SQLite default to Redis,
    or each worker keeps its own state and re-emits, next crawl, what another worker emitted."""
    replica = replica_factory(articles=40, slow_ms=100)  # slow enough that both workers get a share
    args = ("-s", 'JPCRAWL_RENDER={"listing": "never"}', "-s", "CONCURRENT_REQUESTS=2")
    one, two = run_two(tmp_path, redis_url, replica.base_url, *args)
    assert_exactly_once(replica, one + two)
    server = redis.Redis.from_url(redis_url)
    assert server.hlen("jakartapost:state:articles") == len(one) + len(two)
    assert not list(tmp_path.glob("w?-cwd/.jpcrawl/state/*.db")), "a worker used a local SQLite state"
    for p in tmp_path.glob("w?.*"):
        p.unlink()
    # a second crawl of the unchanged site emits nothing, whichever worker draws which article
    again = run_two(tmp_path, redis_url, replica.base_url, *args)
    assert again == ([], [])


def test_the_shipped_settings_switch_distributed_mode_on() -> None:
    """The workers above run settings.py as shipped (nothing injected): it must list the add-on, and the
    add-on must wire every distributed component from JPCRAWL_REDIS_URL alone."""
    from scrapy.settings import Settings

    from jpcrawl.distributed.addon import Distributed

    settings = Settings()
    settings.setmodule("jpcrawl.settings", priority="project")
    assert "jpcrawl.distributed.addon.Distributed" in settings.getdict("ADDONS")
    settings.set(ENV_URL, "redis://127.0.0.1:1/0", priority="project")
    Distributed().update_settings(settings)
    assert settings["SCHEDULER"] == "jpcrawl.distributed.scheduler.RedisScheduler"
    assert settings["DUPEFILTER_CLASS"] == "jpcrawl.distributed.scheduler.RedisDupeFilter"
    names = {
        key: {getattr(c, "__name__", c) for c in settings.getdict(key)}
        for key in ("EXTENSIONS", "SPIDER_MIDDLEWARES", "DOWNLOADER_MIDDLEWARES", "ITEM_PIPELINES")
    }
    assert "DistributedWorker" in names["EXTENSIONS"]
    assert "DistributedStartMiddleware" in names["SPIDER_MIDDLEWARES"]
    assert "LeaseMiddleware" in names["DOWNLOADER_MIDDLEWARES"]
    assert "ClaimPipeline" in names["ITEM_PIPELINES"]


def test_the_add_on_moves_only_a_default_state_uri() -> None:
    from scrapy.settings import Settings

    from jpcrawl.distributed.addon import Distributed

    def state_after(priority: str | None, value: str | None = None) -> str:
        settings = Settings()
        settings.setmodule("jpcrawl.settings", priority="project")  # as `scrapy crawl` loads settings.py
        settings.set(ENV_URL, "redis://127.0.0.1:1/0", priority="project")
        if priority is not None:
            settings.set("JPCRAWL_STATE_URI", value, priority=priority)
        Distributed().update_settings(settings)
        return str(settings["JPCRAWL_STATE_URI"])

    assert state_after(None) == "redis://127.0.0.1:1/0?prefix=%(name)s:state"
    assert state_after("cmdline", "sqlite:///mine.db") == "sqlite:///mine.db"  # -s: the user's choice
    assert state_after("spider", "memory:") == "memory:"
    assert state_after("cmdline", "redis://other:6379/1") == "redis://other:6379/1"


@pytest.mark.browser
def test_rendered_listings_go_through_redis(tmp_path: Path, redis_url: str, replica_factory) -> None:
    replica = replica_factory(articles=60, js_listings=True)
    one, two = run_two(
        tmp_path, redis_url, replica.base_url, "-s", 'JPCRAWL_RENDER={"listing": "auto", "article": "never"}'
    )
    print(f"\nsplit (rendered listings): w1 {len(one)}, w2 {len(two)}")
    assert_exactly_once(replica, one + two)
    browser = sum(stats(tmp_path, n).get("jpcrawl/render/browser/listing", 0) for n in ("w1", "w2"))
    escalated = sum(stats(tmp_path, n).get("jpcrawl/render/escalated/js_listing", 0) for n in ("w1", "w2"))
    # "auto" escalates each listing by sending a playwright request back through the scheduler: Redis
    assert browser >= 2 and escalated >= 2


def test_a_killed_worker_loses_nothing(tmp_path: Path, replica_factory) -> None:
    with redis_server(tmp_path / "redis-aof", appendonly=True) as url:
        replica = replica_factory(articles=300, slow_ms=250)
        done = seed(url, replica.base_url)
        assert done.returncode == 0, done.stdout + done.stderr
        args = ("-s", 'JPCRAWL_RENDER={"listing": "never"}', "-s", "CONCURRENT_REQUESTS=2")
        victim = worker(tmp_path, "victim", url, replica.base_url, *args)
        survivor = worker(tmp_path, "survivor", url, replica.base_url, *args)
        server = redis.Redis.from_url(url)
        deadline = time.monotonic() + 120
        claimed = 0
        # kill the victim mid-crawl: once it has emitted (claimed) articles and holds leases
        while time.monotonic() < deadline:
            leases = list(server.scan_iter(match=b"jakartapost:leases:*"))
            mine = list(server.scan_iter(match=f"jakartapost:claims:*:{victim.pid}:*".encode()))
            claimed = server.scard(mine[0]) if mine else 0
            if claimed >= 3 and leases:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the victim never got going")
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        wait(survivor, tmp_path, "survivor")
        check_finished(tmp_path, "survivor")
        assert not (tmp_path / "victim.jsonl").exists()  # its feed is unfinished: no consumer reads it
        items = feed(tmp_path, "survivor")
        print(
            f"\nkill: victim had emitted {claimed} articles into its unfinished feed; survivor {len(items)}"
        )
        assert_exactly_once(replica, items)  # everything the victim did (and held) was redone once
        log = (tmp_path / "survivor.log").read_text()
        assert "is gone" in log and "back in the queue" in log


def test_seeding_writes_fingerprint_and_request_together(redis_url: str) -> None:
    from jpcrawl.distributed.seed import seed as push_seeds

    server = redis.Redis.from_url(redis_url)
    spider = JakartaPostSpider(base_url="http://127.0.0.1:1", sections="world")
    reqs = [spider.listing_request("world", 1), spider.listing_request("world", 2)]
    kw = {"base_url": spider.base_url, "sections": ["world"]}
    assert push_seeds(server, "t", reqs, spider, **kw) == (2, 0)
    assert push_seeds(server, "t", reqs[:1], spider, append=True, **kw) == (0, 1)  # seen: not queued twice
    assert server.zcard("t:requests") == 2 and server.scard("t:dupefilter") == 2


# -- a subscriber session in a distributed crawl ---------------------------------------------------------


def _redis_contents(url: str) -> str:
    """Every key and value in the crawl's Redis (queue, leases, claims, state), as one text to scan."""
    server = redis.Redis.from_url(url)
    parts: list[bytes] = []
    for key in server.scan_iter():
        kind = server.type(key)
        if kind == b"string":
            values = [server.get(key) or b""]
        elif kind == b"hash":
            values = [b for kv in server.hgetall(key).items() for b in kv]
        elif kind == b"zset":
            values = server.zrange(key, 0, -1)
        elif kind == b"set":
            values = list(server.smembers(key))
        else:
            values = server.lrange(key, 0, -1)
        parts += [key, *values]
    return b"\n".join(parts).decode("utf-8", "replace")


def test_a_session_in_a_distributed_crawl_leaks_nothing(
    tmp_path: Path, redis_url: str, replica_factory
) -> None:
    """A logged-in worker at DEBUG: no password, e-mail, session id or CSRF token in its log, stats, feed,
    manifest, report, nor anywhere in Redis (queued requests, leases, state, its files). A distributed
    worker takes no lock file: Redis's leases and claims stand in for it."""
    email, password = "subscriber@example.com", "correct-horse-battery"
    replica = replica_factory(articles=120)
    done = seed(redis_url, replica.base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    http_only = '{"listing": "never", "article": "never", "default": "never"}'
    proc = worker(
        tmp_path, "w1", redis_url, replica.base_url,
        "-s", f"JPCRAWL_RENDER={http_only}", "-s", "LOG_LEVEL=DEBUG",
        env={"JPCRAWL_EMAIL": email, "JPCRAWL_PASSWORD": password},
    )  # fmt: skip
    wait(proc, tmp_path, "w1")
    check_finished(tmp_path, "w1")
    got = stats(tmp_path, "w1")
    log = (tmp_path / "w1.log").read_text()
    assert got.get("jpcrawl/session/login_ok") == 1, log[-3000:]
    items = feed(tmp_path, "w1")
    premium = [i for i in items if replica.site.truth(i["url"], replica.base_url)["is_premium"]]
    assert premium and all(not i["is_paywalled"] for i in premium)
    secrets = {email, password}
    for sid, sess in replica.sessions.items():
        secrets |= {sid, sess.token}
    assert_no_secrets(secrets, log=log + _redis_contents(redis_url), stats=got, roots=[tmp_path])
