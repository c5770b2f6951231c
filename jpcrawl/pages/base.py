"""Generic page-object helpers: no site knowledge lives here.

A site module (`jpcrawl/pages/<site>.py`) subclasses `SiteProfile`, keeps every selector and signature of
that site, and exports `SITE`. Helpers here read JSON-LD, meta tags and node text from a parsel Selector.
Everything is pure: (url, html) in, data out; nothing imports Scrapy's engine or Playwright.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from lxml import etree
from parsel import Selector

from jpcrawl.items import Article, ListingEntry
from jpcrawl.pages.detect import PageKind
from jpcrawl.processors import fold_site_url, normalize_space

# A page as the page objects take it: its HTML, or the document already parsed (one parse per response).
Html = str | bytes | Selector | None

# Elements whose text is never page text.
NON_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "button"})
# Elements that end a run of inline text: their boundaries become a space in node_text().
BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
        "figcaption", "figure", "blockquote", "section", "article", "header", "footer", "dd", "dt", "hr",
    }
)  # fmt: skip


@dataclass
class Listing:
    """A parsed section listing page."""

    entries: list[ListingEntry] = field(default_factory=list)
    next_url: str | None = None
    needs_render: bool = False  # listing container present but no items in the raw HTML (JS-rendered)
    # The page could not be read at all ("<ExceptionType>: message"): entries are empty because of a parser
    # failure, not because the listing is. Page objects cannot touch stats, so the spider counts and logs it.
    error: str | None = None
    # Field name -> how many values of this page were present but unreadable (left None), or "entry" for
    # an item that could not be read at all; the rest of the page stands.
    field_errors: dict[str, int] = field(default_factory=dict)


@dataclass
class ArticlePage:
    """What a page object read from an article page: the item (None: not an article), and the fields that
    the site's own selectors missed and the generic readers filled ("graceful drift": the spider counts them
    as jpcrawl/fallback/<field>, the run report alerts when too many bodies needed one)."""

    article: Article | None
    fallbacks: tuple[str, ...] = ()


@dataclass
class LoginForm:
    """What a spider needs to POST a login: the absolute action URL and the hidden fields (incl. _token)."""

    action_url: str
    fields: dict[str, str] = field(default_factory=dict)
    email_field: str = "email"
    password_field: str = "password"


@dataclass
class SiteProfile:
    """A crawl target. Subclasses implement the page parsers; the URL helpers are generic."""

    name: str
    default_base_url: str
    sections: tuple[str, ...] = ()
    site_hosts_suffix: str | None = None
    asset_hosts: tuple[str, ...] = ()  # image/CDN hosts rendered pages may load frames from (+ subdomains)
    login_path: str = "/login"
    # A listing page "is full" (so page+1 exists) when it holds at least this many main items and carries
    # no pagination markup of its own. See the site module for why.
    listing_min_full: int = 1
    sitemap_path: str = "/sitemap.xml"
    # Sections that get their own feed partition besides `sections` (URL sections no listing starts from).
    extra_feed_sections: tuple[str, ...] = ()
    # Paragraphs that are never body text on this site (widgets, promos): exact, or "prefix*". The page
    # objects drop them, and so does the clean pipeline (with its generic list and JPCRAWL_BOILERPLATE).
    boilerplate: tuple[str, ...] = ()

    @property
    def feed_sections(self) -> list[str]:
        return [*self.sections, *(s for s in self.extra_feed_sections if s not in self.sections)]

    # --- URLs (generic) ---
    def canonical_url(self, url: str, base_url: str | None = None) -> str:
        """Canonical form of a site URL against the crawl's base_url; unusable input is returned stripped."""
        out = fold_site_url(url, base_url or self.default_base_url, self.site_hosts_suffix)
        return self.fold_path(out) if out is not None else (url or "").strip()

    def is_site_url(self, url: str, base_url: str | None = None) -> bool:
        """Whether a URL is on the crawl's origin once folded (another host of the site counts)."""
        base = base_url or self.default_base_url
        canon = fold_site_url(url, base, self.site_hosts_suffix)
        if canon is None:
            return False
        return canon.split("/", 3)[:3] == base.rstrip("/").split("/", 3)[:3]

    def fold_path(self, url: str) -> str:
        """The site's own URL quirks (a profile overrides this): the same article under two spellings."""
        return url

    def listing_url(self, base_url: str, section: str, page: int = 1) -> str:
        raise NotImplementedError(f"{type(self).__name__} does not say how its listings are paginated")

    def sitemap_url(self, base_url: str | None = None) -> str:
        return f"{(base_url or self.default_base_url).rstrip('/')}{self.sitemap_path}"

    def sitemap_kind(self, url: str) -> str:
        """What a child of the sitemap index holds: "news" (recent articles), "web", "images"... Sites whose
        index does not say treat every child as news."""
        return "news"

    def login_url(self, base_url: str | None = None) -> str:
        return f"{(base_url or self.default_base_url).rstrip('/')}{self.login_path}"

    # --- parsers (site-specific) ---
    def is_article_url(self, url: str) -> bool:
        raise NotImplementedError

    def classify(self, url: str, html: Html) -> PageKind:
        raise NotImplementedError

    def parse_article(
        self,
        url: str,
        html: Html,
        base_url: str | None = None,
        errors: dict[str, int] | None = None,
    ) -> Article | None:
        """`errors`, when given, receives field name -> count of values that could not be read."""
        return self.read_article(url, html, base_url, errors).article

    def read_article(
        self,
        url: str,
        html: Html,
        base_url: str | None = None,
        errors: dict[str, int] | None = None,
    ) -> ArticlePage:
        """The article and its fallbacks. Profiles override this one (or parse_article, with no fallbacks)."""
        if type(self).parse_article is SiteProfile.parse_article:
            raise NotImplementedError(f"{type(self).__name__}: implement read_article or parse_article")
        return ArticlePage(self.parse_article(url, html, base_url, errors))

    def parse_listing(
        self, url: str, html: Html, base_url: str | None = None, now: datetime | None = None
    ) -> Listing:
        raise NotImplementedError

    def parse_login_form(self, url: str, html: Html) -> LoginForm | None:
        raise NotImplementedError

    def is_logged_in(self, html: Html) -> bool:
        raise NotImplementedError


# --- document helpers --------------------------------------------------------------------------------------


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def make_selector(html: str | bytes | Selector | None) -> Selector | None:
    """A parsel Selector over the document, or None when there is no parseable document. A Selector is
    taken as it is: a response is parsed once and its document shared (jpcrawl/middlewares/classify.py)."""
    if html is None:
        return None
    if isinstance(html, Selector):
        return html
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        return None
    # Control characters are not XML-compatible: lxml accepts them in the tree but raises when an
    # attribute or tag holding one is read later. No page text needs them.
    html = _CONTROL.sub("", html)
    try:
        sel = Selector(text=html)
    except (ValueError, TypeError, etree.LxmlError):
        return None
    if sel.root is None or not isinstance(sel.root.tag, str):
        return None
    return sel


def note_error(errors: dict[str, int] | None, name: str) -> None:
    """Count one unreadable value of field `name` (no-op without a counter)."""
    if errors is not None:
        errors[name] = errors.get(name, 0) + 1


def attr(node: Any, name: str) -> str | None:
    """One attribute of a Selector or lxml element, or None.

    Never `Selector.attrib` on page input: it reads every attribute, and lxml raises ValueError ("Invalid
    tag name") on a name such as "{" that a broken tag (`<script type='>...`) turns script text into.
    """
    el = node.root if isinstance(node, Selector) else node
    try:
        value = el.get(name)
    except (AttributeError, ValueError, TypeError):
        return None
    return value if isinstance(value, str) else None


def attr_names(node: Any) -> list[str]:
    """Attribute names of a Selector or lxml element (see `attr` for why not `.attrib`)."""
    el = node.root if isinstance(node, Selector) else node
    try:
        # lxml: iterating an element gives its children; .keys() gives attribute names.
        return [k for k in el.keys() if isinstance(k, str)]  # noqa: SIM118
    except (AttributeError, ValueError, TypeError):
        return []


def drop(nodes: Iterable[Selector]) -> None:
    """Remove nodes from their tree, keeping their tail text (lxml drop_tree semantics)."""
    for node in list(nodes):
        root = node.root
        if getattr(root, "getparent", None) is None or root.getparent() is None:
            continue
        try:
            root.drop_tree()
        except (AttributeError, AssertionError):
            continue


def node_text(node: Any) -> str:
    """Visible text of an element (Selector or lxml element), whitespace-normalised.

    Inline children (<a>, <i>, <b>, <span>) are concatenated exactly as written, so the source's own
    spaces survive ("told <i>The Daily</i> in" keeps both spaces); block boundaries and <br> become
    a space; script/style & co. are skipped.
    """
    return normalize_space(raw_text(node))


def raw_text(node: Any) -> str:
    """Like node_text but not normalised (keeps a leading space, needed by the drop-cap join)."""
    el = node.root if isinstance(node, Selector) else node
    if el is None:
        return ""
    if isinstance(el, str):
        return el
    parts: list[str] = []
    _collect(el, parts, top=True)
    return "".join(parts)


def _collect(el: Any, parts: list[str], top: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in NON_TEXT_TAGS or not isinstance(el.tag, str):
        # comments / processing instructions / scripts: skip content, keep tail
        if not top and el.tail:
            parts.append(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block and not top:
        parts.append(" ")
    if el.text:
        parts.append(el.text)
    for child in el:
        _collect(child, parts)
    if block and not top:
        parts.append(" ")
    if not top and el.tail:
        parts.append(el.tail)


def class_tokens(el: Any) -> list[str]:
    root = el.root if isinstance(el, Selector) else el
    try:
        return (root.get("class") or "").split()
    except AttributeError:
        return []


def class_words(el: Any) -> set[str]:
    """The lower-cased words of an element's class names: "article__dek Story-Lede" -> {"article", "dek",
    "story", "lede"}."""
    return set(re.split(r"[\s_\-]+", (el.get("class") or "").lower()))


def meta_map(sel: Selector) -> dict[str, str]:
    """All meta tags as {lower-cased name|property|itemprop: first non-empty content}, in one tree walk."""
    found: dict[str, str] = {}
    for m in sel.root.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").lower()
        if key and key not in found:
            value = normalize_space(m.get("content"))
            if value:
                found[key] = value
    return found


def meta_content(source: Selector | Mapping[str, str], *names: str) -> str | None:
    """First non-empty content among meta[name|property|itemprop] = names (case-insensitive). Pass the
    meta_map() of the page when reading several tags: it walks the tree once."""
    found = meta_map(source) if isinstance(source, Selector) else source
    for n in names:
        value = found.get(n.lower())
        if value:
            return value
    return None


def meta_contains(sel: Selector, fragment: str) -> list[tuple[str, str]]:
    """(name, content) of meta tags whose name/property contains `fragment` (case-insensitive)."""
    out = []
    frag = fragment.lower()
    for m in sel.root.iter("meta"):
        key = (m.get("name") or m.get("property") or "").lower()
        if frag in key:
            out.append((key, normalize_space(m.get("content"))))
    return out


_JSON_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def load_json_ld(text: str) -> Any:
    """A JSON-LD script's data, as sites write it: inside HTML comments, with trailing commas, control
    characters in strings; None when it is not JSON (or nests deeper than the parser goes)."""
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        try:
            return json.loads(_JSON_TRAILING_COMMA.sub(r"\1", text), strict=False)
        except (ValueError, RecursionError):
            return None


def _walk_ld(obj: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(obj, list):
        for item in obj:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(obj, dict):
        yield obj
        graph = obj.get("@graph")
        if graph is not None:
            yield from _walk_ld(graph, depth + 1)


def json_ld_objects(sel: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page (top-level, list members and @graph members); bad blocks skipped."""
    out: list[dict[str, Any]] = []
    for text in sel.xpath("//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]/text()").getall():
        out.extend(_walk_ld(load_json_ld(text)))
    return out


def ld_types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return {x for x in t if isinstance(x, str)}
    return set()


ARTICLE_LD_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
     "BlogPosting", "AdvertiserContentArticle", "ReviewNewsArticle", "BackgroundNewsArticle"}
)  # fmt: skip


def json_ld_article(sel: Selector) -> dict[str, Any] | None:
    """The first JSON-LD object typed as a (news) article."""
    for obj in json_ld_objects(sel):
        if ld_types(obj) & ARTICLE_LD_TYPES:
            return obj
    return None


def ld_str(value: Any) -> str | None:
    """A JSON-LD scalar as text: strings, numbers, {"@value"/"name"/"url"}; lists -> first usable."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        for key in ("@value", "name", "url", "@id"):
            if isinstance(value.get(key), str):
                return str(value[key])
    if isinstance(value, list):
        for item in value:
            s = ld_str(item)
            if s:
                return s
    return None


def ld_names(value: Any) -> list[tuple[str, str]]:
    """JSON-LD author/creator -> [(name, @type)]: a string, an object, or a list of either."""
    out: list[tuple[str, str]] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            out.append((item, ""))
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, str):
                t = item.get("@type")
                out.append((name, t if isinstance(t, str) else ""))
    return out


def ld_image_urls(value: Any) -> list[str]:
    """JSON-LD image: a URL, an ImageObject, or a list of either."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            u = item.get("url") or item.get("contentUrl") or item.get("@id")
            if isinstance(u, str):
                out.append(u)
    return out


def ld_bool(value: Any) -> bool | None:
    """JSON-LD booleans come as true/false or "true"/"False" strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in {"true", "1", "yes"}:
            return True
        if v in {"false", "0", "no"}:
            return False
    return None


def fixed_offset(hours: int, minutes: int = 0) -> tzinfo:
    return timezone(timedelta(hours=hours, minutes=minutes))
