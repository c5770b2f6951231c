"""Exact values for The Jakarta Post profile (jpcrawl/pages/jakartapost.py) on small hand-built pages."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

import pytest

from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE, _is_premium
from tests.exact import parsed as _s

BASE = "https://www.thejakartapost.com"
ART = f"{BASE}/indonesia/2026/05/20/a-story.html"
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=timezone.utc)


# --- URL rules ---


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (ART, True),
        ("/indonesia/2026/05/20/a-story.html", True),
        ("http://www.thejakartapost.com/world/2026/05/20/x.html", True),
        (f"{BASE}/indonesia/2026/05/20/a-story.html-123", True),
        (f"{BASE}/indonesia/2026/05/20/a-story.html-", False),
        (f"{BASE}/indonesia/2026/05/20/a-story.htm", False),
        (f"{BASE}/indonesia/2026/5/20/a-story.html", False),
        (f"{BASE}/2026/05/20/a-story.html", False),
        (f"{BASE}/a/b/2026/05/20/a-story.html", False),
        (f"{BASE}/indonesia/2026/05/20/x/a-story.html", False),
        ("ftp://www.thejakartapost.com/indonesia/2026/05/20/a-story.html", False),
        ("  /indonesia/2026/05/20/a-story.html  ", True),
        ("", False),
        ("http://[::1/indonesia/2026/05/20/a.html", False),
    ],
)
def test_is_article_url(url, expected):
    assert SITE.is_article_url(url) is expected


def test_is_article_url_none():
    assert SITE.is_article_url(None) is False  # type: ignore[arg-type]


def test_html_suffix_digit_bound():
    assert SITE.is_article_url(f"{ART}-{'1' * 20}") is True
    assert SITE.is_article_url(f"{ART}-{'1' * 21}") is False


def test_fold_path():
    assert SITE.fold_path(f"{ART}-123") == ART
    assert SITE.fold_path(f"{ART}-123?page=2#x") == f"{ART}?page=2#x"
    assert SITE.fold_path(ART) == ART
    assert SITE.fold_path(f"{BASE}/x.html-12/y") == f"{BASE}/x.html-12/y"


def test_canonical_url_folds_suffix_and_host():
    assert (
        SITE.canonical_url("http://newgelora.thejakartapost.com/indonesia/2026/05/20/a-story.html-9") == ART
    )


def test_listing_url():
    assert SITE.listing_url(f"{BASE}/", "/indonesia/") == f"{BASE}/indonesia"
    assert SITE.listing_url(BASE, "world", 1) == f"{BASE}/world"
    assert SITE.listing_url(BASE, "world", 0) == f"{BASE}/world"
    assert SITE.listing_url(BASE, "world", 2) == f"{BASE}/world?page=2"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (f"{BASE}/business/news/sitemap.xml", "news"),
        (f"{BASE}/business/web/sitemap.xml", "web"),
        (f"{BASE}/business/images/sitemap.xml/", "images"),
        (f"{BASE}/business/web/sitemap-2.xml", "web"),
        (f"{BASE}/web/sitemap.xml", "web"),
        (f"{BASE}/sitemap.xml", "news"),
        (f"{BASE}/business/web/other.xml", "news"),
    ],
)
def test_sitemap_kind(url, kind):
    assert SITE.sitemap_kind(url) == kind


def test_profile_constants():
    assert SITE.login_url() == f"{BASE}/user/account/login"
    assert SITE.site_hosts_suffix == ".thejakartapost.com"
    assert SITE.feed_sections[-2:] == ["multimedia", "adv"]
    assert SITE.listing_min_full == 1


# --- premium ---


@pytest.mark.parametrize(
    ("html", "ld", "expected"),
    [
        ("<p>x</p>", None, False),
        ("<p>x</p>", {"isAccessibleForFree": "False"}, True),
        ("<p>x</p>", {"isAccessibleForFree": True}, False),
        ("<p>x</p>", {}, False),
        ('<meta name="tjp:is-premium" content="TRUE"><p>x</p>', None, True),
        ('<meta name="tjp:is-premium" content="premium"><p>x</p>', None, True),
        ('<meta name="tjp:is-premium" content="0"><p>x</p>', None, False),
        ('<meta name="is-free" content="1"><p>x</p>', None, False),
        ('<div class="tjp-meta__content-premium">P</div>', None, True),
        ('<span class="tjp-meta__content-premium">P</span>', None, True),
        ('<div class="tjp-paywall"></div>', None, True),
        ('<div class="tjp-overlay"></div>', None, False),
    ],
)
def test_is_premium(html, ld, expected):
    assert _is_premium(_s(html), ld) is expected


def test_is_premium_uses_given_metas_over_page():
    sel = _s('<meta name="x-is-premium" content="1"><p>x</p>')
    assert _is_premium(sel, None, {}) is False
    assert _is_premium(sel, None, {"a-is-premium": "yes"}) is True


# --- classify ---


def test_classify_kinds():
    assert SITE.classify(ART, None) is PageKind.EMPTY
    assert SITE.classify(ART, "<div class='tjp-single'><p>x</p></div>") is PageKind.ARTICLE
    assert (
        SITE.classify(ART, "<div class='tjp-single'><div class='tjp-paywall'></div></div>")
        is PageKind.PAYWALLED
    )
    # Premium (badge) but no paywall/overlay block: readable in full.
    assert (
        SITE.classify(ART, "<div class='tjp-single'><span class='tjp-meta__content-premium'>P</span></div>")
        is PageKind.ARTICLE
    )
    assert (
        SITE.classify(
            ART,
            "<div class='tjp-single'><span class='tjp-meta__content-premium'>P</span>"
            "<div class='tjp-overlay'></div></div>",
        )
        is PageKind.PAYWALLED
    )
    ld = '<script type="application/ld+json">{"@type": "NewsArticle"}</script><p>x</p>'
    assert SITE.classify(ART, ld) is PageKind.ARTICLE
    assert SITE.classify(ART, "<div class='listNews'>x</div>") is PageKind.LISTING
    assert SITE.classify(ART, "<div class='on-ie-underversion9'>Upgrade</div>") is PageKind.INTERSTITIAL


# --- article fields ---


def _article(body: str, head: str = "", url: str = ART):
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return SITE.parse_article(url, html)


def test_title_prefers_json_ld_headline_with_entities():
    a = _article(
        '<div class="tjp-single"><h1>H1 title</h1><div class="tjp-single__content"><p>Body.</p></div></div>',
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD &amp; title"}</script>'
        '<meta property="og:title" content="OG title - Indonesia - The Jakarta Post">',
    )
    assert a is not None
    assert a.title == "LD & title"


def test_title_og_minus_suffix():
    a = _article(
        '<div class="tjp-single"><div class="tjp-single__content"><p>Body.</p></div></div>',
        '<meta property="og:title" content="OG title - Indonesia - The Jakarta Post">',
    )
    assert a is not None
    assert a.title == "OG title"


def test_title_h1_when_og_has_unknown_label():
    a = _article(
        '<div class="tjp-single"><h1>My title</h1><div class="tjp-single__content"><p>Body.</p></div></div>',
        '<meta property="og:title" content="My title - Newlabel - The Jakarta Post">',
    )
    assert a is not None
    assert a.title == "My title"


def test_title_from_title_tag_last():
    a = _article(
        '<div class="tjp-single"><div class="tjp-single__content"><p>Body.</p></div></div>',
        "<title>Tag title - World - The Jakarta Post</title>",
    )
    assert a is not None
    assert a.title == "Tag title"


def test_no_title_and_no_body_is_not_an_article():
    assert _article('<div class="tjp-single"><div class="tjp-single__content"></div></div>') is None


def test_not_an_article_kind_gives_none():
    assert _article("<div class='listNews'><a href='/indonesia/2026/05/20/x.html'>x</a></div>") is None
    assert SITE.parse_article(ART, "") is None


def test_advertorial_by_section_and_by_tag():
    body = '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>'
    a = _article(body, url=f"{BASE}/adv/2026/05/20/x.html")
    assert a is not None and a.is_advertorial is True and a.section == "adv"
    a = _article(body, '<meta name="keywords" content="ADV-Brand, other">')
    assert a is not None and a.is_advertorial is True
    assert a.tags == ["ADV-Brand", "other"]
    a = _article(body, '<meta name="keywords" content="advice">')
    assert a is not None and a.is_advertorial is False


def test_tags_from_json_ld_list_when_no_meta():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>',
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": ["a", 1, "b"]}</script>',
    )
    assert a is not None
    assert a.tags == ["a", "b"]


def test_tags_from_json_ld_string():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>',
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": "x, y"}</script>',
    )
    assert a is not None
    assert a.tags == ["x", "y"]


def test_language_from_html_lang_then_og_locale_then_en():
    body = '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>'
    a = SITE.parse_article(ART, f'<html lang="id-ID"><head></head><body>{body}</body></html>')
    assert a is not None and a.language == "id"
    a = _article(body, '<meta property="og:locale" content="fr_FR">')
    assert a is not None and a.language == "fr"
    a = _article(body)
    assert a is not None and a.language == "en"


def test_dates_json_ld_naive_is_wib():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-05-20T10:00:00",'
        ' "dateModified": "2026-05-21T09:30:00Z"}</script>',
    )
    assert a is not None
    assert a.published_at == "2026-05-20T10:00:00+07:00"
    assert a.modified_at == "2026-05-21T09:30:00+00:00"


def test_dates_from_meta_tags():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>',
        '<meta property="article:published_time" content="2026-05-20T08:00:00+07:00">'
        '<meta property="article:modified_time" content="2026-05-20T09:00:00+07:00">',
    )
    assert a is not None
    assert a.published_at == "2026-05-20T08:00:00+07:00"
    assert a.modified_at == "2026-05-20T09:00:00+07:00"


def test_dates_from_created_span():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-meta">'
        '<span class="created">2026-05-19T07:00:00</span>'
        '</div><div class="tjp-single__content"><p>B.</p></div></div>'
    )
    assert a is not None
    assert a.published_at == "2026-05-19T07:00:00+07:00"


def test_premium_and_paywalled_flags():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><span class="tjp-meta__content-premium">Premium</span>'
        '<div class="tjp-single__content"><p>Teaser.</p><div class="tjp-paywall"></div>'
        "<p>Hidden.</p></div></div>"
    )
    assert a is not None
    assert (a.is_premium, a.is_paywalled) == (True, True)
    assert a.body == ["Teaser."]
    a = _article('<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>')
    assert a is not None
    assert (a.is_premium, a.is_paywalled) == (False, False)


def test_canonical_link_used_when_url_is_not_an_article():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>',
        f'<link rel="canonical" href="{ART}-77">',
        url=f"{BASE}/read?id=1",
    )
    assert a is not None
    assert a.url == ART
    assert a.section == "indonesia"


def test_canonical_link_not_an_article_is_ignored():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>',
        f'<link rel="canonical" href="{BASE}/other">',
        url=f"{BASE}/read?id=1",
    )
    assert a is not None
    assert a.url == f"{BASE}/read?id=1"


def test_subsection_from_active_breadcrumb():
    a = _article(
        '<div class="tjp-single"><ol><li class="tjp-breadcrumb__list-item">Indonesia</li>'
        '<li class="tjp-breadcrumb__list-item active"> </li>'
        '<li class="tjp-breadcrumb__list-item active"> Politics </li></ol>'
        '<h1>T</h1><div class="tjp-single__content"><p>B.</p></div></div>'
    )
    assert a is not None
    assert a.subsection == "Politics"


def test_subtitle_from_description_without_head():
    a = _article(
        '<div class="tjp-single"><h1>T</h1><div class="tjp-single__content"><p>First para.</p></div></div>',
        '<meta name="description" content="A summary.">',
    )
    assert a is not None
    assert a.subtitle == "A summary."


def test_subtitle_none_when_head_has_no_lede():
    a = _article(
        '<div class="tjp-single"><div class="tjp-single__head"><h1>T</h1></div>'
        '<div class="tjp-single__content"><p>First para.</p></div></div>',
        '<meta name="description" content="A summary.">',
    )
    assert a is not None
    assert a.subtitle is None


# --- listing ---


def _listing(items: str):
    return SITE.parse_listing(
        f"{BASE}/indonesia", f"<html><body><div class='tjp-newsListing'>{items}</div></body></html>", now=NOW
    )


def test_listing_entry_fields():
    lst = _listing(
        '<div class="listNews premium"><a href="/indonesia/2026/05/20/one.html-5"><img src="/i.jpg"></a>'
        '<h2 class="titleNews"><a href="/indonesia/2026/05/20/one.html"> One  title </a></h2>'
        '<p> Summary  text </p><span class="date">2026-05-20T08:00:00</span>'
        '<div class="dt-news">Politics <span class="premiumBadge">Premium</span></div></div>'
    )
    assert len(lst.entries) == 1
    e = lst.entries[0]
    assert e.url == f"{BASE}/indonesia/2026/05/20/one.html"
    assert e.title == "One title"
    assert e.summary == "Summary text"
    assert e.is_premium is True
    assert e.subsection == "Politics"
    assert e.image == f"{BASE}/i.jpg"


def test_listing_time_datetime_attribute_wins():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<time datetime="2026-05-20T01:02:03">x</time><span class="date">3 hours ago</span></div>'
    )
    assert lst.entries[0].published_at == "2026-05-20T01:02:03+07:00"


def test_listing_relative_date():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<span class="date">3 hours ago</span></div>'
    )
    assert lst.entries[0].published_at == "2026-05-20T09:00:00+00:00"
    assert lst.field_errors == {}


def test_listing_unreadable_date_counted():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<span class="date">sometime</span></div>'
    )
    assert lst.entries[0].published_at is None
    assert lst.field_errors == {"published_at": 1}


def test_listing_title_from_a_title_attr_and_summary_skips_title_and_date():
    lst = _listing(
        '<div class="listNews"><a title=" Attr  title " href="/world/2026/05/20/t.html"><img src="x.jpg"></a>'
        '<p>Attr title</p><div class="date"><p>2 hours ago</p></div><p>Real summary</p></div>'
    )
    e = lst.entries[0]
    assert e.title == "Attr title"
    assert e.summary == "Real summary"
    assert e.is_premium is False


def test_listing_item_without_article_link_skipped_and_dupes_dropped():
    lst = _listing(
        '<div class="listNews"><a href="/indonesia">section</a></div>'
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2></div>'
        '<div class="listNews"><h2 class="titleNews">'
        '<a href="/world/2026/05/20/t.html-3">T again</a></h2></div>'
    )
    assert [e.title for e in lst.entries] == ["T"]


def test_listing_empty_page():
    lst = SITE.parse_listing(f"{BASE}/indonesia", "", now=NOW)
    assert lst.entries == [] and lst.next_url is None and lst.error is None
    lst = SITE.parse_listing(f"{BASE}/indonesia", "<html><body><p>Not found</p></body></html>", now=NOW)
    assert lst.entries == [] and lst.next_url is None


def test_listing_next_page_when_full():
    lst = SITE.parse_listing(
        f"{BASE}/world",
        '<html><body><div class="tjp-newsListing"><div class="listNews"><h2 class="titleNews">'
        '<a href="/world/2026/05/20/t.html">T</a></h2></div></div></body></html>',
        now=NOW,
    )
    assert lst.next_url == f"{BASE}/world?page=2"


def test_listing_title_link_wins_over_image_link():
    lst = _listing(
        '<div class="listNews"><a href="/world/2026/05/19/image-link.html"><img src="/i.jpg"></a>'
        '<div class="titleNews"><a href=" /world/2026/05/20/title-link.html ">T</a></div></div>'
    )
    assert [e.url for e in lst.entries] == [f"{BASE}/world/2026/05/20/title-link.html"]
    assert lst.entries[0].title == "T"


def test_listing_first_article_link_when_no_title_link():
    lst = _listing(
        '<div class="listNews"><a href="/world">World</a><a href="/world/2026/05/19/x.html"></a>'
        "<h3>H3 title</h3></div>"
    )
    assert [(e.url, e.title) for e in lst.entries] == [(f"{BASE}/world/2026/05/19/x.html", "H3 title")]


def test_listing_unparseable_datetime_attr_falls_to_date_text():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<time datetime="garbage">x</time><span class="date">2 hours ago</span></div>'
    )
    assert lst.entries[0].published_at == "2026-05-20T10:00:00+00:00"
    assert lst.field_errors == {}


def test_listing_unparseable_datetime_attr_alone_is_counted():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<time datetime="garbage">x</time></div>'
    )
    assert lst.entries[0].published_at is None
    assert lst.field_errors == {"published_at": 1}


def test_listing_no_date_at_all_is_not_an_error():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2></div>'
    )
    assert lst.entries[0].published_at is None
    assert lst.entries[0].summary is None
    assert lst.entries[0].subsection is None
    assert lst.entries[0].image is None
    assert lst.field_errors == {}


def test_listing_subsection_strips_premium_and_date():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<div class="dt-news"> Asia  &amp; Pacific <span class="date">1 hour ago</span> Premium</div></div>'
    )
    e = lst.entries[0]
    assert e.subsection == "Asia & Pacific"
    assert e.is_premium is False


def test_listing_subsection_only_premium_is_none():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<div class="dt-news">premium</div></div>'
    )
    assert lst.entries[0].subsection is None


def test_listing_subsection_word_ending_in_premium_kept():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<div class="dt-news">Nonpremium</div></div>'
    )
    assert lst.entries[0].subsection == "Nonpremium"


def test_listing_premium_by_class_token_case_insensitive():
    lst = _listing(
        '<div class="listNews Premium"><h2 class="titleNews">'
        '<a href="/world/2026/05/20/t.html">T</a></h2></div>'
        '<div class="listNews premiumish"><h2 class="titleNews">'
        '<a href="/world/2026/05/20/u.html">U</a></h2></div>'
        '<div class="listNews"><span class="premiumBadge"></span>'
        '<h2 class="titleNews"><a href="/world/2026/05/20/v.html">V</a></h2></div>'
    )
    assert [e.is_premium for e in lst.entries] == [True, False, True]


def test_listing_image_skips_placeholder_and_uses_lazy_src():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<div class="imageLatest"><img src="data:image/gif;base64,R0"><img data-src="https://img.jakpost.net/c/x.jpg"></div>'
        "</div>"
    )
    assert lst.entries[0].image == "https://img.jakpost.net/c/x.jpg"


def test_listing_summary_equal_to_title_skipped():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">Same</a></h2>'
        "<p>Same</p><p> </p><p>Other</p></div>"
    )
    assert lst.entries[0].summary == "Other"


def _item_title(inner: str) -> str | None:
    lst = _listing(
        f'<div class="listNews"><a title="attr" href="/world/2026/05/20/t.html">x</a>{inner}</div>'
    )
    return lst.entries[0].title


def test_listing_title_selector_order():
    assert (
        _item_title('<div class="titleNews">div</div><h2 class="titleNews">h2 classed</h2>') == "h2 classed"
    )
    assert _item_title('<h2>plain</h2><div class="titleNews">classed</div>') == "classed"
    assert _item_title("<h3>three</h3><h2>two</h2>") == "two"
    assert _item_title("<h4>four</h4><h3>three</h3>") == "three"
    assert _item_title("<h5>five</h5><h4>four</h4>") == "four"
    assert _item_title("<h6>six</h6><h5>five</h5>") == "five"
    assert _item_title("<h6>six</h6>") == "attr"


def test_listing_badge_text_is_not_subsection():
    lst = _listing(
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/t.html">T</a></h2>'
        '<div class="dt-news">Politics <span class="premiumBadge">Locked</span></div></div>'
    )
    assert lst.entries[0].subsection == "Politics"
    assert lst.entries[0].is_premium is True


def test_listing_on_a_local_origin():
    local = "http://127.0.0.1:8123"
    lst = SITE.parse_listing(
        f"{local}/world/2026/05/20/index",
        '<html><body><div class="tjp-newsListing"><div class="listNews">'
        '<h2 class="titleNews"><a href="t.html">T</a></h2>'
        '<img src="https://cdn.thejakartapost.com/i.jpg"></div>'
        '<div class="listNews"><h2 class="titleNews"><a href="/world/2026/05/20/u.html">U</a></h2>'
        '<img src="pic.jpg"></div></div></body></html>',
        base_url=local,
        now=NOW,
    )
    assert [(e.url, e.image) for e in lst.entries] == [
        (f"{local}/world/2026/05/20/t.html", f"{local}/i.jpg"),
        (f"{local}/world/2026/05/20/u.html", f"{local}/world/2026/05/20/pic.jpg"),
    ]


def test_complete_page_needs_no_fallbacks():
    html = (
        '<html lang="en"><head><meta name="keywords" content="a, b">'
        '<meta property="article:published_time" content="2026-05-20T08:00:00+07:00"></head><body>'
        '<div class="tjp-single"><div class="tjp-single__head"><h1>Title</h1>'
        '<div class="tjp-meta"><span class="tjp-meta__label">Ann Lee (The Jakarta Post)</span>'
        '<span class="tjp-meta__location">Jakarta</span></div></div>'
        '<div class="tjp-single__content"><p>Body.</p></div></div></body></html>'
    )
    page = SITE.read_article(ART, html)
    assert page.fallbacks == ()
    a = page.article
    assert a is not None
    assert a.tags == ["a", "b"]
    assert a.authors == ["Ann Lee"]
    assert a.source == "The Jakarta Post"
    assert a.dateline == "Jakarta"
    assert a.title == "Title"
    assert a.body == ["Body."]


# --- never raising: each entry point logs and returns its empty value ---

BAD: Any = 123  # not a document: make_selector raises AttributeError on it


def _only_record(caplog: pytest.LogCaptureFixture) -> logging.LogRecord:
    recs = [r for r in caplog.records if r.name == "jpcrawl.pages.jakartapost"]
    assert len(recs) == 1
    assert recs[0].levelno == logging.ERROR
    assert recs[0].exc_info is not None and recs[0].exc_info[0] is AttributeError
    return recs[0]


def test_classify_failure_is_empty_and_logged(caplog):
    with caplog.at_level(logging.ERROR):
        assert SITE.classify("https://u.example/1", BAD) is PageKind.EMPTY
    assert _only_record(caplog).getMessage() == "classify failed for https://u.example/1"


def test_read_article_failure_counted_and_logged(caplog):
    errors: dict[str, int] = {}
    with caplog.at_level(logging.ERROR):
        page = SITE.read_article("https://u.example/2", BAD, errors=errors)
    assert page.article is None and page.fallbacks == ()
    assert errors == {"page": 1}
    assert _only_record(caplog).getMessage() == "parse_article failed for https://u.example/2"


def test_parse_listing_failure_reports_error(caplog):
    with caplog.at_level(logging.ERROR):
        lst = SITE.parse_listing("https://u.example/3", BAD, now=NOW)
    assert lst.error == "AttributeError: 'int' object has no attribute 'strip'"
    assert lst.entries == [] and lst.next_url is None
    assert _only_record(caplog).getMessage() == "parse_listing failed for https://u.example/3"


def test_parse_login_form_failure_is_none(caplog):
    with caplog.at_level(logging.ERROR):
        assert SITE.parse_login_form("https://u.example/4", BAD) is None
    assert _only_record(caplog).getMessage() == "parse_login_form failed for https://u.example/4"


def test_is_logged_in_failure_is_false(caplog):
    with caplog.at_level(logging.ERROR):
        assert SITE.is_logged_in(BAD) is False
    assert _only_record(caplog).getMessage() == "is_logged_in failed"


def test_login_form_and_logout_on_real_markup():
    form = SITE.parse_login_form(
        f"{BASE}/user/account/login",
        '<form class="other"><input type="password" name="x"></form>'
        '<form class="auth-box__content-form" action="/user/account/login">'
        '<input type="hidden" name="_token" value="t"><input type="email" name="email">'
        '<input type="password" name="password"></form>',
    )
    assert form is not None
    assert form.action_url == f"{BASE}/user/account/login"
    assert form.fields == {"_token": "t"}
    hidden = '<div class="on-ie-underversion9"><a href="/user/account/logout">Logout</a></div><p>x</p>'
    assert SITE.is_logged_in(hidden) is False
    assert SITE.is_logged_in('<a href="/user/account/logout">Logout</a>') is True


def test_listing_site_link_folds_onto_the_crawl_origin():
    local = "http://127.0.0.1:8123"
    lst = SITE.parse_listing(
        f"{local}/world",
        '<html><body><div class="tjp-newsListing"><div class="listNews"><h2 class="titleNews">'
        f'<a href="{BASE}/world/2026/05/20/t.html">T</a></h2></div></div></body></html>',
        base_url=local,
        now=NOW,
    )
    assert [e.url for e in lst.entries] == [f"{local}/world/2026/05/20/t.html"]


# --- URL rules: exact characters stripped ---


def test_fold_path_leaves_an_unsuffixed_url_untouched():
    # rebuilding the URL would drop the empty query and fragment
    assert SITE.fold_path(f"{ART}?") == f"{ART}?"
    assert SITE.fold_path(f"{ART}#") == f"{ART}#"


def test_listing_url_strips_only_slashes():
    assert SITE.listing_url("http://127.0.0.1:8123/BOX/", "/RX/") == "http://127.0.0.1:8123/BOX/RX"
    assert (
        SITE.listing_url("http://127.0.0.1:8123/BOX", "XworldX", 3)
        == "http://127.0.0.1:8123/BOX/XworldX?page=3"
    )


def test_sitemap_kind_strips_only_trailing_slashes():
    assert SITE.sitemap_kind(f"{BASE}/business/web/sitemap/X") == "news"
