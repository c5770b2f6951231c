"""One parsed document, one classification and one listing parse per response, shared by the middlewares
that need them and by the spider's callbacks.

A response goes through the render, interstitial and session middlewares and then to a callback; each of
them asks what the page is, and the render middleware and the listing callback both need the listing. The
answers are kept here, keyed by the response (weakly: they go with it), so the HTML is parsed by lxml once
and classified once whoever asks first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from parsel import Selector
from scrapy.http import Response, TextResponse

from jpcrawl.pages.base import Listing, make_selector
from jpcrawl.pages.detect import PageKind

_PARSED: WeakKeyDictionary[Response, dict[str, Any]] = WeakKeyDictionary()


def _slot(response: Response) -> dict[str, Any]:
    slot = _PARSED.get(response)
    if slot is None:
        slot = _PARSED[response] = {}
    return slot


def document(response: Response) -> Selector | None:
    """The response's parsed HTML (None when it has none). Page objects that take it may change the tree
    (they drop widgets), so a callback asks for it after every classification is done: the middlewares
    classify on the way in, before any callback runs."""
    slot = _slot(response)
    if "document" not in slot:
        html = response.text if isinstance(response, TextResponse) else None
        slot["document"] = make_selector(html)
    doc: Selector | None = slot["document"]
    return doc


def page_kind(response: Response, site: Any) -> PageKind:
    """`site.classify` for this response, computed at most once."""
    slot = _slot(response)
    kind = slot.get("kind")
    if kind is None:
        kind = slot["kind"] = site.classify(response.url, document(response))
    return PageKind(kind)


def listing_of(response: Response, site: Any, base_url: str, now: datetime) -> Listing:
    """`site.parse_listing` for this response, computed at most once (the render middleware decides from
    it whether a script fills the list; the listing callback then reads the same entries)."""
    slot = _slot(response)
    listing = slot.get("listing")
    if listing is None:
        page_kind(response, site)  # classify the tree before the listing parse drops nodes from it
        listing = slot["listing"] = site.parse_listing(response.url, document(response), base_url, now)
    assert isinstance(listing, Listing)
    return listing


def site_of(crawler: Any) -> Any:
    """The running spider's SiteProfile, or None for spiders that are not NewsSpiders."""
    spider = getattr(crawler, "spider", None)
    return getattr(spider, "site", None)
