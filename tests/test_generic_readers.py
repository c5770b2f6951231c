"""The generic readers (jpcrawl.pages.generic) on hand-written pages whose expected fields were written by
hand in tests/fixtures/generic/<case>.json, plus robustness and speed on mutated and large input."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpcrawl.pages.base import make_selector
from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.generic import GenericPage, GenericProfile, best_date, generic_fields
from jpcrawl.pages.generic.body import read_body
from jpcrawl.pages.generic.discovery import (
    classify_sitemap,
    document_kind,
    feed_entries,
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
from jpcrawl.pages.generic.jsonld import MAX_NODES, LdGraph, read_ld_article
from jpcrawl.pages.generic.meta import clean_title, read_meta

FIXTURES = Path(__file__).parent / "fixtures" / "generic"
ARTICLES = {
    "yoast_graph": "https://harbourdaily.example/business/port-workers-strike-over-pay-ships-wait/",
    "plain_newsarticle": "https://ledger.example/world/2023/05/24/japan-wont-join-nato-says-kishida",
    "meta_only": "https://dailyplanet.example/health/covid-the-aftermath-in-our-hospitals",
    "markup_only": "https://www.somesite.com/economy/rice-prices-a-farmers-view",
}
LISTINGS = ("listing_pagepath", "listing_relnext", "listing_script")


def html(case: str) -> str:
    return (FIXTURES / f"{case}.html").read_text(encoding="utf-8")


def expected(case: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))


def origin(url: str) -> str:
    return "/".join(url.split("/", 3)[:3])


# --- articles -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(ARTICLES))
def test_article_fields_match_the_hand_written_truth(case: str) -> None:
    got = generic_fields(ARTICLES[case], html(case))
    want = expected(case)
    diff = {k: (got[k], v) for k, v in want.items() if got[k] != v}
    assert not diff


@pytest.mark.parametrize("case", sorted(ARTICLES))
def test_profile_parse_article_gives_the_same_fields(case: str) -> None:
    url = ARTICLES[case]
    article = GenericProfile(default_base_url=origin(url)).parse_article(url, html(case))
    assert article is not None
    want = expected(case)
    assert {k: getattr(article, k) for k in want} == want


def test_yoast_graph_resolves_author_and_image_references() -> None:
    sel = make_selector(html("yoast_graph"))
    assert sel is not None
    ld = read_ld_article(sel)
    assert ld is not None
    assert [(a.name, a.type) for a in ld.authors] == [("Mei Lin Tan", "Person"), ("Arif Rahman", "Person")]
    assert ld.images == ["https://harbourdaily.example/wp-content/uploads/2024/03/cranes.jpg"]
    assert ld.sections == ["Business", "Economy"]
    assert ld.publisher == "Harbour Daily Media"
    assert ld.description == "Dock workers walked out on Monday."  # from the referenced WebPage


def test_json_ld_shapes_across_blocks() -> None:
    page = """<html><head>
    <script type="application/ld+json">[{"@type": "Person", "@id": "#p1", "name": "Ana Ruiz"},
      {"@type": "ImageObject", "@id": "#img", "contentUrl": "https://x.example/a.jpg"}]</script>
    <script type="application/ld+json">{"@context": "https://schema.org",
      "@type": ["https://schema.org/ReportageNewsArticle"], "headline": "H &amp; co",
      "author": [{"@id": "#p1"}, {"@type": "Organization", "name": "AFP"}, "Bo Chen"],
      "image": [{"@id": "#img"}, "https://x.example/b.jpg"],
      "keywords": ["a", {"@type": "DefinedTerm", "name": "b"}], "articleSection": "Sport",
      "isAccessibleForFree": false,}</script></head><body></body></html>"""
    sel = make_selector(page)
    assert sel is not None
    ld = read_ld_article(sel)
    assert ld is not None
    assert ld.headline == "H & co"
    assert [(a.name, a.type) for a in ld.authors] == [
        ("Ana Ruiz", "Person"),
        ("AFP", "Organization"),
        ("Bo Chen", ""),
    ]
    assert ld.images == ["https://x.example/a.jpg", "https://x.example/b.jpg"]
    assert ld.keywords == ["a", "b"]
    assert ld.sections == ["Sport"]
    assert ld.is_free is False
    g = GenericPage(sel, "https://x.example/sport/2024/01/01/h")
    assert g.authors() == (["Ana Ruiz", "Bo Chen"], "AFP")


def test_json_ld_work_is_bounded_on_hostile_input() -> None:
    deep = '{"@type": "NewsArticle", "headline": "x", "a": ' + '{"b": ' * 5000 + "1" + "}" * 5000 + "}"
    wide = json.dumps({"@graph": [{"@type": "Thing", "@id": f"#n{i}", "name": "n"} for i in range(50_000)]})
    page = "".join(f'<script type="application/ld+json">{block}</script>' for block in (deep, wide))
    sel = make_selector(page)
    assert sel is not None
    start = time.perf_counter()
    graph = LdGraph.of(sel)
    assert len(graph.nodes) <= MAX_NODES
    read_ld_article(sel, graph)
    assert time.perf_counter() - start < 2.0


# --- titles -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kwargs", "want"),
    [
        ("Port strike | Harbour Daily", {"site_names": ["Harbour Daily"]}, "Port strike"),
        ("Port strike – Harbour Daily", {"site_names": ["Harbour Daily"]}, "Port strike"),
        (
            "Covid - the aftermath - Health - Daily Planet",
            {"site_names": ["Daily Planet"], "sections": ["health"]},
            "Covid - the aftermath",
        ),
        (
            "Covid - the aftermath",
            {"site_names": ["Daily Planet"], "sections": ["health"]},
            "Covid - the aftermath",
        ),
        (
            "Covid - the aftermath | Daily Planet",
            {"url": "https://www.dailyplanet.co.uk/x"},
            "Covid - the aftermath",
        ),
        ("Daily Planet | Covid - the aftermath", {"site_names": ["Daily Planet"]}, "Covid - the aftermath"),
        ("Left | right - centre", {"site_names": ["Other"]}, "Left | right - centre"),
        ("Big - news - Some Unknown Suffix", {"references": ["Big - news"]}, "Big - news"),
    ],
)
def test_clean_title(title: str, kwargs: dict[str, Any], want: str) -> None:
    assert clean_title(title, **kwargs) == want


# --- body ---------------------------------------------------------------------------------------------------


def _body(markup: str) -> list[str]:
    return read_body(make_selector(f"<html><body><div class='c'>{markup}</div></body></html>"))


LONG = "the rest of a sentence long enough to count as article text for the density scoring of the reader"


@pytest.mark.parametrize(
    ("markup", "first"),
    [
        (f'<p><span class="dropcap">T</span>he {LONG}.</p>', f"The {LONG}."),
        (f"<p><span>J</span></p><p>apanese {LONG}.</p>", f"Japanese {LONG}."),
        (f'<h1 class="opening">J</h1><p class="opening-text">apanese {LONG}.</p>', f"Japanese {LONG}."),
        (f"<p><span>A</span></p><p> man said {LONG}.</p>", f"A man said {LONG}."),
        (f"<p><b>“T</b>his {LONG}.”</p>", f"“This {LONG}.”"),
    ],
)
def test_drop_caps_are_joined(markup: str, first: str) -> None:
    body = _body(markup + f"<p>Second paragraph, {LONG}.</p>")
    assert body == [first, f"Second paragraph, {LONG}."]


def test_body_keeps_blockquotes_and_prunes_widgets() -> None:
    body = generic_fields(ARTICLES["yoast_graph"], html("yoast_graph"))["body"]
    text = "\n".join(body)
    assert "We have waited two years for this offer, and we will not wait any longer." in body
    for junk in (
        "Share this",
        "Twitter",
        "Read also",
        "Advertisement",
        "newsletter",
        "Port expansion plan",
        "Mei Lin Tan covers",
        "This strike has been coming",
        "Election results",
        "Copyright",
        "Idle cranes",
    ):
        assert junk not in text


def test_read_also_lines_in_several_forms_are_dropped() -> None:
    lines = [
        "Read also: A story",
        "ALSO READ: Another",
        "Baca juga: Berita",
        "Read more: <a href='/x'>X</a>",
        "See also - more",
    ]
    body = _body("".join(f"<p>{x}</p>" for x in lines) + f"<p>Only this {LONG}.</p>")
    assert body == [f"Only this {LONG}."]


def test_headings_are_not_paragraphs() -> None:
    body = _body(f"<p>One {LONG}.</p><h2>A subhead</h2><p>Two {LONG}.</p>")
    assert body == [f"One {LONG}.", f"Two {LONG}."]


def test_body_of_a_page_without_text_is_empty() -> None:
    assert read_body(make_selector("<html><body><nav><a href='/'>Home</a></nav></body></html>")) == []
    assert read_body(None) == []


# --- images -------------------------------------------------------------------------------------------------


def test_default_share_image_is_not_an_article_image() -> None:
    fields = generic_fields(ARTICLES["plain_newsarticle"], html("plain_newsarticle"))
    sel = make_selector(html("plain_newsarticle"))
    assert sel is not None
    assert read_meta(sel).og_image == ["https://cdn.ledger.example/static/share-default.png"]
    assert fields["images"] == []


def test_share_image_shown_outside_the_article_block_is_the_featured_image() -> None:
    page = f"""<html><head><meta property="og:image" content="https://x.example/up/hero-1024x683.jpg">
    <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "H",
      "image": "https://x.example/up/hero.jpg"}}</script></head><body>
    <div class="hero"><img src="https://x.example/up/hero-1600x900.jpg"></div>
    <article><p>One {LONG}.</p><figure class="wp-caption">
    <img data-lazy-src="/up/inline.jpg" src="data:image/gif;base64,R0">
    <p class="wp-caption-text">Inline caption (Agency)</p></figure><p>Two {LONG}.</p>
    <div class="related-posts"><img src="/up/other.jpg"><a href="/a">A</a> <a href="/b">B</a></div></article>
    </body></html>"""
    fields = generic_fields("https://x.example/news/2024/01/01/h", page)
    assert fields["images"] == [
        {"url": "https://x.example/up/hero-1600x900.jpg", "caption": None, "credit": None},
        {"url": "https://x.example/up/inline.jpg", "caption": "Inline caption", "credit": "Agency"},
    ]


# --- dates --------------------------------------------------------------------------------------------------


def test_page_offset_is_preserved() -> None:
    assert (
        best_date(["2024-03-04T01:15:00+00:00", "2024-03-04T09:15:00+08:00"]) == "2024-03-04T09:15:00+08:00"
    )
    assert best_date(["2024-03-04", "2024-03-04T09:15:00+08:00"]) == "2024-03-04T09:15:00+08:00"
    assert best_date(["2024-03-04T09:15:00", "2024-03-04T09:15:00+08:00"]) == "2024-03-04T09:15:00+08:00"
    assert best_date([None, "2024-03-04"]) == "2024-03-04"
    # meta_only's only source is article:published_time with +08:00
    assert (
        generic_fields(ARTICLES["meta_only"], html("meta_only"))["published_at"]
        == "2021-06-01T08:30:00+08:00"
    )


# --- discovery ----------------------------------------------------------------------------------------------


def test_robots_sitemap_lines() -> None:
    text = (FIXTURES / "robots.txt").read_text()
    assert robots_sitemaps(text, "https://harbourdaily.example") == expected("robots")["sitemaps"]
    assert robots_sitemaps("User-agent: *\nDisallow: /", "https://x.example") == []


def test_sitemap_index_prefers_article_sitemaps_and_skips_the_others() -> None:
    xml = (FIXTURES / "sitemap_index.xml").read_bytes()
    assert document_kind(xml) == "index"
    got = [[c.url, c.kind] for c in sitemap_children(xml)]
    assert got == expected("sitemap_index")["children"]
    assert classify_sitemap("https://x.example/politics/news/sitemap.xml") == "preferred"
    assert classify_sitemap("https://x.example/politics/web/sitemap.xml") == "other"


def test_urlset_entries_and_which_are_articles() -> None:
    xml = (FIXTURES / "urlset.xml").read_bytes()
    assert document_kind(xml) == "urlset"
    entries = urlset_entries(xml)
    want = expected("urlset")
    assert [[e.url, e.published_at, e.title] for e in entries] == want["entries"]
    assert [e.url for e in entries if not non_article_path(e.url)] == want["articles"]


@pytest.mark.parametrize("case", ["rss", "atom"])
def test_feeds(case: str) -> None:
    xml = (FIXTURES / f"{case}.xml").read_bytes()
    want = expected(case)
    assert document_kind(xml) == want["kind"]
    assert [[e.url, e.published_at, e.title] for e in feed_entries(xml)] == want["entries"]


@pytest.mark.parametrize("case", LISTINGS)
def test_listing_pages(case: str) -> None:
    want = expected(case)
    base = origin(want["url"])
    listing = GenericProfile(default_base_url=base).parse_listing(want["url"], html(case), base)
    keys = set().union(*(e.keys() for e in want["entries"])) if want["entries"] else {"url"}
    assert [{k: getattr(e, k) for k in keys} for e in listing.entries] == want["entries"]
    assert listing.next_url == want["next_url"]
    assert listing.needs_render is want["needs_render"]


def test_section_links_from_navigation() -> None:
    want = expected("listing_relnext")
    sel = make_selector(html("listing_relnext"))
    assert sel is not None
    assert section_links(sel, want["url"], origin(want["url"])) == want["sections"]


def test_pagination_by_page_number_without_next_markup() -> None:
    page = """<html><body><main>
    <article><a href="/2024/01/01/one-two-three-four/">One two three four</a></article>
    <div class="pages"><a href="/news/page/1/">1</a> <a href="/news/page/3/">3</a></div>
    </main></body></html>"""
    sel = make_selector(page)
    assert sel is not None
    assert next_page_url(sel, "https://x.example/news/page/2/") == "https://x.example/news/page/3/"
    assert next_page_url(sel, "https://x.example/news/page/3/") is None
    assert page_number("https://x.example/news?page=7") == 7
    assert with_page("https://x.example/category/world/", 2) == "https://x.example/category/world/page/2/"
    assert with_page("https://x.example/world?page=2", 3) == "https://x.example/world?page=3"


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        ("https://x.example/world/2023/05/24/japan-wont-join-nato.html", True),
        ("https://x.example/2024/03/03/floods/", True),
        ("https://x.example/news/politics/1234567/minister-resigns", True),
        ("https://x.example/world/minister-resigns-after-long-scandal", True),
        ("https://x.example/world", False),
        ("https://x.example/southeast-asia", False),
        ("https://x.example/tag/floods-in-the-north-again/", False),
        ("https://x.example/author/mei-lin-tan-the-reporter/", False),
        ("https://x.example/category/world/page/2/", False),
        ("https://x.example/wp-content/uploads/2024/03/a-b-c-d.jpg", False),
        ("https://other.example/world/2023/05/24/japan-wont-join-nato.html", False),
    ],
)
def test_article_url_heuristic(url: str, is_article: bool) -> None:
    assert looks_like_article_url(url, "https://x.example") is is_article


def test_page_is_an_article_by_json_ld_or_og_type() -> None:
    for case in ("yoast_graph", "plain_newsarticle", "meta_only"):
        sel = make_selector(html(case))
        assert sel is not None and is_article_page(sel)
    for case in ("markup_only", "listing_pagepath"):
        sel = make_selector(html(case))
        assert sel is not None and not is_article_page(sel)
    profile = GenericProfile(default_base_url="https://harbourdaily.example")
    assert profile.classify(ARTICLES["yoast_graph"], html("yoast_graph")) is PageKind.ARTICLE
    assert profile.classify(expected("listing_pagepath")["url"], html("listing_pagepath")) is PageKind.LISTING
    assert profile.classify("https://harbourdaily.example/", "") is PageKind.EMPTY


def test_listing_urls_and_no_login() -> None:
    profile = GenericProfile(default_base_url="https://x.example")
    assert (
        profile.listing_url("https://x.example", "category/world", 3)
        == "https://x.example/category/world/page/3/"
    )
    assert profile.listing_url("https://x.example", "world", 2) == "https://x.example/world?page=2"
    assert profile.listing_url("https://x.example", "world") == "https://x.example/world"
    assert profile.parse_login_form("https://x.example/login", "<form><input type=password></form>") is None


# --- robustness and speed -----------------------------------------------------------------------------------

ALL_PAGES = [*ARTICLES, *LISTINGS]


def _every_reader(url: str, text: str | bytes) -> None:
    base = origin(url)
    profile = GenericProfile(default_base_url=base)
    fields = generic_fields(url, text, base)
    assert fields == {} or isinstance(fields["body"], list)
    assert isinstance(profile.classify(url, text), PageKind)
    profile.parse_article(url, text, base)
    listing = profile.parse_listing(url, text, base)
    assert isinstance(listing.entries, list)
    sel = make_selector(text)
    if sel is not None:
        assert isinstance(read_body(sel), list)
        listing_entries(sel, url, base)
        next_page_url(sel, url)
        section_links(sel, url, base)
        read_meta(sel)
    for reader in (document_kind, sitemap_children, urlset_entries, feed_entries):
        reader(text)
    robots_sitemaps(text, base)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from([*ALL_PAGES, "sitemap_index", "rss", "atom", "urlset"]),
    cut=st.floats(min_value=0, max_value=1),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 400)), max_size=4),
    junk=st.lists(
        st.sampled_from(
            [*"<>/\"'=&;{}[]:, abp-\x00\n", "<p>", "</div>", "<!--", '{"@id":', '<a href="http://[x">']
        ),
        max_size=40,
    ).map("".join),
)
def test_readers_never_raise_on_mutated_input(case: str, cut: float, cuts: list, junk: str) -> None:
    path = FIXTURES / (f"{case}.html" if case in ALL_PAGES else f"{case}.xml")
    text = path.read_text(encoding="utf-8")
    for pos, length in cuts:
        i = int(pos * len(text))
        text = text[:i] + junk + text[i + length :]
    text = text[: max(1, int(cut * len(text)))] if cut < 0.999 else text
    url = ARTICLES.get(case, "https://harbourdaily.example/category/world/page/2/")
    start = time.perf_counter()
    _every_reader(url, text)
    _every_reader(url, text.encode("utf-8", errors="replace"))
    assert time.perf_counter() - start < 2.0


def _big_page() -> str:
    """~200 KB: the Yoast article with its body repeated, plus a long sidebar of links."""
    page = html("yoast_graph")
    para = "<p>" + ("Eleven vessels were anchored offshore by the evening, the office said. " * 4) + "</p>\n"
    links = "".join(
        f'<li><a href="/2024/03/0{i % 9 + 1}/story-number-{i}-about-the-port/">Story {i}</a></li>'
        for i in range(600)
    )
    page = page.replace("<p>The operator did not", para * 520 + "<p>The operator did not")
    return page.replace("</aside>", f"<ul>{links}</ul></aside>")


def test_each_reader_reads_a_200kb_page() -> None:
    # How fast: `python -m jpcrawl.bench.parse` (reader time / parse time); here only that they finish.
    page = _big_page()
    assert len(page.encode()) >= 200_000
    url = ARTICLES["yoast_graph"]
    sel = make_selector(page)
    assert sel is not None
    g = GenericPage(sel, url)
    assert len(g.body()) == 525
    assert g.title() and g.dates()[0] and g.is_article()
    entries = listing_entries(g.sel, url, origin(url))
    assert entries and not any("story-number" in e.url for e in entries)  # the 600 sidebar links are not


def test_one_field_at_a_time_equals_the_full_read() -> None:
    """Per-field fallback: a profile asks only for what its selectors missed."""
    url = ARTICLES["yoast_graph"]
    everything = generic_fields(url, html("yoast_graph"))
    page = GenericPage.parse(url, html("yoast_graph"))
    assert page is not None
    for name, value in everything.items():
        assert page.field(name) == value, name
    with pytest.raises(KeyError):
        page.field("no_such_field")
