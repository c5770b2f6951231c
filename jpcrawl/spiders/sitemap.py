"""`SitemapNewsSpider`: sitemap index -> news sitemaps -> articles, for any site with a `SiteProfile`.

Light and frequent: a news sitemap lists only the last day or two of articles, with their publication
times, so an hourly run costs a handful of requests. Articles go through the same parsing and pipelines as
the listing spider's.

Arguments, besides `base_url`, `sections` and `since` (see `jpcrawl.spiders.base`):
  kinds      comma-separated kinds of child sitemap to read (the profile's `sitemap_kind`): default "news";
             "news,web" also reads the full per-section sitemaps, for a backfill.
`sections` here keeps only child sitemaps whose path starts with one of them (default: every child).

Sizes: a gzip sitemap (.xml.gz, served as a file rather than with Content-Encoding) is decompressed here
with Scrapy's gunzip, stopping at DOWNLOAD_MAXSIZE as SitemapSpider does; the parser refuses a document
over the same bound. Such a sitemap, and each entry or date that cannot be read, is logged and counted
(jpcrawl/sitemap/too_large, jpcrawl/parse/field_errors/<field>); the rest of the sitemap stands.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number

from jpcrawl.pages.sitemap import parse_news_sitemap, parse_sitemap_index
from jpcrawl.spiders.base import NewsSpider

logger = logging.getLogger(__name__)


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

    def _max_size(self, response: Response) -> int:
        return int(response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE")))

    def sitemap_body(self, response: Response) -> bytes | None:
        """The sitemap document: gunzipped when it is a gzip file, within DOWNLOAD_MAXSIZE. None: too large
        (logged and counted)."""
        body = response.body
        if not gzip_magic_number(response):
            return body
        max_size = self._max_size(response)
        try:
            out = gunzip(body, max_size=max_size)
        except ValueError:  # Scrapy's (private) _DecompressionMaxSizeExceeded is one
            logger.warning("%s: gzip sitemap larger than DOWNLOAD_MAXSIZE=%d once decompressed, not read",
                           response.url, max_size)  # fmt: skip
            self._count("jpcrawl/sitemap/too_large")
            return None
        except Exception as exc:  # corrupt from the first byte (gunzip keeps what a truncated file gives)
            logger.warning("%s: unreadable gzip sitemap: %s", response.url, exc)
            self._count("jpcrawl/sitemap/unreadable")
            return None
        warn_size = int(response.meta.get("download_warnsize", self.settings.getint("DOWNLOAD_WARNSIZE")))
        if warn_size and len(body) < warn_size <= len(out):
            logger.warning("%s: sitemap of %d bytes once decompressed", response.url, len(out))
        return out

    def _count(self, key: str, n: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, n)

    def _count_errors(self, response: Response, errors: dict[str, int]) -> None:
        for name, n in errors.items():
            if name == "too_large":
                logger.warning("%s: sitemap over DOWNLOAD_MAXSIZE, not parsed", response.url)
                self._count("jpcrawl/sitemap/too_large", n)
            else:
                self._count(f"jpcrawl/parse/field_errors/{name}", n)

    def parse_index(self, response: Response) -> Iterator[Any]:
        """@replica /sitemap.xml
        @returns requests 8
        @returns items 0 0
        """
        stats = self.crawler.stats
        assert stats is not None
        body = self.sitemap_body(response)
        if body is None:
            return
        errors: dict[str, int] = {}
        max_bytes = self._max_size(response)
        children = parse_sitemap_index(body, self._canonical, max_bytes=max_bytes, errors=errors)
        self._count_errors(response, errors)
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
        body = self.sitemap_body(response)
        if body is None:
            return
        errors: dict[str, int] = {}
        entries = parse_news_sitemap(body, self._canonical, max_bytes=self._max_size(response), errors=errors)
        self._count_errors(response, errors)
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
