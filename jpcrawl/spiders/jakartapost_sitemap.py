"""The Jakarta Post from its sitemaps: /sitemap.xml -> /{section}/news/sitemap.xml -> articles.

    scrapy crawl jakartapost_sitemap                       # the last ~48 hours, every section
    scrapy crawl jakartapost_sitemap -a kinds=news,web -a since=2026-01-01   # a backfill
"""

from __future__ import annotations

from jpcrawl.pages.jakartapost import SITE
from jpcrawl.spiders.sitemap import SitemapNewsSpider


class JakartaPostSitemapSpider(SitemapNewsSpider):
    name = "jakartapost_sitemap"
    site = SITE
