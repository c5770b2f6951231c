"""The Island Courier: category listings -> posts (`scrapy crawl courier -a base_url=...`)."""

from __future__ import annotations

from jpcrawl.pages.courier import SITE
from jpcrawl.spiders.base import NewsSpider


class CourierSpider(NewsSpider):
    name = "courier"
    site = SITE
