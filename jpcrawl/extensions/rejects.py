"""Rejects: every item or page the crawl gives up on, with a machine reason, in a JSONL file next to the feed.

Usage from any component (middleware, pipeline, spider):

    from jpcrawl.extensions.rejects import Rejects
    Rejects.of(crawler).add(url=..., reason="interstitial", stage="download", fields=[...], detail={...})

Each record is one line {"url", "reason", "stage", "fields", "detail", "time"}; every record increments the
stats jpcrawl/rejects/<reason> and jpcrawl/rejects/total. The file is created on the first record only and
each line is flushed at once (diagnostics must survive a crash). Items dropped by any pipeline with a plain
DropItem are recorded too (reason "dropped"), so nothing is dropped silently.

Where: JPCRAWL_REJECTS_URI (a path or file:// URI, with %(name)s, %(time)s, %(day)s). Unset: next to the run's
single file feed ("<feed stem>.rejects.jsonl"), else feeds/%(name)s/%(name)s-%(time)s.rejects.jsonl;
%(time)s is
the same run stamp the feed URI gets (jpcrawl.run.run_stamp).
"""

from __future__ import annotations

import json
import logging
import weakref
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from w3lib.url import file_uri_to_path

from jpcrawl.compat import extensions_ready
from jpcrawl.exceptions import RejectedItem, SkippedItem
from jpcrawl.feeds import file_feed_paths
from jpcrawl.run import run_params, scrub

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DEFAULT_REJECTS_URI = "feeds/%(name)s/%(name)s-%(time)s.rejects.jsonl"
_FEED_SUFFIXES = (".gz", ".bz2", ".xz")
_FEED_EXTS = (".jsonl", ".jl", ".json", ".csv", ".xml", ".part")


_BY_CRAWLER: weakref.WeakKeyDictionary[Crawler, Rejects] = weakref.WeakKeyDictionary()


class Rejects:
    """Extension (EXTENSIONS = {"jpcrawl.extensions.rejects.Rejects": 0}). Also usable when not enabled:
    `of()` then creates one for the crawler on first use."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.uri_template: str | None = crawler.settings.get("JPCRAWL_REJECTS_URI") or None
        self.path: Path | None = None
        self._file: IO[str] | None = None
        self.count = 0
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.close, signal=signals.engine_stopped)
        _BY_CRAWLER[crawler] = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Rejects:
        return cls(crawler)

    @classmethod
    def of(cls, crawler: Crawler) -> Rejects:
        found = _BY_CRAWLER.get(crawler)
        if found is None:
            with_ext = None
            if extensions_ready(crawler):  # get_extension() raises before the manager exists
                with_ext = crawler.get_extension(cls)
            found = with_ext or cls(crawler)
        return found

    # -- recording -------------------------------------------------------------------------------------------

    def add(
        self,
        *,
        url: str | None,
        reason: str,
        stage: str,
        fields: list[str] | tuple[str, ...] | None = None,
        detail: Any = None,
    ) -> dict[str, Any]:
        record = {
            "url": url,
            "reason": reason,
            "stage": stage,
            "fields": list(fields or ()),
            "detail": scrub(detail),
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        }
        self.stats.inc_value(f"jpcrawl/rejects/{reason}")
        self.stats.inc_value("jpcrawl/rejects/total")
        self.count += 1
        try:
            fh = self._open()
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            fh.flush()
        except OSError:
            logger.exception("could not write reject record %r", record)
            self.stats.inc_value("jpcrawl/rejects/write_errors")
        return record

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any = None) -> None:
        if isinstance(exception, RejectedItem | SkippedItem):
            return
        url = None
        try:
            from itemadapter import ItemAdapter

            url = ItemAdapter(item).get("url")
        except TypeError:
            pass
        self.add(url=url, reason="dropped", stage="pipeline", detail={"message": str(exception)})

    # -- file ------------------------------------------------------------------------------------------------

    def resolve_path(self) -> Path:
        template = self.uri_template
        if template is None:
            feeds = file_feed_paths(self.crawler)
            if len(feeds) == 1:
                return rejects_path_for(feeds[0])
            template = DEFAULT_REJECTS_URI
        params = run_params(self.crawler)
        uri = template % params
        return Path(file_uri_to_path(uri) if uri.startswith("file:") else uri)

    def _open(self) -> IO[str]:
        if self._file is None:
            self.path = self.resolve_path()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
            logger.info("writing rejects to %s", self.path)
        return self._file

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def rejects_path_for(feed_path: str | Path) -> Path:
    """feeds/x/x-T.jsonl.gz -> feeds/x/x-T.rejects.jsonl"""
    p = Path(feed_path)
    name = p.name
    for suffix in _FEED_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    for ext in _FEED_EXTS:
        if name.endswith(ext):
            name = name[: -len(ext)]
            break
    return p.with_name(name + ".rejects.jsonl")
