"""Graceful drift: the site renames its article template's classes (JSON-LD and meta unchanged).

Every article is still emitted, the fields that JSON-LD and meta carry stay exact, the generic readers read
the body, and the run says so: jpcrawl/fallback/<field> stats, a `fallback` alert, exit status 1.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from jpcrawl.browser import BROWSER_USER_AGENT
from jpcrawl.pages.jakartapost import SITE

EXACT_ON_DRIFT = ("url", "title", "published_at", "modified_at", "authors", "tags", "section", "language")


def fetch(url: str) -> str:
    req = urllib.request.Request(url, headers={"User-Agent": BROWSER_USER_AGENT})
    with urllib.request.urlopen(req, timeout=10) as fh:
        return str(fh.read().decode("utf-8"))


def test_redesigned_pages_parse_through_the_generic_readers(replica_factory) -> None:
    server = replica_factory(articles=60, seed=11, redesign=True)
    base = server.base_url
    body_exact = 0
    paths = server.site.article_paths()
    for path in paths:
        page = SITE.read_article(base + path, fetch(base + path), base)
        truth = server.site.truth(path, base)
        assert page.article is not None, path
        got = page.article.extracted()
        assert {k: got[k] for k in EXACT_ON_DRIFT} == {k: truth[k] for k in EXACT_ON_DRIFT}, path
        assert "body" in page.fallbacks
        body_exact += got["body"] == truth["body"]
    assert body_exact >= 0.9 * len(paths), f"body exact on {body_exact} of {len(paths)}"


def test_the_sites_own_template_needs_no_fallback(replica_factory) -> None:
    server = replica_factory(articles=30, seed=11)
    base = server.base_url
    for path in server.site.article_paths():
        page = SITE.read_article(base + path, fetch(base + path), base)
        assert page.article is not None and page.fallbacks == (), path
        assert page.article.extracted() == server.site.truth(path, base)


@pytest.mark.slow
@pytest.mark.browser
def test_a_crawl_of_a_redesigned_site_emits_everything_and_alerts(
    replica_factory, crawl, tmp_path: Path
) -> None:
    server = replica_factory(articles=81, seed=4, redesign=True)
    sections = ["world", "business", "opinion"]
    result = crawl(server.base_url, "-a", "sections=" + ",".join(sections), timeout=120)
    assert result.returncode == 1, result.log[-3000:]
    expected = server.site.listed_urls(server.base_url, sections)
    assert {item["url"] for item in result.items} == expected
    exact = 0
    for item in result.items:
        truth = server.site.truth(item["url"], server.base_url)
        assert {k: item[k] for k in EXACT_ON_DRIFT} == {k: truth[k] for k in EXACT_ON_DRIFT}
        exact += item["body"] == truth["body"]
    assert exact >= 0.9 * len(expected)
    assert result.stats["jpcrawl/fallback/body"] == len(expected)
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert [a["kind"] for a in report["alerts"]] == ["fallback"]
    assert report["status"] == "failed" and report["fallbacks"]["body"] == len(expected)
