"""Exact values for the generic listing reader (jpcrawl/pages/generic/listing.py)."""

from __future__ import annotations

import re

from jpcrawl.pages.generic.listing import SideBlocks, looks_script_rendered, main_items, next_listing_url
from tests.exact import parsed as _sel

# --- listing: side blocks ---

SIDE = SideBlocks(
    titles=("the latest", "most viewed"), classes=re.compile(r"sidebar|widget"), item_class="item"
)


def _titles(html: str) -> list[str]:
    return [n.css("a::text").get() for n in main_items(_sel(html), "div.item", SIDE)]


def test_main_items_skip_titled_side_blocks():
    html = (
        "<div><h2>World</h2><div class='item'><a>m1</a></div><div class='item'><a>m2</a></div></div>"
        "<div><h3>The Latest</h3><div class='item'><a>s1</a></div></div>"
        "<div><h3>Most viewed this week</h3><div class='item'><a>s2</a></div></div>"
        "<div><h3>The latest-news</h3><div class='item'><a>m3</a></div></div>"
    )
    assert _titles(html) == ["m1", "m2", "m3"]


def test_main_items_skip_aside_and_classed_containers():
    html = (
        "<div class='item'><a>m1</a></div>"
        "<aside><div class='item'><a>s1</a></div></aside>"
        "<div id='my-widget'><div><div class='item'><a>s2</a></div></div></div>"
        "<div class='Sidebar'><div class='item'><a>m2</a></div></div>"
    )
    assert _titles(html) == ["m1", "m2"]


def test_item_own_class_does_not_make_it_a_side_block():
    html = "<div class='item widget'><a>m1</a></div>"
    assert _titles(html) == ["m1"]


def test_heading_by_class_and_its_limits():
    html = (
        "<div><div class='block-title'>The Latest</div><div class='item'><a>s1</a></div></div>"
        "<div><div class='subtitle'>The Latest</div><div class='item'><a>m1</a></div></div>"
        "<div><div class='header_x'>Most viewed</div><div class='item'><a>s2</a></div></div>"
    )
    assert _titles(html) == ["m1"]


def test_heading_that_holds_items_is_not_a_heading():
    html = (
        "<div><h2>The Latest</h2>"
        "<h3 class='title'><div class='item'><a>m1</a></div></h3><div class='item'><a>m2</a></div></div>"
    )
    # The h3 holds an item, so it is no heading: "The Latest" decides for both items.
    assert _titles(html) == []


def test_heading_text_length_bound():
    h = SIDE.heading_text(_sel("<h2>" + "x" * 60 + "</h2>").css("h2")[0].root)
    assert h == "x" * 60
    assert SIDE.heading_text(_sel("<h2>" + "x" * 61 + "</h2>").css("h2")[0].root) is None
    assert SIDE.heading_text(_sel("<h2> </h2>").css("h2")[0].root) is None
    assert SIDE.heading_text(_sel("<p>The Latest</p>").css("p")[0].root) is None
    assert SIDE.heading_text(_sel("<h2 class='item-head'>x</h2>").css("h2")[0].root) is None


def test_contains_without_memo():
    sel = _sel("<aside><div><div class='item'>x</div></div></aside><div class='item'>y</div>")
    items = sel.css("div.item")
    assert SIDE.contains(items[0].root) is True
    assert SIDE.contains(items[1].root) is False


# --- listing: script-rendered ---


def _js(html: str, url: str = "https://s.example/world", **kw) -> bool:
    kw.setdefault("script_markers", ("listNews",))
    kw.setdefault("containers_css", "div.list")
    return looks_script_rendered(_sel(html), url, **kw)


def test_script_rendered_by_inline_script_marker():
    assert _js("<script>build('listNews')</script><p>x</p>", "https://s.example/world?page=3") is True


def test_script_ld_json_is_not_a_builder():
    assert (
        _js('<script type="application/ld+json">"listNews"</script><p>x</p>', "https://s.example/w?page=3")
        is False
    )


def test_script_rendered_by_src_marker_default_and_explicit():
    html = "<script src='/js/listNews.js'></script><p>x</p>"
    assert _js(html, "https://s.example/w?page=3") is True
    assert _js(html, "https://s.example/w?page=3", src_markers=("other",)) is False
    assert _js(
        "<script src='/js/other.js'></script><p>x</p>", "https://s.example/w?page=3", src_markers=("other",)
    )


def test_script_rendered_by_container_data_attr_or_loading():
    assert _js("<div class='list' data-src='/api'></div>", "https://s.example/w?page=3") is True
    assert _js("<div class='list'><i class='Spinner'></i></div>", "https://s.example/w?page=3") is True
    assert _js("<div class='list' id='x'><i class='icon'></i></div>", "https://s.example/w?page=3") is False


def test_empty_container_on_page_one_is_script_rendered():
    assert _js("<div class='list'></div>", "https://s.example/w") is True
    assert _js("<div class='list'></div>", "https://s.example/w?page=1") is True
    assert _js("<div class='list'></div>", "https://s.example/w?page=2") is False
    assert _js("<p>no container</p>", "https://s.example/w") is False


# --- listing: next page ---


def _next(html: str, url: str, n: int, min_full: int = 1) -> str | None:
    return next_listing_url(
        _sel(html),
        url,
        n,
        next_css=("a[rel~='next']", "li.next a"),
        links_css="nav.pagination a[href]",
        canonical=lambda u: u.replace("http://", "https://"),
        page_url_for=lambda path, n: f"https://s.example/{path}?page={n}",
        min_full=min_full,
    )


def test_explicit_next_link():
    assert (
        _next("<a rel='next' href=' ?page=3 '>n</a>", "http://s.example/w?page=2", 0)
        == "https://s.example/w?page=3"
    )


def test_unusable_next_links_are_skipped():
    html = "<a rel='next' href='#'>n</a><li class='next'><a href='javascript:go()'>n</a></li><p>x</p>"
    assert _next(html, "https://s.example/w", 0) is None
    html = "<a rel='next' href=' '>n</a><li class='next'><a href='/w?page=9'>n</a></li>"
    assert _next(html, "https://s.example/w", 0) == "https://s.example/w?page=9"


def test_pagination_links_pick_page_plus_one_on_same_path():
    html = (
        "<nav class='pagination'><a href='/w?page=1'>1</a><a href='/other?page=3'>x</a>"
        "<a href='/w?page=4'>4</a><a href='/w?page=3'>3</a><a href='/about'>a</a></nav>"
    )
    assert _next(html, "https://s.example/w?page=2", 30) == "https://s.example/w?page=3"


def test_pagination_links_without_next_page_is_last():
    html = "<nav class='pagination'><a href='/w?page=1'>1</a><a href='/w?page=2'>2</a></nav>"
    assert _next(html, "https://s.example/w?page=2", 30) is None


def test_no_pagination_full_page_goes_on():
    assert _next("<p>x</p>", "https://s.example/w/", 1) == "https://s.example/w?page=2"
    assert _next("<p>x</p>", "https://s.example/w?page=4", 1) == "https://s.example/w?page=5"


def test_no_pagination_min_full_bound():
    assert _next("<p>x</p>", "https://s.example/w", 0) is None
    assert _next("<p>x</p>", "https://s.example/w", 2, min_full=3) is None
    assert _next("<p>x</p>", "https://s.example/w", 3, min_full=3) == "https://s.example/w?page=2"
    assert _next("<p>x</p>", "https://s.example/w", 1, min_full=0) == "https://s.example/w?page=2"
    assert _next("<p>x</p>", "https://s.example/w", 0, min_full=0) is None


def test_one_item_is_a_full_page_by_default():
    def nxt(n: int) -> str | None:
        return next_listing_url(
            _sel("<p>x</p>"),
            "https://s.example/w",
            n,
            next_css=(),
            links_css="nav a",
            canonical=lambda u: u,
            page_url_for=lambda path, n: f"https://s.example/{path}?page={n}",
        )

    assert nxt(1) == "https://s.example/w?page=2"
    assert nxt(0) is None


def test_the_listing_path_is_read_from_the_canonical_url():
    # The page was reached under another spelling of its path; its pagination links use the canonical one.
    html = "<nav class='pagination'><a href='/world?page=2'>2</a><a href='/world?page=3'>3</a></nav>"
    got = next_listing_url(
        _sel(html),
        "https://s.example/World?page=2",
        30,
        next_css=(),
        links_css="nav.pagination a[href]",
        canonical=lambda u: u.replace("/World", "/world"),
        page_url_for=lambda path, n: f"https://s.example/{path}?page={n}",
    )
    assert got == "https://s.example/world?page=3"


def test_a_sidebar_class_on_body_does_not_make_every_item_a_side_item():
    # WordPress themes put layout words on <body> ("has-sidebar"): the walk up stops below <body>.
    html = "<body class='home has-sidebar'><div class='item'><a>m1</a></div></body>"
    assert _titles(html) == ["m1"]


def test_pagination_links_under_a_selector_list_are_all_read():
    # A profile may name several pagination blocks; links in every one of them count.
    html = "<div class='pagi'><a href='/w?page=3'>3</a></div><nav><a href='/w?page=9'>9</a></nav>"
    got = next_listing_url(
        _sel(html),
        "https://s.example/w?page=2",
        30,
        next_css=(),
        links_css="div.pagi a[href], nav a[href]",
        canonical=lambda u: u,
        page_url_for=lambda path, n: f"https://s.example/{path}?page={n}",
    )
    assert got == "https://s.example/w?page=3"


def test_a_short_path_is_kept_whole_in_the_next_page_url():
    assert _next("<p>x</p>", "https://s.example/X/", 1) == "https://s.example/X?page=2"
