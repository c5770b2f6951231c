"""The subscriber session in the download path: log in before the first page, carry cookies, notice expiry.

Two middlewares, because they need two places in the chain (see /work/notes/session-settings.md):

* `SessionMiddleware` (710, just after Scrapy's CookiesMiddleware at 700): the first page request waits
  here until the session is set up (login or storage state, once per crawl, behind a lock); every request
  for the site then gets the session's cookies merged into the Cookie header that CookiesMiddleware built
  (a lower number would have them dropped: CookiesMiddleware rewrites the header). Browser navigations
  carry that header too (scrapy-playwright's `use_scrapy_headers`), so HTTP and browser agree. On the way
  back it keeps up with re-issued session cookies and strips the Cookie header from the request object, so
  a retry or redirect copy that lands in a JOBDIR queue on disk never holds the session.
* `SessionExpiryMiddleware` (585, below HttpCompressionMiddleware at 590, so it reads decoded HTML, and
  after the render and interstitial middlewares on the way back): in a logged-in crawl a PAYWALLED page
  means the session expired. One re-login (shared by every request that noticed), then the request is
  retried with the new session. In an anonymous crawl a paywalled premium article is normal and passes.

Requests marked `jpcrawl_session_login` (the login's own) pass through both untouched.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response, TextResponse

from jpcrawl.middlewares.classify import page_kind
from jpcrawl.session import (
    LOGIN_META,
    RETRIED_META,
    STAT_PREFIX,
    VERSION_META,
    SessionConfig,
    SubscriberSession,
    merge_cookie_header,
)

logger = logging.getLogger(__name__)


def _site(crawler: Crawler) -> Any:
    return getattr(getattr(crawler, "spider", None), "site", None)


def _base_url(crawler: Crawler, request: Request) -> str:
    base = getattr(getattr(crawler, "spider", None), "base_url", None)
    if base:
        return str(base)
    parts = urlsplit(request.url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


class UnsafeSessionSettings(ValueError):
    """A setting that would put the subscriber session somewhere it must not be: the crawl does not start."""


def refuse_unsafe_settings(settings: Any) -> None:
    if settings.getbool("COOKIES_DEBUG"):
        # It would log every session cookie at DEBUG level.
        raise UnsafeSessionSettings(
            "COOKIES_DEBUG must stay off with a subscriber session: it logs the cookies"
        )
    if settings.getbool("HTTPCACHE_ENABLED"):
        # The cache stores requests' Cookie headers, responses' Set-Cookie headers and subscriber-only pages
        # on disk, and would serve one session's pages to another crawl.
        raise UnsafeSessionSettings(
            "HTTPCACHE_ENABLED must stay off with a subscriber session: the cache would keep the session's "
            "cookies and subscriber-only pages on disk (run without JPCRAWL_EMAIL/PASSWORD/STORAGE_STATE, "
            "or without the cache)"
        )


class SessionMiddleware:
    """Login before the first page request; the session's cookies on every request for the site."""

    def __init__(self, crawler: Crawler, session: SubscriberSession) -> None:
        self.crawler = crawler
        self.session = session

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SessionMiddleware:
        if not SessionConfig.from_settings(crawler.settings).enabled:
            raise NotConfigured("JPCRAWL_SESSION_ENABLED is off")
        session = SubscriberSession.from_crawler(crawler)
        if session.configured:
            refuse_unsafe_settings(crawler.settings)
        return cls(crawler, session)

    async def process_request(self, request: Request) -> None:
        if request.meta.get(LOGIN_META):
            return
        session = self.session
        if session.configured and not session.stopped_reason:
            site = _site(self.crawler)
            if site is not None:
                await session.ensure_started(site, _base_url(self.crawler, request))
        if session.stopped_reason:
            raise IgnoreRequest(f"no subscriber session ({session.stopped_reason})")
        if not session.active or request.meta.get("dont_merge_cookies"):
            return
        cookie = session.cookie_header(request.url)
        if not cookie:
            return  # another host: the session's cookies are not its business
        existing = request.headers.get(b"Cookie")
        merged = merge_cookie_header(existing.decode("latin-1") if existing else None, cookie)
        if merged:
            request.headers[b"Cookie"] = merged.encode("latin-1")
        request.meta[VERSION_META] = session.version

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get(LOGIN_META):
            self.session.update_from_response(request, response)
            self._scrub(request)
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if not request.meta.get(LOGIN_META):
            self._scrub(request)

    @staticmethod
    def _scrub(request: Request) -> None:
        # CookiesMiddleware and this middleware rebuild the header on every send; a copy of the request
        # (RetryMiddleware, RedirectMiddleware, the expiry retry) must not take the session along to a
        # JOBDIR queue on disk.
        request.headers.pop(b"Cookie", None)


class SessionExpiryMiddleware:
    """A paywalled page in a logged-in crawl: log in again (once for all) and retry the request."""

    def __init__(self, crawler: Crawler, session: SubscriberSession) -> None:
        self.crawler = crawler
        self.session = session
        # Retries of one request after renewed sessions; each retry that meets the paywall logged out again
        # means the new session expired too.
        self.max_retries = SessionConfig.from_settings(crawler.settings).max_relogins

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SessionExpiryMiddleware:
        if not SessionConfig.from_settings(crawler.settings).enabled:
            raise NotConfigured("JPCRAWL_SESSION_ENABLED is off")
        return cls(crawler, SubscriberSession.from_crawler(crawler))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        sent_version = request.meta.get(VERSION_META)
        if (
            sent_version is None  # sent without the session: anonymous, another host, or a login request
            or request.meta.get(LOGIN_META)
            or response.status != 200
            or not isinstance(response, TextResponse)
            or request.meta.get("jpcrawl_page_type") not in (None, "article")
        ):
            return response
        site = _site(self.crawler)
        if site is None or not self._paywalled(response, site):
            return response
        stats = self.crawler.stats
        retried = int(request.meta.get(RETRIED_META) or 0)
        if site.is_logged_in(response.text) or retried >= self.max_retries:
            # Logged in and still paywalled: the account does not cover this article; not an expiry.
            if stats is not None:
                stats.inc_value(STAT_PREFIX + "still_paywalled")
            logger.warning("%s: paywalled although the session is logged in", request.url)
            return response
        renewed = await self.session.handle_expired(site, _base_url(self.crawler, request), sent_version)
        if not renewed:
            return response
        if stats is not None:
            stats.inc_value(STAT_PREFIX + "retried")
        retry = request.replace(dont_filter=True)
        retry.headers.pop(b"Cookie", None)
        retry.meta[RETRIED_META] = retried + 1
        retry.meta.pop(VERSION_META, None)
        # The browser handler pins a request to the context it rendered in; the retry must get a context
        # made with the new session's cookies.
        if str(retry.meta.get("playwright_context", "")).startswith("jpcrawl-"):
            retry.meta.pop("playwright_context", None)
            retry.meta.pop("playwright_context_kwargs", None)
        retry.meta.pop("playwright_page", None)
        return retry

    @staticmethod
    def _paywalled(response: Response, site: Any) -> bool:
        try:
            kind = page_kind(response, site)  # classified once per response, shared with render/interstitial
        except Exception:  # a page the profile cannot read is not evidence of an expired session
            logger.debug("%s: classification failed", response.url, exc_info=True)
            return False
        return str(getattr(kind, "name", kind)).upper() == "PAYWALLED"
