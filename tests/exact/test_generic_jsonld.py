"""Exact values for the generic JSON-LD reader (jpcrawl/pages/generic/jsonld.py)."""

from __future__ import annotations

import json

from jpcrawl.pages.base import load_json_ld, make_selector
from jpcrawl.pages.generic.jsonld import (
    MAX_BLOCKS,
    MAX_DEPTH,
    LdAuthor,
    LdGraph,
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
