"""`--spider NAME` of `scrapy demo`, `scrapy fixtures` and `scrapy benchmark`: each runs the named spider
against the replica of its own site (jpcrawl.replica.replica_for), not the Jakarta Post's."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from jpcrawl.bench.report import server_capacity
from jpcrawl.bench.run import Replica
from jpcrawl.browser import BROWSER_USER_AGENT
from jpcrawl.commands.spiderarg import spider_class, spider_site
from jpcrawl.pages.courier import SITE as COURIER
from jpcrawl.replica import CourierConfig, CourierServer, ReplicaServer, replica_for
from tests.uxutil import scrapy


def _get(url: str) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_USER_AGENT})
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def test_each_spider_maps_to_its_sites_replica() -> None:
    assert spider_site("courier") == "courier"
    assert isinstance(replica_for(spider_site("courier"), articles=5), CourierServer)
    for name in ("jakartapost", "jakartapost_sitemap", "news"):
        server = replica_for(spider_site(name), articles=5)
        assert type(server) is ReplicaServer, name  # the generic spider too: it has no replica of its own


def test_an_unknown_spider_is_a_usage_error(tmp_path: Path) -> None:
    proc = scrapy(tmp_path, "demo", "--spider", "nosuch", "--articles", "5", timeout=120)
    assert proc.returncode != 0
    assert "no spider named 'nosuch'" in proc.stderr + proc.stdout
    assert not (tmp_path / "feeds").exists()  # nothing was started or written


@pytest.mark.slow
def test_demo_with_spider_courier_crawls_the_courier_replica(tmp_path: Path) -> None:
    proc = scrapy(tmp_path, "demo", "--spider", "courier", "--articles", "30", timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    feed = Path(next(line for line in proc.stdout.splitlines() if line.startswith("feed: "))[6:])
    assert feed.name.startswith("courier-") and feed.is_file()
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 20  # 30 posts on the replica; every one listed in some category
    assert all(COURIER.is_article_url(item["url"]) for item in items)  # /YYYY/MM/DD/slug/: the Courier's
    assert len({item["url"] for item in items}) == len(items)


def test_fixtures_with_spider_courier_records_with_the_courier_profile(tmp_path: Path) -> None:
    out = tmp_path / "fx"
    with CourierServer(CourierConfig(articles=80)) as server:
        base = server.base_url
        assert base is not None
        proc = scrapy(tmp_path, "fixtures", "--spider", "courier", "--base-url", base, "--limit", "2",
                      "--out", str(out), timeout=120)  # fmt: skip
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        cases = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}
        listing = next(v for k, v in cases.items() if k.startswith("recorded_listing"))
        # The Courier's own listing URL (/category/<c>/), its second section by default.
        assert listing["url"] == COURIER.listing_url(base, COURIER.sections[1])
        assert listing["kind"] == "listing" and len(listing["entries"]) >= 2
        articles = [v for k, v in cases.items() if not k.startswith("recorded_listing")]
        assert len(articles) == 2
        for case in articles:
            assert case["recorded"] is True and case["kind"] == "article"
            truth = server.courier.truth(case["fetch_url"], base)
            assert {k: case[k] for k in ("title", "authors", "source", "published_at", "body")} == {
                k: truth[k] for k in ("title", "authors", "source", "published_at", "body")
            }


def test_benchmark_replica_and_capacity_follow_the_spider(tmp_path: Path) -> None:
    with Replica(20, site=spider_site("courier")) as replica:
        home = _get(replica.base_url + "/")
        assert "The Island Courier" in home  # the Courier's replica process, not the Jakarta Post's
        capacity = server_capacity(replica.base_url, 20, replica, tmp_path, requests=40, duration=2.0,
                                   spider="courier")  # fmt: skip
    assert "error" not in capacity, capacity
    urls = (tmp_path / "capacity-urls.txt").read_text().split()
    assert any("/category/" in u for u in urls)  # listings by the Courier profile's URL rule
    assert sum(COURIER.is_article_url(u) for u in urls) >= 20


def test_spider_class_resolves_project_spiders() -> None:
    assert spider_class("courier").name == "courier"
