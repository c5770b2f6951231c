"""Property tests: truncated, mutated and empty pages never make the page objects raise.

Missing data must be explicit: an Article's lists are lists and its unknown scalars are None (never ""),
a non-article is None, a listing is a Listing. ~150 examples per property keep the run well under 20 s.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpcrawl.items import Article
from jpcrawl.pages.base import Listing
from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "jakartapost"
PAGES = {p.stem: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html"))}
NAMES = sorted(PAGES)
URL = "https://www.thejakartapost.com/business/2024/07/22/nickel-smelters-face-tighter-emission-rules.html"
LIST_URL = "https://www.thejakartapost.com/business/companies?page=2"
NOW = datetime(2024, 10, 1, 12, tzinfo=timezone(timedelta(hours=7)))
SNIPPETS = [
    "<p>", "</p>", "<div class='tjp-opening'>", "<h1 class='tjp-opening__char'>", "</div>", "<figure>",
    "<div class='tjp-paywall'>", "<div class='listNews'>",
    "<h2 class='titleNews'><a href='/x/2024/01/01/y.html'>",
    "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":", "<!--", "]]>", "&#",
    "\x00",
    "<span class='created'>Published on 2023-13-99T99:99", "<meta name='keywords' content=',,,'>", "<body>",
    "<html>", "<div class='on-ie-underversion9'>", "<li class='tjp-breadcrumb__list-item active'>", "\ufeff",
]  # fmt: skip
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_article(art: Article | None) -> None:
    if art is None:
        return
    assert isinstance(art, Article)
    for name in ("authors", "tags", "body", "images"):
        assert isinstance(getattr(art, name), list), name
    for name in ("title", "subtitle", "source", "dateline", "published_at", "modified_at", "section",
                 "subsection", "language"):  # fmt: skip
        value = getattr(art, name)
        assert value is None or (isinstance(value, str) and value.strip() == value and value), (name, value)
    assert all(isinstance(p, str) and p for p in art.body)
    assert all(isinstance(a, str) and a for a in art.authors)
    assert all(set(img) == {"url", "caption", "credit"} and img["url"] for img in art.images)
    assert isinstance(art.is_premium, bool) and isinstance(art.is_paywalled, bool)
    assert not art.is_paywalled or art.is_premium


def check_all(url: str, html: str | bytes) -> None:
    # The public methods swallow exceptions (a crawl must survive any page); call the inner parsers too
    # so that a bug still fails this test instead of hiding behind the safety net.
    SITE._parse_article(url, html, SITE.default_base_url)
    SITE._parse_listing(url, html, SITE.default_base_url, NOW)
    SITE._parse_login_form(url, html)
    assert isinstance(SITE.classify(url, html), PageKind)
    check_article(SITE.parse_article(url, html))
    listing = SITE.parse_listing(url, html, None, NOW)
    assert isinstance(listing, Listing)
    assert all(e.url for e in listing.entries)
    SITE.parse_login_form(url, html)
    assert isinstance(SITE.is_logged_in(html), bool)


@SETTINGS
@given(name=st.sampled_from(NAMES), cut=st.floats(min_value=0, max_value=1))
def test_truncated_pages(name, cut):
    page = PAGES[name]
    check_all(URL, page[: int(len(page) * cut)])
    check_all(LIST_URL, page[: int(len(page) * cut)])


@st.composite
def mutated(draw):
    page = PAGES[draw(st.sampled_from(NAMES))]
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        op = draw(st.sampled_from(["delete", "insert", "garble"]))
        i = draw(st.integers(min_value=0, max_value=max(0, len(page) - 1)))
        if op == "delete":
            j = i + draw(st.integers(min_value=1, max_value=400))
            page = page[:i] + page[j:]
        elif op == "insert":
            page = page[:i] + draw(st.sampled_from(SNIPPETS)) + page[i:]
        else:
            page = page[:i] + draw(st.text(max_size=20)) + page[i:]
    return page


@SETTINGS
@given(page=mutated(), as_bytes=st.booleans())
def test_mutated_pages(page, as_bytes):
    data: str | bytes = page.encode("utf-8", errors="replace") if as_bytes else page
    check_all(URL, data)
    check_all(LIST_URL, data)


@settings(max_examples=100, deadline=None)
@given(junk=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_arbitrary_input(junk):
    check_all(URL, junk)


def test_empty_and_none():
    for value in ("", b"", None, " \n ", "<", "<html"):
        check_all(URL, value)  # type: ignore[arg-type]
        assert SITE.parse_article(URL, value) is None  # type: ignore[arg-type]
        assert SITE.parse_listing(LIST_URL, value, None, NOW) == Listing()  # type: ignore[arg-type]
