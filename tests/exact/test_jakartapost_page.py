"""Exact values for how The Jakarta Post profile puts a page together (jpcrawl/pages/jakartapost.py):
`read_article`'s field order, fallbacks, drift and per-field failures; `parse_listing`'s page-level rules."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import jpcrawl.pages.jakartapost as jp
from jpcrawl.pages.jakartapost import SITE

BASE = "https://www.thejakartapost.com"
ART = f"{BASE}/indonesia/2026/05/20/a-story.html"
LOCAL = "http://127.0.0.1:8123"
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=timezone.utc)

# A current-layout page with every field in this site's own markup.
FULL = (
    '<html lang="id"><head><meta name="keywords" content="k1">'
    '<meta name="description" content="Desc words of the lede.">'
    '<meta property="article:published_time" content="2026-05-20T08:00:00+07:00"></head><body>'
    '<div class="tjp-single"><ol><li class="tjp-breadcrumb__list-item active">Politics</li></ol>'
    "<h1>Title</h1>"
    '<div class="tjp-meta"><span class="tjp-meta__label">Ann Lee</span>'
    '<span class="tjp-meta__location">Jakarta</span></div><figure><img src="/p.jpg"></figure>'
    '<div class="tjp-single__content"><p>Body one.</p></div></div></body></html>'
)
FULL_FIELDS: dict[str, Any] = {
    "title": "Title",
    "subtitle": "Desc words of the lede.",
    "authors": ["Ann Lee"],
    "source": None,
    "dateline": "Jakarta",
    "published_at": "2026-05-20T08:00:00+07:00",
    "modified_at": None,
    "section": "indonesia",
    "subsection": "Politics",
    "tags": ["k1"],
    "body": ["Body one."],
    "images": [{"url": f"{BASE}/p.jpg", "caption": None, "credit": None}],
    "language": "id",
    "is_premium": False,
    "is_paywalled": False,
    "is_advertorial": False,
}


def _fields(article: Any) -> dict[str, Any]:
    return {k: getattr(article, k) for k in FULL_FIELDS}


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("unreadable")


def test_full_page_fields_and_no_fallbacks():
    errors: dict[str, int] = {}
    page = SITE.read_article(ART, FULL, errors=errors)
    assert page.fallbacks == ()
    assert errors == {}
    assert page.article is not None
    assert page.article.url == ART
    assert _fields(page.article) == FULL_FIELDS


@pytest.mark.parametrize(
    ("reader", "error", "changed", "fallbacks"),
    [
        # the generic readers fill these three again from the same page
        ("_tags", "tags", {}, ("tags",)),
        ("_dates", "published_at", {}, ("published_at",)),
        ("_title", "title", {}, ("title",)),
        ("_subsection", "subsection", {"subsection": None}, ()),
        ("_language", "language", {"language": "en"}, ()),
        ("_byline", "authors", {"authors": []}, ()),
        ("_dateline", "dateline", {"dateline": None}, ()),
        ("_description", "subtitle", {"subtitle": None}, ()),
        ("_head_subtitle", "subtitle", {}, ()),
        ("_images", "images", {"images": []}, ()),
        ("_body", "body", {"body": []}, ()),
    ],
)
def test_a_failing_field_reader_costs_only_its_field(monkeypatch, caplog, reader, error, changed, fallbacks):
    monkeypatch.setattr(jp, reader, _boom)
    errors: dict[str, int] = {}
    with caplog.at_level(logging.WARNING, logger="jpcrawl.pages.jakartapost"):
        page = SITE.read_article(ART, FULL, errors=errors)
    assert errors == {error: 1}
    assert page.fallbacks == fallbacks
    assert page.article is not None
    assert _fields(page.article) == {**FULL_FIELDS, **changed}
    recs = [r for r in caplog.records if r.name == "jpcrawl.pages.jakartapost"]
    assert [r.getMessage() for r in recs] == [f"{ART}: field {error} could not be read"]
    assert recs[0].levelno == logging.WARNING
    assert recs[0].exc_info is not None and recs[0].exc_info[0] is ValueError


def test_a_failing_field_reader_without_an_errors_dict(monkeypatch):
    monkeypatch.setattr(jp, "_dateline", _boom)
    page = SITE.read_article(ART, FULL, errors=None)
    assert page.article is not None
    assert _fields(page.article) == {**FULL_FIELDS, "dateline": None}


def test_failing_dates_reader_without_generic_dates(monkeypatch):
    monkeypatch.setattr(jp, "_dates", _boom)
    html = FULL.replace('<meta property="article:published_time" content="2026-05-20T08:00:00+07:00">', "")
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert (page.article.published_at, page.article.modified_at) == (None, None)
    assert page.fallbacks == ()


def test_title_without_body_is_an_article():
    page = SITE.read_article(ART, '<div class="tjp-single"><h1>Only a title</h1></div>')
    assert page.article is not None
    assert (page.article.title, page.article.body) == ("Only a title", [])


def test_body_without_title_is_an_article():
    page = SITE.read_article(
        ART, '<div class="tjp-single"><div class="tjp-single__content"><p>Only body.</p></div></div>'
    )
    assert page.article is not None
    assert (page.article.title, page.article.body) == (None, ["Only body."])


def test_base_url_given_folds_the_article_url():
    page = SITE.read_article(f"{BASE}/indonesia/2026/05/20/a-story.html", FULL, base_url=LOCAL)
    assert page.article is not None
    assert page.article.url == f"{LOCAL}/indonesia/2026/05/20/a-story.html"
    assert page.article.images == [{"url": f"{LOCAL}/p.jpg", "caption": None, "credit": None}]


def test_parse_article_returns_the_article():
    a = SITE.parse_article(ART, FULL)
    assert a is not None
    assert a.title == "Title"


def test_paywalled_page_keeps_teaser_and_flags():
    html = FULL.replace("<p>Body one.</p>", '<p>Teaser.</p><div class="tjp-paywall"><p>Subscribe</p></div>')
    html = html.replace(
        '<meta name="keywords"', '<meta name="tjp:is-premium" content="1"><meta name="keywords"'
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert (page.article.is_premium, page.article.is_paywalled, page.article.body) == (
        True,
        True,
        ["Teaser."],
    )


def test_premium_without_paywall_box_is_not_paywalled():
    html = FULL.replace(
        '<meta name="keywords"', '<meta name="tjp:is-premium" content="1"><meta name="keywords"'
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert (page.article.is_premium, page.article.is_paywalled) == (True, False)


def test_canonical_link_rescues_a_non_article_url():
    html = FULL.replace("<head>", f'<head><link rel="canonical" href="{BASE}/world/2026/05/21/other.html">')
    page = SITE.read_article(f"{BASE}/amp?id=7", html)
    assert page.article is not None
    assert (page.article.url, page.article.section) == (f"{BASE}/world/2026/05/21/other.html", "world")


def test_canonical_link_ignored_when_the_url_is_an_article():
    html = FULL.replace("<head>", f'<head><link rel="canonical" href="{BASE}/world/2026/05/21/other.html">')
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.url == ART


def test_no_canonical_link_keeps_the_url():
    page = SITE.read_article(f"{BASE}/amp?id=7", FULL)
    assert page.article is not None
    assert (page.article.url, page.article.section) == (f"{BASE}/amp?id=7", "amp")


def test_head_without_lede_means_no_subtitle_even_with_description():
    html = FULL.replace("<h1>Title</h1>", '<div class="tjp-single__head"><h1>Title</h1></div>')
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.subtitle is None


def test_head_lede_is_the_subtitle():
    html = FULL.replace(
        "<h1>Title</h1>", '<div class="tjp-single__head"><h1>Title</h1><p>The lede of this story.</p></div>'
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.subtitle == "The lede of this story."


def test_description_equal_to_first_paragraph_is_not_a_subtitle():
    html = FULL.replace('content="Desc words of the lede."', 'content="Body one."')
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.subtitle is None


def test_boilerplate_description_is_not_a_subtitle():
    html = FULL.replace('content="Desc words of the lede."', 'content="Subscribe to read the full story"')
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.subtitle is None


def test_dates_fall_back_to_the_generic_reader():
    html = FULL.replace('<meta property="article:published_time" content="2026-05-20T08:00:00+07:00">', "")
    html = html.replace(
        "<h1>Title</h1>", '<h1>Title</h1><time datetime="2026-05-19T07:00:00+07:00">May 19</time>'
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.published_at == "2026-05-19T07:00:00+07:00"
    assert page.fallbacks == ("published_at",)


def test_tags_fall_back_to_the_generic_reader():
    html = FULL.replace('<meta name="keywords" content="k1">', '<meta property="article:tag" content="t1">')
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.tags == ["t1"]
    assert page.fallbacks == ("tags",)


def test_advertorial_flags():
    page = SITE.read_article(f"{BASE}/adv/2026/05/20/promo.html", FULL)
    assert page.article is not None and page.article.is_advertorial is True
    page = SITE.read_article(ART, FULL.replace('content="k1"', 'content="k1, Adv-brand"'))
    assert page.article is not None and page.article.is_advertorial is True
    page = SITE.read_article(
        f"{BASE}/advice/2026/05/20/x.html", FULL.replace('content="k1"', 'content="adv"')
    )
    assert page.article is not None and page.article.is_advertorial is False


# --- drift: no template of this site matches ---

DRIFTED = (
    '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Drifted headline",'
    ' "isAccessibleForFree": false}</script></head><body>'
    '<div class="on-ie-underversion9"><p>Please Update your browser</p></div>'
    '<main><article><header><h1 class="title-large">Drifted headline</h1>'
    '<div class="story-byline">By Ann Lee</div>'
    '<time datetime="2026-05-20T08:00:00+07:00">May 20</time></header>'
    '<div class="story-body">'
    "<p>The first paragraph of the drifted article is long enough to count as body text here.</p>"
    "<p>The second paragraph of the drifted article is also long enough to count as body text.</p>"
    '</div><div class="paywall-box">Subscribe</div>'
    "</article></main></body></html>"
)


def test_drifted_page_read_by_the_generic_readers():
    page = SITE.read_article(ART, DRIFTED)
    assert page.fallbacks == ("authors", "body", "published_at")
    a = page.article
    assert a is not None
    assert a.title == "Drifted headline"
    assert (a.authors, a.source) == (["Ann Lee"], None)
    assert a.body == [
        "The first paragraph of the drifted article is long enough to count as body text here.",
        "The second paragraph of the drifted article is also long enough to count as body text.",
    ]
    assert a.published_at == "2026-05-20T08:00:00+07:00"
    assert (a.is_premium, a.is_paywalled) == (True, True)


def test_drifted_free_page_is_not_paywalled():
    page = SITE.read_article(
        ART, DRIFTED.replace('"isAccessibleForFree": false', '"isAccessibleForFree": true')
    )
    assert page.article is not None
    assert (page.article.is_premium, page.article.is_paywalled) == (False, False)


def test_drifted_page_keeps_a_json_ld_byline():
    html = DRIFTED.replace(
        '"isAccessibleForFree": false', '"author": {"@type": "Person", "name": "Budi Santoso"}'
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert (page.article.authors, page.article.source) == (["Budi Santoso"], None)
    assert "authors" not in page.fallbacks


def test_drifted_page_keeps_a_json_ld_source_alone():
    html = DRIFTED.replace(
        '"isAccessibleForFree": false', '"author": {"@type": "Organization", "name": "Reuters"}'
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert (page.article.authors, page.article.source) == ([], "Reuters")
    assert "authors" not in page.fallbacks


def test_drifted_page_fills_dateline_subtitle_and_images():
    html = DRIFTED.replace(
        '<div class="story-body">',
        '<p class="standfirst">A standfirst that sums up the story.</p><span class="dateline">Bandung</span>'
        '<figure><img src="/pic.jpg"><figcaption>A caption. (JP/Photographer)</figcaption></figure>'
        '<div class="story-body">',
    )
    page = SITE.read_article(ART, html)
    a = page.article
    assert a is not None
    assert a.dateline == "Bandung"
    assert a.subtitle == "A standfirst that sums up the story."
    assert a.images == [{"url": f"{BASE}/pic.jpg", "caption": "A caption.", "credit": "JP/Photographer"}]
    assert page.fallbacks == ("authors", "dateline", "subtitle", "body", "images", "published_at")


# --- listing pages ---


def _list_page(items: str, extra: str = "") -> str:
    return f"<html><body>{extra}<div class='tjp-newsListing'>{items}</div></body></html>"


def _item(slug: str) -> str:
    link = f'<a href="/world/2026/05/20/{slug}.html">{slug}</a>'
    return f'<div class="listNews"><h2 class="titleNews">{link}</h2></div>'


def test_listing_without_now_uses_the_current_utc_time():
    html = _list_page(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<span class="date">1 hour ago</span></div>'
    )
    before = datetime.now(timezone.utc)
    lst = SITE.parse_listing(f"{BASE}/world", html)
    after = datetime.now(timezone.utc)
    published = lst.entries[0].published_at
    assert published is not None and published.endswith("+00:00")
    assert (
        before - timedelta(hours=1, seconds=1)
        <= datetime.fromisoformat(published)
        <= after - timedelta(hours=1) + timedelta(seconds=1)
    )


def test_listing_error_message_is_cut_to_200_chars(monkeypatch):
    def boom(*args: Any) -> Any:
        raise ValueError("x" * 300)

    monkeypatch.setattr(jp.JakartaPostProfile, "_parse_listing", boom)
    lst = SITE.parse_listing(f"{BASE}/world", _list_page(_item("a")), now=NOW)
    assert lst.error == "ValueError: " + "x" * 188


@pytest.mark.parametrize(
    "html",
    [
        '<html><body><p>Not found</p><a rel="next" href="/world?page=3">Next</a></body></html>',
        '<html><body><div class="on-ie-underversion9">Please Update your browser</div>'
        '<a rel="next" href="/world?page=3">Next</a></body></html>',
    ],
)
def test_page_without_a_list_has_no_next_page(html):
    lst = SITE.parse_listing(f"{BASE}/world?page=2", html, now=NOW)
    assert (lst.entries, lst.next_url, lst.needs_render, lst.error, lst.field_errors) == (
        [],
        None,
        False,
        None,
        {},
    )


def test_listing_items_up_to_the_limit_are_all_read():
    items = "".join(_item(f"s{i}") for i in range(jp.MAX_LISTING_ITEMS))
    lst = SITE.parse_listing(f"{BASE}/world", _list_page(items), now=NOW)
    assert len(lst.entries) == 500
    assert lst.field_errors == {}


def test_listing_items_over_the_limit_are_skipped_and_counted(caplog):
    items = "".join(_item(f"s{i}") for i in range(jp.MAX_LISTING_ITEMS + 2))
    with caplog.at_level(logging.WARNING, logger="jpcrawl.pages.jakartapost"):
        lst = SITE.parse_listing(f"{BASE}/world", _list_page(items), now=NOW)
    assert len(lst.entries) == 500
    assert lst.entries[-1].url == f"{BASE}/world/2026/05/20/s499.html"
    assert lst.field_errors == {"items_over_limit": 2}
    msgs = [r.getMessage() for r in caplog.records if r.name == "jpcrawl.pages.jakartapost"]
    assert msgs == [f"{BASE}/world: 502 listing items, only the first 500 read"]


def test_one_unreadable_item_costs_only_itself(monkeypatch, caplog):
    real = jp.JakartaPostProfile._entry

    def entry(self: Any, item: Any, *args: Any) -> Any:
        if "bad" in item.get():
            raise ValueError("unreadable item")
        return real(self, item, *args)

    monkeypatch.setattr(jp.JakartaPostProfile, "_entry", entry)
    with caplog.at_level(logging.WARNING, logger="jpcrawl.pages.jakartapost"):
        lst = SITE.parse_listing(f"{BASE}/world", _list_page(_item("bad") + _item("good")), now=NOW)
    assert [e.title for e in lst.entries] == ["good"]
    assert lst.field_errors == {"entry": 1}
    recs = [r for r in caplog.records if r.name == "jpcrawl.pages.jakartapost"]
    assert [r.getMessage() for r in recs] == [f"{BASE}/world: a listing item could not be read"]
    assert recs[0].exc_info is not None and recs[0].exc_info[0] is ValueError


def test_listing_url_defaults_to_the_base_url():
    lst = SITE.parse_listing(
        "", _list_page('<div class="listNews"><a href="world/2026/05/20/t.html">T</a></div>'), now=NOW
    )
    assert [e.url for e in lst.entries] == [f"{BASE}/world/2026/05/20/t.html"]


def test_interstitial_block_is_not_a_listing_item():
    html = _list_page(
        _item("a"),
        extra='<div class="on-ie-underversion9"><div class="listNews">'
        '<a href="/world/2026/05/20/hidden.html">Hidden</a></div></div>',
    )
    lst = SITE.parse_listing(f"{BASE}/world", html, now=NOW)
    assert [e.title for e in lst.entries] == ["a"]


def test_script_rendered_listing_needs_render_and_has_no_next_page():
    html = (
        "<html><body><div class='tjp-newsListing'></div><a rel='next' href='/world?page=3'>Next</a>"
        "<script>render('listNews')</script></body></html>"
    )
    lst = SITE.parse_listing(f"{BASE}/world?page=2", html, now=NOW)
    assert (lst.entries, lst.needs_render, lst.next_url) == ([], True, None)


@pytest.mark.parametrize(
    "html",
    [
        "<div class='tjp-newsListing'></div><script>var x = '<h2 class=\"titleNews\">';</script>",
        "<div class='tjp-newsListing'></div><script src='/js/listNews.min.js'></script>",
        "<div id='newsListing-main' data-src='/api/list'></div>",
        "<section class='newsListing-x'></section>",
        "<ul class='listNews-box'></ul>",
        "<div data-listing='world'></div>",
    ],
)
def test_listing_render_markers(html):
    lst = SITE.parse_listing(f"{BASE}/world", f"<html><body>{html}</body></html>", now=NOW)
    assert lst.needs_render is True


def test_empty_container_past_page_one_does_not_need_render():
    lst = SITE.parse_listing(f"{BASE}/world?page=4", _list_page(""), now=NOW)
    assert (lst.needs_render, lst.next_url) == (False, None)


# --- next page ---


def test_next_page_explicit_link():
    html = _list_page(_item("a"), extra='<nav><a rel="next" href="/world?page=7">Next</a></nav>')
    lst = SITE.parse_listing(f"{BASE}/world", html, now=NOW)
    assert lst.next_url == f"{BASE}/world?page=7"


@pytest.mark.parametrize(
    "nav",
    [
        '<link rel="next" href="/world?page=7">',
        '<div class="pagination"><a class="next" href="/world?page=7">»</a></div>',
        '<ul><li class="next"><a href="/world?page=7">»</a></li></ul>',
        '<a class="next" href="/world?page=7">»</a>',
        '<div class="pagination"><a aria-label="Go to next page" href="/world?page=7">»</a></div>',
    ],
)
def test_next_page_link_kinds(nav):
    lst = SITE.parse_listing(f"{BASE}/world", _list_page(_item("a"), extra=nav), now=NOW)
    assert lst.next_url == f"{BASE}/world?page=7"


@pytest.mark.parametrize(
    "nav",
    [
        '<div class="pagination"><a href="/world?page=2">2</a><a href="/world?page=3">3</a></div>',
        '<div class="pagi-x"><a href="/world?page=3">3</a></div>',
        '<nav><a href="/world?page=3">3</a></nav>',
    ],
)
def test_next_page_from_pagination_links(nav):
    lst = SITE.parse_listing(f"{BASE}/world?page=2", _list_page(_item("a"), extra=nav), now=NOW)
    assert lst.next_url == f"{BASE}/world?page=3"


def test_last_page_of_pagination_has_no_next():
    nav = '<div class="pagination"><a href="/world?page=1">1</a><a href="/world?page=2">2</a></div>'
    lst = SITE.parse_listing(f"{BASE}/world?page=2", _list_page(_item("a"), extra=nav), now=NOW)
    assert lst.next_url is None


def test_next_page_on_the_crawl_origin():
    nav = f'<a rel="next" href="{BASE}/world?page=3">Next</a>'
    lst = SITE.parse_listing(
        f"{LOCAL}/world?page=2", _list_page(_item("a"), extra=nav), base_url=LOCAL, now=NOW
    )
    assert lst.next_url == f"{LOCAL}/world?page=3"


def test_next_page_without_pagination_markup_on_the_crawl_origin():
    lst = SITE.parse_listing(
        f"{LOCAL}/business/markets?page=2", _list_page(_item("a")), base_url=LOCAL, now=NOW
    )
    assert lst.next_url == f"{LOCAL}/business/markets?page=3"


def test_next_page_threshold_is_the_profiles(monkeypatch):
    monkeypatch.setattr(SITE, "listing_min_full", 2)
    lst = SITE.parse_listing(f"{BASE}/world", _list_page(_item("a")), now=NOW)
    assert lst.next_url is None
    lst = SITE.parse_listing(f"{BASE}/world", _list_page(_item("a") + _item("b")), now=NOW)
    assert lst.next_url == f"{BASE}/world?page=2"


# --- sidebar lists ---


def test_sidebar_blocks_are_not_main_items():
    html = _list_page(
        _item("main"),
        extra='<div class="latest-box"><h3>The Latest</h3>' + _item("side1") + "</div>"
        "<section><h2>Most viewed</h2>" + _item("side2") + "</section>",
    )
    lst = SITE.parse_listing(f"{BASE}/world", html, now=NOW)
    assert [e.title for e in lst.entries] == ["main"]


# --- page-level wiring of the article reader ---


def test_canonical_link_folds_onto_the_crawl_origin():
    html = FULL.replace("<head>", f'<head><link rel="canonical" href="{BASE}/world/2026/05/21/other.html">')
    page = SITE.read_article(f"{LOCAL}/amp?id=7", html, base_url=LOCAL)
    assert page.article is not None
    assert page.article.url == f"{LOCAL}/world/2026/05/21/other.html"


def test_relative_figure_image_resolves_against_the_page_url():
    page = SITE.read_article(ART, FULL.replace('src="/p.jpg"', 'src="p.jpg"'))
    assert page.article is not None
    assert page.article.images == [
        {"url": f"{BASE}/indonesia/2026/05/20/p.jpg", "caption": None, "credit": None}
    ]


def test_premium_from_json_ld_alone():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    page = SITE.read_article(ART, FULL.replace("<head>", f"<head>{ld}"))
    assert page.article is not None
    assert (page.article.is_premium, page.article.is_paywalled) == (True, False)


def test_premium_meta_first_of_duplicates_wins():
    metas = '<meta name="tjp:is-premium" content="0"><meta name="tjp:is-premium" content="1">'
    page = SITE.read_article(ART, FULL.replace("<head>", f"<head>{metas}"))
    assert page.article is not None
    assert page.article.is_premium is False


def test_article_block_without_content_block_has_no_body_and_no_fallback():
    html = (
        '<html><body><div class="tjp-single"><h1>T</h1>'
        "<p>A loose paragraph that a generic reader would take as the body of this page.</p>"
        "</div></body></html>"
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert (page.article.title, page.article.body, page.fallbacks) == ("T", [], ())


def test_content_block_without_article_block_is_read_by_the_site_reader():
    html = (
        "<html><head><title>T - The Jakarta Post</title></head><body><div class='tjp-single__content'>"
        "<p>The one paragraph of this story, long enough to be body text anywhere.</p></div></body></html>"
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.body == ["The one paragraph of this story, long enough to be body text anywhere."]
    assert page.fallbacks == ()


DRIFTED_LOCAL = (
    '<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
    ' "datePublished": "2026-05-20T08:00:00+07:00"}</script></head><body>'
    '<div class="on-ie-underversion9"><h1>Please Update your browser</h1>'
    "<p>Your browser is out of date, and may not display all features of this and other websites.</p>"
    "<p>Just click on the icons to get to the download page of a modern browser for your own safety now.</p>"
    "</div><main><article><h1>Drifted headline - Culture | The Jakarta Post</h1>"
    "<p>The first paragraph of the drifted article is long enough to count as body text here.</p>"
    '<figure><img src="pic.jpg"></figure></article></main></body></html>'
)


def test_drifted_page_on_a_local_origin():
    url = f"{LOCAL}/indonesia/2026/05/20/a-story.html"
    page = SITE.read_article(url, DRIFTED_LOCAL, base_url=LOCAL)
    a = page.article
    assert a is not None
    # the site's name and section labels clean the generic title; the interstitial is never body
    assert a.title == "Drifted headline"
    assert a.body == ["The first paragraph of the drifted article is long enough to count as body text here."]
    assert a.images == [{"url": f"{LOCAL}/indonesia/2026/05/20/pic.jpg", "caption": None, "credit": None}]
    assert a.published_at == "2026-05-20T08:00:00+07:00"
    assert page.fallbacks == ("body", "images", "title")


# --- drifted pages keep what this site's own selectors still find ---

LD_ONLY = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H"}</script>'
LOOSE_BODY = (
    "<main><article>"
    "<p>The first paragraph of the drifted article is long enough to count as body text here.</p>"
    "</article></main>"
)


def _drifted(extra: str) -> Any:
    page = SITE.read_article(ART, f"<html><head>{LD_ONLY}</head><body>{extra}{LOOSE_BODY}</body></html>")
    assert page.fallbacks == ("body",)
    assert page.article is not None
    return page.article


def test_drifted_page_keeps_the_active_breadcrumb():
    a = _drifted(
        '<ol><li class="tjp-breadcrumb__list-item">Indonesia</li>'
        '<li class="tjp-breadcrumb__list-item active">Politics</li></ol>'
    )
    assert a.subsection == "Politics"


def test_drifted_page_keeps_the_old_posting_dateline():
    assert _drifted('<span class="posting">Medan / Mon, May 20, 2026</span>').dateline == "Medan"


def test_drifted_page_keeps_a_head_lede():
    a = _drifted(
        '<div class="tjp-single__head"><h1>H</h1><p>A lede in a head block of a drifted page.</p></div>'
    )
    assert a.subtitle == "A lede in a head block of a drifted page."


def test_drifted_page_without_images_has_an_empty_list():
    a = _drifted("")
    assert (a.images, a.subsection, a.dateline, a.subtitle) == ([], None, None, None)


def test_drifted_paywall_box_without_premium_signal_is_not_paywalled():
    a = _drifted('<div class="paywall-box">Subscribe</div>')
    assert (a.is_premium, a.is_paywalled) == (False, False)


# --- more wiring ---


def test_tags_reader_failing_on_a_page_without_tags_gives_an_empty_list(monkeypatch):
    monkeypatch.setattr(jp, "_tags", _boom)
    page = SITE.read_article(ART, FULL.replace('<meta name="keywords" content="k1">', ""))
    assert page.article is not None
    assert page.article.tags == []
    assert page.fallbacks == ()


def test_dateline_skips_the_bylines_source_in_the_meta_row():
    html = FULL.replace(
        '<span class="tjp-meta__label">Ann Lee</span><span class="tjp-meta__location">Jakarta</span>',
        '<span class="tjp-meta__label">Ann Lee (Jakarta Globe)</span>'
        "<span>Jakarta Globe</span><span>Bogor</span>",
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert (page.article.authors, page.article.source, page.article.dateline) == (
        ["Ann Lee"],
        "Jakarta Globe",
        "Bogor",
    )


def test_head_paragraph_repeating_the_title_is_not_the_subtitle():
    html = FULL.replace(
        "<h1>Title</h1>",
        '<div class="tjp-single__head"><h1>Rice prices rise again today</h1>'
        "<p>Rice prices rise again today</p>"
        "<p>The lede that follows the repeated title.</p></div>",
    )
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.subtitle == "The lede that follows the repeated title."


def test_description_equal_to_the_title_is_not_a_subtitle():
    html = FULL.replace('content="Desc words of the lede."', 'content="Title"')
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.subtitle is None


def test_description_cut_short_of_the_first_paragraph_is_not_a_subtitle():
    html = FULL.replace('content="Desc words of the lede."', 'content="Body..."')
    page = SITE.read_article(ART, html)
    assert page.article is not None
    assert page.article.subtitle is None


def test_classify_premium_by_json_ld_with_overlay_is_paywalled():
    html = (
        '<html><head><script type="application/ld+json">'
        '{"@type": "NewsArticle", "isAccessibleForFree": false}</script></head>'
        '<body><div class="tjp-single"><div class="tjp-overlay"></div></div></body></html>'
    )
    assert SITE.classify(ART, html) is jp.PageKind.PAYWALLED


def test_listing_script_src_marker_is_the_item_class_only():
    html = "<html><body><div class='tjp-newsListing'></div><script src='/js/{}.js'></script></body></html>"
    assert SITE.parse_listing(f"{BASE}/world?page=2", html.format("titleNews"), now=NOW).needs_render is False
    assert SITE.parse_listing(f"{BASE}/world?page=2", html.format("listNews"), now=NOW).needs_render is True


def test_url_section_cleans_the_og_title():
    html = (
        '<html><head><meta property="og:title" content="Story - Longform - The Jakarta Post"></head><body>'
        '<div class="tjp-single"><div class="tjp-single__content"><p>Body.</p></div></div></body></html>'
    )
    page = SITE.read_article(f"{BASE}/longform/2026/05/20/story.html", html)
    assert page.article is not None
    assert page.article.title == "Story"


def test_generic_readers_judge_the_same_site_against_the_crawl_origin():
    # the canonical link is on the site's public host, not on the crawl's origin: the generic section reader
    # keeps the fetched URL's section, so JSON-LD's other section is the subsection
    html = (
        f'<html><head><link rel="canonical" href="{BASE}/world/2026/05/20/x.html">'
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "H", "articleSection": "World"}</script></head>'
        "<body><main><article>"
        "<p>The first paragraph of the drifted article is long enough to count as body text here.</p>"
        "</article></main></body></html>"
    )
    page = SITE.read_article(f"{BASE}/indonesia/2026/05/20/x.html", html, base_url=LOCAL)
    assert page.article is not None
    assert (page.article.url, page.article.section, page.article.subsection) == (
        f"{LOCAL}/indonesia/2026/05/20/x.html",
        "indonesia",
        "World",
    )
    assert page.fallbacks == ("subsection", "body")
