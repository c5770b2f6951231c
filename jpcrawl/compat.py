"""The one place that touches private APIs of Scrapy and scrapy-playwright.

Each adapter names the upstream version it was written against; tests/test_compat.py fails loudly when an
upgrade changes what it relies on, so the breakage shows up there and not as a hang or a silent no-op.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

    from scrapy.crawler import Crawler

T = TypeVar("T")

# --- Scrapy 2.19 -----------------------------------------------------------------------------------------


def extension(crawler: Crawler, cls: type[T]) -> T | None:
    """The crawler's instance of an extension class, or None when it is off or not built yet.

    Scrapy 2.19: `Crawler.get_extension()` raises RuntimeError while the extension manager does not exist
    (before the crawl starts, e.g. while components are built), and the manager lives in the private
    `Crawler._extensions`."""
    if getattr(crawler, "_extensions", None) is None:
        return None
    found: Any = crawler.get_extension(cls)
    return found


def extensions_ready(crawler: Crawler) -> bool:
    """Whether the crawler's extension manager exists (Scrapy 2.19: `Crawler._extensions`)."""
    return getattr(crawler, "_extensions", None) is not None


# --- asyncio (CPython 3.11) ------------------------------------------------------------------------------


def free_slots(semaphore: asyncio.Semaphore) -> int:
    """How many `acquire()` calls would not wait. asyncio.Semaphore has no public count: CPython 3.11 keeps it
    in `_value` (only `locked()`, i.e. "is it 0", is public)."""
    return int(semaphore._value)


# --- scrapy-playwright 0.0.48 (Playwright 1.65) ----------------------------------------------------------
# jpcrawl's handler (jpcrawl/browser.py, JpcrawlPlaywrightHandler) subclasses scrapy-playwright's and
# overrides or calls these private methods; the parameters are those of 0.0.48. Upstream calls
# `self._create_page(request=request, spider=spider)` by keyword, so the names matter too.
SCRAPY_PLAYWRIGHT_VERSION = "0.0.48"
PLAYWRIGHT_HANDLER_HOOKS: dict[str, tuple[str, ...]] = {
    "_download_request": ("self", "request", "spider"),
    "_create_page": ("self", "request", "spider"),
    "_create_browser_context": ("self", "name", "context_kwargs", "spider"),
    "_maybe_launch_browser": ("self",),
    "_browser_disconnected_callback": ("self",),
    "_close": ("self",),
    # Not async: returns the page's route handler, which jpcrawl wraps with its BrowserGuard.
    "_make_request_handler": (
        "self",
        "context_name",
        "method",
        "url",
        "headers",
        "body",
        "encoding",
        "spider",
        "initial_request_done",
    ),
}
# What the handler reads of scrapy-playwright's state: `self.context_wrappers[name]` (these fields) and
# `self.config.max_pages_per_context`.
CONTEXT_WRAPPER_FIELDS = ("context", "semaphore")

_REAL_CLOSE = "_jpcrawl_close"


def intercept_close(page: Any, on_close: Callable[..., Awaitable[None]]) -> None:
    """Make `page.close(**kwargs)` call `on_close(**kwargs)` instead; `really_close(page)` is the original.

    scrapy-playwright 0.0.48 ends every request with `await page.close()` (`_download_request_with_page`)
    and gives the context's page slot back on the page's "close" event; jpcrawl keeps a finished page open
    for the next request, so it has to catch that call. Playwright 1.65's `Page.close` is an ordinary async
    method with keyword-only parameters and Page has no __slots__, so an instance attribute shadows it."""
    setattr(page, _REAL_CLOSE, page.close)

    async def close(**kwargs: Any) -> None:
        await on_close(**kwargs)

    page.close = close


def really_close(page: Any) -> Callable[..., Awaitable[None]]:
    """The page's own close (the one `intercept_close` replaced, or the only one)."""
    found: Callable[..., Awaitable[None]] = getattr(page, _REAL_CLOSE, page.close)
    return found
