"""The replica's hostile knobs, one at a time and all together: every listed article once, nothing of the
interstitial in any field, and the browser only where a page needs it."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

INTERSTITIAL_TEXT = ("Please Update your browser", "Your browser is out of date")
AUTO_LISTINGS = ["-s", 'JPCRAWL_RENDER={"listing": "auto", "article": "auto"}']


def _texts(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False)


def _assert_every_listed_article_once(result, server, sections) -> None:
    assert result.returncode == 0, result.log[-3000:]
    urls = [item["url"] for item in result.items]
    assert not [u for u, n in Counter(urls).items() if n > 1]
    assert set(urls) == server.site.listed_urls(server.base_url, sections)
    for item in result.items:
        assert not any(text in _texts(item) for text in INTERSTITIAL_TEXT), item["url"]


def test_bot_user_agent_meets_the_interstitial_and_recovers(replica_factory, crawl) -> None:
    server = replica_factory(articles=90, interstitial=True)
    result = crawl(server.base_url, "-a", "sections=world", *AUTO_LISTINGS)
    _assert_every_listed_article_once(result, server, ["world"])
    stats = result.stats
    assert stats["jpcrawl/interstitial/seen"] >= 1
    # The host is remembered: one interstitial, then a browser identity for every request.
    assert stats["jpcrawl/interstitial/recovered"] == stats["jpcrawl/interstitial/seen"]
    assert "jpcrawl/interstitial/gave_up" not in stats
    # Articles still came over plain HTTP: a browser identity was enough.
    assert stats.get("jpcrawl/render/http/article", 0) == len(result.items)


def test_interstitial_that_never_lifts_is_given_up_and_rejected(replica_factory, crawl, tmp_path) -> None:
    server = replica_factory(articles=30, interstitial=True)
    rejects = tmp_path / "rejects.jsonl"
    result = crawl(
        server.base_url, "-a", "sections=world", "-a", "max_pages=1",
        # An identity the replica does not take for a current browser, in HTTP and in the browser.
        "-s", "JPCRAWL_BROWSER_USER_AGENT=Mozilla/5.0 HeadlessChrome/90.0",
        "-s", "USER_AGENT=Mozilla/5.0 HeadlessChrome/90.0",
        "-s", "JPCRAWL_INTERSTITIAL_MAX_RETRIES=2", "-s", "JPCRAWL_INTERSTITIAL_BACKOFF=0.05",
        "-s", f"JPCRAWL_REJECTS_URI={rejects}",
    )  # fmt: skip
    # A run that got nothing but interstitials has failed: exit status 1 for cron and systemd.
    assert result.returncode == 1, result.log[-3000:]
    # the interstitial that never lifted is a failed request: the error-rate alert, logged as an error
    assert re.search(r"\[jpcrawl\.extensions\.report\] ERROR: ALERT error_rate: 1 failed req", result.log)
    assert result.items == []
    assert result.stats["jpcrawl/interstitial/gave_up"] >= 1
    records = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert records and all(r["reason"] == "interstitial" and r["url"] for r in records)
    assert result.stats["jpcrawl/rejects/interstitial"] == len(records)
    # The second retry went through the browser.
    assert result.stats.get("jpcrawl/render/browser", 0) >= 1


def test_js_rendered_listing_is_escalated_to_the_browser(replica_factory, crawl) -> None:
    server = replica_factory(articles=90, js_listings=True)
    result = crawl(server.base_url, "-a", "sections=business", *AUTO_LISTINGS)
    _assert_every_listed_article_once(result, server, ["business"])
    stats = result.stats
    assert stats["jpcrawl/render/escalated/js_listing"] >= 1
    assert stats.get("jpcrawl/render/http/article", 0) == len(result.items)
    assert all(item["rendered"] is False for item in result.items)


def test_transient_5xx_answers_are_retried(replica_factory, crawl) -> None:
    server = replica_factory(articles=60, fail_first=1)
    result = crawl(server.base_url, "-a", "sections=world", *AUTO_LISTINGS)
    _assert_every_listed_article_once(result, server, ["world"])
    assert result.stats["retry/reason_count/503 Service Unavailable"] >= len(result.items)


def test_every_hostile_knob_at_once(replica_factory, crawl) -> None:
    server = replica_factory(articles=120, hostile=True)
    sections = ["world", "business"]
    result = crawl(server.base_url, "-a", "sections=" + ",".join(sections), *AUTO_LISTINGS)
    _assert_every_listed_article_once(result, server, sections)
    for item in result.items:
        truth = server.site.truth(item["url"], server.base_url)
        assert item["body"] == truth["body"] and item["title"] == truth["title"]
