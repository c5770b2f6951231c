"""`NewsSpider`: section listings -> articles, for any site that has a `SiteProfile`.

A site's spider is a subclass that names itself and its profile; everything it needs to know about the
site (URL rules, selectors, login form) comes from the profile in `jpcrawl/pages/<site>.py`. The spider
only decides what to fetch. How a page is fetched (plain HTTP or the browser) is the render middleware's
call, driven by the `jpcrawl_page_type` meta key.

Spider arguments (`-a name=value`):
  base_url   the site's origin; default the real site. `allowed_domains` follows it.
  sections   comma-separated top-level sections; default every section the profile lists.
  max_pages  stop each section's pagination after this many listing pages (default: to the end).
  since      YYYY-MM-DD: skip listing entries, and stop paginating, older than this date.
  incremental  1/0: with -o/-O a run is a full export unless this is 1 (jpcrawl.commands.crawl); the
             default feed (no -o/-O) is always incremental.

Any other argument is refused (SpiderArgumentError: `scrapy crawl` prints one line and exits 2), except
names starting with "_" (scrapyd's _job, _version): a misspelt `-a sectoins=world` must not silently crawl
everything. A subclass adds its own names to `arguments`.

Without `-a base_url`, the JPCRAWL_BASE_URL environment variable is used (cron/systemd units set it once).

Incremental runs: listing entries the state store (JPCRAWL_STATE_URI, opened read-only here, independent
of the dedupe pipeline) already holds are not fetched again, and a section's pagination stops after
JPCRAWL_INCREMENTAL_STOP_PAGES consecutive listing pages whose entries are all known (0: never stop
early). Trade-off: a listing cannot show that a known article was edited, so edits are caught by
JPCRAWL_REFRESH_KNOWN=True (fetch known entries too; dedupe emits only changed ones) or by a sitemap run
(lastmod). Records the dedupe pipeline marked dirty (a new alternate URL) are always fetched again.
When resuming an interrupted run (JOBDIR, jpcrawl.extensions.resume) the journaled items are re-emitted
first and the early stop is off for that run.

Pagination ends by itself, whatever the server answers: a section stops at a listing page that lists no
URL new to this run (a server answering every ?page=N with the same items), and at JPCRAWL_MAX_LISTING_PAGES
pages (logged, counted in jpcrawl/listing/ceiling_hit).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from datetime import date, datetime, timezone
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from jpcrawl import config
from jpcrawl.items import Article
from jpcrawl.middlewares.classify import document, listing_of, page_kind
from jpcrawl.pages.base import SiteProfile
from jpcrawl.spiders.config import SpiderConfig
from jpcrawl.state import MEMORY_URIS, StateStore, expand_uri, open_state

logger = logging.getLogger(__name__)

LISTING = "listing"
ARTICLE = "article"
ARTICLE_PRIORITY = 10


class SpiderArgumentError(ValueError):
    """A `-a name=value` the spider cannot use: a usage error, reported in one line."""


def _parse_since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise SpiderArgumentError(f"-a since={value!r}: expected a date YYYY-MM-DD") from exc


def _parse_max_pages(value: str | int | None) -> int | None:
    if value in (None, "", "0", 0):
        return None
    try:
        pages = int(value)
    except (TypeError, ValueError) as exc:
        raise SpiderArgumentError(f"-a max_pages={value!r}: expected a whole number (0: no limit)") from exc
    if pages < 0:
        raise SpiderArgumentError(f"-a max_pages={value!r}: expected a positive number (0: no limit)")
    return pages or None


def parse_flag(name: str, value: Any) -> bool:
    """-a values are strings: "1/true/yes/on" and "0/false/no/off" (any case)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SpiderArgumentError(f"-a {name}={value!r}: expected 1 or 0")


def unknown_arguments(names: Any, known: Any) -> str | None:
    """The error for `-a` names that are not arguments ("_"-prefixed names pass: scrapyd adds them)."""
    import difflib

    unknown = sorted(n for n in names if n not in known and not n.startswith("_"))
    if not unknown:
        return None
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hints.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
    return f"unknown spider argument {', '.join(hints)}; known: {', '.join(sorted(known))}"


class NewsSpider(scrapy.Spider):
    site: ClassVar[SiteProfile]
    # The `-a` names this spider takes; anything else is a usage error (see the module docstring).
    arguments: ClassVar[frozenset[str]] = frozenset(
        {"base_url", "sections", "max_pages", "since", "incremental"}
    )

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        if not settings.getlist("JPCRAWL_FEED_SECTIONS"):
            # Read by the FeedPartitions add-on, which runs after this.
            settings.set("JPCRAWL_FEED_SECTIONS", cls.site.feed_sections, priority="spider")
        from jpcrawl.browser import configure_playwright

        configure_playwright(settings)

    def __init__(
        self,
        base_url: str | None = None,
        sections: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        *args: Any,
        incremental: str | bool | None = None,
        **kwargs: Any,
    ) -> None:
        problem = unknown_arguments({k for k in kwargs if k != "name"}, self.arguments)
        if problem:
            raise SpiderArgumentError(problem)
        super().__init__(*args, **kwargs)
        base_url = base_url or os.environ.get("JPCRAWL_BASE_URL") or None
        self.base_url = (base_url or self.site.default_base_url).rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SpiderArgumentError(
                f"-a base_url={base_url!r}: expected an http(s) origin such as http://127.0.0.1:8123"
            )
        self.allowed_domains = [parts.hostname]
        if sections:
            self.sections = [s.strip().strip("/") for s in sections.split(",") if s.strip()]
            # A profile that lists its sections knows them all; one that lists none (the generic profile)
            # takes whatever the site calls a section.
            known = self.site.sections
            unknown = [s for s in self.sections if known and s.split("/")[0] not in known]
            if unknown:
                raise SpiderArgumentError(
                    f"-a sections: unknown section {', '.join(map(repr, unknown))}; "
                    f"known: {', '.join(self.site.sections)}"
                )
        else:
            self.sections = list(self.site.sections)
        self.max_pages = _parse_max_pages(max_pages)
        self.since = _parse_since(since)
        self.incremental = parse_flag("incremental", incremental) if incremental is not None else None
        self._state: StateStore | None = None
        self._journal_known: set[str] = set()
        self._resuming = False
        # Section -> canonical entry URLs its listing pages gave in this run (pagination stops on a page
        # that adds none).
        self._listed: dict[str, set[str]] = {}

    # -- requests ------------------------------------------------------------------------------------

    def listing_request(
        self, section: str, page: int, url: str | None = None, known_pages: int = 0, digest: str | None = None
    ) -> scrapy.Request:
        meta: dict[str, Any] = {
            "jpcrawl_page_type": LISTING,
            "jpcrawl_section": section,
            "jpcrawl_page": page,
            "jpcrawl_known_pages": known_pages,  # consecutive fully-known pages before this one
        }
        if digest:
            # The previous page's entries, for a worker that did not see that page (distributed mode).
            meta["jpcrawl_listing_digest"] = digest
        return scrapy.Request(
            url or self.site.listing_url(self.base_url, section, page),
            callback=self.parse_listing,
            errback=self.errback,
            priority=-page,  # finish articles of earlier pages before paginating deeper
            meta=meta,
        )

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.errback,
            priority=ARTICLE_PRIORITY,
            meta={"jpcrawl_page_type": ARTICLE, **meta},
        )

    async def start(self) -> AsyncIterator[Any]:
        from jpcrawl.extensions.resume import resume_journal

        journal = resume_journal(self.crawler)
        if journal is not None and journal.resuming:
            self._resuming = True
            self._journal_known = journal.known_urls()
            fields = set(Article.__dataclass_fields__)
            for row in journal.pending.values():
                yield Article(**{k: v for k, v in row.items() if k in fields})
            for url in sorted(journal.torn):
                yield self.article_request(url)
        for section in self.sections:
            yield self.listing_request(section, 1)

    # -- incremental ---------------------------------------------------------------------------------

    @cached_property
    def config(self) -> SpiderConfig:
        return SpiderConfig.from_settings(self.settings)

    @property
    def stop_pages(self) -> int:
        return 0 if self._resuming else self.config.incremental_stop_pages

    def state_store(self) -> StateStore | None:
        """The cross-run state, read-only here; None for a memory: store (every run is a full run)."""
        if self._state is None:
            from jpcrawl.run import run_params

            uri = config.setting(self.settings, "JPCRAWL_STATE_URI") or "memory:"
            if uri in MEMORY_URIS:
                return None
            self._state = open_state(expand_uri(uri, run_params(self.crawler)))
        return self._state

    def known_entries(self, urls: list[str]) -> set[str]:
        """Which of these canonical URLs need no fetch: delivered before (and not dirty), or journaled."""
        known = {u for u in urls if u in self._journal_known}
        if self.config.refresh_known:
            return known
        store = self.state_store()
        if store is not None:
            known.update(u for u, rec in store.get_many(urls).items() if not rec.dirty)
        return known

    def closed(self, reason: str) -> None:
        if self._state is not None:
            self._state.close()
            self._state = None

    # -- callbacks -----------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return datetime.now(timezone.utc)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """The callback of a request that names none (`scrapy parse URL`, `scrapy shell`, contracts):
        dispatch by what the page is, as the site profile classifies it.

        @replica listing
        @returns requests 1
        @returns items 0 0
        """
        from jpcrawl.pages.detect import PageKind

        kind = page_kind(response, self.site)
        if kind is PageKind.LISTING:
            yield from self.parse_listing(response)
        elif kind in (PageKind.ARTICLE, PageKind.PAYWALLED):
            yield from self.parse_article(response)
        else:
            logger.info("%s: a %s page, nothing to parse", response.url, kind.value)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """@replica listing
        @returns requests 2
        @returns items 0 0
        """
        section: str = response.meta.get("jpcrawl_section") or ""
        page = response.meta.get("jpcrawl_page", 1)
        listing = listing_of(response, self.site, self.base_url, self._now())
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("jpcrawl/listing/pages")
        if listing.error:
            # Not an empty listing: a page the parser could not read. Its entries are lost to this run.
            logger.error("%s: listing page could not be read: %s", response.url, listing.error)
            stats.inc_value("jpcrawl/parse/listing_errors")
        for name, count in listing.field_errors.items():
            stats.inc_value(f"jpcrawl/parse/field_errors/{name}", count)
        if listing.needs_render and "playwright" not in response.flags:
            # The render middleware escalates such pages; reaching here means it was told not to.
            logger.warning("%s: listing items are rendered by a script and rendering is off", response.url)
            stats.inc_value("jpcrawl/listing/unrendered")
        stats.inc_value("jpcrawl/listing/entries", len(listing.entries))
        too_old = 0
        urls = [self.site.canonical_url(e.url, self.base_url) for e in listing.entries]
        known = self.known_entries(urls)
        for entry, url in zip(listing.entries, urls, strict=True):
            if self.since and entry.published_at and entry.published_at[:10] < self.since.isoformat():
                too_old += 1
                continue
            if not self.site.is_article_url(entry.url):
                stats.inc_value("jpcrawl/listing/skipped_not_article")
                continue
            if url in known:
                stats.inc_value("jpcrawl/incremental/known")
                continue
            stats.inc_value("jpcrawl/listing/article_requests")
            yield self.article_request(entry.url, jpcrawl_section=section)
        if not listing.entries:
            return
        known_pages = response.meta.get("jpcrawl_known_pages", 0) + 1 if len(known) == len(urls) else 0
        if self.stop_pages and known_pages >= self.stop_pages:
            stats.inc_value("jpcrawl/incremental/stopped_sections")
            logger.info(
                "%s: %d listing page(s) in a row already known; pagination of %s stops",
                response.url,
                known_pages,
                section,
            )
            return
        if self.since and too_old == len(listing.entries):
            logger.info("%s: every entry is older than since=%s; pagination stops", response.url, self.since)
            return
        listed = self._listed.setdefault(section, set())
        new = len(set(urls) - listed)
        listed.update(urls)
        digest = hashlib.sha1("\n".join(sorted(set(urls))).encode()).hexdigest()[:16]
        if not new or digest == response.meta.get("jpcrawl_listing_digest"):
            stats.inc_value("jpcrawl/listing/no_new_entries")
            logger.info(
                "%s: page %d of %s lists no entry new to this run; its pagination stops",
                response.url,
                page,
                section,
            )
            return
        if self.max_pages is not None and page >= self.max_pages:
            return
        ceiling = self.config.max_listing_pages
        if listing.next_url and ceiling and page >= ceiling:
            stats.inc_value("jpcrawl/listing/ceiling_hit")
            logger.warning(
                "%s: %s has reached JPCRAWL_MAX_LISTING_PAGES=%d listing pages; its pagination stops here",
                response.url,
                section,
                ceiling,
            )
            return
        if listing.next_url:
            request = self.listing_request(
                section, page + 1, url=listing.next_url, known_pages=known_pages, digest=digest
            )
            if self._backlog() < self.config.listing_lead:
                # Pagination is sequential per section and listings go through the browser: ahead of the
                # queued articles, the next page renders while they download, not after the last of them.
                # The bound keeps the queue (memory) and a polite crawl's slots from filling with listings.
                request.priority = ARTICLE_PRIORITY + 1
            yield request

    def _backlog(self) -> int:
        """Requests waiting in the scheduler (0 if unknown)."""
        try:
            engine = self.crawler.engine
        except RuntimeError:  # no engine yet: a callback called outside a crawl (tests, tools)
            return 0
        scheduler = getattr(engine, "scheduler", None) if engine else None
        try:
            return len(scheduler) if scheduler is not None else 0
        except TypeError:  # a scheduler without __len__
            return 0

    def parse_article(self, response: Response) -> Iterator[Any]:
        """@replica article
        @returns items 1 1
        @returns requests 0 0
        @scrapes url title body published_at section
        """
        errors: dict[str, int] = {}
        page = self.site.read_article(response.url, document(response), self.base_url, errors)
        article = page.article
        stats = self.crawler.stats
        assert stats is not None
        for name, n in errors.items():  # a value that could not be read is null; the rest of the page stands
            stats.inc_value(f"jpcrawl/parse/field_errors/{name}", n)
        if article is None:
            stats.inc_value("jpcrawl/article/not_an_article")
            logger.warning("%s: not an article page", response.url)
            return
        stats.inc_value("jpcrawl/article/parsed")
        if page.fallbacks:
            # The site's selectors missed these fields and the generic readers filled them: the markup has
            # drifted from the profile. The run report alerts past JPCRAWL_ALERT_MAX_FALLBACK_RATE.
            stats.inc_value("jpcrawl/fallback/items")
            for name in page.fallbacks:
                stats.inc_value(f"jpcrawl/fallback/{name}")
            logger.debug("%s: generic readers filled %s", response.url, ", ".join(page.fallbacks))
        article = self.finish_item(article, response)
        yield article

    def finish_item(self, article: Article, response: Response) -> Article:
        # crawled_at is the clean pipeline's, which runs as soon as the callback yields the item.
        article.rendered = "playwright" in response.flags
        return article

    async def errback(self, failure: Failure) -> None:
        # Pages are never handed to callbacks (no playwright_include_page), but a component may have
        # asked for one: close it here too, so no page outlives a failed request.
        request = getattr(failure, "request", None)
        page = request.meta.get("playwright_page") if request is not None else None
        if page is not None:
            with suppress(Exception):  # already closed with its browser
                await page.close()
        logger.warning("request failed: %s: %s", getattr(request, "url", "?"), failure.getErrorMessage())
        if self.crawler.stats is not None:
            kind = failure.type.__name__ if failure.type is not None else "Unknown"
            self.crawler.stats.inc_value(f"jpcrawl/errors/{kind}")
