"""Offsite requests: never to another host, whatever the request says.

Scrapy 2.19's OffsiteMiddleware lets through every request with `dont_filter=True` or meta `allow_offsite`,
and a redirect keeps both: a login POST, a retry or a render escalation (all dont_filter) that the site
redirects to another host would be followed there, cookies and all. This one replaces it
(DOWNLOADER_MIDDLEWARES: Scrapy's set to None, this one at the same place, 50):

* a request to a host outside the spider's `allowed_domains` (the base_url's host; subdomains included, as
  in Scrapy) is dropped, `dont_filter` or not;
* `allow_offsite` lets only a request the crawler itself made go elsewhere, never a redirect (a request with
  meta "redirect_urls"): the site cannot choose where its redirects take us;
* a response whose URL is on another host (the browser follows redirects by itself) is dropped too.

Dropped redirects and responses are recorded in the rejects file (reason "offsite", stage "download"); every
dropped request is counted in offsite/filtered (Scrapy's stat) and jpcrawl/offsite/requests or
jpcrawl/offsite/responses.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from jpcrawl import config
from jpcrawl.extensions.rejects import Rejects

if TYPE_CHECKING:
    from scrapy import Spider

logger = logging.getLogger(__name__)


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    @property
    def inspecting(self) -> bool:
        # `scrapy shell/fetch/parse URL` (jpcrawl/commands/inspection.py): the URL a person typed is fetched
        # whatever the spider's base_url; where it redirects is still held to the rules.
        return config.getbool(self.crawler.settings, "JPCRAWL_INSPECT")

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = self.crawler.spider
        assert spider is not None
        if self.should_follow(request, spider):
            return
        redirected = bool(request.meta.get("redirect_urls"))
        if (request.meta.get("allow_offsite") or self.inspecting) and not redirected:
            return  # asked for by the crawler, or typed by a person into shell/fetch/parse
        self._drop(request.url, "requests", redirected or request.dont_filter, request)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        spider = self.crawler.spider
        assert spider is not None
        if self.should_follow(response, spider):  # type: ignore[arg-type]  # reads only .url
            return response
        redirected = bool(request.meta.get("redirect_urls"))
        asked = (request.meta.get("allow_offsite") or self.inspecting) and not redirected
        if asked and urlparse_cached(request).hostname == urlparse_cached(response).hostname:
            return response  # the offsite page the crawler itself asked for, not a redirect from it
        self._drop(response.url, "responses", True, request)
        return response  # not reached

    def _drop(self, url: str, what: str, record: bool, request: Request) -> None:
        host = urlparse_cached(Request(url)).hostname or ""
        self.stats.inc_value("offsite/filtered")
        self.stats.inc_value(f"jpcrawl/offsite/{what}")
        if record:
            # A page the crawl wanted (a redirect, or a request that bypasses the dupe filter) led elsewhere.
            origin = (request.meta.get("redirect_urls") or [request.url])[0]
            logger.warning("not following %s of %s to another host: %s", what[:-1], origin, url)
            Rejects.of(self.crawler).add(
                url=origin, reason="offsite", stage="download", detail={"offsite_url": url, "host": host}
            )
        raise IgnoreRequest(f"offsite {what[:-1]} to {host!r}: {url}")
