"""Adaptive rendering: plain HTTP where it is enough, the browser where a page needs it.

Each request says what it is (`jpcrawl_page_type` meta: "listing", "article", ...). `JPCRAWL_RENDER` maps a
page type to a mode:

  always  every such page goes through the browser (listings, by default: the product promise);
  auto    plain HTTP first; the page is fetched again through the browser when its raw HTML shows it needs
          one (an article with a missing or empty body container, a listing whose items a script inserts);
  never   never the browser.

A request that sets `playwright` itself is left alone. Interstitials are not this middleware's business:
the interstitial middleware first retries them with a browser identity.

Stats: jpcrawl/render/browser, jpcrawl/render/http (responses by path, also per page type),
jpcrawl/render/escalated/<reason>.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings

from jpcrawl import config
from jpcrawl.middlewares.classify import listing_of, page_kind, site_of
from jpcrawl.pages.detect import PageKind

logger = logging.getLogger(__name__)

MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class RenderConfig:
    enabled: bool
    modes: dict[str, str]  # page type -> mode
    default_mode: str  # pages of a type JPCRAWL_RENDER does not name

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> RenderConfig:
        # A page type the setting leaves out keeps settings.py's mode for it.
        modes = {**config.default("JPCRAWL_RENDER"), **config.getdict(settings, "JPCRAWL_RENDER")}
        default_mode = modes.pop("default", "auto")
        for page_type, mode in [*modes.items(), ("default", default_mode)]:
            if mode not in MODES:
                raise ValueError(f"JPCRAWL_RENDER[{page_type!r}]={mode!r}: expected one of {MODES}")
        return cls(config.getbool(settings, "JPCRAWL_RENDER_ENABLED"), modes, default_mode)


class RenderMiddleware:
    def __init__(self, crawler: Crawler, modes: dict[str, str], default_mode: str) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.modes = modes
        self.default_mode = default_mode

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        cfg = RenderConfig.from_settings(crawler.settings)
        if not cfg.enabled:
            raise NotConfigured("JPCRAWL_RENDER_ENABLED is off")
        return cls(crawler, cfg.modes, cfg.default_mode)

    def mode_for(self, request: Request) -> str | None:
        page_type = request.meta.get("jpcrawl_page_type")
        if page_type is None:
            return None  # robots.txt, sitemaps, login: not ours to decide
        return self.modes.get(page_type, self.default_mode)

    def process_request(self, request: Request) -> None:
        if "playwright" in request.meta:
            return
        if self.mode_for(request) == "always":
            request.meta["playwright"] = True

    def process_response(self, request: Request, response: Response) -> Request | Response:
        page_type = request.meta.get("jpcrawl_page_type")
        if page_type is None:
            return response
        rendered = "playwright" in response.flags
        path = "browser" if rendered else "http"
        assert self.stats is not None
        self.stats.inc_value(f"jpcrawl/render/{path}")
        self.stats.inc_value(f"jpcrawl/render/{path}/{page_type}")
        if rendered or self.mode_for(request) != "auto" or response.status != 200:
            return response
        reason = self.needs_browser(request, response)
        if reason is None:
            return response
        self.stats.inc_value(f"jpcrawl/render/escalated/{reason}")
        logger.debug("rendering %s through the browser: %s", request.url, reason)
        retry = request.replace(dont_filter=True)
        retry.meta["playwright"] = True
        retry.meta["jpcrawl_render_reason"] = reason
        return retry

    def needs_browser(self, request: Request, response: Response) -> str | None:
        site = site_of(self.crawler)
        if site is None:
            return None
        kind = page_kind(response, site)
        page_type = request.meta.get("jpcrawl_page_type")
        if kind is PageKind.INTERSTITIAL:
            return None
        if page_type == "listing":
            if kind is PageKind.EMPTY:
                return "empty_listing"
            base_url = getattr(self.crawler.spider, "base_url", response.url)
            listing = listing_of(response, site, base_url, datetime.now(timezone.utc))
            return "js_listing" if listing.needs_render else None
        if page_type == "article" and kind is PageKind.EMPTY:
            return "empty_body"
        return None
