"""The sitemap spider against the replica: news sitemaps for light runs, web sitemaps for a backfill."""

from __future__ import annotations

from collections import Counter

import pytest

from jpcrawl.items import EXTRACTED_FIELDS

pytestmark = pytest.mark.slow


def test_news_sitemaps_give_the_last_two_days_once_each(replica_factory, crawl) -> None:
    server = replica_factory(articles=400)
    base = server.base_url
    result = crawl(base, spider="jakartapost_sitemap")
    assert result.returncode == 0, result.log[-3000:]
    urls = [item["url"] for item in result.items]
    assert not [u for u, n in Counter(urls).items() if n > 1]
    expected = {spec.url(base) for spec in server.site.recent(48 * 3600)}
    assert expected, "the replica has articles in the last 48 hours"
    assert set(urls) == expected
    # Only the sitemap index, the news children and the articles were fetched: no listing page.
    assert server.hits.get("listing", 0) == 0
    for item in result.items:
        truth = server.site.truth(item["url"], base)
        assert {k: item[k] for k in EXTRACTED_FIELDS} == truth


def test_web_sitemaps_and_since_bound_a_backfill(replica_factory, crawl) -> None:
    server = replica_factory(articles=150)
    base = server.base_url
    since = "2026-11-01"
    result = crawl(base, "-a", "kinds=news,web", "-a", f"since={since}", "-a", "sections=world,business",
                   spider="jakartapost_sitemap")  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    urls = [item["url"] for item in result.items]
    assert len(urls) == len(set(urls))
    # Every article of those sections' sitemaps published since the date (advertorials sit in business's).
    expected = {
        spec.url(base)
        for spec in server.site.articles
        if spec.listing_section in ("world", "business") and spec.published.isoformat()[:10] >= since
    }
    assert expected
    assert set(urls) == expected
    assert result.stats.get("jpcrawl/sitemap/duplicate_entries", 0) > 0  # news and web children overlap
