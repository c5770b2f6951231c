"""The Jakarta Post: section listings -> articles.

    scrapy crawl jakartapost                                   # every default section of the real site
    scrapy crawl jakartapost -a sections=world,business -a max_pages=3
    scrapy crawl jakartapost -a base_url=http://127.0.0.1:8123 -O out.jsonl  # any contract server

Arguments are documented in `jpcrawl.spiders.base`.
"""

from __future__ import annotations

from jpcrawl.pages.jakartapost import SITE
from jpcrawl.spiders.base import NewsSpider


class JakartaPostSpider(NewsSpider):
    name = "jakartapost"
    site = SITE
