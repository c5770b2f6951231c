"""A run's identity and the facts derived from it, decided once: everything else reads them from here.

* when the run started, its stamp (%(time)s) and its file-name parameters (%(name)s, %(day)s, %(worker)s)
* the cross-run state URI, expanded, and the files kept beside a SQLite state (lock, baseline)
* whether the run is distributed (JPCRAWL_REDIS_URL)
* what counts as a secret, and how a value that may hold one is written anywhere (masking)
* how a JSON file is written so that a crash never leaves half of one
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import weakref
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

# --- when --------------------------------------------------------------------------------------------------

_STARTED: weakref.WeakKeyDictionary[Crawler, datetime] = weakref.WeakKeyDictionary()


def run_started(crawler: Crawler) -> datetime:
    """The run's start time, fixed on first use, shared by feed, rejects and report names and the manifest."""
    started = _STARTED.get(crawler)
    if started is None:
        started = _STARTED[crawler] = datetime.now(timezone.utc).replace(microsecond=0)
    return started


def run_stamp(crawler: Crawler) -> str:
    # Same shape as Scrapy's own %(time)s, so file names do not change when this is switched on.
    return run_started(crawler).isoformat().replace(":", "-")


def spider_name(crawler: Crawler) -> str:
    if crawler.spider is not None:
        return str(crawler.spider.name)
    return str(crawler.spidercls.name or "spider")


def run_params(crawler: Crawler) -> dict[str, Any]:
    """The %(...)s parameters of every file name a run writes."""
    return {
        "name": spider_name(crawler),
        "time": run_stamp(crawler),
        "day": run_started(crawler).date().isoformat(),
        # Tells apart the files of workers that share a feeds directory (distributed mode).
        "worker": f"{socket.gethostname()}-{os.getpid()}",
    }


# --- state ---

# URIs of a store that lives only as long as the run: every run is then a full run.
MEMORY_URIS = ("memory:", "sqlite://", "sqlite:///:memory:")
REDIS_URL_SETTING = "JPCRAWL_REDIS_URL"


def expand_uri(uri: str, params: Mapping[str, Any]) -> str:
    """A URI or path template with its %(name)s-style parameters filled in."""
    return uri % dict(params) if "%(" in uri else uri


def state_uri(settings: BaseSettings, name: str) -> str:
    """The run's state URI, expanded. Per-run parameters (%(time)s, %(day)s) are dropped: a state that
    changed name every run would not be a cross-run state."""
    uri = str(settings.get("JPCRAWL_STATE_URI") or "")
    return expand_uri(uri.replace("%(time)s", "").replace("%(day)s", ""), {"name": name})


def sqlite_state_path(uri: str) -> Path | None:
    """The file of a sqlite:/// state URI; None for memory and non-file stores."""
    if uri in MEMORY_URIS or not uri.startswith("sqlite:///"):
        return None
    return Path(uri[len("sqlite:///") :])  # "sqlite:////abs" leaves "/abs"


def state_side_file(settings: BaseSettings, name: str, suffix: str) -> Path | None:
    """A file kept beside a SQLite state ("<db><suffix>"): the run lock, the fill-rate baseline."""
    path = sqlite_state_path(state_uri(settings, name))
    return path.with_name(path.name + suffix) if path is not None else None


def redis_url(settings: BaseSettings) -> str | None:
    """The distributed mode's Redis URL: the setting, else the environment variable, else None (off)."""
    return settings.get(REDIS_URL_SETTING) or os.environ.get(REDIS_URL_SETTING) or None


def is_distributed(settings: BaseSettings) -> bool:
    return redis_url(settings) is not None


# --- secrets ---

# A key or setting name that may hold a credential: its value is never written anywhere.
SENSITIVE = re.compile(r"pass(word|wd)?|cookie|token|secret|credential|auth|session|email|api_?key", re.I)
MASK = "***"
_URI_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s]*)@")


def is_secret_name(name: str) -> bool:
    return bool(SENSITIVE.search(name))


def mask_uri(value: str) -> str:
    """redis://:pw@host/0 -> redis://***@host/0; anything with a scheme and userinfo, anywhere in the text."""
    if "@" not in value or "://" not in value:
        return value
    return _URI_USERINFO.sub(lambda m: f"{m.group('scheme')}{MASK}@", value)


def mask_value(name: str, value: Any) -> Any:
    """A setting's or argument's value as it may be written: secret names masked, URI passwords masked."""
    if is_secret_name(name):
        return MASK if value not in (None, "") else value
    if isinstance(value, str):
        return mask_uri(value)
    if isinstance(value, Mapping):
        return {k: mask_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(name, v) for v in value]
    return value


def scrub(value: Any) -> Any:
    """Drop any key that smells of credentials, recursively, and mask URI userinfo, so a record can never
    leak one."""
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if not is_secret_name(str(k))}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    if isinstance(value, str):
        return mask_uri(value)
    return value


def masked_argv(argv: Iterable[str]) -> list[str]:
    """A command line as it may be written: `-s NAME=value` and `-a name=value` of secret names masked
    (both the `-s X=Y` and the `-sX=Y` / `--set=X=Y` forms), URI userinfo masked everywhere."""
    out: list[str] = []
    for arg in argv:
        text = str(arg)
        body = text
        for prefix in ("--set=", "-s", "-a"):
            if body.startswith(prefix) and len(body) > len(prefix):
                body = body[len(prefix) :]
                break
        name, sep, _ = body.partition("=")
        if sep and is_secret_name(name):
            out.append(f"{text[: len(text) - len(body)]}{name}={MASK}")
        else:
            out.append(mask_uri(text))
    return out


def masked_settings(settings: BaseSettings, prefix: str = "JPCRAWL_") -> dict[str, Any]:
    """The run's own settings as plain data, fit to write into a manifest or a report."""
    out = {}
    for key in sorted(settings.attributes):
        if not key.startswith(prefix) or is_secret_name(key):
            continue  # not even the name: that a password was given is nobody's business
        value = mask_value(key, settings[key])
        with contextlib.suppress(TypeError, ValueError):
            json.dumps(value)
            out[key] = value
    return out


def spider_arguments(spider: Any) -> dict[str, Any]:
    """The spider's plain-data attributes (where -a arguments land), masked."""
    if spider is None:
        return {}
    out: dict[str, Any] = {}
    for key, value in vars(spider).items():
        if key.startswith("_") or key in ("crawler", "settings", "custom_settings") or is_secret_name(key):
            continue
        if isinstance(value, str | int | float | bool) or value is None:
            out[key] = mask_value(key, value)
        elif isinstance(value, list | tuple) and all(isinstance(v, str | int | float | bool) for v in value):
            out[key] = mask_value(key, list(value))
    return out


# --- files ---


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_json_atomic(path: Path, data: Any, mode: int = 0o644) -> None:
    """Write JSON to "<path>.part", fsync, rename: readers see the old file or the new one, never half."""
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


__all__ = [
    "MASK",
    "MEMORY_URIS",
    "SENSITIVE",
    "expand_uri",
    "is_distributed",
    "is_secret_name",
    "mask_uri",
    "mask_value",
    "masked_argv",
    "masked_settings",
    "redis_url",
    "run_params",
    "run_stamp",
    "run_started",
    "scrub",
    "spider_arguments",
    "sqlite_state_path",
    "state_side_file",
    "state_uri",
    "write_json_atomic",
]
