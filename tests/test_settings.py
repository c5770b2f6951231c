"""The shipped settings, as `scrapy crawl` loads them: component order, add-ons, handlers.

The crawl tests never add a component themselves, so a middleware, pipeline, extension or add-on missing
from settings.py (or put at the wrong place) fails here with its name, and in the crawls that need it.
"""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from jpcrawl.spiders.jakartapost import JakartaPostSpider
from tests.conftest import ROOT

SESSION_EXPIRY = "jpcrawl.middlewares.session.SessionExpiryMiddleware"
SESSION = "jpcrawl.middlewares.session.SessionMiddleware"
INTERSTITIAL = "jpcrawl.middlewares.interstitial.InterstitialMiddleware"
RENDER = "jpcrawl.middlewares.render.RenderMiddleware"


def _shipped(monkeypatch: pytest.MonkeyPatch, **extra: Any) -> Crawler:
    """A crawler of the jakartapost spider on the project settings found through scrapy.cfg, add-ons
    applied, as `scrapy crawl` builds it (without -s)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SCRAPY_SETTINGS_MODULE", raising=False)
    project = get_project_settings()
    # Only what settings.py sets: Scrapy's defaults come back through get_crawler.
    module = {k: v for k, v in project.items() if project.getpriority(k) == SETTINGS_PRIORITIES["project"]}
    assert module.get("BOT_NAME") == "jpcrawl", "scrapy.cfg did not lead to jpcrawl.settings"
    module.pop("JPCRAWL_REDIS_URL", None)  # read from the environment at import: not part of what ships
    return get_crawler(JakartaPostSpider, {**module, **extra})


def _order(crawler: Crawler, name: str) -> list[str]:
    names = []
    for component in build_component_list(crawler.settings.getwithbase(name)):
        obj = load_object(component) if isinstance(component, str) else component
        names.append(f"{obj.__module__}.{obj.__qualname__}")
    return names


def _only(names: list[str], keep: list[str]) -> list[str]:
    return [n for n in names if n in keep]


def test_downloader_middlewares_as_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    order = _order(_shipped(monkeypatch), "DOWNLOADER_MIDDLEWARES")
    offsite = "jpcrawl.middlewares.offsite.OffsiteMiddleware"
    ours = [n for n in order if n.startswith("jpcrawl.")]
    assert ours == [offsite, SESSION_EXPIRY, INTERSTITIAL, RENDER, SESSION]
    # Scrapy's own offsite middleware lets dont_filter requests through: ours replaces it.
    assert "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware" not in order
    # Requests pass top to bottom, responses bottom to top. On the way back, a response is decompressed
    # before render, interstitial and session expiry read its body, and all three act before Retry sees
    # it; the session's cookies are merged after CookiesMiddleware has written the Cookie header.
    landmarks = [
        "scrapy.downloadermiddlewares.retry.RetryMiddleware",
        SESSION_EXPIRY,
        INTERSTITIAL,
        RENDER,
        "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware",
        "scrapy.downloadermiddlewares.redirect.RedirectMiddleware",
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
        SESSION,
    ]
    assert _only(order, landmarks) == landmarks


def test_item_pipelines_and_extensions_as_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    crawler = _shipped(monkeypatch)
    assert _order(crawler, "ITEM_PIPELINES") == [
        "jpcrawl.pipelines.clean.CleanPipeline",
        "jpcrawl.pipelines.validate.ValidatePipeline",
        "jpcrawl.pipelines.dedupe.DedupePipeline",
    ]
    extensions = _order(crawler, "EXTENSIONS")
    assert [n for n in extensions if n.startswith("jpcrawl.")] == [
        "jpcrawl.extensions.rejects.Rejects",  # first: every later component may reject
        "jpcrawl.extensions.lock.RunLock",
        "jpcrawl.extensions.resume.ResumeJournal",
        "jpcrawl.extensions.report.StatsDump",
        "jpcrawl.extensions.report.RunReport",
        "jpcrawl.extensions.progress.Progress",
    ]
    # The report reads the final stats: it closes after everything that counts.
    assert extensions.index("jpcrawl.extensions.report.RunReport") > extensions.index(
        "scrapy.extensions.feedexport.FeedExporter"
    )
    handlers = crawler.settings.getdict("DOWNLOAD_HANDLERS")
    assert handlers["http"] == handlers["https"] == "jpcrawl.browser.JpcrawlPlaywrightHandler"
    assert crawler.settings["TWISTED_REACTOR"] == "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def test_addons_as_shipped_single_process(monkeypatch: pytest.MonkeyPatch) -> None:
    crawler = _shipped(monkeypatch)
    addons = [f"{type(a).__module__}.{type(a).__qualname__}" for a in crawler.addons.addons]
    assert addons == ["jpcrawl.feeds.FeedPartitions", "jpcrawl.distributed.addon.Distributed"]
    # Without a Redis URL the Distributed add-on changes nothing.
    assert crawler.settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert not [n for n in _order(crawler, "SPIDER_MIDDLEWARES") if n.startswith("jpcrawl.distributed")]
    # FeedPartitions gave the run its default feed, since no -o/-O was given.
    assert list(crawler.settings.getdict("FEEDS")) == [crawler.settings["JPCRAWL_DEFAULT_FEED"]]


def test_a_redis_url_alone_switches_the_shipped_settings_to_distributed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crawler = _shipped(monkeypatch, JPCRAWL_REDIS_URL="redis://127.0.0.1:1/0")
    settings = crawler.settings
    assert settings["SCHEDULER"] == "jpcrawl.distributed.scheduler.RedisScheduler"
    assert settings["DUPEFILTER_CLASS"] == "jpcrawl.distributed.scheduler.RedisDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST")
    # The start-request filter runs before Scrapy's own spider middlewares; the claim comes after dedupe
    # (only what dedupe lets through is claimed); the worker extension is on.
    spider_mws = _order(crawler, "SPIDER_MIDDLEWARES")
    assert spider_mws[0] == "jpcrawl.distributed.middleware.DistributedStartMiddleware"
    pipelines = _order(crawler, "ITEM_PIPELINES")
    assert pipelines[-2:] == [
        "jpcrawl.pipelines.dedupe.DedupePipeline",
        "jpcrawl.distributed.pipeline.ClaimPipeline",
    ]
    assert "jpcrawl.distributed.extension.DistributedWorker" in _order(crawler, "EXTENSIONS")
