"""`scrapy crawl` with a run lock and an exit status (replaces Scrapy's command of the same name through
COMMANDS_MODULE).

Exit status, for cron, systemd and scrapyd:
  0   the run finished and its report (jpcrawl.extensions.report.RunReport) has no alert
  1   failed: the report's status is "failed" (alerts: feed, rejects, login, no articles, error rate, fill
      rate, fallback) or "interrupted" (stopped by a signal), or the crawler could not start, or the state
      store is corrupt (a report with a "state" alert is written; the crawl does not start)
  2   usage error: one line on stderr (jpcrawl.commands.preflight), checked before anything starts; or
      the state store was written by a newer jpcrawl (nothing is touched)
  75  EX_TEMPFAIL: another run holds the state store's lock (jpcrawl.extensions.lock); nothing was touched

A run limited with CLOSESPIDER_* (item count, page count, timeout) that stops at its limit finished
normally: exit 0 when no alert (the report's finish_reason names the limit).

Ad-hoc exports versus scheduled runs (one rule): a run given `-o`/`-O` is a full export of what it
crawls: it neither reads nor writes the cross-run state (JPCRAWL_STATE_URI becomes memory:), so the same
command run twice gives the same feed twice. It is incremental only when asked: `-a incremental=1`, or a
state named on the command line (`-s JPCRAWL_STATE_URI=...`). A run without `-o/-O` (the default feed:
cron, systemd), scrapyd's (which sets FEEDS, not -o) and a distributed worker's (its -O file is its share
of the shared crawl) are incremental.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from jpcrawl.extensions.lock import EX_TEMPFAIL, LockConfig, LockHeld, acquire, lock_path, release
from jpcrawl.extensions.report import EXIT_FAILED, RunReport, failure_report, state_failure_report
from jpcrawl.run import is_distributed, state_uri
from jpcrawl.state import StateError, StateSchemaError, check_state

EXIT_USAGE = 2

if TYPE_CHECKING:
    import argparse

logger = logging.getLogger(__name__)

EXPORT_NOTE = (
    "-o/-O: a full export, the cross-run state is neither read nor written "
    "(-a incremental=1 or -s JPCRAWL_STATE_URI=... for an incremental run)"
)


def wants_incremental(spargs: dict[str, str]) -> bool:
    from jpcrawl.commands.preflight import usage_exit
    from jpcrawl.spiders.base import SpiderArgumentError, parse_flag

    try:
        return parse_flag("incremental", spargs.get("incremental", "0"))
    except SpiderArgumentError as exc:
        usage_exit(str(exc))


def private_log_file(path: str | None) -> None:
    """Create LOG_FILE readable by its owner only (or narrow an existing one of ours to 0600) before
    Scrapy's log handler opens it, whatever the umask: a crawl's log is nobody else's business."""
    if not path:
        return
    with contextlib.suppress(OSError):  # a directory that does not exist: Scrapy's own error says so
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            st = os.fstat(fd)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) & 0o077:
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider (one run at a time per state store; exit status from the run report)"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        # Here, before the crawler process exists: it opens LOG_FILE when it is created.
        private_log_file(self.settings.get("LOG_FILE"))
        self.full_export = False
        exporting = bool(opts.output or opts.overwrite_output) and not wants_incremental(opts.spargs)
        state_named = (self.settings.getpriority("JPCRAWL_STATE_URI") or 0) >= SETTINGS_PRIORITIES["cmdline"]
        # A distributed worker's -O is its share of one shared crawl, whose state is the crawl's Redis.
        if exporting and not state_named and not is_distributed(self.settings):
            self.settings.set("JPCRAWL_STATE_URI", "memory:", priority="cmdline")
            self.full_export = True

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) < 1:
            raise UsageError
        if len(args) > 1:
            raise UsageError("running 'scrapy crawl' with more than one spider is not supported")
        spname = args[0]
        assert self.crawler_process is not None
        assert self.settings is not None
        from jpcrawl.commands.preflight import preflight, usage_exit

        try:
            spidercls = self.crawler_process.spider_loader.load(spname)
        except KeyError:
            usage_exit(f"no spider named {spname!r} (scrapy list shows them)")
        preflight(self.settings, spidercls, opts.spargs)
        if getattr(self, "full_export", False):
            logger.info(EXPORT_NOTE)
        # The state store is checked before anything is opened, locked or created. Not in distributed mode:
        # the add-on moves the state to Redis after this point, so the file named here may not be the store.
        try:
            if not is_distributed(self.settings):
                check_state(state_uri(self.settings, spname))
        except StateSchemaError as exc:
            print(f"jpcrawl: {exc}", file=sys.stderr, flush=True)
            self.exitcode = EXIT_USAGE
            return
        except StateError as exc:
            print(f"jpcrawl: {exc}", file=sys.stderr, flush=True)
            state_failure_report(self._create_crawler(spname), exc)
            self.exitcode = EXIT_FAILED
            return
        path = None
        if LockConfig.from_settings(self.settings).enabled:
            path = lock_path(self.settings, spname)
        if path is not None:
            try:
                acquire(path)  # before the crawler exists: a refused run opens no feed and no state
            except LockHeld as exc:
                print(f"jpcrawl: {exc}", file=sys.stderr, flush=True)
                self.exitcode = EX_TEMPFAIL
                return
        try:
            crawler = self._create_crawler(spname)
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            if path is not None:
                release(path)
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            ext = RunReport.of(crawler)
            if ext is None or ext.report is None:
                failure_report(crawler, "startup", "the crawl could not start: see the log", "startup_failed")
            return
        ext = RunReport.of(crawler)
        if ext is not None and ext.report is not None:
            self.exitcode = int(ext.report["exit_status"])
