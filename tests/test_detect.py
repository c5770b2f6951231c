"""classify(): the page kinds on the fixtures and on small hand-made edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "jakartapost"
URL = "https://www.thejakartapost.com/world/2024/01/01/x.html"
BLOCK = (
    '<div class="on-ie-underversion9"><div class="col-xs-6 article-ie"><p>Please Update your browser</p>'
    "<p>Your browser is out of date.</p></div></div>"
)


@pytest.mark.parametrize(
    ("case", "kind"),
    [
        ("wire_reuters", PageKind.ARTICLE),
        ("premium_teaser", PageKind.PAYWALLED),
        ("premium_full", PageKind.ARTICLE),
        ("old_layout", PageKind.ARTICLE),
        ("listing", PageKind.LISTING),
        ("listing_js_raw", PageKind.LISTING),
        ("listing_past_end", PageKind.LISTING),
        ("interstitial", PageKind.INTERSTITIAL),
        ("empty", PageKind.EMPTY),
    ],
)
def test_fixture_kinds(case, kind):
    html = (FIXTURES / f"{case}.html").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
    assert SITE.classify(expected.get("fetch_url", expected["url"]), html) is kind


@pytest.mark.parametrize("html", ["", "   ", None, b"", "<html></html>", "<html><body></body></html>", "\0"])
def test_empty_documents(html):
    assert SITE.classify(URL, html) is PageKind.EMPTY
    assert SITE.parse_article(URL, html) is None


def test_interstitial_only_block_with_scripts_and_logo():
    page = f"<html><head><script>var a = 1;</script></head><body>{BLOCK}<img src='/logo.png'></body></html>"
    assert SITE.classify(URL, page) is PageKind.INTERSTITIAL
    assert SITE.parse_article(URL, page) is None
    assert SITE.parse_listing(URL, page).entries == []


def test_hidden_block_on_a_normal_page_is_not_an_interstitial():
    page = (
        f"<html><body>{BLOCK}<div class='tjp-single'><div class='tjp-single__head'><h1>Headline</h1></div>"
        "<div class='tjp-single__content'><p>Body text.</p></div></div></body></html>"
    )
    assert SITE.classify(URL, page) is PageKind.ARTICLE


def test_block_plus_real_text_is_not_an_interstitial():
    page = f"<html><body>{BLOCK}<div><p>{'Some unrelated page text. ' * 20}</p></div></body></html>"
    assert SITE.classify(URL, page) is PageKind.EMPTY


def test_bytes_input_and_json_ld_only_article():
    page = (
        b'<html><body><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Only LD"}'
        b"</script><p>text</p></body></html>"
    )
    assert SITE.classify(URL, page) is PageKind.ARTICLE
    art = SITE.parse_article(URL, page)
    assert art is not None and art.title == "Only LD" and art.body == []


def test_premium_without_paywall_is_article_and_paywall_needs_premium():
    page = (
        "<html><body><div class='tjp-single'><div class='tjp-meta__content-premium'>Premium</div>"
        "<div class='tjp-single__content'><p>Full text.</p></div></div></body></html>"
    )
    assert SITE.classify(URL, page) is PageKind.ARTICLE
    assert SITE.classify(URL, page.replace("<p>Full", "<div class='tjp-paywall'></div><p>Full")) is (
        PageKind.PAYWALLED
    )
