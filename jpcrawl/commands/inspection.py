"""What Scrapy's inspection commands (`shell`, `parse`, `fetch`, `check`) change for jpcrawl.

They look at pages; a crawl run is what `scrapy crawl` does. So under these commands nothing of a run
happens: no feed or manifest, no run report or alert, no stats dump, no progress lines, no cross-run state
read or written, no run lock (a `scrapy parse` while the hourly crawl runs just works), no resume journal,
and no distributed worker joins a Redis crawl. Rejects are counted in the stats but written nowhere.

The signal is the setting JPCRAWL_INSPECT=True, set by these commands (jpcrawl/commands/{shell,parse,fetch,
check}.py) at a priority above the project's and the spider's settings and below the command line (as
Scrapy's own `check` does for ITEM_PIPELINES and FEEDS): a component that must stay quiet can test it, and
every setting below is applied with it, so the components need not know about commands at all.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

INSPECT_SETTING = "JPCRAWL_INSPECT"
# Above the project (20) and the spider's custom settings (30), below -s (40): `-s` still wins.
PRIORITY = (SETTINGS_PRIORITIES["spider"] + SETTINGS_PRIORITIES["cmdline"]) // 2

# The extensions that make a run a run; the others (Scrapy's own) stay.
RUN_EXTENSIONS = (
    "jpcrawl.extensions.lock.RunLock",
    "jpcrawl.extensions.resume.ResumeJournal",
    "jpcrawl.extensions.report.StatsDump",
    "jpcrawl.extensions.report.RunReport",
    "jpcrawl.extensions.progress.Progress",
)
RUN_ADDONS = ("jpcrawl.distributed.addon.Distributed",)


def inspection_settings(settings: BaseSettings) -> dict[str, Any]:
    extensions = dict(settings.getdict("EXTENSIONS"))
    for name in RUN_EXTENSIONS:
        extensions[name] = None
    addons = {k: v for k, v in settings.getdict("ADDONS").items() if str(k) not in RUN_ADDONS}
    return {
        INSPECT_SETTING: True,
        "FEEDS": {},
        "JPCRAWL_DEFAULT_FEED": None,
        "JPCRAWL_STATE_URI": "memory:",
        "JPCRAWL_LOCK_ENABLED": False,
        "JPCRAWL_REPORT_ENABLED": False,
        "JPCRAWL_PROGRESS_INTERVAL": 0,
        "JPCRAWL_STATS_DUMP": None,
        "JPCRAWL_REJECTS_URI": os.devnull,
        "JPCRAWL_REDIS_URL": None,
        "EXTENSIONS": extensions,
        "ADDONS": addons,
    }


def apply_inspection_settings(settings: BaseSettings, **extra: Any) -> None:
    for name, value in {**inspection_settings(settings), **extra}.items():
        settings.set(name, value, priority=PRIORITY)
    # The distributed add-on reads the environment as well as the setting.
    os.environ.pop("JPCRAWL_REDIS_URL", None)


# Scrapy's own HTTP handlers, for commands that fetch one page outside a crawl (shell, fetch): the
# Playwright handler needs the crawl's event loop and blocks in the shell's thread.
PLAIN_HTTP: dict[str, Any] = {"DOWNLOAD_HANDLERS": {}}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_news_spider(spidercls: Any) -> bool:
    from jpcrawl.spiders.base import NewsSpider

    return isinstance(spidercls, type) and issubclass(spidercls, NewsSpider)
