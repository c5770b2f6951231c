"""The run report: what a run did, as JSON, for people and for cron/systemd alerts.

`JPCRAWL_STATS_DUMP` (a path) writes the crawl's final stats there when the spider closes.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import date, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


class StatsDump:
    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsDump:
        path = crawler.settings.get("JPCRAWL_STATS_DUMP")
        if not path:
            raise NotConfigured("JPCRAWL_STATS_DUMP is not set")
        ext = cls(crawler, path)
        # After every other spider_closed handler has counted its last numbers.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = {k: _jsonable(v) for k, v in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = reason
        tmp = f"{self.path}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(stats, fh, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
