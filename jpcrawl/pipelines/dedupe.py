"""Dedupe: one item per canonical URL per run, one emission per article version across runs.

Within a run
- by URL: the first item wins; later ones are counted (jpcrawl/dedupe/duplicate_url) and recorded in the
  rejects file with reason "duplicate_url".
- by content: a second URL whose body hashes the same as an article already known (this run or earlier)
  is not emitted as a separate article. The first URL stays the primary; the second becomes its alias in
  the state store and is listed in the primary's `alternate_urls` from the primary's next emitted version
  on: the primary's record is marked dirty, so its next crawl emits version+1 even if its text is
  unchanged. Stat jpcrawl/dedupe/duplicate_content; rejects reason "duplicate_content" with the primary's
  URL in detail, so a consumer can see the link at once. Why not re-emit the primary immediately: it has
  already been exported when the second URL arrives, and holding items back (or keeping every body in
  memory to rebuild the primary) costs memory and delays the feed for a rare case. Only full,
  non-paywalled bodies of at least JPCRAWL_DEDUPE_MIN_CHARS characters are merge candidates: paywalled
  teasers and short stubs with identical text are different articles.

Across runs (state store, jpcrawl.state): unchanged article (same content_hash and modified_at) -> not
emitted (jpcrawl/dedupe/unchanged); changed -> emitted with version+1 (jpcrawl/dedupe/updated); unknown ->
version 1 (jpcrawl/dedupe/new). A teaser of an article already stored in full with the same modified_at is
treated as unchanged, so an expired session never downgrades an article.

State safety: nothing is written to the store while the run goes on. A record is staged when its item is
actually scraped (item_scraped, i.e. passed every pipeline and went to the feed exporter), and the staged
records are committed in ONE transaction when the feed exporter has closed all feeds and every feed file
was completely written and renamed (feed_slot_closed / feed_exporter_closed). If any feed failed, nothing
is committed (the next run re-emits: at-least-once, never lost). Without a feed exporter the commit happens
at spider close. A kill -9 before the commit leaves the previous state, so the next run emits again
everything the killed run had not safely delivered.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.extensions.feedexport import FeedExporter

from jpcrawl import config
from jpcrawl.exceptions import RejectedItem, SkippedItem
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.feeds import AtomicFileFeedStorage
from jpcrawl.pipelines.clean import normalize_url
from jpcrawl.state import StateRecord, StateStore, expand_uri, open_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DedupeConfig:
    state_uri: str  # "memory:" when the setting is empty
    min_merge_chars: int

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> DedupeConfig:
        return cls(
            state_uri=config.setting(settings, "JPCRAWL_STATE_URI") or "memory:",
            min_merge_chars=config.getint(settings, "JPCRAWL_DEDUPE_MIN_CHARS"),
        )


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class DedupePipeline:
    def __init__(
        self,
        crawler: Crawler,
        state_uri: str | None = None,
        min_merge_chars: int | None = None,
        store: StateStore | None = None,
    ) -> None:
        """Unset arguments: the crawler's settings (jpcrawl/settings.py's defaults)."""
        self.crawler = crawler
        self.stats = crawler.stats
        self.config = DedupeConfig.from_settings(crawler.settings)
        self.state_uri = self.config.state_uri if state_uri is None else state_uri
        self.min_merge_chars = self.config.min_merge_chars if min_merge_chars is None else min_merge_chars
        self.store: StateStore | None = store
        self.seen_urls: set[str] = set()
        self.candidates: dict[str, StateRecord] = {}  # processed, not yet scraped
        self.staged: dict[str, StateRecord] = {}  # scraped (handed to the feeds), not yet committed
        self.staged_hashes: dict[str, str] = {}  # content_hash -> primary url, this run
        self.exporter: FeedExporter | None = None
        self.feeds_ok = True
        # Per feed URI template: items handed to it vs items that ended up in a stored, renamed file. A feed
        # whose file could not even be opened never reports a closed slot, so counting is the only sure check.
        self.expected: Counter[str] = Counter()
        self.delivered: Counter[str] = Counter()
        self.committed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        pipe = cls(crawler)
        crawler.signals.connect(pipe.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(pipe.feed_slot_closed, signal=signals.feed_slot_closed)
        crawler.signals.connect(pipe.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(pipe.engine_stopped, signal=signals.engine_stopped)
        return pipe

    # -- lifecycle -------------------------------------------------------------------------------------------

    def open_spider(self) -> None:
        if self.store is None:
            from jpcrawl.run import run_params

            self.store = open_state(expand_uri(self.state_uri, run_params(self.crawler)))
        self.exporter = self.crawler.get_extension(FeedExporter)

    @property
    def feeds_active(self) -> bool:
        return self.exporter is not None

    def close_spider(self) -> None:
        if not self.feeds_active:
            self.commit()
            self.close_store()
        # else: the feed exporter closes its files after the pipelines; commit when it reports back

    def feed_slot_closed(self, slot: Any) -> None:
        storage = slot.storage
        ok = storage.completed if isinstance(storage, AtomicFileFeedStorage) else not self._failed_stats()
        if ok:
            self.delivered[slot.uri_template] += slot.itemcount
        else:
            self.feeds_ok = False
            logger.error(
                "feed %s was not stored completely: state changes of this run are not committed", slot.uri
            )

    def _failed_stats(self) -> bool:
        return any(k.startswith("feedexport/failed_count/") and v for k, v in self.stats.get_stats().items())

    def feed_exporter_closed(self) -> None:
        short = {t: (n, self.delivered[t]) for t, n in self.expected.items() if self.delivered[t] < n}
        if short:
            logger.error("feeds missing items (expected, stored): %r", short)
        if self.feeds_ok and not short and not self._failed_stats():
            self.commit()
        else:
            self.stats.set_value("jpcrawl/state/not_committed", len(self.staged))
            logger.error(
                "not committing %d state records: a feed failed; the next run re-emits them", len(self.staged)
            )
        self.close_store()

    def engine_stopped(self) -> None:
        self.close_store()  # if nothing committed by now, nothing safe may be (e.g. the exporter crashed)

    def commit(self) -> None:
        if self.committed or self.store is None:
            return
        written = self.store.commit(self.staged.values())
        self.committed = True
        self.stats.set_value("jpcrawl/state/committed", written)

    def close_store(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- items -----------------------------------------------------------------------------------------------

    def item_scraped(self, item: Any) -> None:
        url = ItemAdapter(item).get("url")
        rec = self.candidates.pop(url, None) if url else None
        if rec is None:
            return
        self.staged[rec.url] = rec
        if self.exporter is not None:
            for slot in self.exporter.slots:
                if slot.filter.accepts(item):
                    self.expected[slot.uri_template] += 1

    def _reject(self, url: str, reason: str, detail: dict[str, Any]) -> RejectedItem:
        self.stats.inc_value(f"jpcrawl/dedupe/{reason}")
        Rejects.of(self.crawler).add(url=url, reason=reason, stage="dedupe", fields=["url"], detail=detail)
        return RejectedItem(reason, f"{reason}: {url}", log_level="DEBUG")

    def _get(self, url: str) -> StateRecord | None:
        rec = self.staged.get(url)
        if rec is None and self.store is not None:
            rec = self.store.get(url)
        return rec

    def _mergeable(self, adapter: ItemAdapter) -> bool:
        body = adapter.get("body") or []
        return not adapter.get("is_paywalled") and sum(len(p) for p in body) >= self.min_merge_chars

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = normalize_url(adapter["url"])  # already canonical after clean; cached, so this is cheap
        if url in self.seen_urls:
            raise self._reject(url, "duplicate_url", {"message": "URL already emitted in this run"})
        self.seen_urls.add(url)

        chash: str | None = adapter.get("content_hash")
        modified = adapter.get("modified_at")
        paywalled = bool(adapter.get("is_paywalled"))
        mergeable = bool(chash) and self._mergeable(adapter)
        now = _now()
        rec = self._get(url)

        if rec is not None and rec.alias_of:
            primary = self._get(rec.alias_of)
            if primary is not None and primary.content_hash == chash:
                self.stats.inc_value("jpcrawl/dedupe/unchanged")
                self._touch(rec, now)
                raise SkippedItem(f"known alternate of {primary.url}: {url}")
            rec = None  # the bodies have diverged: this URL is an article of its own again

        if rec is None:
            primary_url = self._merge_target(chash, url) if mergeable and chash else None
            if primary_url is not None:
                self._alias(url, primary_url, chash, now)
                raise self._reject(url, "duplicate_content", {"primary": primary_url})
            new = StateRecord(
                url=url,
                content_hash=chash,  # version: StateRecord's default, 1
                modified_at=modified,
                first_seen=now,
                last_seen=now,
                alternate_urls=list(adapter.get("alternate_urls") or []),
                mergeable=mergeable,
                paywalled=paywalled,
            )
            self._emit(adapter, new, "new")
            return item

        same_body = rec.content_hash == chash
        teaser_of_known = paywalled and not rec.paywalled and rec.content_hash is not None
        if rec.modified_at == modified and (same_body or teaser_of_known) and not rec.dirty:
            self.stats.inc_value("jpcrawl/dedupe/unchanged")
            self._touch(rec, now)
            raise SkippedItem(f"unchanged: {url}")
        alternates = list(dict.fromkeys([*rec.alternate_urls, *(adapter.get("alternate_urls") or [])]))
        updated = StateRecord(
            url=url,
            content_hash=chash,
            version=rec.version + 1,
            modified_at=modified,
            first_seen=rec.first_seen,
            last_seen=now,
            alternate_urls=alternates,
            mergeable=mergeable,
            paywalled=paywalled,
        )
        self._emit(adapter, updated, "updated")
        return item

    def _emit(self, adapter: ItemAdapter, rec: StateRecord, kind: str) -> None:
        adapter["version"] = rec.version
        adapter["alternate_urls"] = list(rec.alternate_urls)
        self.candidates[rec.url] = rec
        if rec.mergeable and rec.content_hash:
            self.staged_hashes.setdefault(rec.content_hash, rec.url)
        self.stats.inc_value(f"jpcrawl/dedupe/{kind}")

    def _merge_target(self, chash: str, url: str) -> str | None:
        primary = self.staged_hashes.get(chash)
        if primary is None and self.store is not None:
            found = self.store.by_hash(chash)
            primary = found.url if found is not None else None
        return primary if primary != url else None

    def _alias(self, url: str, primary_url: str, chash: str | None, now: str) -> None:
        # Staged directly (not via item_scraped): the alias is not an emitted item, but it is only committed
        # together with the rest, i.e. after the feeds are safe.
        self.staged[url] = StateRecord(
            url=url, content_hash=chash, first_seen=now, last_seen=now, alias_of=primary_url
        )
        candidate = self.candidates.get(primary_url)
        primary = candidate or self.staged.get(primary_url)
        if primary is None and self.store is not None:
            primary = self.store.get(primary_url)
        if primary is not None and url not in primary.alternate_urls:
            primary.alternate_urls.append(url)
            # The primary's emitted versions do not list this URL yet: the next crawl re-emits it (version+1).
            primary.dirty = True
            if candidate is None:  # a candidate is staged by item_scraped, only if it is really exported
                self.staged[primary_url] = primary

    def _touch(self, rec: StateRecord, now: str) -> None:
        rec.last_seen = now
        self.staged.setdefault(rec.url, rec)
