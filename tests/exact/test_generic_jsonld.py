"""Exact values for the generic JSON-LD reader (jpcrawl/pages/generic/jsonld.py)."""

from __future__ import annotations

import json

import pytest

from jpcrawl.pages.base import load_json_ld, make_selector
from jpcrawl.pages.generic.jsonld import (
    MAX_BLOCK_CHARS,
    MAX_BLOCKS,
    MAX_DEPTH,
    MAX_NODES,
    LdAuthor,
    LdGraph,
    _text,
    _url,
    has_article_type,
    ld_blocks,
    ld_nodes,
    ld_site_name,
    read_ld_article,
    types_of,
)


def _sel(*blocks: object, raw: str = ""):
    scripts = "".join(
        f'<script type="application/ld+json">{b if isinstance(b, str) else json.dumps(b)}</script>'
        for b in blocks
    )
    s = make_selector(f"<html><head>{scripts}{raw}</head><body><p>x</p></body></html>")
    assert s is not None
    return s


def test_load_forms():
    assert load_json_ld('<!--{"a":1}-->') == {"a": 1}
    assert load_json_ld('{"a":[1,],}') == {"a": [1]}
    assert load_json_ld('{"a":"x\ny"}') == {"a": "x\ny"}
    assert load_json_ld("nope") is None
    assert load_json_ld("[" * 100000 + "]" * 100000) is None


def test_ld_blocks_skips_bad_empty_and_other_types():
    s = _sel({"a": 1}, "bad{", "", raw='<script type="text/javascript">{"b": 2}</script>'
             '<script type="APPLICATION/LD+JSON">[3]</script>')  # fmt: skip
    assert ld_blocks(s) == [{"a": 1}, [3]]


def test_ld_blocks_count_bound():
    s = _sel(*[{"n": i} for i in range(MAX_BLOCKS + 1)])
    blocks = ld_blocks(s)
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1] == {"n": MAX_BLOCKS - 1}


def test_ld_nodes_document_order_and_nesting():
    nodes = ld_nodes([{"n": 1, "c": {"n": 2, "d": [{"n": 3}]}, "e": {"n": 4}}, [{"n": 5}]])
    assert [n["n"] for n in nodes] == [1, 2, 3, 4, 5]


def test_ld_nodes_depth_bound():
    obj: dict = {"n": MAX_DEPTH}
    for i in range(MAX_DEPTH - 1, -1, -1):
        obj = {"n": i, "c": obj}
    assert [n["n"] for n in ld_nodes([obj])] == list(range(MAX_DEPTH + 1))
    assert [n["n"] for n in ld_nodes([[obj]])] == list(range(MAX_DEPTH))


def test_types_of():
    assert types_of({"@type": "schema:NewsArticle"}) == {"NewsArticle"}
    assert types_of({"@type": ["https://schema.org/Article", "", 3, "a#B"]}) == {"Article", "B"}
    assert types_of({}) == set()


def test_graph_by_id_fullest_wins_and_stub_ignored():
    full = {"@id": "#a", "name": "A", "url": "u"}
    g = LdGraph([{"@id": "#a"}, {"@id": "#a", "name": "short"}, full, {"@id": "#a", "name": "B"}])
    assert g.by_id == {"#a": full}
    assert g.resolve({"@id": "#a"}) is full
    assert g.resolve({"@id": "#a", "name": "own", "x": 1}) == {"@id": "#a", "name": "own", "x": 1}
    assert g.resolve({"@id": "#a", "x": 1}) is full
    assert g.resolve({"@id": "#missing"}) == {"@id": "#missing"}
    assert g.resolve(full) is full
    assert g.resolve("s") == "s"
    assert g.items(None) == []
    assert g.items([{"@id": "#a"}, None, "x"]) == [full, "x"]


def test_article_node_most_fields_first_on_tie():
    a = {"@type": "Article", "headline": "a"}
    b = {"@type": "NewsArticle", "headline": "b", "author": "x"}
    c = {"@type": "BlogPosting", "headline": "c", "image": "i"}
    d = {"@type": "WebPage", "headline": "d", "author": "x", "image": "i"}
    assert LdGraph([a, b, c, d]).article_node() is b
    assert LdGraph([{"@type": "Article"}]).article_node() == {"@type": "Article"}
    assert LdGraph([d]).article_node() is None
    assert has_article_type(LdGraph([d])) is False


def test_read_ld_article_fields():
    s = _sel(
        {
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "headline": " H &amp; h ",
                    "author": [
                        "Ann",
                        "https://s.example/bob",
                        {"@id": "#p"},
                        {"@type": "NewsMediaOrganization", "name": "Org"},
                        {"@type": "Thing", "name": "T"},
                        {"name": "Bare"},
                        {"@type": "Person", "name": ""},
                    ],
                    "image": [{"url": " /a.jpg "}, "data:x", {"contentUrl": "/b.jpg"}, "/a.jpg"],
                    "thumbnailUrl": "/t.jpg",
                    "keywords": ["k1, k2", {"name": "k3"}, 5, "k1"],
                    "articleSection": ["World", "", "World"],
                    "mainEntityOfPage": {"@id": "#page"},
                    "publisher": {"@id": "#org"},
                    "isAccessibleForFree": "False",
                },
                {"@id": "#p", "@type": "Person", "name": "Pat", "url": "https://s.example/pat"},
                {
                    "@id": "#page",
                    "@type": "WebPage",
                    "description": "Page desc",
                    "datePublished": "2026-01-01",
                    "dateModified": "2026-01-02",
                    "inLanguage": "id",
                    "url": "https://s.example/page",
                },
                {"@id": "#org", "@type": "Organization", "name": "The Org"},
            ]
        }
    )
    a = read_ld_article(s)
    assert a is not None
    assert a.types == {"NewsArticle"}
    assert a.headline == "H & h"
    assert a.authors == [
        LdAuthor("Ann"),
        LdAuthor("Pat", "Person", "https://s.example/pat"),
        LdAuthor("Org", "Organization"),
        LdAuthor("T", "Thing"),
        LdAuthor("Bare", ""),
    ]
    assert a.images == ["/a.jpg", "/b.jpg", "/t.jpg"]
    assert a.keywords == ["k1", "k2", "k3", "5"]
    assert a.sections == ["World"]
    assert a.description == "Page desc"
    assert a.date_published == "2026-01-01"
    assert a.date_modified == "2026-01-02"
    assert a.language == "id"
    assert a.publisher == "The Org"
    assert a.is_free is False


def test_read_ld_article_own_values_win():
    s = _sel(
        {
            "@type": "Article",
            "name": "Name",
            "description": "Own",
            "datePublished": "2026-03-03",
            "url": " https://s.example/a ",
            "inLanguage": "en",
            "publisher": "Pub",
            "isPartOf": {"description": "part", "inLanguage": "fr", "datePublished": "2000-01-01"},
        }
    )
    a = read_ld_article(s)
    assert a is not None
    assert a.headline == "Name"
    assert a.description == "Own"
    assert a.date_published == "2026-03-03"
    assert a.date_modified is None
    assert a.url == "https://s.example/a"
    assert a.language == "en"
    assert a.publisher == "Pub"
    assert a.is_free is None


def test_read_ld_article_is_part_of_fallback():
    s = _sel({"@type": "Article", "isPartOf": {"description": "part", "inLanguage": "fr"}})
    a = read_ld_article(s)
    assert a is not None
    assert (a.description, a.language, a.headline, a.url) == ("part", "fr", None, None)


def test_read_ld_article_none():
    assert read_ld_article(_sel({"@type": "WebPage"})) is None


def test_ld_site_name():
    assert (
        ld_site_name(LdGraph([{"@type": "WebSite", "name": ""}, {"@type": "WebSite", "name": "Site"}]))
        == "Site"
    )
    g = LdGraph([{"@type": "Article", "publisher": {"name": "Pub"}}])
    assert ld_site_name(g) == "Pub"
    assert ld_site_name(LdGraph([{"@type": "Article", "publisher": "P"}])) is None
    assert ld_site_name(LdGraph([])) is None


def test_ld_blocks_reads_script_elements_only():
    s = _sel(raw='<link rel="alternate" type="application/ld+json" href="/a.jsonld">'
             '<template type="application/ld+json">{"t": 1}</template>')  # fmt: skip
    assert ld_blocks(s) == []


def test_ld_blocks_size_bound():
    body = "x" * (2_000_000 - len('{"a":""}'))
    assert MAX_BLOCK_CHARS == 2_000_000
    assert ld_blocks(_sel('{"a":"' + body + '"}')) == [{"a": body}]
    assert ld_blocks(_sel('{"a":"' + body + 'x"}')) == []


def test_ld_nodes_count_bound():
    nodes = ld_nodes([{"n": "top", "list": [{"n": i} for i in range(MAX_NODES)]}])
    assert len(nodes) == 2000
    assert nodes[-1] == {"n": 1998}


def test_ld_nodes_too_deep_object_does_not_end_the_walk():
    obj: dict = {"n": MAX_DEPTH}
    for i in range(MAX_DEPTH - 1, -1, -1):
        obj = {"n": i, "c": obj}
    nodes = ld_nodes([[obj], {"n": "after"}])
    assert [n["n"] for n in nodes] == [*range(MAX_DEPTH), "after"]


def test_graph_by_id_needs_a_string_id_and_a_field():
    two = {"@id": "#c", "name": "C"}
    g = LdGraph([{"@id": 5, "name": "x"}, {"name": "no id", "url": "u"}, {"@id": "#b"}, two])
    assert g.by_id == {"#c": two}


def test_graph_by_id_first_of_equal_size_wins():
    first = {"@id": "#a", "name": "A"}
    assert LdGraph([first, {"@id": "#a", "name": "B"}]).by_id == {"#a": first}


def test_resolve_a_two_key_reference_with_a_name():
    full = {"@id": "#a", "@type": "Person", "name": "Ann Lee", "url": "u"}
    g = LdGraph([full])
    assert g.resolve({"@id": "#a", "name": "Ann"}) is full


def test_items_bound():
    assert LdGraph([]).items(list(range(101))) == list(range(100))


@pytest.mark.parametrize("key", ["headline", "datePublished", "author", "articleBody", "image"])
def test_article_node_each_field_counts(key):
    plain = {"@type": "Article"}
    fuller = {"@type": "Article", key: "x"}
    assert LdGraph([plain, fuller]).article_node() is fuller


def test_article_node_none_without_article():
    assert LdGraph([{"@type": "WebPage"}]).article_node() is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"@value": "2026-01-01", "@type": "Date"}, "2026-01-01"),
        ({"text": "T"}, "T"),
        ({"name": "Tom &amp; Jerry"}, "Tom & Jerry"),
        (["", "x"], "x"),
        ([""] * 20 + ["x"], None),
        (True, None),
        (3, "3"),
    ],
)
def test_text_forms(value, text):
    assert _text(value) == text


def test_url_forms():
    assert _url({"@id": "https://s.example/i.jpg"}) == "https://s.example/i.jpg"
    assert _url({"url": " ", "contentUrl": "/c.jpg"}) == "/c.jpg"
    assert _url(5) is None


def test_read_ld_article_author_forms():
    node = {
        "@type": "NewsArticle",
        "author": [
            "Tom &amp; Jerry",
            "http://s.example/ann",
            {"@type": "Organization", "name": "Wire"},
            {"@type": ["Person", "Journalist"], "name": "Pat", "url": ["not", "a", "string"]},
            {"@type": ["Thing", "Agent"], "name": "Al"},
            {"@type": ["Organization", "Corporation"], "name": "Corp"},
        ],
    }
    a = read_ld_article(_sel(node))
    assert a is not None
    assert a.authors == [
        LdAuthor("Tom & Jerry"),
        LdAuthor("Wire", "Organization"),
        LdAuthor("Pat", "Person"),
        LdAuthor("Al", "Agent"),
        LdAuthor("Corp", "Organization"),
    ]


def test_read_ld_article_author_bound():
    a = read_ld_article(_sel({"@type": "Article", "author": [f"Writer {i}" for i in range(51)]}))
    assert a is not None
    assert [x.name for x in a.authors] == [f"Writer {i}" for i in range(50)]


def test_read_ld_article_url_modified_publisher_raw():
    node = {
        "@type": "Article",
        "mainEntityOfPage": "https://s.example/a",
        "dateModified": "2026-05-05",
        "publisher": {"@type": "Organization", "name": ["The Org", "Org"]},
    }
    a = read_ld_article(_sel(node))
    assert a is not None
    assert (a.url, a.date_modified, a.publisher) == ("https://s.example/a", "2026-05-05", "The Org")
    assert a.raw == node
