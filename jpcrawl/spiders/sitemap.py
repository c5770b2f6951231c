"""`SitemapNewsSpider`: sitemap index -> news sitemaps -> articles, for any site with a `SiteProfile`.

Light and frequent: a news sitemap lists only the last day or two of articles, with their publication
times, so an hourly run costs a handful of requests. Articles go through the same parsing and pipelines as
the listing spider's.

Arguments, besides `base_url`, `sections` and `since` (see `jpcrawl.spiders.base`):
  kinds      comma-separated kinds of child sitemap to read (the profile's `sitemap_kind`): default "news";
             "news,web" also reads the full per-section sitemaps, for a backfill.
`sections` here keeps only child sitemaps whose path starts with one of them (default: every child).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from jpcrawl.pages.sitemap import parse_news_sitemap, parse_sitemap_index
from jpcrawl.spiders.base import NewsSpider


class SitemapNewsSpider(NewsSpider):
    arguments = NewsSpider.arguments | {"kinds"}

    def __init__(self, *args: Any, kinds: str | None = None, **kwargs: Any):
        sections = kwargs.get("sections")
        super().__init__(*args, **kwargs)
        self.kinds = {k.strip() for k in (kinds or "news").split(",") if k.strip()}
        self.section_filter = set(self.sections) if sections else None
        self.seen_urls: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        index = self.site.sitemap_url(self.base_url)
        yield scrapy.Request(index, callback=self.parse_index, errback=self.errback)

    def _canonical(self, url: str) -> str:
        return self.site.canonical_url(url, self.base_url)

    def _wanted(self, url: str) -> bool:
        if self.site.sitemap_kind(url) not in self.kinds:
            return False
        if self.section_filter is None:
            return True
        first = urlsplit(url).path.strip("/").split("/", 1)[0]
        return first in self.section_filter

    def parse_index(self, response: Response) -> Iterator[Any]:
        """@replica /sitemap.xml
        @returns requests 8
        @returns items 0 0
        """
        stats = self.crawler.stats
        assert stats is not None
        children = parse_sitemap_index(response.body, self._canonical)
        if not children:
            # Not an index: a plain urlset.
            yield from self.parse_sitemap(response)
            return
        for child in children:
            if self._wanted(child):
                stats.inc_value("jpcrawl/sitemap/children")
                yield scrapy.Request(child, callback=self.parse_sitemap, errback=self.errback)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """@replica /world/web/sitemap.xml
        @returns requests 1
        @returns items 0 0
        """
        stats = self.crawler.stats
        assert stats is not None
        entries = parse_news_sitemap(response.body, self._canonical)
        stats.inc_value("jpcrawl/sitemap/entries", len(entries))
        since = self.since.isoformat() if self.since else None
        for entry in entries:
            if since and entry.published_at and entry.published_at[:10] < since:
                stats.inc_value("jpcrawl/sitemap/too_old")
                continue
            if entry.url in self.seen_urls:
                # The same article is listed by several section sitemaps.
                stats.inc_value("jpcrawl/sitemap/duplicate_entries")
                continue
            if not self.site.is_article_url(entry.url):
                stats.inc_value("jpcrawl/sitemap/skipped_not_article")
                continue
            self.seen_urls.add(entry.url)
            yield self.article_request(entry.url)
