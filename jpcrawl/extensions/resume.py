"""Resumable runs (`-s JOBDIR=dir`): a stopped or killed crawl is continued by the next run with the same
JOBDIR, and across the runs every article version is delivered exactly once.

Why not Scrapy's own JOBDIR machinery alone: it persists the request queue and the seen-request
fingerprints, but an article's request is marked seen long before its item is safely delivered. After a
kill -9 the item may be lost with the unfinished "<feed>.part" (or in a write buffer) while its request
stays "seen": Scrapy would never fetch it again. And its queue is only saved on a graceful stop.

So the source of truth is jpcrawl's own, and Scrapy's seen/queue files are discarded at every start:
- Item journal: every item that passed all pipelines (item_scraped) is appended, as one JSON line with
  one write() to an O_APPEND file, to JOBDIR/jpcrawl/journal-<pid>.jsonl. It survives kill -9 (the kernel
  has it). When the run's state commit succeeds (the feed is renamed and the state store committed, see
  jpcrawl.pipelines.dedupe) the journal files are deleted: those items are delivered.
- JOBDIR/jpcrawl/run.json records the run: "running" at start, "complete" after a finished, committed
  run, "interrupted" otherwise. A dead process leaves "running".
- Resuming (the previous run is not "complete"): the spider first re-emits the journaled items (they go
  through the pipelines again, so dedupe gives them the right version against the committed state), then
  walks every listing again with the incremental early stop off (a killed backfill has unvisited pages
  behind fully-known ones), skipping articles the state or the journal already has. Articles that were in
  flight when the run died are neither, so they are fetched again. The orphaned "<feed>.part" files of
  the dead run are deleted once the resumed run has committed (their items are in its feed).
Cost of a resume: the listing pages again (1 request in ~29), not the articles.
Requests stay picklable (plain meta, spider-method callbacks): Scrapy still keeps its disk queue in JOBDIR
during a run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

from jpcrawl.compat import extension
from jpcrawl.feeds import file_feed_paths
from jpcrawl.run import write_json_atomic

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_URL_PREFIX = re.compile(r'^\{"url":\s*"((?:[^"\\]|\\.)*)"')


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _jsonable(value: Any) -> Any:
    return ItemAdapter(value).asdict() if ItemAdapter.is_item(value) else value


def read_journal(files: list[Path]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Items by URL (the last line wins) and URLs of torn lines (a write cut short: fetch those again)."""
    items: dict[str, dict[str, Any]] = {}
    torn: set[str] = set()
    for path in files:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    m = _URL_PREFIX.match(line)
                    if m:
                        torn.add(json.loads(f'"{m.group(1)}"'))
                    continue
                if isinstance(row, dict) and row.get("url"):
                    items[row["url"]] = row
    return items, torn - set(items)


class ResumeJournal:
    """Extension; enabled by JOBDIR. See the module docstring."""

    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.dir = jobdir / "jpcrawl"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.run_file = self.dir / "run.json"
        previous: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            previous = json.loads(self.run_file.read_text(encoding="utf-8"))
        self.previous = previous
        self.old_files = sorted(self.dir.glob("journal-*.jsonl"))
        self.resuming = bool(previous) and previous.get("status") != "complete"
        self.pending, self.torn = read_journal(self.old_files) if self.old_files else ({}, set())
        if self.pending and not self.resuming:
            self.resuming = True  # journal without a run record: treat as interrupted
        self.orphans = [p for p in previous.get("parts", []) if self.resuming] if previous else []
        # Scrapy's queue/seen files would hide requests whose items were never delivered: start afresh.
        for name in ("requests.seen", "requests.queue"):
            target = jobdir / name
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            elif target.exists():
                target.unlink()
        self.journal = self.dir / f"journal-{os.getpid()}.jsonl"
        self.fd: int | None = None
        self.journaled = 0
        self._current: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeJournal:
        jobdir = job_dir(crawler.settings)
        if not jobdir:
            raise NotConfigured  # no JOBDIR: optional, so no "Disabled" warning
        ext = cls(crawler, Path(jobdir))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if self.resuming:
            logger.info(
                "resuming the run started %s (%s): %d journaled items to re-emit, %d torn lines to refetch",
                self.previous.get("started_at", "?"),
                self.previous.get("status", "no run record"),
                len(self.pending),
                len(self.torn),
            )
            stats.set_value("jpcrawl/resume/resumed", 1)
            stats.set_value("jpcrawl/resume/journaled_items", len(self.pending))
        self._write_run("running", parts=[])
        self.fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _write_run(self, status: str, **extra: Any) -> None:
        data = {"status": status, "pid": os.getpid(), "started_at": _now(), **extra}  # extra may override
        if status != "running":
            data = {**self._current, "status": status, "finished_at": _now(), **extra}
        self._current = data
        write_json_atomic(self.run_file, data)

    def known_urls(self) -> set[str]:
        """URLs the spider must not fetch again: their items are re-emitted from the journal."""
        return set(self.pending)

    def item_scraped(self, item: Any) -> None:
        if self.fd is None:
            return
        if not self.journaled:
            # The feed exporter has opened its files by now (it may not have at spider_opened).
            parts = [str(Path(p + ".part").resolve()) for p in file_feed_paths(self.crawler)]
            self._write_run("running", parts=parts, started_at=self._current.get("started_at", _now()))
        line = json.dumps(_jsonable(item), ensure_ascii=False, default=str) + "\n"
        os.write(self.fd, line.encode("utf-8"))  # one write(): whole line or (after a crash) a torn tail
        self.journaled += 1

    def engine_stopped(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        committed = stats.get_value("jpcrawl/state/committed") is not None
        reason = stats.get_value("finish_reason")
        if committed:
            for path in [*self.old_files, self.journal]:
                with contextlib.suppress(OSError):
                    path.unlink()
            for part in self.orphans:  # the dead run's unfinished feed: its items are in this run's feed
                if Path(part).exists() and part not in self._current.get("parts", []):
                    with contextlib.suppress(OSError):
                        Path(part).unlink()
                        logger.info("removed %s, the unfinished feed of the interrupted run", part)
        complete = committed and reason == "finished"
        self._write_run("complete" if complete else "interrupted", finish_reason=reason)


def resume_journal(crawler: Crawler) -> ResumeJournal | None:
    return extension(crawler, ResumeJournal)
