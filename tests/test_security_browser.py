"""The browser runs untrusted pages (issue 13, point 6).

Unit tests: the sandbox flag and its warning, and `BrowserGuard`'s rules. One browser crawl (`scrapy
runspider` with the project's settings and its download handler) renders hostile pages served on 127.0.0.1:
popups, frames and navigations to another host (an "attacker" on 127.0.0.2 that records what reaches it),
a frame from the site's asset host (127.0.0.3, allowed), a request to a link-local address, a download, and a
page larger than DOWNLOAD_MAXSIZE.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from contextlib import ExitStack
from typing import Any

import pytest

from jpcrawl import browser
from jpcrawl.browser import CHROMIUM_ARGS, BrowserGuard, launch_options, sandbox_args

from .conftest import LOOPBACK, ROOT
from .security_servers import Answer, Seen, serve

# -- sandbox -------------------------------------------------------------------------------------------------


def test_the_sandbox_stays_on_for_an_unprivileged_user(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    caplog.set_level(logging.WARNING, logger="jpcrawl.browser")
    options = launch_options("/usr/bin/chromium")
    assert "--no-sandbox" not in options["args"] and "--no-sandbox" not in CHROMIUM_ARGS
    assert "--disable-background-networking" in options["args"]
    assert caplog.records == []


def test_no_sandbox_only_as_root_and_it_says_why(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(browser.os, "geteuid", lambda: 0)
    caplog.set_level(logging.WARNING, logger="jpcrawl.browser")
    assert launch_options(None)["args"].count("--no-sandbox") == 1
    [record] = caplog.records
    message = record.getMessage()
    assert record.levelno == logging.WARNING
    assert "runs as root" in message and "--no-sandbox" in message and "unprivileged user" in message


def test_no_sandbox_by_setting_warns(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="jpcrawl.browser")
    assert sandbox_args(no_sandbox=True, euid=1000) == ["--no-sandbox"]
    assert "JPCRAWL_BROWSER_NO_SANDBOX is set" in caplog.text
    assert sandbox_args(no_sandbox=False, euid=1000) == []


# -- what pages may fetch ----------------------------------------------------------------------------------

SITE_GUARD = BrowserGuard("https://www.thejakartapost.com", ".thejakartapost.com", ("img.jakpost.net",))
LOOPBACK_GUARD = BrowserGuard("http://127.0.0.1:8123", None, ("127.0.0.3",))


@pytest.mark.parametrize(
    ("guard", "url", "navigation", "reason"),
    [
        (SITE_GUARD, "https://www.thejakartapost.com/world", True, None),
        (SITE_GUARD, "https://rss.thejakartapost.com/home", True, None),  # a host of the site
        (SITE_GUARD, "https://img.jakpost.net/c/2026/a.jpg", True, None),  # the profile's asset host
        (SITE_GUARD, "https://cdn.img.jakpost.net/x.html", True, None),
        (SITE_GUARD, "https://evil.example/", True, "offsite"),  # a frame, a popup, location=...
        (SITE_GUARD, "https://thejakartapost.com.evil.example/", True, "offsite"),
        (SITE_GUARD, "https://cdnjs.cloudflare.com/lib.js", False, None),  # a script from a CDN: allowed
        (SITE_GUARD, "http://169.254.169.254/latest/meta-data/", False, "private"),  # cloud metadata
        (SITE_GUARD, "http://10.0.0.1/admin", False, "private"),
        (SITE_GUARD, "http://192.168.1.1/", False, "private"),
        (SITE_GUARD, "http://127.0.0.1:6379/", False, "private"),  # a local Redis, from a public site
        (SITE_GUARD, "http://localhost:8080/", False, "private"),
        (SITE_GUARD, "http://[::1]:6379/", False, "private"),
        (SITE_GUARD, "http://[::ffff:10.1.2.3]/", False, "private"),
        (SITE_GUARD, "http://[fe80::1]/", False, "private"),
        (SITE_GUARD, "http://metadata.google.internal/computeMetadata/v1/", False, "private"),
        (SITE_GUARD, "http://printer.local/", False, "private"),
        (SITE_GUARD, "https://www.localnews.example/a.js", False, None),
        (SITE_GUARD, "file:///etc/passwd", True, "scheme"),
        (SITE_GUARD, "data:text/html,hello", True, None),
        (LOOPBACK_GUARD, "http://127.0.0.1:8123/business", True, None),  # the crawl's own host
        (LOOPBACK_GUARD, "http://127.0.0.2:9000/x.js", False, None),  # loopback, because the crawl's is
        (LOOPBACK_GUARD, "http://127.0.0.2:9000/frame", True, "offsite"),
        (LOOPBACK_GUARD, "http://127.0.0.3:9000/frame", True, None),
        (LOOPBACK_GUARD, "http://10.0.0.1/", False, "private"),
    ],
)
def test_guard_rules(guard: BrowserGuard, url: str, navigation: bool, reason: str | None) -> None:
    assert guard.reason(url, navigation) == reason


def test_the_jakarta_post_profile_lists_its_image_host() -> None:
    from jpcrawl.pages.base import SiteProfile
    from jpcrawl.pages.jakartapost import SITE

    assert SiteProfile.asset_hosts == ()
    assert "img.jakpost.net" in SITE.asset_hosts


# -- a crawl of hostile pages ------------------------------------------------------------------------------

SPIDER = """
import scrapy
from types import SimpleNamespace

from jpcrawl.browser import configure_playwright


class HostileSpider(scrapy.Spider):
    name = "hostile"
    # What the browser handler reads from a jpcrawl spider: the crawl's origin and the site's hosts.
    site = SimpleNamespace(site_hosts_suffix=None, asset_hosts=("127.0.0.3",))

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        configure_playwright(settings)

    def __init__(self, base_url, paths, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url
        self.paths = paths.split(",")

    async def start(self):
        for path in self.paths:
            yield scrapy.Request(self.base_url + path, meta={"playwright": True}, dont_filter=True,
                                 errback=self.failed)

    def parse(self, response):
        yield {"path": response.url.split("/", 3)[3], "size": len(response.body), "flags": response.flags,
               "body": response.text[:200]}

    def failed(self, failure):
        yield {"failed": failure.request.url.split("/", 3)[3], "error": failure.type.__name__}
"""

POPUP_PAGES = [f"/popup/{i}" for i in range(6)]
BIG = 300_000


def _site(attacker: str, asset: str) -> Any:
    def handler(seen: Seen) -> Answer:
        path = seen.path
        if path.startswith("/popup/"):
            n = path.rsplit("/", 1)[1]
            script = (
                f'window.open("/opened/{n}"); window.open("{attacker}/popup-nav/{n}", "_blank", "noopener");'
            )
            return 200, {}, f"<html><body><p>page {n}</p><script>{script}</script></body></html>"
        if path.startswith("/opened/"):
            return 200, {}, "<html><body><script>window.open('/opened-again')</script>popup</body></html>"
        if path == "/frames":
            frames = f'<iframe src="{attacker}/frame"></iframe><iframe src="{asset}/asset-frame"></iframe>'
            return 200, {}, f"<html><body><p>frames</p>{frames}</body></html>"
        if path == "/navigate":
            return (
                200,
                {},
                f'<html><body><p>stay</p><script>location.href = "{attacker}/nav";</script></body></html>',
            )
        if path == "/metadata":
            script = 'fetch("http://169.254.169.254/latest/meta-data/").catch(() => null);'
            return 200, {}, f"<html><body><p>metadata</p><script>{script}</script></body></html>"
        if path == "/file.bin":
            headers = {"Content-Type": "application/octet-stream", "Content-Disposition": "attachment; x.bin"}
            return 200, headers, "DOWNLOADED-FILE-BODY"
        if path == "/big":
            return 200, {}, "<html><body>" + "<p>long page</p>" * (BIG // 15) + "</body></html>"
        return 200, {}, "<html><body>ok</body></html>"

    return handler


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "hostile_spider.py").write_text(SPIDER)
    paths = [*POPUP_PAGES, "/frames", "/navigate", "/metadata", "/file.bin", "/big"]
    with ExitStack() as stack:
        attacker = stack.enter_context(serve("127.0.0.2"))
        asset = stack.enter_context(serve("127.0.0.3"))
        site = stack.enter_context(serve(handler=_site(attacker.origin, asset.origin)))
        cmd = [
            sys.executable, "-m", "scrapy", "runspider", str(tmp / "hostile_spider.py"),
            "-a", f"base_url={site.origin}", "-a", f"paths={','.join(paths)}",
            "-O", str(tmp / "out.jsonl"),
            "-s", f"JPCRAWL_STATS_DUMP={tmp / 'stats.json'}",
            "-s", "ITEM_PIPELINES={}", "-s", "DOWNLOADER_MIDDLEWARES={}", "-s", "ROBOTSTXT_OBEY=False",
            "-s", 'EXTENSIONS={"jpcrawl.extensions.report.StatsDump": 900}',
            "-s", "JPCRAWL_CONTEXT_MAX_PAGES=2", "-s", "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=2",
            "-s", f"DOWNLOAD_MAXSIZE={BIG // 2}", "-s", "RETRY_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS=2",
            *LOOPBACK[:2],
        ]  # fmt: skip
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "JPCRAWL_EMAIL": "", "JPCRAWL_PASSWORD": ""}
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
        )
        items = [json.loads(line) for line in (tmp / "out.jsonl").read_text().splitlines() if line.strip()]
        stats = json.loads((tmp / "stats.json").read_text()) if (tmp / "stats.json").exists() else {}
        yield {
            "proc": proc,
            "items": items,
            "stats": stats,
            "attacker": attacker,
            "asset": asset,
            "site": site,
        }


@pytest.mark.browser
@pytest.mark.slow
def test_popups_are_closed_and_retired_contexts_close(hostile_crawl: Any) -> None:
    stats, log = hostile_crawl["stats"], hostile_crawl["proc"].stderr
    rendered = {i["path"] for i in hostile_crawl["items"] if "path" in i}
    assert {p.lstrip("/") for p in POPUP_PAGES} <= rendered, log[-3000:]
    assert stats.get("jpcrawl/browser/popups_closed", 0) >= len(POPUP_PAGES), log[-3000:]
    assert stats.get("jpcrawl/browser/contexts_recycled", 0) >= 2
    assert stats.get("jpcrawl/browser/contexts_closed", 0) == stats["jpcrawl/browser/contexts_recycled"]


@pytest.mark.browser
@pytest.mark.slow
def test_no_frame_popup_or_navigation_reaches_another_host(hostile_crawl: Any) -> None:
    stats, log = hostile_crawl["stats"], hostile_crawl["proc"].stderr
    assert hostile_crawl["attacker"].seen == [], log[-3000:]
    assert stats.get("jpcrawl/browser/blocked/offsite", 0) >= 2  # the frame and location=...
    # The site's asset host may frame: its request went out.
    assert [s.path for s in hostile_crawl["asset"].seen] == ["/asset-frame"]
    # A page that navigates itself to another host is no page of the site: it fails, it is not emitted.
    failed = {i["failed"]: i["error"] for i in hostile_crawl["items"] if "failed" in i}
    assert failed.get("navigate") == "IgnoreRequest"
    assert stats.get("jpcrawl/browser/navigated_away") == 1


@pytest.mark.browser
@pytest.mark.slow
def test_no_request_to_a_link_local_address(hostile_crawl: Any) -> None:
    assert hostile_crawl["stats"].get("jpcrawl/browser/blocked/private", 0) >= 1


@pytest.mark.browser
@pytest.mark.slow
def test_no_download_and_no_oversized_rendered_page(hostile_crawl: Any) -> None:
    items = hostile_crawl["items"]
    by_failed = {i["failed"]: i["error"] for i in items if "failed" in i}
    assert "file.bin" in by_failed, items
    assert not any("DOWNLOADED-FILE-BODY" in i.get("body", "") for i in items)
    assert by_failed.get("big") == "DownloadCancelledError"
    assert hostile_crawl["stats"].get("jpcrawl/browser/too_large") == 1  # and not the page that navigated
    assert not any(i.get("path") == "big" for i in items)
