"""Exact values for each generic field reader of GenericPage (jpcrawl/pages/generic/fields.py), one
behaviour per test, on small hand-written news pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jpcrawl.pages.generic import fields as fields_mod
from jpcrawl.pages.generic.fields import GenericPage

BASE = "https://harbour.example"
URL = f"{BASE}/world/2026/05/20/port-reopens-after-three-day-storm"
P1 = "The port of Harbour City reopened on Wednesday after a storm closed it for three days, officials said."
P2 = "Shipping lines resumed loading at dawn, and the first ferry left for the outer islands before noon."
PARAS = f"<p>{P1}</p><p>{P2}</p>"
TITLE = "Port reopens after three-day storm"


def _ld(obj: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _news(**fields: Any) -> str:
    return _ld({"@context": "https://schema.org", "@type": "NewsArticle", **fields})


def _doc(head: str = "", body: str = "", lang: str = "") -> str:
    attr = f' lang="{lang}"' if lang else ""
    return f"<html{attr}><head>{head}</head><body>{body}</body></html>"


def _article(head: str = "", top: str = "", after: str = "", outside: str = "") -> str:
    """A story page: `top` is the article header (headline row, byline, dateline), then the text."""
    return _doc(
        head,
        f'{outside}<article><div class="head">{top}</div><div class="text">{PARAS}</div>{after}</article>',
    )


def _page(html: str, url: str = URL, base_url: str | None = BASE, **kwargs: Any) -> GenericPage:
    page = GenericPage.parse(url, html, base_url, **kwargs)
    assert page is not None
    return page


def _ids(els: list[Any]) -> list[str | None]:
    return [el.get("id") for el in els]


# --- body roots and the article block -----------------------------------------------------------------------


def test_body_roots_are_the_blocks_holding_the_text():
    page = _page(_doc("", f'<div id="story"><h1>{TITLE}</h1><div id="text">{PARAS}</div></div>'))
    assert _ids(page.body_roots) == ["text"]


def test_body_roots_of_a_page_nested_too_deep_are_none(monkeypatch: pytest.MonkeyPatch):
    def deep(sel: Any) -> list[Any]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(fields_mod, "find_roots", deep)
    assert _page(_doc("", PARAS)).body_roots == []


def test_scope_is_the_article_around_the_body_even_with_a_nearer_headline_block():
    page = _page(
        _doc(
            "",
            f'<article id="story"><div id="wrap"><h1>{TITLE}</h1>'
            f'<div id="text" itemprop="articleBody">{PARAS}</div></div></article>',
        )
    )
    assert page.scope.get("id") == "story"


def test_scope_without_article_is_the_nearest_block_holding_the_headline():
    page = _page(
        _doc(
            "",
            f'<div id="page"><div id="story"><h1>{TITLE}</h1><div id="meta"></div>'
            f'<div id="text">{PARAS}</div></div></div>',
        )
    )
    assert page.scope.get("id") == "story"


def test_scope_is_never_the_body_root_itself_even_when_it_holds_the_headline():
    page = _page(
        _doc("", f'<div id="page"><div id="story"><div id="text"><h1>{TITLE}</h1>{PARAS}</div></div></div>')
    )
    assert _ids(page.body_roots) == ["text"]
    assert page.scope.get("id") == "story"


def _nested(levels: int, h1_level: int) -> str:
    """The text block inside `levels` plain divs (a1 innermost); the headline sits in div a<h1_level>."""
    html = f'<div id="text">{PARAS}</div>'
    for n in range(1, levels + 1):
        head = f"<h1>{TITLE}</h1>" if n == h1_level else ""
        html = f'<div id="a{n}">{head}{html}</div>'
    return _doc("", html)


def test_scope_headline_block_is_looked_for_seven_levels_up():
    assert _page(_nested(8, 7)).scope.get("id") == "a7"


def test_scope_headline_block_further_up_is_not_looked_for():
    # no headline within seven levels: the text block's parent
    assert _page(_nested(9, 8)).scope.get("id") == "a1"


@pytest.mark.parametrize(
    ("headline", "scope"),
    [("Ports", "page"), ("Port", "page"), ("Jkt", "story"), (" J k ", "story"), ("", "story")],
)
def test_scope_headline_needs_more_than_three_characters(headline: str, scope: str):
    html = _doc(
        "", f'<div id="page"><h1>{headline}</h1><div id="story"><div id="text">{PARAS}</div></div></div>'
    )
    assert _page(html).scope.get("id") == scope


def test_scope_headline_in_a_related_box_does_not_count():
    html = _doc(
        "",
        f'<div id="page"><div class="related"><h1>Most read today</h1></div>'
        f'<div id="story"><div id="text">{PARAS}</div></div></div>',
    )
    assert _page(html).scope.get("id") == "story"


def test_scope_block_named_like_a_sidebar_layout_still_holds_the_headline():
    # only the path from the headline down to the block is judged, not the block itself
    html = _doc(
        "",
        f'<div id="page" class="layout has-sidebar"><h1>{TITLE}</h1>'
        f'<div id="story"><div id="text" itemprop="articleBody">{PARAS}</div></div></div>',
    )
    assert _page(html).scope.get("id") == "page"


def test_scope_stops_looking_at_the_body():
    html = _doc("", f'<h1>{TITLE}</h1><div id="wrap"><div id="text">{PARAS}</div></div>')
    assert _page(html).scope.get("id") == "wrap"


def test_scope_of_text_right_under_the_body_is_the_main_block():
    html = _doc(
        "", f'<h1>{TITLE}</h1><div id="text">{PARAS}</div><main id="menu"><a href="/world">World</a></main>'
    )
    page = _page(html)
    assert _ids(page.body_roots) == ["text"]
    assert page.scope.get("id") == "menu"


def test_scope_of_paragraphs_loose_in_the_body_is_the_main_block():
    html = _doc("", f'<h1>{TITLE}</h1><main id="menu"><a href="/world">World</a></main>{PARAS}')
    page = _page(html)
    assert [el.tag for el in page.body_roots] == ["body"]
    assert page.scope.get("id") == "menu"


def test_scope_of_a_page_without_text_is_its_main_block():
    assert _page(_doc("", f'<div><main id="m"><h1>{TITLE}</h1></main></div>')).scope.get("id") == "m"


def test_scope_of_a_page_without_text_or_blocks_is_the_document():
    page = _page(_doc("", f"<h1>{TITLE}</h1>"))
    assert page.scope is page.sel.root


# --- is_article ---------------------------------------------------------------------------------------------


def test_a_news_article_in_json_ld_is_an_article():
    assert _page(_article(_news(headline=TITLE))).is_article() is True


def test_a_page_without_article_signs_is_not_an_article():
    assert _page(_doc("", "<h1>Contact us</h1>"), f"{BASE}/contact").is_article() is False


# --- canonical ----------------------------------------------------------------------------------------------

CANON = f"{BASE}/world/port-reopens"


def _canon(*links: str, url: str = URL) -> str:
    return _page(_doc("".join(links)), url).canonical()


def test_canonical_link_is_folded_onto_the_site():
    assert (
        _canon('<link rel="canonical" href="http://harbour.example/world/port-reopens?utm_source=x#top">')
        == CANON
    )


def test_canonical_og_url_when_there_is_no_canonical_link():
    assert _canon(f'<meta property="og:url" content="{CANON}">') == CANON


def test_canonical_link_beats_og_url():
    assert (
        _canon(
            '<link rel="canonical" href="/world/port-reopens">',
            f'<meta property="og:url" content="{BASE}/amp/port-reopens">',
        )
        == CANON
    )


@pytest.mark.parametrize(
    "href",
    [
        "https://wire.example/world/port-reopens",  # another site's copy
        "https://www.harbour.example/world/port-reopens",  # another host name
        "https://harbour.example/",  # the home page is no article's canonical
        "/",
        "https://[harbour.example/world/port-reopens",  # malformed
    ],
)
def test_canonical_link_elsewhere_gives_way_to_og_url(href: str):
    assert (
        _canon(f'<link rel="canonical" href="{href}">', f'<meta property="og:url" content="{CANON}">')
        == CANON
    )


def test_canonical_without_links_is_the_fetched_url_folded():
    assert _canon(url="http://harbour.example/world/port-reopens?utm_medium=social&id=7#comments") == (
        f"{CANON}?id=7"
    )


def test_canonical_when_both_links_point_elsewhere_is_the_fetched_url():
    assert (
        _canon(
            '<link rel="canonical" href="https://wire.example/a/port">',
            '<meta property="og:url" content="https://harbour.example/">',
            url=URL,
        )
        == URL
    )


def test_canonical_of_a_local_file_is_its_url():
    page = _page(_doc(), "file:///tmp/port.html", None)
    assert page.canonical() == "file:///tmp/port.html"


# --- h1 -----------------------------------------------------------------------------------------------------


def test_h1_in_the_article_block_beats_an_earlier_one():
    html = _article(top=f"<h1>{TITLE}</h1>", outside='<div class="logo"><h1>Harbour Daily</h1></div>')
    assert _page(html).h1() == TITLE


def test_h1_outside_the_article_block_when_it_has_none():
    html = _article(outside=f'<div class="title-row"><h1> {TITLE} </h1></div>')
    assert _page(html).h1() == TITLE


@pytest.mark.parametrize(("first", "h1"), [("Q&A", TITLE), ("", TITLE), ("Port", "Port"), ("Ports", "Ports")])
def test_h1_needs_more_than_three_characters(first: str, h1: str):
    assert _page(_article(top=f"<h1>{first}</h1><h1>{TITLE}</h1>")).h1() == h1


def test_h1_in_a_junk_block_is_skipped():
    html = _article(top=f'<div class="related-box"><h1>Most read today</h1></div><h1>{TITLE}</h1>')
    assert _page(html).h1() == TITLE


def test_h1_of_a_page_without_one_is_none():
    assert _page(_article(top="<h2>Port reopens</h2>")).h1() is None


# --- title --------------------------------------------------------------------------------------------------

SITE = '<meta property="og:site_name" content="Harbour Daily">'


def _title(head: str = "", top: str = "", url: str = URL, **kwargs: Any) -> str | None:
    return _page(_article(head, top), url, **kwargs).title()


def test_title_json_ld_headline_comes_first():
    head = (
        _news(headline=TITLE) + '<meta property="og:title" content="Ferries sail again as the port reopens">'
    )
    assert _title(head, "<h1>Storm over: port open</h1>") == TITLE


def test_title_og_title_without_its_site_name():
    head = f'{SITE}<meta property="og:title" content="{TITLE} | Harbour Daily">'
    head += '<meta name="twitter:title" content="Ferries sail again">'
    assert _title(head, "<h1>Storm over: port open</h1>") == TITLE


def test_title_twitter_title_when_there_is_no_og_title():
    head = f'<meta name="twitter:title" content="{TITLE}"><title>Ferries sail again</title>'
    assert _title(head, "<h1>Storm over: port open</h1>") == TITLE


def test_title_h1_beats_the_html_title():
    assert _title("<title>Ferries sail again</title>", f"<h1>{TITLE}</h1>") == TITLE


def test_title_html_title_without_its_site_name():
    assert _title(f"{SITE}<title>{TITLE} - Harbour Daily</title>") == TITLE


def test_title_html_title_keeps_an_unknown_suffix():
    assert _title(f"<title>{TITLE} | Metro</title>") == f"{TITLE} | Metro"


def test_title_the_site_name_given_by_the_profile_is_cut():
    assert _title(f"<title>{TITLE} | HD Online</title>", site_name="HD Online") == TITLE


@pytest.mark.parametrize(
    ("head", "url", "kwargs"),
    [
        ("", URL, {"sections": ("Metro",)}),
        ('<meta property="article:section" content="Metro">', URL, {}),
        (_news(articleSection="Metro"), URL, {}),
        ("", f"{BASE}/metro/2026/05/20/port-reopens", {}),
    ],
)
def test_title_section_suffix_is_cut(head: str, url: str, kwargs: dict[str, Any]):
    assert _title(f"{head}<title>{TITLE} | Metro</title>", url=url, **kwargs) == TITLE


def test_title_section_from_a_hyphenated_url_segment_is_cut():
    url = f"{BASE}/asia-pacific/2026/05/20/port-reopens"
    assert _title(f"<title>{TITLE} - Asia Pacific</title>", url=url) == TITLE


def test_title_that_is_the_site_name_gives_way_to_the_next_source():
    head = f'{SITE}<meta property="og:title" content="HARBOUR DAILY">'
    assert _title(head, f"<h1>{TITLE}</h1>") == TITLE


def test_title_json_ld_headline_that_is_the_site_name_gives_way_to_og_title():
    head = (
        SITE
        + _news(headline="Harbour Daily")
        + f'<meta property="og:title" content="Harbour Daily | {TITLE}">'
    )
    assert _title(head) == TITLE


def test_title_og_title_with_an_extra_part_is_the_h1():
    head = f'<meta property="og:title" content="{TITLE} - Live updates">'
    assert _title(head, f"<h1>{TITLE}</h1>") == TITLE


def test_title_json_ld_headline_with_an_extra_part_is_the_og_title():
    head = _news(headline=f"{TITLE} - Live updates") + f'<meta property="og:title" content="{TITLE}">'
    assert _title(head) == TITLE


def test_title_without_any_source_is_none():
    assert _title() is None


def test_title_of_only_the_site_name_is_none():
    assert _title(f"{SITE}<title>Harbour Daily</title>") is None


# --- description --------------------------------------------------------------------------------------------


def test_description_meta_with_entities_decoded():
    head = '<meta name="description" content=" Ports &amp;amp; ferries  reopen ">'
    assert _page(_article(head)).description() == "Ports & ferries reopen"


def test_description_meta_beats_json_ld():
    head = _news(description="Ferries sail again.") + '<meta name="description" content="The port reopened.">'
    assert _page(_article(head)).description() == "The port reopened."


def test_description_from_json_ld():
    assert _page(_article(_news(description="Ferries sail again."))).description() == "Ferries sail again."


def test_description_of_a_page_without_one_is_none():
    assert _page(_article()).description() is None


# --- subtitle -----------------------------------------------------------------------------------------------

LEDE = "Ferries sail again as cranes are repaired"


@pytest.mark.parametrize(
    "markup",
    [
        f'<p class="standfirst">{LEDE}</p>',
        f'<div class="article__dek">{LEDE}</div>',
        f'<h2 class="Story-Deck">{LEDE}</h2>',
        f'<span class="lede text-lg">{LEDE}</span>',
        f'<p class="post_excerpt">  {LEDE}\n</p>',
        f'<p class="summary">{LEDE.replace("again", "<b>again</b>")}</p>',
    ],
)
def test_subtitle_by_its_class(markup: str):
    assert _page(_article(top=f"<h1>{TITLE}</h1>{markup}")).subtitle() == LEDE


@pytest.mark.parametrize(
    "markup",
    [
        f'<h3 class="subtitle">{LEDE}</h3>',  # not a subtitle tag
        f'<section class="intro">{LEDE}</section>',
        f'<p class="subtitles">{LEDE}</p>',  # not a subtitle class
        f'<p class="story-text">{LEDE}</p>',
        '<p class="standfirst">Ferries sail again</p>',  # under four words
        f'<p class="standfirst">{TITLE}</p>',  # the title again
        '<p class="standfirst"></p>',
    ],
)
def test_no_subtitle(markup: str):
    assert _page(_article(_news(headline=TITLE), top=f"<h1>{TITLE}</h1>{markup}")).subtitle() is None


def test_subtitle_after_a_repeated_title():
    top = f'<h1>{TITLE}</h1><p class="summary">{TITLE}</p><!-- lede --><p class="standfirst">{LEDE}</p>'
    assert _page(_article(top=top)).subtitle() == LEDE


def test_subtitle_is_not_the_block_holding_the_body():
    html = _doc(
        "",
        f'<div id="page"><h1>{TITLE}</h1><div class="intro-wrap"><div class="text">{PARAS}</div></div></div>',
    )
    assert _page(html).subtitle() is None


def test_subtitle_is_not_the_body_block_itself():
    html = _doc("", f'<div id="page"><h1>{TITLE}</h1><div class="content lead">{PARAS}</div></div>')
    page = _page(html)
    assert [el.get("class") for el in page.body_roots] == ["content lead"]
    assert page.subtitle() is None


def test_subtitle_of_a_page_without_body_text():
    html = _doc("", f'<article><h1>{TITLE}</h1><p class="standfirst">{LEDE}</p></article>')
    page = _page(html)
    assert page.body_roots == []
    assert page.subtitle() == LEDE


def _padded(n: int) -> str:
    # the article element is element 0 of its block; `n` empty elements, then the lede
    return _doc("", f'<article>{"<i></i>" * n}<p class="standfirst">{LEDE}</p>{PARAS}</article>')


def test_subtitle_is_looked_for_in_the_first_three_thousand_elements():
    assert _page(_padded(2999)).subtitle() == LEDE


def test_subtitle_further_down_is_not_looked_for():
    assert _page(_padded(3000)).subtitle() is None
