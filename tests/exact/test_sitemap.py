"""Exact values for jpcrawl/pages/sitemap.py branches the fixture tests leave open (mutation testing)."""

from __future__ import annotations

import logging

import pytest

from jpcrawl.items import SitemapEntry
from jpcrawl.pages.sitemap import parse_news_sitemap, parse_rss, parse_sitemap_index

ONE_URL = "<urlset><url><loc>https://a.example/x</loc></url></urlset>"


def test_size_bound_exactly_at_limit_is_parsed():
    data = ONE_URL.encode()
    errors: dict[str, int] = {}
    assert parse_news_sitemap(data, max_bytes=len(data), errors=errors) == [
        SitemapEntry(url="https://a.example/x", published_at=None, title=None)
    ]
    assert errors == {}


def test_size_bound_one_over_is_refused_and_counted():
    data = ONE_URL.encode()
    errors: dict[str, int] = {}
    assert parse_news_sitemap(data, max_bytes=len(data) - 1, errors=errors) == []
    assert errors == {"too_large": 1}


def test_size_bound_counts_str_as_utf8_bytes():
    text = "<urlset><url><loc>https://a.example/é</loc></url></urlset>"
    errors: dict[str, int] = {}
    assert parse_news_sitemap(text, max_bytes=len(text), errors=errors) == []
    assert errors == {"too_large": 1}


def test_size_bound_zero_means_unbounded():
    assert [e.url for e in parse_news_sitemap(ONE_URL, max_bytes=0)] == ["https://a.example/x"]


def test_too_large_counted_per_call():
    errors = {"too_large": 2}
    parse_sitemap_index("<sitemapindex/>", max_bytes=3, errors=errors)
    assert errors == {"too_large": 3}


def test_rss_too_large():
    errors: dict[str, int] = {}
    assert parse_rss("<rss><channel/></rss>", max_bytes=5, errors=errors) == []
    assert errors == {"too_large": 1}


def test_bom_and_whitespace_before_root_are_skipped():
    data = b"\xef\xbb\xbf \t\r\n" + ONE_URL.encode()
    assert [e.url for e in parse_news_sitemap(data)] == ["https://a.example/x"]


def test_not_xml_gives_empty_list():
    assert parse_news_sitemap("hello <urlset>") == []
    assert parse_rss("{}") == []
    assert parse_sitemap_index("") == []
    assert parse_sitemap_index(None) == []
    assert parse_rss(b"") == []


def test_namespaced_and_upper_case_tags_match():
    xml = '<x:URLSET xmlns:x="urn:x"><x:URL><x:LOC>https://a.example/u</x:LOC></x:URL></x:URLSET>'
    assert [e.url for e in parse_news_sitemap(xml)] == ["https://a.example/u"]


def test_comments_and_processing_instructions_are_ignored():
    xml = "<urlset><!-- c --><?pi x?><url><!-- c --><loc>https://a.example/c</loc></url></urlset>"
    assert [e.url for e in parse_news_sitemap(xml)] == ["https://a.example/c"]


def test_url_scheme_rules():
    xml = (
        "<urlset>"
        "<url><loc>ftp://a.example/f</loc></url>"
        "<url><loc>http://a.example/h</loc></url>"
        "<url><loc>https://a.example/s</loc></url>"
        "<url><loc>/relative/r</loc></url>"
        "<url><loc>relative/no-slash</loc></url>"
        "<url><loc>HTTP://a.example/upper</loc></url>"
        "</urlset>"
    )
    assert [e.url for e in parse_news_sitemap(xml)] == [
        "http://a.example/h",
        "https://a.example/s",
        "/relative/r",
    ]


def test_news_sitemap_dedupes_in_document_order():
    xml = (
        "<urlset><url><loc>https://a.example/1</loc><lastmod>2026-01-01</lastmod></url>"
        "<url><loc>https://a.example/2</loc></url>"
        "<url><loc>https://a.example/1</loc><lastmod>2026-02-02</lastmod></url></urlset>"
    )
    assert parse_news_sitemap(xml) == [
        SitemapEntry(url="https://a.example/1", published_at="2026-01-01", title=None),
        SitemapEntry(url="https://a.example/2", published_at=None, title=None),
    ]


def test_news_sitemap_publication_date_wins_over_lastmod():
    xml = (
        "<urlset><url><loc>https://a.example/p</loc><lastmod>2026-01-01</lastmod>"
        "<news><publication_date>2026-03-03</publication_date></news></url></urlset>"
    )
    assert parse_news_sitemap(xml)[0].published_at == "2026-03-03"


def test_news_sitemap_empty_publication_date_falls_to_lastmod():
    xml = (
        "<urlset><url><loc>https://a.example/p</loc><lastmod>2026-01-01</lastmod>"
        "<news><publication_date>  </publication_date></news></url></urlset>"
    )
    assert parse_news_sitemap(xml)[0].published_at == "2026-01-01"


def test_unreadable_date_is_none_and_counted_once():
    xml = (
        "<urlset><url><loc>https://a.example/d</loc><lastmod>not a date at all</lastmod></url>"
        "<url><loc>https://a.example/e</loc><lastmod>2026-01-01</lastmod></url></urlset>"
    )
    errors: dict[str, int] = {}
    entries = parse_news_sitemap(xml, errors=errors)
    assert [(e.url, e.published_at) for e in entries] == [
        ("https://a.example/d", None),
        ("https://a.example/e", "2026-01-01"),
    ]
    assert errors == {"published_at": 1}


def test_unreadable_date_without_errors_dict_still_parses():
    xml = "<urlset><url><loc>https://a.example/d</loc><lastmod>zzz</lastmod></url></urlset>"
    assert parse_news_sitemap(xml, errors=None) == [
        SitemapEntry(url="https://a.example/d", published_at=None, title=None)
    ]


def test_canonicalize_returning_none_drops_entry():
    xml = (
        "<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.example/2</loc></url></urlset>"
    )

    def canon(u: str) -> str | None:
        return None if u.endswith("/1") else u.upper()

    assert [e.url for e in parse_news_sitemap(xml, canonicalize=canon)] == ["HTTPS://A.EXAMPLE/2"]


def test_canonicalized_duplicates_are_deduped():
    xml = "<urlset><url><loc>https://a.example/1?x</loc></url><url><loc>https://a.example/1?y</loc></url></urlset>"
    out = parse_news_sitemap(xml, canonicalize=lambda u: u.split("?")[0])
    assert [e.url for e in out] == ["https://a.example/1"]


def test_entry_whose_canonicalize_raises_is_skipped_and_counted():
    xml = "<urlset><url><loc>https://a.example/bad</loc></url><url><loc>https://a.example/ok</loc></url></urlset>"

    def canon(u: str) -> str:
        if u.endswith("bad"):
            raise ValueError("boom")
        return u

    errors: dict[str, int] = {}
    assert [e.url for e in parse_news_sitemap(xml, canonicalize=canon, errors=errors)] == [
        "https://a.example/ok"
    ]
    assert errors == {"entry": 1}


def test_index_entry_whose_canonicalize_raises_is_skipped_and_counted():
    xml = (
        "<sitemapindex><sitemap><loc>https://a.example/bad.xml</loc></sitemap>"
        "<sitemap><loc>https://a.example/ok.xml</loc></sitemap></sitemapindex>"
    )

    def canon(u: str) -> str:
        if "bad" in u:
            raise ValueError("boom")
        return u + "#c"

    errors: dict[str, int] = {}
    assert parse_sitemap_index(xml, canonicalize=canon, errors=errors) == ["https://a.example/ok.xml#c"]
    assert errors == {"entry": 1}


def test_rss_entry_whose_canonicalize_raises_is_skipped_and_counted():
    xml = (
        "<rss><channel><item><link>https://a.example/bad</link></item>"
        "<item><link>https://a.example/ok</link></item></channel></rss>"
    )

    def canon(u: str) -> str:
        if u.endswith("bad"):
            raise ValueError("boom")
        return u

    errors: dict[str, int] = {}
    assert [e.url for e in parse_rss(xml, canonicalize=canon, errors=errors)] == ["https://a.example/ok"]
    assert errors == {"entry": 1}


def test_index_skips_empty_and_non_url_locs():
    xml = (
        "<sitemapindex><sitemap><loc></loc></sitemap><sitemap/>"
        "<sitemap><loc>mailto:x@a.example</loc></sitemap>"
        "<sitemap><loc> https://a.example/s.xml </loc></sitemap></sitemapindex>"
    )
    assert parse_sitemap_index(xml) == ["https://a.example/s.xml"]


def test_news_title_is_whitespace_normalized():
    xml = "<urlset><url><loc>https://a.example/t</loc><news><title>  A \n  b  </title></news></url></urlset>"
    assert parse_news_sitemap(xml)[0].title == "A b"


def test_rss_item_fields():
    xml = (
        "<rss><channel><title>Chan</title><item><title> T  1 </title>"
        "<link>https://a.example/1</link><pubDate>Wed, 20 May 2026 10:00:00 +0700</pubDate></item>"
        "</channel></rss>"
    )
    assert parse_rss(xml) == [
        SitemapEntry(url="https://a.example/1", published_at="2026-05-20T10:00:00+07:00", title="T 1")
    ]


def test_rss_dc_date():
    xml = (
        '<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item>'
        "<link>https://a.example/1</link><dc:date>2026-05-20T01:02:03Z</dc:date></item></channel></rss>"
    )
    assert parse_rss(xml)[0].published_at == "2026-05-20T01:02:03+00:00"


def test_atom_published_wins_over_updated():
    xml = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.example/1"/>'
        "<updated>2026-05-21</updated><published>2026-05-20</published></entry></feed>"
    )
    assert parse_rss(xml)[0].published_at == "2026-05-20"


def test_atom_updated_when_no_published():
    xml = '<feed><entry><link href="https://a.example/1"/><updated>2026-05-21</updated></entry></feed>'
    assert parse_rss(xml)[0].published_at == "2026-05-21"


def test_atom_link_without_rel_is_alternate():
    xml = '<feed><entry><link href=" https://a.example/1 "/></entry></feed>'
    assert [e.url for e in parse_rss(xml)] == ["https://a.example/1"]


def test_atom_link_rel_self_is_skipped_for_alternate():
    xml = (
        '<feed><entry><link rel="self" href="https://a.example/self"/>'
        '<link rel="alternate" href="https://a.example/alt"/>'
        '<link rel="alternate" href="https://a.example/second"/></entry></feed>'
    )
    assert [e.url for e in parse_rss(xml)] == ["https://a.example/alt"]


def test_atom_only_non_alternate_links_gives_nothing():
    xml = '<feed><entry><link rel="enclosure" href="https://a.example/e.mp3"/></entry></feed>'
    assert parse_rss(xml) == []


def test_atom_link_with_empty_href_is_skipped():
    xml = '<feed><entry><link href=""/><link href="https://a.example/2"/></entry></feed>'
    assert [e.url for e in parse_rss(xml)] == ["https://a.example/2"]


def test_rss_link_text_wins_over_href():
    xml = '<rss><item><link href="https://a.example/href">https://a.example/text</link></item></rss>'
    assert [e.url for e in parse_rss(xml)] == ["https://a.example/text"]


def test_rss_guid_fallback_when_http():
    xml = '<rss><item><guid isPermaLink="true">https://a.example/g</guid></item></rss>'
    assert [e.url for e in parse_rss(xml)] == ["https://a.example/g"]


def test_rss_guid_not_a_url_gives_nothing():
    xml = "<rss><item><guid>tag:a.example,2026:1</guid></item><item><guid></guid></item></rss>"
    assert parse_rss(xml) == []


def test_rss_guid_ignored_when_link_present():
    xml = "<rss><item><link>https://a.example/l</link><guid>https://a.example/g</guid></item></rss>"
    assert [e.url for e in parse_rss(xml)] == ["https://a.example/l"]


def test_rss_dedupes_and_items_come_before_entries():
    xml = (
        "<root><entry><link href='https://a.example/e'/></entry>"
        "<item><link>https://a.example/i</link></item>"
        "<item><link>https://a.example/i</link><title>dup</title></item></root>"
    )
    out = parse_rss(xml)
    assert [(e.url, e.title) for e in out] == [("https://a.example/i", None), ("https://a.example/e", None)]


def test_rss_unreadable_date_counted():
    xml = "<rss><item><link>https://a.example/1</link><pubDate>garbage</pubDate></item></rss>"
    errors: dict[str, int] = {}
    assert parse_rss(xml, errors=errors)[0].published_at is None
    assert errors == {"published_at": 1}


def test_truncated_document_reads_as_far_as_it_goes():
    xml = "<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.exa"
    assert [e.url for e in parse_news_sitemap(xml)][:1] == ["https://a.example/1"]


def test_entities_are_not_resolved():
    xml = (
        '<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e "https://evil.example/x">]>'
        "<urlset><url><loc>&e;</loc></url><url><loc>https://a.example/ok</loc></url></urlset>"
    )
    assert [e.url for e in parse_news_sitemap(xml)] == ["https://a.example/ok"]


def test_nesting_deeper_than_libxml2_default_is_not_read():
    # huge_tree=False keeps libxml2's depth bound: a 300-deep bomb ends the document there.
    xml = "<urlset>" + "<a>" * 300 + "</a>" * 300 + "<url><loc>https://a.example/x</loc></url></urlset>"
    assert parse_news_sitemap(xml) == []


def test_text_before_root_is_not_stripped():
    assert parse_news_sitemap("X" + ONE_URL) == []


def test_loc_split_by_child_element_is_joined_without_separator():
    xml = "<urlset><url><loc>https://a.example/<b>x</b>y</loc></url></urlset>"
    assert [e.url for e in parse_news_sitemap(xml)] == ["https://a.example/xy"]


def test_guid_relative_path_is_not_a_link():
    assert parse_rss("<rss><item><guid>/p/1</guid></item></rss>") == []


def test_item_text_is_not_read_as_guid():
    assert parse_rss("<rss><item>https://a.example/t<guid>tag:1</guid></item></rss>") == []


def _raise(u: str) -> str:
    raise ValueError("boom")


@pytest.mark.parametrize(
    ("parse", "xml", "message"),
    [
        (parse_sitemap_index, "<sitemapindex><sitemap><loc>https://a.example/s</loc></sitemap></sitemapindex>",
         "unreadable sitemap index entry"),
        (parse_news_sitemap, ONE_URL, "unreadable sitemap entry"),
        (parse_rss, "<rss><item><link>https://a.example/1</link></item></rss>", "unreadable feed entry"),
    ],
)  # fmt: skip
def test_unreadable_entry_logged_with_traceback(caplog, parse, xml, message):
    with caplog.at_level(logging.WARNING, logger="jpcrawl.pages.sitemap"):
        assert parse(xml, canonicalize=_raise) == []
    [rec] = caplog.records
    assert rec.getMessage() == message
    assert rec.levelno == logging.WARNING
    assert rec.exc_info is not None and rec.exc_info[0] is ValueError


class _Boom(dict):
    """An errors dict whose counting fails: the reader's outer guard must still return []."""

    def get(self, *a: object) -> int:  # type: ignore[override]
        raise RuntimeError("counter broke")


@pytest.mark.parametrize(
    ("parse", "xml", "name"),
    [
        (parse_sitemap_index, "<sitemapindex><sitemap><loc>https://a.example/s</loc></sitemap></sitemapindex>",
         "parse_sitemap_index"),
        (parse_news_sitemap, ONE_URL, "parse_news_sitemap"),
        (parse_rss, "<rss><item><link>https://a.example/1</link></item></rss>", "parse_rss"),
    ],
)  # fmt: skip
def test_reader_failure_logged_and_empty(caplog, parse, xml, name):
    with caplog.at_level(logging.WARNING, logger="jpcrawl.pages.sitemap"):
        assert parse(xml, canonicalize=_raise, errors=_Boom()) == []
    assert [r.getMessage() for r in caplog.records][-1] == f"{name} failed"
    assert caplog.records[-1].levelno == logging.ERROR


def test_too_large_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="jpcrawl.pages.sitemap"):
        parse_rss("<rss/>", max_bytes=2)
    assert [r.getMessage() for r in caplog.records] == [
        "sitemap of 6 bytes not parsed: over the 2-byte bound"
    ]
