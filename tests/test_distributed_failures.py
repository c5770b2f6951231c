"""Distributed mode when things go wrong: Redis goes away, a worker is killed, Redis holds hostile input."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from jpcrawl.distributed.serialize import JsonSerializer, RefusedRequest, decode_request, encode_request
from jpcrawl.spiders.jakartapost import JakartaPostSpider
from tests.redis_server import redis_server
from tests.test_distributed import SECTIONS, check_finished, feed, seed, stats, wait, worker

CRAWL_TIMEOUT = 60
HTTP_ONLY = ("-s", 'JPCRAWL_RENDER={"listing": "never"}', "-s", "CONCURRENT_REQUESTS=2")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as url:
        yield url


def _until(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        got = predicate()
        if got:
            return got
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def _claimed(server: redis.Redis, pid: int) -> int:
    keys = list(server.scan_iter(match=f"jakartapost:claims:*:{pid}:*".encode()))
    return int(server.scard(keys[0])) if keys else 0


def _listed(replica) -> set[str]:
    return set(replica.site.listed_urls(replica.base_url, SECTIONS.split(",")))


# -- 13.15: Redis is input -----------------------------------------------------------------------------------

SPIDER = JakartaPostSpider(base_url="http://127.0.0.1:1", sections="world")
GOOD = SPIDER.article_request("http://127.0.0.1:1/world/2026/01/01/a.html", jpcrawl_section="world")


def _queued(**changes: Any) -> dict[str, Any]:
    d = JsonSerializer.loads(encode_request(GOOD, SPIDER))
    meta = changes.pop("meta", {})
    d["meta"].update(meta)
    d.update(changes)
    return d


HOSTILE: list[tuple[str, dict[str, Any]]] = [
    ("class", _queued(_class="scrapy.http.request.form.FormRequest")),
    ("class", _queued(_class="os.system")),
    ("meta", _queued(meta={"proxy": "http://attacker.example:8080"})),
    ("meta", _queued(meta={"dont_obey_robotstxt": True})),
    ("meta", _queued(meta={"bindaddress": ["10.0.0.1", 0]})),
    ("meta", _queued(meta={"download_maxsize": 0})),
    ("meta", _queued(meta={"download_slot": "attacker.example"})),
    ("meta", _queued(meta={"jpcrawl_session_login": True})),
    ("meta", _queued(meta={"jpcrawl_lease": "1"})),
    ("meta", _queued(meta={"playwright": True, "playwright_include_page": True})),
    ("meta", _queued(meta={"playwright_page_init_callback": "os.system"})),
    ("meta", _queued(meta={"playwright_page_methods": [{"method": "evaluate", "args": ["1"]}]})),
    ("meta", _queued(meta={"playwright_page_event_handlers": {"response": "close"}})),
    ("meta", _queued(meta={"playwright_context": "mine", "playwright_context_kwargs": {}})),
    ("meta", _queued(meta={"playwright_context_kwargs": {"record_har_path": "/tmp/x.har"}})),
    ("meta", _queued(meta={"playwright_context_kwargs": {"proxy": {"server": "http://attacker.example"}}})),
    ("meta", _queued(meta={"download_timeout": 1e9})),
    ("meta", _queued(meta={"depth": "deep"})),
    ("callback", _queued(callback="close")),
    ("callback", _queued(callback="_set_crawler")),
    ("callback", _queued(callback="from_crawler")),
    ("callback", _queued(callback="no_such_method")),
    ("callback", _queued(errback="start")),
    ("url", _queued(url="file:///etc/passwd")),
    ("url", _queued(url="data:text/html,<p>x</p>")),
    ("method", _queued(method="DELETE")),
    ("field", _queued(priority="high")),
    ("field", _queued(surprise=1)),
    ("field", _queued(cookies={"session": "attacker's"})),
    ("field", _queued(cb_kwargs={"page": 99})),
    ("malformed", {"__b64__": "AAAA"}),
]


@pytest.mark.parametrize(("why", "queued"), HOSTILE, ids=[f"{w}-{i}" for i, (w, _) in enumerate(HOSTILE)])
def test_a_hostile_queued_request_is_refused(why: str, queued: Any) -> None:
    data = JsonSerializer.dumps(queued)
    with pytest.raises(RefusedRequest) as info:
        decode_request(data, SPIDER)
    assert info.value.why == why


def test_garbage_in_the_queue_is_refused_not_raised() -> None:
    for data in (b"not json", b"[1, 2]", b'"a string"', b"\xff\xfe"):
        with pytest.raises(RefusedRequest) as info:
            decode_request(data, SPIDER)
        assert info.value.why == "malformed"


def test_the_projects_own_requests_pass() -> None:
    rendered = GOOD.replace(priority=-2)
    rendered.meta.update(
        {
            "playwright": True,
            "playwright_context": "jpcrawl-3",
            "playwright_context_kwargs": {"user_agent": "Mozilla/5.0", "storage_state": "/x/state.json"},
            "download_slot": "127.0.0.1",
            "download_timeout": 180,
            "download_latency": 0.2,
            "retry_times": 1,
            "depth": 1,
            "redirect_urls": ["http://127.0.0.1:1/a"],
            "jpcrawl_render_reason": "js_listing",
        }
    )
    for req in (GOOD, rendered, SPIDER.listing_request("world", 2)):
        back = decode_request(encode_request(req, SPIDER), SPIDER)
        assert back.url == req.url and back.callback == req.callback and back.meta == req.meta


def test_a_worker_refuses_hostile_requests_and_crawls_on(
    tmp_path: Path, redis_url: str, replica_factory
) -> None:
    replica = replica_factory(articles=20)
    done = seed(redis_url, replica.base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    server = redis.Redis.from_url(redis_url)
    evil = f"{replica.base_url}/world/2026/01/01/evil-{{}}.html"
    hostile = {
        "class": _queued(url=evil.format("class"), _class="scrapy.http.request.form.FormRequest"),
        "meta": _queued(url=evil.format("proxy"), meta={"proxy": "http://127.0.0.1:9"}),
        "callback": _queued(url=evil.format("callback"), callback="close"),
    }
    for queued in hostile.values():  # before the seeds: the first a worker takes
        server.zadd("jakartapost:requests", {JsonSerializer.dumps(queued): -1000})
    server.zadd("jakartapost:requests", {b"\x00garbage": -1000})
    w = worker(tmp_path, "w", redis_url, replica.base_url, *HTTP_ONLY, cwd=tmp_path / "w-cwd")
    wait(w, tmp_path, "w", CRAWL_TIMEOUT)
    assert w.returncode == 0, (tmp_path / "w.log").read_text()[-3000:]
    check_finished_but_refused(tmp_path, "w")
    st = stats(tmp_path, "w")
    assert {k: v for k, v in st.items() if k.startswith("jpcrawl/distributed/refused/")} == {
        "jpcrawl/distributed/refused/class": 1,
        "jpcrawl/distributed/refused/meta": 1,
        "jpcrawl/distributed/refused/callback": 1,
        "jpcrawl/distributed/refused/malformed": 1,
    }
    assert not [p for p in replica.url_hits if "evil-" in p]  # none of them was fetched
    assert {i["url"] for i in feed(tmp_path, "w")} == _listed(replica)  # and the crawl went on
    log = (tmp_path / "w.log").read_text()
    assert len(re.findall(r"refused a queued request from Redis: (class|meta|callback|malformed)", log)) == 4
    assert "Traceback" not in log
    assert server.zcard("jakartapost:requests") == 0
    assert list(server.scan_iter(match=b"jakartapost:leases:*")) == []


def check_finished_but_refused(tmp_path: Path, name: str) -> None:
    got = stats(tmp_path, name)
    assert got.get("finish_reason") == "finished", (tmp_path / f"{name}.log").read_text()[-3000:]


# -- 13.14: robots.txt holds for requeued requests; an ended request holds no lease ------------------------


def test_a_denied_request_leaves_no_lease_and_stays_denied(tmp_path: Path, replica_factory) -> None:
    """The replica's robots.txt disallows /test/. A worker denies a /test/ article, then is killed: the
    denied request must not be in its leases (or the survivor gets it back), and a denied request that
    does come back from a dead worker's leases is checked against robots.txt like a new one."""
    with redis_server(tmp_path / "redis") as url:
        replica = replica_factory(articles=40, slow_ms=300)
        done = seed(url, replica.base_url)
        assert done.returncode == 0, done.stdout + done.stderr
        server = redis.Redis.from_url(url)
        spider = JakartaPostSpider(base_url=replica.base_url, sections="world")
        denied = spider.article_request(f"{replica.base_url}/test/2026/01/01/no.html", jpcrawl_section="w")
        server.zadd("jakartapost:requests", {encode_request(denied, spider): -1000})  # taken first
        victim = worker(tmp_path, "victim", url, replica.base_url, *HTTP_ONLY, cwd=tmp_path / "v-cwd")
        # once it has emitted articles, robots.txt has long been read and the denied request has ended
        _until(lambda: _claimed(server, victim.pid) >= 2, CRAWL_TIMEOUT, "the victim's first articles")
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        leases = list(server.scan_iter(match=f"jakartapost:leases:*:{victim.pid}:*".encode()))
        held = [v for key in leases for v in server.hvals(key)]
        assert held, "the victim held no leases when killed: the test proves nothing"
        assert not [v for v in held if b"/test/" in v], "a denied request still holds its lease"
        # and one that does come back (a dead worker's lease, as older workers left them) is denied again
        again = spider.article_request(f"{replica.base_url}/test/2026/01/01/re.html", jpcrawl_section="world")
        server.sadd("jakartapost:workers", "dead")
        server.hset("jakartapost:leases:dead", "1", b"-1000\n" + encode_request(again, spider))
        survivor = worker(tmp_path, "survivor", url, replica.base_url, *HTTP_ONLY, cwd=tmp_path / "s-cwd")
        wait(survivor, tmp_path, "survivor", CRAWL_TIMEOUT)
        check_finished(tmp_path, "survivor")
        st = stats(tmp_path, "survivor")
        assert st.get("robotstxt/forbidden", 0) >= 1
        assert st.get("jpcrawl/distributed/lease_released/denied", 0) >= 1
        assert not [p for p in replica.url_hits if p.startswith("/test/")]  # never fetched, by anyone
        items = feed(tmp_path, "survivor")
        assert not [i for i in items if "/test/" in i["url"]]
        assert {i["url"] for i in items} == _listed(replica)  # the victim's work was redone
        assert list(server.scan_iter(match=b"jakartapost:leases:*")) == []


# -- 13.12: Redis gone mid-crawl -----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["stopped", "hung"])
def test_redis_gone_mid_crawl_fails_the_worker_and_loses_nothing(
    tmp_path: Path, replica_factory, how: str
) -> None:
    """Redis goes away under a working worker: "stopped" (SIGTERM: connections refused) or "hung"
    (SIGSTOP: connections hang until the client's timeout). The worker must give up within
    JPCRAWL_REDIS_GIVE_UP plus a bounded margin, exit 1 with reason redis_unavailable and a "redis" alert,
    and leave its leases; once Redis is back, a new worker finishes the crawl and nothing is lost."""
    give_up = 5
    replica = replica_factory(articles=60, slow_ms=200)
    data = tmp_path / "redis-aof"
    args = (*HTTP_ONLY, "-s", f"JPCRAWL_REDIS_GIVE_UP={give_up}")
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(redis_server(data, appendonly=True))
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        done = seed(url, replica.base_url)
        assert done.returncode == 0, done.stdout + done.stderr
        # A hung server blocks each call for the socket timeout (10 s by default); the URL sets it.
        fast = f"{url}?socket_timeout=1&socket_connect_timeout=1"
        first = worker(tmp_path, "w1", fast, replica.base_url, *args, cwd=tmp_path / "w1-cwd")
        server = redis.Redis.from_url(url)
        _until(lambda: _claimed(server, first.pid) >= 3, CRAWL_TIMEOUT, "the first worker's articles")
        pid = int(server.info("server")["process_id"])
        server.close()
        if how == "stopped":
            stack.close()  # SIGTERM: its append-only file is synced, then it is gone
        else:
            os.kill(pid, signal.SIGSTOP)
            stack.callback(os.kill, pid, signal.SIGCONT)  # whatever happens, it must be stoppable
        stopped = time.monotonic()
        wait(first, tmp_path, "w1", give_up + 50)  # a hung Redis costs a socket timeout per call too
        took = time.monotonic() - stopped
        log1 = (tmp_path / "w1.log").read_text()
        assert first.returncode == 1, log1[-3000:]
        assert took < give_up + 20, f"the worker took {took:.0f}s to give up"
        st1 = stats(tmp_path, "w1")
        assert st1.get("finish_reason") == "redis_unavailable"
        assert st1.get("jpcrawl/distributed/redis_errors", 0) >= 2  # counted, one per failed try
        report = json.loads((tmp_path / "w1.report.json").read_text())
        assert report["finish_reason"] == "redis_unavailable" and report["exit_status"] == 1
        kinds = [a["kind"] for a in report["alerts"]]
        # Items that failed on Redis are also item errors (in rejects, re-emitted by the next worker), so
        # the error-rate alert may come with it; nothing else may.
        assert "redis" in kinds and set(kinds) <= {"redis", "error_rate"}, kinds
        assert "Redis unavailable" in log1
        # no traceback per retry from the engine's loop or this worker's own signal handlers
        assert "[scrapy.core.engine] ERROR" not in log1
        assert "Error caught on signal handler: <bound method DistributedWorker" not in log1
        one = feed(tmp_path, "w1")
        assert st1.get("jpcrawl/state/committed") is None  # so the next worker emits these again

        if how == "stopped":  # Redis is back on the same address, with what it had
            url = stack.enter_context(redis_server(data, appendonly=True, port=port))
        else:
            os.kill(pid, signal.SIGCONT)
        server = redis.Redis.from_url(url)
        assert server.hlen(f"jakartapost:leases:{st1['jpcrawl/distributed/worker']}") >= 1  # kept for us
        second = worker(tmp_path, "w2", url, replica.base_url, *args, cwd=tmp_path / "w2-cwd")
        wait(second, tmp_path, "w2", CRAWL_TIMEOUT)
        assert second.returncode == 0, (tmp_path / "w2.log").read_text()[-3000:]
        check_finished(tmp_path, "w2")
        two = feed(tmp_path, "w2")
        assert server.zcard("jakartapost:requests") == 0
    print(f"\nredis {how}: w1 emitted {len(one)}, gave up after {took:.1f}s; w2 emitted {len(two)}")
    for items in (one, two):
        assert [u for u, n in Counter(i["url"] for i in items).items() if n > 1] == []
    # every article reached a feed; one emitted twice only because the first run could not commit it
    assert {i["url"] for i in one} | {i["url"] for i in two} == _listed(replica)
    assert {i["url"] for i in two} >= {i["url"] for i in one}


# -- 13.12 units: backoff, and a pop whose reply was lost ----------------------------------------------------


def test_redis_health_backs_off_and_gives_up_in_bounded_time() -> None:
    from jpcrawl.distributed.worker import BACKOFF_MAX, RedisHealth

    now = [1000.0]
    health = RedisHealth(give_up=60, clock=lambda: now[0])
    assert health.may_try() and not health.down
    waits = []
    while not health.gave_up():
        health.failed(redis.ConnectionError("refused"), "test")
        waits.append(health.next_try - now[0])
        assert not health.may_try()
        now[0] = health.next_try  # the next attempt, as soon as allowed
        assert health.may_try()
    assert waits[:4] == [0.5, 1.0, 2.0, 4.0] and max(waits) == BACKOFF_MAX
    assert 60 <= now[0] - 1000 < 60 + BACKOFF_MAX
    health.ok()
    assert not health.down and not health.gave_up() and health.may_try()


def test_a_pop_whose_reply_was_lost_goes_back_to_the_queue(redis_url: str) -> None:
    from jpcrawl.distributed.worker import Worker

    server = redis.Redis.from_url(redis_url)
    w = Worker(server, "t", lease_ttl=5, worker_id="w")
    w.register()
    server.zadd(w.queue_key, {b"r1": -3, b"r2": 5})
    # the script ran on the server, the reply never came back: as a timed-out pop leaves it
    w._pop(keys=[w.queue_key, w.leases_key, w.heartbeat_key], args=["7"])
    w.uncertain.add("7")
    assert server.zcard(w.queue_key) == 1 and server.hlen(w.leases_key) == 1
    assert w.requeue_uncertain() == 1
    assert server.zscore(w.queue_key, b"r1") == -3 and server.hlen(w.leases_key) == 0
    assert w.uncertain == set()
    # a pop that fails is remembered as uncertain, not lost
    gone = Worker(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1), "t", 5, worker_id="g")
    with pytest.raises(redis.ConnectionError):
        gone.pop_leased()
    assert gone.uncertain == {"1"}
