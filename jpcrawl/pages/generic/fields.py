"""Per-field generic readers over one parsed page: `GenericPage`.

Build one per page (`GenericPage.parse(url, html, base_url)` or, when a profile already holds a parsel
Selector, `GenericPage(sel, url, base_url)`); each reader is computed once, on first use, and never
mutates the tree. Every reader returns a value (None / [] when the page does not say) and never raises.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from itertools import islice
from typing import Any, TypeVar, cast
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from jpcrawl.items import EXTRACTED_FIELDS
from jpcrawl.pages.base import class_words, make_selector
from jpcrawl.pages.generic.body import find_roots, has_junk_ancestor, inline_text, is_junk, paragraphs_of
from jpcrawl.pages.generic.discovery import is_article_page
from jpcrawl.pages.generic.images import read_images
from jpcrawl.pages.generic.jsonld import LdArticle, LdGraph, ld_site_name, read_ld_article
from jpcrawl.pages.generic.meta import PageMeta, clean_title, header_times, read_meta
from jpcrawl.processors import (
    clean_text,
    dedupe,
    fold_site_url,
    is_date_only,
    language_code,
    normalize_space,
    parse_iso_datetime,
    parse_text_date,
    split_byline,
)

log = logging.getLogger(__name__)

# Wire agencies: a byline that is only one of these is a source, not an author.
WIRE_AGENCIES = ("Reuters", "AFP", "AP", "Associated Press", "Agence France-Presse", "Bloomberg", "Xinhua",
                 "Kyodo", "Kyodo News", "dpa", "Anadolu", "Anadolu Agency", "Yonhap", "Bernama", "Antara",
                 "ANN", "Asia News Network", "PTI", "IANS", "UPI", "EFE", "ANSA")  # fmt: skip
# (".author .fn" covers hCard's ".author.vcard .fn".)
BYLINE_CSS = ("[itemprop='author'] [itemprop='name']", "[itemprop='author']", "a[rel~='author']",
              ".byline .author", ".author .fn", ".entry-author", ".byline",
              "[class*='byline']", ".author-name", "[class*='author-name']", ".author",
              "a[href*='/author/']", "a[href*='/authors/']")  # fmt: skip
ADVERTORIAL_SECTIONS = frozenset({"adv", "advertorial", "advertorials", "sponsored", "sponsored-content",
                                  "partner-content", "paid-content", "brand-studio"})  # fmt: skip
_OTHER_BLOCK = re.compile(r"bio|related|comment|popular|recommend|widget|sidebar|trending|more-stories", re.I)
SUBTITLE_TOKENS = frozenset({"subtitle", "standfirst", "dek", "deck", "lede", "lead", "excerpt", "summary",
                             "subheadline", "subhead", "strapline", "intro", "teaser"})  # fmt: skip
_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str | None) -> str | None:
    """ "World News" -> "world-news" (the section field's form)."""
    if not text:
        return None
    slug = _SLUG.sub("-", text.casefold()).strip("-")
    return slug or None


F = TypeVar("F", bound=Callable[..., Any])


def _safe(default: Callable[[], Any]) -> Callable[[F], F]:
    """A reader that fails on odd markup returns `default()` (logged): one field never costs the item."""

    def wrap(fn: F) -> F:
        def inner(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError):
                log.exception("generic reader %s failed for %s", fn.__name__, getattr(self, "url", "?"))
                return default()

        inner.__name__ = fn.__name__
        inner.__doc__ = fn.__doc__
        return cast(F, inner)

    return wrap


class GenericPage:
    """Generic readers over one page. `site_name` and `sections` (known section labels) help title
    cleaning; `base_url` folds URLs onto the crawl's origin."""

    def __init__(
        self,
        sel: Selector,
        url: str,
        base_url: str | None = None,
        *,
        site_name: str | None = None,
        sections: tuple[str, ...] = (),
    ):
        self.sel = sel
        self.url = url or base_url or ""
        self.base_url = base_url or _origin(self.url)
        self.site_name = site_name
        self.sections = sections

    @classmethod
    def parse(cls, url: str, html: str | bytes | Selector | None, base_url: str | None = None,
              **kwargs: Any) -> GenericPage | None:  # fmt: skip
        """None when there is no parseable document."""
        sel = make_selector(html)  # a Selector is taken as it is
        return cls(sel, url, base_url, **kwargs) if sel is not None else None

    # --- shared parses ---
    def _graph(self) -> LdGraph:
        return LdGraph.of(self.sel)

    graph = cached_property(_graph)

    def _ld(self) -> LdArticle | None:
        return read_ld_article(self.sel, self.graph)

    ld = cached_property(_ld)

    def _meta(self) -> PageMeta:
        return read_meta(self.sel)

    meta = cached_property(_meta)

    def _body_roots(self) -> list[Any]:
        try:
            return find_roots(self.sel)
        except RecursionError:
            return []

    body_roots = cached_property(_body_roots)

    def _scope(self) -> Any:
        """The article block: the <article> around the body, else the nearest block around it holding an
        <h1>, else the body root's parent, else the page."""
        roots = self.body_roots
        if roots:
            chain = [roots[0], *roots[0].iterancestors()]
            for anc in chain:
                if anc.tag == "article":
                    return anc
            # Else the nearest block around the body that also holds the headline (and so the byline row).
            for anc in chain[1:8]:
                if anc.tag in {"body", "html"}:
                    break
                if any(
                    len(normalize_space("".join(h.itertext()))) > 3 and not has_junk_ancestor(h, anc)
                    for h in anc.iter("h1")
                ):
                    return anc
            parent = roots[0].getparent()
            if parent is not None and parent.tag not in {"body", "html"}:
                return parent
        found = self.sel.root.xpath("//article | //main")
        return found[0] if found else self.sel.root

    scope = cached_property(_scope)

    # --- fields ---
    def is_article(self) -> bool:
        return is_article_page(self.sel, self.graph)

    def canonical(self) -> str:
        """The canonical URL (link rel=canonical / og:url when on the same site, else the fetched URL)."""
        for cand in (self.meta.canonical, self.meta.og_url):
            if not cand:
                continue
            try:
                url = fold_site_url(urljoin(self.url, cand), self.base_url)
                if not url:  # a javascript:/mailto: link
                    continue
                parts = urlsplit(url)
                same_site = parts.netloc == urlsplit(self.base_url).netloc
            except ValueError:  # a malformed link (an unclosed "[" host) is no canonical
                continue
            if same_site and parts.path.strip("/"):
                return url
        return fold_site_url(self.url, self.base_url) or self.url

    def site_names(self) -> list[str]:
        names = [self.site_name, self.meta.site_name]
        names.append(ld_site_name(self.graph))
        if self.ld is not None:
            names.append(self.ld.publisher)
        return [n for n in names if n]

    def h1(self) -> str | None:
        for root in (self.scope, self.sel.root):
            for h in root.iter("h1"):
                text = clean_text("".join(h.itertext()))
                # (an <h1> of a parsed document always has a parent: <html> is its root)
                if text and len(text) > 3 and not is_junk(h.getparent()):
                    return text
        return None

    def title(self) -> str | None:
        """JSON-LD headline -> og:title -> <h1> -> <title>, each without its site-name/section suffix."""
        # A URL segment needs no "-" -> " ": labels are compared on their letters and digits only.
        sections = [*self.sections, self.meta.section, *(self.ld.sections if self.ld else []),
                    _first_segment(self.url)]  # fmt: skip
        names = self.site_names()
        h1 = self.h1()
        # Not the JSON-LD headline: it is the first candidate, so as a reference it could only turn a later
        # "Site | Headline" back into the site name.
        refs = [h1, self.meta.og_title]
        for cand in (self.ld.headline if self.ld else None, self.meta.og_title, self.meta.twitter_title, h1,
                     self.meta.html_title):  # fmt: skip
            out = clean_title(cand, site_names=names, url=self.url, sections=sections, references=refs)
            if out and not (names and any(out.casefold() == n.casefold() for n in names)):
                return out
        return None

    def description(self) -> str | None:
        return clean_text(self.meta.description or getattr(self.ld, "description", None), entities=True)

    def subtitle(self) -> str | None:
        """A lede/standfirst element near the title in the article block (never the description: a
        generic page cannot tell a subtitle from a summary)."""
        title = self.title()
        for el in islice(self.scope.iter(), 3001):
            if not isinstance(el.tag, str) or el.tag not in {"p", "div", "h2", "span"}:
                continue
            if class_words(el) & SUBTITLE_TOKENS and not any(
                r is el or el in r.iterancestors() for r in self.body_roots
            ):
                text = normalize_space(inline_text(el))
                if text and text != title and len(text.split()) >= 4:
                    return text
        return None

    def authors(self) -> tuple[list[str], str | None]:
        """(authors, source): JSON-LD Person authors (Organization authors are the source) -> byline
        markup -> meta author. A bare wire-agency name is a source."""
        site = {n.casefold() for n in self.site_names()}
        if self.ld is not None and self.ld.authors:
            authors: list[str] = []
            source = None
            for a in self.ld.authors:
                names, src = split_byline(a.name, WIRE_AGENCIES)
                if a.type == "Organization" or (src and not names) or a.name.casefold() in site:
                    source = source or src or a.name
                    continue
                authors.extend(names)
                source = source or src
            if authors or source:
                return dedupe(authors), source
        scope = Selector(root=self.scope)
        for css in BYLINE_CSS:
            for node in scope.css(css)[:3]:
                el = node.root
                if _in_other_block(el, self.scope):
                    continue  # an author bio's, a comment's or a related card's link
                if el.tag == "a" and el.getparent() is not None:
                    # The link is the name; its line may add the agency: "Name (AFP)".
                    line = normalize_space(inline_text(el.getparent()))
                    el = el.getparent() if len(line) < 120 else el
                text = normalize_space(inline_text(el))
                if text and len(text) < 200:
                    return split_byline(text, WIRE_AGENCIES)
        if self.meta.author:
            return split_byline(self.meta.author, WIRE_AGENCIES)
        return [], None

    def dates(self) -> tuple[str | None, str | None]:
        """(published_at, modified_at) as ISO 8601 keeping the page's offset: JSON-LD -> article:*_time ->
        <time datetime> in the article block -> other date metas. A full date-time beats a date-only
        value; of several values for the same instant, one with a non-UTC offset (the site's own) wins."""
        pub: list[str | None] = []
        mod: list[str | None] = []
        if self.ld is not None:
            pub.append(_date(self.ld.date_published))
            mod.append(_date(self.ld.date_modified))
        pub.append(_date(self.meta.published_time))
        mod.append(_date(self.meta.modified_time))
        times_pub, times_mod = header_times(self.scope)
        pub.extend(_date(v) for v in times_pub)
        mod.extend(_date(v) for v in times_mod)
        return best_date(pub), best_date(mod)

    def tags(self) -> list[str]:
        """article:tag metas -> JSON-LD keywords -> meta keywords/news_keywords -> rel=tag links."""
        if self.meta.tags:
            return self.meta.tags
        if self.ld is not None and self.ld.keywords:
            return self.ld.keywords
        if self.meta.keywords:
            return self.meta.keywords
        links = [clean_text("".join(a.itertext())) for a in self.scope.xpath(".//a[@rel]")
                 if "tag" in a.get("rel").lower().split()]  # fmt: skip
        return dedupe(t for t in links if t)

    def section(self) -> tuple[str | None, str | None]:
        """(section, subsection): the URL's first segment (when it is a word, not a date or id) or the
        slug of articleSection / article:section; subsection: articleSection when it differs."""
        # (a missing meta section is a None label: it slugs to None, so it is never the section, and as the
        # last label it can only be a None subsection)
        labels = [*(self.ld.sections if self.ld else []), self.meta.section]
        first = _first_segment(self.canonical() or self.url)
        url_word = first and not first.isdigit() and len(urlsplit(self.url).path.strip("/").split("/")) >= 2
        section = slugify(first) if url_word else next((slugify(x) for x in labels if slugify(x)), None)
        sub = next((x for x in labels if slugify(x) != section), None)
        return section, sub

    def body(self) -> list[str]:
        return paragraphs_of(self.body_roots)

    def images(self) -> list[dict[str, Any]]:
        share = [*(self.ld.images if self.ld else []), *self.meta.og_image]
        return read_images(self.sel.root, self.body_roots, self.url, share)

    def language(self) -> str | None:
        return (language_code(self.meta.lang) or language_code(self.meta.locale)
                or language_code(getattr(self.ld, "language", None)))  # fmt: skip

    def is_premium(self) -> bool:
        """JSON-LD isAccessibleForFree=false, a premium meta (`*premium*` = 1/true/yes,
        `article:content_tier` = locked/metered), or a paywall prompt on the page."""
        if self.ld is not None and self.ld.is_free is not None:
            return not self.ld.is_free
        for key, value in self.meta.other.items():
            v = value.strip().lower()
            if "premium" in key and v in {"1", "true", "yes", "premium"}:
                return True
            if key.endswith("content_tier") and v in {"locked", "metered", "premium"}:
                return True
        return self._paywall_prompt()

    def is_paywalled(self) -> bool:
        """Premium, and the page shows a paywall/subscribe prompt."""
        return self.is_premium() and self._paywall_prompt()

    def _find_paywall_box(self) -> bool:
        return bool(
            self.sel.root.xpath(
                "//*[contains(@class,'paywall') or contains(@id,'paywall') or contains(@class,'regwall')"
                " or contains(@class,'subscriber-only') or contains(@class,'premium-wall')][1]"
            )
        )

    _paywall_box = cached_property(_find_paywall_box)

    def _paywall_prompt(self) -> bool:
        return self._paywall_box

    def dateline(self) -> str | None:
        for el in self.scope.iter():
            if isinstance(el.tag, str) and class_words(el) & {"dateline", "location"}:
                text = normalize_space(inline_text(el))
                if text and len(text) <= 60 and not any(ch.isdigit() for ch in text):
                    return text
        return None

    def field(self, name: str) -> Any:
        """One extracted field by its Article name ("body", "authors", "source", "published_at", ...): what a
        site profile calls when its own selector found nothing. Unknown names raise KeyError."""
        pairs = {
            "authors": (self.authors, 0), "source": (self.authors, 1),
            "published_at": (self.dates, 0), "modified_at": (self.dates, 1),
            "section": (self.section, 0), "subsection": (self.section, 1),
        }  # fmt: skip
        if name in pairs:
            reader, index = pairs[name]
            return reader()[index]
        readers = {
            "url": self.canonical, "title": self.title, "subtitle": self.subtitle, "dateline": self.dateline,
            "tags": self.tags, "body": self.body, "images": self.images, "is_premium": self.is_premium,
            "is_paywalled": self.is_paywalled, "language": self.language, "description": self.description,
            "is_advertorial": lambda: self.fields()["is_advertorial"],
        }  # fmt: skip
        return readers[name]()

    def fields(self) -> dict[str, Any]:
        """Every extracted field (jpcrawl.items.EXTRACTED_FIELDS) from the generic readers."""
        authors, source = self.authors()
        published, modified = self.dates()
        section, subsection = self.section()
        is_adv = bool(self.ld is not None and "AdvertiserContentArticle" in self.ld.types) or (
            section in ADVERTORIAL_SECTIONS
        )
        out = {
            "url": self.canonical(),
            "title": self.title(),
            "subtitle": self.subtitle(),
            "authors": authors,
            "source": source,
            "dateline": self.dateline(),
            "published_at": published,
            "modified_at": modified,
            "section": section,
            "subsection": subsection,
            "tags": self.tags(),
            "body": self.body(),
            "images": self.images(),
            "is_premium": self.is_premium(),
            "is_paywalled": self.is_paywalled(),
            "is_advertorial": is_adv,
            "language": self.language(),
        }
        assert set(out) == set(EXTRACTED_FIELDS)
        return out


# Every reader that fails on odd markup returns its default (logged): one field never costs the item.
# Applied here, not as decorators, so each reader stays a plain function (and mutation testing reaches it).
_READER_DEFAULTS: dict[str, Callable[[], Any]] = {
    "is_article": lambda: False,
    "canonical": lambda: None,
    "h1": lambda: None,
    "title": lambda: None,
    "description": lambda: None,
    "subtitle": lambda: None,
    "authors": lambda: ([], None),
    "dates": lambda: (None, None),
    "tags": list,
    "section": lambda: (None, None),
    "body": list,
    "images": list,
    "language": lambda: None,
    "is_premium": lambda: False,
    "is_paywalled": lambda: False,
    "dateline": lambda: None,
}
for _name, _default in _READER_DEFAULTS.items():
    setattr(GenericPage, _name, _safe(_default)(getattr(GenericPage, _name)))


def _in_other_block(el: Any, stop: Any) -> bool:
    """Inside an author bio, comments, a related/popular list or a sidebar (bylines are not read there)."""
    for n, anc in enumerate(el.iterancestors()):
        if anc is stop or n > 20:
            return False
        if anc.tag in {"aside", "footer", "nav"} or _OTHER_BLOCK.search(
            f"{anc.get('class') or ''} {anc.get('id') or ''}"
        ):
            return True
    return False


def _origin(url: str) -> str:
    try:
        p = urlsplit(url)
    except ValueError:
        return ""
    return f"{p.scheme}://{p.netloc}" if p.scheme and p.netloc else ""


def _first_segment(url: str | None) -> str | None:
    try:
        path = urlsplit(url or "").path
    except ValueError:
        return None
    seg = path.strip("/").partition("/")[0]
    return seg or None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    return parse_iso_datetime(value) or parse_text_date(value)


def best_date(candidates: list[str | None]) -> str | None:
    """First full date-time among candidates (of several for the same instant, the first with a non-UTC
    offset: the site's own zone), else the first date-only value."""
    values = [c for c in candidates if c]
    full = [v for v in values if not is_date_only(v)]
    if not full:
        return values[0] if values else None
    aware = [v for v in full if _aware(v) is not None]
    first = aware[0] if aware else full[0]
    inst = _aware(first)
    if inst is not None and not inst.utcoffset():
        for other in aware[1:]:
            o = _aware(other)
            if o is not None and o == inst and o.utcoffset():
                return other
    return first


def _aware(value: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else None
