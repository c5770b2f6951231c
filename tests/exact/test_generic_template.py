"""Exact values for the profile-driven template readers (jpcrawl/pages/generic/template.py)."""

from __future__ import annotations

import re

from jpcrawl.pages.generic.template import (
    DropCap,
    Fallbacks,
    _xpath_literal,
    content_paragraphs,
    figure_images,
    first_text,
    head_lede,
    img_src,
    meta_row_dateline,
    read_byline,
    subtitle_from_description,
)
from tests.exact import parsed as _sel

PAGE = "https://s.example/world/a.html"
BASE = "https://s.example"


def test_first_text_order_and_empty_skipped():
    s = _sel("<h1> </h1><h1>First  h1</h1><h2>H2</h2>")
    assert first_text(s, ("h3", "h1", "h2")) == "First h1"
    assert first_text(s, ("h2", "h1")) == "H2"
    assert first_text(s, ("h3",)) is None


def test_content_paragraphs_junk_stop_dropcap_skip():
    s = _sel(
        "<div class='c'><p>One</p><aside><p>junk</p></aside><figure><p>fig</p></figure>"
        "<span class='cap'>J</span><p class='txt'>apanese rest</p>"
        "<p>Read also: x</p><p> </p><div class='wall'><p>in wall</p></div><p>after</p></div>"
    )
    out = content_paragraphs(
        s.css("div.c")[0],
        junk_css="aside",
        stop_css="div.wall",
        drop_cap=DropCap(char_class="cap", text_class="txt"),
        skip=lambda t: t.startswith("Read also"),
    )
    assert out == ["One", "Japanese rest"]


def test_content_paragraphs_no_stop_reads_all():
    s = _sel("<div class='c'><p>a</p><div><p>b</p></div><p>c</p></div>")
    assert content_paragraphs(s.css("div.c")[0], junk_css="aside") == ["a", "b", "c"]


def test_drop_cap_without_char_sibling():
    s = _sel("<div><p class='txt'> leading</p></div>")
    assert DropCap("cap", "txt").paragraph_text(s.css("p")[0].root) == "leading"
    s = _sel("<div><span class='cap'>A</span><p class='txt'> leading</p></div>")
    assert DropCap("cap", "txt").paragraph_text(s.css("p")[0].root) == "A leading"


def test_img_src_lazy_first_and_data_skipped():
    s = _sel('<img data-src="data:x" data-original=" /o.jpg " src="/s.jpg"><img src="data:y"><img>')
    imgs = s.css("img")
    assert img_src(imgs[0], PAGE, BASE) == "https://s.example/o.jpg"
    assert img_src(imgs[1], PAGE, BASE) is None
    assert img_src(imgs[2].root, PAGE, BASE) is None
    s = _sel('<img data-lazy-src="rel.jpg" src="/s.jpg">')
    assert img_src(s.css("img")[0], "http://127.0.0.1:8/world/a.html", "http://127.0.0.1:8") == (
        "http://127.0.0.1:8/world/rel.jpg"
    )


def test_figure_images_dedupe_junk_and_caption():
    s = _sel(
        "<div class='s'><figure><img src='/a.jpg'><figcaption>A cap (Reuters/Ann)</figcaption></figure>"
        "<figure><img src='/a.jpg'></figure><figure><p>no img</p></figure>"
        "<aside><figure><img src='/j.jpg'></figure></aside><figure><img src='/b.jpg'></figure></div>"
    )
    out = figure_images(s.css("div.s")[0], junk_css="aside", page_url=PAGE, base_url=BASE)
    assert [i["url"] for i in out] == ["https://s.example/a.jpg", "https://s.example/b.jpg"]
    assert out[1] == {"url": "https://s.example/b.jpg", "caption": None, "credit": None}
    assert out[0]["caption"] == "A cap"


def test_figure_images_fallback_one_of_ld_then_og():
    s = _sel("<div class='s'><p>x</p></div>")
    scope = s.css("div.s")[0]
    out = figure_images(
        scope, junk_css="aside", page_url=PAGE, base_url=BASE, ld={"image": ["/l.jpg", "/m.jpg"]},
        metas={"og:image": "/o.jpg"},
    )  # fmt: skip
    assert out == [{"url": "https://s.example/l.jpg", "caption": None, "credit": None}]
    out = figure_images(
        scope, junk_css="aside", page_url=PAGE, base_url=BASE, metas={"twitter:image": "/t.jpg"}
    )
    assert out == [{"url": "https://s.example/t.jpg", "caption": None, "credit": None}]
    assert figure_images(scope, junk_css="aside", page_url=PAGE, base_url=BASE) == []
    out = figure_images(scope, junk_css="aside", page_url=PAGE, base_url=BASE, ld={"image": "mailto:x"},
                        metas={"og:image": "/o.jpg"})  # fmt: skip
    assert out == [{"url": "https://s.example/o.jpg", "caption": None, "credit": None}]


def test_xpath_literal():
    assert _xpath_literal("ab") == "'ab'"
    assert _xpath_literal("a'b") == '"a\'b"'
    assert _xpath_literal("a'b\"c") == "concat('a', \"'\", 'b\"c')"


def _dateline(html: str, **kw) -> str | None:
    kw.setdefault("exclude_classes", ("label", "date"))
    kw.setdefault("agencies", ("Reuters",))
    return meta_row_dateline(_sel(f"<div class='row'>{html}</div>").css("div.row")[0], **kw)


def test_meta_row_dateline_rules():
    assert _dateline("<span class='label'>Ann</span><span>JAKARTA</span>") == "JAKARTA"
    assert _dateline("<span>Reuters</span><span>Bali</span>") == "Bali"
    assert _dateline("<span>(AFP)</span><span>lower</span><span>Bogor</span>") == "Bogor"
    assert _dateline("<span>May 20</span><a>Link</a><button>Share</button><span>Solo</span>") == "Solo"
    assert _dateline("<span>" + "A" * 61 + "</span><span>" + "A" * 60 + "</span>") == "A" * 60
    assert _dateline("<span>A b c d e f g</span><span>A b c d e f</span>") == "A b c d e f"
    assert _dateline("<span>Skip</span><span>Keep</span>", skip=lambda t: t == "Skip") == "Keep"
    assert _dateline("<span>x</span>") is None
    assert _dateline('<span class="it\'s">Q</span><span>R</span>', exclude_classes=("it's",)) == "R"
    assert _dateline("<span class='date'>Dated</span>", exclude_classes=()) == "Dated"


def test_head_lede_rules():
    head = _sel(
        "<div class='head'><h1>The title is long</h1><div class='meta'><p>in meta row words here</p></div>"
        "<p>Too short</p><p>The title is long</p><p>Skip me because why not</p>"
        "<p class='lede'>This is the real lede</p></div>"
    ).css("div.head")[0]
    kw = {"classed": ("p.nothing",), "exclude": re.compile("meta"), "skip": lambda t: t.startswith("Skip")}
    assert head_lede(head, title="The title is long", **kw) == "This is the real lede"
    assert head_lede(head, title="x", **kw) == "The title is long"
    assert head_lede(head, title="x", min_words=6, **kw) is None
    assert head_lede(head, title="x", min_words=5, **kw) == "This is the real lede"


def test_head_lede_classed_first_and_min_words_bound():
    head = _sel("<div class='h'><p>one two three four</p><div class='sub'>a b c d</div></div>").css("div.h")[
        0
    ]
    assert head_lede(head, classed=(".sub",), exclude=re.compile("zzz"), title=None) == "a b c d"
    assert head_lede(head, classed=(".sub",), exclude=re.compile("zzz"), title=None, min_words=5) is None


def test_subtitle_from_description():
    assert subtitle_from_description("Desc.", ["Body."], "T") == "Desc."
    assert subtitle_from_description("", ["Body."], "T") is None
    assert subtitle_from_description("T", ["Body."], "T") is None
    assert subtitle_from_description("S", [], None, skip=lambda t: True) is None
    assert subtitle_from_description("Body.", ["Body."], None) is None
    assert subtitle_from_description("Body first part...", ["Body first part and more."], None) is None
    assert subtitle_from_description("Body first part …", ["Body first part and more."], None) is None
    assert subtitle_from_description("Body long", ["Body"], None) is None
    assert subtitle_from_description("Desc", [], None) == "Desc"


class _Generic:
    def __init__(self, values: dict) -> None:
        self.values = values

    def field(self, name: str):
        return self.values.get(name)


def test_fallbacks_fill_and_pair():
    fb = Fallbacks(_Generic({"title": "G", "body": []}))
    assert fb.fill("title", "Own") == "Own"
    assert fb.fill("title", None) == "G"
    assert fb.fill("body", []) == []
    assert fb.fill("tags", None) is None
    assert fb.names == ["title"]
    assert fb.pair("authors", ([], "AFP")) == ([], "AFP")
    assert fb.pair("published_at", (None, "m")) == (None, "m")
    assert fb.pair("x", (None, "src")) == (None, "src")
    assert fb.pair("published_at", ("p", None)) == ("p", None)
    assert fb.names == ["title", "authors", "published_at"]


def test_figure_images_resolve_against_the_page_and_fold_site_hosts():
    s = _sel(
        "<div class='s'><figure><img src='pic.jpg'><span>Photo</span><figcaption>Cap</figcaption></figure>"
        "<figure><img src='https://cdn.s.example/c.jpg'></figure></div>"
    )
    out = figure_images(
        s.css("div.s")[0], junk_css="aside", page_url=PAGE, base_url=BASE, hosts_suffix="s.example"
    )
    assert out == [
        {"url": "https://s.example/world/pic.jpg", "caption": "Cap", "credit": None},
        {"url": "https://s.example/c.jpg", "caption": None, "credit": None},
    ]


def test_figure_images_fallback_resolves_against_the_page_and_folds_site_hosts():
    scope = _sel("<div class='s'><p>x</p></div>").css("div.s")[0]
    out = figure_images(scope, junk_css="aside", page_url=PAGE, base_url=BASE, ld={"image": "lead.jpg"})
    assert out == [{"url": "https://s.example/world/lead.jpg", "caption": None, "credit": None}]
    out = figure_images(scope, junk_css="aside", page_url=PAGE, base_url=BASE, hosts_suffix="s.example",
                        metas={"og:image": "https://img.s.example/o.jpg"})  # fmt: skip
    assert out == [{"url": "https://s.example/o.jpg", "caption": None, "credit": None}]


BYLINE_KW = {"selectors": ("span.by",), "agencies": ("Reuters",)}


def test_read_byline_element_names_an_agency_without_parentheses():
    s = _sel("<div><span class='by'>Ann Lee, Reuters</span></div>")
    assert read_byline(s, None, {}, **BYLINE_KW) == (["Ann Lee"], "Reuters")


def test_read_byline_one_element_per_writer_reads_them_all():
    by = "".join(f"<span class='by'>{n}</span>" for n in ("Ann Lee", "Reuters", "Bo Kim", "Ann Lee"))
    s = _sel(f"<div>{by}</div>")
    kw = {**BYLINE_KW, "one_per_writer": ("span.by",)}
    assert read_byline(s, None, {}, **kw) == (["Ann Lee", "Bo Kim"], None)


def test_read_byline_json_ld_blank_name_skipped_and_first_source_kept():
    empty = _sel("<div></div>")
    ld = {"author": [{"@type": "Person", "name": " "}, "Ann Lee (AFP)", {"name": "Bo Kim (Reuters)"}]}
    assert read_byline(empty, ld, {}, **BYLINE_KW) == (["Ann Lee", "Bo Kim"], "AFP")


def test_read_byline_json_ld_organization_alone_is_the_source():
    empty = _sel("<div></div>")
    ld = {"author": [{"@type": "Organization", "name": "Reuters"}, {"@type": "Person", "name": "Cy Dee"}]}
    assert read_byline(empty, ld, {}, **BYLINE_KW) == (["Cy Dee"], "Reuters")


def test_read_byline_meta_author_agency_is_the_source():
    empty = _sel("<div></div>")
    assert read_byline(empty, {"author": []}, {"author": "Reuters"}, **BYLINE_KW) == ([], "Reuters")
    assert read_byline(empty, None, {}, **BYLINE_KW) == ([], None)


def test_head_lede_ignores_excluded_ancestors_above_the_head():
    page = _sel("<div class='meta-wrap'><form><div class='h'><p>A lede of five words</p></div></form></div>")
    head = page.css("div.h")[0]
    assert head_lede(head, classed=("p.x",), exclude=re.compile("meta"), title=None) == "A lede of five words"


def test_subtitle_from_description_skip_sees_the_description():
    assert subtitle_from_description("Ad: buy", ["Body."], None, skip=lambda t: t.startswith("Ad:")) is None
    assert subtitle_from_description("News", ["Body."], None, skip=lambda t: t.startswith("Ad:")) == "News"


def test_subtitle_from_description_stem_keeps_its_last_letters():
    # Only the trailing dots / ellipsis / spaces go: "IDX" stays "IDX", which the body does not start with.
    assert subtitle_from_description("Stocks slide on IDX...", ["Stocks slide on IDR news."], None) == (
        "Stocks slide on IDX..."
    )
    assert subtitle_from_description("Stocks slide on IDX\t…", ["Stocks slide on IDX today."], None) is None
