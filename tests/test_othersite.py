"""The parser and the spider against a second, independent site that honours docs/site-contract.md.

tests/othersite/ was written from the contract alone, with its own markup choices, so a parser tuned to the
replica's particular markup fails here. Every field of every article must match the site's truth; the
per-field accuracy is printed (run with -s to see it).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jpcrawl.items import EXTRACTED_FIELDS
from tests.conftest import CRAWL_TIMEOUT, run_or_fail
from tests.othersite import OtherSiteServer

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("world", "business", "indonesia")


@pytest.fixture(scope="module")
def othersite() -> Iterator[OtherSiteServer]:
    server = OtherSiteServer().start()
    yield server
    server.stop()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.read().decode("utf-8")


def compare(items: dict[str, dict[str, Any]], truth: dict[str, dict[str, Any]], label: str) -> list[str]:
    """Print per-field accuracy; return one line per disagreement."""
    right: Counter[str] = Counter()
    problems = []
    for url, expected in truth.items():
        got = items.get(url)
        for name in EXTRACTED_FIELDS:
            if got is not None and got.get(name) == expected[name]:
                right[name] += 1
            else:
                have = "<no item>" if got is None else repr(got.get(name))
                problems.append(f"{url} {name}: expected {expected[name]!r}, got {have}")
    total = len(truth)
    print(f"\n[{label}] per-field accuracy over {total} articles:")
    for name in EXTRACTED_FIELDS:
        print(f"  {name:15s} {right[name]:3d}/{total}  {100.0 * right[name] / total:6.2f}%")
    return problems


def test_site_shape(othersite: OtherSiteServer) -> None:
    """The server honours the parts of docs/site-contract.md the crawl relies on."""
    origin = othersite.origin
    truth = othersite.truth()
    assert len(truth) >= 80
    assert {t["section"] for t in truth.values()} == {"world", "business", "indonesia", "adv"}
    assert "Allow: /" in fetch(origin + "/robots.txt")
    assert "<sitemapindex" in fetch(origin + "/sitemap.xml")
    news = fetch(origin + "/business/news/sitemap.xml")
    assert "<loc><![CDATA[ http" in news and "<news:publication_date><![CDATA[ 2025-" in news
    listed = 0
    for section in SECTIONS:
        page = 1
        while True:
            html = fetch(f"{origin}/{section}" + (f"?page={page}" if page > 1 else ""))
            n = html.count('<div class="listNews')
            assert n <= 10
            if n == 0:
                break
            listed += n
            page += 1
        assert page > 3  # pagination matters
    assert listed == len(truth)
    assert fetch(origin + "/indonesia/politics").count('<div class="listNews') > 0


def test_parser_matches_truth(othersite: OtherSiteServer) -> None:
    from jpcrawl.pages.jakartapost import SITE

    truth = othersite.truth()
    items: dict[str, dict[str, Any]] = {}
    for url in truth:
        article = SITE.parse_article(url, fetch(url), othersite.origin)
        if article is not None:
            items[url] = article.extracted()
    problems = compare(items, truth, "parser")
    assert not problems, f"{len(problems)} field disagreements:\n" + "\n".join(problems)


def crawl(tmp_path: Path, origin: str, render: dict[str, str], name: str) -> list[dict[str, Any]]:
    feed = tmp_path / f"{name}.jsonl"
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "jakartapost",
        "-a", f"base_url={origin}",
        "-a", f"sections={','.join(SECTIONS)}",
        "-O", str(feed),
        "-s", "JPCRAWL_STATE_URI=memory:",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"JPCRAWL_RENDER={json.dumps(render)}",
    ]  # fmt: skip
    proc = run_or_fail(cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, timeout=CRAWL_TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert feed.exists(), proc.stderr[-4000:]
    return [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_crawl(rows: list[dict[str, Any]], othersite: OtherSiteServer, label: str) -> None:
    truth = othersite.truth()
    counts = Counter(row.get("url") for row in rows)
    dupes = {u: n for u, n in counts.items() if n > 1}
    extra = sorted(set(counts) - set(truth))
    items = {row["url"]: row for row in rows}
    problems = compare(items, truth, label)
    assert not dupes, f"emitted more than once: {dupes}"
    assert not extra, f"emitted, but not articles of the site: {extra}"
    assert not problems, f"{len(problems)} field disagreements:\n" + "\n".join(problems)


@pytest.mark.slow
def test_crawl_matches_truth(othersite: OtherSiteServer, tmp_path: Path) -> None:
    rows = crawl(tmp_path, othersite.origin, {"listing": "never", "article": "auto"}, "plain")
    check_crawl(rows, othersite, "crawl, listings plain")


@pytest.mark.slow
@pytest.mark.browser
def test_crawl_rendered_listings_matches_truth(othersite: OtherSiteServer, tmp_path: Path) -> None:
    rows = crawl(tmp_path, othersite.origin, {"listing": "always", "article": "auto"}, "rendered")
    check_crawl(rows, othersite, "crawl, listings rendered")


@pytest.mark.slow
def test_crawl_through_interstitial_matches_truth(tmp_path: Path) -> None:
    """A front end that answers the crawler's honest User-Agent with the block-only page (the contract)."""
    server = OtherSiteServer(interstitial=True).start()
    try:
        assert "Please Update your browser" in fetch(server.origin + "/world")  # urllib is no browser
        rows = crawl(tmp_path, server.origin, {"listing": "never", "article": "auto"}, "interstitial")
        check_crawl(rows, server, "crawl, behind the interstitial")
    finally:
        server.stop()
