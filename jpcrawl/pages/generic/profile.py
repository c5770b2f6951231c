"""`GenericProfile`: a SiteProfile for any news site, built only on the generic readers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from jpcrawl.items import EXTRACTED_FIELDS, Article
from jpcrawl.pages.base import ArticlePage, Html, Listing, LoginForm, SiteProfile, make_selector, note_error
from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.generic.body import inline_text
from jpcrawl.pages.generic.discovery import (
    listing_entries,
    looks_like_article_url,
    next_page_url,
    page_number,
)
from jpcrawl.pages.generic.fields import GenericPage
from jpcrawl.processors import fold_site_url, normalize_space

log = logging.getLogger(__name__)

# site_fields() value for "the site's selector found nothing here".
MISSING: Any = object()

# An empty listing block that a script fills: a container named like a list, holding no links.
_LIST_NAME = re.compile(r"list|posts|articles|feed|stream|river|results|grid|latest|news", re.I)
_LOADING = re.compile(r"loading|spinner|skeleton|placeholder", re.I)
# An inline script or JSON island carrying article links (the data a script turns into items).
_SCRIPT_LINK = re.compile(r"(?:href|url|link)\"?\s*[:=]\s*\"[^\"]{0,200}/(?:19|20)\d{2}/\d{1,2}/", re.I)


@dataclass
class GenericProfile(SiteProfile):
    """Any news site that follows common web standards (JSON-LD, Open Graph, semantic HTML)."""

    name: str = "news"
    default_base_url: str = ""
    site_name: str | None = None  # when known, titles lose exactly this suffix

    def page(
        self, url: str, html: str | bytes | Selector | None, base_url: str | None = None
    ) -> GenericPage | None:
        base = base_url or self.default_base_url or None
        return GenericPage.parse(url, html, base, site_name=self.site_name, sections=self.sections)

    # --- URLs ---
    def is_article_url(self, url: str) -> bool:
        return looks_like_article_url(url, self.default_base_url or None)

    def is_site_url(self, url: str, base_url: str | None = None) -> bool:
        base = base_url or self.default_base_url
        try:
            return (urlsplit(url).hostname or "").lower() == (urlsplit(base).hostname or "").lower()
        except ValueError:
            return False

    def listing_url(self, base_url: str, section: str, page: int = 1) -> str:
        """`/<section>` (a path such as `category/world` is kept); page N: `/page/N/` for category/tag
        paths (WordPress), else `?page=N`."""
        path = section.strip("/")
        url = f"{base_url.rstrip('/')}/{path}"
        if page <= 1:
            return url
        if path.partition("/")[0] in {"category", "tag", "topic", "author"}:
            return f"{url}/page/{page}/"
        return f"{url}?page={page}"

    def sitemap_kind(self, url: str) -> str:
        from jpcrawl.pages.generic.discovery import classify_sitemap

        return "news" if classify_sitemap(url) != "skip" else "skip"

    # --- classification ---
    def classify(self, url: str, html: Html) -> PageKind:
        try:
            sel = make_selector(html)
            if sel is None:
                return PageKind.EMPTY
            # The page's own origin: the crawl may run against another server than default_base_url.
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else (self.default_base_url or url)
            page = GenericPage(sel, url, origin)
            if page.is_article():
                if page.is_paywalled():
                    return PageKind.PAYWALLED
                return PageKind.ARTICLE if page.body_roots or page.is_premium() else PageKind.EMPTY
            if listing_entries(sel, url, origin) or _looks_script_listing(sel):
                return PageKind.LISTING
            if self.is_article_url(url) and _substantial(page):
                return PageKind.ARTICLE
            if _visible_chars(sel) < INTERSTITIAL_MAX_CHARS:
                # A page with a sentence or two, no article and no list: a browser check, a consent wall
                # or a bot block standing in for the real page (the interstitial middleware retries it).
                return PageKind.INTERSTITIAL
            return PageKind.EMPTY
        except Exception:  # never raise on a page
            log.exception("classify failed for %s", url)
            return PageKind.EMPTY

    # --- articles ---
    def site_fields(self, page: GenericPage) -> dict[str, Any]:
        """A site profile's own readings, by Article field name; the generic readers give every other
        field. A value of MISSING means the site's selector found nothing on this page: the generic reader
        fills that field, and the page object reports it as a fallback (the markup has drifted)."""
        return {}

    def read_article(
        self,
        url: str,
        html: Html,
        base_url: str | None = None,
        errors: dict[str, int] | None = None,
    ) -> ArticlePage:
        """The article, or None when the page is not one (no article JSON-LD / og:type and not an
        article-looking URL with a body), and the fields the generic readers filled. Never raises."""
        try:
            page = self.page(url, html, base_url)
            if page is None:
                return ArticlePage(None)
            if not page.is_article() and not (self.is_article_url(url) and _substantial(page)):
                return ArticlePage(None)
            own = self.site_fields(page)
            fields: dict[str, Any] = {}
            fallbacks: list[str] = []
            for name in EXTRACTED_FIELDS:
                value = own.get(name, MISSING)
                if value is MISSING:
                    value = page.field(name)
                    if name in own and value not in (None, [], False):
                        fallbacks.append(name)
                fields[name] = value
            if not fields["title"] and not fields["body"]:
                return ArticlePage(None)
            return ArticlePage(Article(**fields), tuple(fallbacks))
        except Exception:
            log.exception("parse_article failed for %s", url)
            note_error(errors, "page")
            return ArticlePage(None)

    # --- listings ---
    def parse_listing(
        self, url: str, html: Html, base_url: str | None = None, now: datetime | None = None
    ) -> Listing:
        try:
            sel = make_selector(html)
            if sel is None:
                return Listing()
            base = base_url or self.default_base_url or url

            def canon(u: str) -> str | None:
                return fold_site_url(u, base)

            entries = listing_entries(sel, url, base, canon)
            needs_render = not entries and _looks_script_listing(sel)
            next_url = None
            if entries:
                nxt = next_page_url(sel, url)
                if nxt and page_number(nxt) > page_number(url):
                    next_url = fold_site_url(nxt, base)
            return Listing(entries=entries, next_url=next_url, needs_render=needs_render)
        except Exception:
            log.exception("parse_listing failed for %s", url)
            return Listing()

    def parse_login_form(self, url: str, html: Html) -> LoginForm | None:
        return None  # the generic spider never logs in

    def is_logged_in(self, html: Html) -> bool:
        return False


# Without an article signal (JSON-LD, og:type), an article URL's page must hold at least this much text to be
# taken as the article: a browser-check or consent page on an article URL holds a sentence or two.
MIN_UNSIGNALLED_BODY_CHARS = 250
INTERSTITIAL_MAX_CHARS = 400


def _visible_chars(sel: Selector) -> int:
    bodies = sel.root.xpath("//body")
    return len(normalize_space(inline_text(bodies[0] if bodies else sel.root)))


def _substantial(page: GenericPage) -> bool:
    return sum(len(p) for p in page.body()) >= MIN_UNSIGNALLED_BODY_CHARS


def _looks_script_listing(sel: Selector) -> bool:
    """No items in the raw HTML but a script will insert them: an empty list-named container with data-*
    attributes or a loading placeholder, or an inline script / JSON island holding article links."""
    root = sel.root
    for n, el in enumerate(root.iter()):
        if n > 20_000:
            break
        if not isinstance(el.tag, str) or el.tag not in {"div", "ul", "section", "ol", "main"}:
            continue
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _LIST_NAME.search(ident) or next(el.iter("a"), None) is not None:
            continue
        has_data = any(k.startswith("data-") for k in el.attrib)
        loading = any(_LOADING.search(c.get("class") or "") for c in el.iter() if isinstance(c.tag, str))
        if has_data or loading:
            return True
    for n, script in enumerate(root.iter("script")):
        if n > 200:
            break
        if "ld+json" in (script.get("type") or "").lower():
            continue
        if _SCRIPT_LINK.search((script.text or "")[:500_000]):
            return True
    return False


def generic_profile(base_url: str, **kwargs: Any) -> GenericProfile:
    """A profile for one site (its origin decides what counts as a same-site link)."""
    return GenericProfile(default_base_url=base_url.rstrip("/"), **kwargs)
