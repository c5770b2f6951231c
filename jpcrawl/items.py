"""The items jpcrawl emits. `Article` is the public feed contract: keep its field names stable.

Consumers read these keys from the JSONL feeds; `SCHEMA_VERSION` changes whenever a key or a type does,
and `jpcrawl/schema/article.schema.json` is the machine-readable form of the same contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

# Fields that extraction produces (and the replica's truth describes); the rest are crawl bookkeeping.
EXTRACTED_FIELDS = (
    "url",
    "title",
    "subtitle",
    "authors",
    "source",
    "dateline",
    "published_at",
    "modified_at",
    "section",
    "subsection",
    "tags",
    "body",
    "images",
    "is_premium",
    "is_paywalled",
    "is_advertorial",
    "language",
)


@dataclass
class Article:
    """One news article. Lists are never None; unknown scalars are None, never an empty string."""

    url: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    dateline: str | None = None
    published_at: str | None = None  # ISO 8601 with the page's own offset, e.g. +07:00
    modified_at: str | None = None
    section: str | None = None  # the URL's top segment: "business"
    subsection: str | None = None  # the breadcrumb's active entry: "Companies"
    tags: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # paragraphs
    images: list[dict[str, Any]] = field(default_factory=list)  # {"url", "caption", "credit"}
    is_premium: bool = False
    is_paywalled: bool = False  # the body is only the teaser
    is_advertorial: bool = False
    language: str | None = "en"
    word_count: int | None = None
    content_hash: str | None = None
    crawled_at: str | None = None
    rendered: bool = False  # fetched through the browser
    version: int = 1
    alternate_urls: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    def extracted(self) -> dict[str, Any]:
        """The fields extraction is responsible for, as plain data (what the replica's truth compares to)."""
        return {name: getattr(self, name) for name in EXTRACTED_FIELDS}


@dataclass
class ListingEntry:
    """One item of a section listing: enough to decide whether to fetch the article."""

    url: str
    title: str | None = None
    summary: str | None = None
    is_premium: bool = False
    published_at: str | None = None  # resolved from the relative time against an explicit `now`
    subsection: str | None = None
    image: str | None = None


@dataclass
class SitemapEntry:
    """One `<url>` of a news sitemap or one RSS `<item>`."""

    url: str
    published_at: str | None = None
    title: str | None = None
