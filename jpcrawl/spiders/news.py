"""`news`: any news site that follows common web standards, with the generic profile.

    scrapy crawl news -a base_url=https://example.com -O out.jsonl
    scrapy crawl news -a base_url=https://example.com -a sections=world,category/business -a max_pages=3

Discovery, without `-a sections`: robots.txt; when it names sitemaps, sitemap indexes -> article sitemaps
(news / post sitemaps first; page, category, tag, author, image and video sitemaps skipped) -> articles;
RSS/Atom feeds named there are read too. Otherwise the home page: its article links, and its navigation's
section links -> listings, followed page by page (rel=next, a "next" link, /page/N/, ?page=N) up to
`max_pages`. With `-a sections`, those section listings only. Listings are requests of page type "listing",
so the render middleware puts them through the browser as it does for any site (and escalates a listing
whose items a script inserts under JPCRAWL_RENDER={"listing": "auto"}).

Articles go through the same pipelines, state, feeds, report and alerts as every other spider, in the same
`Article` schema; fields the generic readers cannot know are null. Arguments otherwise as in
`jpcrawl.spiders.base` (`since` filters sitemap and listing entries by date).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from jpcrawl.pages.base import make_selector
from jpcrawl.pages.generic.discovery import (
    document_kind,
    feed_entries,
    non_article_path,
    robots_sitemaps,
    section_links,
    sitemap_children,
    urlset_entries,
)
from jpcrawl.pages.generic.profile import GenericProfile, generic_profile
from jpcrawl.spiders.base import LISTING, NewsSpider

MAX_SITEMAP_DEPTH = 3
MAX_SECTIONS = 40


class GenericNewsSpider(NewsSpider):
    name = "news"
    site = GenericProfile()  # replaced per crawl by a profile bound to base_url

    def __init__(self, base_url: str | None = None, *args: Any, **kwargs: Any) -> None:
        base = (base_url or os.environ.get("JPCRAWL_BASE_URL") or "").strip()
        if not base:
            raise ValueError("the news spider needs -a base_url=https://site (the site to crawl)")
        # The profile knows which links are same-site articles only once it knows the site.
        self.site = generic_profile(base)  # type: ignore[misc]
        super().__init__(base, *args, **kwargs)
        self.discover = not self.sections
        self.seen_articles: set[str] = set()
        self._sitemaps_pending = 0
        self._home_requested = False

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():  # resumed items, then -a sections listings
            yield request
        if self.discover:
            yield scrapy.Request(
                f"{self.base_url}/robots.txt",
                callback=self.parse_robots,
                errback=self.robots_failed,
                dont_filter=True,
                meta={"handle_httpstatus_all": True},
            )

    def _stat(self, key: str, n: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"jpcrawl/discovery/{key}", n)

    # -- robots / home ---------------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Any]:
        sitemaps = robots_sitemaps(response.text, self.base_url) if response.status == 200 else []
        sitemaps = [u for u in sitemaps if self.site.is_site_url(u, self.base_url)]
        self._stat("robots_sitemaps", len(sitemaps))
        if not sitemaps:
            yield self.home_request()
            return
        for url in sitemaps:
            yield self.sitemap_request(url, 0)

    def robots_failed(self, failure: Failure) -> Iterator[Any]:
        self._stat("robots_failed")
        yield self.home_request()

    def home_request(self) -> scrapy.Request:
        self._home_requested = True
        return scrapy.Request(
            f"{self.base_url}/",
            callback=self.parse_home,
            errback=self.errback,
            meta={"jpcrawl_page_type": LISTING, "jpcrawl_section": "", "jpcrawl_page": 1},
        )

    def parse_home(self, response: Response) -> Iterator[Any]:
        sel = make_selector(response.text)
        links = section_links(sel, response.url, self.base_url) if sel is not None else []
        paths = {urlsplit(u).path.rstrip("/") for u in links}
        # A subsection (/world/asia) is listed on its section's pages (/world): crawl the parents only.
        tops = [
            u for u in links if not any(p and urlsplit(u).path.rstrip("/").startswith(p + "/") for p in paths)
        ][:MAX_SECTIONS]
        self._stat("sections", len(tops))
        for url in tops:
            section = urlsplit(url).path.strip("/")
            yield self.listing_request(section, 1, url=url)
        yield from self.parse_listing(response)  # the home page's own article links

    # -- sitemaps and feeds ----------------------------------------------------------------------------

    def sitemap_request(self, url: str, depth: int, priority: int = 0) -> scrapy.Request:
        self._sitemaps_pending += 1
        return scrapy.Request(
            url,
            callback=self.parse_sitemap_doc,
            errback=self.sitemap_failed,
            priority=priority,
            meta={"jpcrawl_sitemap_depth": depth},
        )

    def sitemap_failed(self, failure: Failure) -> Iterator[Any]:
        self._sitemaps_pending -= 1
        request = getattr(failure, "request", None)
        self.logger.warning("sitemap failed: %s: %s", getattr(request, "url", "?"), failure.getErrorMessage())
        self._stat("sitemap_failed")
        yield from self._fallback_to_home()

    def _fallback_to_home(self) -> Iterator[Any]:
        """Every sitemap read and not one article in them: discover from the home page instead."""
        if self._sitemaps_pending <= 0 and not self.seen_articles and not self._home_requested:
            self._stat("sitemaps_empty")
            yield self.home_request()

    def parse_sitemap_doc(self, response: Response) -> Iterator[Any]:
        self._sitemaps_pending -= 1
        yield from self._read_sitemap_doc(response)
        yield from self._fallback_to_home()

    def _read_sitemap_doc(self, response: Response) -> Iterator[Any]:
        body = response.body
        kind = document_kind(body)
        depth = response.meta.get("jpcrawl_sitemap_depth", 0)
        if kind == "index":
            if depth >= MAX_SITEMAP_DEPTH:
                self._stat("sitemap_too_deep")
                return
            children = sitemap_children(body)
            self._stat("sitemap_children", len(children))
            for child in children:
                if self.site.is_site_url(child.url, self.base_url):
                    yield self.sitemap_request(child.url, depth + 1, 1 if child.kind == "preferred" else 0)
            return
        if kind == "urlset":
            entries = urlset_entries(body)
        elif kind == "feed":
            entries = feed_entries(body)
        else:
            self._stat("sitemap_unreadable")
            return
        self._stat("sitemap_entries", len(entries))
        since = self.since.isoformat() if self.since else None
        for entry in entries:
            url = self.site.canonical_url(entry.url, self.base_url)
            if since and entry.published_at and entry.published_at[:10] < since:
                self._stat("too_old")
                continue
            if url in self.seen_articles:
                continue
            if not self.site.is_site_url(url, self.base_url) or non_article_path(url):
                self._stat("skipped_not_article")
                continue
            self.seen_articles.add(url)
            yield self.article_request(url)
