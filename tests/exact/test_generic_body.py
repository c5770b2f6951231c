"""Exact values for the generic article-body reader (jpcrawl/pages/generic/body.py)."""

from __future__ import annotations

from typing import Any

import pytest

from jpcrawl.pages.generic.body import (
    _iter_elements,
    _join_drop_caps,
    _keep,
    _para_score,
    _Stats,
    find_roots,
    has_junk_ancestor,
    inline_text,
    is_junk,
    paragraphs_of,
    read_body,
)
from tests.exact import parsed as _sel

_LOREM = "Port workers in Tanjung Priok said the new cranes would cut waiting times for ships by half. " * 40


def _txt(n: int) -> str:
    """Exactly n characters of sentence text, ending in a non-space."""
    return _LOREM[: n - 1] + "."


def _el(html: str, xpath: str = "//*[@id='t']") -> Any:
    return _sel(html).root.xpath(xpath)[0]


def _paras(inner: str) -> list[str]:
    """Paragraphs of a <div id='t'> root holding `inner`."""
    return paragraphs_of([_el(f"<html><body><div id='t'>{inner}</div></body></html>")])


def _ids(roots: list[Any]) -> list[str | None]:
    return [r.get("id") for r in roots]


# --- is_junk ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    ["script", "style", "noscript", "template", "svg", "iframe", "object", "button", "form", "input",
     "select",
     "textarea", "aside", "nav", "header", "footer", "figure", "figcaption", "picture", "video", "audio",
     "canvas", "map", "dialog", "menu", "label", "embed", "img", "math"],
)  # fmt: skip
def test_non_text_and_chrome_tags_are_junk(tag: str) -> None:
    assert is_junk(_el(f"<html><body><div><{tag}></{tag}></div></body></html>", f"//{tag}")) is True


def test_plain_div_and_classless_paragraph_are_not_junk() -> None:
    assert is_junk(_el("<div id='t'>x</div>")) is False
    assert is_junk(_el("<div id='t' class='entry-content'>x</div>")) is False


@pytest.mark.parametrize("tag", ["article", "main"])
def test_keep_tags_are_never_junk_whatever_their_class(tag: str) -> None:
    assert is_junk(_el(f"<{tag} id='t' class='comments' hidden>x</{tag}>")) is False


def test_body_and_html_are_never_junk() -> None:
    sel = _sel("<html class='share'><body class='sidebar'><p>x</p></body></html>")
    assert is_junk(sel.root) is False
    assert is_junk(sel.root.xpath("//body")[0]) is False


def test_article_body_itemprop_is_never_junk() -> None:
    assert is_junk(_el("<div id='t' itemprop='articleBody' class='comments'>x</div>")) is False


def test_hidden_elements_are_junk() -> None:
    assert is_junk(_el("<div id='t' hidden>x</div>")) is True
    assert is_junk(_el("<div id='t' aria-hidden='true'>x</div>")) is True
    assert is_junk(_el("<div id='t' aria-hidden='false'>x</div>")) is False


@pytest.mark.parametrize("style", ["display: none", "DISPLAY:NONE;color:red", "visibility : hidden"])
def test_styled_hidden_elements_are_junk(style: str) -> None:
    assert is_junk(_el(f"<div id='t' style='{style}'>x</div>")) is True


def test_visible_style_is_not_junk() -> None:
    assert is_junk(_el("<div id='t' style='display:block; visibility:visible'>x</div>")) is False


@pytest.mark.parametrize(
    "token",
    ["comment", "comments", "commentlist", "respond", "disqus", "share", "sharing", "shares", "sharedaddy",
     "social", "socials", "sociallinks", "related", "relatedposts", "popular", "trending", "recommended",
     "recommendations", "subscribe", "subscription", "signup", "optin", "bio", "byline",
     "author", "authors", "tags", "tagcloud", "breadcrumb", "breadcrumbs", "ad", "ads", "advert",
     "advertisement", "adsbygoogle", "adslot", "dfp", "gpt", "sponsor", "sponsored", "promo", "promotion",
     "outbrain", "taboola", "paywall", "overlay", "modal", "popup", "cookie", "cookies", "gdpr", "sidebar",
     "widget", "widgets", "caption", "toolbar", "readmore", "readalso",
     "twitter", "tweet", "instagram", "facebook", "tiktok", "youtube", "nocontent", "navigation",
     "menu", "pagination", "pager", "noprint"],
)  # fmt: skip
def test_a_junk_class_token_alone_marks_junk(token: str) -> None:
    assert is_junk(_el(f"<div id='t' class='x_{token.upper()}-y'>x</div>")) is True


def test_a_junk_token_in_the_id_marks_junk() -> None:
    assert is_junk(_el("<div id='comments'>x</div>", "//div")) is True


@pytest.mark.parametrize(
    "token", ["wp", "sr", "screen", "jp", "meta", "print", "credit", "hidden", "embed", "nav"]
)
def test_a_weak_token_alone_is_not_junk(token: str) -> None:
    assert is_junk(_el(f"<div id='t' class='{token} entry'>x</div>")) is False


@pytest.mark.parametrize(
    "token", ["wp", "sr", "screen", "jp", "meta", "print", "credit", "hidden", "embed", "nav"]
)
def test_a_weak_token_beside_another_weak_token_is_junk(token: str) -> None:
    other = "meta" if token != "meta" else "print"
    assert is_junk(_el(f"<div id='t' class='{token} {other}'>x</div>")) is True


@pytest.mark.parametrize("word", ["box", "block", "list", "links", "bar", "row", "area", "info"])
def test_a_weak_token_beside_a_container_word_is_junk(word: str) -> None:
    assert is_junk(_el(f"<div id='t' class='entry-meta-{word}'>x</div>")) is True
    assert is_junk(_el(f"<div id='t' class='entry-{word}'>x</div>")) is False


@pytest.mark.parametrize(
    "ident",
    ["wp-captions", "sr-only", "screen-reader-text", "visually-hidden", "post-navigations",
     "jp-relatedposts2",
     "more-stories", "read-more", "read-also", "author-bios", "about-authors", "socialshare-bar",
     "topsocial-icons", "post-sharebar", "postrelated-list", "newsletterbox"],
)  # fmt: skip
def test_junk_phrases_match_inside_longer_names(ident: str) -> None:
    assert is_junk(_el(f"<div id='t' class='{ident}'>x</div>")) is True


def test_wordpress_content_blocks_are_judged_by_their_kind() -> None:
    assert is_junk(_el("<div id='t' class='wp-block-quote'>x</div>")) is False
    assert is_junk(_el("<div id='t' class='wp-block'>x</div>")) is False
    assert is_junk(_el("<div id='t' class='wp-block-comments'>x</div>")) is True


# --- _Stats -------------------------------------------------------------------------------------------------


def test_stats_count_stripped_text_link_text_and_links() -> None:
    root = _el(
        "<div id='t'> Hello <a href='/x'> link </a> tail <p>para<a href='/y'>ab<b>cd</b>e</a>f</p></div>"
    )
    stats = _Stats(root)
    p = root.xpath("p")[0]
    # p: "para" 4 + a ("ab" 2 + b "cd" 2 + tail "e" 1) + tail "f" 1
    assert (stats.text[p], stats.links[p], stats.n_links[p]) == (10, 5, 1)
    # div: "Hello" 5 + "link" 4 + "tail" 4 + p 10
    assert (stats.text[root], stats.links[root], stats.n_links[root]) == (23, 9, 2)
    assert stats.link_density(p) == 0.5


def test_stats_skip_non_text_subtrees_but_count_their_tails() -> None:
    root = _el(
        "<div id='t'>ab<script>var x = 1;</script>cd<aside><p>sidebar</p></aside>ef<!-- note -->gh</div>"
    )
    stats = _Stats(root)
    assert stats.text[root] == 8
    assert (stats.links[root], stats.n_links[root]) == (0, 0)
    assert root.xpath("aside/p")[0] not in stats.text


def test_link_density_of_an_empty_element_is_zero() -> None:
    root = _el("<div id='t'><a href='/x'></a></div>")
    assert _Stats(root).link_density(root) == 0.0


def test_stats_stop_after_max_elements() -> None:
    root = _el("<div id='t'>" + "<i></i>" * 59_999 + "<b>hello</b><u>world</u></div>")
    stats = _Stats(root)
    b = root.find("b")
    assert b not in stats.text
    assert stats.text[root] == 0


def test_iter_elements_skips_comments_and_stops_at_max_elements() -> None:
    root = _el("<div id='t'><!-- c --><p>x</p></div>")
    assert [e.tag for e in _iter_elements(root)] == ["div", "p"]
    big = _el("<div id='t'>" + "<i></i>" * 60_000 + "</div>")
    assert len(list(_iter_elements(big))) == 60_000


# --- _para_score / has_junk_ancestor ------------------------------------------------------------------------


def test_para_score_is_unlinked_text_from_twenty_characters() -> None:
    def score(inner: str) -> int:
        root = _el(f"<p id='t'>{inner}</p>")
        return _para_score(root, _Stats(root))

    assert score(_txt(19)) == 0
    assert score(_txt(20)) == 20
    assert score(_txt(20) + "<a href='/x'>abcde</a>") == 20
    assert score("<a href='/x'>" + _txt(20) + "</a>") == 0


def test_junk_element_itself_counts_unless_heading_or_paragraph() -> None:
    assert has_junk_ancestor(_el("<div id='t' class='share'>x</div>")) is True
    assert has_junk_ancestor(_el("<p id='t' class='share'>x</p>")) is False
    assert has_junk_ancestor(_el("<h2 id='t' class='share'>x</h2>")) is False


def test_junk_ancestor_counts_up_to_the_stop() -> None:
    html = "<div class='related-posts' id='r'><div id='w'><p id='t'>x</p></div></div>"
    sel = _sel(html)
    p = sel.root.xpath("//p")[0]
    assert has_junk_ancestor(p) is True
    assert has_junk_ancestor(p, sel.root.xpath("//*[@id='w']")[0]) is False
    assert has_junk_ancestor(_el("<div><div><p id='t'>x</p></div></div>")) is False


def test_junk_ancestor_is_looked_for_thirty_one_levels_up() -> None:
    # p's parent is ancestor 0; ancestors 0..30 are checked
    near = "<div class='comments'>" + "<div>" * 30 + "<p id='t'>x</p>" + "</div>" * 31
    far = "<div class='comments'>" + "<div>" * 31 + "<p id='t'>x</p>" + "</div>" * 32
    assert has_junk_ancestor(_el(near)) is True
    assert has_junk_ancestor(_el(far)) is False


# --- find_roots ---------------------------------------------------------------------------------------------


def test_the_largest_article_body_itemprop_is_the_root() -> None:
    sel = _sel(
        "<html><body>"
        f"<div itemprop='articleBody' id='small'><p>{_txt(150)}</p><p>{_txt(30)}</p></div>"
        f"<div itemprop='articleBody' id='big'><p>{_txt(200)}</p><p>{_txt(30)}</p></div>"
        "</body></html>"
    )
    assert _ids(find_roots(sel)) == ["big"]


def test_of_equal_article_bodies_the_first_is_the_root() -> None:
    one = f"<p>{_txt(150)}</p><p>{_txt(30)}</p>"
    sel = _sel(
        "<html><body>"
        f"<div itemprop='articleBody' id='first'>{one}</div>"
        f"<div itemprop='articleBody' id='second'>{one}</div>"
        "</body></html>"
    )
    assert _ids(find_roots(sel)) == ["first"]


def test_article_body_needs_150_characters_of_paragraphs() -> None:
    page = "<html><body><div itemprop='articleBody' id='ab'><p>{}</p><i>0123456789</i></div></body></html>"
    assert _ids(find_roots(_sel(page.format(_txt(150))))) == ["ab"]
    # 149 chars: the itemprop is ignored; the density winner is the same block
    assert _ids(find_roots(_sel(page.format(_txt(149))))) == ["ab"]
    # density too finds it; make the itemprop block lose to the density block to see the threshold
    page2 = (
        "<html><body><div itemprop='articleBody' id='ab'><p>{}</p><i>0123456789</i></div>"
        "<section id='other'><p>{}</p><p>{}</p></section></body></html>"
    )
    assert _ids(find_roots(_sel(page2.format(_txt(150), _txt(100), _txt(100))))) == ["ab"]
    assert _ids(find_roots(_sel(page2.format(_txt(149), _txt(100), _txt(100))))) == ["other"]


def test_article_body_loses_to_a_block_over_twice_as_dense() -> None:
    page = (
        "<html><body><div itemprop='articleBody' id='ab'><p>{}</p><i>0123456789</i></div>"
        "<section id='other'><p>{}</p><p>{}</p></section></body></html>"
    )
    assert _ids(find_roots(_sel(page.format(_txt(150), _txt(150), _txt(150))))) == ["ab"]
    assert _ids(find_roots(_sel(page.format(_txt(150), _txt(151), _txt(150))))) == ["other"]


def test_article_body_paragraph_text_skips_linked_and_junk_paragraphs() -> None:
    page = (
        "<html><body><div itemprop='articleBody' id='ab'><p>{}</p>"
        "<p>{}<a href='/x'>{}</a></p>"  # link density exactly 0.5: counted (score 60)
        "<p>{}<a href='/y'>{}</a></p>"  # over 0.5: not counted
        "<div class='share-box'><p>{}</p></div><i>0123456789</i></div>"
        f"<section id='other'><p>{_txt(100)}</p><p>{_txt(100)}</p></section></body></html>"
    )
    html = page.format(_txt(90), _txt(60), _txt(60), _txt(60), _txt(61), _txt(200))
    assert _ids(find_roots(_sel(html))) == ["ab"]
    html = page.format(_txt(89), _txt(60), _txt(60), _txt(60), _txt(61), _txt(200))
    assert _ids(find_roots(_sel(html))) == ["other"]


def test_article_body_inside_a_junk_block_still_counts() -> None:
    html = (
        "<html><body><div class='sidebar'><div itemprop='articleBody' id='ab'>"
        f"<p>{_txt(160)}</p></div></div></body></html>"
    )
    assert _ids(find_roots(_sel(html))) == ["ab"]


def test_article_body_wins_over_an_article_element() -> None:
    html = (
        "<html><body>"
        f"<article id='art'><p>{_txt(300)}</p><p>{_txt(300)}</p></article>"
        f"<div itemprop='articleBody' id='ab'><p>{_txt(160)}</p><p>{_txt(160)}</p></div>"
        "</body></html>"
    )
    assert _ids(find_roots(_sel(html))) == ["ab"]


def test_the_article_with_most_paragraph_text_is_the_root() -> None:
    html = (
        "<html><body>"
        f"<article id='a1'><p>{_txt(150)}</p><p>{_txt(50)}</p></article>"
        f"<article id='a2'><p>{_txt(250)}</p><p>{_txt(50)}</p></article>"
        f"<article id='a3'><p>{_txt(60)}</p></article>"
        "</body></html>"
    )
    assert _ids(find_roots(_sel(html))) == ["a2"]


def test_only_the_first_fifty_articles_are_weighed() -> None:
    # each in its own wrapper: no common parent collects a density score above them
    small = "".join(
        f"<div><article id='a{i}'><p>{_txt(150 + i)}</p><p>{_txt(20)}</p></article></div>" for i in range(50)
    )
    late = f"<div><article id='late'><p>{_txt(290)}</p><p>{_txt(20)}</p></article></div>"
    html = f"<html><body>{small}{late}</body></html>"
    assert _ids(find_roots(_sel(html))) == ["a49"]


def test_density_root_needs_a_score_of_80() -> None:
    page = "<html><body><div id='d'><p>{}</p><i>0123456789</i></div></body></html>"
    assert _ids(find_roots(_sel(page.format(_txt(80))))) == ["d"]
    assert _ids(find_roots(_sel(page.format(_txt(79))))) == []


def test_a_wrapper_with_under_ten_other_characters_passes_the_score_up() -> None:
    page = (
        "<html><body><div id='outer'><div id='inner'><p>{}</p><i>{}</i></div><i>0123456789</i></div>"
        "</body></html>"
    )
    assert _ids(find_roots(_sel(page.format(_txt(100), "012345678")))) == ["outer"]
    assert _ids(find_roots(_sel(page.format(_txt(100), "0123456789")))) == ["inner"]


def test_a_wrapper_climb_stops_at_keep_tags() -> None:
    html = f"<html><body><main id='m'><div><p>{_txt(100)}</p></div></main></body></html>"
    assert _ids(find_roots(_sel(html))) == ["m"]


def test_pre_and_leaf_divs_score_like_paragraphs() -> None:
    assert _ids(
        find_roots(
            _sel(f"<html><body><div id='d'><pre>{_txt(90)}</pre><i>0123456789</i></div></body></html>")
        )
    ) == ["d"]
    html = f"<html><body><section id='s'><div>{_txt(90)}</div><i>0123456789</i></section></body></html>"
    assert _ids(find_roots(_sel(html))) == ["s"]
    # a div with children is not itself a paragraph
    html = (
        f"<html><body><section id='s'><div>{_txt(90)}<b>!</b></div><i>0123456789</i></section></body></html>"
    )
    assert _ids(find_roots(_sel(html))) == []


def test_density_skips_link_dense_and_junk_paragraphs() -> None:
    page = "<html><body><div id='d' {}><p>{}<a href='/x'>{}</a></p><i>0123456789</i></div></body></html>"
    assert _ids(find_roots(_sel(page.format("", _txt(90), _txt(90))))) == ["d"]
    assert _ids(find_roots(_sel(page.format("", _txt(90), _txt(91))))) == []
    assert _ids(find_roots(_sel(page.format("class='comments'", _txt(180), "x")))) == []


def test_the_grandparent_gets_half_of_each_paragraph() -> None:
    three = "".join(f"<div id='c{i}'><p>{_txt(100)}</p><i>0123456789</i></div>" for i in range(3))
    assert _ids(find_roots(_sel(f"<html><body><section id='s'>{three}</section></body></html>"))) == ["s"]
    one = f"<div id='c0'><p>{_txt(100)}</p><p>{_txt(100)}</p></div>"
    assert _ids(
        find_roots(_sel(f"<html><body><section id='s'>{one}<i>0123456789</i></section></body></html>"))
    ) == ["c0"]


def test_like_siblings_scoring_a_fifth_join_the_root() -> None:
    def block(id_: str, cls: str, a: int, b: int, tag: str = "div") -> str:
        return f"<{tag} id='{id_}' class='{cls}'><p>{_txt(a)}</p><p>{_txt(b)}</p></{tag}>"

    html = (
        "<html><body><div id='w'>"
        + block("top", "c", 250, 250)
        + "<div class='ad'>Advertisement</div>"
        + block("fifth", "c", 50, 50)
        + block("less", "c", 49, 50)
        + block("other", "c x", 50, 50)
        + block("sect", "c", 50, 50, "section")
        + "<div class='c'><img src='/x.jpg'></div>"
        + "</div></body></html>"
    )
    assert _ids(find_roots(_sel(html))) == ["top", "fifth"]


def test_classless_siblings_join_a_classless_root() -> None:
    html = (
        "<html><body><div id='w'>"
        f"<div id='a'><p>{_txt(200)}</p><p>{_txt(200)}</p></div>"
        f"<div id='b' class=''><p>{_txt(100)}</p><p>{_txt(100)}</p></div>"
        f"<div id='c' class='more'><p>{_txt(100)}</p><p>{_txt(100)}</p></div>"
        "</div></body></html>"
    )
    assert _ids(find_roots(_sel(html))) == ["a", "b"]


def test_a_page_without_paragraph_text_has_no_root() -> None:
    assert find_roots(_sel("<html><body><div>Menu</div></body></html>")) == []


# --- paragraphs: walk ---------------------------------------------------------------------------------------


def test_loose_text_paragraphs_and_tails_are_separate_units() -> None:
    assert _paras("Loose text<p>Para</p>tail text") == ["Loose text", "Para", "tail text"]


def test_inline_elements_join_their_text() -> None:
    assert _paras("One <b>bold</b> and <a href='/x'>linked</a> two") == ["One bold and linked two"]


def test_junk_inside_inline_elements_and_headings_is_left_out() -> None:
    assert _paras("One <b>bold <span class='share'>Share</span></b> two") == ["One bold two"]
    assert _paras("<p>Cranes <span class='share'>Share</span>arrive</p>") == ["Cranes arrive"]
    assert _paras("<h1><span class='sr-only'>Letter </span>J</h1><p>apanese firms invest.</p>") == [
        "Japanese firms invest."
    ]


def test_br_and_blocks_split_loose_text() -> None:
    assert _paras("One<br>Two") == ["One", "Two"]
    assert _paras("Loose<div>Inner</div>After") == ["Loose", "Inner", "After"]


def test_pruned_blocks_end_the_paragraph_but_pruned_inline_does_not() -> None:
    assert _paras("Before<script>x = 1</script>After") == ["Before", "After"]
    assert _paras("Before<div class='share'>Share</div>After") == ["Before", "After"]
    assert _paras("Before <span class='share'>Share</span> after") == ["Before after"]
    assert _paras("Before <!-- note --> after") == ["Before after"]


def test_headings_end_a_paragraph_and_are_dropped() -> None:
    assert _paras("Loose<h2>A subhead</h2>More") == ["Loose", "More"]


def test_a_heading_cancels_a_pending_drop_cap() -> None:
    assert _paras("<p>T</p><h2>A subhead</h2><p>he end</p>") == ["he end"]


def test_an_address_holding_blocks_is_one_paragraph() -> None:
    assert _paras("<address><div>Jl. Palmerah</div><div>Jakarta</div></address>") == ["Jl. Palmerah Jakarta"]


def test_a_one_letter_heading_is_a_drop_cap() -> None:
    assert _paras("<h1>J</h1><p>apanese firms invest.</p>") == ["Japanese firms invest."]


def test_list_items_and_cells_holding_blocks_are_walked() -> None:
    assert _paras("<ul><li><p>a</p><p>b</p></li></ul>") == ["a", "b"]
    assert _paras("<dl><dt><p>a</p><p>b</p></dt><dd><p>c</p><p>d</p></dd></dl>") == ["a", "b", "c", "d"]
    assert _paras("<table><tr><th><p>a</p><p>b</p></th><td><p>c</p><p>d</p></td></tr></table>") == [
        "a", "b", "c", "d"
    ]  # fmt: skip


def test_a_list_item_holding_blocks_is_its_own_paragraph_run() -> None:
    assert _paras("Loose<li>Lead<p>a</p>tail</li>More") == ["Loose", "Lead", "a", "tail", "More"]


def test_paragraph_tags_are_one_paragraph_each() -> None:
    assert _paras("<ul><li>one <i>x</i></li><li>two</li></ul><pre>code</pre><address>addr</address>") == [
        "one x", "two", "code", "addr"
    ]  # fmt: skip


def test_a_blockquote_without_blocks_is_one_paragraph() -> None:
    assert _paras("<blockquote>line one<br>line two</blockquote>") == ["line one line two"]
    assert _paras("<blockquote><p>a</p><p>b</p></blockquote>") == ["a", "b"]


def test_link_only_lines_are_dropped() -> None:
    assert _paras("Loose<p><a href='/x'>Follow us on X</a></p>More") == ["Loose", "More"]
    assert _paras("<p><a href='/x'>abcd</a>e</p>") == ["abcde"]
    long = _txt(200)
    assert _paras(f"<p><a href='/x'>{long}</a></p>") == [long]
    assert _paras(f"<p><a href='/x'>{_txt(199)}</a></p>") == []


def test_link_dense_blocks_are_pruned() -> None:
    assert _paras("Before<div><a href='/1'>Aa</a><a href='/2'>Bb</a></div>After") == ["Before", "After"]
    # one link is not a link list
    assert _paras("<div><a href='/1'>linked text only</a></div>") == ["linked text only"]
    # exactly 60 % linked stays
    assert _paras("<div><a href='/1'>abc</a><a href='/2'>def</a>ghij</div>") == ["abcdefghij"]


@pytest.mark.parametrize("tag", ["span", "em", "strong", "b", "i"])
def test_inline_elements_are_never_link_lists(tag: str) -> None:
    assert _paras(f"Go <{tag}><a href='/1'>aa</a> <a href='/2'>bb</a></{tag}>") == ["Go aa bb"]


def test_a_link_holding_a_link_is_not_a_link_list() -> None:
    assert _paras("Go <a href='/1'>aa <span><a href='/2'>bb</a></span></a>") == ["Go aa bb"]


def test_a_paragraph_with_two_links_is_not_a_link_list() -> None:
    assert _paras("<p><a href='/1'>aaaa</a> <a href='/2'>bbbb</a> cc</p>") == ["aaaa bbbb cc"]


def test_nesting_past_150_levels_is_read_as_one_paragraph() -> None:
    def nested(depth: int) -> str:
        return "<div>" * depth + "<p>a</p><span class='share'>Share</span><p>b</p>" + "</div>" * depth

    assert _paras(nested(150)) == ["a", "b"]
    assert _paras(nested(151)) == ["a b"]


def test_nested_list_items_count_toward_the_nesting_limit() -> None:
    def nested(levels: int) -> str:
        return "<ul><li>" * levels + "<p>a</p><p>b</p>" + "</li></ul>" * levels

    assert _paras(nested(75)) == ["a", "b"]
    assert _paras(nested(76)) == ["a b"]


def test_paragraphs_stop_at_max_paragraphs() -> None:
    out = _paras("".join(f"<p>p{i}</p>" for i in range(3001)))
    assert len(out) == 3000
    assert out[-1] == "p2999"


def test_walk_stops_after_max_elements() -> None:
    assert _paras("<br>" * 59_999 + "<div>x</div>") == ["x"]
    assert _paras("<br>" * 60_000 + "<div>x</div>") == []
    assert _paras("<br>" * 59_998 + "<span>x</span>") == ["x"]
    assert _paras("<br>" * 59_999 + "<span>x</span>") == []


# --- inline_text --------------------------------------------------------------------------------------------


def test_inline_text_spaces_block_boundaries_and_br() -> None:
    assert inline_text(_el("<ul><li id='t'>a<div>b</div>c</li></ul>")) == "a b c"
    assert inline_text(_el("<p id='t'>a<br>b</p>")) == "a  b"


def test_inline_text_leaves_out_the_elements_own_tail() -> None:
    assert inline_text(_el("<div><span id='t'>in</span>out</div>")) == "in"


def test_inline_text_skips_non_text_tags_and_comments_keeping_tails() -> None:
    assert inline_text(_el("<p id='t'>a<script>x</script>b<!--c-->d</p>")) == "abd"
    assert inline_text(_el("<p id='t'>a<script>x</script><!--c--></p>")) == "a"


def test_inline_text_skips_junk_only_for_a_collector() -> None:
    el = _el("<p id='t'>a <span class='share'>Share</span>b</p>")
    assert inline_text(el) == "a Shareb"
    from jpcrawl.pages.generic.body import _Collector

    assert inline_text(el, _Collector(_Stats(el))) == "a b"


# --- drop caps ----------------------------------------------------------------------------------------------


def test_drop_cap_joins_the_next_unit() -> None:
    assert _join_drop_caps(["T", "he port reopened."]) == ["The port reopened."]
    assert _join_drop_caps(["“T", "he port"]) == ["“The port"]
    assert _join_drop_caps(["“", "The port"]) == ["“The port"]


@pytest.mark.parametrize("cap", ["A", "I", "O"])
def test_a_word_letter_drop_cap_keeps_a_following_space(cap: str) -> None:
    assert _join_drop_caps([cap, " man said"]) == [f"{cap} man said"]
    assert _join_drop_caps([cap, "nd so"]) == [f"{cap}nd so"]


def test_other_drop_caps_join_without_space() -> None:
    assert _join_drop_caps(["X", " ray"]) == ["Xray"]
    assert _join_drop_caps(["T", " he"]) == ["The"]
    assert _join_drop_caps(["A", "  man"]) == ["A man"]


def test_a_drop_cap_before_a_non_letter_is_lost() -> None:
    assert _join_drop_caps(["T", "123 ships"]) == ["123 ships"]
    assert _join_drop_caps(["T", "“Quote”"]) == ["“Quote”"]


def test_a_heading_cancels_a_pending_drop_cap_but_blank_units_do_not() -> None:
    assert _join_drop_caps(["T", "", "he"]) == ["he"]
    assert _join_drop_caps(["T", "  ", "he"]) == ["The"]
    assert _join_drop_caps(["T", "", " he"]) == ["he"]


def test_a_drop_cap_is_used_once() -> None:
    assert _join_drop_caps(["T", "he port", " reopened"]) == ["The port", "reopened"]


def test_a_trailing_drop_cap_is_dropped_and_others_pass() -> None:
    assert _join_drop_caps(["A para", "T"]) == ["A para"]
    assert _join_drop_caps([" x  y ", "T.", "("]) == ["x y", "T.", "("]
    assert _join_drop_caps(["'", "hello"]) == ["'", "hello"]


# --- _keep --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["advertisement", "advertisements", "ads", "ad", "sponsored", "share", "share this:", "share this",
     "share this article", "like this:", "loading...", "loading", "related", "related posts", "tags:",
     "scroll to continue with content", "story continues below", "continue reading", "subscribe",
     "click to share on twitter", "click to share on facebook", "print", "email", "comments", "0 comments",
     "leave a comment", "leave a reply", "skip to content", "skip advertisement"],
)  # fmt: skip
def test_widget_lines_are_dropped(line: str) -> None:
    assert _keep(line) is False
    assert _keep(line.upper()) is False


def test_widget_lines_with_a_colon_are_dropped() -> None:
    assert _keep("Advertisement:") is False
    assert _keep("Email::") is False
    assert _keep("Advertisement here") is True


@pytest.mark.parametrize(
    "line",
    ["Read also: Port reopens", "» Also read - Port reopens", "READ MORE: x", "See also | x", "Baca juga: x",
     "Baca pula: x", "Related: x", "Related article: x", "Related stories — x", "Related news: x",
     "More on this: x", "Recommended: x", "Related"],
)  # fmt: skip
def test_read_also_lines_are_dropped(line: str) -> None:
    assert _keep(line) is False


def test_a_long_read_also_line_is_kept() -> None:
    assert _keep("Read also: " + _txt(289)) is True
    assert _keep("Read also: " + _txt(288)) is False


def test_lines_need_a_letter_or_digit() -> None:
    assert _keep("* * *") is False
    assert _keep("— 7") is True
    assert _keep("Readers also liked the port.") is True


# --- read_body / paragraphs_of ------------------------------------------------------------------------------


def test_read_body_of_none_and_of_no_roots_is_empty() -> None:
    assert read_body(None) == []
    assert paragraphs_of([]) == []


def test_read_body_reads_the_density_root_and_its_split_parts() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><div id='w'>"
        f"<div class='c'><p>One {_txt(100)}</p><p>Two {_txt(100)}</p></div>"
        "<div class='ad'>Advertisement</div>"
        f"<div class='c'><p>Three {_txt(60)}</p>Read also: <a href='/x'>Other story</a></div>"
        "</div><footer>(c) 2026</footer></body></html>"
    )
    assert read_body(_sel(html)) == [f"One {_txt(100)}", f"Two {_txt(100)}", f"Three {_txt(60)}"]


def test_units_of_several_roots_are_joined_across_roots() -> None:
    sel = _sel("<html><body><div id='a'>Text <p>T</p></div><div id='b'><p>he end</p></div></body></html>")
    roots = [sel.root.xpath("//*[@id='a']")[0], sel.root.xpath("//*[@id='b']")[0]]
    assert paragraphs_of(roots) == ["Text", "The end"]
