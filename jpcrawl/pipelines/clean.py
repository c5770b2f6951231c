"""Clean: make every item's text, dates and URLs canonical before validation.

Works on `Article` dataclasses and on plain dicts (through itemadapter). The cleaner is the authority for
`word_count` and `content_hash`: both are recomputed from the cleaned body.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from itemadapter import ItemAdapter
from w3lib.url import safe_url_string

from jpcrawl import config
from jpcrawl.processors import Boilerplate

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# Paragraphs that are never body text on any site: exact, or "prefix*" (see processors.Boilerplate). A site's
# own widgets are its profile's `boilerplate` (jpcrawl/pages/<site>.py); an operator adds more with the
# JPCRAWL_BOILERPLATE setting (same syntax).
GENERIC_BOILERPLATE: tuple[str, ...] = (
    # related-article links inside the body
    "Read also:*",
    "Read also :*",
    "Also read:*",
    "Baca juga:*",
    # ad and share labels left behind by removed widgets
    "Advertisement",
    "Advertisements",
    "Scroll to continue with content",
    "Share this article",
)

STRING_FIELDS = (
    "title",
    "subtitle",
    "source",
    "dateline",
    "section",
    "subsection",
    "language",
    "schema_version",
)
LIST_TEXT_FIELDS = ("authors", "tags")
DATE_FIELDS = ("published_at", "modified_at", "crawled_at")

# Control characters (C0/C1 except the whitespace ones, which the whitespace pass folds), zero-width and BOM
# characters, and lone surrogates (which cannot be encoded to UTF-8 and would break the feed).
_WS_CONTROLS = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85}
_TRANSLATE: dict[int, str | None] = {c: None for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))}
for _c in _WS_CONTROLS:
    _TRANSLATE[_c] = " "
for _c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
    _TRANSLATE[_c] = None
for _c in range(0xD800, 0xE000):
    _TRANSLATE[_c] = "\ufffd"


def clean_text(value: Any) -> str | None:
    """NFC, control characters out, whitespace collapsed, "" -> None. Bytes are decoded as UTF-8 (bad
    sequences become U+FFFD) so a mis-decoded page cannot break the UTF-8 feed."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode(errors="replace")  # UTF-8, the default codec
    elif not isinstance(value, str):
        value = str(value)
    if not value.isascii():
        value = unicodedata.normalize("NFC", value.translate(_TRANSLATE))
    elif not value.isprintable():
        value = value.translate(_TRANSLATE)
    value = " ".join(value.split())
    return value or None


def _normalize_url(url: str) -> str:
    """Normalise any URL, knowing no site: scheme/host case, default ports, no utm_* parameters, no
    fragment. Folding a link onto the site's origin and its URL quirks is the site profile's
    `canonical_url`, applied by the page objects before an item gets here."""
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host
    if parts.port and not (
        (scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)
    ):
        netloc = f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = parts.query
    if "utm_" in query.lower():
        pairs = [
            (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not k.lower().startswith("utm_")
        ]
        query = urlencode(pairs)
    path = parts.path or ("/" if netloc else "")
    return urlunsplit((scheme, netloc, path, query, ""))


# Cached (the same links recur on every page); wrapped here, not decorated, so mutation testing reaches it.
normalize_url = lru_cache(maxsize=65536)(_normalize_url)


def clean_date(value: Any) -> tuple[str | None, bool]:
    """Return (ISO 8601 string or None, ok). A date stays a date; a date-time keeps its own offset. A
    date-time without an offset is not accepted: the offset would have to be invented."""
    if value is None:
        return None, True
    if isinstance(value, datetime):
        parsed: date = value
    elif isinstance(value, date):
        return value.isoformat(), True
    else:
        text = clean_text(value)
        if text is None:
            return None, True
        try:
            parsed = (
                datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
            )
        except ValueError:
            return None, False
    if isinstance(parsed, datetime):
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            return None, False
        return parsed.isoformat(), True
    return parsed.isoformat(), True


def body_hash(body: list[str]) -> str:
    return hashlib.sha256("\n".join(body).encode()).hexdigest()  # UTF-8, the default codec


@dataclass(frozen=True)
class CleanConfig:
    boilerplate: tuple[str, ...]  # the operator's phrases, on top of GENERIC_BOILERPLATE and the site's

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> CleanConfig:
        return cls(boilerplate=tuple(config.getlist(settings, "JPCRAWL_BOILERPLATE")))


class CleanPipeline:
    """Normalise text, dates, URLs, images; drop boilerplate paragraphs; compute word_count, content_hash."""

    def __init__(
        self, stats: StatsCollector | None = None, boilerplate: tuple[str, ...] = GENERIC_BOILERPLATE
    ):
        self.stats = stats
        self.boilerplate = Boilerplate(boilerplate)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        site = getattr(crawler.spidercls, "site", None)  # the spider's SiteProfile, if it has one
        site_phrases = tuple(getattr(site, "boilerplate", ()))
        extra = CleanConfig.from_settings(crawler.settings).boilerplate
        return cls(crawler.stats, GENERIC_BOILERPLATE + site_phrases + extra)

    def _warn(self, what: str, url: Any, value: Any) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"jpcrawl/clean/warning/{what}")
        logger.warning(
            "clean: %s for %s: %r", what, url, value if len(repr(value)) < 200 else repr(value)[:200]
        )

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        self.clean(adapter)
        return item

    def clean(self, adapter: ItemAdapter) -> None:
        get = adapter.get
        url = clean_text(get("url"))
        if url:
            url = normalize_url(url)
        adapter["url"] = url
        for name in STRING_FIELDS:
            if name in adapter:
                adapter[name] = clean_text(adapter[name])
        for name in LIST_TEXT_FIELDS:
            if name in adapter:
                adapter[name] = _dedupe_keep_order(
                    t for t in (clean_text(v) for v in (adapter[name] or ())) if t is not None
                )
        for name in DATE_FIELDS:
            if name in adapter:
                raw = adapter[name]
                value, ok = clean_date(raw)
                if not ok:
                    self._warn(f"bad_date/{name}", url, raw)
                adapter[name] = value
        if "body" in adapter:
            body = []
            matches = self.boilerplate.matches
            for para in adapter["body"] or ():
                text = clean_text(para)
                if text is None:
                    continue
                if matches(text):
                    if self.stats is not None:
                        self.stats.inc_value("jpcrawl/clean/boilerplate_removed")
                    continue
                body.append(text)
            adapter["body"] = body
            if "word_count" in adapter or isinstance(adapter.item, dict):
                adapter["word_count"] = sum(len(p.split()) for p in body)
            if "content_hash" in adapter or isinstance(adapter.item, dict):
                adapter["content_hash"] = body_hash(body) if body else None
        if "images" in adapter:
            adapter["images"] = self._images(adapter["images"] or ())
        if "alternate_urls" in adapter:
            alternates = (clean_text(v) for v in adapter["alternate_urls"] or ())
            canonical = (normalize_url(u) for u in alternates if u)
            adapter["alternate_urls"] = _dedupe_keep_order(u for u in canonical if u != url)
        if get("crawled_at") is None and ("crawled_at" in adapter or isinstance(adapter.item, dict)):
            adapter["crawled_at"] = datetime.now(timezone.utc).replace(microsecond=0).isoformat()

    @staticmethod
    def _images(images: Any) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for image in images:
            if isinstance(image, str):
                image = {"url": image}
            if not isinstance(image, dict):
                continue
            cleaned = {k: clean_text(v) for k, v in image.items()}
            url = cleaned.get("url")
            if not url:
                continue
            url = normalize_url(url)
            cleaned["url"] = url
            for key in ("caption", "credit"):
                cleaned.setdefault(key)  # None
            seen = out.get(url)
            if seen is None:
                out[url] = cleaned
            else:  # the same picture twice (lazy + noscript copies): keep the first, fill its gaps
                for k, v in cleaned.items():
                    if seen.get(k) is None and v is not None:
                        seen[k] = v
        return list(out.values())


def _dedupe_keep_order(values: Any) -> list[str]:
    return list(dict.fromkeys(values))
