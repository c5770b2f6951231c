"""Exact values for the generic per-field readers (jpcrawl/pages/generic/fields.py) on hand-written pages."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from jpcrawl.items import EXTRACTED_FIELDS
from jpcrawl.pages.generic.fields import (
    ADVERTORIAL_SECTIONS,
    GenericPage,
    _aware,
    _date,
    _first_segment,
    _in_other_block,
    _origin,
    _safe,
    best_date,
    slugify,
)
from jpcrawl.pages.generic.meta import PageMeta
from tests.exact import parsed as _sel

BASE = "https://harbour.example"
URL = f"{BASE}/world/2026/05/20/port-reopens-after-three-day-storm"
P1 = "The port of Harbour City reopened on Wednesday after a storm closed it for three days, officials said."
P2 = "Shipping lines resumed loading at dawn, and the first ferry left for the outer islands before noon."

LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Port reopens after three-day storm",
    "datePublished": "2026-05-20T10:00:00+07:00",
    "dateModified": "2026-05-21T08:30:00+07:00",
    "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Organization", "name": "Reuters"}],
    "articleSection": "Asia Pacific",
    "keywords": "ports, storms",
    "isAccessibleForFree": True,
    "inLanguage": "en-GB",
    "publisher": {"@type": "Organization", "name": "Harbour Daily"},
}


def _ld(obj: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _story(ld: Any = LD, head: str = "", lang: str = "en") -> str:
    return f"""<html lang="{lang}"><head><title>Port reopens after three-day storm | Harbour Daily</title>
{_ld(ld) if ld else ""}
<meta name="description" content="The port reopened after three days.">
<meta property="og:site_name" content="Harbour Daily Online">
<link rel="canonical" href="/world/2026/05/20/port-reopens-after-three-day-storm?utm_source=x">{head}
</head><body><div class="story"><div class="top"><h1>Port reopens after three-day storm</h1>
<p class="standfirst">Ferries sail again as cranes are repaired</p>
<span class="dateline">HARBOUR CITY</span></div>
<figure><img src="/img/port.jpg"><figcaption>The port at dawn. (Harbour Daily/Bo Tan)</figcaption></figure>
<div class="content"><p>{P1}</p><p>{P2}</p></div></div></body></html>"""


STORY_FIELDS = {
    "url": URL,
    "title": "Port reopens after three-day storm",
    "subtitle": "Ferries sail again as cranes are repaired",
    "authors": ["Ann Lee"],
    "source": "Reuters",
    "dateline": "HARBOUR CITY",
    "published_at": "2026-05-20T10:00:00+07:00",
    "modified_at": "2026-05-21T08:30:00+07:00",
    "section": "world",
    "subsection": "Asia Pacific",
    "tags": ["ports", "storms"],
    "body": [P1, P2],
    "images": [
        {"url": f"{BASE}/img/port.jpg", "caption": "The port at dawn.", "credit": "Harbour Daily/Bo Tan"}
    ],
    "is_premium": False,
    "is_paywalled": False,
    "is_advertorial": False,
    "language": "en",
}


def _page(html: str, url: str = URL, base_url: str | None = BASE, **kwargs: Any) -> GenericPage:
    page = GenericPage.parse(url, html, base_url, **kwargs)
    assert page is not None
    return page


# --- slugify ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("World News", "world-news"),
        (" World  News! ", "world-news"),
        ("Asia/Pacific", "asia-pacific"),
        ("Straße & Co.", "strasse-co"),
        ("COVID-19", "covid-19"),
        ("sport", "sport"),
    ],
)
def test_slugify(text: str, slug: str):
    assert slugify(text) == slug


@pytest.mark.parametrize("text", [None, "", " -- ", "!!!"])
def test_slugify_of_nothing_is_none(text: str | None):
    assert slugify(text) is None


# --- _safe --------------------------------------------------------------------------------------------------


class _Holder:
    url = "https://harbour.example/a"


@pytest.mark.parametrize("exc", [RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError])
def test_safe_reader_returns_the_default_on_odd_markup(
    exc: type[Exception], caplog: pytest.LogCaptureFixture
):
    @_safe(lambda: ["default"])
    def reader(self: Any) -> list[str]:
        raise exc("odd markup")

    with caplog.at_level(logging.ERROR, logger="jpcrawl.pages.generic.fields"):
        assert reader(_Holder()) == ["default"]
    assert [r.getMessage() for r in caplog.records] == [
        "generic reader reader failed for https://harbour.example/a"
    ]


def test_safe_reader_without_a_url_names_none(caplog: pytest.LogCaptureFixture):
    @_safe(lambda: None)
    def reader(self: Any) -> None:
        raise ValueError("x")

    with caplog.at_level(logging.ERROR, logger="jpcrawl.pages.generic.fields"):
        assert reader(object()) is None
    assert [r.getMessage() for r in caplog.records] == ["generic reader reader failed for ?"]


def test_safe_reader_lets_other_errors_through():
    @_safe(lambda: None)
    def reader(self: Any) -> None:
        raise RuntimeError("a bug, not markup")

    with pytest.raises(RuntimeError, match="a bug, not markup"):
        reader(_Holder())


def test_safe_reader_passes_arguments_and_keeps_its_name():
    @_safe(lambda: None)
    def reader(self: Any, a: int, *, b: int) -> tuple[Any, int, int]:
        """Doc of the reader."""
        return self, a, b

    h = _Holder()
    assert reader(h, 1, b=2) == (h, 1, 2)
    assert reader.__name__ == "reader"
    assert reader.__doc__ == "Doc of the reader."


def test_safe_default_is_made_fresh_each_time():
    @_safe(list)
    def reader(self: Any) -> list[str]:
        raise KeyError("x")

    first = reader(_Holder())
    first.append("changed")
    assert reader(_Holder()) == []


class _BrokenMeta(GenericPage):
    """A page whose head cannot be read: every reader falls back to its default."""

    @property  # type: ignore[override]
    def meta(self) -> PageMeta:
        raise ValueError("broken head")


def test_readers_defaults_when_the_head_cannot_be_read():
    page = _BrokenMeta(_sel("<p>x</p>"), URL, BASE)
    assert page.title() is None
    assert page.description() is None
    assert page.canonical() is None
    assert page.authors() == ([], None)
    assert page.dates() == (None, None)
    assert page.tags() == []
    assert page.section() == (None, None)
    assert page.images() == []
    assert page.language() is None
    assert page.is_premium() is False
    assert page.is_paywalled() is False


# --- construction -------------------------------------------------------------------------------------------


def test_page_keeps_what_it_is_given():
    sel = _sel("<p>x</p>")
    page = GenericPage(sel, URL, "https://mirror.example", site_name="Harbour Daily", sections=("world",))
    assert page.sel is sel
    assert (page.url, page.base_url) == (URL, "https://mirror.example")
    assert (page.site_name, page.sections) == ("Harbour Daily", ("world",))


def test_page_defaults():
    page = GenericPage(_sel("<p>x</p>"), URL)
    assert page.base_url == BASE
    assert (page.site_name, page.sections) == (None, ())


def test_page_without_url_is_at_its_base():
    page = GenericPage(_sel("<p>x</p>"), "", "https://harbour.example/world")
    assert page.url == "https://harbour.example/world"
    assert page.base_url == "https://harbour.example/world"


def test_page_without_url_or_base():
    page = GenericPage(_sel("<p>x</p>"), "")
    assert (page.url, page.base_url) == ("", "")


def test_parse_takes_a_selector_as_it_is():
    sel = _sel("<p>x</p>")
    page = GenericPage.parse(URL, sel, "https://mirror.example", site_name="Harbour Daily")
    assert page is not None
    assert page.sel is sel
    assert (page.url, page.base_url, page.site_name) == (URL, "https://mirror.example", "Harbour Daily")


def test_parse_text_and_bytes():
    page = GenericPage.parse(URL, "<h1>Port reopens after storm</h1>")
    assert page is not None
    assert page.base_url == BASE
    assert page.h1() == "Port reopens after storm"
    page = GenericPage.parse(URL, b"<h1>Port reopens</h1>", sections=("world",))
    assert page is not None
    assert (page.h1(), page.sections) == ("Port reopens", ("world",))


@pytest.mark.parametrize("html", [None, "", "   ", b""])
def test_parse_of_no_document_is_none(html: Any):
    assert GenericPage.parse(URL, html) is None


# --- site names ---------------------------------------------------------------------------------------------


def test_site_names_in_order():
    ld = [
        {"@type": "WebSite", "name": "HD Web"},
        {**LD, "publisher": {"@type": "Organization", "name": "HD Press"}},
    ]
    page = _page(_story(ld), site_name="Harbour Daily")
    assert page.site_names() == ["Harbour Daily", "Harbour Daily Online", "HD Web", "HD Press"]


def test_site_names_without_json_ld():
    assert _page(_story(None)).site_names() == ["Harbour Daily Online"]


def test_site_names_of_a_bare_page():
    assert _page("<p>x</p>").site_names() == []


def test_site_names_with_an_article_without_publisher():
    ld = {k: v for k, v in LD.items() if k != "publisher"}
    assert _page(_story(ld)).site_names() == ["Harbour Daily Online"]


# --- fields -------------------------------------------------------------------------------------------------


def test_fields_of_a_story():
    assert _page(_story()).fields() == STORY_FIELDS


def test_fields_hold_every_extracted_field():
    assert list(_page(_story()).fields()) == list(EXTRACTED_FIELDS)


@pytest.mark.parametrize("name", EXTRACTED_FIELDS)
def test_field_by_name_equals_the_full_read(name: str):
    assert _page(_story()).field(name) == STORY_FIELDS[name]


def test_description_field_is_read_by_name():
    # not an Article field, but a profile may ask for it (a listing summary, a subtitle fallback)
    assert _page(_story()).field("description") == "The port reopened after three days."


def test_field_of_an_unknown_name_raises():
    with pytest.raises(KeyError):
        _page(_story()).field("headline")


def test_fields_of_a_page_without_json_ld():
    f = _page(_story(None)).fields()
    assert f["title"] == "Port reopens after three-day storm"
    assert (f["authors"], f["source"], f["tags"], f["subsection"]) == ([], None, [], None)
    assert (f["published_at"], f["modified_at"]) == (None, None)
    assert f["is_advertorial"] is False


def test_advertiser_content_type_is_an_advertorial():
    ld = {**LD, "@type": ["NewsArticle", "AdvertiserContentArticle"]}
    page = _page(_story(ld))
    assert page.fields()["is_advertorial"] is True
    assert page.field("is_advertorial") is True


@pytest.mark.parametrize("section", sorted(ADVERTORIAL_SECTIONS))
def test_advertorial_section_is_an_advertorial(section: str):
    url = f"{BASE}/{section}/2026/05/20/port-reopens-after-three-day-storm"
    page = _page(_story(None).replace("/world/", f"/{section}/"), url)
    assert page.fields()["section"] == section
    assert page.fields()["is_advertorial"] is True


def test_premium_fields():
    page = _page(
        _story({**LD, "isAccessibleForFree": False}).replace(
            "</body>", '<div class="paywall">Subscribe</div></body>'
        )
    )
    assert (page.field("is_premium"), page.field("is_paywalled")) == (True, True)
    f = page.fields()
    assert (f["is_premium"], f["is_paywalled"]) == (True, True)


# --- helpers ------------------------------------------------------------------------------------------------


def _link_and_scope(html: str) -> tuple[Any, Any]:
    root = _sel(html).root
    scope = root.xpath("//*[@id='scope']")
    return root.xpath("//*[@id='a']")[0], (scope[0] if scope else None)


def test_byline_in_the_story_is_not_in_another_block():
    html = '<div id="scope"><div class="meta"><p><a id="a" href="/author/ann">Ann Lee</a></p></div></div>'
    assert _in_other_block(*_link_and_scope(html)) is False


@pytest.mark.parametrize(
    "wrap",
    [
        "<aside>{}</aside>",
        "<footer>{}</footer>",
        "<nav>{}</nav>",
        '<div class="author-bio">{}</div>',
        '<section id="comments">{}</section>',
        '<ul class="Related-Stories">{}</ul>',
        '<div class="most-popular">{}</div>',
        '<div class="recommended">{}</div>',
        '<div class="widget">{}</div>',
        '<div class="sidebar">{}</div>',
        '<div class="trending">{}</div>',
        '<div class="more-stories">{}</div>',
    ],
)
def test_byline_inside_another_block(wrap: str):
    html = '<div id="scope"><div class="meta">' + wrap.format('<p><a id="a">Ann Lee</a></p>') + "</div></div>"
    assert _in_other_block(*_link_and_scope(html)) is True


def test_byline_up_to_the_root_outside_any_block():
    html = '<div class="meta"><p><a id="a" href="/author/ann">Ann Lee</a></p></div>'
    assert _in_other_block(*_link_and_scope(html)) is False


def test_other_block_outside_the_scope_does_not_count():
    html = '<aside><div id="scope"><p><a id="a">Ann Lee</a></p></div></aside>'
    assert _in_other_block(*_link_and_scope(html)) is False


def test_other_block_is_looked_for_twenty_one_levels_up():
    # ancestors 0..19 are divs (the link's own div included), ancestor 20 is the sidebar
    html = "<aside>" + "<div>" * 20 + '<a id="a">Ann</a>' + "</div>" * 20 + "</aside>"
    assert _in_other_block(*_link_and_scope(html)) is True


def test_other_block_further_up_is_not_looked_for():
    html = "<aside>" + "<div>" * 21 + '<a id="a">Ann</a>' + "</div>" * 21 + "</aside>"
    assert _in_other_block(*_link_and_scope(html)) is False


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://harbour.example/world/a", "https://harbour.example"),
        ("http://harbour.example:8080/", "http://harbour.example:8080"),
        ("/world/a", ""),
        ("//harbour.example/world", ""),
        ("mailto:desk@harbour.example", ""),
        ("https://[harbour.example/x", ""),
        ("", ""),
    ],
)
def test_origin(url: str, origin: str):
    assert _origin(url) == origin


@pytest.mark.parametrize(
    ("url", "segment"),
    [
        ("https://harbour.example/world/2026/05/20/a", "world"),
        ("https://harbour.example/X-Games/2026/a", "X-Games"),
        ("/opinion/", "opinion"),
        ("sport", "sport"),
        ("https://harbour.example/", None),
        ("https://harbour.example", None),
        ("", None),
        (None, None),
        ("https://[harbour.example/world", None),
    ],
)
def test_first_segment(url: str | None, segment: str | None):
    assert _first_segment(url) == segment


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2026-05-20T10:00:00+07:00", "2026-05-20T10:00:00+07:00"),
        ("2026-05-20T03:00:00Z", "2026-05-20T03:00:00+00:00"),
        ("2026-05-20", "2026-05-20"),
        ("Wed, May 20, 2026", "2026-05-20"),
        ("20 May 2026", "2026-05-20"),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_date(value: str | None, iso: str | None):
    assert _date(value) == iso


def test_aware():
    assert _aware("2026-05-20T10:00:00+07:00") == datetime(
        2026, 5, 20, 10, tzinfo=timezone(timedelta(hours=7))
    )
    assert _aware("2026-05-20T10:00:00") is None
    assert _aware("2026-05-20") is None
    assert _aware("May 20") is None


@pytest.mark.parametrize(
    ("candidates", "best"),
    [
        ([], None),
        ([None, None], None),
        ([None, "2026-05-20", "2026-05-21"], "2026-05-20"),
        (["2026-05-20", "2026-05-19T10:00:00+07:00"], "2026-05-19T10:00:00+07:00"),
        (["2026-05-20T10:00:00", "2026-05-20T03:00:00+00:00"], "2026-05-20T03:00:00+00:00"),
        (["2026-05-20T10:00:00", "2026-05-21T10:00:00"], "2026-05-20T10:00:00"),
        (["2026-05-20", "2026-05-21T10:00:00"], "2026-05-21T10:00:00"),
        (["Wednesday noon", "2026-05-21T10:00:00"], "Wednesday noon"),
        # the same instant in UTC and in the site's zone: the site's own offset wins
        (["2026-05-20T03:00:00+00:00", "2026-05-20T10:00:00+07:00"], "2026-05-20T10:00:00+07:00"),
        (
            ["2026-05-20T03:00:00+00:00", "2026-05-20T03:00:00+00:00", "2026-05-20T10:00:00+07:00"],
            "2026-05-20T10:00:00+07:00",
        ),
        (
            ["2026-05-20T03:00:00+00:00", "2026-05-20T03:00:00", "2026-05-20T10:00:00+07:00"],
            "2026-05-20T10:00:00+07:00",
        ),
        # another instant is no second spelling of the first
        (["2026-05-20T03:00:00+00:00", "2026-05-20T11:00:00+07:00"], "2026-05-20T03:00:00+00:00"),
        # the site's offset first: it stays
        (["2026-05-20T10:00:00+07:00", "2026-05-20T03:00:00+00:00"], "2026-05-20T10:00:00+07:00"),
        (["2026-05-20T10:00:00+07:00", "2026-05-20T04:00:00+01:00"], "2026-05-20T10:00:00+07:00"),
    ],
)
def test_best_date(candidates: list[str | None], best: str | None):
    assert best_date(candidates) == best
