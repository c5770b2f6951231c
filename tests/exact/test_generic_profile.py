"""Exact values for the generic site profile (jpcrawl/pages/generic/profile.py) on hand-written pages."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.generic.fields import GenericPage
from jpcrawl.pages.generic.profile import (
    INTERSTITIAL_MAX_CHARS,
    MIN_UNSIGNALLED_BODY_CHARS,
    MISSING,
    GenericProfile,
    _looks_script_listing,
    _substantial,
    _visible_chars,
    generic_profile,
)
from tests.exact import parsed as _sel

BASE = "https://harbour.example"
URL = f"{BASE}/world/2026/05/20/port-reopens-after-three-day-storm"
P1 = "The port of Harbour City reopened on Wednesday after a storm closed it for three days, officials said."
P2 = "Shipping lines resumed loading at dawn, and the first ferry left for the outer islands before noon."
# 102 + 99 = 201 characters: a real body, but less than an unsignalled page needs.
assert len(P1) + len(P2) < MIN_UNSIGNALLED_BODY_CHARS
P3 = "Port authority chief Ann Lee said damage to two cranes would be repaired by the end of the month."


def _ld(obj: dict[str, Any]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _doc(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _article(*paras: str) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article>"


NEWS_LD = {"@type": "NewsArticle", "headline": "Port reopens after storm"}
LOCKED_LD = {**NEWS_LD, "isAccessibleForFree": False}


def _profile() -> GenericProfile:
    return GenericProfile(default_base_url=BASE)


# --- construction -------------------------------------------------------------------------------------------


def test_profile_defaults():
    p = GenericProfile()
    assert (p.name, p.default_base_url, p.site_name) == ("news", "", None)


def test_generic_profile_strips_the_trailing_slash_and_passes_options():
    p = generic_profile("https://harbour.example/", site_name="Harbour Daily", sections=("world",))
    assert p.name == "news"
    assert p.default_base_url == "https://harbour.example"
    assert p.site_name == "Harbour Daily"
    assert p.sections == ("world",)


def test_generic_profile_keeps_a_base_path():
    assert generic_profile("https://news.example/TX/").default_base_url == "https://news.example/TX"


def test_page_base_is_the_argument_first():
    p = GenericProfile(default_base_url=BASE, site_name="Harbour Daily", sections=("world", "sport"))
    page = p.page(URL, _doc(body="<p>x</p>"), "https://mirror.example")
    assert page is not None
    assert page.base_url == "https://mirror.example"
    assert page.url == URL
    assert page.site_name == "Harbour Daily"
    assert page.sections == ("world", "sport")


def test_page_base_is_the_default_base_url_second():
    page = _profile().page("https://other.example/a", _doc(body="<p>x</p>"))
    assert page is not None
    assert page.base_url == BASE


def test_page_base_without_default_is_the_pages_origin():
    page = GenericProfile().page("https://other.example/a/b", _doc(body="<p>x</p>"))
    assert page is not None
    assert page.base_url == "https://other.example"


def test_page_of_nothing_is_none():
    assert _profile().page(URL, None) is None
    assert _profile().page(URL, "  ") is None


# --- URLs ---------------------------------------------------------------------------------------------------


def test_article_url_must_be_on_the_default_site():
    p = _profile()
    assert p.is_article_url(URL) is True
    assert p.is_article_url("https://other.example/world/2026/05/20/port-reopens") is False


def test_article_url_without_default_site_is_any_host():
    assert GenericProfile().is_article_url("https://other.example/world/2026/05/20/port-reopens") is True
    assert GenericProfile().is_article_url("https://other.example/about") is False


def test_site_url_compares_hosts_ignoring_case():
    p = GenericProfile(default_base_url="https://Harbour.Example")
    assert p.is_site_url("https://HARBOUR.example/world") is True
    assert p.is_site_url("http://harbour.example:8080/x") is True
    assert p.is_site_url("https://www.harbour.example/world") is False
    assert p.is_site_url("https://other.example/world") is False


def test_site_url_against_a_given_base():
    p = _profile()
    assert p.is_site_url("https://mirror.example/x", "https://mirror.example") is True
    assert p.is_site_url(f"{BASE}/x", "https://mirror.example") is False


def test_site_url_without_hosts_on_either_side_is_the_same_site():
    # Two relative references: neither names a host, so neither is another site.
    assert GenericProfile().is_site_url("/world", "/") is True
    assert _profile().is_site_url("/world") is False


def test_site_url_malformed_is_not_the_site():
    assert _profile().is_site_url("https://[harbour.example/x") is False


@pytest.mark.parametrize(
    ("section", "page", "want"),
    [
        ("world", 1, f"{BASE}/world"),
        ("/world/", 0, f"{BASE}/world"),
        ("world", 2, f"{BASE}/world?page=2"),
        ("world/asia", 3, f"{BASE}/world/asia?page=3"),
        ("category/world", 1, f"{BASE}/category/world"),
        ("category/world", 2, f"{BASE}/category/world/page/2/"),
        ("tag/floods", 4, f"{BASE}/tag/floods/page/4/"),
        ("topic/storms", 2, f"{BASE}/topic/storms/page/2/"),
        ("/author/ann-lee/", 2, f"{BASE}/author/ann-lee/page/2/"),
        ("world/category", 2, f"{BASE}/world/category?page=2"),
        ("category/world/asia", 2, f"{BASE}/category/world/asia/page/2/"),
        ("X-Games", 2, f"{BASE}/X-Games?page=2"),
    ],
)
def test_listing_url(section: str, page: int, want: str):
    assert _profile().listing_url(BASE + "/", section, page) == want


def test_listing_url_on_a_base_with_a_path():
    base = "https://news.example/edition/TX/"
    assert _profile().listing_url(base, "world", 2) == "https://news.example/edition/TX/world?page=2"


def test_listing_url_first_page_by_default():
    assert _profile().listing_url(BASE, "category/world") == f"{BASE}/category/world"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (f"{BASE}/post-sitemap.xml", "news"),
        (f"{BASE}/sitemap-2026-05.xml", "news"),
        (f"{BASE}/category-sitemap.xml", "skip"),
        (f"{BASE}/author-sitemap.xml.gz", "skip"),
    ],
)
def test_sitemap_kind(url: str, kind: str):
    assert _profile().sitemap_kind(url) == kind


def test_no_login():
    p = _profile()
    assert p.parse_login_form(f"{BASE}/login", _doc(body="<form><input name='email'></form>")) is None
    assert p.is_logged_in(_doc(body="<a href='/logout'>Log out</a>")) is False


# --- classification -----------------------------------------------------------------------------------------


def test_classify_nothing_is_empty():
    assert _profile().classify(URL, None) is PageKind.EMPTY
    assert _profile().classify(URL, "   ") is PageKind.EMPTY


def test_classify_signalled_article_with_body():
    assert _profile().classify(URL, _doc(_ld(NEWS_LD), _article(P1, P2))) is PageKind.ARTICLE


def test_classify_og_article_with_body():
    head = '<meta property="og:type" content="article">'
    assert _profile().classify(f"{BASE}/about", _doc(head, _article(P1, P2))) is PageKind.ARTICLE


def test_classify_signalled_article_without_body_is_empty():
    assert _profile().classify(URL, _doc(_ld(NEWS_LD), "<p>Loading</p>")) is PageKind.EMPTY


def test_classify_premium_article_without_body_is_an_article():
    assert _profile().classify(URL, _doc(_ld(LOCKED_LD), "<p>Subscribe</p>")) is PageKind.ARTICLE


def test_classify_premium_article_behind_a_paywall():
    body = _article(P1) + '<div class="paywall">Subscribe to read on</div>'
    assert _profile().classify(URL, _doc(_ld(LOCKED_LD), body)) is PageKind.PAYWALLED


def test_classify_free_article_with_a_paywall_box_is_an_article():
    body = _article(P1, P2) + '<div class="paywall">Subscribe</div>'
    free = {**NEWS_LD, "isAccessibleForFree": True}
    assert _profile().classify(URL, _doc(_ld(free), body)) is PageKind.ARTICLE


LISTING = (
    "<main><ul>"
    '<li><a href="/world/2026/05/20/port-reopens-after-three-day-storm">Port reopens after storm</a></li>'
    '<li><a href="/world/2026/05/19/ferries-cancelled-as-storm-nears">Ferries cancelled</a></li>'
    "</ul></main>"
)


def test_classify_listing():
    assert _profile().classify(f"{BASE}/world", _doc(body=LISTING)) is PageKind.LISTING


def test_classify_listing_links_must_be_on_the_pages_own_origin():
    # The page's origin decides, not default_base_url: a crawl may run against a mirror.
    url = "https://mirror.example/world"
    assert _profile().classify(url, _doc(body=LISTING)) is PageKind.LISTING
    other = LISTING.replace('href="/', 'href="https://other.example/')
    assert _profile().classify(url, _doc(body=other)) is PageKind.INTERSTITIAL


def test_classify_listing_fetched_by_path_uses_the_default_origin():
    page = _doc(body=LISTING.replace('href="/', f'href="{BASE}/'))
    assert _profile().classify("/world", page) is PageKind.LISTING
    assert GenericProfile().classify("/world", page) is PageKind.INTERSTITIAL


def test_classify_script_listing():
    body = '<main><div class="article-list" data-endpoint="/api/world"></div></main>'
    assert _profile().classify(f"{BASE}/world", _doc(body=body)) is PageKind.LISTING


def test_classify_unsignalled_article_url_with_a_long_body():
    assert _profile().classify(URL, _doc(body=_article(P1, P2, P3))) is PageKind.ARTICLE


def test_classify_unsignalled_article_url_with_a_short_body_is_interstitial():
    assert _profile().classify(URL, _doc(body=_article(P1, P2))) is PageKind.INTERSTITIAL


def test_classify_long_body_off_an_article_url_is_interstitial_when_short_on_text():
    assert _profile().classify(f"{BASE}/about", _doc(body=_article(P1, P2, P3))) is PageKind.INTERSTITIAL


def test_classify_page_of_text_without_article_or_list_is_empty():
    text = "<p>" + "Terms of use apply to every visitor of this site. " * 10 + "</p>"
    assert _profile().classify(f"{BASE}/terms", _doc(body=text)) is PageKind.EMPTY


def test_classify_interstitial_threshold():
    # visible text below INTERSTITIAL_MAX_CHARS: a check page; at the threshold: an ordinary empty page
    short = "<div>" + "x" * (INTERSTITIAL_MAX_CHARS - 1) + "</div>"
    full = "<div>" + "x" * INTERSTITIAL_MAX_CHARS + "</div>"
    assert _profile().classify(f"{BASE}/check", _doc(body=short)) is PageKind.INTERSTITIAL
    assert _profile().classify(f"{BASE}/check", _doc(body=full)) is PageKind.EMPTY


def test_classify_never_raises(caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.ERROR, logger="jpcrawl.pages.generic.profile"):
        assert _profile().classify(URL, 12345) is PageKind.EMPTY  # type: ignore[arg-type]
    assert [r.getMessage() for r in caplog.records] == [f"classify failed for {URL}"]


# --- helpers ------------------------------------------------------------------------------------------------


def test_thresholds():
    assert MIN_UNSIGNALLED_BODY_CHARS == 250
    assert INTERSTITIAL_MAX_CHARS == 400


def test_visible_chars_counts_the_body_only():
    sel = _sel("<html><head><title>A title, not shown</title></head><body><p> Two  words </p></body></html>")
    assert _visible_chars(sel) == 9


def test_visible_chars_without_body_counts_the_document():
    sel = _sel("<html><head><title>Title</title></head></html>")
    assert _visible_chars(sel) == 5


def _page_with_body_of(n: int) -> GenericPage:
    words = ("Storm damage closed the port of Harbour City for three days this week. " * 10)[:n]
    page = GenericPage(_sel(_doc(body=_article(words))), URL, BASE)
    assert sum(len(p) for p in page.body()) == n
    return page


def test_substantial_at_the_threshold():
    assert _substantial(_page_with_body_of(MIN_UNSIGNALLED_BODY_CHARS)) is True
    assert _substantial(_page_with_body_of(MIN_UNSIGNALLED_BODY_CHARS - 1)) is False


def test_substantial_sums_every_paragraph():
    page = GenericPage(_sel(_doc(body=_article(P1, P2, P3))), URL, BASE)
    assert _substantial(page) is True


@pytest.mark.parametrize(
    "body",
    [
        '<div class="article-list" data-src="/api/list"></div>',
        '<ul id="latest" data-page="1"></ul>',
        '<section class="river"><div class="skeleton-card"></div></section>',
        '<ol class="results"><li class="item is-loading">…</li></ol>',
        '<main class="news-grid"><div><span class="spinner"></span></div></main>',
        '<div class="Feed"><!-- filled by app.js --><div class="Placeholder"></div></div>',
        '<div class="posts"><p>About</p><div data-x="1"></div></div><div class="stream" data-y="2"></div>',
    ],
)
def test_script_listing_container(body: str):
    assert _looks_script_listing(_sel(_doc(body=body))) is True


@pytest.mark.parametrize(
    "body",
    [
        '<div class="article-list" data-src="/api/list"><a href="/a">A</a></div>',
        '<div class="article-list"></div>',
        '<span class="article-list" data-src="/api/list"></span>',
        '<div class="content" data-src="/api/list"></div>',
        '<div class="articles"><p class="loading-text">x</p><a href="/x">x</a></div>',
        '<div data-src="/api"><!-- nothing --></div>',
    ],
)
def test_not_a_script_listing_container(body: str):
    assert _looks_script_listing(_sel(_doc(body=body))) is False


@pytest.mark.parametrize(
    "script",
    [
        '<script>window.items = [{"url": "/world/2026/05/20/port-reopens"}];</script>',
        "<script>var link = 'x'; var href=\"https://harbour.example/2026/5/20/x\"</script>",
        '<script type="application/json">{"LINK" : "/news/1999/12/31/y"}</script>',
    ],
)
def test_script_with_article_links_is_a_script_listing(script: str):
    assert _looks_script_listing(_sel(_doc(body=script))) is True


@pytest.mark.parametrize(
    "script",
    [
        '<script type="application/LD+JSON">{"url": "/world/2026/05/20/port-reopens"}</script>',
        '<script>var items = [{"url": "/world/port-reopens"}];</script>',
        '<script src="/app.js"></script>',
        '<script>var url = "/world/2126/05/20/x"</script>',
    ],
)
def test_script_without_article_links_is_not(script: str):
    assert _looks_script_listing(_sel(_doc(body=script))) is False


def test_ld_json_is_skipped_but_later_scripts_are_read():
    body = (
        '<script type="application/ld+json">{"url": "/world/2026/05/20/a"}</script>'
        '<script>x = {"url": "/world/2026/05/21/b"}</script>'
    )
    assert _looks_script_listing(_sel(_doc(body=body))) is True


_LINK = '"url": "/world/2026/05/20/x"'


def test_script_listing_reads_two_hundred_and_one_scripts():
    scripts = "<script>var a = 1;</script>" * 200
    assert _looks_script_listing(_sel(_doc(body=scripts + f"<script>{_LINK}</script>"))) is True


def test_script_listing_stops_after_two_hundred_and_one_scripts():
    scripts = "<script>var a = 1;</script>" * 201
    assert _looks_script_listing(_sel(_doc(body=scripts + f"<script>{_LINK}</script>"))) is False


def test_script_listing_reads_the_first_500_000_characters_of_a_script():
    # what the pattern needs ends at the month's slash
    head = '"url": "/world/2026/05/'
    inside = "x" * (500_000 - len(head)) + head + '20/x"'
    assert _looks_script_listing(_sel(_doc(body=f"<script>{inside}</script>"))) is True
    beyond = "x" * (500_001 - len(head)) + head + '20/x"'
    assert _looks_script_listing(_sel(_doc(body=f"<script>{beyond}</script>"))) is False


def _elements_then_container(before: int) -> Any:
    # html and body are elements 0 and 1: the container is element `before + 2`.
    return _sel("<html><body>" + "<i></i>" * before + '<div class="list" data-x="1"></div></body></html>')


def test_script_listing_reads_twenty_thousand_and_one_elements():
    assert _looks_script_listing(_elements_then_container(19_998)) is True


def test_script_listing_stops_after_twenty_thousand_and_one_elements():
    assert _looks_script_listing(_elements_then_container(19_999)) is False


# --- articles -----------------------------------------------------------------------------------------------


def test_site_fields_of_the_generic_profile_are_empty():
    page = _profile().page(URL, _doc(_ld(NEWS_LD), _article(P1)))
    assert page is not None
    assert _profile().site_fields(page) == {}


def test_read_article_of_a_signalled_page():
    out = _profile().read_article(URL, _doc(_ld(NEWS_LD), _article(P1, P2)))
    assert out.fallbacks == ()
    a = out.article
    assert a is not None
    assert a.title == "Port reopens after storm"
    assert a.body == [P1, P2]
    assert a.url == URL
    assert a.section == "world"


def test_read_article_of_nothing_is_none():
    assert _profile().read_article(URL, None).article is None


def test_read_article_unsignalled_short_page_is_none():
    assert _profile().read_article(URL, _doc(body=_article(P1, P2))).article is None


def test_read_article_unsignalled_long_page_on_an_article_url():
    a = _profile().read_article(URL, _doc(body=_article(P1, P2, P3))).article
    assert a is not None
    assert a.body == [P1, P2, P3]


def test_read_article_unsignalled_long_page_off_an_article_url_is_none():
    assert _profile().read_article(f"{BASE}/about", _doc(body=_article(P1, P2, P3))).article is None


def test_read_article_without_title_or_body_is_none():
    assert _profile().read_article(URL, _doc('<meta property="og:type" content="article">')).article is None


def test_read_article_with_a_title_and_no_body():
    head = '<meta property="og:type" content="article"><meta property="og:title" content="Port reopens">'
    a = _profile().read_article(URL, _doc(head)).article
    assert a is not None
    assert (a.title, a.body) == ("Port reopens", [])


def test_read_article_with_a_body_and_no_title():
    a = (
        _profile()
        .read_article(URL, _doc('<meta property="og:type" content="article">', _article(P1)))
        .article
    )
    assert a is not None
    assert (a.title, a.body) == (None, [P1])


class _OwnFields(GenericProfile):
    """A site whose selectors read some fields and miss others."""

    own: dict[str, Any] = {}

    def site_fields(self, page: GenericPage) -> dict[str, Any]:
        return dict(self.own)


def _own(**own: Any) -> GenericProfile:
    p = _OwnFields(default_base_url=BASE)
    p.own = own
    return p


def test_site_fields_win_over_the_generic_readers():
    p = _own(title="Own title", tags=["own"], is_premium=True)
    out = p.read_article(URL, _doc(_ld({**NEWS_LD, "keywords": "generic"}), _article(P1)))
    assert out.article is not None
    assert (out.article.title, out.article.tags, out.article.is_premium) == ("Own title", ["own"], True)
    assert out.article.body == [P1]  # not a site field: the generic reader's, and no fallback
    assert out.fallbacks == ()


def test_site_field_found_empty_stays_empty():
    p = _own(tags=[], subtitle=None)
    out = p.read_article(URL, _doc(_ld({**NEWS_LD, "keywords": "generic"}), _article(P1)))
    assert out.article is not None
    assert out.article.tags == []
    assert out.fallbacks == ()


def test_missing_site_fields_are_filled_and_reported_as_fallbacks():
    p = _own(title=MISSING, tags=MISSING, body=MISSING, subtitle=MISSING, is_premium=MISSING)
    out = p.read_article(URL, _doc(_ld({**LOCKED_LD, "keywords": "ports, storms"}), _article(P1)))
    a = out.article
    assert a is not None
    assert a.title == "Port reopens after storm"
    assert a.tags == ["ports", "storms"]
    assert a.body == [P1]
    assert a.subtitle is None
    assert a.is_premium is True
    # in EXTRACTED_FIELDS order; subtitle found nothing, so it is no fallback
    assert out.fallbacks == ("title", "tags", "body", "is_premium")


def test_missing_site_fields_the_generic_readers_cannot_fill_are_no_fallbacks():
    p = _own(tags=MISSING, is_premium=MISSING, images=MISSING)
    out = p.read_article(URL, _doc(_ld(NEWS_LD), _article(P1)))
    a = out.article
    assert a is not None
    assert (a.tags, a.is_premium, a.images) == ([], False, [])
    assert out.fallbacks == ()


def test_site_fields_decide_the_title_and_body_check():
    assert _own(title=None, body=[]).read_article(URL, _doc(_ld(NEWS_LD), _article(P1))).article is None
    a = _own(title=None).read_article(URL, _doc(_ld(NEWS_LD), _article(P1))).article
    assert a is not None
    assert a.body == [P1]


class _Broken(GenericProfile):
    def site_fields(self, page: GenericPage) -> dict[str, Any]:
        raise RuntimeError("selector bug")


def test_read_article_never_raises_and_counts_the_page(caplog: pytest.LogCaptureFixture):
    errors: dict[str, int] = {"title": 2}
    with caplog.at_level(logging.ERROR, logger="jpcrawl.pages.generic.profile"):
        out = _Broken(default_base_url=BASE).read_article(URL, _doc(_ld(NEWS_LD), _article(P1)), None, errors)
    assert out.article is None
    assert out.fallbacks == ()
    assert errors == {"title": 2, "page": 1}
    assert [r.getMessage() for r in caplog.records] == [f"parse_article failed for {URL}"]


def test_read_article_failure_without_a_counter():
    assert _Broken(default_base_url=BASE).read_article(URL, _doc(_ld(NEWS_LD), _article(P1))).article is None


def test_parse_article_is_read_articles_item():
    a = _profile().parse_article(URL, _doc(_ld(NEWS_LD), _article(P1)))
    assert a is not None
    assert a.body == [P1]


def test_read_article_base_url_folds_the_canonical():
    head = _ld(NEWS_LD) + '<link rel="canonical" href="http://harbour.example/world/2026/05/20/port-reopens">'
    a = _profile().read_article(
        "http://harbour.example/world/2026/05/20/port-reopens", _doc(head, _article(P1))
    )
    assert a.article is not None
    assert a.article.url == f"{BASE}/world/2026/05/20/port-reopens"
    b = _profile().read_article(URL, _doc(head, _article(P1)), "http://harbour.example:8080")
    assert b.article is not None
    assert b.article.url == "http://harbour.example:8080/world/2026/05/20/port-reopens"


# --- listings -----------------------------------------------------------------------------------------------


def test_parse_listing_of_nothing():
    listing = _profile().parse_listing(f"{BASE}/world", None)
    assert (listing.entries, listing.next_url, listing.needs_render, listing.error) == ([], None, False, None)


def test_parse_listing_entries_fold_onto_the_default_base():
    listing = _profile().parse_listing("http://harbour.example/world", _doc(body=LISTING))
    assert [e.url for e in listing.entries] == [
        f"{BASE}/world/2026/05/20/port-reopens-after-three-day-storm",
        f"{BASE}/world/2026/05/19/ferries-cancelled-as-storm-nears",
    ]
    assert [e.title for e in listing.entries] == ["Port reopens after storm", "Ferries cancelled"]
    assert (listing.next_url, listing.needs_render) == (None, False)


def test_parse_listing_entries_fold_onto_the_given_base():
    listing = _profile().parse_listing(f"{BASE}/world", _doc(body=LISTING), "http://harbour.example:8080")
    assert [e.url for e in listing.entries][:1] == [
        "http://harbour.example:8080/world/2026/05/20/port-reopens-after-three-day-storm"
    ]


def test_parse_listing_without_base_keeps_the_pages_origin():
    listing = GenericProfile().parse_listing("http://harbour.example/world", _doc(body=LISTING))
    assert [e.url for e in listing.entries][:1] == [
        "http://harbour.example/world/2026/05/20/port-reopens-after-three-day-storm"
    ]


def test_parse_listing_next_page_is_folded():
    head = '<link rel="next" href="http://harbour.example/world?page=2">'
    listing = _profile().parse_listing(f"{BASE}/world", _doc(head, LISTING))
    assert listing.next_url == f"{BASE}/world?page=2"


def test_parse_listing_next_page_must_be_a_later_page():
    same = '<link rel="next" href="/world?page=2&amp;sort=new">'
    assert _profile().parse_listing(f"{BASE}/world?page=2", _doc(same, LISTING)).next_url is None
    back = '<link rel="next" href="/world?page=1">'
    assert _profile().parse_listing(f"{BASE}/world?page=2", _doc(back, LISTING)).next_url is None
    later = '<link rel="next" href="/world?page=3">'
    assert (
        _profile().parse_listing(f"{BASE}/world?page=2", _doc(later, LISTING)).next_url
        == f"{BASE}/world?page=3"
    )


def test_parse_listing_without_entries_has_no_next_page():
    head = '<link rel="next" href="/world?page=2">'
    listing = _profile().parse_listing(f"{BASE}/world", _doc(head, "<main><p>No stories yet.</p></main>"))
    assert (listing.entries, listing.next_url, listing.needs_render) == ([], None, False)


def test_parse_listing_script_listing_needs_render():
    body = '<main><div class="article-list" data-endpoint="/api/world"></div></main>'
    listing = _profile().parse_listing(f"{BASE}/world", _doc(body=body))
    assert (listing.entries, listing.needs_render) == ([], True)


def test_parse_listing_with_entries_needs_no_render():
    body = LISTING + '<div class="more-list" data-endpoint="/api/world"></div>'
    listing = _profile().parse_listing(f"{BASE}/world", _doc(body=body))
    assert len(listing.entries) == 2
    assert listing.needs_render is False


def test_parse_listing_never_raises(caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.ERROR, logger="jpcrawl.pages.generic.profile"):
        listing = _profile().parse_listing(f"{BASE}/world", 12345)  # type: ignore[arg-type]
    assert (listing.entries, listing.next_url, listing.needs_render) == ([], None, False)
    assert [r.getMessage() for r in caplog.records] == [f"parse_listing failed for {BASE}/world"]
