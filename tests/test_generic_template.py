"""The generic readers a profile drives with its own selectors (jpcrawl.pages.generic.template / listing /
login), on markup of an invented site: nothing in them depends on the Jakarta Post's class names."""

from __future__ import annotations

import re

from parsel import Selector

from jpcrawl.pages.generic.listing import SideBlocks, looks_script_rendered, main_items, next_listing_url
from jpcrawl.pages.generic.login import parse_login_form, shows_logout
from jpcrawl.pages.generic.template import (
    DropCap,
    content_paragraphs,
    figure_images,
    head_lede,
    meta_row_dateline,
    read_byline,
    subtitle_from_description,
)

BASE = "https://daily.example"


def test_content_paragraphs_join_the_drop_cap_and_stop_at_the_paywall() -> None:
    sel = Selector(
        text='<div class="story"><div class="cap"><span class="dc-l">J</span><p class="dc-r">apanese troops'
        ' left.</p></div><div class="promo"><p>Subscribe now</p></div><figure><figcaption>Pic</figcaption>'
        "</figure><p>Read also: other</p><p>Second <i>para</i> here.</p><div class=\"wall\"><p>Pay</p></div>"
        "<p>Hidden after the wall.</p></div>"
    )
    paragraphs = content_paragraphs(
        sel.css("div.story")[0], junk_css=".promo", stop_css="div.wall",
        drop_cap=DropCap(char_class="dc-l", text_class="dc-r"), skip=lambda t: t.startswith("Read also"),
    )  # fmt: skip
    assert paragraphs == ["Japanese troops left.", "Second para here."]


def test_drop_cap_keeps_the_space_of_a_one_letter_word() -> None:
    sel = Selector(text='<div><b class="c">A</b><p class="t"> leading voice</p></div>')
    assert DropCap("c", "t").paragraph_text(sel.css("p")[0].root) == "A leading voice"


def test_figure_images_skip_junk_and_fall_back_to_the_share_image() -> None:
    sel = Selector(
        text='<article><figure><img data-src="/i/a.jpg" src="data:x"><figcaption>A cat. (AFP/Jo)</figcaption>'
        '</figure><div class="rel"><figure><img src="/i/b.jpg"></figure></div></article>'
    )
    scope = sel.css("article")[0]
    images = figure_images(scope, junk_css=".rel", page_url=BASE + "/x", base_url=BASE)
    assert images == [{"url": BASE + "/i/a.jpg", "caption": "A cat.", "credit": "AFP/Jo"}]
    bare = Selector(text="<article><p>x</p></article>").css("article")[0]
    shared = figure_images(bare, junk_css=".rel", page_url=BASE + "/x", base_url=BASE,
                           metas={"og:image": "/share.png"})  # fmt: skip
    assert shared == [{"url": BASE + "/share.png", "caption": None, "credit": None}]


def test_read_byline_tries_selectors_then_json_ld_then_meta() -> None:
    sel = Selector(
        text='<div><span class="who">Share</span><span class="who">Ann Lee and Bo Kim (Wire)</span></div>'
    )
    kw = {"selectors": ("span.who",), "agencies": ("Wire",), "skip": lambda t: t == "Share"}
    assert read_byline(sel, None, {}, **kw) == (["Ann Lee", "Bo Kim"], "Wire")
    empty = Selector(text="<div></div>")
    ld = {"author": [{"@type": "Person", "name": "Cy Dee"}, {"@type": "Organization", "name": "Wire"}]}
    assert read_byline(empty, ld, {}, **kw) == (["Cy Dee"], "Wire")
    assert read_byline(empty, None, {"author": "Eve Fox"}, **kw) == (["Eve Fox"], None)


def test_meta_row_dateline_skips_bylines_dates_labels_and_agencies() -> None:
    row = Selector(
        text='<div class="m"><span class="by">Ann Lee</span><span class="when">May 2</span>'
        "<span>Follow</span><span>Wire</span><span>Springfield</span></div>"
    ).css("div.m")[0]
    text = meta_row_dateline(
        row, exclude_classes=("by", "when"), agencies=("Wire",), skip=lambda t: t == "Follow"
    )
    assert text == "Springfield"


def test_head_lede_and_description_subtitle() -> None:
    head = Selector(
        text='<header><h1>Title here</h1><div class="crumbs"><p>Home and more things</p></div>'
        '<p class="deck">The deck says four words.</p></header>'
    ).css("header")[0]
    lede = head_lede(head, classed=(".deck",), exclude=re.compile("crumbs"), title="Title here")
    assert lede == "The deck says four words."
    assert subtitle_from_description("First para...", ["First para goes on."], "T") is None
    assert subtitle_from_description("A summary.", ["Body."], "T") == "A summary."


SIDE = SideBlocks(titles=("most read",), classes=re.compile("rail"), item_class="card")


def test_main_items_leave_out_side_blocks_by_heading_and_class() -> None:
    sel = Selector(
        text='<main><h2>Business</h2><div class="card" id="m1"></div><div class="card" id="m2"></div></main>'
        '<section><h3>Most read today</h3><div class="card" id="s1"></div></section>'
        '<div class="rail"><div><div class="card" id="s2"></div></div></div>'
    )
    assert [i.attrib["id"] for i in main_items(sel, "div.card", SIDE)] == ["m1", "m2"]


def test_looks_script_rendered() -> None:
    empty = '<div class="cards"></div>'
    assert looks_script_rendered(Selector(text=f"{empty}<script>make('card')</script>"), BASE + "/b?page=3",
                                 script_markers=("card",), containers_css="div.cards")  # fmt: skip
    assert looks_script_rendered(Selector(text='<div class="cards" data-x="1"></div>'), BASE + "/b?page=3",
                                 script_markers=("card",), containers_css="div.cards")  # fmt: skip
    # Page 3 with an empty container and no marker: past the end, not a script listing.
    assert not looks_script_rendered(Selector(text=empty), BASE + "/b?page=3", script_markers=("card",),
                                     containers_css="div.cards")  # fmt: skip
    assert looks_script_rendered(Selector(text=empty), BASE + "/b", script_markers=("card",),
                                 containers_css="div.cards")  # fmt: skip


def test_next_listing_url_rules() -> None:
    kw = {
        "next_css": ("a.nx",), "links_css": "nav.pg a[href]", "canonical": lambda u: u,
        "page_url_for": lambda path, n: f"{BASE}/{path}?page={n}",
    }  # fmt: skip
    explicit = Selector(text='<a class="nx" href="/b?page=9">next</a>')
    assert next_listing_url(explicit, BASE + "/b", 5, **kw) == BASE + "/b?page=9"
    links = Selector(text='<nav class="pg"><a href="/b?page=1">1</a><a href="/b?page=2">2</a></nav>')
    assert next_listing_url(links, BASE + "/b", 5, **kw) == BASE + "/b?page=2"
    assert next_listing_url(links, BASE + "/b?page=2", 5, **kw) is None  # the last page
    bare = Selector(text="<p>x</p>")
    assert next_listing_url(bare, BASE + "/b?page=2", 5, **kw) == BASE + "/b?page=3"
    assert next_listing_url(bare, BASE + "/b?page=2", 0, **kw) is None


def test_login_form_and_logout_detection() -> None:
    html = (
        '<meta name="csrf-token" content="tok"><form class="other"><input name="q"></form>'
        '<form class="signin" action="/session"><input type="hidden" name="nonce" value="n1">'
        '<input type="text" name="user_login"><input type="password" name="pw"></form>'
    )
    form = parse_login_form(BASE + "/login", html, "form.signin")
    assert form is not None
    assert (form.action_url, form.fields, form.email_field, form.password_field) == (
        BASE + "/session", {"nonce": "n1", "_token": "tok"}, "user_login", "pw",
    )  # fmt: skip
    assert parse_login_form(BASE + "/login", html) == form  # found by its password input
    assert parse_login_form(BASE + "/", "<p>no form</p>") is None
    assert shows_logout('<a href="/account/logout">Me</a>')
    assert shows_logout("<button>Sign out</button>")
    assert not shows_logout('<a href="/login">Login / Register</a>')
    assert not shows_logout('<div class="ghost"><a href="/logout">x</a></div>', ignore_css="div.ghost")
