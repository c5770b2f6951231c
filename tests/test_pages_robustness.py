"""Property tests: truncated, mutated and empty pages never make the page objects raise.

Missing data must be explicit: an Article's lists are lists and its unknown scalars are None (never ""),
a non-article is None, a listing is a Listing, and no listing is an error. ~150 examples per property keep
the run well under 20 s; CI runs them derandomized (the "ci" profile, tests/conftest.py).

`make fuzz` runs these properties with the "fuzz" profile (thousands of examples, random) and saves the
minimal failing input of each failing property under tests/fixtures/fuzz/, which test_fuzz_fixtures then
replays in every run: commit the file with the fix.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jpcrawl.items import Article
from jpcrawl.pages.base import Listing
from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "jakartapost"
FUZZ_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fuzz"
SAVE_FAILURES = bool(os.environ.get("JPCRAWL_FUZZ_SAVE"))
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
# At least 150 examples; more when the loaded profile asks for more (make fuzz).
SETTINGS = settings(
    max_examples=max(150, settings().max_examples),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Found by hypothesis (issue 15): a broken tag turns script text into attribute names such as "{", and lxml
# raised ValueError("Invalid tag name") when the listing parser read `script.attrib`; the public
# parse_listing then returned an empty listing and the crawl lost the page without a word.
BROKEN_SCRIPT_TAG = PAGES["listing_js_raw"].replace(
    '<a href="/world/2024/10/01/sidebar-latest-one.html">', "<script type='>", 1
)


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
    assert listing.error is None, listing.error
    assert all(e.url for e in listing.entries)
    SITE.parse_login_form(url, html)
    assert isinstance(SITE.is_logged_in(html), bool)


_failures: dict[str, str | bytes] = {}


def check_both(test: str, data: str | bytes) -> None:
    """check_all on an article URL and a listing URL; under make fuzz, remember the failing input (the
    last one is hypothesis' final, minimal example)."""
    try:
        check_all(URL, data)
        check_all(LIST_URL, data)
    except Exception:
        if SAVE_FAILURES:
            _failures[test] = data
        raise


@pytest.fixture(autouse=True)
def _save_fuzz_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    _failures.clear()
    yield
    data = _failures.pop(request.node.name, None)
    if data is None:
        return
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    FUZZ_FIXTURES.mkdir(parents=True, exist_ok=True)
    suffix = "html" if isinstance(data, str) else "bin"
    (FUZZ_FIXTURES / f"{request.node.name}-{hashlib.sha1(raw).hexdigest()[:12]}.{suffix}").write_bytes(raw)


@SETTINGS
@given(name=st.sampled_from(NAMES), cut=st.floats(min_value=0, max_value=1))
def test_truncated_pages(name, cut):
    page = PAGES[name]
    check_both("test_truncated_pages", page[: int(len(page) * cut)])


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
@example(page=BROKEN_SCRIPT_TAG, as_bytes=False)
@example(page=BROKEN_SCRIPT_TAG, as_bytes=True)
def test_mutated_pages(page, as_bytes):
    data: str | bytes = page.encode("utf-8", errors="replace") if as_bytes else page
    check_both("test_mutated_pages", data)


@settings(max_examples=max(100, settings().max_examples), deadline=None)
@given(junk=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_arbitrary_input(junk):
    check_both("test_arbitrary_input", junk)


@pytest.mark.parametrize(
    "path", sorted(FUZZ_FIXTURES.glob("*.html")) + sorted(FUZZ_FIXTURES.glob("*.bin")), ids=lambda p: p.name
)
def test_fuzz_fixtures(path: Path) -> None:
    """Every input make fuzz ever found stays fixed."""
    raw = path.read_bytes()
    check_both("replay", raw.decode("utf-8", "surrogatepass") if path.suffix == ".html" else raw)


def test_broken_script_tag_keeps_the_listing() -> None:
    """The page hypothesis found: its main list is script-built (nothing to take), but it is read, not lost,
    and the same tag in a listing with items keeps them."""
    listing = SITE.parse_listing(LIST_URL, BROKEN_SCRIPT_TAG, None, NOW)
    assert listing.error is None
    link = '<a href="/world/2024/10/01/sidebar-latest-one.html">'
    page = PAGES["listing"].replace(link, "<script type='>", 1)
    assert page != PAGES["listing"]
    expected = SITE.parse_listing(LIST_URL, PAGES["listing"], None, NOW)
    assert len(expected.entries) == 4
    assert SITE.parse_listing(LIST_URL, page, None, NOW).entries == expected.entries


def test_empty_and_none():
    for value in ("", b"", None, " \n ", "<", "<html"):
        check_all(URL, value)  # type: ignore[arg-type]
        assert SITE.parse_article(URL, value) is None  # type: ignore[arg-type]
        assert SITE.parse_listing(LIST_URL, value, None, NOW) == Listing()  # type: ignore[arg-type]
