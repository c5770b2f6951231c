"""Exact values for the generic head-metadata reader (jpcrawl/pages/generic/meta.py)."""

from __future__ import annotations

import pytest

from jpcrawl.pages.generic.meta import MAX_META, clean_title, header_times, host_words, read_meta
from tests.exact import parsed as _sel


def test_read_meta_fields():
    m = read_meta(
        _sel(
            '<html lang=" id "><head><title> Head &amp; title </title>'
            '<meta property="og:title" content=" OG  title ">'
            '<meta property="og:title" content="second">'
            '<meta property="og:type" content="ARTICLE">'
            '<meta property="og:image" content="/a.jpg"><meta property="og:image:url" content="/a.jpg">'
            '<meta name="twitter:image" content="/b.jpg">'
            '<meta property="og:url" content="https://s.example/x">'
            '<meta property="og:description" content="og desc">'
            '<meta name="application-name" content="App">'
            '<meta name="language" content="id">'
            '<meta name="pubdate" content="2026-01-01">'
            '<meta name="lastmod" content="2026-01-02">'
            '<meta name="section" content="World">'
            '<meta property="article:tag" content="a, b"><meta property="article:tag" content="a">'
            '<meta name="dc.creator" content="Ann">'
            '<meta name="keywords" content="k1, k2">'
            '<meta name="twitter:title" content="TW">'
            '<meta name="" content="x"><meta name="empty" content="  ">'
            '<link rel="stylesheet" href="/s.css"><link rel="Canonical x" href=" https://s.example/c ">'
            '<link rel="canonical" href="https://s.example/second">'
            "</head><body></body></html>"
        )
    )
    assert m.og_title == "OG title"
    assert m.og_type == "article"
    assert m.og_image == ["/a.jpg", "/b.jpg"]
    assert m.og_url == "https://s.example/x"
    assert m.og_description == "og desc"
    assert m.site_name == "App"
    assert m.locale == "id"
    assert m.published_time == "2026-01-01"
    assert m.modified_time == "2026-01-02"
    assert m.section == "World"
    assert m.tags == ["a", "b"]
    assert m.author == "Ann"
    assert m.description == "og desc"
    assert m.keywords == ["k1", "k2"]
    assert m.canonical == "https://s.example/c"
    assert m.html_title == "Head & title"
    assert m.lang == "id"
    assert m.twitter_title == "TW"
    assert "empty" not in m.other
    assert m.other["og:title"] == "OG title"


def test_read_meta_empty_page():
    m = read_meta(_sel("<p>x</p>"))
    assert (m.og_title, m.og_type, m.site_name, m.author, m.canonical, m.html_title, m.lang) == (None,) * 7
    assert (m.og_image, m.tags, m.keywords, m.other) == ([], [], [], {})


def test_read_meta_precedence():
    m = read_meta(
        _sel(
            '<meta name="description" content="D"><meta name="twitter:description" content="T">'
            '<meta property="og:site_name" content="Site"><meta name="application-name" content="App">'
            '<meta name="news_keywords" content="n"><meta name="keywords" content="k">'
            '<meta property="og:updated_time" content="U"><meta name="last-modified" content="L">'
            '<meta name="author" content="https://s.example/ann">'
            '<meta property="article:author" content="Bob">'
        )
    )
    assert m.description == "D"
    assert m.site_name == "Site"
    assert m.keywords == ["n"]
    assert m.modified_time == "U"
    assert m.author is None  # the first author value is a URL: not a name


@pytest.mark.parametrize(
    ("key", "value"),
    [("parsely-pub-date", "P"), ("sailthru.date", "S"), ("dc.date.issued", "I"), ("og:published_time", "O")],
)
def test_published_time_sources(key, value):
    assert read_meta(_sel(f'<meta name="{key}" content="{value}">')).published_time == value


def test_property_wins_over_name_and_itemprop():
    m = read_meta(_sel('<meta property="og:title" name="x" itemprop="y" content="v">'))
    assert m.other == {"og:title": "v"}


def test_meta_count_bound():
    metas = "".join(f'<meta name="m{i}" content="v">' for i in range(MAX_META))
    m = read_meta(_sel(metas + '<meta property="og:title" content="late">'))
    assert m.og_title is None
    assert len(m.other) == MAX_META
    m = read_meta(
        _sel(metas[: -len('<meta name="m499" content="v">')] + '<meta property="og:title" content="in">')
    )
    assert m.og_title == "in"


def test_xml_lang_and_missing_lang():
    assert read_meta(_sel('<html xml:lang="fr"><body>x</body></html>')).lang == "fr"
    assert read_meta(_sel('<html lang=" "><body>x</body></html>')).lang is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://www.example-news.co.uk/x", "examplenews"),
        ("https://m.site.com/x", "site"),
        ("https://news.example.org", "example"),
        ("https://edition.cnn.com", "cnn"),
        ("https://amp.abc.net", "abc"),
        ("https://www.com", "com"),
        ("https://www", None),
        ("", None),
        (None, None),
        ("http://[::1", None),
        ("https://longname.museum", "longname"),
        ("https://www.abc.net.au", "abc"),
        ("https://a.bcd", "a"),
    ],
)
def test_host_words(url, words):
    assert host_words(url) == words


@pytest.mark.parametrize(
    ("title", "kw", "expected"),
    [
        ("Headline - The Daily", {"site_names": ["The Daily"]}, "Headline"),
        ("Headline | Daily", {"url": "https://www.thedaily.com"}, "Headline"),
        ("Headline | The Daily", {"url": "https://daily.com"}, "Headline"),
        ("Headline - World - The Daily", {"site_names": ["The Daily"], "sections": ["World"]}, "Headline"),
        ("Headline - Sports", {"sections": ["World"]}, "Headline - Sports"),
        ("The Daily | Headline", {"site_names": ["The Daily"]}, "Headline"),
        ("Pros - cons", {}, "Pros - cons"),
        ("A - B", {"references": ["A"]}, "A"),
        ("A - B", {"references": ["A - B"]}, "A - B"),
        ("A &amp; B - Site", {"site_names": ["Site"]}, "A & B"),
        ("Site", {"site_names": ["Site"]}, "Site"),
        (" - Site", {"site_names": ["Site"]}, "- Site"),
        ("", {}, None),
        (None, {}, None),
        ("H - Times & Co", {"site_names": ["Times and Co"]}, "H"),
        ("H - a - b - c - d", {"sections": ["a", "b", "c", "d"]}, "H - a"),
    ],
)
def test_clean_title(title, kw, expected):
    assert clean_title(title, **kw) == expected


def test_clean_title_only_rightmost_separator_considered():
    assert clean_title("H | Site - x", site_names=["Site"]) == "H | Site - x"


def test_header_times_marks():
    sel = _sel(
        "<div><time datetime=' 2026-01-01 '>a</time><time datetime='2026-01-02'>b</time>"
        "<time class='updated' datetime='2026-01-03'>c</time>"
        "<time itemprop='datePublished' content='2026-01-04'>d</time>"
        "<time class='entry-date' datetime='2026-01-05'>e</time><time datetime=''>f</time>"
        "<meta itemprop='dateModified' content='2026-01-06'>"
        "<span class='post-date'>Published 2026-01-07</span><span class='date'>no digits</span>"
        "<span class='last-updated'>2026-01-08</span><span class='datex'>2026-01-09</span></div>"
    )
    pub, mod = header_times(sel)
    assert pub == ["2026-01-04", "2026-01-05", "2026-01-04", "2026-01-01", "Published 2026-01-07"]
    assert mod == ["2026-01-03", "2026-01-06", "2026-01-08"]


def test_read_meta_itemprop_key_and_og_image_url():
    m = read_meta(
        _sel(
            '<meta itemprop="datePublished" content="2026-02-03">'
            '<meta property="og:image:url" content="https://s.example/i.jpg">'
        )
    )
    assert m.published_time == "2026-02-03"
    assert m.og_image == ["https://s.example/i.jpg"]


def test_read_meta_nameless_meta_is_not_kept():
    m = read_meta(_sel('<meta http-equiv="X-UA-Compatible" content="IE=edge"><meta content="loose">'))
    assert m.other == {}


@pytest.mark.parametrize(
    ("url", "words"),
    [("https://m.abc.com", "abc"), ("https://en.abc.net.au", "abc"), ("https://news.site.com", "site")],
)
def test_host_words_drops_mobile_and_language_labels(url, words):
    assert host_words(url) == words


@pytest.mark.parametrize(
    ("title", "kw", "expected"),
    [
        ("Big news | ...", {}, "Big news | ..."),
        ("Big news | ...", {"sections": ["..."]}, "Big news | ..."),
        ("Tom &amp; Jerry - Site", {"references": ["Tom &amp; Jerry"]}, "Tom & Jerry"),
        ("The Daily | A | B", {"site_names": ["The Daily"]}, "A | B"),
        ("Daily | Headline", {"url": "https://www.thedaily.com"}, "Headline"),
    ],
)
def test_clean_title_more(title, kw, expected):
    assert clean_title(title, **kw) == expected


def test_header_times_time_count_bound():
    updated = "<time class='updated' datetime='2026-03-01'>u</time>"
    pub, mod = header_times(_sel("<div>" + "<time datetime='2026-01-01'>t</time>" * 50 + updated + "</div>"))
    assert (pub, mod) == (["2026-01-01"], [])  # the 51st <time> is not read
    pub, mod = header_times(_sel("<div>" + "<time datetime='2026-01-01'>t</time>" * 49 + updated + "</div>"))
    assert (pub, mod) == (["2026-01-01"], ["2026-03-01"])


def test_header_times_time_without_value_is_skipped():
    pub, _ = header_times(_sel("<div><time>May 1</time><time datetime='2026-05-01'>x</time></div>"))
    assert pub == ["2026-05-01"]


def test_header_times_itemprop_and_class_marks():
    sel = _sel(
        "<div><time itemprop='dateModified' datetime='M1'>a</time>"
        "<time class='created' datetime='C1'>b</time><time itemprop='datePublished' datetime='P1'>c</time>"
        "<time datetime='U1'>d</time></div>"
    )
    pub, mod = header_times(sel)
    assert pub == ["C1", "P1", "P1", "U1"]
    assert mod == ["M1", "M1"]  # a <time> with itemprop is read by both passes


def test_header_times_itemprop_count_bound():
    spans = "".join(f"<span itemprop='datePublished' content='P{i}'></span>" for i in range(21))
    pub, _ = header_times(_sel(f"<div>{spans}</div>"))
    assert pub == [f"P{i}" for i in range(20)]


def test_header_times_text_dates():
    sel = _sel(
        "<div><time class='date'>2026-01-01</time><script class='date'>d = 2026</script>"
        "<style class='date'>.a{x:2026}</style><span class='datex'>2026-01-02</span>"
        "<span class='post-date'>Published <b>2026-01-03</b></span>"
        "<span class='date-modified'>2026-01-04</span><span class='update-date'>2026-01-05</span>"
        "<p class='date'>" + "9" * 205 + "</p></div>"
    )
    pub, mod = header_times(sel)
    assert pub == ["Published 2026-01-03", "9" * 200]
    assert mod == ["2026-01-04", "2026-01-05"]


def test_header_times_text_dates_bounded_by_count():
    dates = "".join(f"<span class='date'>2026-02-{i + 1:02d}</span>" for i in range(25))
    pub, mod = header_times(_sel(f"<div>{dates}</div>"))
    assert (len(pub), mod) == (21, [])
    updated = "".join(f"<span class='updated'>2026-03-{i + 1:02d}</span>" for i in range(5))
    pub, mod = header_times(_sel(f"<div>{updated}{dates}</div>"))
    assert (len(pub), len(mod)) == (16, 5)


def test_header_times_element_count_bound():
    filler = "<i>x</i>" * 4996  # after <html>, <body>, <div>: the span is element 5000
    pub, _ = header_times(_sel(f"<div>{filler}<span class='date'>2026-04-01</span></div>"))
    assert pub == ["2026-04-01"]  # the 5000th element (index 4999) is read
    pub, _ = header_times(_sel(f"<div>{filler}<i>x</i><span class='date'>2026-04-01</span></div>"))
    assert pub == []


@pytest.mark.parametrize(
    ("metas", "field", "expected"),
    [
        ('<meta property="og:image:secure_url" content="https://s.example/s.jpg">', "og_image",
         ["https://s.example/s.jpg"]),
        ('<meta property="og:locale" content="id_ID"><meta name="language" content="en">', "locale", "id_ID"),
        ('<meta name="content-language" content="id">', "locale", "id"),
        ('<meta itemprop="datePublished" content="P"><meta name="date" content="D">', "published_time", "P"),
        ('<meta name="publishdate" content="PD"><meta name="date" content="D">', "published_time", "PD"),
        ('<meta name="date" content="D"><meta name="dc.date.issued" content="I">', "published_time", "D"),
        ('<meta name="dc.date" content="C"><meta name="dc.date.issued" content="X">', "published_time", "C"),
        ('<meta itemprop="dateModified" content="M"><meta name="lastmod" content="L">', "modified_time", "M"),
        ('<meta name="last-modified" content="LM">', "modified_time", "LM"),
        ('<meta property="article:section" content="W"><meta name="section" content="S">', "section", "W"),
        ('<meta property="article:author" content="A"><meta name="dc.creator" content="B">', "author", "A"),
        ('<meta name="author" content="http://s.example/ann">', "author", None),
        ('<meta name="author" content="/author/ann">', "author", None),
        ('<meta name="twitter:description" content="TD">', "description", "TD"),
    ],
)  # fmt: skip
def test_read_meta_sources(metas, field, expected):
    assert getattr(read_meta(_sel(metas)), field) == expected


def test_read_meta_canonical_counts_links_only():
    metas = "".join(f'<meta name="m{i}" content="v">' for i in range(500))
    m = read_meta(_sel(f'<head>{metas}<link rel="canonical" href="https://s.example/c"></head>'))
    assert m.canonical == "https://s.example/c"


def test_read_meta_link_count_bound():
    links = '<link rel="stylesheet" href="/s.css">' * 500
    m = read_meta(
        _sel(f'<head><title>T</title>{links}<link rel="canonical" href="https://s.example/c"></head>')
    )
    assert (m.canonical, m.html_title) == (None, "T")
    m = read_meta(_sel(f'<head>{links[37:]}<link rel="canonical" href="https://s.example/c"></head>'))
    assert m.canonical == "https://s.example/c"


def test_read_meta_title_decodes_double_escaped_entities():
    assert read_meta(_sel("<title>Tom &amp;amp; Jerry</title>")).html_title == "Tom & Jerry"


def test_header_times_itemprop_without_value_is_skipped():
    sel = _sel("<div><span itemprop='datePublished'>May 1</span><span itemprop='dateModified'> </span></div>")
    assert header_times(sel) == ([], [])
