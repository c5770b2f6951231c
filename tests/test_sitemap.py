"""Sitemap index, Google News / web sitemaps and RSS: CDATA whitespace, namespaces, bad input."""

from __future__ import annotations

import pytest

from jpcrawl.items import SitemapEntry
from jpcrawl.pages.jakartapost import SITE
from jpcrawl.pages.sitemap import parse_news_sitemap, parse_rss, parse_sitemap_index

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://www.thejakartapost.com/business/news/sitemap.xml</loc></sitemap>
  <sitemap><loc><![CDATA[ https://www.thejakartapost.com/business/web/sitemap.xml ]]></loc>
    <lastmod>2026-05-20T10:00:00+07:00</lastmod></sitemap>
  <sitemap><loc>https://www.thejakartapost.com/business/news/sitemap.xml</loc></sitemap>
</sitemapindex>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc><![CDATA[
   https://www.thejakartapost.com/business/2026/05/20/in-window-one.html   ]]></loc>
 <news:news><news:publication><news:name><![CDATA[ The Jakarta Post ]]></news:name>
 <news:language><![CDATA[ en ]]></news:language></news:publication>
 <news:publication_date><![CDATA[ 2026-05-20T10:00:00+07:00 ]]></news:publication_date>
 <news:title><![CDATA[In window one]]></news:title></news:news></url>
<url><loc>http://newgelora.thejakartapost.com/business/2026/05/19/two.html-123</loc>
 <news:news><news:publication_date>2026-05-19</news:publication_date><news:title>Two &amp; more</news:title>
 </news:news></url>
<url><loc></loc></url>
</urlset>"""

WEB = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://www.thejakartapost.com/world/2026/05/18/three.html</loc><lastmod>2026-05-18T08:00:00Z</lastmod></url>
</urlset>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>The Jakarta Post</title>
<item><title><![CDATA[ Headline one ]]></title><link>https://www.thejakartapost.com/indonesia/2026/05/20/one.html</link>
<pubDate>Wed, 20 May 2026 10:00:00 +0700</pubDate><description>teaser</description></item>
<item><title>No date</title><link> https://www.thejakartapost.com/indonesia/2026/05/20/two.html </link></item>
</channel></rss>"""

ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Atom one</title>
<link rel="alternate" href="https://example.org/a/2026/05/20/one.html"/><updated>2026-05-20T03:00:00Z</updated></entry></feed>"""


def test_sitemap_index():
    assert parse_sitemap_index(INDEX) == [
        "https://www.thejakartapost.com/business/news/sitemap.xml",
        "https://www.thejakartapost.com/business/web/sitemap.xml",
    ]
    assert parse_sitemap_index(INDEX.encode()) == parse_sitemap_index(INDEX)


def test_news_sitemap_strips_cdata_whitespace():
    entries = parse_news_sitemap(NEWS)
    assert entries[0] == SitemapEntry(
        url="https://www.thejakartapost.com/business/2026/05/20/in-window-one.html",
        published_at="2026-05-20T10:00:00+07:00",
        title="In window one",
    )
    assert entries[1].published_at == "2026-05-19"  # date-only stays date-only
    assert entries[1].title == "Two & more"
    assert len(entries) == 2


def test_news_sitemap_canonicalize_hook():
    base = "http://127.0.0.1:8123"
    entries = parse_news_sitemap(NEWS, canonicalize=lambda u: SITE.canonical_url(u, base))
    assert [e.url for e in entries] == [
        f"{base}/business/2026/05/20/in-window-one.html",
        f"{base}/business/2026/05/19/two.html",
    ]


def test_web_sitemap_lastmod():
    assert parse_news_sitemap(WEB) == [
        SitemapEntry(
            url="https://www.thejakartapost.com/world/2026/05/18/three.html",
            published_at="2026-05-18T08:00:00+00:00",
            title=None,
        )
    ]


def test_rss_and_atom():
    items = parse_rss(RSS)
    assert items[0] == SitemapEntry(
        url="https://www.thejakartapost.com/indonesia/2026/05/20/one.html",
        published_at="2026-05-20T10:00:00+07:00",
        title="Headline one",
    )
    assert items[1].published_at is None and items[1].url.endswith("/two.html")
    assert parse_rss(ATOM) == [
        SitemapEntry(
            url="https://example.org/a/2026/05/20/one.html",
            published_at="2026-05-20T03:00:00+00:00",
            title="Atom one",
        )
    ]


@pytest.mark.parametrize(
    "bad",
    ["", None, b"", "not xml at all", "<html><body>oops</body></html>", "<urlset><url><loc>https://x/a",
     b"\x00\xff\xfe garbage", "<?xml version='1.0' encoding='UTF-8'?>", "<<<>>>", "<urlset>&bogus;</urlset>"],
)  # fmt: skip
def test_bad_xml_never_raises(bad):
    assert isinstance(parse_sitemap_index(bad), list)
    assert isinstance(parse_news_sitemap(bad), list)
    assert isinstance(parse_rss(bad), list)
    assert parse_sitemap_index("nonsense") == [] and parse_rss("") == []


def test_truncated_sitemap_recovers_complete_entries():
    truncated = NEWS[: NEWS.index("<url><loc>http://newgelora")] + "<url><loc>https://www.thejak"
    urls = [e.url for e in parse_news_sitemap(truncated)]
    assert urls[0] == "https://www.thejakartapost.com/business/2026/05/20/in-window-one.html"
