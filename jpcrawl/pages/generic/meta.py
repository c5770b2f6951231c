"""Head metadata: Open Graph, `article:*`, `name=author|description|keywords`, canonical link, `<time>`s, and
the title without its site-name suffix.

Title cleaning never cuts a headline at a bare " - " or " | ": a trailing segment goes only when it is the
site's name (og:site_name, JSON-LD WebSite/publisher, or the host name spelled out), a known section label,
or when a better source (JSON-LD headline, the page's <h1>, og:title) holds the title without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from jpcrawl.pages.base import class_words
from jpcrawl.processors import clean_text, dedupe, normalize_space, split_keywords

SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " • ")
MAX_META = 500


@dataclass
class PageMeta:
    og_title: str | None = None
    og_type: str | None = None
    og_image: list[str] = field(default_factory=list)
    og_url: str | None = None
    og_description: str | None = None
    site_name: str | None = None
    locale: str | None = None
    published_time: str | None = None
    modified_time: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)  # article:tag, one per meta
    author: str | None = None  # name=author / article:author when it is a name, not a URL
    description: str | None = None
    keywords: list[str] = field(default_factory=list)  # name=keywords / news_keywords
    canonical: str | None = None
    html_title: str | None = None
    lang: str | None = None  # <html lang>
    twitter_title: str | None = None
    other: dict[str, str] = field(default_factory=dict)  # every other meta, first value, lower-cased key


def read_meta(sel: Selector) -> PageMeta:
    """One pass over the page's <meta> and <link> tags."""
    m = PageMeta()
    first: dict[str, str] = {}
    tags: list[str] = []
    images: list[str] = []
    for n, el in enumerate(sel.root.iter("meta")):
        if n >= MAX_META:
            break
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = normalize_space(el.get("content"))
        if not key or not value:
            continue
        if key == "article:tag":
            tags.extend(split_keywords(value))
        elif key in {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}:
            images.append(value)
        first.setdefault(key, value)
    m.other = first
    m.og_title = first.get("og:title")
    m.twitter_title = first.get("twitter:title")
    m.og_type = (first.get("og:type") or "").lower() or None
    m.og_image = dedupe(images)
    m.og_url = first.get("og:url")
    m.og_description = first.get("og:description")
    m.site_name = first.get("og:site_name") or first.get("application-name")
    m.locale = first.get("og:locale") or first.get("language") or first.get("content-language")
    m.published_time = (first.get("article:published_time") or first.get("og:published_time")
                        or first.get("datepublished") or first.get("pubdate") or first.get("publishdate")
                        or first.get("date") or first.get("dc.date") or first.get("dc.date.issued")
                        or first.get("sailthru.date") or first.get("parsely-pub-date"))  # fmt: skip
    m.modified_time = (first.get("article:modified_time") or first.get("og:updated_time")
                       or first.get("datemodified") or first.get("lastmod")
                       or first.get("last-modified"))  # fmt: skip
    m.section = first.get("article:section") or first.get("section")
    m.tags = dedupe(tags)
    author = first.get("author") or first.get("article:author") or first.get("dc.creator")
    m.author = author if author and not author.startswith(("http://", "https://", "/")) else None
    m.description = first.get("description") or m.og_description or first.get("twitter:description")
    m.keywords = split_keywords(first.get("news_keywords") or first.get("keywords"))
    for n, el in enumerate(sel.root.iter("link")):
        if n >= MAX_META:
            break
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            m.canonical = el.get("href").strip()
            break
    titles = sel.root.xpath("//title")
    if titles:
        m.html_title = clean_text("".join(titles[0].itertext()), entities=True)
    m.lang = (sel.root.get("lang") or sel.root.get("xml:lang") or "").strip() or None
    return m


def host_words(url: str | None) -> str | None:
    """ "https://www.example-news.co.uk/x" -> "examplenews": the site's name as its host spells it."""
    try:
        host = (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return None
    parts = [p for p in host.split(".") if p not in {"www", "m", "amp", "en", "edition"}]
    if not parts:
        return None
    # The registrable label: the top-level domain goes (".com", ".museum"), then short second-level public
    # suffixes ("co.uk", "net.au", "or.id").
    if len(parts) > 1:
        parts.pop()
    while len(parts) > 1 and len(parts[-1]) <= 3:
        parts.pop()
    return re.sub(r"[^a-z0-9]", "", parts[-1]) or None


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", normalize_space(text).casefold().replace("&", "and"))


def _is_site(segment: str, site_names: list[str], host: str | None) -> bool:
    seg = _norm(segment)
    if not seg:
        return False
    if any(seg == _norm(s) for s in site_names if s):
        return True
    # "The Example Times" vs host "exampletimes"; "Example" vs "example.com".
    if not host:
        return False
    return seg == host or seg.removeprefix("the") == host or host.removeprefix("the") == seg


def clean_title(
    title: str | None,
    *,
    site_names: Iterable[str | None] = (),
    url: str | None = None,
    sections: Iterable[str | None] = (),
    references: Iterable[str | None] = (),
) -> str | None:
    """`title` without site-name / section suffixes (and a site-name prefix: "Site | Headline").

    `references` are other sources of the same headline (JSON-LD headline, <h1>, og:title): when one of them
    is `title` minus a trailing " <sep> ..." part, that reference is the headline.
    """
    text = clean_text(title, entities=True)
    if not text:
        return None
    names = [s for s in site_names if s]
    host = host_words(url)
    labels = {_norm(s) for s in sections if s}
    labels.discard("")
    for ref in references:
        ref_text = clean_text(ref, entities=True)
        if ref_text and ref_text != text and any(text.startswith(ref_text + sep) for sep in SEPARATORS):
            return ref_text
    # Site name as a prefix ("Site | Headline"), then trailing site/section segments, right to left.
    for sep in SEPARATORS:
        head, found, rest = text.partition(sep)
        if found and rest and _is_site(head, names, host):
            text = rest.strip()
            break
    for _ in range(3):
        # Only the last segment after the first separator kind the title holds is considered. The title is
        # space-normalised: a separator never starts it, and what it leaves before a separator is unpadded.
        kind = next((s for s in SEPARATORS if s in text), None)
        if kind is None:
            break
        head, _, last = text.rpartition(kind)
        if not (_is_site(last, names, host) or _norm(last) in labels):
            break
        text = head
    return text or None


def header_times(scope: Any) -> tuple[list[str], list[str]]:
    """(published, modified) `<time datetime>` values in an article scope, in document order. A time whose
    itemprop/class says modified/updated is a modification time; one that says published, or the first
    unmarked one, a publication time."""
    root = scope.root if isinstance(scope, Selector) else scope
    published: list[str] = []
    modified: list[str] = []
    unmarked: list[str] = []
    for n, el in enumerate(root.iter("time")):
        if n >= 50:
            break
        value = (el.get("datetime") or el.get("content") or "").strip()
        if not value:
            continue
        marks = f"{el.get('itemprop') or ''} {el.get('class') or ''}".lower()
        if "modif" in marks or "updat" in marks:
            modified.append(value)
        elif "publish" in marks or "created" in marks or "entry-date" in marks:
            published.append(value)
        else:
            unmarked.append(value)
    for n, el in enumerate(root.xpath(".//*[@itemprop='datePublished' or @itemprop='dateModified']")):
        if n >= 20:
            break
        value = (el.get("content") or el.get("datetime") or "").strip()
        if value:
            (modified if el.get("itemprop") == "dateModified" else published).append(value)
    # Date-classed elements whose text holds a date ("Published on 2023-05-24T16:38:14+07:00").
    pub_text: list[str] = []
    for n, el in enumerate(root.iter()):
        if n >= 5000 or len(pub_text) + len(modified) > 20:
            break
        if not isinstance(el.tag, str) or el.tag in {"time", "script", "style"}:
            continue
        cls = el.get("class")
        if not cls or not _DATE_CLASS.search(cls):
            continue
        tokens = class_words(el)
        if not tokens & _DATE_TOKENS:
            continue
        text = normalize_space("".join(el.itertext()))[:200]
        if not text or not any(ch.isdigit() for ch in text):
            continue
        (modified if tokens & {"updated", "modified", "update"} else pub_text).append(text)
    return published + unmarked[:1] + pub_text, modified


_DATE_CLASS = re.compile(r"date|publish|created|posted|timestamp|updat|modif", re.I)
_DATE_TOKENS = frozenset({"date", "published", "created", "posted", "timestamp", "pubdate", "datetime",
                          "updated", "modified", "update", "publish"})  # fmt: skip
