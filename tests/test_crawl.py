"""End to end: the real spider, the real Playwright handler, the replica site."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from jpcrawl.items import EXTRACTED_FIELDS

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_scrapy_list_shows_the_spiders() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert set(out) == {"jakartapost", "jakartapost_sitemap", "courier", "news"}


def test_crawl_of_two_sections_emits_every_listed_article_once(replica_factory, crawl) -> None:
    server = replica_factory(articles=120)
    sections = ["world", "business"]
    result = crawl(server.base_url, "-a", "sections=" + ",".join(sections))
    assert result.returncode == 0, result.log[-3000:]

    urls = [item["url"] for item in result.items]
    duplicates = [url for url, n in Counter(urls).items() if n > 1]
    assert not duplicates
    expected = server.site.listed_urls(server.base_url, sections)
    assert expected, "the replica lists articles in these sections"
    assert set(urls) == expected

    # Listings went through the browser, articles over plain HTTP.
    assert result.stats.get("jpcrawl/render/browser/listing", 0) >= len(sections)
    assert result.stats.get("jpcrawl/render/http/article", 0) == len(expected)
    assert all(item["rendered"] is False for item in result.items)

    mismatches = {}
    for item in result.items:
        truth = server.site.truth(item["url"], server.base_url)
        got = {name: item[name] for name in EXTRACTED_FIELDS}
        diff = {k: (got[k], truth[k]) for k in EXTRACTED_FIELDS if got[k] != truth[k]}
        if diff:
            mismatches[item["url"]] = diff
    assert not mismatches, list(mismatches.items())[:3]


def test_max_pages_bounds_pagination(replica_factory, crawl) -> None:
    server = replica_factory(articles=300)
    result = crawl(server.base_url, "-a", "sections=indonesia", "-a", "max_pages=1")
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats.get("jpcrawl/listing/pages") == 1
    assert 0 < len(result.items) <= 28
