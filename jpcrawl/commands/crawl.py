"""`scrapy crawl` with a run lock and an exit status (replaces Scrapy's command of the same name through
COMMANDS_MODULE).

Exit status, for cron, systemd and scrapyd:
  0   the run finished and its report (jpcrawl.extensions.report.RunReport) has no alert
  1   failed: the report's status is "failed" (alerts: feed, rejects, login, no articles, error rate, fill
      rate) or "interrupted" (stopped by a signal), or the crawler could not start, or the state store is
      corrupt (a report with a "state" alert is written; the crawl does not start)
  2   usage error (Scrapy's), or the state store was written by a newer jpcrawl (nothing is touched)
  75  EX_TEMPFAIL: another run holds the state store's lock (jpcrawl.extensions.lock); nothing was touched
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from jpcrawl.extensions.lock import EX_TEMPFAIL, LockHeld, acquire, lock_path, release
from jpcrawl.extensions.report import EXIT_FAILED, RunReport, failure_report, state_failure_report
from jpcrawl.run import is_distributed, state_uri
from jpcrawl.state import StateError, StateSchemaError, check_state

EXIT_USAGE = 2

if TYPE_CHECKING:
    import argparse


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
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        # Here, before the crawler process exists: it opens LOG_FILE when it is created.
        private_log_file(self.settings.get("LOG_FILE"))

    def short_desc(self) -> str:
        return "Run a spider (one run at a time per state store; exit status from the run report)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) < 1:
            raise UsageError
        if len(args) > 1:
            raise UsageError("running 'scrapy crawl' with more than one spider is not supported")
        spname = args[0]
        assert self.crawler_process is not None
        assert self.settings is not None
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
        if self.settings.getbool("JPCRAWL_LOCK_ENABLED", True):
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
