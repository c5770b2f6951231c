"""One run at a time per state store: an flock'ed lock file next to it.

Why flock: the kernel drops the lock when the process dies, however it dies (kill -9 included), so a lock
"left behind" by a dead run is never held: the next run simply takes it. The file itself stays (deleting
it would race with a run that has just opened it); it holds the holder's pid, host, start time and command
line, for the message a refused run prints.

Which file: JPCRAWL_LOCK_FILE if set (%(name)s = spider name), else "<state db>.lock" for a sqlite state
store, else "<JOBDIR>/jpcrawl.lock" when JOBDIR is set, else no lock (a memory: store has nothing
to protect).

`scrapy crawl` (jpcrawl.commands.crawl) takes the lock before the crawler exists, so a refused run opens no
feed, rejects file or state; it exits with EX_TEMPFAIL (75). The `RunLock` extension takes it too for other
entry points (CrawlerProcess from code); within one process the lock is re-entrant.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

from jpcrawl import config
from jpcrawl.run import expand_uri, is_distributed, masked_argv, state_side_file

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

EX_TEMPFAIL = 75  # sysexits.h: "try again later" -- the previous run still holds the state


class LockHeld(RuntimeError):
    def __init__(self, path: Path, holder: dict[str, Any]) -> None:
        self.path = path
        self.holder = holder
        who = ", ".join(f"{k} {holder[k]}" for k in ("pid", "host", "started_at") if holder.get(k))
        super().__init__(
            f"another jpcrawl run holds {path} ({who or 'holder unknown'}); not starting. "
            "It is still running: this run is skipped, the next scheduled one will catch up."
        )


@dataclass(frozen=True)
class LockConfig:
    enabled: bool
    file: str | None  # a path template (%(name)s) to lock instead of the one beside the state

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> LockConfig:
        return cls(
            enabled=config.getbool(settings, "JPCRAWL_LOCK_ENABLED"),
            file=config.setting(settings, "JPCRAWL_LOCK_FILE") or None,
        )


def lock_path(settings: BaseSettings, spider_name: str) -> Path | None:
    if is_distributed(settings):
        # Distributed mode: workers share the crawl on purpose; leases and claims in Redis keep it safe.
        return None
    explicit = LockConfig.from_settings(settings).file
    if explicit:
        return Path(expand_uri(str(explicit), {"name": spider_name}))
    beside_state = state_side_file(settings, spider_name, ".lock")
    if beside_state is not None:
        return beside_state
    jobdir = settings.get("JOBDIR")
    if jobdir:
        return Path(jobdir, "jpcrawl.lock")
    return None


class FileLock:
    """A non-blocking exclusive flock on `path`, with the holder's identity written into the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.taken_over: dict[str, Any] | None = None  # what a dead holder had written, if any

    def read_holder(self) -> dict[str, Any]:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            return data if isinstance(data, dict) else {}
        return {}

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(self.path, self.read_holder()) from None
        previous = self.read_holder()
        if previous.get("pid"):
            # Nobody holds the flock, but a run wrote its identity and never cleared it: it died.
            self.taken_over = previous
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "argv": masked_argv(sys.argv),  # -s values may hold secrets
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)  # a clean exit leaves no holder behind
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None


# Locks this process holds, by resolved path: re-entrant for the command + extension pair.
_HELD: dict[str, FileLock] = {}


def acquire(path: Path) -> FileLock:
    key = str(path.resolve())
    lock = _HELD.get(key)
    if lock is not None:
        return lock
    lock = FileLock(path)
    lock.acquire()
    if lock.taken_over:
        logger.warning(
            "took over the lock %s left by a run that is gone (pid %s on %s, started %s)",
            path,
            lock.taken_over.get("pid"),
            lock.taken_over.get("host"),
            lock.taken_over.get("started_at"),
        )
    _HELD[key] = lock
    return lock


def release(path: Path) -> None:
    lock = _HELD.pop(str(path.resolve()), None)
    if lock is not None:
        lock.release()


class RunLock:
    """Extension: holds the run lock from crawler start to engine stop. Raises LockHeld if another process
    holds it (the crawl then fails to start; `scrapy crawl` refuses earlier, with exit status 75)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLock:
        from scrapy.exceptions import NotConfigured

        path = lock_path(crawler.settings, crawler.spidercls.name or "spider")
        if path is None or not LockConfig.from_settings(crawler.settings).enabled:
            raise NotConfigured  # nothing to lock (memory: state): optional, so no "Disabled" warning
        acquire(path)
        ext = cls(path)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_stopped(self) -> None:
        release(self.path)
