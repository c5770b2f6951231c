"""Downloader middlewares in isolation: fabricated requests, responses built from real replica pages.

The crawl tests show the middlewares work together; these show what each one decides on its own, so a
change in one is caught here with a message that names it.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from jpcrawl.browser import BROWSER_USER_AGENT
from jpcrawl.middlewares.interstitial import ATTEMPTS_KEY, InterstitialMiddleware
from jpcrawl.middlewares.render import RenderMiddleware
from jpcrawl.spiders.jakartapost import JakartaPostSpider

BOT_UA = "jpcrawl/0.1 (news archive crawler)"


@pytest.fixture(scope="module")
def pages() -> Iterator[dict[str, str]]:
    """Real markup from one replica: an article, a listing, the interstitial, a JS-filled listing."""
    from jpcrawl.replica import ReplicaConfig, ReplicaServer

    def get(base: str, path: str, ua: str) -> str:
        req = urllib.request.Request(base + path, headers={"User-Agent": ua})
        with urllib.request.urlopen(req, timeout=10) as fh:
            return str(fh.read().decode("utf-8"))

    with ReplicaServer(ReplicaConfig(articles=40, seed=3, interstitial=True)) as server:
        base = server.base_url
        listing = get(base, "/world", BROWSER_USER_AGENT)
        article_path = server.site.article_paths()[0] if hasattr(server.site, "article_paths") else None
        if article_path is None:  # the listing's first article
            from jpcrawl.pages.jakartapost import SITE

            article_url = SITE.parse_listing(base + "/world", listing, base).entries[0].url
            article_path = "/" + article_url.split("/", 3)[3]
        out = {
            "base": base,
            "listing": listing,
            "article": get(base, article_path, BROWSER_USER_AGENT),
            "article_path": article_path,
            "interstitial": get(base, "/world", BOT_UA),
        }
    with ReplicaServer(ReplicaConfig(articles=40, seed=3, js_listings=True)) as server:
        out["js_listing"] = get(server.base_url, "/world", BROWSER_USER_AGENT)
    yield out


def crawler_with(settings: dict[str, Any] | None = None) -> Any:
    crawler = get_crawler(
        JakartaPostSpider, settings_dict={"JPCRAWL_STATE_URI": "memory:", **(settings or {})}
    )
    crawler.spider = JakartaPostSpider.from_crawler(crawler, base_url="http://127.0.0.1:1")
    return crawler


def response(url: str, body: str, request: Request, flags: list[str] | None = None) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=request, flags=flags or [])


# --- render ------------------------------------------------------------------------------------------------


def test_render_always_marks_the_request_for_the_browser() -> None:
    mw = RenderMiddleware.from_crawler(crawler_with({"JPCRAWL_RENDER": {"listing": "always"}}))
    listing = Request("http://127.0.0.1:1/world", meta={"jpcrawl_page_type": "listing"})
    mw.process_request(listing)
    assert listing.meta.get("playwright") is True
    robots = Request("http://127.0.0.1:1/robots.txt")  # no page type: not the render middleware's call
    mw.process_request(robots)
    assert "playwright" not in robots.meta


def test_render_auto_escalates_a_listing_that_a_script_fills(pages: dict[str, str]) -> None:
    crawler = crawler_with({"JPCRAWL_RENDER": {"listing": "auto"}})
    mw = RenderMiddleware.from_crawler(crawler)
    request = Request(pages["base"] + "/world", meta={"jpcrawl_page_type": "listing"})
    out = mw.process_response(request, response(request.url, pages["js_listing"], request))
    assert isinstance(out, Request) and out.meta["playwright"] is True
    assert out.meta["jpcrawl_render_reason"] == "js_listing" and out.dont_filter
    assert crawler.stats.get_value("jpcrawl/render/escalated/js_listing") == 1
    # The same listing with its items in the HTML stays on plain HTTP.
    plain = mw.process_response(request, response(request.url, pages["listing"], request))
    assert isinstance(plain, HtmlResponse)
    assert crawler.stats.get_value("jpcrawl/render/http/listing") == 2


def test_render_auto_leaves_a_full_article_and_rendered_pages_alone(pages: dict[str, str]) -> None:
    crawler = crawler_with()
    mw = RenderMiddleware.from_crawler(crawler)
    request = Request(pages["base"] + pages["article_path"], meta={"jpcrawl_page_type": "article"})
    assert isinstance(
        mw.process_response(request, response(request.url, pages["article"], request)), HtmlResponse
    )
    empty = response(request.url, "<html><body><p>nothing here</p></body></html>", request)
    retry = mw.process_response(request, empty)
    assert isinstance(retry, Request) and retry.meta["jpcrawl_render_reason"] == "empty_body"
    rendered = response(request.url, "<html><body></body></html>", request, flags=["playwright"])
    assert mw.process_response(request, rendered) is rendered  # never escalate twice
    assert crawler.stats.get_value("jpcrawl/render/browser/article") == 1


def test_render_never_keeps_plain_http(pages: dict[str, str]) -> None:
    mw = RenderMiddleware.from_crawler(crawler_with({"JPCRAWL_RENDER": {"listing": "never"}}))
    request = Request(pages["base"] + "/world", meta={"jpcrawl_page_type": "listing"})
    mw.process_request(request)
    assert "playwright" not in request.meta
    page = response(request.url, pages["js_listing"], request)
    assert mw.process_response(request, page) is page


# --- interstitial ------------------------------------------------------------------------------------------


def test_interstitial_retries_as_a_browser_then_renders_then_gives_up(pages: dict[str, str]) -> None:
    crawler = crawler_with({"JPCRAWL_INTERSTITIAL_MAX_RETRIES": 2, "JPCRAWL_REJECTS_URI": None})
    mw = InterstitialMiddleware.from_crawler(crawler)
    url = pages["base"] + "/world"
    first = Request(url, meta={"jpcrawl_page_type": "listing"}, headers={"User-Agent": BOT_UA})

    second = mw.process_response(first, response(url, pages["interstitial"], first))
    assert isinstance(second, Request)
    assert second.headers[b"User-Agent"] == BROWSER_USER_AGENT.encode()  # 1: a current browser identity
    assert "playwright" not in second.meta and second.meta[ATTEMPTS_KEY] == 1

    third = mw.process_response(second, response(url, pages["interstitial"], second))
    assert isinstance(third, Request) and third.meta["playwright"] is True  # 2: through the browser
    assert third.meta[ATTEMPTS_KEY] == 2

    rejected: list[dict[str, Any]] = []
    from jpcrawl.extensions.rejects import Rejects

    rejects = Rejects.of(crawler)
    rejects.add = lambda **record: rejected.append(record)  # type: ignore[method-assign]
    with pytest.raises(IgnoreRequest, match="interstitial: gave up"):
        mw.process_response(third, response(url, pages["interstitial"], third, flags=["playwright"]))
    assert [r["reason"] for r in rejected] == ["interstitial"] and rejected[0]["url"] == url
    stats = crawler.stats.get_stats()
    assert stats["jpcrawl/interstitial/seen"] == 3 and stats["jpcrawl/interstitial/gave_up"] == 1


def test_interstitial_remembers_the_host_and_counts_recovery(pages: dict[str, str]) -> None:
    crawler = crawler_with()
    mw = InterstitialMiddleware.from_crawler(crawler)
    url = pages["base"] + "/world"
    first = Request(url, meta={"jpcrawl_page_type": "listing"}, headers={"User-Agent": BOT_UA})
    retry = mw.process_response(first, response(url, pages["interstitial"], first))
    assert isinstance(retry, Request)
    page = response(url, pages["listing"], retry)
    assert mw.process_response(retry, page) is page
    assert crawler.stats.get_value("jpcrawl/interstitial/recovered") == 1
    # Every later request to that host goes out as a browser from the start.
    later = Request(pages["base"] + pages["article_path"], headers={"User-Agent": BOT_UA})
    import asyncio

    asyncio.run(mw.process_request(later))
    assert later.headers[b"User-Agent"] == BROWSER_USER_AGENT.encode()


def test_interstitial_ignores_requests_that_are_not_pages(pages: dict[str, str]) -> None:
    mw = InterstitialMiddleware.from_crawler(crawler_with())
    robots = Request(pages["base"] + "/robots.txt")
    page = response(robots.url, pages["interstitial"], robots)
    assert mw.process_response(robots, page) is page


def test_interstitial_judges_only_pages_that_stand_in_for_one(pages: dict[str, str]) -> None:
    """A short 404 page (a listing past its end) looks like an interstitial but is not retried."""
    crawler = crawler_with()
    mw = InterstitialMiddleware.from_crawler(crawler)
    request = Request(pages["base"] + "/world?page=99", meta={"jpcrawl_page_type": "listing"})
    not_found = HtmlResponse(
        request.url, status=404, body=b"<html><body>Not found</body></html>", request=request
    )
    assert mw.process_response(request, not_found) is not_found
    assert crawler.stats.get_value("jpcrawl/interstitial/seen") is None


def test_a_response_is_parsed_and_classified_once(pages: dict[str, str], monkeypatch) -> None:
    """The render middleware and the listing callback share one lxml parse, one classification and one
    listing parse of the same response."""
    from jpcrawl.middlewares import classify
    from jpcrawl.pages.jakartapost import JakartaPostProfile

    calls = {"parse": 0, "classify": 0, "listing": 0}

    def counted(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(classify, "make_selector", counted("parse", classify.make_selector))
    monkeypatch.setattr(JakartaPostProfile, "classify", counted("classify", JakartaPostProfile.classify))
    monkeypatch.setattr(
        JakartaPostProfile, "parse_listing", counted("listing", JakartaPostProfile.parse_listing)
    )
    crawler = crawler_with({"JPCRAWL_RENDER": {"listing": "auto"}})
    mw = RenderMiddleware.from_crawler(crawler)
    request = Request(
        pages["base"] + "/world", meta={"jpcrawl_page_type": "listing", "jpcrawl_section": "world"}
    )
    page = response(request.url, pages["listing"], request)
    assert mw.process_response(request, page) is page
    spider = crawler.spider
    spider.base_url = pages["base"]
    requests = list(spider.parse(page))
    assert any(r.meta.get("jpcrawl_page_type") == "article" for r in requests)
    assert calls == {"parse": 1, "classify": 1, "listing": 1}
