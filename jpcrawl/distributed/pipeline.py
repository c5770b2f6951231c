"""ClaimPipeline: exactly once across workers (a URL is emitted by the worker that claims it)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import redis
from itemadapter import ItemAdapter

from jpcrawl.distributed.worker import Worker
from jpcrawl.exceptions import SkippedItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ClaimPipeline:
    """After DedupePipeline: claim the item's URL for this worker; another live worker's claim drops it.

    DedupePipeline stages a record only when its item is really scraped (item_scraped), so an item dropped
    here leaves no state behind. The claim stays until this worker exits (its durable record, committed
    after the feeds are safe, answers "unchanged" from then on); a killed worker's claims die with its
    heartbeat, so the survivor that redoes its requests emits those articles again."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.worker = Worker.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClaimPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        url = ItemAdapter(item).get("url")
        if not url:
            return item
        self.worker.health.check()  # Redis away: fail fast, the item's page is redone (item_error)
        try:
            claimed = self.worker.claim(url)
        except redis.RedisError as exc:
            self.worker.health.failed(exc, "claiming an item")
            raise
        self.worker.health.ok()
        if claimed:
            return item
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("jpcrawl/distributed/claimed_elsewhere")
        raise SkippedItem(f"emitted by another worker: {url}")


# -- the switch ---------------------------------------------------------------------------------------------
