"""Usage checks made before a crawl starts: a mistake ends in one line on stderr and exit status 2, never a
traceback, a misleading later error, or a crawl that does something else than asked.

    scrapy: error: -a since='2026-13-45': expected a date YYYY-MM-DD

Checked: the spider's `-a` arguments (NewsSpider.__init__: unknown names, dates, numbers, base_url,
sections), JPCRAWL_RENDER, an explicit JPCRAWL_BROWSER_PATH, and that JPCRAWL_REDIS_URL answers. Used by
`scrapy crawl` and `scrapy parse`; `preflight()` is reusable by any command that starts a crawl.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from scrapy.settings import BaseSettings

EX_USAGE = 2  # what argparse and Scrapy's UsageError exit with


class UsageProblem(ValueError):
    pass


def usage_exit(message: str) -> NoReturn:
    print(f"scrapy: error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(EX_USAGE)


def check_spider_arguments(spidercls: Any, spargs: dict[str, Any]) -> None:
    from jpcrawl.spiders.base import NewsSpider, SpiderArgumentError

    if not (isinstance(spidercls, type) and issubclass(spidercls, NewsSpider)):
        return
    try:
        spidercls(**spargs)  # __init__ only parses its arguments: no crawler, no I/O
    except SpiderArgumentError as exc:
        usage_exit(str(exc))


def check_render(settings: BaseSettings) -> None:
    from jpcrawl.middlewares.render import MODES

    raw = settings.get("JPCRAWL_RENDER")
    try:
        modes = settings.getdict("JPCRAWL_RENDER")
    except ValueError:
        raise UsageProblem(
            f"JPCRAWL_RENDER={raw!r}: expected JSON such as "
            '\'{"listing": "always", "article": "auto", "default": "auto"}\''
        ) from None
    for page_type, mode in modes.items():
        if mode not in MODES:
            raise UsageProblem(
                f"JPCRAWL_RENDER[{page_type!r}]={mode!r}: expected one of {', '.join(MODES)}"
            )


def check_browser(settings: BaseSettings) -> None:
    import os

    from jpcrawl.browser import BrowserNotFound, find_chromium

    explicit = settings.get("JPCRAWL_BROWSER_PATH") or os.environ.get("JPCRAWL_BROWSER_PATH")
    if not explicit:
        return  # the search (Playwright's, the system's) is the browser module's business
    try:
        find_chromium(explicit)
    except BrowserNotFound as exc:
        raise UsageProblem(str(exc)) from None


def check_redis(settings: BaseSettings, timeout: float = 5.0) -> None:
    from jpcrawl.run import mask_uri, redis_url

    url = redis_url(settings)
    if not url:
        return
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        client.ping()
        client.close()
    except (redis.RedisError, OSError, ValueError) as exc:
        raise UsageProblem(
            f"JPCRAWL_REDIS_URL={mask_uri(url)}: no answer ({type(exc).__name__}: {exc}). "
            "Start Redis there, or unset JPCRAWL_REDIS_URL for a single-process crawl"
        ) from None


def check_settings(settings: BaseSettings) -> None:
    for check in (check_render, check_browser, check_redis):
        try:
            check(settings)
        except UsageProblem as exc:
            usage_exit(str(exc))


def preflight(settings: BaseSettings, spidercls: Any, spargs: dict[str, Any]) -> None:
    """Every usage check; exits 2 with one line on the first problem."""
    check_spider_arguments(spidercls, spargs)
    check_settings(settings)
