"""`NewsSpider`: section listings -> articles, for any site that has a `SiteProfile`.

A site's spider is a subclass that names itself and its profile; everything it needs to know about the
site (URL rules, selectors, login form) comes from the profile in `jpcrawl/pages/<site>.py`. The spider
only decides what to fetch. How a page is fetched (plain HTTP or the browser) is the render middleware's
call, driven by the `jpcrawl_page_type` meta key.

Spider arguments (`-a name=value`):
  base_url   the site's origin; default the real site. `allowed_domains` follows it.
  sections   comma-separated top-level sections; default every section the profile lists.
  max_pages  stop each section's pagination after this many listing pages (default: to the end).
  since      YYYY-MM-DD: skip listing entries, and stop paginating, older than this date.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from datetime import date, datetime, timezone
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from jpcrawl.items import Article
from jpcrawl.pages.base import SiteProfile

logger = logging.getLogger(__name__)

LISTING = "listing"
ARTICLE = "article"


def _parse_since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"since={value!r}: expected YYYY-MM-DD") from exc


class NewsSpider(scrapy.Spider):
    site: ClassVar[SiteProfile]

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        from jpcrawl.browser import configure_playwright

        configure_playwright(settings)

    def __init__(
        self,
        base_url: str | None = None,
        sections: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.site.default_base_url).rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url={base_url!r}: expected an http(s) origin such as https://host:port")
        self.allowed_domains = [parts.hostname]
        if sections:
            self.sections = [s.strip().strip("/") for s in sections.split(",") if s.strip()]
        else:
            self.sections = list(self.site.sections)
        self.max_pages = int(max_pages) if max_pages not in (None, "", "0", 0) else None
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError(f"max_pages={max_pages!r}: expected a positive number")
        self.since = _parse_since(since)

    # -- requests ------------------------------------------------------------------------------------

    def listing_request(self, section: str, page: int, url: str | None = None) -> scrapy.Request:
        return scrapy.Request(
            url or self.site.listing_url(self.base_url, section, page),
            callback=self.parse_listing,
            errback=self.errback,
            priority=-page,  # finish articles of earlier pages before paginating deeper
            meta={"jpcrawl_page_type": LISTING, "jpcrawl_section": section, "jpcrawl_page": page},
        )

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.errback,
            priority=10,
            meta={"jpcrawl_page_type": ARTICLE, **meta},
        )

    async def start(self) -> AsyncIterator[Any]:
        for section in self.sections:
            yield self.listing_request(section, 1)

    # -- callbacks -----------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return datetime.now(timezone.utc)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        section = response.meta.get("jpcrawl_section")
        page = response.meta.get("jpcrawl_page", 1)
        listing = self.site.parse_listing(response.url, response.text, self.base_url, self._now())
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("jpcrawl/listing/pages")
        if listing.needs_render and "playwright" not in response.flags:
            # The render middleware escalates such pages; reaching here means it was told not to.
            logger.warning("%s: listing items are rendered by a script and rendering is off", response.url)
            stats.inc_value("jpcrawl/listing/unrendered")
        stats.inc_value("jpcrawl/listing/entries", len(listing.entries))
        too_old = 0
        for entry in listing.entries:
            if self.since and entry.published_at and entry.published_at[:10] < self.since.isoformat():
                too_old += 1
                continue
            if not self.site.is_article_url(entry.url):
                stats.inc_value("jpcrawl/listing/skipped_not_article")
                continue
            yield self.article_request(entry.url, jpcrawl_section=section)
        if not listing.entries:
            return
        if self.since and too_old == len(listing.entries):
            logger.info("%s: every entry is older than since=%s; pagination stops", response.url, self.since)
            return
        if self.max_pages is not None and page >= self.max_pages:
            return
        if listing.next_url:
            yield self.listing_request(section, page + 1, url=listing.next_url)

    def parse_article(self, response: Response) -> Iterator[Any]:
        article = self.site.parse_article(response.url, response.text, self.base_url)
        stats = self.crawler.stats
        assert stats is not None
        if article is None:
            stats.inc_value("jpcrawl/article/not_an_article")
            logger.warning("%s: not an article page", response.url)
            return
        article = self.finish_item(article, response)
        yield article

    def finish_item(self, article: Article, response: Response) -> Article:
        article.rendered = "playwright" in response.flags
        article.crawled_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return article

    async def errback(self, failure: Failure) -> None:
        # Pages are never handed to callbacks (no playwright_include_page), but a component may have
        # asked for one: close it here too, so no page outlives a failed request.
        request = getattr(failure, "request", None)
        page = request.meta.get("playwright_page") if request is not None else None
        if page is not None:
            with suppress(Exception):  # already closed with its browser
                await page.close()
        logger.warning("request failed: %s: %s", getattr(request, "url", "?"), failure.getErrorMessage())
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"jpcrawl/errors/{failure.type.__name__}")
