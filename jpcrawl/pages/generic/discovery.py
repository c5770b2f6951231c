"""Finding articles on a site no profile describes: robots.txt, sitemaps, feeds, listings, pagination.

- robots.txt: its `Sitemap:` lines.
- Sitemap index: children classified by name: news / post sitemaps first ("preferred"), other article-ish
  sitemaps after them ("other"), and page / category / tag / author / image / video sitemaps skipped.
- `<urlset>` entries (lastmod / news:publication_date), RSS 2.0 and Atom: jpcrawl.pages.sitemap's readers.
- Listings: same-host links whose path looks like an article (date segments, a long numeric id, or a slug
  of several words that is not a section/tag/author/page path), outside nav/header/footer/aside and
  sidebar blocks; pagination by rel=next, a "next" anchor (text, class or aria-label), `/page/N/` or
  `?page=N`; section links from the home page's navigation.
- A page is an article when its JSON-LD has an article type or og:type is "article".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from jpcrawl.items import ListingEntry
from jpcrawl.pages.base import class_words
from jpcrawl.pages.generic.body import is_junk
from jpcrawl.pages.generic.jsonld import LdGraph
from jpcrawl.pages.generic.meta import read_meta
from jpcrawl.pages.sitemap import _local, _root, parse_news_sitemap, parse_rss, parse_sitemap_index
from jpcrawl.processors import clean_text, normalize_space, parse_any_date

__all__ = [
    "SitemapChild", "classify_sitemap", "document_kind", "is_article_page", "listing_entries",
    "looks_like_article_url", "next_page_url", "non_article_path", "page_number", "parse_news_sitemap",
    "parse_rss", "robots_sitemaps", "section_links", "sitemap_children", "with_page",
]  # fmt: skip

MAX_LINKS = 5000
# First path segments (and any segment) that name a non-article page.
NON_ARTICLE_SEGMENTS = frozenset({
    "tag", "tags", "category", "categories", "author", "authors", "page", "search", "topic", "topics",
    "about", "about-us", "contact", "contact-us", "privacy", "privacy-policy", "terms", "login", "logout",
    "register", "signin", "signup", "user", "users", "account", "subscribe", "subscription", "packages",
    "wp-admin", "wp-content", "wp-json", "wp-login.php", "feed", "rss", "cdn-cgi", "static", "assets",
    "skin", "img", "images", "newsletter", "newsletters", "advertise", "careers", "sitemap", "index",
    "latest", "most-viewed", "popular", "hashtag", "label", "archive", "archives", "events", "jobs",
})  # fmt: skip
ASSET_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|css|js|xml|json|pdf|zip|mp[34]|ico|txt|rss|atom)$", re.I)
DATE_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/|$)|/(?:19|20)\d{2}-?\d{2}-?\d{2}(?:/|-|$)")
NUMERIC_ID = re.compile(r"(?:^|[/-])\d{5,}(?:[/.-]|$)")
PAGE_PATH = re.compile(r"/page/(\d+)/?$")
SIDEBAR_TITLES = ("the latest", "latest news", "most viewed", "most popular", "popular", "most read",
                  "most shared", "trending", "editor's choice", "editor's picks", "related", "read next",
                  "more stories", "recommended", "you may also like")  # fmt: skip
NEXT_TEXTS = frozenset({"next", "next page", "next »", "next ›", "next >", "»", "›", ">", "→", "older posts",
                        "older entries", "older", "older articles", "more articles", "next posts",
                        "older stories", "load more", "more"})  # fmt: skip


# --- robots / sitemaps / feeds ------------------------------------------------------------------------------


def robots_sitemaps(text: str | bytes | None, base_url: str = "") -> list[str]:
    """The `Sitemap:` URLs of a robots.txt (absolute, deduped, order kept)."""
    if not text:
        return []
    if isinstance(text, bytes):
        text = text.decode(errors="replace")  # UTF-8
    out: list[str] = []
    for line in text.splitlines()[:10_000]:
        # a line without ":" has an empty value, which joins to nothing
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = _join(base_url, value.split("#")[0])
            if url and url.startswith(("http://", "https://")) and url not in out:
                out.append(url)
    return out


@dataclass(frozen=True)
class SitemapChild:
    url: str
    kind: str  # "preferred" | "other" | "skip"


_SKIP_SITEMAP = frozenset({"page", "pages", "category", "categories", "tag", "tags", "author", "authors",
                           "image", "images", "video", "videos", "attachment", "attachments", "taxonomy",
                           "product", "products", "user", "users", "topic", "topics", "section", "sections",
                           "media", "gallery", "galleries", "local", "webstory", "stories"})  # fmt: skip
_PREFERRED_SITEMAP = frozenset({"news", "post", "posts", "article", "articles", "googlenews", "story"})


def classify_sitemap(url: str) -> str:
    """ "preferred" (news / post sitemaps), "skip" (page/category/tag/author/image/video), else "other"."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return "skip"
    tokens = set(re.split(r"[^a-z]+", path))  # ".xml.gz" gives tokens "xml", "gz": in neither set
    if tokens & _SKIP_SITEMAP:
        return "skip"
    if tokens & _PREFERRED_SITEMAP:
        return "preferred"
    return "other"


def document_kind(xml: str | bytes | None) -> str:
    """ "index", "urlset", "feed" (RSS/Atom) or "" for an XML document."""
    root = _root(xml)
    if root is None:
        return ""
    return _DOCUMENT_KINDS.get(_local(root), "")


_DOCUMENT_KINDS = {"sitemapindex": "index", "urlset": "urlset", "rss": "feed", "feed": "feed", "rdf": "feed"}


def sitemap_children(xml: str | bytes | None) -> list[SitemapChild]:
    """A sitemap index's children, preferred ones first, skipped ones left out."""
    children = [SitemapChild(u, classify_sitemap(u)) for u in parse_sitemap_index(xml)]
    return [c for c in children if c.kind == "preferred"] + [c for c in children if c.kind == "other"]


def feed_links(sel: Selector, page_url: str) -> list[str]:
    out = []
    for el in sel.root.iter("link"):
        typ = (el.get("type") or "").lower()
        if (
            "alternate" in (el.get("rel") or "").lower()
            and ("rss" in typ or "atom" in typ)
            and el.get("href")
        ):
            url = _join(page_url, el.get("href"))
            if url:
                out.append(url)
    return out


# --- URLs ---------------------------------------------------------------------------------------------------


def _same_site(url: str, base_url: str) -> bool:
    try:
        host = urlsplit(url).hostname  # lowercased by urllib
        base = urlsplit(base_url).hostname
    except ValueError:
        return False
    if not host or not base:
        return False
    return host.removeprefix("www.") == base.removeprefix("www.")


def non_article_path(url: str) -> bool:
    """The home page, an asset, or a path through a tag/category/author/page/account segment."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    path = parts.path
    if parts.scheme not in {"http", "https"} or path.strip("/") == "" or ASSET_EXT.search(path):
        return True
    # a `/page/N/` path is caught by its "page" segment; empty segments are in no set
    return any(s in NON_ARTICLE_SEGMENTS for s in path.lower().split("/"))


def looks_like_article_url(url: str, base_url: str | None = None) -> bool:
    """Heuristic: same site, not a non-article path, and a date in the path, a long numeric id, or a last
    segment of at least four words ("japan-wont-join-nato")."""
    if base_url and not _same_site(url, base_url):
        return False
    if non_article_path(url):  # also every URL urllib cannot split
        return False
    path = urlsplit(url).path
    if DATE_PATH.search(path) or NUMERIC_ID.search(path):
        return True
    # an extension (".html") is part of the last word, so it adds no word
    last = path.rstrip("/").split("/")[-1]
    words = [w for w in re.split(r"[-_+]+", last) if w]
    return len(words) >= 4


def page_number(url: str) -> int:
    """The page of a listing URL: `/page/N/` or `?page=N` / `?paged=N` (1 when absent)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return 1
    m = PAGE_PATH.search(parts.path)
    if m:
        return max(1, int(m.group(1)[:6]))
    for k, v in parse_qsl(parts.query):
        if k in {"page", "paged", "p", "pg"} and v.isdigit():
            return max(1, int(v[:6]))
    return 1


def _join(base: str, href: str | None) -> str | None:
    """urljoin that gives None for what cannot be a URL ("http://[x" raises in urllib) or is blank (which
    urljoin would resolve to the base itself)."""
    href = (href or "").strip()
    if not href:
        return None
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def with_page(url: str, page: int) -> str:
    """`url` for listing page `page`, in the style the URL already uses (`/page/N/`, else `?page=N`)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if PAGE_PATH.search(parts.path) or (parts.path.endswith("/") and not parts.query):
        path = PAGE_PATH.sub("/", parts.path)
        path = path if page <= 1 else f"{path.rstrip('/')}/page/{page}/"
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    if page > 1:
        params.append(("page", str(page)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


# --- pages --------------------------------------------------------------------------------------------------


def is_article_page(sel: Selector, graph: LdGraph | None = None) -> bool:
    """JSON-LD says article, or og:type says article."""
    if (graph or LdGraph.of(sel)).article_node() is not None:
        return True
    return read_meta(sel).og_type == "article"


_HEADING = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _heading_text(el: Any) -> str | None:
    if not isinstance(el.tag, str):
        return None
    classes = (el.get("class") or "").lower()
    if el.tag not in _HEADING and not re.search(r"(^|[\s_-])(title|heading|header)", classes):
        return None
    text = normalize_space("".join(el.itertext()))
    return text if text and len(text) <= 60 else None


def _inside_content(el: Any) -> bool:
    return any(anc.tag in {"article", "main"} for anc in el.iterancestors() if isinstance(anc.tag, str))


def _in_chrome(a: Any, cache: dict[Any, bool]) -> bool:
    """Inside nav/header/footer/aside, a junk-classed block, or under a side-block heading."""
    chain = []
    el = a.getparent()
    verdict = False
    # <body> and <html> are never junk (is_junk keeps them), nor is <head> a heading
    while el is not None:
        if el in cache:
            verdict = cache[el]
            break
        chain.append(el)
        if el.tag in {"header", "footer"} and _inside_content(el):
            pass  # an <article>'s own header (title, byline) or footer is not page chrome
        elif is_junk(el):  # nav/header/footer/aside/form by tag; never <article>/<main>
            verdict = True
            break
        if _under_side_heading(el):
            verdict = True
            break
        el = el.getparent()
    for c in chain:
        cache[c] = verdict
    return verdict


def _under_side_heading(el: Any) -> bool:
    """Whether the nearest heading among the six preceding siblings names a side block ("Most popular")."""
    for sib in islice(el.itersiblings(preceding=True), 6):
        heading = _heading_text(sib)
        if heading is not None:
            t = heading.casefold()
            return any(t == s or t.startswith(s + " ") for s in SIDEBAR_TITLES)
    return False


def _link_title(a: Any) -> str | None:
    for h in a.iter(*_HEADING):
        text = clean_text("".join(h.itertext()))
        if text:
            return text
    text = clean_text("".join(a.itertext()))
    if text:
        return text
    return clean_text(a.get("title"))


def listing_entries(
    sel: Selector, page_url: str, base_url: str, canonicalize: Any = None
) -> list[ListingEntry]:
    """Article links of a listing page's main content, deduped, in document order."""
    cache: dict[Any, bool] = {}
    by_url: dict[str, ListingEntry] = {}
    anchors: dict[str, list[Any]] = {}
    for n, a in enumerate(sel.root.iter("a")):
        if n >= MAX_LINKS:
            break
        href = (a.get("href") or "").strip()
        # other schemes (javascript:, mailto:) are no article URL
        if not href or href.startswith("#"):
            continue
        try:
            url = urljoin(page_url, href)
        except ValueError:
            continue
        if canonicalize is not None:
            url = canonicalize(url) or url
        if not looks_like_article_url(url, base_url) or _in_chrome(a, cache):
            continue
        anchors.setdefault(url, []).append(a)
        entry = by_url.get(url)
        if entry is None:
            entry = by_url[url] = ListingEntry(url=url)
        if not entry.title:
            entry.title = _link_title(a)
    listed = set(by_url)
    for url, entry in by_url.items():
        card = _card(anchors[url][0], url, listed, page_url, canonicalize)
        if card is None:
            continue
        for p in card.iter("p"):
            text = clean_text("".join(p.itertext()))
            if text and text != entry.title:
                entry.summary = text
                break
        t = next(card.iter("time"), None)
        if t is not None:
            entry.published_at = parse_any_date(t.get("datetime") or "".join(t.itertext()))
        img = next(card.iter("img"), None)
        if img is not None:
            from jpcrawl.pages.generic.images import img_url

            entry.image = img_url(img, page_url)
    return list(by_url.values())


def _card(a: Any, url: str, urls: set[str], page_url: str, canonicalize: Any = None) -> Any:
    """The largest ancestor (up to 4 levels) of a link whose links all lead to that article or to no
    listed article: the item's "card", where its summary, time and picture are."""
    best = None
    el = a.getparent()
    for _ in range(4):
        if el is None or el.tag == "body":
            break
        links = []
        for n, x in enumerate(el.iter("a")):
            if n >= 30:
                return best
            link = _join(page_url, x.get("href"))
            if not link:
                continue
            links.append((canonicalize(link) or link) if canonicalize is not None else link)
        if any(u != url and u in urls for u in links):
            break
        best = el
        el = el.getparent()
    return best


def next_page_url(sel: Selector, page_url: str) -> str | None:
    """The listing's next page: rel=next, an anchor that says next, or a link to page N+1."""
    root = sel.root
    for el in [*root.iter("link"), *root.iter("a")]:
        if "next" in (el.get("rel") or "").lower().split():
            href = (el.get("href") or "").strip()
            if href and not href.startswith(("#", "javascript:")):
                joined = _join(page_url, href)
                if joined:
                    return joined
    page = page_number(page_url)
    candidates = []
    for n, a in enumerate(root.iter("a")):
        if n >= MAX_LINKS:
            break
        url = _join(page_url, a.get("href"))
        # a fragment keeps the page's number; "javascript:load?page=2" would read as page 2
        if not url or url == page_url or url.lower().startswith("javascript:"):
            continue
        text = normalize_space("".join(a.itertext())).casefold()
        label = (a.get("aria-label") or a.get("title") or "").casefold()
        tokens = class_words(a)
        says_next = (
            text in NEXT_TEXTS or text.startswith("next ") or "next" in tokens or label.startswith("next")
        )
        if says_next and page_number(url) > page and not looks_like_article_url(url):
            return url
        if page_number(url) == page + 1 and _same_listing(url, page_url):
            candidates.append(url)
    return candidates[0] if candidates else None


def _same_listing(url: str, page_url: str) -> bool:
    def stem(u: str) -> str:
        return PAGE_PATH.sub("/", urlsplit(u).path).rstrip("/")

    try:
        return stem(url) == stem(page_url)
    except ValueError:
        return False


def section_links(sel: Selector, page_url: str, base_url: str, limit: int = 60) -> list[str]:
    """Section listing URLs from the home page's navigation (nav, header menus, [role=navigation])."""
    out: list[str] = []
    navs = sel.root.xpath(
        "//nav | //*[@role='navigation'] | //header//ul"
        " | //*[contains(@class,'menu') or contains(@id,'menu')]"
    )[:20]
    for nav in navs:
        for a in nav.iter("a"):
            href = (a.get("href") or "").strip()
            if href.startswith("#"):  # this page (other schemes fail the same-site test)
                continue
            url = _join(page_url, href)
            if not url:
                continue
            url = url.split("#")[0]
            parts = urlsplit(url)  # _join gave None for what urllib cannot split
            if not _same_site(url, base_url) or parts.query or looks_like_article_url(url):
                continue
            segments = [s for s in parts.path.split("/") if s]
            if not segments or ASSET_EXT.search(parts.path):
                continue
            first = segments[0].lower()
            if first in NON_ARTICLE_SEGMENTS - {"category", "categories", "topic", "topics", "tag", "tags"}:
                continue
            if len(segments) > 3 or (
                first not in {"category", "categories", "topic", "topics"} and len(segments) > 2
            ):
                continue
            if url not in out:
                out.append(url)
            if len(out) >= limit:
                return out
    return out


def urlset_entries(xml: str | bytes | None) -> list[Any]:
    """`<urlset>` entries (url, published_at, title), via jpcrawl.pages.sitemap."""
    return parse_news_sitemap(xml)


def feed_entries(xml: str | bytes | None) -> list[Any]:
    return parse_rss(xml)
