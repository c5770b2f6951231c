"""One classification per response, shared by the middlewares that need it."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from scrapy.http import Response, TextResponse

from jpcrawl.pages.detect import PageKind

_KINDS: WeakKeyDictionary[Response, PageKind] = WeakKeyDictionary()


def page_kind(response: Response, site: Any) -> PageKind:
    """`site.classify` for this response, computed at most once."""
    kind = _KINDS.get(response)
    if kind is None:
        html = response.text if isinstance(response, TextResponse) else ""
        kind = site.classify(response.url, html)
        _KINDS[response] = kind
    return kind


def site_of(crawler: Any) -> Any:
    """The running spider's SiteProfile, or None for spiders that are not NewsSpiders."""
    spider = getattr(crawler, "spider", None)
    return getattr(spider, "site", None)
