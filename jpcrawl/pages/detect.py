"""Page kinds and the generic, signature-driven classifier.

The classifier knows no site: a site module passes a `Signatures` (its interstitial block, article and
listing markers, paywall markers) and gets a `PageKind`. Decision order (first match wins):

1. EMPTY: no document, or a document with no body text and no known markers.
2. INTERSTITIAL: the interstitial block is present and, once it and scripts/styles are removed, the page
   has neither article nor listing markers and under `interstitial_max_chars` of visible text. A normal
   page always carries the hidden block too: that is NOT an interstitial.
3. ARTICLE / PAYWALLED: an article marker (or article-typed JSON-LD) is present; PAYWALLED when the
   site's `is_paywalled` callback says the body is a teaser.
4. LISTING: a listing item or an (even empty) listing container is present.
5. EMPTY otherwise (error pages, unknown layouts).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parsel import Selector


class PageKind(str, enum.Enum):
    ARTICLE = "article"
    LISTING = "listing"
    INTERSTITIAL = "interstitial"
    PAYWALLED = "paywalled"
    EMPTY = "empty"


@dataclass(frozen=True)
class Signatures:
    """A site's page-kind markers (CSS selectors)."""

    interstitial: str
    article: tuple[str, ...] = ()
    listing_item: tuple[str, ...] = ()
    listing_container: tuple[str, ...] = ()
    interstitial_max_chars: int = 200


def _visible_chars(sel: Selector, skip_css: str) -> int:
    """Characters of visible text in <body> outside the `skip_css` subtrees and non-text elements."""
    roots = sel.css("body")
    root = roots[0].root if roots else sel.root
    skipped = {n.root for n in sel.css(skip_css)}
    total = 0

    def walk(el: object) -> None:
        nonlocal total
        tag = getattr(el, "tag", None)
        if el in skipped or not isinstance(tag, str) or tag in _NON_TEXT:
            return
        total += len((getattr(el, "text", None) or "").strip())
        for child in el:  # type: ignore[attr-defined]
            walk(child)
            total += len((child.tail or "").strip())

    walk(root)
    return total


_NON_TEXT = frozenset({"script", "style", "noscript", "template"})


def classify_document(
    sel: Selector | None,
    sig: Signatures,
    *,
    is_article: Callable[[Selector], bool],
    is_paywalled: Callable[[Selector], bool],
) -> PageKind:
    """Classify a parsed document with a site's signatures (see the module docstring for the order)."""
    if sel is None:
        return PageKind.EMPTY
    has_interstitial = bool(sel.css(sig.interstitial))
    article = is_article(sel)
    listing_css = ", ".join((*sig.listing_item, *sig.listing_container))
    # A site without listing markers (its listings are found another way) has no listing pages to see.
    listing = bool(listing_css and sel.css(listing_css))
    if (
        has_interstitial
        and not article
        and not listing
        and _visible_chars(sel, sig.interstitial) <= sig.interstitial_max_chars
    ):
        return PageKind.INTERSTITIAL
    if article:
        return PageKind.PAYWALLED if is_paywalled(sel) else PageKind.ARTICLE
    if listing:
        return PageKind.LISTING
    return PageKind.EMPTY
