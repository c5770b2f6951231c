"""Exact values for the generic image reader (jpcrawl/pages/generic/images.py)."""

from __future__ import annotations

from typing import Any

import pytest

from jpcrawl.pages.base import make_selector
from jpcrawl.pages.generic.images import (
    _caption_el,
    _outside_junk,
    _tiny,
    caption_credit,
    image_key,
    image_scope,
    img_url,
    read_images,
)

PAGE = "https://news.example/2026/01/02/story.html"


def _root(html: str) -> Any:
    s = make_selector(html)
    assert s is not None
    return s.root


def _el(html: str, xpath: str = "//*[@id='t']") -> Any:
    return _root(html).xpath(xpath)[0]


def _img(attrs: str) -> Any:
    return _el(f"<html><body><img {attrs}></body></html>", "//img")


# --- img_url ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attr", ["data-src", "data-lazy-src", "data-original", "data-url", "data-full-src", "data-hi-res-src"]
)
def test_lazy_load_attributes_win_over_src(attr: str) -> None:
    assert img_url(_img(f"{attr}='/up/a.jpg' src='/up/lazy.gif'"), PAGE) == "https://news.example/up/a.jpg"


def test_lazy_attributes_are_read_in_order() -> None:
    img = _img("data-lazy-src='/second.jpg' data-src='/first.jpg' src='/src.jpg'")
    assert img_url(img, PAGE) == "https://news.example/first.jpg"


def test_blank_and_data_uri_lazy_values_are_skipped() -> None:
    img = _img("data-src='  ' data-lazy-src='data:image/gif;base64,R0lG' data-original='/real.jpg'")
    assert img_url(img, PAGE) == "https://news.example/real.jpg"


@pytest.mark.parametrize("attr", ["data-srcset", "data-lazy-srcset", "srcset"])
def test_the_first_srcset_candidate_is_taken(attr: str) -> None:
    img = _img(f"{attr}=' /up/a-300x200.jpg 300w, /up/a.jpg 1024w' src='/up/src.jpg'")
    assert img_url(img, PAGE) == "https://news.example/up/a-300x200.jpg"


def test_a_srcset_candidate_without_descriptor_ends_at_the_comma() -> None:
    assert img_url(_img("srcset='/up/a.jpg, /up/b.jpg 2x'"), PAGE) == "https://news.example/up/a.jpg"


def test_srcset_attributes_are_read_in_order() -> None:
    img = _img("srcset='/c.jpg 1x' data-lazy-srcset='/b.jpg 1x' data-srcset='/a.jpg 1x'")
    assert img_url(img, PAGE) == "https://news.example/a.jpg"


def test_unusable_srcset_values_fall_through() -> None:
    img = _img("data-srcset='data:image/png;base64,AA 1x' data-lazy-srcset=', /x.jpg 2x'"
               " srcset='javascript:x 1x'"
               " src='rel/photo.jpg'")  # fmt: skip
    assert img_url(img, PAGE) == "https://news.example/2026/01/02/rel/photo.jpg"
    assert img_url(_img("srcset='   ' src='//cdn.example/p.jpg'"), PAGE) == "https://cdn.example/p.jpg"


@pytest.mark.parametrize(
    "src",
    ["", "   ", "data:image/gif;base64,R0lGOD", "/img/blank.gif", "spacer.png", "/a/pixel-1.gif",
     "/a/TRANSPARENT.PNG", "/a/placeholder-image.svg", "/a/grey.gif", "/a/lazy_load.png"],
)  # fmt: skip
def test_missing_data_and_placeholder_sources_give_none(src: str) -> None:
    assert img_url(_img(f"src='{src}'"), PAGE) is None


def test_no_source_attribute_gives_none() -> None:
    assert img_url(_img("alt='x'"), PAGE) is None


@pytest.mark.parametrize("src", ["/a/lazy.jpg", "/a/blanket.jpg", "/a/greyhound/dog.png", "/a/myblank.gif"])
def test_real_images_with_placeholder_like_names_are_kept(src: str) -> None:
    assert img_url(_img(f"src='{src}'"), PAGE) == "https://news.example" + src


# --- image_key ----------------------------------------------------------------------------------------------


def test_image_key_of_nothing_is_empty() -> None:
    assert image_key(None) == ""
    assert image_key("") == ""


def test_image_key_drops_host_query_and_size_suffix() -> None:
    assert image_key("https://news.example/up/Photo-1024x683.JPG?w=5") == "/up/photo.jpg"
    assert image_key("https://cdn.example/up/photo-300X200.jpg") == "/up/photo.jpg"
    assert image_key("https://news.example/up/photo-10x10.webp") == "/up/photo.webp"


@pytest.mark.parametrize("suffix", ["_large", ".medium", "_small", ".thumb", "_thumbnail", "_LARGE"])
def test_image_key_drops_named_sizes(suffix: str) -> None:
    assert image_key(f"https://news.example/up/photo{suffix}.jpg") == "/up/photo.jpg"


def test_image_key_keeps_sizes_that_are_not_a_suffix() -> None:
    assert image_key("https://news.example/up/photo-300x200-crop.jpg") == "/up/photo-300x200-crop.jpg"
    assert image_key("https://news.example/up/photo-1x1.jpg") == "/up/photo-1x1.jpg"
    assert image_key("https://news.example/up/photo-123456x20.jpg") == "/up/photo-123456x20.jpg"
    assert image_key("https://news.example/up/largest.jpg") == "/up/largest.jpg"


def test_image_key_of_an_unparseable_url_is_the_url() -> None:
    assert image_key("http://[::1/Photo.jpg") == "http://[::1/Photo.jpg"


# --- _tiny --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attrs", "tiny"),
    [("width='99'", True), ("width='100'", False), ("height=' 80px '", True),
     ("width='800' height='1'", True),
     ("width='auto'", False), ("", False), ("width='100%'", False)],
)  # fmt: skip
def test_images_under_100_pixels_are_tiny(attrs: str, tiny: bool) -> None:
    assert _tiny(_img(attrs)) is tiny


# --- captions -----------------------------------------------------------------------------------------------


def test_a_figures_figcaption_is_its_caption() -> None:
    root = _root("<figure><a><img src='/a.jpg'></a><figcaption id='t'>Cap</figcaption></figure>")
    assert _caption_el(root.xpath("//img")[0], None) is root.xpath("//*[@id='t']")[0]


def test_a_caption_classed_element_near_the_image_is_its_caption() -> None:
    root = _root(
        "<div class='wp-caption'><a><span><b><img src='/a.jpg'></b></span></a>"
        "<p class='wp-caption-text' id='t'>Cap</p></div>"
    )
    assert _caption_el(root.xpath("//img")[0], None) is root.xpath("//*[@id='t']")[0]


def test_a_caption_more_than_four_levels_up_is_not_found() -> None:
    root = _root(
        "<div class='wp-caption'><a><span><b><i><img src='/a.jpg'></i></b></span></a>"
        "<p class='wp-caption-text' id='t'>Cap</p></div>"
    )
    assert _caption_el(root.xpath("//img")[0], None) is None


@pytest.mark.parametrize("tag", ["figcaption", "p", "span", "div"])
def test_caption_classed_tags(tag: str) -> None:
    root = _root(f"<section><img src='/a.jpg'><{tag} class='Image-Caption' id='t'>Cap</{tag}></section>")
    assert _caption_el(root.xpath("//img")[0], None) is root.xpath("//*[@id='t']")[0]


def test_other_tags_are_not_captions() -> None:
    root = _root("<section><img src='/a.jpg'><em class='caption'>Cap</em></section>")
    assert _caption_el(root.xpath("//img")[0], None) is None


def test_a_figure_without_caption_does_not_borrow_one_from_outside() -> None:
    root = _root("<div><figure><img src='/a.jpg'></figure><p class='caption'>Other</p></div>")
    assert _caption_el(root.xpath("//img")[0], None) is None


def test_a_figure_without_figcaption_uses_a_caption_classed_child() -> None:
    root = _root("<figure><img src='/a.jpg'><div class='caption' id='t'>Cap</div></figure>")
    assert _caption_el(root.xpath("//img")[0], None) is root.xpath("//*[@id='t']")[0]


def test_a_caption_beside_several_pictures_belongs_to_none() -> None:
    root = _root("<div><img src='/a.jpg'><img src='/b.jpg'><p class='caption'>Both</p></div>")
    assert _caption_el(root.xpath("//img")[0], None) is None


def test_the_caption_search_stops_at_the_stop_element() -> None:
    root = _root(
        "<div><p class='caption'>Outside</p><section id='s'><span><img src='/a.jpg'></span></section></div>"
    )
    img, stop = root.xpath("//img")[0], root.xpath("//*[@id='s']")[0]
    assert _caption_el(img, stop) is None
    assert _caption_el(img, None) is root.xpath("//p")[0]


def test_caption_of_none() -> None:
    assert caption_credit(None) == (None, None)


def test_a_trailing_parenthesis_is_the_credit() -> None:
    cap = _el("<figcaption id='t'>Harbour cranes at <b>Tanjung Priok</b>. (Reuters/Ann Lee)</figcaption>")
    assert caption_credit(cap) == ("Harbour cranes at Tanjung Priok.", "Reuters/Ann Lee")


@pytest.mark.parametrize("cls", ["credit", "photo-credits", "copyright", "photographer", "image_source",
                                 "byline",
                                 "author"])  # fmt: skip
def test_a_credit_classed_element_is_the_credit(cls: str) -> None:
    cap = _el(f"<figcaption id='t'>Harbour <b>cranes</b> <span class='{cls}'>( AFP / Ann )</span> today"
              "<!-- c --></figcaption>")  # fmt: skip
    assert caption_credit(cap) == ("Harbour cranes today", "AFP / Ann")


def test_a_credit_named_by_its_id_is_the_credit() -> None:
    cap = _el("<figcaption id='t'>Cranes <span id='photo-credit'>AFP</span></figcaption>")
    assert caption_credit(cap) == ("Cranes", "AFP")


def test_a_credit_element_of_several_parts_reads_as_one() -> None:
    cap = _el("<figcaption id='t'>Cranes <span class='credit'>Photo: <b>AFP</b>/Ann</span></figcaption>")
    assert caption_credit(cap) == ("Cranes", "Photo: AFP/Ann")


def test_caption_parts_are_joined_with_spaces() -> None:
    cap = _el("<figcaption id='t'>Harbour<b>cranes</b>today<span class='credit'>AFP</span></figcaption>")
    assert caption_credit(cap) == ("Harbour cranes today", "AFP")


def test_the_first_credit_element_wins_and_every_credit_element_leaves_the_caption() -> None:
    cap = _el(
        "<figcaption id='t'><p>Cranes <span class='credit'>AFP</span></p><span class='source'>Reuters</span>"
        "</figcaption>"
    )
    assert caption_credit(cap) == ("Cranes", "AFP")


def test_a_caption_with_only_a_credit() -> None:
    cap = _el("<figure><figcaption id='t'><span class='credit'>AFP</span></figcaption>Tail</figure>")
    assert caption_credit(cap) == (None, "AFP")


def test_an_empty_credit_element_falls_back_to_the_parenthesis() -> None:
    cap = _el("<figcaption id='t'>Cranes (Reuters)<span class='credit'> </span></figcaption>")
    assert caption_credit(cap) == ("Cranes", "Reuters")


def test_the_caption_elements_own_credit_class_does_not_make_it_the_credit() -> None:
    assert caption_credit(_el("<figcaption id='t' class='image-source'>Cranes (Reuters)</figcaption>")) == (
        "Cranes", "Reuters"
    )  # fmt: skip
    cap = _el("<figcaption id='t' class='credit-wrap'>Cranes <span class='credit'>AFP</span></figcaption>")
    assert caption_credit(cap) == ("Cranes", "AFP")


# --- scope and junk -----------------------------------------------------------------------------------------


def test_image_scope_of_no_roots_is_none() -> None:
    assert image_scope([]) is None


def test_image_scope_is_the_enclosing_article() -> None:
    root = _root("<html><body><article id='a'><div><div id='b'><p>x</p></div></div></article></body></html>")
    assert image_scope([root.xpath("//*[@id='b']")[0]]).get("id") == "a"
    assert image_scope([root.xpath("//*[@id='a']")[0]]).get("id") == "a"


def test_image_scope_is_an_article_itemtype() -> None:
    root = _root(
        "<html><body><div id='a' itemscope itemtype='https://schema.org/NewsArticle'><div><div id='b'>x</div>"
        "</div></div></body></html>"
    )
    assert image_scope([root.xpath("//*[@id='b']")[0]]).get("id") == "a"


def test_image_scope_does_not_look_above_body() -> None:
    root = _root(
        "<html itemscope itemtype='https://schema.org/Article'><body><div id='w'><div id='b'>x</div></div>"
        "</body></html>"
    )
    assert image_scope([root.xpath("//*[@id='b']")[0]]).get("id") == "w"


def test_image_scope_is_the_roots_parent_unless_that_is_body() -> None:
    root = _root("<html><body><div id='b'>x</div></body></html>")
    assert image_scope([root.xpath("//*[@id='b']")[0]]).get("id") == "b"
    root = _root("<html><body class='article'><div id='w'><div id='b'>x</div></div></body></html>")
    assert image_scope([root.xpath("//*[@id='b']")[0]]).get("id") == "w"


def test_image_scope_of_body_itself_is_body() -> None:
    root = _root("<html><body><p>x</p></body></html>")
    assert image_scope([root.xpath("//body")[0]]).tag == "body"


def test_body_with_article_itemtype_is_the_scope() -> None:
    root = _root("<html><body itemtype='https://schema.org/Article'><div id='b'>x</div></body></html>")
    assert image_scope([root.xpath("//*[@id='b']")[0]]).tag == "body"


def test_images_inside_junk_blocks_are_outside_the_article() -> None:
    root = _root("<article><div class='related-posts'><div><img src='/r.jpg'></div></div></article>")
    assert _outside_junk(root.xpath("//img")[0], root.xpath("//article")[0]) is False


def test_a_figure_inside_a_junk_block_is_outside_the_article() -> None:
    root = _root("<article><div class='related-posts'><figure><img src='/r.jpg'></figure></div></article>")
    assert _outside_junk(root.xpath("//img")[0], root.xpath("//article")[0]) is False


def test_junk_above_the_stop_does_not_count() -> None:
    root = _root("<div class='sidebar'><div id='s'><img src='/r.jpg'></div></div>")
    assert _outside_junk(root.xpath("//img")[0], root.xpath("//*[@id='s']")[0]) is True


@pytest.mark.parametrize(
    "holder",
    ["<figure>{}</figure>", "<figure><figcaption>{}</figcaption></figure>", "<header>{}</header>",
     "<picture>{}</picture>", "<a class='popup' href='/big.jpg'>{}</a>", "<span class='embed-box'>{}</span>",
     "<div class='wp-caption alignnone'>{}</div>"],
)  # fmt: skip
def test_image_holders_never_hide_an_image(holder: str) -> None:
    root = _root("<article>" + holder.format("<img src='/a.jpg'>") + "</article>")
    assert _outside_junk(root.xpath("//img")[0], root.xpath("//article")[0]) is True


# --- read_images --------------------------------------------------------------------------------------------


def _read(
    html: str, share: list[str] | None = None, body_xpath: str = "//*[@id='body']"
) -> list[dict[str, Any]]:
    root = _root(html)
    return read_images(root, root.xpath(body_xpath), PAGE, share)


def test_article_images_in_order_with_captions() -> None:
    html = (
        "<html><body><article><figure><img src='/up/a.jpg'><figcaption>Cranes (AFP)</figcaption></figure>"
        "<div id='body'><p>Text</p><img src='/up/b.jpg'><img src='/up/a-300x200.jpg'>"
        "<img src='/up/icon.png' width='16'><img src='/up/blank.gif'>"
        "<div class='related-posts'><img src='/up/r.jpg'></div></div></article></body></html>"
    )
    assert _read(html) == [
        {"url": "https://news.example/up/a.jpg", "caption": "Cranes", "credit": "AFP"},
        {"url": "https://news.example/up/b.jpg", "caption": None, "credit": None},
    ]


def test_a_caption_outside_the_scope_is_not_an_images_caption() -> None:
    html = (
        "<html><body><div><p class='caption'>Page banner</p><article><p>x</p><img src='/up/a.jpg'>"
        "<div id='body'><p>Text</p></div></article></div></body></html>"
    )
    assert _read(html) == [{"url": "https://news.example/up/a.jpg", "caption": None, "credit": None}]


def test_junk_around_the_article_does_not_hide_its_images() -> None:
    html = (
        "<html><body><div class='layout-with-sidebar'><article><img src='/up/a.jpg'>"
        "<div id='body'><p>Text</p></div></article></div></body></html>"
    )
    assert [i["url"] for i in _read(html)] == ["https://news.example/up/a.jpg"]


def test_no_body_and_no_share_image_means_no_images() -> None:
    assert (
        _read("<html><body><img src='/a.jpg'></body></html>", ["https://news.example/b.jpg"], "//nothing")
        == []
    )


def test_without_a_body_a_share_image_on_the_page_is_still_found() -> None:
    out = _read("<html><body><img src='/a.jpg'><img src='/b.jpg'></body></html>", ["/b.jpg"], "//nothing")
    assert out == [{"url": "https://news.example/b.jpg", "caption": None, "credit": None}]


def test_at_most_sixty_images() -> None:
    imgs = "".join(f"<img src='/up/{i}.jpg'>" for i in range(61))
    out = _read(f"<html><body><article><div id='body'>{imgs}</div></article></body></html>")
    assert len(out) == 60
    assert out[-1]["url"] == "https://news.example/up/59.jpg"


def test_only_the_first_500_images_of_the_scope_are_looked_at() -> None:
    dots = "<img src='/up/dot.png' width='1'>" * 499
    out = _read(
        f"<html><body><article><div id='body'>{dots}<img src='/up/late.jpg'></div></article></body></html>"
    )
    assert [i["url"] for i in out] == ["https://news.example/up/late.jpg"]
    out = _read(f"<html><body><article><div id='body'>{dots}<img src='/up/dot.png' width='1'>"
                "<img src='/up/late.jpg'></div></article></body></html>")  # fmt: skip
    assert out == []


def test_a_share_image_outside_the_article_is_the_featured_image_first() -> None:
    html = (
        "<html><body><div class='related'><img src='/up/hero.jpg'></div>"
        "<div class='hero'><figure><img src='/up/hero-1200x800.jpg'>"
        "<figcaption>Hero (AP)</figcaption></figure>"
        "</div><img src='/up/other.jpg'>"
        "<article><div id='body'><p>x</p><img src='/up/b.jpg'></div></article></body></html>"
    )
    assert _read(html, ["/up/hero.jpg?w=1200", "/up/other.jpg"]) == [
        {"url": "https://news.example/up/hero-1200x800.jpg", "caption": "Hero", "credit": "AP"},
        {"url": "https://news.example/up/b.jpg", "caption": None, "credit": None},
    ]


def test_no_featured_image_when_a_share_image_is_in_the_article() -> None:
    html = (
        "<html><body><img src='/up/hero.jpg'>"
        "<article><div id='body'><p>x</p><img src='/up/b.jpg'></div></article></body></html>"
    )
    assert [i["url"] for i in _read(html, ["/up/b.jpg", "/up/hero.jpg"])] == ["https://news.example/up/b.jpg"]


def test_a_share_image_matching_nothing_adds_nothing() -> None:
    html = "<html><body><article><div id='body'><p>x</p><img src='/up/b.jpg'></div></article></body></html>"
    assert [i["url"] for i in _read(html, ["https://news.example/default-share.png"])] == [
        "https://news.example/up/b.jpg"
    ]  # fmt: skip


def test_an_unusable_share_image_is_ignored() -> None:
    html = (
        "<html><body><img src='/up/blank.gif'><img src='/up/hero.jpg'>"
        "<article><div id='body'><p>x</p></div></article></body></html>"
    )
    assert [i["url"] for i in _read(html, ["javascript:void(0)", "/up/hero.jpg"])] == [
        "https://news.example/up/hero.jpg"
    ]  # fmt: skip


def test_the_featured_image_is_looked_for_among_the_first_2000_images() -> None:
    dots = "<img src='/up/dot.png' width='1'>" * 1999
    article = "<article><div id='body'><p>x</p></div></article>"
    html = f"<html><body>{dots}<img src='/up/hero.jpg'>{article}</body></html>"
    assert [i["url"] for i in _read(html, ["/up/hero.jpg"])] == ["https://news.example/up/hero.jpg"]
    html = html.replace("<img src='/up/hero.jpg'>", "<img src='/up/dot.png'><img src='/up/hero.jpg'>")
    assert _read(html, ["/up/hero.jpg"]) == []
