"""The article among a page's JSON-LD: plain objects, lists, `@graph`s, with `@id` references resolved.

Yoast-style graphs hold the article, the web page, the author (Person), the publisher and the image as
separate nodes joined by `{"@id": ...}` references; every node of every JSON-LD block of the page is
indexed by `@id`, so a reference from one block to another resolves too. Work is bounded (hostile pages):
at most MAX_BLOCKS script blocks of MAX_BLOCK_CHARS each, MAX_NODES objects, MAX_DEPTH nesting levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from jpcrawl.pages.base import ld_bool, load_json_ld
from jpcrawl.processors import clean_text, dedupe, split_keywords

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
     "BlogPosting", "AdvertiserContentArticle", "ReviewNewsArticle", "BackgroundNewsArticle",
     "LiveBlogPosting",
     "Report", "ScholarlyArticle", "SatiricalArticle", "TechArticle", "Blog"}
)  # fmt: skip
MAX_BLOCKS = 20
MAX_BLOCK_CHARS = 2_000_000
MAX_NODES = 2000
MAX_DEPTH = 10


@dataclass
class LdAuthor:
    name: str
    type: str = ""  # "Person", "Organization" or "" (a bare string)
    url: str | None = None


@dataclass
class LdArticle:
    """The fields jpcrawl reads from an article object (raw strings: dates are parsed by the caller)."""

    types: set[str]
    headline: str | None = None
    description: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    authors: list[LdAuthor] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    is_free: bool | None = None
    url: str | None = None
    language: str | None = None
    publisher: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def ld_blocks(sel: Selector) -> list[Any]:
    """Parsed JSON of the page's ld+json scripts (bad blocks skipped)."""
    out: list[Any] = []
    for el in sel.root.iter("script"):
        if len(out) >= MAX_BLOCKS:
            break
        if "ld+json" not in (el.get("type") or "").lower():
            continue
        text = el.text
        if not text or len(text) > MAX_BLOCK_CHARS:
            continue
        data = load_json_ld(text)
        if data is not None:
            out.append(data)
    return out


def ld_nodes(blocks: list[Any]) -> list[dict[str, Any]]:
    """Every object of the blocks (top level, list members, @graph members and nested objects), in document
    order, at most MAX_NODES, at most MAX_DEPTH deep."""
    out: list[dict[str, Any]] = []
    stack: list[tuple[Any, int]] = [(b, 0) for b in reversed(blocks)]
    while stack and len(out) < MAX_NODES:
        obj, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(obj, list):
            stack.extend((x, depth + 1) for x in reversed(obj[:MAX_NODES]))
        elif isinstance(obj, dict):
            out.append(obj)
            children = [v for v in obj.values() if isinstance(v, dict | list)]
            stack.extend((v, depth + 1) for v in reversed(children))
    return out


def types_of(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    # "schema:NewsArticle" and "https://schema.org/NewsArticle" name the same type.
    return {re.split(r"[/:#]", x)[-1] for x in items if isinstance(x, str) and x}


class LdGraph:
    """Every node of the page's JSON-LD, indexed by @id, with reference resolution."""

    def __init__(self, nodes: list[dict[str, Any]]):
        self.nodes = nodes
        self.by_id: dict[str, dict[str, Any]] = {}
        for node in nodes:
            ident = node.get("@id")
            if isinstance(ident, str) and len(node) > 1:
                # The fullest definition wins over a bare reference or a stub.
                prev = self.by_id.get(ident)
                if prev is None or len(node) > len(prev):
                    self.by_id[ident] = node

    @classmethod
    def of(cls, sel: Selector) -> LdGraph:
        return cls(ld_nodes(ld_blocks(sel)))

    def resolve(self, value: Any) -> Any:
        """A `{"@id": ...}` reference -> its node (one hop; nodes are never copied)."""
        if isinstance(value, dict):
            ident = value.get("@id")
            if isinstance(ident, str) and ident in self.by_id:
                node = self.by_id[ident]
                if node is not value and (len(value) <= 2 or "name" not in value):
                    return node
        return value

    def items(self, value: Any) -> list[Any]:
        """A value that may be one thing or a list of things, each resolved."""
        items = value if isinstance(value, list) else [value]
        return [self.resolve(x) for x in items[:100] if x is not None]

    def article_node(self) -> dict[str, Any] | None:
        """The article object: the article-typed node with the most article fields; a WebPage's
        mainEntity when it is one."""
        articles = [node for node in self.nodes if types_of(node) & ARTICLE_TYPES]
        # max() keeps the first of equals: document order breaks a tie.
        return max(articles, key=_article_score, default=None)


def _article_score(node: dict[str, Any]) -> int:
    return sum(k in node for k in ("headline", "datePublished", "author", "articleBody", "image"))


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return clean_text(value, entities=True)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        for key in ("@value", "name", "text"):
            if isinstance(value.get(key), str):
                return clean_text(value[key], entities=True)
    if isinstance(value, list):
        for item in value[:20]:
            s = _text(item)
            if s:
                return s
    return None


def _url(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "@id"):
            v = value.get(key)
            if isinstance(v, str) and v.strip():
                return v.strip()
    return None


def read_ld_article(sel: Selector, graph: LdGraph | None = None) -> LdArticle | None:
    """The page's article object, normalised; None when the page's JSON-LD holds no article."""
    graph = graph or LdGraph.of(sel)
    node = graph.article_node()
    if node is None:
        return None
    g = graph
    authors: list[LdAuthor] = []
    for item in g.items(node.get("author"))[:50]:
        if isinstance(item, str):
            name = clean_text(item, entities=True)
            if name and not name.startswith(("http://", "https://")):
                authors.append(LdAuthor(name))
        elif isinstance(item, dict):
            name = _text(item.get("name"))
            if name:
                types = types_of(item)
                typ = (
                    "Organization"
                    if types & {"Organization", "NewsMediaOrganization"}
                    else ("Person" if "Person" in types else min(types, default=""))
                )
                url = item.get("url")
                authors.append(LdAuthor(name, typ, url if isinstance(url, str) else None))
    images: list[str] = []
    for key in ("image", "thumbnailUrl"):
        for item in g.items(node.get(key)):
            u = _url(item)
            if u and not u.startswith("data:"):
                images.append(u)
    keywords: list[str] = []
    for item in g.items(node.get("keywords")):
        if isinstance(item, str):
            keywords.extend(split_keywords(item))
        else:
            name = _text(item)
            if name:
                keywords.append(name)
    sections = [s for s in (_text(x) for x in g.items(node.get("articleSection"))) if s]
    description = _text(node.get("description"))
    page = g.resolve(node.get("mainEntityOfPage")) or g.resolve(node.get("isPartOf"))
    if not description and isinstance(page, dict):
        description = _text(page.get("description"))
    url = _url(node.get("url")) or _url(node.get("mainEntityOfPage"))
    publisher = g.resolve(node.get("publisher"))
    lang = node.get("inLanguage") or (page.get("inLanguage") if isinstance(page, dict) else None)
    return LdArticle(
        types=types_of(node),
        headline=_text(node.get("headline")) or _text(node.get("name")),
        description=description,
        date_published=_text(node.get("datePublished"))
        or (_text(page.get("datePublished")) if isinstance(page, dict) else None),
        date_modified=_text(node.get("dateModified"))
        or (_text(page.get("dateModified")) if isinstance(page, dict) else None),
        authors=authors,
        images=dedupe(images),
        keywords=dedupe(keywords),
        sections=dedupe(sections),
        is_free=ld_bool(node.get("isAccessibleForFree")),
        url=url,
        language=_text(lang),
        publisher=_text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher),
        raw=node,
    )


def ld_site_name(graph: LdGraph) -> str | None:
    """The site's name from a WebSite / publisher Organization node."""
    for node in graph.nodes:
        if "WebSite" in types_of(node):
            name = _text(node.get("name"))
            if name:
                return name
    article = graph.article_node()
    if article is not None:
        pub = graph.resolve(article.get("publisher"))
        if isinstance(pub, dict):
            return _text(pub.get("name"))
    return None


def has_article_type(graph: LdGraph) -> bool:
    return graph.article_node() is not None
