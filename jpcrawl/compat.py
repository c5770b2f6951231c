"""The one place that touches private APIs of Scrapy and scrapy-playwright.

Each adapter names the upstream version it was written against; tests/test_compat.py fails loudly when an
upgrade changes what it relies on, so the breakage shows up there and not as a hang or a silent no-op.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

T = TypeVar("T")


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
