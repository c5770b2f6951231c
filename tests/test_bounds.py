"""Bounded work on hostile input (issue 13, points 7-9).

- Pagination ends by itself: a server answering every ?page=N with the same items, or with new items
  forever, cannot keep a section paginating (a page with no URL new to the run stops it; the
  JPCRAWL_MAX_LISTING_PAGES ceiling, logged and counted, stops the rest).
- One bad value never loses a page: giant field values (10,000 digits, long digit/space/paren runs) are
  null and counted, parse in bounded time, and the page's other entries stand.
- Sizes: DOWNLOAD_MAXSIZE / DOWNLOAD_WARNSIZE, and the same bound for sitemaps, gzip ones included.
"""

from __future__ import annotations

import gzip
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, Request, Response, XmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from jpcrawl import processors
from jpcrawl.pages.jakartapost import SITE
from jpcrawl.pages.sitemap import parse_news_sitemap, parse_rss, parse_sitemap_index
from jpcrawl.spiders.jakartapost import JakartaPostSpider
from jpcrawl.spiders.jakartapost_sitemap import JakartaPostSitemapSpider
from tests.conftest import run_crawl

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "jakartapost"
BASE = "https://www.thejakartapost.com"
NOW = datetime(2024, 10, 1, 12, tzinfo=timezone(timedelta(hours=7)))
LISTING_URL = f"{BASE}/business/companies"
ARTICLE_URL = f"{BASE}/business/2024/07/22/nickel-smelters-face-tighter-emission-rules.html"
BUDGET = 0.05  # seconds per parser call on a page with one giant field


# --- a hostile listing server ----------------------------------------------------------------------------

# Past this many listing pages the server gives an empty one, so that a crawler without the bounds under
# test still ends (and fails the test) instead of hanging it.
SERVER_CAP = 30


def _listing_html(section: str, keys: list[str]) -> str:
    items = "".join(
        f'<div class="listNews"><div class="latestDetail"><a href="/{section}/2024/10/01/story-{k}.html">'
        f'<h2 class="titleNews">Story {k}</h2></a><span class="date">2 hours ago</span></div></div>'
        for k in keys
    )
    return (
        f'<html><body><h2 class="tjp-listing__title">{section}</h2>'
        f'<div class="tjp-newsListing">{items}</div></body></html>'
    )


ARTICLE_HTML = (
    '<html lang="en"><body><div class="tjp-single"><div class="tjp-single__head"><h1>A story</h1>'
    '<span class="created">Published on 2024-10-01T10:00:00+07:00</span></div>'
    '<div class="tjp-single__content"><p>One paragraph of text.</p></div></div></body></html>'
)


class _Handler(BaseHTTPRequestHandler):
    server: _HostileServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        section = parts.path.strip("/")
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        if section in ("world", "business"):
            self.server.hits[section] += 1
            if page > SERVER_CAP:
                keys: list[str] = []
            elif section == "world":  # every page: the same two items
                keys = ["a", "b"]
            else:  # every page: two items never seen before
                keys = [f"p{page}-1", f"p{page}-2"]
            self._send(200, _listing_html(section, keys))
        elif parts.path.endswith(".html"):
            self._send(200, ARTICLE_HTML)
        else:
            self._send(404, "<html><body>not found</body></html>")

    def _send(self, status: int, html: str) -> None:
        body = html.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class _HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Counter[str]]]:
    server = _HostileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run_crawl(
            tmp_path_factory.mktemp("hostile"),
            server.origin,
            "-a", "sections=world,business",
            "-s", "JPCRAWL_RENDER_ENABLED=False",  # plain HTTP: what is under test is the spider
            "-s", "JPCRAWL_MAX_LISTING_PAGES=4",
            timeout=120,
        )  # fmt: skip
        yield result, server.hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_same_items_on_every_page_stop_the_section(hostile_crawl) -> None:
    result, hits = hostile_crawl
    assert result.returncode == 0, result.log[-3000:]
    assert 1 <= hits["world"] <= 2, hits
    assert result.stats.get("jpcrawl/listing/no_new_entries") == 1, result.stats
    assert "lists no entry new to this run" in result.log
    # Both articles of the "world" section were still fetched and emitted once.
    urls = sorted(item["url"] for item in result.items if "/world/" in item["url"])
    assert [u.rsplit("/", 1)[1] for u in urls] == ["story-a.html", "story-b.html"]


def test_listing_page_ceiling_is_logged_and_counted(hostile_crawl) -> None:
    result, hits = hostile_crawl
    assert hits["business"] == 4, hits  # every page new: only the ceiling stops it
    assert result.stats.get("jpcrawl/listing/ceiling_hit") == 1, result.stats
    assert "JPCRAWL_MAX_LISTING_PAGES=4" in result.log
    assert len([i for i in result.items if "/business/" in i["url"]]) == 8


def test_default_ceiling_is_set() -> None:
    settings = Settings()
    settings.setmodule("jpcrawl.settings")
    assert settings.getint("JPCRAWL_MAX_LISTING_PAGES") == 1000


# --- the spider's listing callback, in-process ------------------------------------------------------------


def _spider(cls: type = JakartaPostSpider, **settings: Any) -> Any:
    crawler = get_crawler(cls, settings_dict={"JPCRAWL_STATE_URI": "memory:", **settings})
    crawler.spider = crawler._create_spider(base_url=BASE)
    crawler.spider._backlog = lambda: 0  # no engine outside a crawl
    return crawler.spider


def _listing_response(url: str, html: str, **meta: Any) -> HtmlResponse:
    request = Request(url, meta={"jpcrawl_section": "business", "jpcrawl_page": 1, **meta})
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=request)


def _next_pages(out: list[Any]) -> list[Request]:
    return [r for r in out if isinstance(r, Request) and r.meta.get("jpcrawl_page_type") == "listing"]


def test_a_worker_that_did_not_see_the_previous_page_still_stops() -> None:
    """Distributed mode: page N+1 may reach a worker that never saw page N. The request carries a digest
    of page N's entries, and a page with the same entries stops the section."""
    html = _listing_html("business", ["a", "b"])
    first = list(_spider().parse_listing(_listing_response(f"{BASE}/business", html)))
    (nxt,) = _next_pages(first)
    digest = nxt.meta["jpcrawl_listing_digest"]
    other_worker = _spider()
    second = list(other_worker.parse_listing(
        _listing_response(nxt.url, html, jpcrawl_page=2, jpcrawl_listing_digest=digest)
    ))  # fmt: skip
    assert _next_pages(second) == []
    assert other_worker.crawler.stats.get_value("jpcrawl/listing/no_new_entries") == 1
    # A page with other entries goes on, digest or not.
    third = list(_spider().parse_listing(
        _listing_response(nxt.url, _listing_html("business", ["c", "d"]), jpcrawl_page=2,
                          jpcrawl_listing_digest=digest)
    ))  # fmt: skip
    assert len(_next_pages(third)) == 1


def test_listing_field_errors_and_unreadable_pages_reach_the_stats(monkeypatch, caplog) -> None:
    spider = _spider()
    html = _listing_html("business", ["a", "b"]).replace("2 hours ago", "9" * 10_000 + " hours ago", 1)
    out = list(spider.parse_listing(_listing_response(f"{BASE}/business", html)))
    stats = spider.crawler.stats
    assert len([r for r in out if r.meta.get("jpcrawl_page_type") == "article"]) == 2
    assert stats.get_value("jpcrawl/parse/field_errors/published_at") == 1

    # A page the parser cannot read at all is counted and logged, never taken for an empty listing.
    import jpcrawl.pages.jakartapost as jp

    def broken(sel: Any) -> list[Any]:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(jp, "_main_items", broken)
    with caplog.at_level(logging.ERROR):
        list(spider.parse_listing(_listing_response(f"{BASE}/business?page=2", html, jpcrawl_page=2)))
    assert stats.get_value("jpcrawl/parse/listing_errors") == 1
    messages = [r.getMessage() for r in caplog.records]
    assert any("could not be read" in m and "parser bug" in m for m in messages), messages


# --- one bad value never loses a page ------------------------------------------------------------------


def test_ten_thousand_digit_date_keeps_the_listing() -> None:
    page = (FIXTURES / "listing.html").read_text(encoding="utf-8")
    expected = SITE.parse_listing(LISTING_URL, page, None, NOW)
    hostile = page.replace("7 hours ago", "9" * 10_000 + " hours ago", 1)
    listing = SITE.parse_listing(LISTING_URL, hostile, None, NOW)
    assert listing.error is None
    assert [e.url for e in listing.entries] == [e.url for e in expected.entries]
    assert listing.entries[0].published_at is None
    assert listing.entries[1:] == expected.entries[1:]
    assert listing.field_errors == {"published_at": 1}


def _elapsed(fn: Callable[..., Any], *args: Any) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def assert_fast(fn: Callable[..., Any], *args: Any, budget: float = BUDGET) -> None:
    """Within `budget`, allowing for a loaded machine: fails only when two calls in a row are over it."""
    first = _elapsed(fn, *args)
    if first > budget:
        second = _elapsed(fn, *args)
        assert second <= budget, f"{getattr(fn, '__name__', fn)}: {first:.3f}s then {second:.3f}s"


@pytest.mark.parametrize(
    "text",
    ["5" * 5000 + " hours ago", "1" * 10_000, "2024-" * 2000, " " * 20_000 + "ago", "a" * 50_000 + " 1 day"],
)
def test_date_parsers_are_bounded(text: str) -> None:
    for fn in (processors.parse_iso_datetime, processors.parse_text_date, processors.parse_any_date):
        assert_fast(fn, text)
        assert fn(text) is None
    assert_fast(processors.relative_to_iso, text, NOW)
    assert processors.relative_to_iso(text, NOW) is None


def test_relative_time_reads_a_number_whole_or_not_at_all() -> None:
    assert processors.relative_to_iso("7 hours ago", NOW) == "2024-10-01T05:00:00+07:00"
    assert processors.relative_to_iso("123456 minutes ago", NOW) is not None
    # Seven digits are not read as their last six ("0 hours ago" would be a wrong date, not a missing one).
    assert processors.relative_to_iso("1000000 hours ago", NOW) is None
    assert processors.relative_to_iso("99999 years ago", NOW) is None  # before year 1


def test_sitemap_entry_with_giant_date_keeps_the_others() -> None:
    urls = [f"{BASE}/business/2024/10/0{i}/story-{i}.html" for i in range(1, 4)]
    dates = ["2024-10-01T10:00:00+07:00", "7" * 10_000, "2024-10-03"]
    xml = "<urlset>" + "".join(
        f"<url><loc>{u}</loc><lastmod>{d}</lastmod></url>" for u, d in zip(urls, dates, strict=True)
    ) + "</urlset>"  # fmt: skip
    errors: dict[str, int] = {}
    entries = parse_news_sitemap(xml, errors=errors)
    assert [e.url for e in entries] == urls
    assert [e.published_at for e in entries] == ["2024-10-01T10:00:00+07:00", None, "2024-10-03"]
    assert errors == {"published_at": 1}


def test_article_field_that_raises_is_null_and_counted(monkeypatch) -> None:
    import jpcrawl.pages.jakartapost as jp

    page = (FIXTURES / "multi_author.html").read_text(encoding="utf-8")
    expected = SITE.parse_article(ARTICLE_URL, page)
    assert expected is not None and expected.authors

    def broken(doc: Any) -> Any:
        raise ValueError("Exceeds the limit (4300 digits)")

    monkeypatch.setattr(jp, "_byline", broken)
    errors: dict[str, int] = {}
    article = SITE.parse_article(ARTICLE_URL, page, errors=errors)
    assert article is not None
    assert article.authors == [] and article.source is None
    assert (article.title, article.body, article.published_at) == (
        expected.title, expected.body, expected.published_at
    )  # fmt: skip
    assert errors == {"authors": 1}


# --- property: every page parser over pages with one giant field ---------------------------------------

GIANTS = st.builds(
    lambda unit, n, tail: unit * n + tail,
    st.sampled_from(["9", "1 ", " ", "(", "a", "-", ":", ",", "2024-", "&amp;", "ago "]),
    st.integers(min_value=2_000, max_value=20_000),
    st.sampled_from(["", " hours ago", " ago", ")", " 2024-01-01", " April 25, 2020"]),
)

# (fixture, text to replace in it): one field value of each kind the parsers read.
LISTING_FIELDS = ["7 hours ago", "Bank profits rise on loan growth", "Lenders reported stronger earnings",
                  "Companies <span", "bank-profits-rise-on-loan-growth.html\"><h2"]  # fmt: skip
ARTICLE_FIELDS = ["Published on", "(Reuters)", "</h1>", "<p>", "content=\"", "</figcaption>"]
PROPERTY = settings(
    max_examples=max(40, settings().max_examples // 10),  # make fuzz: more
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _inject(page: str, needle: str, giant: str) -> str:
    assert needle in page, needle
    return page.replace(needle, giant + needle, 1)


@PROPERTY
@given(giant=GIANTS, field_index=st.integers(0, len(LISTING_FIELDS) - 1))
def test_listing_with_a_giant_field_is_fast_and_keeps_the_other_entries(giant: str, field_index: int) -> None:
    page = (FIXTURES / "listing.html").read_text(encoding="utf-8")
    expected = SITE.parse_listing(LISTING_URL, page, None, NOW)
    hostile = _inject(page, LISTING_FIELDS[field_index], giant)
    assert_fast(SITE.parse_listing, LISTING_URL, hostile, None, NOW)
    assert_fast(SITE.classify, LISTING_URL, hostile)
    listing = SITE.parse_listing(LISTING_URL, hostile, None, NOW)
    assert listing.error is None
    # Every field injection is in the first item: the others are exactly as before.
    assert listing.entries[-3:] == expected.entries[1:]


@PROPERTY
@given(giant=GIANTS, field_index=st.integers(0, len(ARTICLE_FIELDS) - 1))
def test_article_with_a_giant_field_is_fast_and_keeps_its_body(giant: str, field_index: int) -> None:
    page = (FIXTURES / "wire_reuters.html").read_text(encoding="utf-8")
    expected = SITE.parse_article(ARTICLE_URL, page)
    assert expected is not None
    hostile = _inject(page, ARTICLE_FIELDS[field_index], giant)
    assert_fast(SITE.parse_article, ARTICLE_URL, hostile)
    assert_fast(SITE.classify, ARTICLE_URL, hostile)
    assert_fast(SITE.parse_login_form, ARTICLE_URL, hostile)
    article = SITE.parse_article(ARTICLE_URL, hostile)
    assert article is not None
    assert set(expected.body) - {p for p in expected.body if any(p in b for b in article.body)} == set()


@PROPERTY
@given(giant=GIANTS, where=st.sampled_from(["lastmod", "loc", "title"]))
def test_sitemap_and_feed_with_a_giant_field_are_fast_and_keep_the_others(giant: str, where: str) -> None:
    urls = [f"{BASE}/business/2024/10/0{i}/story-{i}.html" for i in range(1, 4)]
    values = {"loc": urls[:], "lastmod": ["2024-10-01"] * 3, "title": ["T"] * 3}
    values[where][1] = giant if where != "loc" else urls[1] + giant
    urlset = "<urlset>" + "".join(
        f"<url><loc>{values['loc'][i]}</loc><lastmod>{values['lastmod'][i]}</lastmod>"
        f"<news:title>{values['title'][i]}</news:title></url>" for i in range(3)
    ) + "</urlset>"  # fmt: skip
    rss = "<rss><channel>" + "".join(
        f"<item><link>{values['loc'][i]}</link><pubDate>{values['lastmod'][i]}</pubDate>"
        f"<title>{values['title'][i]}</title></item>" for i in range(3)
    ) + "</channel></rss>"  # fmt: skip
    index = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in values["loc"])
    index = f"<sitemapindex>{index}</sitemapindex>"
    for fn, doc in ((parse_news_sitemap, urlset), (parse_rss, rss), (parse_sitemap_index, index)):
        assert_fast(fn, doc)
    kept = [urls[0], urls[2]] if where == "loc" else urls  # a giant URL is another URL, or none
    for fn, doc in ((parse_news_sitemap, urlset), (parse_rss, rss)):
        entries = fn(doc)
        assert [e.url for e in entries if e.url in kept] == kept
        assert entries[0].published_at == "2024-10-01"
    assert [u for u in parse_sitemap_index(index) if u in kept] == kept


# --- sizes ----------------------------------------------------------------------------------------------


def test_download_size_bounds() -> None:
    settings = Settings()
    settings.setmodule("jpcrawl.settings")
    assert settings.getint("DOWNLOAD_MAXSIZE") == 16 * 1024 * 1024
    assert settings.getint("DOWNLOAD_WARNSIZE") == 4 * 1024 * 1024


def _sitemap_xml(n: int, pad: int = 0) -> bytes:
    rows = "".join(
        f"<url><loc>{BASE}/business/2024/10/01/story-{i}.html</loc><lastmod>2024-10-01</lastmod>"
        f"<!-- {'x' * pad} --></url>"
        for i in range(n)
    )
    return f'<?xml version="1.0"?><urlset>{rows}</urlset>'.encode()


def _sitemap_response(body: bytes, **meta: Any) -> Response:
    url = f"{BASE}/business/news/sitemap.xml.gz"
    return Response(url, body=body, request=Request(url, meta=meta))


def test_gzip_sitemap_is_read_within_the_bound() -> None:
    spider = _spider(JakartaPostSitemapSpider)
    out = list(spider.parse_sitemap(_sitemap_response(gzip.compress(_sitemap_xml(3)))))
    assert len([r for r in out if isinstance(r, Request)]) == 3
    assert spider.crawler.stats.get_value("jpcrawl/sitemap/entries") == 3


def test_gzip_bomb_sitemap_stops_at_the_bound(caplog) -> None:
    bomb = gzip.compress(_sitemap_xml(10, pad=300_000))  # ~3 MB once decompressed, a few KB compressed
    assert len(bomb) < 100_000
    spider = _spider(JakartaPostSitemapSpider, DOWNLOAD_MAXSIZE=1024 * 1024)
    with caplog.at_level(logging.WARNING):
        out = list(spider.parse_sitemap(_sitemap_response(bomb)))
    assert out == []
    assert spider.crawler.stats.get_value("jpcrawl/sitemap/too_large") == 1
    assert any("DOWNLOAD_MAXSIZE" in r.getMessage() for r in caplog.records)


def test_plain_sitemap_over_the_bound_is_not_parsed() -> None:
    body = _sitemap_xml(10, pad=300_000)
    spider = _spider(JakartaPostSitemapSpider, DOWNLOAD_MAXSIZE=1024 * 1024)
    url = f"{BASE}/business/news/sitemap.xml"
    out = list(spider.parse_sitemap(XmlResponse(url, body=body, request=Request(url))))
    assert out == []
    assert spider.crawler.stats.get_value("jpcrawl/sitemap/too_large") == 1
    errors: dict[str, int] = {}
    assert parse_news_sitemap(body, max_bytes=1024 * 1024, errors=errors) == []
    assert errors == {"too_large": 1}
    assert len(parse_news_sitemap(body)) == 10  # under the default bound


def test_listing_with_thousands_of_items_is_bounded() -> None:
    """Sidebar detection was quadratic in sibling items (3000 items: ~10 s); a page holds at most
    MAX_LISTING_ITEMS entries, the rest counted."""
    from jpcrawl.pages.jakartapost import MAX_LISTING_ITEMS

    html = _listing_html("business", [str(i) for i in range(3000)])
    assert_fast(SITE.parse_listing, f"{BASE}/business", html, None, NOW, budget=2.5)
    listing = SITE.parse_listing(f"{BASE}/business", html, None, NOW)
    assert [e.url for e in listing.entries] == [
        f"{BASE}/business/2024/10/01/story-{i}.html" for i in range(MAX_LISTING_ITEMS)
    ]
    assert listing.field_errors == {"items_over_limit": 3000 - MAX_LISTING_ITEMS}
