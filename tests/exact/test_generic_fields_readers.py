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


def test_a_page_typed_article_by_open_graph_is_an_article():
    assert _page(_article('<meta property="og:type" content="article">')).is_article() is True


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


def test_canonical_link_relative_to_the_page():
    # "port-reopens" next to the page, not at the site's root
    assert (
        _canon('<link rel="canonical" href="port-reopens?utm_source=x">')
        == f"{BASE}/world/2026/05/20/port-reopens"
    )


def test_canonical_script_link_gives_way_to_og_url():
    assert _canon(
        '<link rel="canonical" href="javascript:void(0)">', f'<meta property="og:url" content="{CANON}">'
    ) == (CANON)


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


def test_h1_text_across_inline_markup():
    assert _page(_article(top="<h1>Port <em>reopens</em> after three-day storm</h1>")).h1() == TITLE


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


def test_title_suffix_spelling_the_host_name_is_cut():
    url = "https://www.harbourdaily.co.id/world/2026/05/20/port-reopens"
    page = _page(_article(f"<title>{TITLE} | Harbour Daily</title>"), url, "https://www.harbourdaily.co.id")
    assert page.title() == TITLE


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


def test_subtitle_of_four_words():
    assert _page(_article(top='<p class="standfirst">Ferries sail again today</p>')).subtitle() == (
        "Ferries sail again today"
    )


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


# --- authors ------------------------------------------------------------------------------------------------


def _person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}


def _org(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def _ld_authors(*authors: Any, top: str = "", head: str = "") -> tuple[list[str], str | None]:
    return _page(_article(head + _news(headline=TITLE, author=list(authors)), top)).authors()


def test_authors_json_ld_people_and_an_organization_as_source():
    assert _ld_authors(_person("Ann Lee"), _person("Bo Tan"), _org("Reuters")) == (
        ["Ann Lee", "Bo Tan"],
        "Reuters",
    )


def test_authors_json_ld_person_alone_has_no_source():
    assert _ld_authors(_person("Ann Lee"), top='<div class="byline">By Staff Writer</div>') == (
        ["Ann Lee"],
        None,
    )


def test_authors_json_ld_the_same_person_twice():
    assert _ld_authors(_person("Ann Lee"), _person("Ann Lee")) == (["Ann Lee"], None)


def test_authors_json_ld_first_organization_is_the_source():
    assert _ld_authors(_org("Reuters"), _org("AFP"), _person("Ann Lee")) == (["Ann Lee"], "Reuters")


def test_authors_json_ld_organization_with_its_own_source_in_parentheses():
    assert _ld_authors(_org("Harbour Wire (AFP)")) == ([], "AFP")


def test_authors_json_ld_organization_named_plainly_is_the_source():
    assert _ld_authors(_org("Harbour Wire")) == ([], "Harbour Wire")


def test_authors_json_ld_person_that_is_a_wire_agency_is_the_source():
    assert _ld_authors(_person("AFP"), _person("Ann Lee")) == (["Ann Lee"], "AFP")


def test_authors_json_ld_person_with_an_agency_in_parentheses():
    assert _ld_authors(_person("Ann Lee (AFP)"), _person("Bo Tan (Reuters)")) == (
        ["Ann Lee", "Bo Tan"],
        "AFP",
    )


def test_authors_json_ld_author_named_like_the_site_is_the_source():
    head = '<meta property="og:site_name" content="Harbour Daily">'
    assert _ld_authors(_person("HARBOUR DAILY"), _person("Ann Lee"), head=head) == (
        ["Ann Lee"],
        "HARBOUR DAILY",
    )


def test_authors_json_ld_without_a_usable_name_gives_way_to_the_byline():
    # a template's "By {name}, {agency}" with both left blank
    assert _ld_authors("By ,", top='<div class="byline">By Ann Lee</div>') == (["Ann Lee"], None)


def _byline(top: str, head: str = "") -> tuple[list[str], str | None]:
    return _page(_article(head, f"<h1>{TITLE}</h1>{top}")).authors()


@pytest.mark.parametrize(
    "top",
    [
        '<div itemprop="author" itemscope><span itemprop="name">Ann Lee</span>'
        '<span itemprop="jobTitle">Port reporter</span></div>',
        '<span itemprop="author">Ann Lee</span>',
        '<div class="info"><a rel="author" href="/people/ann-lee">Ann Lee</a></div>',
        '<div class="byline"><span class="author">Ann Lee</span> <span class="role">Port reporter</span>'
        "</div>",
        '<span class="author vcard"><span class="fn">Ann Lee</span> <span>Port reporter</span></span>',
        '<div class="author"><span class="fn">Ann Lee</span> <span class="role">Port reporter</span></div>',
        '<span class="entry-author">Ann Lee</span>',
        '<div class="byline-row"><span class="byline">By Ann Lee</span> <time>20 May 2026</time></div>',
        '<p class="story-byline">By Ann Lee</p>',
        '<div class="author-name-box"><span class="author-name">Ann Lee</span><span>Port reporter</span>'
        "</div>",
        '<span class="post-author-name">Ann Lee</span>',
        '<div class="author">Ann Lee</div>',
        '<div class="info"><a href="/author/ann-lee">Ann Lee</a></div>',
        '<div class="info"><a href="/authors/ann-lee">Ann Lee</a></div>',
    ],
)
def test_authors_byline_markup(top: str):
    assert _byline(top) == (["Ann Lee"], None)


def test_authors_byline_with_several_names_and_an_agency():
    assert _byline('<div class="byline">By Ann Lee and Bo Tan (AFP)</div>') == (["Ann Lee", "Bo Tan"], "AFP")


def test_authors_byline_link_reads_its_whole_line():
    top = '<p class="meta"><a rel="author" href="/people/ann-lee">Ann Lee</a> (Reuters)</p>'
    assert _byline(top) == (["Ann Lee"], "Reuters")


def test_authors_byline_element_that_is_no_link_reads_only_itself():
    top = '<div class="meta"><span class="byline">By Ann Lee</span>, <span>Port reporter</span></div>'
    assert _byline(top) == (["Ann Lee"], None)


def _line(length: int) -> str:
    # a paragraph of exactly `length` characters around an author link
    filler = "x" * (length - len("Ann Lee ()"))
    return f'<p><a href="/author/ann-lee">Ann Lee</a> ({filler})</p>'


def test_authors_byline_link_line_under_120_characters_is_read_whole():
    assert _byline(_line(119)) == (["Ann Lee"], "x" * 109)


def test_authors_byline_link_in_a_long_line_is_read_alone():
    assert _byline(_line(120)) == (["Ann Lee"], None)


def test_authors_byline_text_under_200_characters():
    name = "A" * 199
    assert _byline(f'<div class="byline">{name}</div>') == ([name], None)


def test_authors_byline_text_of_200_characters_is_no_byline():
    top = (
        f'<div class="byline">{"A" * 200}</div><div class="info"><a href="/author/ann-lee">Ann Lee</a></div>'
    )
    assert _byline(top) == (["Ann Lee"], None)


def test_authors_empty_byline_element_is_passed_over():
    assert _byline('<span itemprop="author"></span><div class="byline">By Ann Lee</div>') == (
        ["Ann Lee"],
        None,
    )


def _cards(n: int) -> str:
    # `n` trending cards with their writers' links above the story's own byline link
    cards = "".join(f'<li><a href="/author/w{i}">Writer {i}</a></li>' for i in range(n))
    return f'<ul class="trending">{cards}</ul><p><a href="/author/ann-lee">Ann Lee</a></p>'


def test_authors_byline_link_after_two_links_in_other_blocks():
    assert _byline(_cards(2)) == (["Ann Lee"], None)


def test_authors_only_the_first_three_matches_of_a_byline_selector_are_read():
    assert _byline(_cards(3)) == ([], None)


def test_authors_byline_outside_the_article_block_is_not_read():
    html = _article(outside='<div class="byline">By Bo Tan</div>', top=f"<h1>{TITLE}</h1>")
    assert _page(html).authors() == ([], None)


def test_authors_byline_in_an_article_inside_a_content_sidebar_wrapper():
    # a common WordPress theme wraps the story and its sidebar in "content-sidebar-wrap"
    article = (
        f'<article class="post"><h1>{TITLE}</h1><p class="entry-meta">By <span class="entry-author">'
        f'<a href="/author/ann-lee">Ann Lee</a></span></p><div class="entry-content">{PARAS}</div></article>'
    )
    html = _doc("", f'<div class="content-sidebar-wrap"><main class="content">{article}</main></div>')
    assert _page(html).authors() == (["Ann Lee"], None)


def test_authors_meta_author_when_there_is_no_byline():
    head = '<meta name="author" content="Ann Lee, Bo Tan">'
    assert _byline("", head) == (["Ann Lee", "Bo Tan"], None)


def test_authors_meta_author_with_a_wire_agency():
    assert _byline("", '<meta name="author" content="Ann Lee, Reuters">') == (["Ann Lee"], "Reuters")


def test_authors_byline_beats_meta_author():
    assert _byline('<div class="byline">Bo Tan</div>', '<meta name="author" content="Ann Lee">') == (
        ["Bo Tan"],
        None,
    )


def test_authors_of_a_page_without_any():
    assert _byline("") == ([], None)


@pytest.mark.parametrize(
    "agency",
    ["Reuters", "AFP", "AP", "Associated Press", "Agence France-Presse", "Bloomberg", "Xinhua", "Kyodo",
     "Kyodo News", "dpa", "Anadolu", "Anadolu Agency", "Yonhap", "Bernama", "Antara", "ANN",
     "Asia News Network", "PTI", "IANS", "UPI", "EFE", "ANSA"],
)  # fmt: skip
def test_authors_a_wire_agency_byline_is_the_source(agency: str):
    assert _byline(f'<div class="byline">Ann Lee, {agency}</div>') == (["Ann Lee"], agency)


# --- dates --------------------------------------------------------------------------------------------------

PUB = "2026-05-20T10:00:00+07:00"
MOD = "2026-05-21T08:30:00+07:00"


def test_dates_from_json_ld():
    head = _news(datePublished=PUB, dateModified=MOD)
    head += '<meta property="article:published_time" content="2026-05-19T09:00:00+07:00">'
    head += '<meta property="article:modified_time" content="2026-05-19T09:30:00+07:00">'
    top = '<time datetime="2026-05-18T08:00:00+07:00">18 May</time>'
    assert _page(_article(head, top)).dates() == (PUB, MOD)


def test_dates_from_article_metas_beat_the_header_times():
    head = f'<meta property="article:published_time" content="{PUB}">'
    head += f'<meta property="article:modified_time" content="{MOD}">'
    top = '<time datetime="2026-05-18T08:00:00+07:00">18 May</time>'
    top += '<time class="updated" datetime="2026-05-18T09:00:00+07:00">18 May</time>'
    assert _page(_article(head, top)).dates() == (PUB, MOD)


def test_dates_from_the_header_times():
    top = f'<time datetime="{PUB}">Wed, May 20, 2026</time> '
    top += f'<time class="updated" datetime="{MOD}">May 21</time>'
    assert _page(_article(top=top)).dates() == (PUB, MOD)


def test_dates_header_times_outside_the_article_block_are_not_read():
    html = _article(outside=f'<div class="ticker"><time datetime="{PUB}">10:00</time></div>')
    assert _page(html).dates() == (None, None)


def test_dates_in_text_form():
    assert _page(_article(_news(datePublished="May 20, 2026"))).dates() == ("2026-05-20", None)


def test_dates_a_full_time_beats_a_date_only_one():
    head = _news(datePublished="2026-05-20") + f'<meta property="article:published_time" content="{PUB}">'
    assert _page(_article(head)).dates() == (PUB, None)


def test_dates_of_a_page_without_any():
    assert _page(_article()).dates() == (None, None)


# --- tags ---------------------------------------------------------------------------------------------------


def test_tags_from_article_tag_metas_first():
    head = '<meta property="article:tag" content="ports"><meta property="article:tag" content="storms">'
    head += _news(keywords="ferries") + '<meta name="keywords" content="weather">'
    assert _page(_article(head)).tags() == ["ports", "storms"]


def test_tags_from_json_ld_keywords_before_meta_keywords():
    head = _news(keywords=["ports", "storms"]) + '<meta name="keywords" content="weather">'
    assert _page(_article(head)).tags() == ["ports", "storms"]


def test_tags_from_meta_keywords():
    head = _news(headline=TITLE) + '<meta name="news_keywords" content="ports, storms">'
    assert _page(_article(head)).tags() == ["ports", "storms"]


def test_tags_from_tag_links_in_the_article_block():
    after = (
        '<div class="tags"><a href="/world">World</a> <a rel="tag" href="/tag/ports"> Ports </a>'
        '<a rel="Category Tag" href="/tag/storms">Storms</a><a rel="tag" href="/tag/ports">Ports</a>'
        '<a rel="tag" href="/tag/x"><img src="/x.png"></a><a rel="tags" href="/tag/y">Weather</a>'
        '<a rel="tag" href="/tag/harbour-city"><span>#</span>Harbour City</a></div>'
    )
    outside = '<div class="cloud"><a rel="tag" href="/tag/sport">Sport</a></div>'
    assert _page(_article(after=after, outside=outside)).tags() == ["Ports", "Storms", "#Harbour City"]


def test_tags_of_a_page_without_any():
    assert _page(_article()).tags() == []


# --- section ------------------------------------------------------------------------------------------------


def _section(url: str, head: str = "", **kwargs: Any) -> tuple[str | None, str | None]:
    return _page(_article(head), url, **kwargs).section()


def test_section_from_the_url_and_subsection_from_json_ld():
    assert _section(URL, _news(articleSection="Asia Pacific")) == ("world", "Asia Pacific")


def test_section_subsection_is_the_first_label_unlike_the_section():
    assert _section(URL, _news(articleSection=["World", "Asia Pacific"])) == ("world", "Asia Pacific")


def test_section_from_the_canonical_url():
    head = '<link rel="canonical" href="/business/2026/05/20/port-reopens">'
    assert _section(f"{BASE}/news/2026/05/20/port-reopens", head) == ("business", None)


def test_section_url_segment_is_slugged():
    assert _section(f"{BASE}/Asia_Pacific/port-reopens") == ("asia-pacific", None)


def test_section_from_json_ld_when_the_url_starts_with_a_date():
    assert _section(f"{BASE}/2026/05/20/port-reopens", _news(articleSection="Asia Pacific")) == (
        "asia-pacific",
        None,
    )


def test_section_from_the_section_meta():
    head = '<meta property="article:section" content="World News">'
    assert _section(f"{BASE}/2026/05/20/port-reopens", head) == ("world-news", None)


def test_section_json_ld_label_before_the_section_meta():
    head = _news(articleSection="Business") + '<meta property="article:section" content="World News">'
    assert _section(f"{BASE}/2026/port-reopens", head) == ("business", "World News")


def test_section_label_without_letters_is_passed_over():
    assert _section(f"{BASE}/12345", _news(articleSection=["—", "Business"])) == ("business", "—")


@pytest.mark.parametrize("path", ["/port-reopens-after-three-day-storm", "/port-reopens/", "/", ""])
def test_section_of_a_one_segment_url_is_not_the_segment(path: str):
    assert _section(f"{BASE}{path}") == (None, None)


def test_section_of_a_two_segment_url():
    assert _section(f"{BASE}/world/port-reopens") == ("world", None)


# --- body ---------------------------------------------------------------------------------------------------


def test_body_paragraphs():
    top = f"<h1>{TITLE}</h1>"
    after = '<p class="read-also">Read also: Ferries sail again</p>'
    assert _page(_article(top=top, after=after)).body() == [P1, P2]


def test_body_of_a_page_without_text():
    assert _page(_doc("", f"<h1>{TITLE}</h1>")).body() == []


# --- images -------------------------------------------------------------------------------------------------

INLINE = '<figure><img src="/img/crane.jpg"><figcaption>A crane. (Bo Tan)</figcaption></figure>'
HERO = '<div class="hero"><img src="/img/port-1200x630.jpg"></div>'


def _images(head: str) -> list[dict[str, Any]]:
    return _page(_article(head, top=INLINE, outside=HERO)).images()


CRANE = {"url": f"{BASE}/img/crane.jpg", "caption": "A crane.", "credit": "Bo Tan"}
HERO_IMAGE = {"url": f"{BASE}/img/port-1200x630.jpg", "caption": None, "credit": None}


def test_images_in_the_article():
    assert _images("") == [CRANE]


def test_images_json_ld_image_shown_above_the_article_is_the_featured_image():
    assert _images(_news(image=f"{BASE}/img/port.jpg")) == [HERO_IMAGE, CRANE]


def test_images_og_image_shown_above_the_article_is_the_featured_image():
    assert _images(_news(headline=TITLE) + '<meta property="og:image" content="/img/port.jpg">') == [
        HERO_IMAGE,
        CRANE,
    ]


def test_images_og_image_without_json_ld():
    assert _images('<meta property="og:image" content="/img/port.jpg">') == [HERO_IMAGE, CRANE]


# --- language -----------------------------------------------------------------------------------------------


def _language(head: str = "", lang: str = "") -> str | None:
    return _page(_doc(head, PARAS, lang)).language()


def test_language_of_the_html_element_first():
    assert _language('<meta property="og:locale" content="en_GB">' + _news(inLanguage="ms"), "id-ID") == "id"


def test_language_from_og_locale():
    assert (
        _language('<meta property="og:locale" content="en_GB">' + _news(inLanguage="ms"), "x-default") == "en"
    )


def test_language_from_json_ld():
    assert _language(_news(inLanguage="id-ID")) == "id"


def test_language_unknown():
    assert _language(_news(headline=TITLE)) is None
    assert _language() is None


# --- premium and paywall ------------------------------------------------------------------------------------

PAYWALL = '<div class="paywall-prompt">Subscribe to read the full story</div>'


def _premium(head: str = "", after: str = "") -> tuple[bool, bool]:
    page = _page(_article(head, after=after))
    return page.is_premium(), page.is_paywalled()


def test_premium_by_json_ld_behind_a_paywall():
    assert _premium(_news(isAccessibleForFree=False), PAYWALL) == (True, True)


def test_premium_by_json_ld_shown_in_full():
    assert _premium(_news(isAccessibleForFree="False")) == (True, False)


def test_free_by_json_ld_even_with_a_paywall_box():
    assert _premium(_news(isAccessibleForFree=True), PAYWALL) == (False, False)


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="premium" content="1">',
        '<meta name="is_premium" content=" TRUE ">',
        '<meta property="article:premium" content="yes">',
        '<meta name="content-type-premium" content="Premium">',
        '<meta property="article:content_tier" content="locked">',
        '<meta name="article:content_tier" content="Metered">',
        '<meta name="content_tier" content="premium">',
    ],
)
def test_premium_by_a_meta(meta: str):
    assert _premium(_news(headline=TITLE) + meta) == (True, False)


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="premium" content="0">',
        '<meta name="premium" content="locked">',
        '<meta name="is_locked" content="true">',
        '<meta property="article:content_tier" content="free">',
        '<meta property="article:content_tier" content="true">',
        '<meta property="article:content_tier_note" content="locked">',
    ],
)
def test_not_premium_by_a_meta(meta: str):
    assert _premium(meta) == (False, False)


def test_premium_meta_behind_a_paywall():
    assert _premium('<meta property="article:content_tier" content="locked">', PAYWALL) == (True, True)


@pytest.mark.parametrize(
    "box",
    [
        '<div class="article-paywall"></div>',
        '<section id="paywall-box"></section>',
        '<div class="regwall">Register to read</div>',
        '<p class="subscriber-only">For subscribers</p>',
        '<div class="premium-wall"></div>',
    ],
)
def test_a_paywall_prompt_alone_makes_the_page_premium(box: str):
    assert _premium(after=box) == (True, True)


def test_neither_premium_nor_paywalled():
    assert _premium('<div class="subscribe-box">Get our newsletter</div>') == (False, False)


# --- dateline -----------------------------------------------------------------------------------------------


def _dateline(top: str) -> str | None:
    return _page(_article(top=f"<h1>{TITLE}</h1><!-- meta -->{top}")).dateline()


@pytest.mark.parametrize(
    ("markup", "dateline"),
    [
        ('<span class="dateline">HARBOUR CITY</span>', "HARBOUR CITY"),
        ('<p class="story_location"> Harbour  City </p>', "Harbour City"),
        ('<div class="Dateline-Place"><b>HARBOUR</b> CITY</div>', "HARBOUR CITY"),
    ],
)
def test_dateline_by_its_class(markup: str, dateline: str):
    assert _dateline(markup) == dateline


def test_dateline_with_a_date_in_it_is_passed_over():
    top = '<span class="dateline">Harbour City, May 20</span><span class="location">Harbour City</span>'
    assert _dateline(top) == "Harbour City"


def test_dateline_of_sixty_characters():
    assert _dateline(f'<span class="dateline">{"A" * 60}</span>') == "A" * 60


def test_dateline_over_sixty_characters_is_passed_over():
    top = f'<span class="dateline">{"A" * 61}</span><span class="dateline"></span>'
    top += '<span class="location">Bay</span>'
    assert _dateline(top) == "Bay"


@pytest.mark.parametrize(
    "markup",
    [
        '<span class="datelines">HARBOUR CITY</span>',
        '<span class="geo-location-map"></span>',
        "<span>HARBOUR CITY</span>",
    ],
)
def test_no_dateline(markup: str):
    assert _dateline(markup) is None


def test_dateline_outside_the_article_block_is_not_read():
    html = _article(outside='<div class="weather"><span class="location">Harbour City</span></div>')
    assert _page(html).dateline() is None


# --- a whole page -------------------------------------------------------------------------------------------

KISHIDA = (
    "Japanese Prime Minister Fumio Kishida said on Wednesday the country had no plans to become a NATO "
    "member but acknowledged the security alliance's plan to open a liaison office in Japan."
)
KISHIDA_2 = (
    "Kishida's comments came after the Japanese ambassador to the United States said earlier this month that "
    "the US-led military pact was planning a Tokyo office."
)
TJP = f"""<html lang="en"><head><title>Japan won't join NATO - World - The Jakarta Post</title>
<meta property="og:site_name" content="The Jakarta Post">
<meta property="og:title" content="Japan won't join NATO - World - The Jakarta Post">
<meta name="author" content="Dio Suhenda">
{_ld({"@type": "NewsArticle", "isAccessibleForFree": "false"})}</head>
<body><div class="tjp-header"><h1 class="thejakartapost">TheJakartaPost</h1></div>
<div class="tjp-single"><div class="tjp-single__head">
<ul class="tjp-breadcrumb"><li><a href="/world">World</a></li></ul><h1>Japan won't join NATO</h1>
<div class="tjp-meta"><span class="author">Dio Suhenda and Nur Janti (The Jakarta Post)</span>
<span class="tjp-meta__dateline">Tokyo, Japan</span>
<span class="created">Published on 2023-05-24T16:38:14+07:00</span></div></div>
<div class="tjp-single__content"><div class="tjp-opening"><h1 class="tjp-opening__char">J</h1>
<p class="tjp-opening__txt">{KISHIDA[1:]}</p></div>
<p>Read also: <a href="/world/2023/05/20/g7-summit">G7 leaders meet in Hiroshima</a></p>
<p>{KISHIDA_2}</p>
<div class="tjp-paywall"><h1 class="tjp-paywall__title">Subscribe to read the full story</h1></div>
</div></div></body></html>"""


def test_a_wire_style_premium_story_read_field_by_field():
    page = _page(TJP, "https://www.thejakartapost.com/world/2023/05/24/japan-wont-join-nato.html",
                 "https://www.thejakartapost.com")  # fmt: skip
    assert page.title() == "Japan won't join NATO"
    assert page.authors() == (["Dio Suhenda", "Nur Janti"], "The Jakarta Post")
    assert page.dateline() == "Tokyo, Japan"
    assert page.dates() == ("2023-05-24T16:38:14+07:00", None)
    assert page.section() == ("world", None)
    assert page.body() == [KISHIDA, KISHIDA_2]
    assert (page.is_premium(), page.is_paywalled()) == (True, True)
    assert page.language() == "en"


def test_canonical_link_to_a_one_letter_path_is_an_article_path():
    assert _canon('<link rel="canonical" href="http://harbour.example/X">') == "https://harbour.example/X"
