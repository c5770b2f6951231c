"""Exact values for the Island Courier profile's selectors (jpcrawl/pages/courier.py) on hand-built posts."""

from __future__ import annotations

from typing import Any

import pytest
from parsel import Selector

from jpcrawl.pages.courier import SITE
from jpcrawl.pages.generic.profile import MISSING

URL = "https://islandcourier.example/2026/05/20/a-post/"


def _fields(post: str) -> dict[str, Any]:
    page = SITE.page(URL, f"<html><body>{post}</body></html>")
    assert page is not None
    return SITE.site_fields(page)


FULL = """
<article class="post">
 <h1 class="entry-title"> The   <em>Title</em> </h1>
 <span class="byline">by <span class="author vcard"><a class="fn"> Ann  A </a></span> and
   <span class="author vcard"><a class="fn">Bob</a></span></span>
 <time class="entry-date published" datetime="2026-05-20T10:00:00+07:00">May 20</time>
 <time class="updated" datetime="2026-05-21T11:00:00+07:00">May 21</time>
 <a rel="category tag" href="/category/business/">Business</a>
 <div class="entry-content"><p>One.</p><p>Two  words.</p></div>
 <footer class="entry-footer"><a rel="tag" href="/tag/x/"> Tag  X </a>
 <a rel="tag" href="/tag/y/">Y</a></footer>
</article>
<article class="post"><h1 class="entry-title">Second</h1></article>
"""


def test_full_post_fields():
    f = _fields(FULL)
    assert f["subtitle"] is None
    assert f["subsection"] is None
    assert f["dateline"] is None
    assert f["title"] == "The Title"
    assert f["authors"] == ["Ann A", "Bob"]
    assert f["source"] == "The Island Courier"
    assert f["published_at"] == "2026-05-20T10:00:00+07:00"
    assert f["modified_at"] == "2026-05-21T11:00:00+07:00"
    assert f["section"] == "business"
    assert f["tags"] == ["Tag X", "Y"]
    assert f["body"] == ["One.", "Two words."]


def test_no_post_everything_missing():
    f = _fields("<div>nothing</div>")
    assert set(f) == {"title", "authors", "source", "published_at", "modified_at", "section", "tags", "body"}
    assert all(v is MISSING for v in f.values())


def test_bare_post_fields_missing():
    f = _fields('<article class="post"><h1 class="entry-title">  </h1></article>')
    for name in ("title", "authors", "source", "published_at", "modified_at", "section", "tags", "body"):
        assert f[name] is MISSING, name


def test_updated_without_published_is_missing():
    f = _fields('<article class="post"><time class="updated" datetime="2026-05-21">x</time></article>')
    assert f["published_at"] is MISSING
    assert f["modified_at"] is MISSING


def test_published_without_separate_updated_gives_none_modified():
    f = _fields(
        '<article class="post"><time class="published updated" datetime="2026-05-20">x</time></article>'
    )
    assert f["published_at"] == "2026-05-20"
    assert f["modified_at"] is None


def test_empty_footer_gives_empty_tags():
    assert _fields('<article class="post"><footer class="entry-footer"></footer></article>')["tags"] == []


def test_category_link_without_category_path_is_missing():
    f = _fields('<article class="post"><a rel="category" href="/tag/x/">x</a></article>')
    assert f["section"] is MISSING


def test_wire_byline():
    f = _fields(
        '<article class="post"><span class="byline">By <span class="author vcard">'
        '<span class="fn">Cat</span></span> | AFP</span></article>'
    )
    assert f["authors"] == ["Cat"]
    assert f["source"] == "AFP"


def test_wire_byline_uses_last_bar():
    f = _fields('<article class="post"><span class="byline">By X | Y | Reuters</span></article>')
    assert f["authors"] == []
    assert f["source"] == "Reuters"


def test_agency_byline_has_no_authors():
    f = _fields(
        '<article class="post"><span class="byline">By <span class="author vcard"><span class="fn">Z</span>'
        '</span><span class="agency"> Reuters </span></span></article>'
    )
    assert f["authors"] == []
    assert f["source"] == "Reuters"


def test_empty_author_names_dropped():
    f = _fields(
        '<article class="post"><span class="byline">by <span class="author vcard"><span class="fn"> </span>'
        "</span></span></article>"
    )
    assert f["authors"] == []
    assert f["source"] == "The Island Courier"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://islandcourier.example/2026/05/20/slug/", True),
        ("/2026/05/20/slug/", True),
        ("https://islandcourier.example/2026/05/20/slug", False),
        ("https://islandcourier.example/2026/5/20/slug/", False),
        ("https://islandcourier.example/x/2026/05/20/slug/", False),
        ("https://islandcourier.example/2026/05/20/slug/more/", False),
        ("https://islandcourier.example/2026/05/20//", False),
        ("http://[::1/2026/05/20/slug/", False),
    ],
)
def test_is_article_url(url, expected):
    assert SITE.is_article_url(url) is expected


def test_listing_url():
    assert SITE.listing_url("https://c.example/", "/news/") == "https://c.example/category/news/"
    assert SITE.listing_url("https://c.example", "news", 1) == "https://c.example/category/news/"
    assert SITE.listing_url("https://c.example", "news", 0) == "https://c.example/category/news/"
    assert SITE.listing_url("https://c.example", "news", 2) == "https://c.example/category/news/page/2/"


def test_site_constants():
    assert SITE.name == "courier"
    assert SITE.default_base_url == "https://islandcourier.example"
    assert SITE.site_name == "The Island Courier"
    assert SITE.sections == ("news", "business", "world", "region", "lifestyle", "culture", "opinion")


def test_a_wire_name_with_spaces_is_kept_whole():
    from jpcrawl.pages.courier import _byline

    post = Selector(
        text="<article class='post'><span class='byline'>By <span class='author vcard'>"
        "<a class='fn'>Ann Lee</a></span> | Associated Press</span></article>"
    ).css("article.post")
    assert _byline(post) == (["Ann Lee"], "Associated Press")


def test_listing_url_keeps_base_and_section_as_written():
    assert SITE.listing_url("https://MAILBOX/", "/TAX/") == "https://MAILBOX/category/TAX/"
