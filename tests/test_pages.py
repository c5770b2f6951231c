"""Every fixture page under tests/fixtures/jakartapost/ against its expected extraction.

Each `<case>.html` has a `<case>.json`:
- "url" (the canonical item URL) and optional "fetch_url" (the URL the page was fetched at, if different),
- optional "base_url" (default https://www.thejakartapost.com), "now" (ISO, for listings), "kind" (the
  expected PageKind value) and "recorded" (true for cases recorded by `scrapy fixtures`: still to review),
- listings: "entries" (ListingEntry dicts), "next_url", optional "needs_render";
- non-articles: "article": null (parse_article must return None);
- articles: every EXTRACTED_FIELDS key, compared with Article.extracted().
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import pytest

from jpcrawl.items import EXTRACTED_FIELDS
from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "jakartapost"
CASES = sorted(p.stem for p in FIXTURES.glob("*.html") if p.with_suffix(".json").exists())
DEFAULT_BASE = "https://www.thejakartapost.com"


def _load(case: str) -> tuple[str, dict]:
    html = (FIXTURES / f"{case}.html").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
    return html, expected


def test_fixture_set_is_complete():
    wanted = {"wire_reuters", "multi_author", "no_subtitle", "no_image", "premium_teaser", "premium_full",
              "advertorial", "url_date_differs", "old_layout", "dropcap_one_letter", "listing",
              "listing_js_raw", "listing_js_rendered", "interstitial", "empty"}  # fmt: skip
    assert wanted <= set(CASES)


# What a parsed page leaves at its default: the crawl (clean, dedupe, the spider) fills these in later. A
# parser that set any of them would be doing another layer's job.
ARTICLE_BOOKKEEPING = {
    "word_count": None,
    "content_hash": None,
    "crawled_at": None,
    "rendered": False,
    "version": 1,
    "alternate_urls": [],
    "schema_version": "1.0",
}
CASE_KEYS = {"url", "fetch_url", "base_url", "now", "kind", "recorded"}


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    html, expected = _load(case)
    base = expected.get("base_url", DEFAULT_BASE)
    fetch_url = expected.get("fetch_url", expected["url"])
    assert SITE.classify(fetch_url, html) is PageKind(expected["kind"])
    if "entries" in expected:
        assert set(expected) <= CASE_KEYS | {"entries", "next_url", "needs_render"}, "unknown keys"
        now = datetime.fromisoformat(expected["now"])
        listing = SITE.parse_listing(fetch_url, html, base, now)
        assert asdict(listing) == {
            "entries": expected["entries"],
            "next_url": expected["next_url"],
            "needs_render": expected["needs_render"],
            # a saved page reads whole: no unreadable value, no page-level error
            "field_errors": {},
            "error": None,
        }
        assert SITE.parse_article(fetch_url, html, base) is None
        return
    article = SITE.parse_article(fetch_url, html, base)
    if "article" in expected and expected["article"] is None:
        assert set(expected) <= CASE_KEYS | {"article"}, "unknown keys"
        assert article is None
        return
    assert set(expected) == CASE_KEYS & set(expected) | set(EXTRACTED_FIELDS), "unknown or missing keys"
    assert article is not None
    assert asdict(article) == {**{name: expected[name] for name in EXTRACTED_FIELDS}, **ARTICLE_BOOKKEEPING}


def test_premium_pair_shares_the_head():
    _, teaser = _load("premium_teaser")
    _, full = _load("premium_full")
    assert teaser["body"] == full["body"][: len(teaser["body"])]
    assert len(full["body"]) > len(teaser["body"])
    assert teaser["is_paywalled"] and not full["is_paywalled"]


def test_login_form_and_session_markers():
    page = """<html><head><meta name="csrf-token" content="meta-token"></head><body>
    <form class="auth-box__content-form" method="POST" action="/user/account/login">
      <input type="hidden" name="_token" value="abc123"><input type="hidden" name="redirect" value="/">
      <input type="email" name="email"><input type="password" name="password">
      <button type="submit">Login</button></form></body></html>"""
    form = SITE.parse_login_form("https://www.thejakartapost.com/user/account/login", page)
    assert form is not None
    assert form.action_url == "https://www.thejakartapost.com/user/account/login"
    assert form.fields == {"_token": "abc123", "redirect": "/"}
    assert (form.email_field, form.password_field) == ("email", "password")
    assert SITE.parse_login_form("https://x/", "<html><body><p>no form</p></body></html>") is None
    # a form without a hidden token falls back to the csrf meta tag
    bare = page.replace('<input type="hidden" name="_token" value="abc123">', "")
    form2 = SITE.parse_login_form("https://www.thejakartapost.com/user/account/login", bare)
    assert form2 is not None and form2.fields["_token"] == "meta-token"


def test_is_logged_in():
    full, _ = _load("premium_full")
    teaser, _ = _load("premium_teaser")
    assert SITE.is_logged_in(full)
    assert not SITE.is_logged_in(teaser)
    assert not SITE.is_logged_in("")
    assert SITE.is_logged_in('<html><body><header><button>Log out</button></header></body></html>')


def test_profile_urls():
    assert SITE.listing_url("http://127.0.0.1:8123", "business") == "http://127.0.0.1:8123/business"
    assert SITE.listing_url("http://127.0.0.1:8123/", "/business/", 3) == "http://127.0.0.1:8123/business?page=3"
    assert SITE.is_article_url("https://www.thejakartapost.com/adv/2024/08/01/x.html")
    assert SITE.is_article_url("/business/2024/02/01/miners---again-.html-1234")
    assert not SITE.is_article_url("https://www.thejakartapost.com/business/companies")
    assert not SITE.is_article_url("https://www.thejakartapost.com/business/companies/2024/01/01/x.html")
    assert SITE.canonical_url("http://newgelora.thejakartapost.com/a/2024/01/01/b.html-99?utm_x=1#c",
                              "http://127.0.0.1:8123") == "http://127.0.0.1:8123/a/2024/01/01/b.html"
    assert SITE.login_url("http://127.0.0.1:8123") == "http://127.0.0.1:8123/user/account/login"
    assert SITE.name == "jakartapost" and "southeast-asia" in SITE.sections
