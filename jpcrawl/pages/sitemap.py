"""Generic sitemap and feed readers: sitemap index, Google News / web <urlset>, RSS 2.0 and Atom.

Namespace-agnostic (elements are matched by local name, so a missing or odd xmlns does not matter),
CDATA-tolerant (values are stripped: the real news sitemap wraps <loc> in CDATA with whitespace), and
never raising: input that is not XML at all gives []. lxml's recovering parser reads truncated documents
as far as they go. URLs are returned as written (stripped); pass `canonicalize` to fold them (e.g.
`lambda u: SITE.canonical_url(u, base_url)`). Dates go through processors.parse_any_date: the offset is
kept, date-only stays date-only, RSS RFC 2822 dates become ISO.

Bounded: a document over `max_bytes` (default MAX_SITEMAP_BYTES, the crawl's DOWNLOAD_MAXSIZE) is not
parsed; one unreadable entry is skipped and one unreadable date is None, and each is counted in `errors`
(name -> count: "too_large", "entry", "published_at") when the caller passes a dict; the rest stands.
Gzip (.xml.gz) is the caller's to decompress, with the same bound (the spider uses Scrapy's gunzip).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from jpcrawl.items import SitemapEntry
from jpcrawl.pages.base import note_error
from jpcrawl.processors import clean_text, dedupe, parse_any_date

log = logging.getLogger(__name__)

Canonicalize = Callable[[str], str | None]
Errors = dict[str, int]

# Same as settings.DOWNLOAD_MAXSIZE: a sitemap is never bigger than a page may be.
MAX_SITEMAP_BYTES = 16 * 1024 * 1024


def _root(xml: str | bytes | None, max_bytes: int = MAX_SITEMAP_BYTES, errors: Errors | None = None) -> Any:
    if not xml:
        return None
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    if max_bytes and len(data) > max_bytes:
        log.warning("sitemap of %d bytes not parsed: over the %d-byte bound", len(data), max_bytes)
        note_error(errors, "too_large")
        return None
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data.startswith(b"<"):
        return None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.LxmlError, ValueError):
        return None
    return root


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _children(el: Any, name: str) -> Iterator[Any]:
    for child in el:
        if _local(child) == name:
            yield child


def _iter(root: Any, name: str) -> Iterator[Any]:
    for el in root.iter():
        if _local(el) == name:
            yield el


def _text(el: Any, *path: str) -> str | None:
    """Text of the first descendant following local names `path` (stripped; CDATA is plain text here)."""
    nodes = [el]
    for name in path:
        nodes = [c for n in nodes for c in n.iter() if c is not n and _local(c) == name]
        if not nodes:
            return None
    return clean_text("".join(nodes[0].itertext()))


def _url(value: str | None, canonicalize: Canonicalize | None) -> str | None:
    if not value or not value.startswith(("http://", "https://", "/")):
        return None
    return canonicalize(value) if canonicalize else value


def _published(node: Any, names: tuple[str, ...], errors: Errors | None) -> str | None:
    """The first present date among child elements `names`, parsed; unreadable -> None, counted."""
    for name in names:
        text = _text(node, name)
        if text:
            value = parse_any_date(text)
            if value is None:
                note_error(errors, "published_at")
            return value
    return None


def parse_sitemap_index(
    xml: str | bytes | None,
    canonicalize: Canonicalize | None = None,
    *,
    max_bytes: int = MAX_SITEMAP_BYTES,
    errors: Errors | None = None,
) -> list[str]:
    """<sitemapindex><sitemap><loc> -> child sitemap URLs (deduped, document order)."""
    try:
        root = _root(xml, max_bytes, errors)
        if root is None:
            return []
        out = []
        for sm in _iter(root, "sitemap"):
            try:
                out.append(_url(_text(sm, "loc"), canonicalize))
            except Exception:
                log.warning("unreadable sitemap index entry", exc_info=True)
                note_error(errors, "entry")
        return dedupe(u for u in out if u)
    except Exception:  # a feed reader never takes the crawl down
        log.exception("parse_sitemap_index failed")
        return []


def parse_news_sitemap(
    xml: str | bytes | None,
    canonicalize: Canonicalize | None = None,
    *,
    max_bytes: int = MAX_SITEMAP_BYTES,
    errors: Errors | None = None,
) -> list[SitemapEntry]:
    """<urlset><url>: loc, news:publication_date (else lastmod), news:title. Also plain web sitemaps."""
    try:
        root = _root(xml, max_bytes, errors)
        if root is None:
            return []
        entries: list[SitemapEntry] = []
        seen: set[str] = set()
        for node in _iter(root, "url"):
            try:
                url = _url(_text(node, "loc"), canonicalize)
                if not url or url in seen:
                    continue
                published = _published(node, ("publication_date", "lastmod"), errors)
                entry = SitemapEntry(url=url, published_at=published, title=_text(node, "title"))
            except Exception:  # one unreadable <url> never costs the sitemap its others
                log.warning("unreadable sitemap entry", exc_info=True)
                note_error(errors, "entry")
                continue
            seen.add(url)
            entries.append(entry)
        return entries
    except Exception:
        log.exception("parse_news_sitemap failed")
        return []


def parse_rss(
    xml: str | bytes | None,
    canonicalize: Canonicalize | None = None,
    *,
    max_bytes: int = MAX_SITEMAP_BYTES,
    errors: Errors | None = None,
) -> list[SitemapEntry]:
    """RSS 2.0 <item> (link, pubDate / dc:date, title) or Atom <entry> (link@href, published/updated)."""
    try:
        root = _root(xml, max_bytes, errors)
        if root is None:
            return []
        entries: list[SitemapEntry] = []
        seen: set[str] = set()
        for node in [*_iter(root, "item"), *_iter(root, "entry")]:
            try:
                link = _text(node, "link")
                if not link:
                    for ln in _children(node, "link"):
                        if ln.get("href") and ln.get("rel", "alternate") == "alternate":
                            link = ln.get("href").strip()
                            break
                if not link:
                    guid = _text(node, "guid")
                    link = guid if guid and guid.startswith("http") else None
                url = _url(link, canonicalize)
                if not url or url in seen:
                    continue
                published = _published(node, ("pubdate", "date", "published", "updated"), errors)
                entry = SitemapEntry(url=url, published_at=published, title=_text(node, "title"))
            except Exception:
                log.warning("unreadable feed entry", exc_info=True)
                note_error(errors, "entry")
                continue
            seen.add(url)
            entries.append(entry)
        return entries
    except Exception:
        log.exception("parse_rss failed")
        return []
