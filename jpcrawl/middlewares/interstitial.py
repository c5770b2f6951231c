"""Getting past an interstitial: a page that stands in for the real one (status 200, no content).

The site's profile says what an interstitial looks like (`classify` -> PageKind.INTERSTITIAL): for
example an "update your browser" page that a front end gives clients that do not look like a current
browser. Recovery, in order, with bounded retries and exponential backoff:

1. the same request with a current browser identity (`JPCRAWL_BROWSER_USER_AGENT`, a real Chrome
   User-Agent without "HeadlessChrome"); the host is then remembered, so every later request to it, HTTP or
   browser, goes out with that identity from the start;
2. the request rendered through the browser;
3. give up: the URL goes to the rejects file with reason "interstitial", the request is dropped, and
   nothing from the interstitial is ever emitted.

Stats: jpcrawl/interstitial/seen, /recovered, /gave_up, /retry/count.

The backoff travels in the retry's meta as a relative delay in seconds (BACKOFF_KEY), never as a clock time:
a request may be downloaded by another worker (through Redis) or after the clock was stepped, and an
absolute time from another clock could hold a download slot for hours. The delay is clamped to
JPCRAWL_INTERSTITIAL_MAX_BACKOFF wherever it is read, since meta from a queue is input.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings

from jpcrawl import config
from jpcrawl.browser import BROWSER_USER_AGENT
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.middlewares.classify import page_kind, site_of
from jpcrawl.pages.detect import PageKind

logger = logging.getLogger(__name__)

ATTEMPTS_KEY = "jpcrawl_interstitial_attempts"
BACKOFF_KEY = "jpcrawl_backoff_delay"  # seconds to wait before this request's download, relative
# Before BACKOFF_KEY: an absolute wall-clock time. Still read (clamped) from requests queued by older
# versions, never written.
NOT_BEFORE_KEY = "jpcrawl_not_before"


@dataclass(frozen=True)
class InterstitialConfig:
    enabled: bool
    max_retries: int
    backoff: float  # seconds before the 2nd retry; doubles after
    max_backoff: float
    user_agent: str  # the browser identity, presented to hosts that gate on the client's identity

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> InterstitialConfig:
        return cls(
            enabled=config.getbool(settings, "JPCRAWL_INTERSTITIAL_ENABLED"),
            max_retries=config.getint(settings, "JPCRAWL_INTERSTITIAL_MAX_RETRIES"),
            backoff=config.getfloat(settings, "JPCRAWL_INTERSTITIAL_BACKOFF"),
            max_backoff=config.getfloat(settings, "JPCRAWL_INTERSTITIAL_MAX_BACKOFF"),
            user_agent=config.setting(settings, "JPCRAWL_BROWSER_USER_AGENT") or BROWSER_USER_AGENT,
        )


def clamp_delay(value: object, maximum: float) -> float:
    """A delay from meta as a number of seconds in [0, maximum]; anything else (NaN, text, negative) is 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    delay = float(value)
    if not delay > 0:  # also NaN
        return 0.0
    return min(delay, maximum)


class InterstitialMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.config = cfg = InterstitialConfig.from_settings(crawler.settings)
        self.max_retries = cfg.max_retries
        self.backoff = cfg.backoff
        self.max_backoff = cfg.max_backoff
        self.user_agent = cfg.user_agent.encode()
        # Hosts known to gate on the client's identity.
        self.identity_hosts: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InterstitialMiddleware:
        if not InterstitialConfig.from_settings(crawler.settings).enabled:
            raise NotConfigured("JPCRAWL_INTERSTITIAL_ENABLED is off")
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if urlsplit(request.url).hostname in self.identity_hosts:
            request.headers[b"User-Agent"] = self.user_agent
        # Popped: a request that comes back through the scheduler (a redirect keeps meta) waits only once.
        delay = clamp_delay(request.meta.pop(BACKOFF_KEY, None), self.max_backoff)
        legacy = request.meta.pop(NOT_BEFORE_KEY, None)
        if isinstance(legacy, int | float) and not isinstance(legacy, bool):
            delay = max(delay, clamp_delay(legacy - time.time(), self.max_backoff))
        if delay > 0:
            await asyncio.sleep(delay)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("jpcrawl_page_type") is None:
            return response
        if response.status != 200:
            # An interstitial stands in for the page with status 200; a short 404 page past the end of a
            # listing is just that, and Scrapy's HttpError handling deals with it.
            return response
        site = site_of(self.crawler)
        if site is None:
            return response
        attempts = request.meta.get(ATTEMPTS_KEY, 0)
        assert self.stats is not None
        if page_kind(response, site) is not PageKind.INTERSTITIAL:
            if attempts:
                self.stats.inc_value("jpcrawl/interstitial/recovered")
            return response
        self.stats.inc_value("jpcrawl/interstitial/seen")
        retry = self._retry(request, attempts)
        if retry is None:
            self.stats.inc_value("jpcrawl/interstitial/gave_up")
            Rejects.of(self.crawler).add(
                url=request.url,
                reason="interstitial",
                stage="download",
                detail=f"still an interstitial after {attempts} retries",
            )
            raise IgnoreRequest(f"interstitial: gave up on {request.url}")
        host = urlsplit(request.url).hostname
        if host and request.headers.get(b"User-Agent") != self.user_agent:
            self.identity_hosts.add(host)
            retry.headers[b"User-Agent"] = self.user_agent
        elif "playwright" not in response.flags:
            retry.meta["playwright"] = True
        if attempts:
            retry.meta[BACKOFF_KEY] = clamp_delay(self.backoff * 2 ** (attempts - 1), self.max_backoff)
        return retry

    def _retry(self, request: Request, attempts: int) -> Request | None:
        # get_retry_request counts in meta["retry_times"], which RetryMiddleware shares for 5xx answers;
        # interstitial retries keep their own count so neither eats the other's budget.
        spider = self.crawler.spider
        assert spider is not None
        probe = request.copy()
        probe.meta["retry_times"] = attempts
        retry = get_retry_request(
            probe,
            spider=spider,
            reason="interstitial",
            max_retry_times=self.max_retries,
            stats_base_key="jpcrawl/interstitial/retry",
        )
        if retry is None:
            return None
        retry.meta["retry_times"] = request.meta.get("retry_times", 0)
        retry.meta[ATTEMPTS_KEY] = attempts + 1
        return retry
