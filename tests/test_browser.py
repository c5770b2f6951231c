"""Browser hygiene: finding Chromium, blocking what a text crawl never needs, and no Chromium left behind
after a crawl ends, after Ctrl-C, or after the browser is killed mid-crawl."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from jpcrawl import browser
from jpcrawl.browser import BrowserNotFound, find_chromium, should_abort_request

from .conftest import LOOPBACK, ROOT


def _exe(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_find_chromium_prefers_setting_then_playwright_then_system(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("JPCRAWL_BROWSER_PATH", raising=False)
    own = _exe(tmp_path / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    system = _exe(tmp_path / "usr" / "bin" / "chromium")
    configured = _exe(tmp_path / "opt" / "chrome")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "ms-playwright"))
    assert find_chromium(configured, system=[system]) == configured
    monkeypatch.setenv("JPCRAWL_BROWSER_PATH", configured)
    assert find_chromium(None, system=[system]) == configured
    monkeypatch.delenv("JPCRAWL_BROWSER_PATH")
    assert find_chromium(None, system=[system]) == own
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "nothing-here"))
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    assert find_chromium(None, system=[system]) == system
    with pytest.raises(BrowserNotFound, match="apt-get install -y chromium"):
        find_chromium(None, system=[str(tmp_path / "missing")])
    with pytest.raises(BrowserNotFound, match="not an executable"):
        find_chromium(str(tmp_path / "missing"), system=[system])


@pytest.mark.parametrize(
    ("resource_type", "url", "aborted"),
    [
        ("document", "https://www.thejakartapost.com/world", False),
        ("script", "https://www.thejakartapost.com/skin/js/app.js", False),
        ("xhr", "https://www.thejakartapost.com/api/list", False),
        ("image", "https://img.jakpost.net/c/2026/01/01/a.jpg", True),
        ("font", "https://www.thejakartapost.com/skin/fonts/a.woff2", True),
        ("media", "https://www.thejakartapost.com/v.mp4", True),
        ("script", "https://www.googletagmanager.com/gtag/js?id=G-1", True),
        ("script", "https://securepubads.g.doubleclick.net/tag/js/gpt.js", True),
    ],
)
def test_abort_rules(resource_type: str, url: str, aborted: bool) -> None:
    assert should_abort_request(SimpleNamespace(resource_type=resource_type, url=url)) is aborted


# -- processes ------------------------------------------------------------------------------------------


def _chromium_procs(root: psutil.Process) -> list[psutil.Process]:
    try:
        procs = root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    out = []
    for proc in procs:
        try:
            if "chrom" in proc.name().lower() or "headless_shell" in proc.name():
                out.append(proc)
        except psutil.NoSuchProcess:
            continue
    return out


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _start_crawl(tmp_path: Path, base_url: str, *args: str) -> tuple[subprocess.Popen, Path]:
    feed = tmp_path / "out.jsonl"
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "jakartapost",
        "-a", f"base_url={base_url}", "-O", str(feed),
        "-s", "JPCRAWL_STATE_URI=memory:",
        "-s", f"JPCRAWL_STATS_DUMP={tmp_path / 'stats.json'}",
        "-s", 'JPCRAWL_RENDER={"listing": "always", "article": "always"}',
        *LOOPBACK, *args,
    ]  # fmt: skip
    with (tmp_path / "crawl.log").open("w") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
    return proc, feed


def _lines(path: Path) -> int:
    for candidate in (path, path.with_name(path.name + ".part")):
        if candidate.exists():
            return sum(1 for line in candidate.read_text(encoding="utf-8").splitlines() if line.strip())
    return 0


def _assert_all_gone(seen: dict[int, psutil.Process]) -> None:
    _gone, alive = psutil.wait_procs(list(seen.values()), timeout=20)
    leftover = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not leftover, f"chromium outlived the crawl: {[p.pid for p in leftover]}"


def _track(proc: subprocess.Popen, seen: dict[int, psutil.Process]) -> list[psutil.Process]:
    found = _chromium_procs(psutil.Process(proc.pid))
    for p in found:
        seen.setdefault(p.pid, p)
    return found


@pytest.mark.browser
@pytest.mark.slow
def test_no_chromium_after_a_crawl_ends(replica_factory, tmp_path) -> None:
    server = replica_factory(articles=40)
    proc, feed = _start_crawl(tmp_path, server.base_url, "-a", "sections=world")
    seen: dict[int, psutil.Process] = {}
    _wait_for(lambda: _track(proc, seen) or proc.poll() is not None, 120, "chromium to start")
    while proc.poll() is None:
        _track(proc, seen)
        time.sleep(0.1)
    assert proc.returncode == 0, (tmp_path / "crawl.log").read_text()[-3000:]
    assert seen, "the crawl rendered pages with chromium"
    assert _lines(feed) == len(server.site.listed_urls(server.base_url, ["world"]))
    _assert_all_gone(seen)


@pytest.mark.browser
@pytest.mark.slow
def test_no_chromium_after_ctrl_c(replica_factory, tmp_path) -> None:
    server = replica_factory(articles=300, slow_ms=50)
    proc, feed = _start_crawl(tmp_path, server.base_url)
    seen: dict[int, psutil.Process] = {}
    _wait_for(lambda: _track(proc, seen) and _lines(feed) >= 3, 120, "rendered articles in the feed")
    _track(proc, seen)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    log = (tmp_path / "crawl.log").read_text()
    # Scrapy's own events for a graceful Ctrl-C: the signal taken, then the spider closed for that reason.
    assert "Received SIGINT, shutting down gracefully" in log, log[-3000:]
    assert "Spider closed (shutdown)" in log, log[-3000:]
    _assert_all_gone(seen)


@pytest.mark.browser
@pytest.mark.slow
def test_browser_killed_mid_crawl_is_restarted_and_nothing_lost(replica_factory, tmp_path) -> None:
    server = replica_factory(articles=90)
    sections = ["world", "business"]
    proc, feed = _start_crawl(tmp_path, server.base_url, "-a", "sections=" + ",".join(sections))
    seen: dict[int, psutil.Process] = {}
    _wait_for(lambda: _track(proc, seen) and _lines(feed) >= 3, 120, "rendered articles in the feed")
    # The browser's main process: the chromium whose parent is not a chromium.
    main = [p for p in _track(proc, seen) if "chrom" not in p.parent().name().lower()]
    assert main
    for p in main:
        p.kill()
    while proc.poll() is None:
        _track(proc, seen)
        time.sleep(0.1)
    log = (tmp_path / "crawl.log").read_text()
    assert proc.returncode == 0, log[-3000:]
    import json

    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["playwright/browser_count"] >= 2, "a new browser was started"
    expected = server.site.listed_urls(server.base_url, sections)
    urls = [json.loads(line)["url"] for line in feed.read_text().splitlines()]
    assert sorted(urls) == sorted(expected)
    _assert_all_gone(seen)
