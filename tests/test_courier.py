"""The second publisher: the Island Courier profile (a WordPress site) and the generic `news` spider on it.

The profile is selectors on top of the generic readers (jpcrawl/pages/courier.py); the truth comes from the
Courier replica (jpcrawl/replica/courier/), which was written independently of both.
"""

from __future__ import annotations

import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from jpcrawl.items import EXTRACTED_FIELDS
from jpcrawl.pages.courier import SITE
from jpcrawl.replica import CourierConfig, CourierServer

from .conftest import run_crawl

# What the generic readers cannot know about this site without its selectors.
GENERIC_BLIND = ("subtitle", "source", "subsection", "tags", "modified_at")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as fh:
        return str(fh.read().decode("utf-8"))


@pytest.fixture(scope="module")
def courier() -> Iterator[CourierServer]:
    with CourierServer(CourierConfig(articles=80, seed=7)) as server:
        yield server


def test_profile_and_spider_stay_small() -> None:
    root = Path(__file__).resolve().parents[1] / "jpcrawl"
    lines = sum(
        len(p.read_text().splitlines()) for p in (root / "pages/courier.py", root / "spiders/courier.py")
    )
    assert lines <= 150


def test_profile_reads_every_post_exactly_without_fallbacks(courier: CourierServer) -> None:
    base = courier.base_url
    urls = courier.courier.article_urls(base)
    assert len(urls) == 80
    for url in urls:
        page = SITE.read_article(url, fetch(url), base)
        assert page.article is not None, url
        assert page.fallbacks == (), url
        assert page.article.extracted() == courier.courier.truth(url, base), url


def test_a_theme_change_falls_back_to_the_generic_readers() -> None:
    """The theme renames the content block: the generic body reader takes over, and says so."""
    with CourierServer(CourierConfig(articles=20, seed=7, break_selector="entry-content")) as server:
        base = server.base_url
        for url in server.courier.article_urls(base):
            page = SITE.read_article(url, fetch(url), base)
            assert page.article is not None and page.fallbacks == ("body",), url
            assert page.article.body == server.courier.truth(url, base)["body"], url


def test_listing_urls_and_article_urls(courier: CourierServer) -> None:
    base = courier.base_url
    assert SITE.listing_url(base, "world") == f"{base}/category/world/"
    assert SITE.listing_url(base, "world", 3) == f"{base}/category/world/page/3/"
    listing = SITE.parse_listing(f"{base}/category/world/", fetch(f"{base}/category/world/"), base)
    assert listing.entries and all(SITE.is_article_url(e.url) for e in listing.entries)
    assert listing.next_url == f"{base}/category/world/page/2/"
    assert not SITE.is_article_url(f"{base}/category/world/") and not SITE.is_article_url(f"{base}/about/")


@pytest.mark.slow
@pytest.mark.browser
def test_scrapy_crawl_courier_emits_every_post_exactly(tmp_path: Path) -> None:
    with CourierServer(CourierConfig(articles=60, seed=9)) as server:
        base = server.base_url
        result = run_crawl(tmp_path, base, spider="courier", timeout=120)
        assert result.returncode == 0, result.log[-3000:]
        urls = [item["url"] for item in result.items]
        assert not [u for u, n in Counter(urls).items() if n > 1]
        assert set(urls) == set(server.courier.article_urls(base))
        for item in result.items:
            assert {k: item[k] for k in EXTRACTED_FIELDS} == server.courier.truth(item["url"], base)
        assert not any(k.startswith("jpcrawl/fallback/") for k in result.stats)


@pytest.mark.slow
def test_the_generic_news_spider_on_the_courier(tmp_path: Path) -> None:
    with CourierServer(CourierConfig(articles=60, seed=9)) as server:
        base = server.base_url
        result = run_crawl(tmp_path, base, spider="news", timeout=120)
        assert result.returncode == 0, result.log[-3000:]
        urls = [item["url"] for item in result.items]
        assert sorted(urls) == sorted(server.courier.article_urls(base))
        wrong: Counter[str] = Counter()
        for item in result.items:
            truth = server.courier.truth(item["url"], base)
            wrong.update(k for k in EXTRACTED_FIELDS if item[k] != truth[k])
        print(f"news spider on the Courier: {len(urls)} posts, fields not exact: {dict(wrong)}")
        assert set(wrong) <= set(GENERIC_BLIND), wrong
