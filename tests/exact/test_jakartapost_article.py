"""Exact values for The Jakarta Post article reader's field helpers (jpcrawl/pages/jakartapost.py) on small
hand-built pages shaped like the site's markup (/work/shared/SITE.md)."""

from __future__ import annotations

import pytest

from jpcrawl.pages.base import json_ld_article, make_selector, meta_map
from jpcrawl.pages.jakartapost import (
    _article_scope,
    _body,
    _byline,
    _dateline,
    _dates,
    _description,
    _Doc,
    _head_subtitle,
    _images,
    _is_label,
    _language,
    _not_body,
    _subsection,
    _tags,
    _title,
)

BASE = "https://www.thejakartapost.com"
ART = f"{BASE}/indonesia/2026/05/20/a-story.html"
LOCAL = "http://127.0.0.1:8123"


def _doc(body: str, head: str = "", url: str = ART, base: str = BASE, lang: str = "") -> _Doc:
    sel = make_selector(f"<html{lang}><head>{head}</head><body>{body}</body></html>")
    assert sel is not None
    return _Doc(
        sel=sel,
        page_url=url,
        base_url=base,
        ld=json_ld_article(sel),
        metas=meta_map(sel),
        scope=_article_scope(sel),
    )


def _ld(obj: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {obj}}}</script>'


def _single(inner: str) -> str:
    return f'<div class="tjp-single">{inner}</div>'


# --- labels and body filters ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Premium", True),
        ("PREMIUM", True),
        ("share this article", True),
        ("Published on", True),
        ("Gift Premium Articles", True),  # boilerplate, not a UI label
        ("Your browser is out of date, please update", True),  # boilerplate prefix
        ("Jakarta", False),
        ("Premium content", False),
    ],
)
def test_is_label(text, expected):
    assert _is_label(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Read also: Other headline", True),
        ("READ MORE: x", True),
        ("Baca juga: x", True),
        ("Also read x", True),
        ("Subscribe to read the full story", True),  # boilerplate prefix
        ("Thank You", True),
        ("Already read also this", False),
        ("Readers also wrote in.", False),
        ("Premium", False),  # a UI label, but a one-word body paragraph is kept
        ("The minister said so.", False),
    ],
)
def test_not_body(text, expected):
    assert _not_body(text) is expected


# --- tags and language ---


def test_tags_from_keywords_meta():
    assert _tags(_doc("", '<meta name="keywords" content="jokowi, election">')) == ["jokowi", "election"]


def test_tags_from_news_keywords_meta():
    assert _tags(_doc("", '<meta name="news_keywords" content="a,b">')) == ["a", "b"]


def test_tags_meta_wins_over_json_ld():
    doc = _doc("", '<meta name="keywords" content="meta-tag">' + _ld('"keywords": ["ld-tag"]'))
    assert _tags(doc) == ["meta-tag"]


def test_tags_json_ld_list_joined_as_separate_tags():
    assert _tags(_doc("", _ld('"keywords": ["one two", "three"]'))) == ["one two", "three"]


def test_tags_json_ld_string_and_none():
    assert _tags(_doc("", _ld('"keywords": "x,y"'))) == ["x", "y"]
    assert _tags(_doc("", _ld('"headline": "h"'))) == []
    assert _tags(_doc("")) == []


def test_language_html_lang_first():
    doc = _doc("", '<meta property="og:locale" content="fr_FR">', lang=' lang="id"')
    assert _language(doc) == "id"


def test_language_og_locale_then_default():
    assert _language(_doc("", '<meta property="og:locale" content="fr_FR">')) == "fr"
    assert _language(_doc("")) == "en"


# --- subsection ---


def test_subsection_first_nonempty_active_item():
    doc = _doc(
        _single(
            '<ol><li class="tjp-breadcrumb__list-item active"></li>'
            '<li class="tjp-breadcrumb__list-item active">Politics</li>'
            '<li class="tjp-breadcrumb__list-item active">Later</li></ol>'
        )
    )
    assert _subsection(doc.scope) == "Politics"


def test_subsection_none_without_active_item():
    doc = _doc(_single('<ol><li class="tjp-breadcrumb__list-item">Indonesia</li></ol>'))
    assert _subsection(doc.scope) is None


# --- title ---


def test_title_json_ld_headline_wins_and_is_cleaned():
    doc = _doc(_single("<h1>H1</h1>"), _ld('"headline": "  Rice &amp; oil  "'))
    assert _title(doc, "indonesia") == "Rice & oil"


def test_title_og_title_with_known_section_label():
    doc = _doc(_single(""), '<meta property="og:title" content="Story - Business - The Jakarta Post">')
    assert _title(doc, "indonesia") == "Story"


def test_title_twitter_title_when_no_og():
    doc = _doc(_single(""), '<meta name="twitter:title" content="Tweet story - The Jakarta Post">')
    assert _title(doc, "indonesia") == "Tweet story"


def test_title_url_section_is_a_label():
    doc = _doc(_single(""), '<meta property="og:title" content="Story - Papers - The Jakarta Post">')
    assert _title(doc, "papers") == "Story"
    assert _title(doc, None) == "Story - Papers"


def test_title_active_breadcrumb_is_a_label():
    doc = _doc(
        _single('<ol><li class="tjp-breadcrumb__list-item active">Regions</li></ol>'),
        '<meta property="og:title" content="Story - Regions - The Jakarta Post">',
    )
    assert _title(doc, None) == "Story"


def test_title_breadcrumb_items_are_labels():
    doc = _doc(
        _single('<ol><li class="tjp-breadcrumb__list-item">Regions</li></ol>'),
        '<meta property="og:title" content="Story - Regions - The Jakarta Post">',
    )
    assert _title(doc, None) == "Story"


def test_title_h1_when_og_has_an_unknown_label():
    doc = _doc(
        _single("<h1>Story</h1>"), '<meta property="og:title" content="Story - Zzz - The Jakarta Post">'
    )
    assert _title(doc, None) == "Story"


def test_title_og_wins_over_a_different_h1():
    doc = _doc(_single("<h1>Short</h1>"), '<meta property="og:title" content="Short: the long version">')
    assert _title(doc, None) == "Short: the long version"


def test_title_og_that_extends_h1_without_separator_wins():
    doc = _doc(_single("<h1>Short</h1>"), '<meta property="og:title" content="Short -the rest">')
    assert _title(doc, None) == "Short -the rest"


def test_title_og_equal_to_h1():
    doc = _doc(_single("<h1>Same - Zzz</h1>"), '<meta property="og:title" content="Same - Zzz">')
    assert _title(doc, None) == "Same - Zzz"


def test_title_h1_alone_skips_logo_and_drop_cap():
    doc = _doc(
        '<h1 class="thejakartapost">The Jakarta Post</h1>'
        + _single('<div class="tjp-single__head"><h1 class="tjp-opening__char">J</h1><h1>Head</h1></div>')
    )
    assert _title(doc, None) == "Head"


def test_title_tag_last_with_labels():
    doc = _doc(_single(""), "<title>Tag story - Regions - The Jakarta Post</title>")
    assert _title(doc, "regions") == "Tag story"
    assert _title(doc, None) == "Tag story - Regions"


def test_title_none_when_nothing():
    assert _title(_doc(_single("<p>x</p>")), None) is None


# --- byline ---


def _meta_row(inner: str) -> str:
    return _single(f'<div class="tjp-single__head"><h1>T</h1><div class="tjp-meta">{inner}</div></div>')


def test_byline_names_and_source():
    doc = _doc(_meta_row('<span class="tjp-meta__label">Ann Lee and Budi Santoso (The Jakarta Post)</span>'))
    assert _byline(doc) == (["Ann Lee", "Budi Santoso"], "The Jakarta Post")


def test_byline_bare_agency_is_a_source():
    doc = _doc(_meta_row('<span class="tjp-meta__label">Reuters</span>'))
    assert _byline(doc) == ([], "Reuters")


def test_byline_skips_a_ui_label_element():
    doc = _doc(
        _meta_row('<span class="tjp-meta__label">Premium</span><span class="tjp-meta__label">Ann Lee</span>')
    )
    assert _byline(doc) == (["Ann Lee"], None)


def test_byline_old_layout_one_span_per_writer():
    doc = _doc(
        '<div class="detailNews"><span class="writerName">Ann Lee</span>'
        '<span class="writerName">Budi Santoso</span><p>x</p></div>'
    )
    assert _byline(doc) == (["Ann Lee", "Budi Santoso"], None)


def test_byline_json_ld_then_meta():
    assert _byline(_doc(_single(""), _ld('"author": [{"@type": "Person", "name": "Ann Lee"}]'))) == (
        ["Ann Lee"],
        None,
    )
    assert _byline(_doc(_single(""), '<meta name="author" content="Budi Santoso">')) == (
        ["Budi Santoso"],
        None,
    )


# --- dateline ---


def test_dateline_location_element():
    doc = _doc(
        _meta_row(
            '<span class="tjp-meta__label">Reuters</span><span class="tjp-meta__location">Tokyo, Japan</span>'
        )
    )
    assert _dateline(doc, [], "Reuters") == "Tokyo, Japan"


@pytest.mark.parametrize("cls", ["tjp-meta__dateline", "meta-location-x", "the-dateline"])
def test_dateline_classed_elements(cls):
    doc = _doc(_meta_row(f'<span class="{cls}">Bandung</span><span>Surabaya</span>'))
    assert _dateline(doc, [], None) == "Bandung"


def test_dateline_classed_element_in_head_outside_meta_row():
    doc = _doc(_single('<div class="tjp-single__head"><p class="dateline-x">Medan</p></div>'))
    assert _dateline(doc, [], None) == "Medan"


def test_dateline_first_plain_text_of_meta_row():
    doc = _doc(
        _meta_row(
            '<span class="tjp-meta__label">Ann Lee (The Jakarta Post)</span>'
            '<div class="tjp-meta__content-premium">Premium</div>'
            '<span class="created">Published on 2026-05-20T08:00:00+07:00</span>'
            '<span class="share-box">Facebook</span>'
            "<span>Share</span><span>Reuters</span><span>(AFP)</span>"
            "<span>Jakarta</span>"
        )
    )
    assert _dateline(doc, ["Ann Lee"], "The Jakarta Post") == "Jakarta"


def test_dateline_skips_author_names_case_insensitively():
    doc = _doc(_meta_row("<span>ANN LEE</span><span>Jakarta</span>"))
    assert _dateline(doc, ["Ann Lee"], None) == "Jakarta"
    assert _dateline(doc, [], None) == "ANN LEE"


def test_dateline_skips_the_source_name():
    doc = _doc(_meta_row("<span>Foo Wire</span><span>Jakarta</span>"))
    assert _dateline(doc, [], "FOO WIRE") == "Jakarta"
    assert _dateline(doc, [], None) == "Foo Wire"


def test_dateline_skips_byline_label_text_repeated_in_the_row():
    doc = _doc(
        _meta_row('<span class="tjp-meta__label">Ann Lee</span><span>Ann Lee</span><span>Jakarta</span>')
    )
    assert _dateline(doc, [], None) == "Jakarta"


def test_dateline_only_first_meta_row():
    doc = _doc(
        _single(
            '<div class="tjp-meta"><span>(AFP)</span></div><div class="tjp-meta"><span>Jakarta</span></div>'
        )
    )
    assert _dateline(doc, [], None) is None


def test_dateline_old_layout_posting():
    doc = _doc(
        '<div class="detailNews"><span class="posting">Jakarta / Mon, May 20, 2026 / 08:00 am</span>'
        "<p>x</p></div>"
    )
    assert _dateline(doc, [], None) == "Jakarta"


@pytest.mark.parametrize(
    ("posting", "expected"),
    [
        ("Nusa Dua Bali Indonesia / Mon, May 20, 2026", "Nusa Dua Bali Indonesia"),
        ("Nusa Dua Bali West Indonesia / Mon, May 20, 2026", None),
        ("Mon, May 20, 2026 / 08:00 am", None),
        ("  Bogor  ", "Bogor"),
        (" / Jakarta", None),
    ],
)
def test_dateline_old_layout_posting_rules(posting, expected):
    doc = _doc(f'<div class="post-like"><span class="posting">{posting}</span></div>')
    assert _dateline(doc, [], None) == expected


def test_dateline_none():
    assert _dateline(_doc(_meta_row("<span>2026</span>")), [], None) is None


# --- dates ---


def test_dates_json_ld_wins_over_metas():
    doc = _doc(
        _single(""),
        _ld('"datePublished": "2026-05-20T10:00:00", "dateModified": "2026-05-21T11:00:00"')
        + '<meta property="article:published_time" content="2026-01-01T00:00:00+07:00">'
        '<meta property="article:modified_time" content="2026-01-02T00:00:00+07:00">',
    )
    assert _dates(doc) == ("2026-05-20T10:00:00+07:00", "2026-05-21T11:00:00+07:00")


def test_dates_created_span_with_published_on_text():
    doc = _doc(_meta_row('<span class="created">Published on 2023-05-24T16:38:14+07:00</span>'))
    assert _dates(doc) == ("2023-05-24T16:38:14+07:00", None)


def test_dates_created_span_human_text_is_wib():
    doc = _doc(_meta_row('<span class="created">Published on May 24, 2023, 4:38 pm</span>'))
    assert _dates(doc) == ("2023-05-24T16:38:00+07:00", None)


@pytest.mark.parametrize("name", ["article:published_time", "pubdate", "publishdate"])
def test_dates_published_metas(name):
    doc = _doc(_single(""), f'<meta name="{name}" content="2026-05-20T08:00:00">')
    assert _dates(doc) == ("2026-05-20T08:00:00+07:00", None)


@pytest.mark.parametrize("name", ["article:modified_time", "lastmod"])
def test_dates_modified_metas(name):
    doc = _doc(_single(""), f'<meta name="{name}" content="2026-05-20T08:00:00">')
    assert _dates(doc) == (None, "2026-05-20T08:00:00+07:00")


@pytest.mark.parametrize("cls", ['span class="updated"', 'div class="modified"'])
def test_dates_updated_elements(cls):
    tag = cls.split()[0]
    doc = _doc(_meta_row(f"<{cls}>Updated on 2026-05-21T09:00:00</{tag}>"))
    assert _dates(doc) == (None, "2026-05-21T09:00:00+07:00")


def test_dates_updated_inside_head_only_when_modified_class():
    doc = _doc(_single('<div class="tjp-single__head"><div class="modified">2026-05-21T09:00:00</div></div>'))
    assert _dates(doc) == (None, "2026-05-21T09:00:00+07:00")


def test_dates_old_layout_day_and_time():
    doc = _doc(
        '<div class="detailNews"><span class="day">Sat, April 25, 2020</span>'
        '<span class="time">08:40 am</span><p>x</p></div>'
    )
    assert _dates(doc) == ("2020-04-25T08:40:00+07:00", None)


def test_dates_old_layout_day_without_time_is_date_only():
    doc = _doc('<div class="detailNews"><span class="day">Sat, April 25, 2020</span><p>x</p></div>')
    assert _dates(doc) == ("2020-04-25", None)


def test_dates_full_time_beats_earlier_date_only():
    doc = _doc(
        _single(""),
        _ld('"datePublished": "2026-05-20"') + '<meta name="pubdate" content="2026-05-20T08:00:00+07:00">',
    )
    assert _dates(doc) == ("2026-05-20T08:00:00+07:00", None)


def test_dates_none():
    assert _dates(_doc(_single("<p>x</p>"))) == (None, None)


# --- description and head subtitle ---


@pytest.mark.parametrize(
    "attr", ['property="og:description"', 'name="description"', 'name="twitter:description"']
)
def test_description_metas(attr):
    assert _description(_doc("", f'<meta {attr} content="Rice &amp;amp; oil">')) == "Rice & oil"


def test_description_og_first():
    doc = _doc("", '<meta name="description" content="plain"><meta property="og:description" content="og">')
    assert _description(doc) == "og"


def test_description_json_ld_when_no_meta():
    assert _description(_doc("", _ld('"description": " LD &amp; desc "'))) == "LD & desc"
    assert _description(_doc("")) is None


def _head(inner: str) -> str:
    return _single(f'<div class="tjp-single__head"><h1>The title</h1>{inner}</div>')


def test_head_subtitle_paragraph():
    doc = _doc(_head("<p>A lede of more than four words.</p>"))
    assert _head_subtitle(doc.scope, "The title") == "A lede of more than four words."


def test_head_subtitle_classed_before_plain_paragraph():
    doc = _doc(
        _head(
            '<p>A plain paragraph of words here.</p><div class="tjp-summary">The summary of this story.</div>'
        )
    )
    assert _head_subtitle(doc.scope, "The title") == "The summary of this story."


@pytest.mark.parametrize(
    "cls", ["subtitle", "summary", "lede", "excerpt", "description", "deck", "standfirst"]
)
def test_head_subtitle_classed_kinds(cls):
    doc = _doc(
        _head(f'<p>Plain words that are not it.</p><span class="x-{cls}">The chosen lede words here.</span>')
    )
    assert _head_subtitle(doc.scope, "The title") == "The chosen lede words here."


@pytest.mark.parametrize(
    "cls",
    [
        "tjp-meta",
        "tjp-breadcrumb",
        "tjp-gift",
        "share-box",
        "modal-x",
        "tjp-newsletter",
        "caption-x",
        "TJP-PREMIUM",
    ],
)
def test_head_subtitle_excluded_blocks(cls):
    doc = _doc(
        _head(f'<div class="{cls}"><p>Words inside an excluded block.</p></div><p>The real lede words.</p>')
    )
    assert _head_subtitle(doc.scope, "The title") == "The real lede words."


def test_head_subtitle_skips_title_and_labels():
    doc = _doc(_head("<p>The title</p><p>Gift Premium Articles to Anyone</p><p>The real lede words.</p>"))
    assert _head_subtitle(doc.scope, "The title") == "The real lede words."


def test_head_subtitle_none_without_head():
    doc = _doc(_single("<p>A paragraph outside any head.</p>"))
    assert _head_subtitle(doc.scope, None) is None


def test_head_subtitle_first_head_only():
    doc = _doc(
        _single(
            '<div class="tjp-single__head"><h1>T</h1></div>'
            '<div class="tjp-single__head"><p>A lede in the second head.</p></div>'
        )
    )
    assert _head_subtitle(doc.scope, "T") is None


# --- scope, body, images ---


def test_article_scope_first_block_in_document_order():
    doc = _doc('<div class="main-single"><p>old</p></div><div class="tjp-single"><p>new</p></div>')
    assert doc.scope.attrib["class"] == "main-single"


def test_article_scope_whole_page_without_block():
    sel = make_selector("<html><body><p>x</p></body></html>")
    assert sel is not None
    assert _article_scope(sel) is sel


def test_body_drop_cap_read_also_junk_and_paywall():
    doc = _doc(
        _single(
            '<div class="tjp-single__content"><div class="tjp-opening"><h1 class="tjp-opening__char">J</h1>'
            '<p class="tjp-opening__txt">apanese Prime Minister spoke.</p></div>'
            "<p>Read also: <a>Other headline</a></p>"
            '<div class="tjp-single__content-ads"><p>Ad text</p></div>'
            "<p>Second <i>para</i>.</p><p>Thank You</p>"
            '<div class="tjp-paywall"><p>Subscribe now</p></div><p>Hidden.</p></div>'
        )
    )
    assert _body(doc.scope, doc.sel) == ["Japanese Prime Minister spoke.", "Second para."]


def test_body_content_block_outside_the_article_scope():
    doc = _doc(_single("<h1>T</h1>") + '<div class="tjp-single__content"><p>Outside.</p></div>')
    assert _body(doc.scope, doc.sel) == ["Outside."]


def test_body_first_content_block_only():
    doc = _doc(
        _single(
            '<div class="tjp-single__content"><p>One.</p></div>'
            '<div class="tjp-single__content"><p>Two.</p></div>'
        )
    )
    assert _body(doc.scope, doc.sel) == ["One."]


@pytest.mark.parametrize("cls", ["detailNews", "main-single", "show-define-text"])
def test_body_old_layouts(cls):
    doc = _doc(f'<div class="{cls}"><p>Old body.</p><script>x</script></div>')
    assert _body(doc.scope, doc.sel) == ["Old body."]


def test_body_empty_without_content_block():
    doc = _doc(_single("<p>x</p>"))
    assert _body(doc.scope, doc.sel) == []


def test_images_figure_caption_credit_and_junk():
    doc = _doc(
        _single(
            '<div class="tjp-single__content-ads"><figure><img src="/ad.jpg"></figure></div>'
            '<figure><img data-src="https://img.jakpost.net/c/p.jpg" src="data:x">'
            "<figcaption>Kishida speaks. (AFP/Pierre-Philippe MARCOU)</figcaption></figure>"
        )
    )
    assert _images(doc, doc.scope) == [
        {
            "url": "https://img.jakpost.net/c/p.jpg",
            "caption": "Kishida speaks.",
            "credit": "AFP/Pierre-Philippe MARCOU",
        }
    ]


def test_images_relative_and_site_host_fold_onto_crawl_origin():
    doc = _doc(
        _single(
            '<figure><img src="pic.jpg"></figure>'
            '<figure><img src="https://www.thejakartapost.com/b.jpg"></figure>'
        ),
        url=f"{LOCAL}/indonesia/2026/05/20/a.html",
        base=LOCAL,
    )
    assert [i["url"] for i in _images(doc, doc.scope)] == [
        f"{LOCAL}/indonesia/2026/05/20/pic.jpg",
        f"{LOCAL}/b.jpg",
    ]


def test_images_json_ld_then_og_image_fallback():
    doc = _doc(
        _single("<p>x</p>"), _ld('"image": ["/ld.jpg"]') + '<meta property="og:image" content="/og.jpg">'
    )
    assert _images(doc, doc.scope) == [{"url": f"{BASE}/ld.jpg", "caption": None, "credit": None}]
    doc = _doc(_single("<p>x</p>"), '<meta property="og:image" content="/og.jpg">')
    assert _images(doc, doc.scope) == [{"url": f"{BASE}/og.jpg", "caption": None, "credit": None}]


def test_tags_json_ld_string_of_several_words():
    assert _tags(_doc("", _ld('"keywords": "rice, palm oil"'))) == ["rice", "palm oil"]
