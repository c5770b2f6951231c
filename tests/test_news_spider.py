"""The generic `news` spider (generic profile, no site knowledge) against the Jakarta Post replica and a
small static site without sitemaps."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import run_crawl

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures" / "generic"
NO_BROWSER = ["-s", 'JPCRAWL_RENDER={"listing": "auto", "article": "auto", "default": "auto"}']


def test_news_spider_finds_every_article_through_robots_and_sitemaps(replica_factory, tmp_path) -> None:
    server = replica_factory(articles=120)
    base = server.base_url
    result = run_crawl(tmp_path, base, spider="news")
    assert result.returncode == 0, result.log[-3000:]
    urls = [item["url"] for item in result.items]
    assert not [u for u, n in Counter(urls).items() if n > 1]
    assert set(urls) == set(server.site.article_urls(base))
    assert result.stats.get("jpcrawl/discovery/robots_sitemaps") == 1
    assert server.hits.get("listing", 0) == 0  # the sitemaps named in robots.txt were enough
    bodies = 0
    for item in result.items:
        truth = server.site.truth(item["url"], base)
        assert (item["title"], item["published_at"]) == (truth["title"], truth["published_at"])
        assert item["body"], item["url"]
        bodies += item["body"] == truth["body"]
    rate = bodies / len(result.items)
    print(f"news spider on the replica: {len(result.items)} articles, body paragraphs exact on {rate:.1%}")
    assert rate >= 0.95


@pytest.mark.browser
def test_news_spider_sections_render_script_listings(replica_factory, tmp_path) -> None:
    """-a sections: those listings only; their items are inserted by a script, which the generic profile
    detects (needs_render) so the render middleware escalates them to the browser."""
    server = replica_factory(articles=120, js_listings=True)
    base = server.base_url
    sections = ["world", "business"]
    result = run_crawl(tmp_path, base, "-a", "sections=" + ",".join(sections), *NO_BROWSER, spider="news")
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats.get("jpcrawl/render/escalated/js_listing", 0) >= len(sections)
    assert {item["url"] for item in result.items} == server.site.listed_urls(base, sections)
    for item in result.items:
        truth = server.site.truth(item["url"], base)
        assert item["title"] == truth["title"]
        assert item["published_at"] == truth["published_at"]


# --- a site without sitemaps: home page -> sections -> paginated listings -> articles -----------------------


def _page(title: str, main: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title} | Tiny Times</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/category/world/'>World</a> "
        "<a href='/category/world/asia/'>Asia</a> <a href='/about/'>About</a></nav></header>"
        f"<main>{main}</main><footer><a href='/2020/01/01/our-standards-and-ethics-policy/'>Standards</a>"
        "</footer></body></html>"
    )


def _article(n: int) -> tuple[str, dict]:
    title = f"Story number {n} - a headline with a dash"
    published = f"2024-03-0{n}T0{n}:00:00+08:00"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": published, "author": {"@type": "Person", "name": f"Writer {n}"},
          "articleSection": "World"}  # fmt: skip
    body = [f"Paragraph {k} of story {n}, with enough words in it to read as article text." for k in (1, 2)]
    main = (
        f"<article><h1>{title}</h1><div class='entry-content'><p>{body[0]}</p>"
        f"<div class='share-buttons'><a href='#'>Share</a></div><p>{body[1]}</p></div></article>"
    )
    page = _page(title, main).replace(
        "</head>", f"<script type='application/ld+json'>{json.dumps(ld)}</script></head>"
    )
    return page, {"title": title, "published_at": published, "body": body, "authors": [f"Writer {n}"]}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the test output is not an access log
        pass


ROBOTS = {
    "no_sitemap": "User-agent: *\nAllow: /\n",
    "missing_sitemap": "User-agent: *\nAllow: /\nSitemap: /missing-sitemap.xml\n",
}


@pytest.fixture(params=sorted(ROBOTS))
def tiny_site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict[str, dict]]]:
    root = tmp_path / "site"
    truth: dict[str, dict] = {}

    def write(path: str, text: str) -> None:
        target = (
            root / path.strip("/") / "index.html" if not path.endswith(".txt") else root / path.strip("/")
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    write("/robots.txt", ROBOTS[request.param])
    paths = {}
    for n in range(1, 6):
        path = f"/2024/03/0{n}/story-number-{n}-a-headline/"
        page, truth[path] = _article(n)
        write(path, page)
        paths[n] = path

    def card(n: int) -> str:
        return f"<article><h2><a href='{paths[n]}'>Story {n}</a></h2><p>Summary {n}.</p></article>"

    write("/", _page("Home", card(5)))
    write(
        "/category/world/",
        _page("World", card(4) + card(3) + "<a class='next' href='page/2/'>Older posts</a>"),
    )
    write("/category/world/page/2/", _page("World", card(2) + "<a href='/category/world/page/3/'>3</a>"))
    write("/category/world/page/3/", _page("World", card(1)))
    write("/category/world/asia/", _page("Asia", card(1)))
    write("/about/", _page("About", "<p>About us.</p>"))
    handler = partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", truth
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_news_spider_without_sitemaps_walks_home_sections_and_pagination(tiny_site, tmp_path) -> None:
    base, truth = tiny_site
    result = run_crawl(tmp_path, base, *NO_BROWSER, spider="news")
    assert result.returncode == 0, result.log[-3000:]
    got = {item["url"].removeprefix(base): item for item in result.items}
    assert set(got) == set(truth)  # 5 from the home page and three listing pages; never the footer's
    for path, want in truth.items():
        item = got[path]
        assert {k: item[k] for k in want} == want
        assert item["section"] == "world"  # no URL section: articleSection's slug
    assert result.stats.get("jpcrawl/discovery/sections") == 1  # /category/world/ (Asia is inside it)
    assert result.stats.get("jpcrawl/listing/pages") == 4  # home + world pages 1-3


def test_news_spider_needs_a_base_url(tmp_path) -> None:
    result = run_crawl(tmp_path, "", spider="news")
    assert result.returncode != 0
    assert "base_url" in result.log


@pytest.mark.browser
def test_news_spider_on_the_hostile_replica(replica_factory, tmp_path) -> None:
    """Interstitials for a bot identity, script listings, failing first answers: a short content-less page
    is an interstitial to the generic profile, so the interstitial middleware recovers it."""
    server = replica_factory(articles=60, hostile=True)
    base = server.base_url
    result = run_crawl(tmp_path, base, spider="news")
    assert result.returncode == 0, result.log[-3000:]
    assert {item["url"] for item in result.items} == set(server.site.article_urls(base))
    assert result.stats.get("jpcrawl/interstitial/seen", 0) >= 1
    for item in result.items:
        truth = server.site.truth(item["url"], base)
        assert (item["title"], item["published_at"], item["body"]) == (
            truth["title"],
            truth["published_at"],
            truth["body"],
        )


GENERIC_EXACT = (
    "url", "title", "subtitle", "dateline", "published_at", "modified_at", "section", "tags", "body",
    "images", "is_premium", "is_paywalled", "language",
)  # fmt: skip


def test_news_spider_on_the_independent_site(tmp_path) -> None:
    """tests/othersite was written from the contract alone, with its own markup: the generic readers must
    still get every field they can know exactly."""
    from tests.othersite import OtherSiteServer

    server = OtherSiteServer().start()
    try:
        truth = server.truth()
        result = run_crawl(tmp_path, server.origin, spider="news")
    finally:
        server.stop()
    assert result.returncode == 0, result.log[-3000:]
    items = {item["url"]: item for item in result.items}
    assert set(items) == set(truth)
    wrong = Counter(
        name for url, want in truth.items() for name in GENERIC_EXACT if items[url][name] != want[name]
    )
    assert not wrong
