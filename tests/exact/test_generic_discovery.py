"""Exact values for the generic discovery readers (jpcrawl/pages/generic/discovery.py) and the package's
one-shot `generic_fields` (jpcrawl/pages/generic/__init__.py)."""

from __future__ import annotations

import pytest

from jpcrawl.pages.generic import generic_fields
from jpcrawl.pages.generic.discovery import (
    MAX_LINKS,
    SitemapChild,
    _heading_text,
    _in_chrome,
    _inside_content,
    _join,
    _link_title,
    _same_listing,
    _same_site,
    classify_sitemap,
    document_kind,
    feed_entries,
    feed_links,
    is_article_page,
    listing_entries,
    looks_like_article_url,
    next_page_url,
    non_article_path,
    page_number,
    robots_sitemaps,
    section_links,
    sitemap_children,
    urlset_entries,
    with_page,
)
from jpcrawl.pages.generic.jsonld import LdGraph
from tests.exact import parsed as _sel

SITE = "https://news.example.com/"
BAD = "http://[x"  # urllib raises ValueError on it


def _body(inner: str):
    return _sel(f"<html><head><title>t</title></head><body>{inner}</body></html>")


def _first(sel, tag: str):
    return next(sel.root.iter(tag))


def _by_id(sel, ident: str):
    return sel.root.xpath(f"//*[@id='{ident}']")[0]


# --- robots.txt ---------------------------------------------------------------------------------------------


def test_robots_sitemaps_reads_sitemap_lines_in_order():
    text = (
        "User-agent: *\nDisallow: /search\n"
        "Sitemap: https://news.example.com/news-sitemap.xml\n"
        "sitemap:http://news.example.com/post-sitemap.xml\n"
    )
    assert robots_sitemaps(text) == [
        "https://news.example.com/news-sitemap.xml",
        "http://news.example.com/post-sitemap.xml",
    ]


def test_robots_sitemaps_key_is_case_and_space_insensitive():
    assert robots_sitemaps("  SiteMap  :  https://news.example.com/a.xml  ") == [
        "https://news.example.com/a.xml"
    ]


def test_robots_sitemaps_drops_trailing_comment():
    assert robots_sitemaps("Sitemap: https://news.example.com/a.xml # the main one") == [
        "https://news.example.com/a.xml"
    ]


def test_robots_sitemaps_resolves_relative_against_base():
    assert robots_sitemaps("Sitemap: /sitemap_index.xml", SITE) == [
        "https://news.example.com/sitemap_index.xml"
    ]


def test_robots_sitemaps_relative_without_base_is_dropped():
    assert robots_sitemaps("Sitemap: /sitemap_index.xml") == []


def test_robots_sitemaps_dedupes():
    text = "Sitemap: https://news.example.com/a.xml\nSitemap: https://news.example.com/a.xml\n"
    assert robots_sitemaps(text) == ["https://news.example.com/a.xml"]


def test_robots_sitemaps_skips_empty_and_unparseable_values():
    text = f"Sitemap:\nSitemap:   \nSitemap: {BAD}\nSitemap: https://news.example.com/ok.xml\n"
    assert robots_sitemaps(text, SITE) == ["https://news.example.com/ok.xml"]


def test_robots_sitemaps_ignores_other_keys_and_non_http_schemes():
    text = (
        "Host: https://news.example.com/a.xml\nSitemap: ftp://news.example.com/b.xml\nSitemaps: https://x/c"
    )
    assert robots_sitemaps(text) == []


def test_robots_sitemaps_decodes_bytes_with_bad_bytes_replaced():
    data = b"# caf\xe9\nSitemap: https://news.example.com/a.xml\n"
    assert robots_sitemaps(data) == ["https://news.example.com/a.xml"]


def test_robots_sitemaps_decodes_utf8_bytes():
    data = "Sitemap: https://news.example.com/berita-\u00e9.xml".encode()
    assert robots_sitemaps(data) == ["https://news.example.com/berita-\u00e9.xml"]


@pytest.mark.parametrize("empty", [None, "", b""])
def test_robots_sitemaps_of_nothing(empty):
    assert robots_sitemaps(empty) == []


def test_robots_sitemaps_reads_only_the_first_10000_lines():
    filler = "Disallow: /x\n" * 9_999
    inside = filler + "Sitemap: https://news.example.com/in.xml\n"
    outside = filler + "Disallow: /y\nSitemap: https://news.example.com/out.xml\n"
    assert robots_sitemaps(inside) == ["https://news.example.com/in.xml"]
    assert robots_sitemaps(outside) == []


# --- sitemaps -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://news.example.com/news-sitemap.xml", "preferred"),
        ("https://news.example.com/post-sitemap2.xml", "preferred"),
        ("https://news.example.com/sitemap-posts.xml.gz", "preferred"),
        ("https://news.example.com/sitemaps/article/2024.xml", "preferred"),
        ("https://news.example.com/sitemap_articles.xml", "preferred"),
        ("https://news.example.com/googlenews.xml", "preferred"),
        ("https://news.example.com/story-sitemap.xml", "preferred"),
        ("https://news.example.com/POST-SITEMAP.XML", "preferred"),
        ("https://news.example.com/page-sitemap.xml", "skip"),
        ("https://news.example.com/category-sitemap.xml", "skip"),
        ("https://news.example.com/post_tag-sitemap.xml", "skip"),
        ("https://news.example.com/author-sitemap.xml", "skip"),
        ("https://news.example.com/sitemap-images.xml", "skip"),
        ("https://news.example.com/video-sitemap.xml", "skip"),
        ("https://news.example.com/web-stories.xml", "skip"),
        ("https://news.example.com/sitemap.xml", "other"),
        ("https://news.example.com/sitemap-2024-05.xml", "other"),
        ("https://news.example.com/postal.xml", "other"),
        (BAD + "/news.xml", "skip"),
    ],
)
def test_classify_sitemap(url, kind):
    assert classify_sitemap(url) == kind


def test_classify_sitemap_reads_the_path_not_the_host():
    assert classify_sitemap("https://news.example.com/sitemap.xml") == "other"
    assert classify_sitemap("https://tag.example.com/sitemap.xml?type=page") == "other"


@pytest.mark.parametrize(
    ("xml", "kind"),
    [
        (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap/></sitemapindex>',
            "index",
        ),
        ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>', "urlset"),
        ("<sitemapindex/>", "index"),
        ("<URLSET/>", "urlset"),
        ('<rss version="2.0"><channel/></rss>', "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"/>', "feed"),
        ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "feed"),
        ("<html><body/></html>", ""),
        ("not xml at all", ""),
        ("", ""),
        (None, ""),
        (b'<?xml version="1.0"?>\n<urlset/>', "urlset"),
    ],
)
def test_document_kind(xml, kind):
    assert document_kind(xml) == kind


def test_sitemap_children_puts_preferred_first_and_leaves_skipped_out():
    xml = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://news.example.com/sitemap-2024.xml</loc></sitemap>"
        "<sitemap><loc>https://news.example.com/tag-sitemap.xml</loc></sitemap>"
        "<sitemap><loc>https://news.example.com/post-sitemap.xml</loc></sitemap>"
        "<sitemap><loc>https://news.example.com/sitemap-2023.xml</loc></sitemap>"
        "<sitemap><loc>https://news.example.com/news-sitemap.xml</loc></sitemap>"
        "</sitemapindex>"
    )
    assert sitemap_children(xml) == [
        SitemapChild("https://news.example.com/post-sitemap.xml", "preferred"),
        SitemapChild("https://news.example.com/news-sitemap.xml", "preferred"),
        SitemapChild("https://news.example.com/sitemap-2024.xml", "other"),
        SitemapChild("https://news.example.com/sitemap-2023.xml", "other"),
    ]


def test_sitemap_children_of_nothing():
    assert sitemap_children(None) == []


def test_urlset_entries_reads_loc_and_lastmod():
    xml = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        "<loc>https://news.example.com/2024/05/01/a-b-c-d</loc><lastmod>2024-05-01T10:00:00+07:00</lastmod>"
        "</url></urlset>"
    )
    entries = urlset_entries(xml)
    assert [e.url for e in entries] == ["https://news.example.com/2024/05/01/a-b-c-d"]
    assert entries[0].published_at == "2024-05-01T10:00:00+07:00"


def test_feed_entries_reads_rss_items():
    xml = (
        '<rss version="2.0"><channel><item><title>Rain in Jakarta</title>'
        "<link>https://news.example.com/2024/05/01/rain-in-jakarta</link></item></channel></rss>"
    )
    entries = feed_entries(xml)
    assert [e.url for e in entries] == ["https://news.example.com/2024/05/01/rain-in-jakarta"]
    assert entries[0].title == "Rain in Jakarta"


def test_feed_links_finds_rss_and_atom_alternates():
    sel = _sel(
        "<html><head>"
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="Alternate" type="Application/Atom+XML" href="https://news.example.com/atom.xml">'
        '<link rel="alternate" hreflang="id" href="/id/">'
        '<link rel="alternate" type="application/json+oembed" href="/oembed">'
        '<link rel="stylesheet" type="text/css+rss" href="/style.css">'
        '<link rel="alternate" type="application/rss+xml">'
        '<link rel="alternate" type="application/rss+xml" href="">'
        f'<link rel="alternate" type="application/rss+xml" href="{BAD}">'
        '<link rel="alternate" type="application/rss+xml" href="/comments/feed/">'
        '<a rel="alternate" type="application/rss+xml" href="/a-feed/">feed</a>'
        "</head><body></body></html>"
    )
    assert feed_links(sel, "https://news.example.com/world/") == [
        "https://news.example.com/feed/",
        "https://news.example.com/atom.xml",
        "https://news.example.com/comments/feed/",
    ]


# --- URLs ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "base", "same"),
    [
        ("https://news.example.com/a", "https://news.example.com/", True),
        ("http://NEWS.example.com/a", "https://news.example.com", True),
        ("https://www.news.example.com/a", "https://news.example.com/", True),
        ("https://news.example.com/a", "https://www.news.example.com/", True),
        ("https://other.example.com/a", "https://news.example.com/", False),
        ("https://www.other.example.com/a", "https://news.example.com/", False),
        ("/relative/path", "https://news.example.com/", False),
        ("/relative/path", "/other/path", False),
        (BAD, "https://news.example.com/", False),
        ("https://news.example.com/a", BAD, False),
        ("https://news.example.com/a", "/relative/path", False),
    ],
)
def test_same_site(url, base, same):
    assert _same_site(url, base) is same


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/",
        "https://news.example.com",
        "https://news.example.com//",
        "ftp://news.example.com/2024/05/01/a-b-c-d",
        "mailto:desk@news.example.com",
        "https://news.example.com/2024/05/01/photo.JPG",
        "https://news.example.com/2024/05/01/a-b-c-d.pdf",
        "https://news.example.com/tag/jakarta-flood-news-today",
        "https://news.example.com/world/Category/asia-pacific-region-news",
        "https://news.example.com/Author/jane-doe-senior-writer",
        "https://news.example.com/world/page/2/",
        BAD,
    ],
)
def test_non_article_path_true(url):
    assert non_article_path(url) is True


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/world/2024/05/01/rain-floods-jakarta-again",
        "http://news.example.com/a",
        "https://news.example.com/2024/05/01/a-b-c-d.html",
        "https://news.example.com/tagged/a-b-c-d",
        "https://news.example.com/pages-of-history/a-b-c-d",
        "https://news.example.com/XX",
    ],
)
def test_non_article_path_false(url):
    assert non_article_path(url) is False


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/world/2024/05/rain",
        "https://news.example.com/world/2024/5/rain",
        "https://news.example.com/world/2024/12",
        "https://news.example.com/world/1999/10/rain",
        "https://news.example.com/world/20240501/rain",
        "https://news.example.com/world/2024-05-01-rain",
        "https://news.example.com/world/2024-05-01",
        "https://news.example.com/read/12345/rain",
        "https://news.example.com/world/rain-12345",
        "https://news.example.com/world/rain-123456.html",
        "https://news.example.com/98765",
        "https://news.example.com/world/japan-wont-join-nato",
        "https://news.example.com/world/japan-wont-join-nato/",
        "https://news.example.com/world/japan_wont+join--nato",
        "https://www.news.example.com/world/japan-wont-join-nato",
    ],
)
def test_looks_like_article_url_true(url):
    assert looks_like_article_url(url, SITE) is True


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/world/2024/13/rain",
        "https://news.example.com/world/2024/00/rain",
        "https://news.example.com/world/2024/123/rain",
        "https://news.example.com/world/1899/05/rain",
        "https://news.example.com/world/rain-1234",
        "https://news.example.com/world/rain-123456x",
        "https://news.example.com/world/japan-wont-join",
        "https://news.example.com/world/-wont-join-nato",
        "https://news.example.com/world/japan-wont-join.html",
        "https://news.example.com/world/japan-wont-join-nato/XX",
        "https://news.example.com/tag/japan-wont-join-nato",
        "https://news.example.com/",
        "https://other.example.com/world/japan-wont-join-nato",
        BAD,
    ],
)
def test_looks_like_article_url_false(url):
    assert looks_like_article_url(url, SITE) is False


def test_looks_like_article_url_without_base_accepts_any_host():
    assert looks_like_article_url("https://other.example.com/world/japan-wont-join-nato") is True
    assert looks_like_article_url("https://other.example.com/world/japan-wont-join-nato", "") is True


@pytest.mark.parametrize(
    ("url", "n"),
    [
        ("https://news.example.com/world/", 1),
        ("https://news.example.com/world/page/7/", 7),
        ("https://news.example.com/world/page/7", 7),
        ("https://news.example.com/world/page/0/", 1),
        ("https://news.example.com/world/page/1/", 1),
        ("https://news.example.com/world/page/12345678/", 123456),
        ("https://news.example.com/world/page/7/x", 1),
        ("https://news.example.com/world?page=3", 3),
        ("https://news.example.com/world?paged=4", 4),
        ("https://news.example.com/world?p=5", 5),
        ("https://news.example.com/world?pg=6", 6),
        ("https://news.example.com/world?page=0", 1),
        ("https://news.example.com/world?page=12345678", 123456),
        ("https://news.example.com/world?page=abc&page=8", 8),
        ("https://news.example.com/world?pages=9", 1),
        ("https://news.example.com/world?page=-2", 1),
        (BAD, 1),
    ],
)
def test_page_number(url, n):
    assert page_number(url) == n


def test_join():
    assert _join("https://news.example.com/world/", " a-b ") == "https://news.example.com/world/a-b"
    assert _join("https://news.example.com/world/", "") is None
    assert _join("https://news.example.com/world/", None) is None
    assert _join("https://news.example.com/world/", BAD) is None


@pytest.mark.parametrize(
    ("url", "page", "out"),
    [
        ("https://news.example.com/world/", 2, "https://news.example.com/world/page/2/"),
        ("https://news.example.com/world/page/3/", 4, "https://news.example.com/world/page/4/"),
        ("https://news.example.com/world/page/3", 4, "https://news.example.com/world/page/4/"),
        ("https://news.example.com/world/page/3/", 1, "https://news.example.com/world/"),
        ("https://news.example.com/world/", 1, "https://news.example.com/world/"),
        ("https://news.example.com/world/", 0, "https://news.example.com/world/"),
        ("https://news.example.com/world/#top", 2, "https://news.example.com/world/page/2/"),
        ("https://news.example.com/world", 2, "https://news.example.com/world?page=2"),
        ("https://news.example.com/world", 1, "https://news.example.com/world"),
        ("https://news.example.com/world/?x=1", 2, "https://news.example.com/world/?x=1&page=2"),
        ("https://news.example.com/world?page=3&x=1", 5, "https://news.example.com/world?x=1&page=5"),
        ("https://news.example.com/world?page=3&x=1", 1, "https://news.example.com/world?x=1"),
        ("https://news.example.com/world?a=&page=2", 3, "https://news.example.com/world?a=&page=3"),
        ("https://news.example.com/world?x=1#top", 2, "https://news.example.com/world?x=1&page=2"),
        ("https://news.example.com/TAX/", 2, "https://news.example.com/TAX/page/2/"),
        (BAD, 2, BAD),
    ],
)
def test_with_page(url, page, out):
    assert with_page(url, page) == out


# --- pages --------------------------------------------------------------------------------------------------

ARTICLE_LD = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rain"}</script>'


def test_is_article_page_by_json_ld():
    assert is_article_page(_sel(f"<html><head>{ARTICLE_LD}</head><body></body></html>")) is True


def test_is_article_page_by_og_type():
    sel = _sel('<html><head><meta property="og:type" content="article"></head><body></body></html>')
    assert is_article_page(sel) is True


def test_is_article_page_false_for_website_or_nothing():
    sel = _sel('<html><head><meta property="og:type" content="website"></head><body></body></html>')
    assert is_article_page(sel) is False
    assert is_article_page(_sel("<html><head></head><body><p>x</p></body></html>")) is False


def test_is_article_page_uses_the_given_graph():
    article = _sel(f"<html><head>{ARTICLE_LD}</head><body></body></html>")
    plain = _sel("<html><head></head><body><p>x</p></body></html>")
    assert is_article_page(plain, LdGraph.of(article)) is True
    assert is_article_page(article, LdGraph.of(plain)) is False


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<h2> Most  popular </h2>", "Most popular"),
        ("<h2>Most <b>read</b></h2>", "Most read"),
        ("<h6>Read next</h6>", "Read next"),
        ('<div class="widget-title">Trending</div>', "Trending"),
        ('<div class="box Title">Trending</div>', "Trending"),
        ('<div class="title">Trending</div>', "Trending"),
        ('<span class="section_heading">Editor\'s picks</span>', "Editor's picks"),
        ('<div class="block-header">Related</div>', "Related"),
        ('<div class="subtitle">Trending</div>', None),
        ('<div class="headline">Trending</div>', None),
        ("<div>Trending</div>", None),
        ("<h2>   </h2>", None),
        ("<h2>" + "x" * 60 + "</h2>", "x" * 60),
        ("<h2>" + "x" * 61 + "</h2>", None),
    ],
)
def test_heading_text(html, text):
    sel = _body(f'<div id="box">{html}</div>')
    assert _heading_text(_by_id(sel, "box")[0]) == text


def test_heading_text_of_a_comment_is_none():
    sel = _body('<div id="box"><!-- Most popular --></div>')
    assert _heading_text(_by_id(sel, "box")[0]) is None


def test_inside_content():
    sel = _body(
        '<article><header id="a"></header></article><main><div><footer id="m"></footer></div></main>'
        '<header id="top"></header>'
    )
    assert _inside_content(_by_id(sel, "a")) is True
    assert _inside_content(_by_id(sel, "m")) is True
    assert _inside_content(_by_id(sel, "top")) is False


def _chrome(inner: str, ident: str = "x") -> bool:
    sel = _body(inner)
    return _in_chrome(_by_id(sel, ident), {})


@pytest.mark.parametrize("tag", ["nav", "header", "footer", "aside", "form"])
def test_in_chrome_page_blocks(tag):
    assert _chrome(f'<{tag}><ul><li><a id="x" href="/a">A</a></li></ul></{tag}>') is True


@pytest.mark.parametrize("tag", ["header", "footer"])
def test_in_chrome_article_own_header_and_footer_are_not_chrome(tag):
    assert _chrome(f'<article><{tag}><a id="x" href="/a">A</a></{tag}></article>') is False
    assert _chrome(f'<main><div><{tag}><a id="x" href="/a">A</a></{tag}></div></main>') is False


def test_in_chrome_nav_inside_article_is_chrome():
    assert _chrome('<article><nav><a id="x" href="/a">A</a></nav></article>') is True


def test_in_chrome_junk_classed_block():
    assert _chrome('<div class="related-posts"><a id="x" href="/a">A</a></div>') is True
    assert _chrome('<div class="post-list"><a id="x" href="/a">A</a></div>') is False


def test_in_chrome_plain_content_is_not_chrome():
    assert _chrome('<main><div class="cards"><a id="x" href="/a">A</a></div></main>') is False
    assert _chrome('<a id="x" href="/a">A</a>') is False


@pytest.mark.parametrize(
    "title",
    ["Most popular", "MOST VIEWED", "Popular this week", "Trending now", "You may also like", "Read next"],
)
def test_in_chrome_under_a_side_block_heading(title):
    assert _chrome(f'<div><h3>{title}</h3><ul><li><a id="x" href="/a">A</a></li></ul></div>') is True


@pytest.mark.parametrize("title", ["Popularity of tea", "Top stories", "Trendingnow", "World"])
def test_in_chrome_other_headings_are_not_side_blocks(title):
    assert _chrome(f'<div><h3>{title}</h3><ul><li><a id="x" href="/a">A</a></li></ul></div>') is False


def test_in_chrome_the_nearest_heading_decides():
    assert _chrome('<h2>Top stories</h2><h2>Most popular</h2><ul><li><a id="x">A</a></li></ul>') is True
    assert _chrome('<div>intro</div><h2>Most popular</h2><ul><li><a id="x">A</a></li></ul>') is True
    assert _chrome('<h2>Most popular</h2><h2>Top stories</h2><ul><li><a id="x">A</a></li></ul>') is False


def test_in_chrome_looks_at_six_preceding_siblings():
    six = "<p>.</p>" * 5
    seven = "<p>.</p>" * 6
    assert _chrome(f'<h2>Most read</h2>{six}<ul><li><a id="x">A</a></li></ul>') is True
    assert _chrome(f'<h2>Most read</h2>{seven}<ul><li><a id="x">A</a></li></ul>') is False


def test_in_chrome_heading_found_on_an_outer_level():
    html = '<section><h2>Most shared</h2><div><div><a id="x" href="/a">A</a></div></div></section>'
    assert _chrome(html) is True


def test_in_chrome_caches_every_element_on_the_chain():
    sel = _body(
        '<nav><ul id="ul"><li id="li"><a id="x" href="/a">A</a></li></ul></nav>'
        '<div id="d"><a id="y">B</a></div>'
    )
    cache: dict = {}
    assert _in_chrome(_by_id(sel, "x"), cache) is True
    assert cache == {_by_id(sel, "li"): True, _by_id(sel, "ul"): True, _first(sel, "nav"): True}
    assert _in_chrome(_by_id(sel, "y"), cache) is False
    assert cache[_by_id(sel, "d")] is False


def test_in_chrome_takes_the_cached_verdict():
    sel = _body('<div id="d"><a id="x" href="/a">A</a></div>')
    assert _in_chrome(_by_id(sel, "x"), {_by_id(sel, "d"): True}) is True


def test_in_chrome_second_link_in_a_nav_is_chrome_too():
    sel = _body('<nav><ul><li><a id="x">A</a></li><li><a id="y">B</a></li></ul></nav>')
    cache: dict = {}
    assert _in_chrome(_by_id(sel, "x"), cache) is True
    assert _in_chrome(_by_id(sel, "y"), cache) is True


@pytest.mark.parametrize(
    ("html", "title"),
    [
        ('<a id="x"><span>World</span><h3> Rain  in Jakarta </h3></a>', "Rain in Jakarta"),
        ('<a id="x"><h3> </h3><h4>Rain</h4></a>', "Rain"),
        ('<a id="x">World <h3>Rain <b>today</b></h3></a>', "Rain today"),
        ('<a id="x"><h2></h2>Rain  today</a>', "Rain today"),
        ('<a id="x"> Rain <b>today</b> </a>', "Rain today"),
        ('<a id="x" title=" Rain title "><img src="/a.jpg"></a>', "Rain title"),
        ('<a id="x" title="Rain title">Rain text</a>', "Rain text"),
        ('<a id="x"><img src="/a.jpg"></a>', None),
    ],
)
def test_link_title(html, title):
    assert _link_title(_by_id(_body(html), "x")) == title


# --- listings -----------------------------------------------------------------------------------------------

LISTING = "https://news.example.com/world/"
A1 = "https://news.example.com/world/2024/05/01/rain-floods-jakarta"
A2 = "https://news.example.com/world/2024/05/02/sun-returns-to-jakarta"


def _entries(inner: str, page_url: str = LISTING, canonicalize=None):
    return listing_entries(_body(inner), page_url, SITE, canonicalize)


def test_listing_entries_reads_a_card():
    entries = _entries(
        '<main><div class="card">'
        '<a href="/world/2024/05/01/rain-floods-jakarta"><img src="/img/rain.jpg"></a>'
        '<h3><a href="/world/2024/05/01/rain-floods-jakarta">Rain floods Jakarta</a></h3>'
        "<p>Streets <b>under</b> water.</p><p>Second paragraph.</p>"
        '<time datetime="2024-05-01T10:00:00+07:00">1 May</time></div></main>'
    )
    assert len(entries) == 1
    e = entries[0]
    assert e.url == A1
    assert e.title == "Rain floods Jakarta"
    assert e.summary == "Streets under water."
    assert e.published_at == "2024-05-01T10:00:00+07:00"
    assert e.image == "https://news.example.com/img/rain.jpg"


def test_listing_entries_time_text_without_datetime():
    entries = _entries(f'<div><a href="{A1}">Rain</a><time>1 <b>May</b> 2024</time></div>')
    assert entries[0].published_at == "2024-05-01"


def test_listing_entries_summary_skips_the_title_paragraph():
    entries = _entries(
        f'<div><p><a href="{A1}">Rain floods Jakarta</a></p><p> </p><p>Streets under water.</p></div>'
    )
    assert entries[0].title == "Rain floods Jakarta"
    assert entries[0].summary == "Streets under water."


def test_listing_entries_in_document_order_deduped():
    entries = _entries(
        f'<div><a href="{A2}">Sun</a></div><div><a href="{A1}">Rain</a></div>'
        f'<div><a href="{A2}">Sun again</a></div>'
    )
    assert [(e.url, e.title) for e in entries] == [(A2, "Sun"), (A1, "Rain")]


def test_listing_entries_title_from_a_later_link_when_the_first_has_none():
    entries = _entries(f'<div><a href="{A1}"><img src="/a.jpg"></a><a href="{A1}">Rain</a></div>')
    assert entries[0].title == "Rain"


def test_listing_entries_skip_non_articles_chrome_and_other_hosts():
    entries = _entries(
        '<nav><a href="/world/2024/05/03/nav-link-story">Nav</a></nav>'
        '<div><a href="/tag/jakarta-flood-news-today">Tag</a></div>'
        '<div><a href="https://other.example.com/world/2024/05/01/elsewhere">Other</a></div>'
        '<div><a href="javascript:void(0)">JS</a><a href="mailto:a@news.example.com">Mail</a></div>'
        f'<div><a href="{A1}">Rain</a></div>'
    )
    assert [e.url for e in entries] == [A1]


def test_listing_entries_skip_empty_and_fragment_links_on_an_article_like_page():
    page = "https://news.example.com/world/2024/05/"
    entries = _entries(
        '<div><a href="">Self</a><a href="  ">Blank</a><a href="#main">Skip</a><a>No href</a></div>', page
    )
    assert entries == []


def test_listing_entries_strip_the_href():
    entries = _entries('<div><a href="  /world/2024/05/01/rain-floods-jakarta  ">Rain</a></div>')
    assert [e.url for e in entries] == [A1]


def test_listing_entries_go_on_after_an_unparseable_href():
    entries = _entries(f'<div><a href="{BAD}">Bad</a></div><div><a href="{A1}">Rain</a></div>')
    assert [e.url for e in entries] == [A1]


def test_listing_entries_canonicalize():
    def canon(url: str) -> str | None:
        if "nocanon" in url:
            return None
        return url.split("?")[0]

    entries = _entries(
        f'<div><a href="{A1}?utm_source=x">Rain</a></div>'
        '<div><a href="/world/2024/05/04/nocanon-story?x=1">Keep</a></div>',
        canonicalize=canon,
    )
    assert [e.url for e in entries] == [A1, "https://news.example.com/world/2024/05/04/nocanon-story?x=1"]


def test_listing_entries_reads_at_most_max_links_anchors():
    filler = '<a href="/about">x</a>' * MAX_LINKS
    assert _entries(f"<div>{filler}</div><div><a href='{A1}'>Rain</a></div>") == []
    filler = '<a href="/about">x</a>' * (MAX_LINKS - 1)
    assert [e.url for e in _entries(f"<div>{filler}</div><div><a href='{A1}'>Rain</a></div>")] == [A1]


def test_listing_entries_body_is_no_card():
    assert _entries(f'<a href="{A1}">Rain</a><p>page text</p>')[0].summary is None


def test_listing_entries_link_without_card_then_card():
    entries = _entries(
        f'<a href="{A1}">Rain</a><p>page text</p><div><a href="{A2}">Sun</a><p>Sunny.</p></div>'
    )
    assert [(e.url, e.summary) for e in entries] == [(A1, None), (A2, "Sunny.")]


def test_listing_entries_card_stops_before_another_article():
    entries = _entries(
        '<div class="grid"><p>Grid intro.</p>'
        f'<div class="c1"><a href="{A1}">Rain</a><p>Rainy.</p></div>'
        '<div class="c2"><a href="/world/2024/05/02/sun-returns-to-jakarta">Sun</a></div></div>'
    )
    assert [(e.url, e.summary) for e in entries] == [(A1, "Rainy."), (A2, None)]


def test_listing_entries_card_grows_over_links_to_the_same_article_or_none():
    entries = _entries(
        '<div class="card"><p>Rainy.</p><a href="/about">About</a>'
        f'<div><div><a href="{A1}">Rain</a></div></div>'
        f'<a href="/world/">More world</a><a href="{A1}">Read on</a></div>'
    )
    assert entries[0].summary == "Rainy."


def test_listing_entries_card_is_at_most_four_levels_up():
    inner = f'<a href="{A1}">Rain</a>'
    four = f"<div><p>Four.</p><div><div><div>{inner}</div></div></div></div>"
    five = f"<div><p>Five.</p><div><div><div><div>{inner}</div></div></div></div></div>"
    assert _entries(four)[0].summary == "Four."
    assert _entries(five)[0].summary is None


def test_listing_entries_card_stops_at_thirty_links():
    def page(n_links: int) -> str:
        filler = '<a href="#x">x</a>' * (n_links - 1)
        return f'<div><p>Outer.</p>{filler}<div><a href="{A1}">Rain</a><time>1 May 2024</time></div></div>'

    e30 = _entries(page(30))[0]
    e31 = _entries(page(31))[0]
    assert (e30.summary, e30.published_at) == ("Outer.", "2024-05-01")
    assert (e31.summary, e31.published_at) == (None, "2024-05-01")


def test_listing_entries_card_skips_unparseable_links():
    entries = _entries(
        f'<div><p>Outer.</p><a href="{BAD}">bad</a><a href="{A2}">Sun</a>'
        f'<div><a href="{A1}">Rain</a><p>Rainy.</p></div></div>'
    )
    assert [(e.url, e.summary) for e in entries] == [(A2, None), (A1, "Rainy.")]


def test_listing_entries_card_compares_canonical_links():
    def canon(url: str) -> str | None:
        return None if url.endswith("/about") else url.split("?")[0]

    entries = _entries(
        f'<div><p>Outer.</p><a href="{A2}?ref=home">Sun</a><a href="/about">About</a>'
        f'<div><a href="{A1}">Rain</a><p>Rainy.</p></div></div>',
        canonicalize=canon,
    )
    assert [(e.url, e.summary) for e in entries] == [(A2, None), (A1, "Rainy.")]


# --- pagination ---------------------------------------------------------------------------------------------


def _next(inner: str, page_url: str = LISTING, head: str = "") -> str | None:
    return next_page_url(_sel(f"<html><head>{head}</head><body>{inner}</body></html>"), page_url)


def test_next_page_url_rel_next_link():
    assert (
        _next("", head='<link rel="next" href="/world/page/2/">') == "https://news.example.com/world/page/2/"
    )


def test_next_page_url_rel_next_anchor_among_tokens():
    html = '<a rel="nofollow NEXT" href=" ?page=2 ">more</a>'
    assert _next(html) == "https://news.example.com/world/?page=2"


def test_next_page_url_rel_next_skips_fragments_scripts_and_bad_hrefs():
    head = (
        f'<link rel="next" href="#"><link rel="next" href="javascript:load()"><link rel="next" href="{BAD}">'
    )
    assert _next("", head=head) is None
    head += '<link rel="next" href="">'
    assert (
        _next("", head=head + '<link rel="next" href="/world/page/2/">')
        == "https://news.example.com/world/page/2/"
    )


def test_next_page_url_rel_nextpage_is_not_next():
    assert _next('<a rel="nextpage" href="/world/archive-older">x</a>') is None


@pytest.mark.parametrize(
    "anchor",
    [
        '<a href="/world/page/3/">Next</a>',
        '<a href="/world/page/3/"> Next  Page </a>',
        '<a href="/world/page/3/">Older <span>posts</span></a>',
        '<a href="/world/page/3/">»</a>',
        '<a href="/world/page/3/">next stories</a>',
        '<a href="/world/page/3/" class="pagination-next">3</a>',
        '<a href="/world/page/3/" class="Nav_NEXT button">→ go</a>',
        '<a href="/world/page/3/" aria-label="Next page">››</a>',
        '<a href="/world/page/3/" title="Next">»»</a>',
    ],
)
def test_next_page_url_anchor_that_says_next(anchor):
    # page 3 from page 1: only what the anchor says makes it the next page
    assert _next(f"<div>{anchor}</div>") == "https://news.example.com/world/page/3/"


@pytest.mark.parametrize(
    "anchor",
    [
        '<a href="/world/page/3/">3</a>',
        '<a href="/world/page/3/">Nextdoor</a>',
        '<a href="/world/page/3/">Older <span>x</span></a>',
        '<a href="/world/page/3/" class="nextgen">3</a>',
        '<a href="/world/page/3/" aria-label="Page 3" title="Next">3</a>',
        '<a href="/world/page/3/" title="Go on">3</a>',
    ],
)
def test_next_page_url_anchor_that_does_not_say_next(anchor):
    assert _next(f"<div>{anchor}</div>") is None


def test_next_page_url_says_next_may_jump_pages_and_leave_the_listing():
    assert _next('<a href="/archive/?page=5">Next</a>') == "https://news.example.com/archive/?page=5"


def test_next_page_url_says_next_but_not_a_later_page():
    page = "https://news.example.com/world/page/3/"
    assert _next('<a href="/world/page/2/">Next</a><a href="/world/">Next</a>', page) is None
    assert _next('<a href="/world/?order=new">Next</a>') is None


def test_next_page_url_says_next_on_a_script_link():
    assert _next('<a href="javascript:load?page=2">Next</a><a href="JavaScript:load?page=3">Next</a>') is None


def test_next_page_url_rel_next_only_on_link_and_anchor():
    assert _next('<span rel="next" href="/world/page/2/">2</span><div rel="next" href="/x/">x</div>') is None


def test_next_page_url_rel_next_anchor_wherever_it_points():
    assert _next('<a rel="next" href="/archive/?page=7">x</a>') == "https://news.example.com/archive/?page=7"


def test_next_page_url_rel_next_link_before_anchor():
    html = '<a rel="next" href="/world/page/9/">x</a><link rel="next" href="/world/page/2/">'
    assert _next(html) == "https://news.example.com/world/page/2/"


def test_next_page_url_candidate_found_before_max_links_is_kept():
    filler = '<a href="/about">x</a>' * MAX_LINKS
    assert _next(f'<a href="/world/page/2/">2</a>{filler}') == "https://news.example.com/world/page/2/"


def test_next_page_url_says_next_but_is_an_article():
    html = '<a href="/world/2024/05/01/rain-floods-jakarta?page=2">Next</a>'
    assert _next(html) is None


def test_next_page_url_candidate_page_plus_one_of_the_same_listing():
    html = (
        '<a href="/business/page/2/">2</a><a href="/world/page/3/">3</a><a href="/world/">1</a>'
        '<a href="/world/page/2/">2</a><a href="/world/page/2/?x">2</a>'
    )
    assert _next(html) == "https://news.example.com/world/page/2/"


def test_next_page_url_candidate_by_query():
    page = "https://news.example.com/world?page=2"
    html = '<a href="/world?page=1">1</a><a href="/world?page=3">3</a><a href="/world?page=4">4</a>'
    assert _next(html, page) == "https://news.example.com/world?page=3"


def test_next_page_url_prefers_a_said_next_over_an_earlier_candidate():
    html = '<a href="/world/page/2/">2</a><a href="/world/page/5/" class="next">Next</a>'
    assert _next(html) == "https://news.example.com/world/page/5/"


def test_next_page_url_skips_self_fragments_scripts_and_bad_hrefs():
    html = (
        '<a href="/world/">Next</a><a href="#page2">Next</a><a href="javascript:more()">Next</a>'
        f'<a href="{BAD}">Next</a><a href="">Next</a><a>Next</a><a href="/world/page/2/">2</a>'
    )
    assert _next(html) == "https://news.example.com/world/page/2/"


def test_next_page_url_none():
    assert _next('<a href="/world/2024/05/01/rain-floods-jakarta">Rain</a>') is None


def test_next_page_url_reads_at_most_max_links_anchors():
    filler = '<a href="/about">x</a>' * MAX_LINKS
    assert _next(f'{filler}<a href="/world/page/2/">Next</a>') is None
    filler = '<a href="/about">x</a>' * (MAX_LINKS - 1)
    assert _next(f'{filler}<a href="/world/page/2/">Next</a>') == "https://news.example.com/world/page/2/"


def test_same_listing():
    assert _same_listing("https://news.example.com/world/page/2/", "https://news.example.com/world") is True
    assert _same_listing("https://news.example.com/world?page=2", "https://news.example.com/world/") is True
    assert (
        _same_listing("https://news.example.com/world/page/2/", "https://news.example.com/business/") is False
    )
    assert _same_listing(BAD, "https://news.example.com/world/") is False
    assert _same_listing("https://news.example.com/TAX/page/2/", "https://news.example.com/TA/") is False


# --- sections -----------------------------------------------------------------------------------------------


def _sections(inner: str, limit: int = 60) -> list[str]:
    return section_links(_body(inner), SITE, SITE, limit)


def test_section_links_from_nav():
    html = (
        '<nav><a href="/world/">World</a><a href="/business">Business</a><a href="/world/asia/">Asia</a>'
        '<a href="/world/">World again</a><a href="/world/#top">World top</a></nav>'
    )
    assert _sections(html) == [
        "https://news.example.com/world/",
        "https://news.example.com/business",
        "https://news.example.com/world/asia/",
    ]


@pytest.mark.parametrize(
    "container",
    [
        '<div role="navigation">{}</div>',
        "<header><ul><li>{}</li></ul></header>",
        '<div class="main-menu">{}</div>',
        '<div id="menu-top">{}</div>',
    ],
)
def test_section_links_menus(container):
    assert _sections(container.format('<a href="/world/">World</a>')) == ["https://news.example.com/world/"]


def test_section_links_outside_menus_are_ignored():
    assert (
        _sections(
            '<div class="content"><a href="/world/">World</a></div><header><a href="/x/">X</a></header>'
        )
        == []
    )


@pytest.mark.parametrize(
    "anchor",
    [
        '<a href="#top">Top</a>',
        '<a href="javascript:void(0)">JS</a>',
        '<a href="mailto:desk@news.example.com">Mail</a>',
        '<a href="">Empty</a>',
        "<a>Menu</a>",
        '<span href="/opinion/">Opinion</span>',
        '<a href="https://other.example.com/world/">Other</a>',
        '<a href="/world/?sort=new">Query</a>',
        '<a href="/world/japan-wont-join-nato">Article</a>',
        '<a href="/">Home</a>',
        '<a href="/world/logo.png">Asset</a>',
        '<a href="/about/">About</a>',
        '<a href="/Login">Login</a>',
        '<a href="/page/2/">Page</a>',
        '<a href="/world/asia/indonesia/">Deep</a>',
        '<a href="/tag/asia/indonesia/">Deep tag</a>',
        '<a href="/category/asia/indonesia/jakarta/">Too deep</a>',
        f'<a href="{BAD}">Bad</a>',
    ],
)
def test_section_links_skip_then_go_on(anchor):
    html = f'<nav>{anchor}<a href="/business/">Business</a></nav>'
    assert section_links(_body(html), LISTING, SITE) == ["https://news.example.com/business/"]


def test_section_links_keep_the_page_itself_by_an_absolute_link():
    html = '<nav><a href="/world/#top">World</a></nav>'
    assert section_links(_body(html), LISTING, SITE) == ["https://news.example.com/world/"]


def test_section_links_category_topic_and_tag_paths():
    html = (
        '<nav><a href="/category/world/asia/">Asia</a><a href="/Topics/a/b/">Topic</a>'
        '<a href="/tag/jakarta/">Jakarta</a><a href="/tags/a/b/">Tags deep</a>'
        '<a href="/categories/a/b/">Categories</a><a href="/topic/a/b/">Topic</a>'
        '<a href="/tags/bali/">Bali</a>'
        "</nav>"
    )
    assert _sections(html) == [
        "https://news.example.com/category/world/asia/",
        "https://news.example.com/Topics/a/b/",
        "https://news.example.com/tag/jakarta/",
        "https://news.example.com/categories/a/b/",
        "https://news.example.com/topic/a/b/",
        "https://news.example.com/tags/bali/",
    ]


def test_section_links_limit():
    html = "<nav>" + "".join(f'<a href="/s{i}/">S{i}</a>' for i in range(5)) + "</nav>"
    assert _sections(html, limit=3) == [
        "https://news.example.com/s0/",
        "https://news.example.com/s1/",
        "https://news.example.com/s2/",
    ]


def test_section_links_default_limit_is_sixty():
    html = "<nav>" + "".join(f'<a href="/s{i}/">S{i}</a>' for i in range(70)) + "</nav>"
    out = section_links(_body(html), SITE, SITE)
    assert len(out) == 60
    assert out[-1] == "https://news.example.com/s59/"


def test_section_links_reads_twenty_menus():
    navs = "".join(f'<nav><a href="/s{i}/">S{i}</a></nav>' for i in range(21))
    out = _sections(navs)
    assert len(out) == 20
    assert out[-1] == "https://news.example.com/s19/"


# --- the package's one-shot reader --------------------------------------------------------------------------


GF_HTML = (
    "<html><head><title>Rain floods Jakarta | Daily Paper</title></head><body><article>"
    "<p>Heavy rain flooded large parts of Jakarta on Wednesday, officials said.</p></article></body></html>"
)
GF_URL = "http://news.example.com/world/2024/05/01/rain-floods-jakarta"


def test_generic_fields_passes_base_url_and_options_to_the_page():
    fields = generic_fields(GF_URL, GF_HTML, SITE, site_name="Daily Paper")
    assert fields["url"] == "https://news.example.com/world/2024/05/01/rain-floods-jakarta"
    assert fields["title"] == "Rain floods Jakarta"
    assert fields["section"] == "world"


def test_generic_fields_without_base_url_keeps_the_page_origin():
    fields = generic_fields(GF_URL, GF_HTML)
    assert fields["url"] == GF_URL
    assert fields["title"] == "Rain floods Jakarta | Daily Paper"


def test_generic_fields_of_no_document_is_empty():
    assert generic_fields(GF_URL, "") == {}
    assert generic_fields(GF_URL, None) == {}
