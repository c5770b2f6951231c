"""Failed runs fail (issue 13 points 10, 11, 16, 17, 18; issue 15 item 2).

End to end, as `scrapy crawl` subprocesses against the replica: an unwritable feed (a read-only directory, a
file-size limit), a pipeline that raises on every third item, a corrupt or newer state store. Each must exit
non-zero with an alert in the report, and lose nothing: every item is in the feed or the rejects file, or
the state was not committed so the next run emits it again. Then the pieces on their own: offsite rules,
backoff delays in meta, the schema version of the state file.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import http.server
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from jpcrawl.exceptions import RejectedItem
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.extensions.report import RunReport
from jpcrawl.items import Article
from jpcrawl.middlewares import interstitial as interstitial_mod
from jpcrawl.middlewares.interstitial import BACKOFF_KEY, NOT_BEFORE_KEY, InterstitialMiddleware
from jpcrawl.middlewares.offsite import OffsiteMiddleware
from jpcrawl.pages.detect import PageKind
from jpcrawl.pipelines.validate import ValidatePipeline
from jpcrawl.spiders.jakartapost import JakartaPostSpider
from jpcrawl.state import (
    SCHEMA_VERSION,
    StateCorrupt,
    StateRecord,
    StateSchemaError,
    check_state,
    open_state,
)
from tests.conftest import LOOPBACK, ROOT
from tests.schedutil import FAST, read_feed

# One section, one listing page: a crawl of about 30 pages, a second or two.
SMALL = ["-a", "sections=indonesia", "-a", "max_pages=1"]
CRAWL_TIMEOUT = 60
PIPELINES_WITH_FAILURE = {
    "jpcrawl.pipelines.clean.CleanPipeline": 100,
    "jpcrawl.pipelines.validate.ValidatePipeline": 200,
    "tests.failing_pipeline.EveryThirdFails": 250,
    "jpcrawl.pipelines.dedupe.DedupePipeline": 300,
}


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str], tmp: Path, stats: Path) -> None:
        self.returncode = proc.returncode
        self.log = proc.stderr
        self.tmp = tmp
        self.stats: dict[str, Any] = json.loads(stats.read_text()) if stats.exists() else {}

    def report(self, *candidates: Path) -> dict[str, Any]:
        for path in candidates:
            if path.exists():
                return dict(json.loads(path.read_text(encoding="utf-8")))
        raise AssertionError(f"no report at any of {candidates}; log tail:\n{self.log[-3000:]}")


def scrapy_crawl(
    tmp: Path,
    base_url: str,
    feed: str | Path,
    *args: str,
    state: str | None = None,
    cwd: Path | None = None,
    preexec: Any = None,
    name: str = "run",
) -> Run:
    """`scrapy crawl` as an operator runs it: from any directory, the project found by its settings module."""
    stats = tmp / f"{name}.stats.json"
    state = state if state is not None else f"sqlite:///{tmp}/state/jakartapost.db"
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "jakartapost",
        "-a", f"base_url={base_url}", "-O", str(feed),
        "-s", f"JPCRAWL_STATE_URI={state}",
        "-s", f"JPCRAWL_STATS_DUMP={stats}",
        *LOOPBACK, *FAST, *SMALL, *args,
    ]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "SCRAPY_SETTINGS_MODULE": "jpcrawl.settings",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd or tmp,
            env=env,
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT,
            check=False,
            preexec_fn=preexec,
        )
    except subprocess.TimeoutExpired as exc:
        tail = (exc.stderr or b"")[-3000:]
        raise AssertionError(f"crawl hung for {CRAWL_TIMEOUT}s; log tail:\n{tail!r}") from exc
    return Run(proc, tmp, stats)


def state_rows(tmp: Path) -> int:
    db = sqlite3.connect(tmp / "state" / "jakartapost.db")
    try:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        db.close()


def alert_kinds(report: dict[str, Any]) -> list[str]:
    return [a["kind"] for a in report["alerts"]]


def rejects(path: Path) -> list[dict[str, Any]]:
    return read_feed(path)


# --- 13.10 / 15.2: a feed that cannot be written --------------------------------------------------------


@pytest.mark.skipif(os.access("/sys", os.W_OK) and not Path("/sys/kernel").exists(), reason="needs sysfs")
def test_unwritable_feed_fails_the_run_reports_elsewhere_and_the_next_run_re_emits(
    tmp_path: Path, replica
) -> None:
    run = scrapy_crawl(tmp_path, replica.base_url, "/sys/out.jsonl", name="first")
    assert run.returncode == 1, run.log[-3000:]
    scraped = int(run.stats["item_scraped_count"])
    assert scraped > 0
    # The feed's directory is the problem, so the report goes beside the state.
    report = run.report(tmp_path / "state" / "out.report.json")
    assert report["status"] == "failed" and report["exit_status"] == 1
    assert "feed" in alert_kinds(report)
    feed_alert = next(a for a in report["alerts"] if a["kind"] == "feed")
    assert "/sys/out.jsonl" in feed_alert["message"] and "Permission denied" in feed_alert["message"]
    assert "cannot write the report to /sys/out.report.json" in run.log
    assert run.log.count("Traceback") <= 1  # one clear error, not one traceback per item
    # Nothing committed for items that are in no feed: the next run emits every one of them again.
    assert state_rows(tmp_path) == 0
    again = scrapy_crawl(tmp_path, replica.base_url, tmp_path / "out.jsonl", name="second")
    assert again.returncode == 0, again.log[-3000:]
    assert len(read_feed(tmp_path / "out.jsonl")) == scraped
    assert state_rows(tmp_path) == scraped


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write() instead of death by signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_feed_over_the_file_size_limit_fails_the_run(tmp_path: Path, replica) -> None:
    run = scrapy_crawl(tmp_path, replica.base_url, tmp_path / "out.jsonl", preexec=_limit_file_size)
    assert run.returncode == 1, run.log[-3000:]
    assert int(run.stats["item_scraped_count"]) > 0
    report = run.report(tmp_path / "out.report.json", tmp_path / "state" / "out.report.json")
    assert report["status"] == "failed" and "feed" in alert_kinds(report)
    assert "File too large" in report["alerts"][0]["message"]
    assert not (tmp_path / "out.jsonl").exists()  # the incomplete .part is never renamed into place
    assert (tmp_path / "out.jsonl.part").stat().st_size == 64 * 1024
    assert state_rows(tmp_path) == 0


def test_report_goes_to_stderr_when_no_directory_can_be_written(tmp_path: Path, replica) -> None:
    # No state directory (memory:) and a working directory where feeds/ cannot be created.
    run = scrapy_crawl(tmp_path, replica.base_url, "/sys/out.jsonl", state="memory:", cwd=Path("/sys"))
    assert run.returncode == 1, run.log[-3000:]
    lines = [line for line in run.log.splitlines() if line.startswith("jpcrawl-report: ")]
    assert len(lines) == 1, run.log[-3000:]
    report = json.loads(lines[0][len("jpcrawl-report: ") :])
    assert report["status"] == "failed" and "feed" in alert_kinds(report)


def test_rejects_go_beside_the_state_when_the_feed_directory_is_unwritable(tmp_path: Path) -> None:
    crawler = get_crawler(
        settings_dict={
            "FEEDS": {"/sys/out.jsonl": {"format": "jsonlines"}},
            "JPCRAWL_STATE_URI": f"sqlite:///{tmp_path}/state/%(name)s.db",
        }
    )
    ext = Rejects.of(crawler)
    ext.add(url="http://x/a.html", reason="missing:title", stage="validate")
    ext.close()
    assert ext.path == tmp_path / "state" / "out.rejects.jsonl"
    assert [r["url"] for r in rejects(ext.path)] == ["http://x/a.html"]
    assert not crawler.stats.get_value("jpcrawl/rejects/write_errors")


def test_unwritten_rejects_fail_the_run() -> None:
    crawler = get_crawler()
    crawler.stats.set_value("finish_reason", "finished")
    crawler.stats.set_value("jpcrawl/rejects/write_errors", 2)
    report = RunReport(crawler).build()
    assert alert_kinds(report) == ["rejects"] and report["exit_status"] == 1


# --- 13.11 / 15.2: a pipeline error other than DropItem ---------------------------------------------------


def test_pipeline_errors_are_rejects_fail_the_run_and_are_re_emitted(tmp_path: Path, replica) -> None:
    pipelines = f"ITEM_PIPELINES={json.dumps(PIPELINES_WITH_FAILURE)}"
    run = scrapy_crawl(tmp_path, replica.base_url, tmp_path / "out.jsonl", "-s", pipelines)
    assert run.returncode == 1, run.log[-3000:]
    report = run.report(tmp_path / "out.report.json")
    assert report["status"] == "failed"
    alert = next(a for a in report["alerts"] if a["kind"] == "error_rate")
    assert "TypeError" in alert["message"]
    failed = [r for r in rejects(tmp_path / "out.rejects.jsonl") if r["reason"] == "error:TypeError"]
    feed_urls = {item["url"] for item in read_feed(tmp_path / "out.jsonl")}
    failed_urls = {r["url"] for r in failed}
    assert failed and feed_urls and not failed_urls & feed_urls
    assert all(r["stage"] == "pipeline" and "test pipeline fails" in r["detail"]["message"] for r in failed)
    # Counted, and every item that reached the failing pipeline is in the feed or the rejects file.
    assert run.stats["jpcrawl/rejects/error:TypeError"] == len(failed) == report["errors"]["item:TypeError"]
    assert len(feed_urls) + len(failed_urls) == run.stats["jpcrawl/validate/ok"]
    # The failed items were not marked seen: the next run (pipeline fixed) emits exactly those.
    fixed = scrapy_crawl(tmp_path, replica.base_url, tmp_path / "out2.jsonl", name="fixed")
    assert fixed.returncode == 0, fixed.log[-3000:]
    assert {item["url"] for item in read_feed(tmp_path / "out2.jsonl")} == failed_urls


def test_item_error_is_recorded_with_its_type(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(path)})
    ext = Rejects.of(crawler)
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError:
        failure = Failure()
    ext.item_error({"url": "http://x/a.html"}, None, None, failure)
    ext.close()
    rows = rejects(path)
    assert [(r["url"], r["reason"], r["stage"]) for r in rows] == [
        ("http://x/a.html", "error:OperationalError", "pipeline")
    ]
    assert rows[0]["detail"] == {"message": "database is locked"}
    assert crawler.stats.get_value("jpcrawl/rejects/error:OperationalError") == 1


@pytest.mark.parametrize(("errors", "scraped", "alert"), [(5, 10, True), (1, 99, False)])
def test_item_errors_count_toward_the_error_rate(errors: int, scraped: int, alert: bool) -> None:
    crawler = get_crawler(settings_dict={"JPCRAWL_ALERT_MAX_ERROR_RATE": 0.2})
    crawler.stats.set_value("finish_reason", "finished")
    crawler.stats.set_value("item_scraped_count", scraped)
    crawler.stats.set_value("jpcrawl/rejects/error:OperationalError", errors)
    report = RunReport(crawler).build()
    assert report["errors"] == {"item:OperationalError": errors}
    assert report["item_error_rate"] == round(errors / (errors + scraped), 4)
    assert ("error_rate" in alert_kinds(report)) is alert
    assert report["status"] == ("failed" if alert else "ok")


# --- 13.17 / 15.2: the state store ---------------------------------------------------------------------


def _state_with_rows(path: Path, n: int = 3) -> None:
    with open_state(f"sqlite:///{path}") as store:
        store.commit(StateRecord(url=f"https://x/{i}.html", content_hash="h") for i in range(n))


def test_state_file_carries_its_schema_version(tmp_path: Path) -> None:
    _state_with_rows(tmp_path / "s.db")
    db = sqlite3.connect(tmp_path / "s.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 1
    db.execute("PRAGMA user_version = 0")  # a file from before versioning is taken as version 1
    db.close()
    with open_state(f"sqlite:///{tmp_path}/s.db") as store:
        assert store.get("https://x/1.html") is not None
    db = sqlite3.connect(tmp_path / "s.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    db.close()


def test_newer_or_corrupt_state_is_refused_untouched(tmp_path: Path) -> None:
    newer = tmp_path / "newer" / "s.db"
    newer.parent.mkdir()
    _state_with_rows(newer)
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = newer.read_bytes()
    for attempt in (check_state, open_state):
        with pytest.raises(StateSchemaError, match="newer"):
            attempt(f"sqlite:///{newer}")
    assert newer.read_bytes() == before and sorted(os.listdir(newer.parent)) == ["s.db"]

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00not a database\x01" * 512)
    for attempt in (check_state, open_state):
        with pytest.raises(StateCorrupt, match="Move it aside"):
            attempt(f"sqlite:///{garbage}")

    damaged = tmp_path / "damaged.db"
    _state_with_rows(damaged, 3000)
    with damaged.open("r+b") as fh:  # a good header, bad pages further in
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096 * 4)
    with pytest.raises(StateCorrupt, match="malformed"):
        check_state(f"sqlite:///{damaged}")


def test_crawl_with_a_newer_state_exits_2_and_touches_nothing(tmp_path: Path, replica) -> None:
    db_path = tmp_path / "state" / "jakartapost.db"
    db_path.parent.mkdir()
    _state_with_rows(db_path)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = db_path.read_bytes()
    run = scrapy_crawl(tmp_path, replica.base_url, tmp_path / "out.jsonl")
    assert run.returncode == 2, run.log[-3000:]
    assert "schema version 99, newer than this jpcrawl's 1" in run.log
    assert "Traceback" not in run.log
    assert db_path.read_bytes() == before
    assert sorted(os.listdir(db_path.parent)) == ["jakartapost.db"]  # no lock, no -wal/-shm
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state"]  # no feed, no report, no stats


def test_crawl_with_a_corrupt_state_fails_with_a_report_and_loses_nothing(tmp_path: Path, replica) -> None:
    db_path = tmp_path / "state" / "jakartapost.db"
    db_path.parent.mkdir()
    db_path.write_bytes(os.urandom(16384))
    before = db_path.read_bytes()
    run = scrapy_crawl(tmp_path, replica.base_url, tmp_path / "out.jsonl")
    assert run.returncode == 1, run.log[-3000:]
    assert "Traceback" not in run.log
    assert f"state store {db_path} is not a readable jpcrawl state" in run.log
    report = run.report(tmp_path / "out.report.json")
    assert report["status"] == "failed" and alert_kinds(report) == ["state"]
    assert report["finish_reason"] == "state_unusable"
    assert db_path.read_bytes() == before
    # Moved aside as the message says, the next run starts a new state and emits everything.
    db_path.rename(db_path.with_name("jakartapost.db.corrupt"))
    again = scrapy_crawl(tmp_path, replica.base_url, tmp_path / "out.jsonl", name="again")
    assert again.returncode == 0, again.log[-3000:]
    emitted = len(read_feed(tmp_path / "out.jsonl"))
    assert emitted > 0 and emitted == state_rows(tmp_path)


# --- 13.16: offsite ------------------------------------------------------------------------------------

BASE = "http://127.0.0.1:8123"


def _crawler_with_spider(tmp_path: Path, **settings: Any) -> Any:
    crawler = get_crawler(JakartaPostSpider, {"JPCRAWL_REJECTS_URI": str(tmp_path / "r.jsonl"), **settings})
    crawler.spider = JakartaPostSpider.from_crawler(crawler, base_url=BASE, sections="world")
    return crawler


def test_shipped_settings_replace_scrapys_offsite_middleware() -> None:
    settings = Settings()
    settings.setmodule("jpcrawl.settings")
    mws = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert mws["scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"] is None
    assert mws["jpcrawl.middlewares.offsite.OffsiteMiddleware"] == 50


def test_dont_filter_and_redirects_never_leave_the_site(tmp_path: Path) -> None:
    crawler = _crawler_with_spider(tmp_path)
    mw = OffsiteMiddleware.from_crawler(crawler)
    on_site = Request(f"{BASE}/login", method="POST", dont_filter=True)
    assert mw.process_request(on_site) is None
    # A login POST / retry / render escalation (dont_filter) that the site redirected to another host.
    redirected = Request(
        "http://evil.example/collect", dont_filter=True, meta={"redirect_urls": [f"{BASE}/login"]}
    )
    with pytest.raises(IgnoreRequest, match=r"evil\.example"):
        mw.process_request(redirected)
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("http://evil.example/x", dont_filter=True))
    # allow_offsite is the crawler's own choice for one request, never inherited by a redirect.
    asked = Request("http://cdn.example/a.xml", meta={"allow_offsite": True})
    assert mw.process_request(asked) is None
    hop = asked.replace(url="http://evil.example/a.xml")
    hop.meta["redirect_urls"] = [asked.url]
    with pytest.raises(IgnoreRequest):
        mw.process_request(hop)
    # A browser that followed a redirect by itself: the response is from another host.
    rendered = HtmlResponse("http://evil.example/landing", body=b"<html></html>", request=on_site)
    with pytest.raises(IgnoreRequest):
        mw.process_response(on_site, rendered)
    ok = HtmlResponse(f"{BASE}/world", body=b"<html></html>", request=on_site)
    assert mw.process_response(on_site, ok) is ok
    Rejects.of(crawler).close()
    recorded = rejects(tmp_path / "r.jsonl")
    assert [(r["url"], r["reason"]) for r in recorded] == [
        (f"{BASE}/login", "offsite"),
        ("http://evil.example/x", "offsite"),
        ("http://cdn.example/a.xml", "offsite"),
        (f"{BASE}/login", "offsite"),
    ]
    assert crawler.stats.get_value("jpcrawl/offsite/requests") == 3
    assert crawler.stats.get_value("jpcrawl/offsite/responses") == 1
    assert crawler.stats.get_value("offsite/filtered") == 4


class _Hits(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a redirect (when the server has one) or a page, and counts the hits."""

    def do_GET(self) -> None:
        server: Any = self.server
        server.hits.append(self.path)
        if server.location:
            self.send_response(302)
            self.send_header("Location", server.location)
            self.end_headers()
            return
        body = b"<html><body>collected</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _http_server(location: str | None = None) -> Iterator[Any]:
    server: Any = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hits)
    server.hits, server.location = [], location
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_dont_filter_request_is_not_redirected_to_another_host_in_a_crawl(tmp_path: Path) -> None:
    # "localhost" and "127.0.0.1" are different hosts to the offsite rules, the same machine to the test.
    with _http_server() as elsewhere, _http_server(f"http://localhost:{elsewhere.server_port}/x") as site:
        stats = tmp_path / "stats.json"
        cmd = [
            sys.executable, "-m", "scrapy", "crawl", "offsite_probe",
            "-a", f"start=http://127.0.0.1:{site.server_port}/login", "-a", "allowed=127.0.0.1",
            "-s", "SPIDER_MODULES=tests.offsite_spider", "-s", "JPCRAWL_STATE_URI=memory:",
            "-s", f"JPCRAWL_STATS_DUMP={stats}", "-s", f"JPCRAWL_REJECTS_URI={tmp_path}/r.jsonl",
            "-s", f"JPCRAWL_REPORT_URI={tmp_path}/report.json", "-s", "ROBOTSTXT_OBEY=False",
            "-s", 'JPCRAWL_RENDER={"default": "never"}', "-s", "FEEDS={}",
        ]  # fmt: skip
        proc = subprocess.run(
            cmd,
            cwd=tmp_path,
            env={**os.environ, "SCRAPY_SETTINGS_MODULE": "jpcrawl.settings", "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT,
            check=False,
        )
    assert site.hits == ["/login"], proc.stderr[-3000:]
    assert elsewhere.hits == [], proc.stderr[-3000:]
    assert json.loads(stats.read_text())["offsite/filtered"] == 1
    recorded = rejects(tmp_path / "r.jsonl")
    login = f"http://127.0.0.1:{site.server_port}/login"
    assert [(r["url"], r["reason"], r["detail"]["host"]) for r in recorded] == [
        (login, "offsite", "localhost")
    ]


def _article(url: str) -> Article:
    return Article(
        url=url,
        title="A title",
        published_at="2026-01-01T10:00:00+07:00",
        section="world",
        body=["Paragraph one.", "Paragraph two."],
        crawled_at="2026-01-01T10:00:00+00:00",
        word_count=4,
        content_hash="0" * 64,
    )


def test_an_item_from_another_host_is_rejected_as_offsite(tmp_path: Path) -> None:
    crawler = _crawler_with_spider(tmp_path)
    pipe = ValidatePipeline.from_crawler(crawler)
    good = _article(f"{BASE}/world/2026/01/01/a.html")
    assert pipe.process_item(good) is good
    with pytest.raises(RejectedItem) as info:
        pipe.process_item(_article("http://evil.example/world/2026/01/01/a.html"))
    assert info.value.reason == "offsite"
    Rejects.of(crawler).close()
    recorded = rejects(tmp_path / "r.jsonl")
    assert [(r["url"], r["reason"], r["stage"]) for r in recorded] == [
        ("http://evil.example/world/2026/01/01/a.html", "offsite", "validate")
    ]
    assert crawler.stats.get_value("jpcrawl/rejects/offsite") == 1
    assert dataclasses.is_dataclass(good)


# --- 13.18: backoff in meta -------------------------------------------------------------------------------


def _interstitial_retry(crawler: Any, request: Request, monkeypatch: pytest.MonkeyPatch) -> Request:
    mw = InterstitialMiddleware.from_crawler(crawler)
    monkeypatch.setattr(interstitial_mod, "page_kind", lambda response, site: PageKind.INTERSTITIAL)
    response = HtmlResponse(request.url, body=b"<html>update your browser</html>", request=request)
    retry = mw.process_response(request, response)
    assert isinstance(retry, Request)
    return retry


def test_backoff_is_a_relative_delay_a_skewed_clock_cannot_stretch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawler = _crawler_with_spider(
        tmp_path, JPCRAWL_INTERSTITIAL_BACKOFF=0.05, JPCRAWL_INTERSTITIAL_MAX_BACKOFF=0.2
    )
    first = Request(f"{BASE}/world/2026/01/01/a.html", meta={"jpcrawl_page_type": "article"})
    first.meta["jpcrawl_interstitial_attempts"] = 2
    # The worker that makes the retry has a clock an hour ahead of the one that downloads it.
    real_time = time.time
    monkeypatch.setattr(interstitial_mod.time, "time", lambda: real_time() + 3600)
    retry = _interstitial_retry(crawler, first, monkeypatch)
    monkeypatch.setattr(interstitial_mod.time, "time", real_time)
    assert retry.meta[BACKOFF_KEY] == pytest.approx(0.1)  # 0.05 * 2 ** (2 - 1), seconds from now
    assert NOT_BEFORE_KEY not in retry.meta
    assert not any(isinstance(v, float) and v > 1e6 for v in retry.meta.values())  # no clock time
    mw = InterstitialMiddleware.from_crawler(crawler)

    async def download_wait(request: Request) -> float:
        started = time.monotonic()
        await asyncio.wait_for(mw.process_request(request), timeout=5)
        return time.monotonic() - started

    assert 0.09 <= asyncio.run(download_wait(retry)) < 1.0
    assert BACKOFF_KEY not in retry.meta  # waited once, not again if it comes back through the queue
    # Meta is input (it may come from Redis): huge, negative, odd and legacy absolute values are clamped.
    for meta in (
        {BACKOFF_KEY: 1e9},
        {BACKOFF_KEY: -5},
        {BACKOFF_KEY: "soon"},
        {BACKOFF_KEY: float("nan")},
        {NOT_BEFORE_KEY: real_time() + 86400},
    ):
        assert asyncio.run(download_wait(Request(f"{BASE}/x", meta=meta))) < 0.5
