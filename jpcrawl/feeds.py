"""Feed storage: JSONL files that appear complete or not at all, each with a manifest.

`AtomicFileFeedStorage` replaces Scrapy's file storage (FEED_STORAGES {"": ..., "file": ...}), so both the
default FEEDS and `-o/-O file.jsonl` get it. It writes to "<feed>.part", and on close: fsync, rename to
"<feed>" (atomic on POSIX), fsync the directory, then write "<feed>.manifest.json" (itself via a temp name).
A consumer never reads half a feed: a ".part" file is an unfinished (or crashed) run. With append mode
(-o), the existing file is copied to the ".part" first, so the rename still swaps whole files.

URI parameters (FEED_URI_PARAMS = "jpcrawl.feeds.uri_params"): %(time)s is the run stamp shared with the
rejects file (same format as Scrapy's), %(day)s the run's UTC day (YYYY-MM-DD), %(section)s see below.

Partitioning:
- by day: put %(day)s in the feed URI (the run's day; one file per run keeps per-item day splits out of
  scope: Scrapy opens its feed slots when the spider opens, so a slot cannot depend on an item's date).
- by section: put %(section)s in the feed URI and enable the `FeedPartitions` add-on. It expands that feed
  into one feed per section of JPCRAWL_FEED_SECTIONS plus "other" (anything not listed), each with a
  `SectionFilter` item_filter, before the FeedExporter reads FEEDS. Empty partitions write no file.
- gzip: FEEDS option "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"] and a ".gz" URI.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import json
import logging
import lzma
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.exporters import CsvItemExporter
from scrapy.extensions.feedexport import FeedExporter, FileFeedStorage, ItemFilter

from jpcrawl import __version__, config
from jpcrawl.compat import extension
from jpcrawl.items import SCHEMA_VERSION
from jpcrawl.run import (
    fsync_dir,
    masked_settings,
    run_params,
    run_started,
    spider_arguments,
    write_json_atomic,
)

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

OTHER_SECTION = "other"

def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """FEED_URI_PARAMS function: the shared run stamp plus %(day)s; %(section)s="all" if not partitioned."""
    params.update(run_params(spider.crawler))
    params.setdefault("section", "all")
    return params


def file_feed_paths(crawler: Crawler) -> list[str]:
    """Paths of the run's open file feeds (after spider_opened), else of the FEEDS templates."""
    exporter = extension(crawler, FeedExporter)
    if exporter is not None and exporter.slots:
        return [s.storage.path for s in exporter.slots if isinstance(s.storage, FileFeedStorage)]
    out = []
    for uri in crawler.settings.getdict("FEEDS"):
        uri = str(uri)
        if "://" not in uri or uri.startswith("file://"):
            out.append(FileFeedStorage(uri % {**run_params(crawler), "section": "all"}).path)
    return out


def run_feed_path(crawler: Crawler) -> str | None:
    """The run's feed path for naming the run's own files (the report): the first file feed, or for a
    feed partitioned by %(section)s its template with section "all", never one partition's name."""
    exporter = extension(crawler, FeedExporter)
    for slot in getattr(exporter, "slots", None) or ():
        if not isinstance(slot.storage, FileFeedStorage):
            continue
        template = slot.feed_options.get("jpcrawl_uri_template")
        if template:
            return FileFeedStorage(str(template) % {**run_params(crawler), "section": "all"}).path
        return str(slot.storage.path)
    for uri, options in crawler.settings.getdict("FEEDS").items():
        template = str((options or {}).get("jpcrawl_uri_template") or uri)
        if "://" not in template or template.startswith("file://"):
            return FileFeedStorage(template % {**run_params(crawler), "section": "all"}).path
    return None


def emptied_feeds(crawler: Crawler) -> list[str]:
    """Feeds this run replaced, having had items, with an empty file."""
    exporter = extension(crawler, FeedExporter)
    return [
        str(slot.storage.path)
        for slot in getattr(exporter, "slots", None) or ()
        if getattr(slot.storage, "emptied", False)
    ]


def _opener(feed_options: dict[str, Any]) -> Any:
    plugins = [str(p) for p in feed_options.get("postprocessing") or ()]
    if any("Gzip" in p for p in plugins):
        return gzip.open
    if any("Bz2" in p for p in plugins):
        return bz2.open
    if any("LZMA" in p for p in plugins):
        return lzma.open
    return open


class UnreadableFormat(Exception):
    pass


JSON_LINES_FORMATS = ("jsonlines", "jsonl", "jl")


def _section_of(row: Any) -> str:
    return str(row.get("section")) if isinstance(row, dict) else "None"


def _read_sections(path: str, feed_options: dict[str, Any]) -> Iterator[str]:
    """The `section` of every item in a feed file, read back in its format."""
    fmt = str(feed_options.get("format") or "")
    opener = _opener(feed_options)
    if fmt in JSON_LINES_FORMATS or fmt == "json":
        with opener(path, "rt", encoding="utf-8") as fh:
            rows = json.load(fh) if fmt == "json" else (json.loads(line) for line in fh if line.strip())
            for row in rows:
                yield _section_of(row)
    elif fmt == "csv":
        import csv

        with opener(path, "rt", encoding=feed_options.get("encoding") or "utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield str(row.get("section") or "None")
    elif fmt == "xml":
        from lxml import etree

        with opener(path, "rb") as fh:
            for _, element in etree.iterparse(fh, tag="item"):
                section = element.find("section")
                yield section.text if section is not None and section.text else "None"
                element.clear()
    elif fmt in ("pickle", "marshal"):
        import marshal
        import pickle

        load = pickle.load if fmt == "pickle" else marshal.load
        with opener(path, "rb") as fh:
            while True:
                try:
                    row = load(fh)  # our own file, written by this run's exporter
                except EOFError:
                    return
                yield _section_of(row)
    else:
        raise UnreadableFormat(fmt)


class FlatJsonCsvItemExporter(CsvItemExporter):
    """CSV whose list and object fields (body, authors, tags, images) are JSON, not Scrapy's comma join of
    a list or a Python repr of a dict: a CSV consumer gets every paragraph and image back with json.loads.
    FEED_EXPORTERS["csv"] (set by the FeedPartitions add-on unless the project sets its own)."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, (list, tuple, dict)):
            return json.dumps(value, ensure_ascii=False, default=str)
        return super().serialize_field(field, name, value)


FLAT_EXPORTERS = {"csv": "jpcrawl.feeds.FlatJsonCsvItemExporter"}


class AtomicFileFeedStorage(FileFeedStorage):
    """FileFeedStorage that writes "<path>.part" and renames it to "<path>" only when complete."""

    def __init__(
        self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Crawler | None = None
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.feed_options = feed_options or {}
        self.crawler = crawler
        self.part_path = self.path + ".part"
        self.completed = False
        self.error: str | None = None  # why the feed could not be written, for the report's "feed" alert
        self.items: int | None = None
        self.sections: dict[str, int] = {}
        self.replaced_bytes = 0  # size of the feed this run replaces or appends to
        self.exported: int | None = None  # this run's items, as the exporter counted them
        self.emptied = False

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        try:
            return self._open_part()
        except OSError as exc:
            logger.error(
                "cannot write feed %s (%s): its items are not exported and this run's state is not "
                "committed, so the next run re-emits them",
                self.path,
                exc,
            )
            self._failed(exc)
        # Scrapy would retry the open (and log a traceback) for every item: the items go nowhere instead, and
        # store() fails, so the slot reports the feed as not stored.
        return open(os.devnull, "wb")

    def _open_part(self) -> IO[bytes]:
        final, part = Path(self.path), Path(self.part_path)
        part.parent.mkdir(parents=True, exist_ok=True)
        self.replaced_bytes = final.stat().st_size if final.is_file() else 0
        if self.write_mode == "ab" and final.exists():
            shutil.copyfile(final, part)  # append = old content + this run, still swapped in whole
            return part.open("ab")
        return part.open("wb")  # also discards a stale .part left by a crashed run

    def _failed(self, exc: BaseException) -> None:
        if self.error is None and self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value("jpcrawl/feeds/failed")
        self.error = self.error or f"{type(exc).__name__}: {exc}"

    def store(self, file: IO[bytes]) -> None:
        try:
            self._store(file)
        except Exception as exc:
            self._failed(exc)
            with contextlib.suppress(OSError):
                file.close()  # a full disk fails the flush: the handle must not leak into the next run
            raise

    def _store(self, file: IO[bytes]) -> None:
        if self.error is not None:  # some items never reached the file: it must not look complete
            raise OSError(f"feed {self.path} not written completely: {self.error}")
        if not file.closed:
            file.flush()
            os.fsync(file.fileno())
            file.close()
        self.items, self.sections = self._count()
        os.replace(self.part_path, self.path)
        fsync_dir(Path(self.path).parent)
        self.write_manifest()
        self.completed = True
        return None

    def _count(self) -> tuple[int | None, dict[str, int]]:
        """Items and items per section in the file, for the manifest, read back in whatever format it has
        (an appended file holds earlier runs' items too). A format that cannot be read back (a custom
        exporter) gets the exporter's own count of this run's items (when it overwrote the file)."""
        exported = self.exported = self._exported_count()
        appended = self.write_mode == "ab" and self.replaced_bytes > 0
        sections: Counter[str] = Counter()
        read = 0
        try:
            for section in _read_sections(self.part_path, self.feed_options):
                read += 1
                sections[section] += 1
        except (UnreadableFormat, OSError, ValueError, EOFError) as exc:
            if not isinstance(exc, UnreadableFormat):
                logger.warning("%s: could not read the feed back to count it: %s", self.path, exc)
            items = None if appended else exported
            self._note_emptied(items)
            return items, {}
        if exported is not None and not appended and exported != read:
            logger.warning("%s: the exporter wrote %d items, %d read back", self.path, exported, read)
        self._note_emptied(read)
        return read, dict(sorted(sections.items()))

    def _exported_count(self) -> int | None:
        exporter = extension(self.crawler, FeedExporter) if self.crawler is not None else None
        for slot in getattr(exporter, "slots", None) or ():
            if slot.storage is self:
                return int(slot.itemcount)
        return None  # a closed batch is no longer among the slots: counted from the file

    def _note_emptied(self, items: int | None) -> None:
        """A run must not silently replace a feed that had items with an empty one (-O over a good file)."""
        if items == 0 and self.write_mode == "wb" and self.replaced_bytes:
            self.emptied = True
            logger.warning(
                "%s: this run exported no items and replaces a feed of %d bytes with an empty one",
                self.path,
                self.replaced_bytes,
            )

    def manifest(self) -> dict[str, Any]:
        crawler = self.crawler
        spider = crawler.spider if crawler is not None else None
        plugins = [str(p) for p in self.feed_options.get("postprocessing") or ()]
        started = run_started(crawler).isoformat() if crawler is not None else None
        return {
            "feed": Path(self.path).name,
            "format": self.feed_options.get("format"),
            "encoding": self.feed_options.get("encoding"),
            "postprocessing": plugins,
            "items": self.items,
            "exported": self.exported,
            "sections": self.sections,
            "section_filter": self.feed_options.get("jpcrawl_section"),
            "schema_version": SCHEMA_VERSION,
            "jpcrawl_version": __version__,
            "spider": spider.name if spider is not None else None,
            "spider_arguments": spider_arguments(spider),
            "settings": masked_settings(crawler.settings) if crawler is not None else {},
            "started_at": started,
            "finished_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "overwrite": self.write_mode == "wb",
        }

    def write_manifest(self) -> Path:
        path = Path(self.path + ".manifest.json")
        write_json_atomic(path, self.manifest())
        return path


class SectionFilter(ItemFilter):
    """item_filter of a section partition: its own section, or (for "other") every unlisted section."""

    def __init__(self, feed_options: dict[str, Any] | None) -> None:
        super().__init__(feed_options)
        options = feed_options or {}
        self.section = options.get("jpcrawl_section")
        self.listed = frozenset(options.get("jpcrawl_sections") or ())

    def accepts(self, item: Any) -> bool:
        if not super().accepts(item):
            return False
        section = item.get("section") if isinstance(item, dict) else getattr(item, "section", None)
        if self.section == OTHER_SECTION:
            return section not in self.listed
        return bool(section == self.section)


def expand_section_feeds(feeds: dict[str, dict[str, Any]], sections: list[str]) -> dict[str, dict[str, Any]]:
    """Turn every FEEDS entry whose URI holds %(section)s into one entry per section (+ "other")."""
    out: dict[str, dict[str, Any]] = {}
    listed = [s for s in sections if s != OTHER_SECTION]
    for uri, options in feeds.items():
        uri = str(uri)
        if "%(section)s" not in uri:
            out[uri] = options
            continue
        for section in [*listed, OTHER_SECTION]:
            out[uri.replace("%(section)s", section)] = {
                "store_empty": False,  # a section with no items this run gets no file
                **(options or {}),
                "item_filter": "jpcrawl.feeds.SectionFilter",
                "jpcrawl_section": section,
                "jpcrawl_uri_template": uri,  # the run's name for its files (report), before the split
                "jpcrawl_sections": listed,
            }
    return out


@dataclass(frozen=True)
class FeedsConfig:
    default_feed: str | None  # the feed when the command line names none
    default_feed_options: dict[str, Any]
    sections: list[str]  # sections with a file of their own; empty: the site profile's

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> FeedsConfig:
        return cls(
            default_feed=config.setting(settings, "JPCRAWL_DEFAULT_FEED") or None,
            default_feed_options=config.getdict(settings, "JPCRAWL_DEFAULT_FEED_OPTIONS"),
            sections=config.getlist(settings, "JPCRAWL_FEED_SECTIONS"),
        )


class FeedPartitions:
    """Add-on (ADDONS = {"jpcrawl.feeds.FeedPartitions": 0}). It runs when the crawler is built, after
    -o/-O have set FEEDS, so it sees what the user asked for:

    * no feed at all: JPCRAWL_DEFAULT_FEED (Scrapy merges -o/-O into FEEDS, so a default in FEEDS itself
      would be written beside every -O file);
    * a %(section)s feed: expanded into one feed per section.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        exporters = settings.getdict("FEED_EXPORTERS")
        for fmt, path in FLAT_EXPORTERS.items():
            if fmt not in exporters:
                exporters[fmt] = path
        settings.set("FEED_EXPORTERS", exporters, priority=settings.getpriority("FEED_EXPORTERS") or 0)
        feeds = settings.getdict("FEEDS")
        cfg = FeedsConfig.from_settings(settings)
        if not feeds and cfg.default_feed:
            options = dict(cfg.default_feed_options)
            options.setdefault("format", "jsonlines")  # Scrapy refuses a feed without a format
            feeds = {cfg.default_feed: options}
            settings.set("FEEDS", feeds, priority="project")
        if not any("%(section)s" in str(uri) for uri in feeds):
            return
        # The spider fills this in from its site profile (NewsSpider.update_settings) unless it is set.
        sections = cfg.sections
        priority = settings.getpriority("FEEDS") or 0
        settings.set("FEEDS", expand_section_feeds(feeds, sections), priority=priority)
