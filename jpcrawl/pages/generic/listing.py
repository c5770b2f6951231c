"""Listing pages whose item markup a site profile describes: the main list, script-built lists, pagination.

A profile names its item selector (and class), its side-block titles and classes, its listing containers
and pagination selectors; these functions do the walking. See `discovery` for listings nobody described.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from jpcrawl.pages.base import attr, attr_names, node_text
from jpcrawl.processors import query_page

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_CLASS = re.compile(r"(^|[\s_-])(title|heading|header)", re.I)
LOADING_CLASS = re.compile(r"loading|spinner|skeleton|placeholder|lazy-list", re.I)


@dataclass(frozen=True)
class SideBlocks:
    """How a site's side lists ("The Latest", "Most viewed") are told from its main list, when both hold
    the same item markup: block headings (`titles`, lower case, matched whole or as a prefix), container
    class/id names (`classes`), and the item's own class (`item_class`: a heading holding items is a
    block, not a heading)."""

    titles: tuple[str, ...]
    classes: re.Pattern[str]
    item_class: str

    def heading_text(self, el: Any) -> str | None:
        if not isinstance(el.tag, str):
            return None
        classes = el.get("class") or ""
        is_heading = el.tag in HEADING_TAGS or _HEADING_CLASS.search(classes)
        if (
            not is_heading
            or self.item_class in classes
            or el.xpath(f".//*[contains(@class,'{self.item_class}')]")
        ):
            return None
        text = node_text(el)
        return text if text and len(text) <= 60 else None

    def contains(self, item: Any, memo: dict[Any, Any] | None = None) -> bool:
        """True when an item belongs to a side block.

        Walking up from the item: an <aside> ancestor or an ancestor whose class/id matches `classes` marks
        it; at each level the nearest preceding heading sibling (h1–h6 or a *title*/*heading* element)
        decides: a side-block title -> side block, any other heading -> main list. Items of the main list
        sit under the page's own heading or under none.

        `memo` (one dict per page) keeps the answers per element, so n sibling items cost O(n), not O(n²).
        """
        if memo is None:
            memo = {}
        el = item
        first = True
        while el is not None and isinstance(el.tag, str) and el.tag not in {"body", "html"}:
            if not first and self._is_side_block(el, memo):
                return True
            first = False
            text = self._preceding_heading(el, memo)
            if text is not None:
                t = text.casefold()
                return any(t == s or t.startswith(s + " ") for s in self.titles)
            el = el.getparent()
        return False

    def _is_side_block(self, el: Any, memo: dict[Any, Any]) -> bool:
        key = ("side", el)
        if key not in memo:
            ident = f"{el.get('class') or ''} {el.get('id') or ''}"
            memo[key] = el.tag == "aside" or bool(self.classes.search(ident))
        return bool(memo[key])

    def _preceding_heading(self, el: Any, memo: dict[Any, Any]) -> str | None:
        """Text of the nearest preceding sibling of `el` that is a heading, or None."""
        chain = []
        cur = el
        result = None
        while True:
            key = ("heading", cur)
            if key in memo:
                result = memo[key]
                break
            chain.append(key)
            prev = cur.getprevious()
            if prev is None:
                break
            result = self.heading_text(prev)
            if result is not None:
                break
            cur = prev
        for key in chain:
            memo[key] = result
        return result


def main_items(sel: Selector, item_css: str, side: SideBlocks) -> list[Selector]:
    """The items of the page's main list: every `item_css` element outside the side blocks."""
    memo: dict[Any, Any] = {}
    return [item for item in sel.css(item_css) if not side.contains(item.root, memo)]


def looks_script_rendered(
    sel: Selector,
    page_url: str,
    *,
    script_markers: Iterable[str],
    containers_css: str,
    src_markers: Iterable[str] | None = None,
    loading: re.Pattern[str] = LOADING_CLASS,
) -> bool:
    """For a listing with no items in its raw HTML: whether a script will insert them. True when an inline
    script mentions one of `script_markers` (the item classes it builds) or a script's src one of
    `src_markers` (default: the same), an empty
    listing container carries data-* attributes or a loading placeholder, or the page is page 1 of a
    listing (page 1 of a section is never legitimately empty; page N >= 2 without those markers is simply
    past the end)."""
    markers = tuple(script_markers)
    in_src = markers if src_markers is None else tuple(src_markers)
    for script in sel.xpath("//script[not(contains(@type,'ld+json'))]"):
        text = script.xpath("string()").get() or ""
        src = attr(script, "src") or ""
        if any(m in text for m in markers) or any(m in src for m in in_src):
            return True
    containers = list(sel.css(containers_css))
    for node in containers:
        if any(k.startswith("data-") for k in attr_names(node)):
            return True
        if any(loading.search(c.get("class") or "") for c in node.root.iter() if isinstance(c.tag, str)):
            return True
    return bool(containers) and query_page(page_url) == 1


def next_listing_url(
    sel: Selector,
    page_url: str,
    n_entries: int,
    *,
    next_css: Iterable[str],
    links_css: str,
    canonical: Callable[[str], str | None],
    page_url_for: Callable[[str, int], str],
    min_full: int = 1,
) -> str | None:
    """The next page of a `?page=N` listing: (1) an explicit next link (`next_css`, first that has an
    href); (2) when the page has pagination links (`links_css`), the one to page+1 of the same path, else
    None (the last page); (3) with no pagination markup, page+1 (`page_url_for(path, n)`) when the page is
    "full", i.e. holds at least `min_full` main items. `canonical` folds a URL onto the crawl's origin."""
    for css in next_css:
        href = sel.css(f"{css}::attr(href)").get()
        if href and href.strip() not in {"#", ""} and not href.startswith("javascript:"):
            return canonical(urljoin(page_url, href.strip()))
    page = query_page(page_url)
    path = urlsplit(canonical(page_url) or page_url).path
    # not links_css + "::attr(href)": with a selector list that would bind to its last part only
    page_links = [h for h in sel.css(links_css).xpath("@href").getall() if "page=" in h]
    if page_links:
        for h in page_links:
            c = canonical(urljoin(page_url, h))
            if c and query_page(c) == page + 1 and urlsplit(c).path == path:
                return c
        return None
    if n_entries >= max(1, min_full):
        return page_url_for(path.strip("/"), page + 1)
    return None
