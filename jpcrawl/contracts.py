"""Scrapy contracts for jpcrawl's spiders, runnable from a clean checkout: `scrapy check`.

`@replica PATH` is `@url` relative to the spider's base_url (`-a base_url`, which `scrapy check` points
at the replica of the spider's site it starts when none is given: jpcrawl.commands.check).
`@replica listing` stands for the spider's first section's listing, `@replica article` for one free
(non-premium) article that listing links to, so a contract names no URL that the site's content can
change. It also sets the request's jpcrawl_page_type from the callback, so the page is fetched as the
crawl fetches it (listings through the browser; sitemaps over plain HTTP).

    def parse_listing(self, response):
        \"\"\"@replica /world
        @returns requests 2
        \"\"\"
"""

from __future__ import annotations

import urllib.request
from datetime import datetime, timezone
from typing import Any

from scrapy.contracts import Contract

PAGE_TYPES = {"parse_listing": "listing", "parse_article": "article"}


def first_listing_url(spider: Any) -> str:
    """The listing of the spider's first section; the home page for a spider that has none (`news`)."""
    if spider.sections:
        return str(spider.site.listing_url(spider.base_url, spider.sections[0]))
    return str(spider.base_url).rstrip("/") + "/"


def free_article_url(spider: Any) -> str:
    """A non-premium article linked from the listing of the spider's first section."""
    site = spider.site
    listing_url = first_listing_url(spider)
    request = urllib.request.Request(listing_url, headers={"User-Agent": "jpcrawl-check"})
    with urllib.request.urlopen(request, timeout=30) as resp:  # the spider's own base_url
        html = resp.read().decode(resp.headers.get_content_charset() or "utf-8", errors="replace")
    listing = site.parse_listing(listing_url, html, spider.base_url, datetime.now(timezone.utc))
    for entry in listing.entries:
        if not entry.is_premium and site.is_article_url(entry.url):
            return str(entry.url)
    raise LookupError(f"{listing_url}: no free article listed")


class ReplicaContract(Contract):
    """@replica PATH | article: the sample URL, relative to the spider's base_url."""

    name = "replica"

    def __init__(self, method: Any, *args: Any) -> None:
        super().__init__(method, *args)
        self.method = method  # bound to the spider: its base_url, site and sections

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        spider = self.method.__self__
        target = self.args[0] if self.args else "/"
        if target == "article":
            args["url"] = free_article_url(spider)
        elif target == "listing":
            args["url"] = first_listing_url(spider)
        else:
            args["url"] = spider.base_url.rstrip("/") + "/" + target.lstrip("/")
        name = self.method.__name__
        page_type = PAGE_TYPES.get(name)
        if name == "parse":
            page_type = "article" if spider.site.is_article_url(args["url"]) else "listing"
        if page_type is not None:  # sitemaps and the like have none: plain HTTP, as in the crawl
            args["meta"] = {**(args.get("meta") or {}), "jpcrawl_page_type": page_type}
        return args
