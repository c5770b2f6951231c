"""Exact values for the generic helpers in jpcrawl/pages/base.py and the classifier in detect.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from parsel import Selector

from jpcrawl.pages import base
from jpcrawl.pages.base import SiteProfile
from jpcrawl.pages.detect import PageKind, Signatures, classify_document
from tests.exact import parsed as _sel

# --- SiteProfile URL helpers ---


def _profile(**kw: object) -> SiteProfile:
    return SiteProfile(name="t", default_base_url="https://t.example/", **kw)  # type: ignore[arg-type]


def test_feed_sections_appends_extras_not_already_listed():
    p = _profile(sections=("a", "b"), extra_feed_sections=("b", "c"))
    assert p.feed_sections == ["a", "b", "c"]


def test_sitemap_and_login_url_strip_one_trailing_slash_of_base():
    p = _profile(sitemap_path="/s.xml", login_path="/in")
    assert p.sitemap_url() == "https://t.example/s.xml"
    assert p.sitemap_url("http://127.0.0.1:9/") == "http://127.0.0.1:9/s.xml"
    assert p.login_url() == "https://t.example/in"
    assert p.login_url("http://h:1") == "http://h:1/in"


def test_defaults():
    p = _profile()
    assert p.login_path == "/login"
    assert p.sitemap_path == "/sitemap.xml"
    assert p.listing_min_full == 1
    assert p.sitemap_kind("https://t.example/x.xml") == "news"
    assert p.fold_path("https://t.example/A") == "https://t.example/A"


def test_is_site_url_same_and_other_origin():
    p = _profile()
    assert p.is_site_url("https://t.example/a/b") is True
    assert p.is_site_url("/a/b") is True
    assert p.is_site_url("https://other.example/a") is False
    # Same host on another port folds onto the base origin (fold_site_url matches by host).
    assert p.is_site_url("https://t.example:8443/a") is True
    assert p.is_site_url("mailto:x@t.example") is False
    assert p.is_site_url("https://x.t.example/a") is False


def test_listing_url_not_implemented_names_the_class():
    with pytest.raises(NotImplementedError, match="SiteProfile does not say how its listings are paginated"):
        _profile().listing_url("https://t.example", "news")


def test_read_article_requires_an_override():
    with pytest.raises(NotImplementedError, match="SiteProfile: implement read_article or parse_article"):
        _profile().read_article("https://t.example/a", "<p>x</p>")


def test_read_article_wraps_parse_article_override():
    class P(SiteProfile):
        def parse_article(self, url, html, base_url=None, errors=None):  # type: ignore[override]
            return None

    page = P(name="p", default_base_url="https://p.example").read_article("u", "h")
    assert page.article is None
    assert page.fallbacks == ()


# --- make_selector / note_error / attr ---


def test_make_selector_none_and_blank():
    assert base.make_selector(None) is None
    assert base.make_selector("") is None
    assert base.make_selector(" \n\t ") is None
    assert base.make_selector(b"   ") is None


def test_make_selector_passes_selector_through():
    s = Selector(text="<p>x</p>")
    assert base.make_selector(s) is s


def test_make_selector_decodes_bytes_and_strips_control_chars():
    s = _sel(b"<p title='a\x01b'>c\x00d\x7fe</p>")
    assert s.css("p::attr(title)").get() == "ab"
    assert s.css("p::text").get() == "cde"


def test_make_selector_bad_utf8_is_replaced():
    s = base.make_selector(b"<p>a\xffb</p>")
    assert s is not None
    assert s.css("p::text").get() == "a\ufffdb"


def test_note_error_counts_and_ignores_none():
    errs: dict[str, int] = {}
    base.note_error(errs, "x")
    base.note_error(errs, "x")
    base.note_error(errs, "y")
    assert errs == {"x": 2, "y": 1}
    base.note_error(None, "x")  # no counter: no error


def test_attr_reads_selector_and_element_and_missing():
    s = _sel('<a href="/h" data-x="1">t</a>').css("a")[0]
    assert base.attr(s, "href") == "/h"
    assert base.attr(s.root, "data-x") == "1"
    assert base.attr(s, "nope") is None
    assert base.attr(None, "href") is None
    assert base.attr("text", "href") is None


def test_attr_names():
    s = _sel('<a href="/h" class="c">t</a>').css("a")[0]
    assert base.attr_names(s) == ["href", "class"]
    assert base.attr_names(None) == []


def test_drop_keeps_tail_and_skips_root():
    s = _sel("<div><p>a<b>x</b>tail</p></div>")
    base.drop(s.css("b"))
    assert s.css("p").xpath("string()").get() == "atail"
    root = s.css("html")
    base.drop(root)  # the root has no parent: left alone
    assert s.css("p").xpath("string()").get() == "atail"


# --- node_text / raw_text ---


def test_node_text_inline_and_block_spacing():
    s = _sel("<div>told <i>The Daily</i> in<p>next</p>after<br>br</div>")
    assert base.node_text(s.css("div")[0]) == "told The Daily in next after br"


def test_raw_text_keeps_block_spaces_and_skips_scripts():
    s = _sel("<div> a<p>b</p><script>x</script>c<!-- k -->d<span>e</span></div>")
    assert base.raw_text(s.css("div")[0]) == " a b cde"


def test_raw_text_top_block_gets_no_outer_spaces_and_no_tail():
    s = _sel("<section><p>x</p>tail</section>")
    assert base.raw_text(s.css("p")[0]) == "x"


def test_raw_text_none_and_str():
    assert base.raw_text(None) == ""
    assert base.raw_text("as is ") == "as is "
    assert base.node_text("  a   b ") == "a b"


def test_non_text_tags_skipped_tail_kept():
    s = _sel("<div>a<button>B</button>b<svg><text>S</text></svg>c<noscript>N</noscript>d</div>")
    assert base.node_text(s.css("div")[0]) == "abcd"


def test_class_tokens():
    s = _sel('<p class=" a  b ">x</p><i>y</i>')
    assert base.class_tokens(s.css("p")[0]) == ["a", "b"]
    assert base.class_tokens(s.css("i")[0].root) == []
    assert base.class_tokens(None) == []


# --- meta ---


META = (
    "<html><head>"
    '<meta name="Description" content="  first   one ">'
    '<meta name="description" content="second">'
    '<meta property="og:title" content="">'
    '<meta property="og:title" content="OG">'
    '<meta itemprop="datePublished" content="2026">'
    '<meta name="a" property="b" content="name wins">'
    '<meta content="nameless">'
    "</head><body></body></html>"
)


def test_meta_map_exact():
    assert base.meta_map(_sel(META)) == {
        "description": "first one",
        "og:title": "OG",
        "datepublished": "2026",
        "a": "name wins",
    }


def test_meta_content_order_and_case():
    s = _sel(META)
    assert base.meta_content(s, "missing", "OG:Title", "description") == "OG"
    assert base.meta_content(s, "missing") is None
    assert base.meta_content({"x": ""}, "x") is None
    assert base.meta_content({"x": "v"}, "X") == "v"


def test_meta_contains():
    s = _sel(
        '<meta name="Article:Tag" content=" t1 "><meta property="article:tag" content="t2"><meta name="x">'
    )
    assert base.meta_contains(s, "ARTICLE:") == [("article:tag", "t1"), ("article:tag", "t2")]


# --- JSON-LD ---


def _ld(*blocks: str, type_: str = "application/ld+json") -> Selector:
    return _sel("".join(f'<script type="{type_}">{b}</script>' for b in blocks) + "<p>x</p>")


def test_load_json_comment_wrapped_and_trailing_commas():
    assert base.load_json_ld(' <!--{"a": [1, 2,], }--> ') == {"a": [1, 2]}
    assert base.load_json_ld("nope") is None
    assert base.load_json_ld('{"a": "line\nbreak"}') == {"a": "line\nbreak"}


def test_json_ld_objects_graph_and_lists_and_type_case():
    s = _ld(
        '{"@graph": [{"@type": "A"}, [{"@type": "B"}]]}',
        "broken{",
        '[{"@type": "C"}]',
        type_="Application/LD+JSON",
    )
    assert [o.get("@type") for o in base.json_ld_objects(s)] == [None, "A", "B", "C"]


def test_walk_ld_depth_limit():
    deep: object = {"@type": "X"}
    for _ in range(6):
        deep = [deep]
    assert list(base._walk_ld(deep)) == [{"@type": "X"}]
    assert list(base._walk_ld([deep])) == []


def test_ld_types():
    assert base.ld_types({"@type": "A"}) == {"A"}
    assert base.ld_types({"@type": ["A", 1, "B"]}) == {"A", "B"}
    assert base.ld_types({"@type": 3}) == set()
    assert base.ld_types({}) == set()


def test_json_ld_article_first_article_typed():
    s = _ld(
        '{"@type": "WebPage", "n": 0}',
        '{"@type": ["Thing", "BlogPosting"], "n": 1}',
        '{"@type": "NewsArticle"}',
    )
    assert base.json_ld_article(s) == {"@type": ["Thing", "BlogPosting"], "n": 1}
    assert base.json_ld_article(_ld('{"@type": "WebPage"}')) is None


def test_ld_str():
    assert base.ld_str("s") == "s"
    assert base.ld_str(True) is None
    assert base.ld_str(3) == "3"
    assert base.ld_str(1.5) == "1.5"
    assert base.ld_str({"@value": "v", "name": "n"}) == "v"
    assert base.ld_str({"name": "n", "url": "u"}) == "n"
    assert base.ld_str({"url": "u", "@id": "i"}) == "u"
    assert base.ld_str({"@id": "i"}) == "i"
    assert base.ld_str({"name": 1}) is None
    assert base.ld_str([None, "", {"name": "x"}]) == "x"
    assert base.ld_str([]) is None
    assert base.ld_str(None) is None


def test_ld_names():
    assert base.ld_names("A") == [("A", "")]
    assert base.ld_names([{"name": "B", "@type": "Person"}, {"name": "C", "@type": ["X"]}, {"x": 1}, 5]) == [
        ("B", "Person"),
        ("C", ""),
    ]


def test_ld_image_urls():
    assert base.ld_image_urls("u") == ["u"]
    assert base.ld_image_urls(
        [{"url": "a", "contentUrl": "b"}, {"contentUrl": "b"}, {"@id": "c"}, {"url": 1}, 2]
    ) == [
        "a",
        "b",
        "c",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (" TRUE ", True),
        ("1", True),
        ("yes", True),
        ("False", False),
        ("0", False),
        ("no", False),
        ("maybe", None),
        (1, None),
        (None, None),
    ],
)
def test_ld_bool(value, expected):
    assert base.ld_bool(value) is expected


def test_fixed_offset():
    tz = base.fixed_offset(7, 30)
    assert tz.utcoffset(None) == timedelta(hours=7, minutes=30)
    assert base.fixed_offset(-3).utcoffset(None) == timedelta(hours=-3)


# --- detect.classify_document ---

SIG = Signatures(interstitial="div.gate", article=("article",), listing_item=("li.item",),
                 listing_container=("ul.list",), interstitial_max_chars=5)  # fmt: skip


def _classify(html: str, paywalled: bool = False) -> PageKind:
    return classify_document(
        _sel(html),
        SIG,
        is_article=lambda s: bool(s.css("article")),
        is_paywalled=lambda s: paywalled,
    )


def test_classify_none_is_empty():
    assert (
        classify_document(None, SIG, is_article=lambda s: True, is_paywalled=lambda s: False)
        is PageKind.EMPTY
    )


def test_interstitial_at_exact_char_limit():
    assert _classify("<body><div class='gate'>long gate text here</div>12345</body>") is PageKind.INTERSTITIAL


def test_interstitial_one_char_over_limit_is_empty():
    assert _classify("<body><div class='gate'>g</div>123456</body>") is PageKind.EMPTY


def test_interstitial_counts_tails_and_skips_scripts():
    html = (
        "<body><div class='gate'>g</div><span>12</span>34<script>xxxxxxxx</script><style>yyyy</style>5</body>"
    )
    assert _classify(html) is PageKind.INTERSTITIAL
    html = "<body><div class='gate'>g</div><span>12</span>34<b>x</b>56</body>"
    assert _classify(html) is PageKind.EMPTY


def test_interstitial_block_with_article_is_article():
    assert _classify("<body><div class='gate'>g</div><article>a</article></body>") is PageKind.ARTICLE


def test_interstitial_block_with_listing_is_listing():
    assert _classify("<body><div class='gate'>g</div><ul class='list'></ul></body>") is PageKind.LISTING
    assert _classify("<body><div class='gate'>g</div><li class='item'>x</li></body>") is PageKind.LISTING


def test_article_paywalled():
    assert _classify("<body><article>a</article></body>", paywalled=True) is PageKind.PAYWALLED
    assert _classify("<body><article>a</article><ul class='list'></ul></body>") is PageKind.ARTICLE


def test_no_markers_is_empty():
    assert _classify("<body><p>just text that is long</p></body>") is PageKind.EMPTY


def test_page_kind_values():
    assert [k.value for k in PageKind] == ["article", "listing", "interstitial", "paywalled", "empty"]
    assert Signatures(interstitial="x").interstitial_max_chars == 200


# --- more exact branches ---


def test_canonical_url_unusable_input_returned_stripped():
    p = _profile()
    assert p.canonical_url("  mailto:x@t.example ") == "mailto:x@t.example"
    assert p.canonical_url(None) == ""  # type: ignore[arg-type]
    assert p.canonical_url("/a#frag") == "https://t.example/a"
    assert p.canonical_url("/a", "http://127.0.0.1:9") == "http://127.0.0.1:9/a"


def test_canonical_url_goes_through_fold_path():
    class P(SiteProfile):
        def fold_path(self, url: str) -> str:
            return url + "!"

    p = P(name="p", default_base_url="https://p.example")
    assert p.canonical_url("/x") == "https://p.example/x!"
    assert p.canonical_url("javascript:void(0)") == "javascript:void(0)"


def test_is_site_url_with_explicit_base_and_suffix():
    p = _profile(site_hosts_suffix=".t.example")
    assert p.is_site_url("http://127.0.0.1:9/a", "http://127.0.0.1:9/") is True
    assert p.is_site_url("https://t.example/a", "http://127.0.0.1:9") is True  # a site host folds onto base
    assert p.is_site_url("https://other.example/a", "http://127.0.0.1:9") is False
    assert p.is_site_url("https://x.t.example/a") is True
    assert p.is_site_url("https://x.example/t.example") is False


def test_parse_article_passes_every_argument_to_read_article():
    seen: list[tuple] = []

    class P(SiteProfile):
        def read_article(self, url, html, base_url=None, errors=None):  # type: ignore[override]
            seen.append((url, html, base_url, errors))
            return base.ArticlePage(None, ("x",))

    errs: dict[str, int] = {}
    assert P(name="p", default_base_url="d").parse_article("u", "h", "b", errs) is None
    assert seen == [("u", "h", "b", errs)]
    assert seen[0][3] is errs


def test_read_article_passes_every_argument_to_parse_article():
    seen: list[tuple] = []

    class P(SiteProfile):
        def parse_article(self, url, html, base_url=None, errors=None):  # type: ignore[override]
            seen.append((url, html, base_url, errors))
            return None

    errs: dict[str, int] = {}
    page = P(name="p", default_base_url="d").read_article("u", "h", "b", errs)
    assert page == base.ArticlePage(None, ())
    assert seen == [("u", "h", "b", errs)]
    assert seen[0][3] is errs


@pytest.mark.parametrize("method", ["classify", "is_article_url"])
def test_unimplemented_parsers_raise(method):
    p = _profile()
    with pytest.raises(NotImplementedError):
        getattr(p, method)("u", "h") if method == "classify" else getattr(p, method)("u")


def test_unimplemented_listing_login_parsers_raise():
    p = _profile()
    with pytest.raises(NotImplementedError):
        p.parse_listing("u", "h")
    with pytest.raises(NotImplementedError):
        p.parse_login_form("u", "h")
    with pytest.raises(NotImplementedError):
        p.is_logged_in("h")


def test_drop_ignores_text_nodes():
    s = _sel("<div><p>keep</p></div>")
    base.drop(s.xpath("//p/text()"))
    assert s.css("p::text").get() == "keep"


def test_drop_removes_every_node():
    s = _sel("<div><b>1</b>a<b>2</b>b</div>")
    base.drop(s.css("b"))
    assert s.css("div").xpath("string()").get() == "ab"


def test_raw_text_of_a_non_text_element_is_empty():
    s = _sel("<div><script>code</script>tail</div>")
    assert base.raw_text(s.css("script")[0]) == ""


def test_raw_text_nested_blocks_each_get_spaces():
    s = _sel("<div>a<div>b<p>c</p>d</div>e</div>")
    assert base.raw_text(s.css("div")[0]) == "a b c d e"


def test_meta_map_property_and_itemprop_fallback_order():
    s = _sel(
        '<meta property="P" itemprop="i" content="p"><meta itemprop="Only" content="o">'
        '<meta name="" content="x">'
    )
    assert base.meta_map(s) == {"p": "p", "only": "o"}


def test_meta_contains_uses_property_and_keeps_empty_content():
    s = _sel('<meta property="og:tag" content=""><meta itemprop="og:tag" content="z"><meta name="og:tag">')
    assert base.meta_contains(s, "tag") == [("og:tag", ""), ("og:tag", "")]


def test_load_json_exact_forms():
    assert base.load_json_ld('<!--{"a":1}-->') == {"a": 1}
    assert base.load_json_ld('{"a":1}-->') == {"a": 1}
    assert base.load_json_ld('<!--{"a":1}') == {"a": 1}
    assert base.load_json_ld('{"a":"x\ny",}') == {"a": "x\ny"}
    assert base.load_json_ld("[1 ,\n ]") == [1]
    assert base.load_json_ld("") is None


def test_walk_ld_graph_chain_depth_limit():
    obj: dict = {"@type": "L6"}
    for i in range(5, -1, -1):
        obj = {"@type": f"L{i}", "@graph": obj}
    assert [o["@type"] for o in base._walk_ld(obj)] == ["L0", "L1", "L2", "L3", "L4", "L5", "L6"]
    assert [o["@type"] for o in base._walk_ld({"@type": "top", "@graph": obj})] == [
        "top", "L0", "L1", "L2", "L3", "L4", "L5"
    ]  # fmt: skip


def test_walk_ld_null_graph_and_scalars():
    assert list(base._walk_ld({"@graph": None})) == [{"@graph": None}]
    assert list(base._walk_ld([1, "x", None])) == []


def test_interstitial_ignores_head_text():
    html = (
        "<html><head><title>a long title that is not body text</title></head>"
        "<body><div class='gate'>g</div>12</body></html>"
    )
    assert _classify(html) is PageKind.INTERSTITIAL


def test_is_site_url_compares_the_origin_of_a_base_with_a_path():
    p = _profile()
    assert p.is_site_url("https://t.example/x/y", "https://t.example/news/world/")
    assert not p.is_site_url("https://other.example/news/world/", "https://t.example/news/world/")


def test_json_ld_keeps_raw_control_characters_inside_strings():
    # Publishers paste headlines with a literal tab or line break inside the JSON string.
    assert base.load_json_ld('{"headline": "Line one\nline\ttwo"}') == {"headline": "Line one\nline\ttwo"}
    assert base.load_json_ld('{"k": ["a\nb",]}') == {"k": ["a\nb"]}


def test_meta_readers_ignore_rdfa_attributes_on_body_elements():
    sel = _sel(
        "<head><meta property='og:title' content='Head title'>"
        "<meta http-equiv='X-UA-Compatible' content='IE=edge'></head>"
        "<body><span property='og:description' content='RDFa, not a meta tag'>x</span>"
        "<span property='og:title' content='body title'>y</span></body>"
    )
    assert base.meta_map(sel) == {"og:title": "Head title"}
    assert base.meta_contains(sel, "og:") == [("og:title", "Head title")]
    assert base.meta_contains(sel, "x") == []


def test_a_bodiless_refresh_page_is_an_interstitial():
    # A meta-refresh gate has no <body> at all: its visible text is counted from the document root.
    sig = Signatures(interstitial="meta[http-equiv='refresh']", interstitial_max_chars=3)
    html = "<html><head><meta http-equiv='refresh' content='0;url=/'><title>{}</title></head></html>"
    kinds = [
        classify_document(_sel(html.format(t)), sig, is_article=lambda s: False, is_paywalled=lambda s: False)
        for t in ("abc", "abcd")
    ]
    assert kinds == [PageKind.INTERSTITIAL, PageKind.EMPTY]


def test_signatures_without_listing_markers_classify_without_error():
    sig = Signatures(interstitial="div.gate", article=("article",))
    sel = _sel("<article><h1>t</h1></article>")
    assert classify_document(sel, sig, is_article=lambda s: True, is_paywalled=lambda s: False) == (
        PageKind.ARTICLE
    )
    assert classify_document(
        _sel("<p>x</p>"), sig, is_article=lambda s: False, is_paywalled=lambda s: False
    ) == (PageKind.EMPTY)


def test_base_urls_keep_everything_but_trailing_slashes():
    # An operator's base URL is used as written (an upper-case host is legal), only its slashes dropped.
    p = _profile(sitemap_path="/s.xml", login_path="/in")
    assert p.sitemap_url("https://MAILBOX//") == "https://MAILBOX/s.xml"
    assert p.login_url("https://MAILBOX/") == "https://MAILBOX/in"


def test_class_words():
    assert base.class_words(_sel("<p class='article__dek Story-Lede x_y'>t</p>").css("p")[0].root) == {
        "article", "dek", "story", "lede", "x", "y"}  # fmt: skip
    assert base.class_words(_sel("<p>t</p>").css("p")[0].root) == {""}
