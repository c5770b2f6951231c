"""Rejects: every item or page the crawl gives up on, with a machine reason, in a JSONL file next to the feed.

Usage from any component (middleware, pipeline, spider):

    from jpcrawl.extensions.rejects import Rejects
    Rejects.of(crawler).add(url=..., reason="interstitial", stage="download", fields=[...], detail={...})

Each record is one line {"url", "reason", "stage", "fields", "detail", "time"}; every record increments the
stats jpcrawl/rejects/<reason> and jpcrawl/rejects/total. The file is created on the first record only and
each line is flushed at once (diagnostics must survive a crash). Items dropped by any pipeline with a plain
DropItem are recorded too (reason "dropped"), and so are items a pipeline failed on with any other exception
(signal item_error: reason "error:<ExceptionType>", e.g. "error:OperationalError" for a locked SQLite), so
nothing is dropped silently.

Where: JPCRAWL_REJECTS_URI (a path or file:// URI, with %(name)s, %(time)s, %(day)s). Unset: next to the run's
single file feed ("<feed stem>.rejects.jsonl"), else feeds/%(name)s/%(name)s-%(time)s.rejects.jsonl;
%(time)s is the same run stamp the feed URI gets (jpcrawl.run.run_stamp). If that directory cannot be written
(the feed's own directory is read-only or full), the file goes to the first of `fallback_dirs()` that can
be: the state store's directory, then ./feeds/<name>/. Records that could not be written anywhere are
counted (jpcrawl/rejects/write_errors) and the run report alerts on them.
"""

from __future__ import annotations

import json
import logging
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from w3lib.url import file_uri_to_path

from jpcrawl import config
from jpcrawl.compat import extensions_ready
from jpcrawl.exceptions import RejectedItem, SkippedItem
from jpcrawl.feeds import file_feed_paths
from jpcrawl.run import run_params, scrub, sqlite_state_path, state_uri

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# Where rejects go when JPCRAWL_REJECTS_URI is unset and no single feed file names them.
FALLBACK_REJECTS_URI = "feeds/%(name)s/%(name)s-%(time)s.rejects.jsonl"
_FEED_SUFFIXES = (".gz", ".bz2", ".xz")
_FEED_EXTS = (".jsonl", ".jl", ".json", ".csv", ".xml", ".part")


_BY_CRAWLER: weakref.WeakKeyDictionary[Crawler, Rejects] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class RejectsConfig:
    uri: str | None  # None: beside the run's feed

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> RejectsConfig:
        return cls(uri=config.setting(settings, "JPCRAWL_REJECTS_URI") or None)


class Rejects:
    """Extension (EXTENSIONS = {"jpcrawl.extensions.rejects.Rejects": 0}). Also usable when not enabled:
    `of()` then creates one for the crawler on first use."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.uri_template: str | None = RejectsConfig.from_settings(crawler.settings).uri
        self.path: Path | None = None
        self._file: IO[str] | None = None
        self._unwritable = False
        self.count = 0
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
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
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        try:
            fh = self._open()
            fh.write(line)
            fh.flush()
        except OSError as exc:
            self.stats.inc_value("jpcrawl/rejects/write_errors")
            if not self._unwritable:  # once: a full disk would otherwise log a traceback per record
                self._unwritable = True
                logger.error("could not write rejects to %s (%s): %r", self.path, exc, record)
            else:
                logger.error("reject record not written: %r", record)
        return record

    def item_error(self, item: Any, response: Any, spider: Any = None, failure: Any = None) -> None:
        """A pipeline raised something other than DropItem (a bug, a locked SQLite, Redis gone): the item
        reaches no feed, so it must be here."""
        exc = getattr(failure, "value", failure)
        kind = type(exc).__name__ if exc is not None else "Exception"
        self.add(
            url=_item_url(item),
            reason=f"error:{kind}",
            stage="pipeline",
            detail={"message": str(exc)[:500]},
        )

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any = None) -> None:
        if isinstance(exception, RejectedItem | SkippedItem):
            return
        self.add(url=_item_url(item), reason="dropped", stage="pipeline", detail={"message": str(exception)})

    # -- file ------------------------------------------------------------------------------------------------

    def resolve_path(self) -> Path:
        template = self.uri_template
        if template is None:
            feeds = file_feed_paths(self.crawler)
            if len(feeds) == 1:
                return rejects_path_for(feeds[0])
            template = FALLBACK_REJECTS_URI
        params = run_params(self.crawler)
        uri = template % params
        return Path(file_uri_to_path(uri) if uri.startswith("file:") else uri)

    def _open(self) -> IO[str]:
        if self._file is None:
            if self._unwritable:
                raise OSError(f"rejects file {self.path} cannot be written")
            wanted = self.resolve_path()
            self.path = wanted
            candidates = [wanted, *(d / wanted.name for d in fallback_dirs(self.crawler))]
            error: OSError | None = None
            for path in dict.fromkeys(candidates):
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self._file = path.open("a", encoding="utf-8")
                except OSError as exc:
                    error = error or exc
                    continue
                self.path = path
                if path != wanted:
                    logger.error("cannot write rejects to %s (%s): writing them to %s", wanted, error, path)
                else:
                    logger.info("writing rejects to %s", path)
                break
            if self._file is None:
                assert error is not None
                raise error
        return self._file

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _item_url(item: Any) -> str | None:
    try:
        from itemadapter import ItemAdapter

        url = ItemAdapter(item).get("url")
    except TypeError:
        return None
    return url if isinstance(url, str) else None


def fallback_dirs(crawler: Crawler) -> list[Path]:
    """Where a run's side files (rejects, report) go when their own directory cannot be written: the state
    store's directory (an operator looks there), then ./feeds/<name>/."""
    name = run_params(crawler)["name"]
    out = []
    state = sqlite_state_path(state_uri(crawler.settings, name))
    if state is not None:
        out.append(state.parent)
    out.append(Path("feeds") / name)
    return out


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
