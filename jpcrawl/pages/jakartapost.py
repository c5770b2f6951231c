"""The Jakarta Post: every selector and site signature of the project lives in this module.

Read /work/shared/SITE.md for the markup contract. Field sources, in order of preference:

- title: JSON-LD headline -> og:title minus " - Section - The Jakarta Post" -> the head's <h1> (never the
  logo h1.thejakartapost nor the drop cap h1.tjp-opening__char) -> old layout h1.title-large -> <title>.
- subtitle: the lede element in .tjp-single__head (outside the meta row, breadcrumb, figure and widgets);
  else og:description / meta description / JSON-LD description, only when it is not the first body
  paragraph (that is what the site puts there when an article has no lede). Otherwise None.
- authors/source: the byline span.tjp-meta__label ("A and B (The Jakarta Post)", "(Reuters)", "Reuters")
  -> JSON-LD author[] -> meta author. A bare wire name is a source, not an author.
- dateline: a location element in the meta row (class *location* / *dateline*), else the first short
  text of the meta row that is not the byline, the premium badge, a date or a UI label.
- published_at/modified_at: JSON-LD datePublished/dateModified -> span.created ("Published on <ISO>")
  -> article:*_time metas -> old layout span.day + span.time. Offsets are kept; a full date-time beats a
  date-only value; a date-only value stays "YYYY-MM-DD"; naive times are WIB (+07:00), the site's zone.
- body: <p>s of div.tjp-single__content in document order, drop cap joined without a space, junk blocks
  and boilerplate paragraphs removed, and nothing after div.tjp-paywall.
- listing: see `_main_items` for how the main list is told apart from "The Latest"/"Most viewed".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from jpcrawl.items import Article, ListingEntry
from jpcrawl.pages.base import (
    ArticlePage,
    Html,
    Listing,
    LoginForm,
    SiteProfile,
    attr,
    attr_names,
    class_tokens,
    drop,
    fixed_offset,
    json_ld_article,
    ld_bool,
    ld_image_urls,
    ld_names,
    ld_str,
    make_selector,
    meta_contains,
    meta_content,
    meta_map,
    node_text,
    note_error,
    raw_text,
)
from jpcrawl.pages.detect import PageKind, Signatures, classify_document
from jpcrawl.pages.generic import GenericPage
from jpcrawl.processors import (
    Boilerplate,
    clean_text,
    dedupe,
    first_path_segment,
    fold_site_url,
    is_date_only,
    language_code,
    normalize_space,
    parse_iso_datetime,
    parse_text_date,
    query_page,
    relative_to_iso,
    split_byline,
    split_caption,
    split_keywords,
    strip_title_suffix,
)

log = logging.getLogger(__name__)

WIB = fixed_offset(7)
SITE_NAME = "The Jakarta Post"

# --- signatures ---------------------------------------------------------------------------------------------
INTERSTITIAL = "div.on-ie-underversion9"  # hidden on every page; alone on the full-page variant
ARTICLE_MARKERS = ("div.tjp-single", "div.tjp-single__content", "h1.title-large", "div.detailNews",
                   "div.main-single", "div.show-define-text")  # fmt: skip
LISTING_ITEM = "div.listNews"
# Tag-qualified on purpose: a bare ".class" or "[class*=..]" test runs on every element of a ~100 KiB page.
LISTING_CONTAINERS = ("div.tjp-newsListing", "div[class*='newsListing']", "div[class*='news-listing']",
                      "div[id*='newsListing']", "div[id*='listNews']", "div[class*='listNews']",
                      "section[class*='newsListing']", "ul[class*='listNews']",
                      "div[data-listing]")  # fmt: skip
PAYWALL = "div.tjp-paywall"
OVERLAY = "div.tjp-overlay"
PREMIUM_BADGE = "div.tjp-meta__content-premium, span.tjp-meta__content-premium"
LOGIN_FORM = "form.auth-box__content-form"
ARTICLE_MARKERS_CSS = ", ".join(ARTICLE_MARKERS)
PAYWALL_OR_OVERLAY = f"{PAYWALL}, {OVERLAY}"
SIGNATURES = Signatures(
    interstitial=INTERSTITIAL,
    article=ARTICLE_MARKERS,
    listing_item=(LISTING_ITEM,),
    listing_container=LISTING_CONTAINERS,
)

# --- article selectors --------------------------------------------------------------------------------------
HEAD = "div.tjp-single__head"
TITLE_H1 = ("div.tjp-single__head h1:not(.tjp-opening__char):not(.thejakartapost)", "h1.tjp-title--single",
            "h1.tjp-title", "div.tjp-single h1:not(.tjp-opening__char):not(.thejakartapost)",
            "h1.title-large", "div.detailNews h1")  # fmt: skip
BREADCRUMB_ACTIVE = "li.tjp-breadcrumb__list-item.active"
BREADCRUMB_ITEMS = "li.tjp-breadcrumb__list-item"
META_ROW = "div.tjp-meta"
BYLINE = ("div.tjp-single__head .tjp-meta__label", ".tjp-meta .tjp-meta__label", ".tjp-meta__label",
          "div.tjp-single__head .author", "span.writerName", ".detailNews .author")  # fmt: skip
DATELINE = (".tjp-meta__location", ".tjp-meta__dateline", ".tjp-meta [class*='location']",
            ".tjp-meta [class*='dateline']", "div.tjp-single__head [class*='dateline']",
            "div.tjp-single__head [class*='location']")  # fmt: skip
CREATED = "span.created, .tjp-single__head .created, .tjp-meta .created"
UPDATED = "span.updated, .tjp-meta .updated, .tjp-single__head .modified"
OLD_DAY, OLD_TIME, OLD_POSTING = "span.day", "span.time", "div.post-like span.posting, span.posting"
# Only this site's own templates: a page none of them matches has drifted, and the generic readers
# (jpcrawl/pages/generic/) read its markup-only fields instead (counted as fallbacks).
CONTENT = ("div.tjp-single__content", "div.detailNews", "div.main-single", "div.show-define-text")
ARTICLE_SCOPE = ("div.tjp-single", "div.detailNews", "div.main-single")
DROP_CAP_CHAR = "tjp-opening__char"
DROP_CAP_TEXT = "tjp-opening__txt"
# Never article text, wherever they sit in the article scope.
JUNK = ("script", "style", "noscript", "template", "iframe", "form", "button", "aside",
        ".tjp-single__content-ads", "[class*='tjp-single__content-list']", ".tjp-newsletter-box",
        "[class*='tjp-newsletter']", ".tjp-overlay", ".social-login", "[class*='tjp-share']",
        "[class*='gift']", "[class*='feedback']", "[class*='text-size']", "[class*='textsize']",
        "[class*='continue-app']", "[class*='app-banner']", ".jpmvcontainer", ".listarticlegrid",
        INTERSTITIAL)  # fmt: skip
JUNK_CSS = ", ".join(JUNK)
SUBTITLE_CLASSED = ("[class*='subtitle']", "[class*='summary']", "[class*='lede']", "[class*='excerpt']",
                    "[class*='description']", "[class*='deck']", "[class*='standfirst']")  # fmt: skip
SUBTITLE_EXCLUDE = re.compile(
    r"tjp-meta|breadcrumb|tjp-opening|tjp-single__content|gift|share|size|modal|popup|feedback|newsletter|"
    r"paywall|overlay|premium|caption",
    re.I,
)
READ_ALSO = re.compile(r"^(?:read also|also read|read more|baca juga)\b", re.I)
# Widget and promo text that is never a field value on this site (SITE.md's widgets and what a naive dump of a
# real page picks up): exact paragraphs, or "prefix*". The same list is the profile's `boilerplate`, which
# the clean pipeline applies once more to every item of this site.
BOILERPLATE = (
    # the hidden outdated-browser block every page carries
    "Please Update your browser",
    "Your browser is out of date*",
    "Just click on the icons to get to the download page*",
    # share / gift / text-size / app widgets
    "Gift Premium Articles",
    "Gift Premium Articles to Anyone",
    "to Anyone",
    "Share the best of The Jakarta Post*",
    "Share options",
    "Quickly share this news*",
    "Change text size",
    "Change text size options",
    "Change Size",
    "Share This Article",
    "Customize your reading experience*",
    "Continue in the app",
    "Get the best experience*",
    # feedback widget
    "Your Opinion Matters",
    "Share your experiences, suggestions*",
    "Enter at least 30 characters",
    "0 / 30",
    "Thank You",
    "Thank you for sharing your thoughts*",
    # newsletter ("Prospects") box and paywall prompts
    "Prospects",
    "With exclusive interviews and in-depth coverage*",
    "By registering, you agree*",
    "Please check your email for your newsletter*",
    "Subscribe to read*",
    "Starting from IDR*",
    "Or let Google manage your subscription*",
)
_BOILERPLATE = Boilerplate(BOILERPLATE)
UI_LABELS = frozenset(
    x.casefold() for x in ("Premium", "Share", "Share This Article", "Change Size", "Change text size",
                            "Published on", "Updated on", "Follow", "Listen", "Print", "Save")
)  # fmt: skip
AGENCIES = (
    "The Jakarta Post", "Reuters", "AFP", "AP", "Associated Press", "Agence France-Presse", "Bloomberg",
    "Antara", "Xinhua", "Kyodo", "Kyodo News", "dpa", "Anadolu", "Anadolu Agency", "Yonhap", "Bernama", "ANN",
    "Asia News Network", "The Straits Times", "The Washington Post", "The New York Times", "The Guardian",
    "Nikkei Asia", "South China Morning Post", "CNA", "BBC", "Al Jazeera", "The Conversation",
    "Project Syndicate", "Kompas", "Tempo", "JP",
)  # fmt: skip
SECTION_LABELS = (
    "Indonesia", "Business", "World", "Opinion", "Culture", "Life", "Academia", "Southeast Asia",
    "Multimedia", "Adv", "Advertorial", "News", "Travel", "Sports",
)  # fmt: skip
ARTICLE_PATH = re.compile(r"^/[A-Za-z0-9_-]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$")
HTML_SUFFIX = re.compile(r"\.html-\d{1,20}$")

# --- listing selectors --------------------------------------------------------------------------------------
L_DATE = "span.date, .date"
L_PREMIUM = "span.premiumBadge, .premiumBadge"
L_SUBSECTION = ".dt-news"
L_IMAGE = "div.imageLatest img, .imageLatest img, img"
PAGINATION_NEXT = ("a[rel~='next']", "link[rel~='next']", ".pagination a.next", "li.next a",
                   "a.next", "[class*='pagination'] a[aria-label*='Next' i]")  # fmt: skip
PAGINATION_LINKS = "[class*='pagination'] a[href], [class*='pagi'] a[href], nav a[href*='page=']"
# Block headings and container classes of the sidebar lists that also hold div.listNews items.
SIDEBAR_TITLES = ("the latest", "most viewed", "most popular", "popular", "most shared", "trending",
                  "editor's choice", "editor's picks", "related", "read next", "more stories")  # fmt: skip
SIDEBAR_CLASS = re.compile(
    r"latest|most-?viewed|most_viewed|mostviewed|jpmv|popular|sidebar|trending|related|widget|aside", re.I
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
JS_LIST_MARKERS = ("listNews", "titleNews")
# A real listing page holds ~28 items; past this many, a page is hostile or broken and the rest of its
# items are skipped (counted as field error "items_over_limit"), so one page costs bounded time.
MAX_LISTING_ITEMS = 500
LOADING_CLASS = re.compile(r"loading|spinner|skeleton|placeholder|lazy-list", re.I)


@dataclass
class _Doc:
    """A parsed page and what every field reader needs (computed once: each query walks the tree)."""

    sel: Selector
    url: str  # canonical
    page_url: str  # as fetched (for relative assets)
    base_url: str
    ld: dict[str, Any] | None
    metas: dict[str, str]
    # div.tjp-single (or the old layout's block): field queries run inside it, not over the whole page;
    # on a real ~100 KiB page every document-wide CSS query costs about a millisecond.
    scope: Selector


def _is_boilerplate(text: str) -> bool:
    return _BOILERPLATE.matches(text)


def _first_text(sel: Selector | Any, selectors: tuple[str, ...]) -> str | None:
    for css in selectors:
        for node in sel.css(css):
            text = node_text(node)
            if text:
                return text
    return None


class JakartaPostProfile(SiteProfile):
    """The Jakarta Post (current tjp-single layout plus the ~2019–2022 detailNews layout)."""

    # --- URLs ---
    def fold_path(self, url: str) -> str:
        # Listing links sometimes end ".html-<digits>"; the article is the same.
        parts = urlsplit(url)
        path = HTML_SUFFIX.sub(".html", parts.path)
        return url if path == parts.path else parts._replace(path=path).geturl()

    def listing_url(self, base_url: str, section: str, page: int = 1) -> str:
        url = f"{base_url.rstrip('/')}/{section.strip('/')}"
        return url if page <= 1 else f"{url}?page={page}"

    def is_article_url(self, url: str) -> bool:
        try:
            parts = urlsplit((url or "").strip())
        except ValueError:
            return False
        if parts.scheme and parts.scheme not in {"http", "https"}:
            return False
        return bool(ARTICLE_PATH.match(HTML_SUFFIX.sub(".html", parts.path)))

    # --- classification ---
    def sitemap_kind(self, url: str) -> str:
        # /{section}/news/sitemap.xml (Google News, ~48 h), /{section}/web/sitemap.xml, /{section}/images/...
        path = urlsplit(url).path.rstrip("/")
        parts = path.split("/")
        return parts[-2] if len(parts) >= 3 and parts[-1].startswith("sitemap") else "news"

    def classify(self, url: str, html: Html) -> PageKind:
        try:
            return self._classify(make_selector(html))
        except Exception:  # never raise on a page: a broken page is EMPTY
            log.exception("classify failed for %s", url)
            return PageKind.EMPTY

    def _classify(self, sel: Selector | None, ld: dict[str, Any] | None = None) -> PageKind:
        if sel is None:
            return PageKind.EMPTY
        if ld is None:
            ld = json_ld_article(sel)
        return classify_document(
            sel,
            SIGNATURES,
            is_article=lambda s: ld is not None or bool(s.css(ARTICLE_MARKERS_CSS)),
            is_paywalled=lambda s: _is_premium(s, ld) and bool(s.css(PAYWALL_OR_OVERLAY)),
        )

    # --- articles ---
    def read_article(
        self,
        url: str,
        html: Html,
        base_url: str | None = None,
        errors: dict[str, int] | None = None,
    ) -> ArticlePage:
        """Article fields from the page (None when the page is not an article: interstitial, listing, empty,
        unknown), and the fields the generic readers had to fill. Never raises. A field that cannot be read
        is None (or empty) and counted in `errors` (field name -> count; "page" when the whole page
        failed); the other fields stand."""
        try:
            return self._parse_article(url, html, base_url or self.default_base_url, errors)
        except Exception:
            log.exception("parse_article failed for %s", url)
            note_error(errors, "page")
            return ArticlePage(None)

    def _parse_article(
        self, url: str, html: Html, base_url: str, errors: dict[str, int] | None = None
    ) -> ArticlePage:
        sel = make_selector(html)
        if sel is None:
            return ArticlePage(None)
        ld = json_ld_article(sel)
        kind = self._classify(sel, ld)
        if kind not in {PageKind.ARTICLE, PageKind.PAYWALLED}:
            return ArticlePage(None)
        canon = self.canonical_url(url, base_url)
        if not self.is_article_url(canon):
            link = sel.css("link[rel='canonical']::attr(href)").get()
            alt = self.canonical_url(link, base_url) if link else None
            if alt and self.is_article_url(alt):
                canon = alt
        metas = meta_map(sel)
        scope = _article_scope(sel)
        # No template of this site matched: the markup changed (a redesign). JSON-LD and meta still give
        # most fields; the generic readers give the markup-only ones.
        drifted = scope.root is sel.root and not sel.css(", ".join(CONTENT))
        generic = GenericPage(sel, url or base_url, base_url, site_name=SITE_NAME, sections=SECTION_LABELS)
        fallbacks: list[str] = []
        doc = _Doc(sel=sel, url=canon, page_url=url or base_url, base_url=base_url, ld=ld, metas=metas,
                   scope=scope)  # fmt: skip
        # Read head metadata and premium markers before junk removal changes the tree.
        is_premium = _is_premium(sel, doc.ld, metas)
        paywalled = kind is PageKind.PAYWALLED
        # Each field is read on its own: one value that cannot be read is None and counted, never the page.
        def read(name: str, default: Any, fn: Any, *args: Any) -> Any:
            try:
                return fn(*args)
            except Exception:
                log.warning("%s: field %s could not be read", url, name, exc_info=True)
                note_error(errors, name)
                return default

        tags = read("tags", [], _tags, doc)
        section = first_path_segment(canon)
        subsection = read("subsection", None, _subsection, scope)
        published, modified = read("published_at", (None, None), _dates, doc)
        language = read("language", "en", _language, doc)
        title = read("title", None, _title, doc, section, subsection)
        authors, source = read("authors", ([], None), _byline, doc)
        dateline = read("dateline", None, _dateline, doc, authors, source)
        description = read("subtitle", None, _description, doc)

        if scope.root is sel.root:  # no article block: the hidden interstitial is inside the scope
            drop(sel.css(INTERSTITIAL))
        head_subtitle = read("subtitle", None, _head_subtitle, scope, title)
        if drifted:
            # The generic readers see the page without the interstitial block (dropped above) and find the
            # article block themselves; this site's selectors would walk the whole page.
            body = generic.body()
            images = generic.images()
            paywalled = paywalled or (is_premium and generic.is_paywalled())
            if not authors and source is None:
                authors, source = generic.authors()
                fallbacks += ["authors"] if authors or source else []
            markup_only = {"dateline": dateline, "subtitle": head_subtitle, "subsection": subsection}
            for name, value in markup_only.items():
                if value is None and generic.field(name):
                    markup_only[name] = generic.field(name)
                    fallbacks.append(name)
            dateline, head_subtitle, subsection = (
                markup_only["dateline"], markup_only["subtitle"], markup_only["subsection"]
            )
            fallbacks += [name for name, value in (("body", body), ("images", images)) if value]
        else:
            images = read("images", [], _images, doc, scope)
            body = read("body", [], _body, scope, sel)
        if not title:
            title = generic.title()
            fallbacks += ["title"] if title else []
        if not published:
            published, modified = generic.dates()
            fallbacks += ["published_at"] if published else []
        if not tags:
            tags = generic.tags()
            fallbacks += ["tags"] if tags else []
        # Where the page has the article head block, it is authoritative: a head without a lede means no
        # subtitle, since og:description then holds a summary. Other layouts fall back to the description.
        has_head = bool(scope.css(HEAD))
        subtitle = head_subtitle
        if subtitle is None and not has_head:
            subtitle = _subtitle_from_description(description, body, title)
        if not title and not body:
            return ArticlePage(None)
        article = Article(
            url=canon,
            title=title,
            subtitle=subtitle,
            authors=authors,
            source=source,
            dateline=dateline,
            published_at=published,
            modified_at=modified,
            section=section,
            subsection=subsection,
            tags=tags,
            body=body,
            images=images,
            is_premium=is_premium,
            is_paywalled=paywalled,
            is_advertorial=section == "adv" or any(t.casefold().startswith("adv-") for t in tags),
            language=language,
        )
        return ArticlePage(article, tuple(fallbacks))

    # --- listings ---
    def parse_listing(
        self, url: str, html: Html, base_url: str | None = None, now: datetime | None = None
    ) -> Listing:
        """Entries of the main list, the next page and whether the raw HTML needs rendering. Never raises.

        `now` resolves the relative times ("7 hours ago"); it defaults to the current UTC time only for
        interactive use; crawls pass their own clock so results are reproducible.
        """
        try:
            return self._parse_listing(
                url, html, base_url or self.default_base_url, now or datetime.now(timezone.utc)
            )
        except Exception as exc:
            log.exception("parse_listing failed for %s", url)
            return Listing(error=f"{type(exc).__name__}: {exc}"[:200])

    def _parse_listing(self, url: str, html: Html, base_url: str, now: datetime) -> Listing:
        sel = make_selector(html)
        if sel is None:
            return Listing()
        errors: dict[str, int] = {}
        kind = self._classify(sel)
        if kind in {PageKind.INTERSTITIAL, PageKind.EMPTY} and not sel.css(LISTING_ITEM):
            return Listing()
        drop(sel.css(INTERSTITIAL))
        page_url = url or base_url
        entries: list[ListingEntry] = []
        seen: set[str] = set()
        items = _main_items(sel)
        if len(items) > MAX_LISTING_ITEMS:
            log.warning("%s: %d listing items, only the first %d read", url, len(items), MAX_LISTING_ITEMS)
            errors["items_over_limit"] = len(items) - MAX_LISTING_ITEMS
            items = items[:MAX_LISTING_ITEMS]
        for item in items:
            try:
                entry = self._entry(item, page_url, base_url, now, errors)
            except Exception:  # one unreadable item never costs the page its other items
                log.warning("%s: a listing item could not be read", url, exc_info=True)
                note_error(errors, "entry")
                continue
            if entry is not None and entry.url not in seen:
                seen.add(entry.url)
                entries.append(entry)
        needs_render = not entries and _looks_js_rendered(sel, page_url)
        next_url = None if needs_render else self._next_url(sel, page_url, base_url, len(entries))
        return Listing(entries=entries, next_url=next_url, needs_render=needs_render, field_errors=errors)

    def _entry(
        self,
        item: Selector,
        page_url: str,
        base_url: str,
        now: datetime,
        errors: dict[str, int] | None = None,
    ) -> ListingEntry | None:
        hrefs = item.css("h2.titleNews a::attr(href), .titleNews a::attr(href)").getall()
        hrefs += item.css("a::attr(href)").getall()
        url = None
        for href in hrefs:
            canon = self.canonical_url(urljoin(page_url, href.strip()), base_url)
            if canon and self.is_article_url(canon):
                url = canon
                break
        if url is None:
            return None
        title = _first_text(item, ("h2.titleNews", ".titleNews", "h2", "h3", "h4", "h5"))
        if not title:
            title = clean_text(item.css("a[title]::attr(title)").get())
        summary = None
        for p in item.css("p"):
            if p.xpath("ancestor::*[contains(@class,'dt-news') or contains(@class,'date')]"):
                continue
            text = node_text(p)
            if text and text != title:
                summary = text
                break
        published = None
        dt_attr = item.css("time::attr(datetime)").get()
        if dt_attr:
            published = parse_iso_datetime(dt_attr, WIB)
        date_text = None
        if not published:
            date_text = _first_text(item, (L_DATE,))
            published = relative_to_iso(date_text, now)
        if not published and (dt_attr or date_text):
            note_error(errors, "published_at")
        sub_nodes = item.css(L_SUBSECTION)
        subsection = None
        if sub_nodes:
            texts = sub_nodes[0].xpath(
                ".//text()[not(ancestor::*[contains(@class,'premiumBadge') or contains(@class,'date')])]"
            ).getall()
            # Normalised first: "\s*" before a word, on a long whitespace run, backtracks quadratically.
            joined = normalize_space(" ".join(texts))
            subsection = clean_text(re.sub(r"\s?\bpremium$", "", joined, flags=re.I))
        premium = bool(item.css(L_PREMIUM)) or "premium" in (t.lower() for t in class_tokens(item))
        image = None
        for img in item.css(L_IMAGE):
            image = _img_src(img, page_url, base_url, self.site_hosts_suffix)
            if image:
                break
        return ListingEntry(url=url, title=title, summary=summary, is_premium=premium, published_at=published,
                            subsection=subsection, image=image)  # fmt: skip

    def _next_url(self, sel: Selector, page_url: str, base_url: str, n_entries: int) -> str | None:
        """Next page rule: (1) an explicit next link (rel=next, .pagination .next); (2) when the page has
        pagination links, the link to page+1 if there is one, else None (last page); (3) with no pagination
        markup, page+1 when the page is "full", i.e. holds >= `listing_min_full` main items. The real page
        size (~28) is not guaranteed anywhere, while SITE.md guarantees that a page past the end is empty,
        so the default threshold is 1: at worst one extra request per section finds the empty page."""
        for css in PAGINATION_NEXT:
            href = sel.css(f"{css}::attr(href)").get()
            if href and href.strip() not in {"#", ""} and not href.startswith("javascript:"):
                return self.canonical_url(urljoin(page_url, href.strip()), base_url)
        page = query_page(page_url)
        canon_page = self.canonical_url(page_url, base_url) or page_url
        path = urlsplit(canon_page).path
        target = self.listing_url(base_url, path.strip("/"), page + 1)
        links = sel.css(PAGINATION_LINKS + "::attr(href)").getall()
        page_links = [h for h in links if "page=" in h]
        if page_links:
            for h in page_links:
                c = self.canonical_url(urljoin(page_url, h), base_url)
                if c and query_page(c) == page + 1 and urlsplit(c).path == path:
                    return c
            return None
        if n_entries >= max(1, self.listing_min_full):
            return target
        return None

    # --- login ---
    def parse_login_form(self, url: str, html: Html) -> LoginForm | None:
        try:
            return self._parse_login_form(url, html)
        except Exception:
            log.exception("parse_login_form failed for %s", url)
            return None

    def _parse_login_form(self, url: str, html: Html) -> LoginForm | None:
        sel = make_selector(html)
        if sel is None:
            return None
        forms = sel.css(LOGIN_FORM) or sel.xpath("//form[.//input[@type='password']]")
        if not forms:
            return None
        form = forms[0]
        action = urljoin(url, (attr(form, "action") or "").strip() or url)
        fields: dict[str, str] = {}
        for inp in form.xpath(".//input[@name]"):
            name = attr(inp, "name")
            if name and (attr(inp, "type") or "").lower() == "hidden":
                fields[name] = attr(inp, "value") or ""
        if not fields.get("_token"):
            token = sel.css("meta[name='csrf-token']::attr(content)").get()
            if token:
                fields["_token"] = token
        email = "email"
        password = "password"
        for inp in form.xpath(".//input[@name]"):
            name, typ = attr(inp, "name") or "", (attr(inp, "type") or "text").lower()
            if typ == "password":
                password = name
            elif typ == "email" or (re.search(r"email|login|user", name, re.I) and typ in {"text", "email"}):
                email = name
        return LoginForm(action_url=action, fields=fields, email_field=email, password_field=password)

    def is_logged_in(self, html: Html) -> bool:
        """Heuristics, any of: a link or form to a logout URL (/user/account/logout, */logout*), or a link or
        button reading "Logout"/"Log out"/"Sign out". A "Login / Register" link alone means anonymous."""
        try:
            sel = make_selector(html)
            if sel is None:
                return False
            drop(sel.css(INTERSTITIAL))
            if sel.xpath(
                "//a[contains(translate(@href,'LOGUT','logut'),'logout')]"
                "|//form[contains(translate(@action,'LOGUT','logut'),'logout')]"
            ):
                return True
            for node in sel.xpath("//a|//button"):
                label = normalize_space(node.xpath("string()").get())
                if re.fullmatch(r"(log ?out|sign ?out|keluar)", label, re.I):
                    return True
            return False
        except Exception:
            log.exception("is_logged_in failed")
            return False


# --- article field readers ----------------------------------------------------------------------------------


def _is_premium(sel: Selector, ld: dict[str, Any] | None, metas: dict[str, str] | None = None) -> bool:
    if ld is not None and ld_bool(ld.get("isAccessibleForFree")) is False:
        return True
    items = metas.items() if metas is not None else meta_contains(sel, "is-premium")
    for name, content in items:
        if "is-premium" in name and content.lower() in {"1", "true", "yes", "premium"}:
            return True
    return bool(sel.css(f"{PREMIUM_BADGE}, {PAYWALL}"))


def _tags(doc: _Doc) -> list[str]:
    tags = split_keywords(meta_content(doc.metas, "keywords", "news_keywords"))
    if not tags and doc.ld is not None:
        kw = doc.ld.get("keywords")
        tags = split_keywords(",".join(x for x in kw if isinstance(x, str)) if isinstance(kw, list)
                              else ld_str(kw))  # fmt: skip
    return tags


def _language(doc: _Doc) -> str:
    return (
        language_code(doc.sel.xpath("/html/@lang").get())
        or language_code(meta_content(doc.metas, "og:locale"))
        or "en"
    )


def _subsection(sel: Selector) -> str | None:
    for node in sel.css(BREADCRUMB_ACTIVE):
        text = node_text(node)
        if text:
            return text
    return None


def _title(doc: _Doc, section: str | None, subsection: str | None) -> str | None:
    ld_title = clean_text(ld_str(doc.ld.get("headline")), entities=True) if doc.ld else None
    if ld_title:
        return ld_title
    labels = [section or "", subsection or "", *SECTION_LABELS]
    labels += [node_text(n) for n in doc.scope.css(BREADCRUMB_ITEMS)]
    og = strip_title_suffix(meta_content(doc.metas, "og:title", "twitter:title"), SITE_NAME, labels)
    h1 = _first_text(doc.scope, TITLE_H1)
    if og and h1 and og != h1 and og.startswith(h1 + " - "):
        return h1  # og:title had a section label we did not know
    if og:
        return og
    if h1:
        return h1
    return strip_title_suffix(doc.sel.css("title").xpath("string()").get(), SITE_NAME, labels)


def _byline(doc: _Doc) -> tuple[list[str], str | None]:
    sel = doc.scope
    for css in BYLINE:
        for node in sel.css(css):
            text = node_text(node)
            if not text or text.casefold() in UI_LABELS or _is_boilerplate(text):
                continue
            authors, source = split_byline(text, AGENCIES)
            if css == "span.writerName":  # old layout: one span per writer
                names = [node_text(n) for n in sel.css(css)]
                authors = dedupe(a for n in names for a in split_byline(n, AGENCIES)[0])
            return authors, source
    if doc.ld is not None:
        authors = []
        source = None
        for name, typ in ld_names(doc.ld.get("author")):
            name = normalize_space(name)
            if not name:
                continue
            a, s = split_byline(name, AGENCIES)
            if s and source is None:
                source = s
            if typ == "Organization" and not a:
                continue
            authors.extend(a)
        if authors or source:
            return dedupe(authors), source
    meta_author = meta_content(doc.metas, "author")
    if meta_author:
        return split_byline(meta_author, AGENCIES)
    return [], None


def _dateline(doc: _Doc, authors: list[str], source: str | None) -> str | None:
    sel = doc.scope
    text = _first_text(sel, (", ".join(DATELINE),))
    if text:
        return text
    skip = {a.casefold() for a in authors}
    if source:
        skip.add(source.casefold())
    for meta in sel.css(META_ROW)[:1]:
        byline = _first_text(meta, (".tjp-meta__label",))
        if byline:
            skip.add(byline.casefold())
        texts = meta.xpath(
            ".//text()[not(ancestor::script or ancestor::style or ancestor::button or ancestor::a"
            " or ancestor::*[contains(@class,'tjp-meta__label') or contains(@class,'premium')"
            " or contains(@class,'created') or contains(@class,'updated') or contains(@class,'date')"
            " or contains(@class,'share') or contains(@class,'size')])]"
        ).getall()
        for raw in texts:
            t = normalize_space(raw)
            if not t or any(ch.isdigit() for ch in t) or len(t) > 60 or len(t.split()) > 6:
                continue
            key = t.casefold()
            if key in UI_LABELS or key in skip or _is_boilerplate(t) or t.startswith("("):
                continue
            if split_byline(t, AGENCIES) == ([], t):
                continue  # a bare wire name
            if t[0].isupper():
                return t
    posting = _first_text(sel, (OLD_POSTING,))
    if posting:
        first = normalize_space(posting.split("/")[0])
        if first and not any(ch.isdigit() for ch in first) and len(first.split()) <= 4:
            return first
    return None


def _best_date(candidates: list[str | None]) -> str | None:
    """First full date-time among candidates (keeping the page's own offset for the same instant),
    else the first date-only value."""
    values = [c for c in candidates if c]
    full = [v for v in values if not is_date_only(v)]
    if full:
        first = full[0]
        try:
            inst = datetime.fromisoformat(first)
            for other in full[1:]:
                o = datetime.fromisoformat(other)
                if (
                    inst.tzinfo is not None
                    and o.tzinfo is not None
                    and o == inst
                    and o.utcoffset() == WIB.utcoffset(None)
                ):
                    return other  # same instant, the site's local offset
        except ValueError:
            pass
        return first
    return values[0] if values else None


def _dates(doc: _Doc) -> tuple[str | None, str | None]:
    sel, ld = doc.scope, doc.ld
    pub: list[str | None] = []
    mod: list[str | None] = []
    if ld is not None:
        pub.append(parse_iso_datetime(ld_str(ld.get("datePublished")), WIB))
        mod.append(parse_iso_datetime(ld_str(ld.get("dateModified")), WIB))
    for node in sel.css(CREATED):
        text = node_text(node)
        pub.append(parse_iso_datetime(text, WIB) or parse_text_date(text, WIB))
    metas = doc.metas
    meta_pub = meta_content(metas, "article:published_time", "pubdate", "publishdate")
    pub.append(parse_iso_datetime(meta_pub, WIB))
    mod.append(parse_iso_datetime(meta_content(metas, "article:modified_time", "lastmod"), WIB))
    for node in sel.css(UPDATED):
        mod.append(parse_iso_datetime(node_text(node), WIB))
    day = _first_text(sel, (OLD_DAY,))
    if day:
        pub.append(parse_text_date(f"{day} {_first_text(sel, (OLD_TIME,)) or ''}", WIB))
    return _best_date(pub), _best_date(mod)


def _description(doc: _Doc) -> str | None:
    desc = meta_content(doc.metas, "og:description", "description", "twitter:description")
    if not desc and doc.ld is not None:
        desc = ld_str(doc.ld.get("description"))
    return clean_text(desc, entities=True)


def _head_subtitle(sel: Selector, title: str | None) -> str | None:
    heads = sel.css(HEAD)
    if not heads:
        return None
    head = heads[0]
    candidates = [*head.css(", ".join(SUBTITLE_CLASSED)), *head.css("p, h2")]
    for node in candidates:
        if _excluded_in_head(node, head.root):
            continue
        text = node_text(node)
        if not text or text == title or _is_boilerplate(text) or text.casefold() in UI_LABELS:
            continue
        if len(text.split()) < 4:
            continue  # labels, not a lede
        return text
    return None


def _excluded_in_head(node: Selector, head_root: Any) -> bool:
    el = node.root
    while el is not None and el is not head_root:
        if el.tag in {"figure", "figcaption", "h1", "nav", "ul", "ol", "button", "form"}:
            return True
        if SUBTITLE_EXCLUDE.search(el.get("class") or ""):
            return True
        el = el.getparent()
    return False


def _subtitle_from_description(desc: str | None, body: list[str], title: str | None) -> str | None:
    if not desc or desc == title or _is_boilerplate(desc):
        return None
    if body:
        first = body[0]
        stem = desc.rstrip(" .…").removesuffix("...").rstrip()
        if first == desc or first.startswith(stem[:100]) or stem.startswith(first[:100]):
            return None
    return desc


def _article_scope(sel: Selector) -> Selector:
    """The article block (first in document order of ARTICLE_SCOPE), or the whole page."""
    found = sel.css(", ".join(ARTICLE_SCOPE))
    return found[0] if found else sel


def _img_src(img: Any, page_url: str, base_url: str, suffix: str | None) -> str | None:
    """data-src (lazy) before src (often a placeholder); `img` is a Selector or an lxml element."""
    for name in ("data-src", "data-original", "data-lazy-src", "src"):
        value = (attr(img, name) or "").strip()
        if value and not value.startswith("data:"):
            return fold_site_url(urljoin(page_url, value), base_url, suffix)
    return None


def _images(doc: _Doc, scope: Selector) -> list[dict[str, Any]]:
    images: list[dict[str, Any]] = []
    seen: set[str] = set()
    junk = {n.root for n in scope.css(JUNK_CSS)}
    suffix = SITE.site_hosts_suffix
    for fig in scope.css("figure"):
        if any(anc in junk for anc in fig.root.iterancestors()):
            continue
        img = next(fig.root.iter("img"), None)
        if img is None:
            continue
        url = _img_src(img, doc.page_url, doc.base_url, suffix)
        if not url or url in seen:
            continue
        # The caption is the figcaption's: an img's alt is an accessibility description, often just the
        # headline again, never the caption a reader sees.
        cap = next(fig.root.iter("figcaption"), None)
        text = node_text(cap) if cap is not None else None
        caption, credit = split_caption(text)
        seen.add(url)
        images.append({"url": url, "caption": caption, "credit": credit})
    if images:
        return images
    fallbacks = ld_image_urls(doc.ld.get("image")) if doc.ld is not None else []
    og = meta_content(doc.metas, "og:image", "twitter:image")
    if og:
        fallbacks.append(og)
    for raw in fallbacks:
        url = fold_site_url(urljoin(doc.page_url, raw), doc.base_url, suffix)
        if url and url not in seen:
            seen.add(url)
            images.append({"url": url, "caption": None, "credit": None})
            break  # og:image and JSON-LD image describe the same lead picture
    return images


def _body(scope: Selector, sel: Selector) -> list[str]:
    content = None
    for css in CONTENT:
        found = scope.css(css) or sel.css(css)
        if found:
            content = found[0]
            break
    if content is None:
        return []
    paywall = {n.root for n in content.css(PAYWALL)}
    drop(content.css(f"{JUNK_CSS}, figure, figcaption"))
    paragraphs: list[str] = []
    for el in content.root.iter():
        if el in paywall:
            break  # the teaser ends at the paywall box
        if not isinstance(el.tag, str) or el.tag != "p":
            continue
        if any(anc in paywall for anc in el.iterancestors()):
            break
        text = _paragraph_text(el)
        if not text or READ_ALSO.match(text) or _is_boilerplate(text):
            continue
        paragraphs.append(text)
    return paragraphs


def _paragraph_text(el: Any) -> str:
    classes = (el.get("class") or "").split()
    if DROP_CAP_TEXT in classes:
        char = ""
        parent = el.getparent()
        if parent is not None:
            for sib in parent:
                if isinstance(sib.tag, str) and DROP_CAP_CHAR in (sib.get("class") or "").split():
                    char = normalize_space(raw_text(sib))
                    break
        return normalize_space(char + raw_text(el))
    return node_text(el)


# --- listing helpers ----------------------------------------------------------------------------------------


def _heading_text(el: Any) -> str | None:
    if not isinstance(el.tag, str):
        return None
    classes = el.get("class") or ""
    is_heading = el.tag in HEADING_TAGS or re.search(r"(^|[\s_-])(title|heading|header)", classes, re.I)
    if not is_heading or "listNews" in classes or el.xpath(".//*[contains(@class,'listNews')]"):
        return None
    text = node_text(el)
    return text if text and len(text) <= 60 else None


def _in_sidebar(item: Any, memo: dict[Any, Any] | None = None) -> bool:
    """True when a div.listNews belongs to a side block ("The Latest", "Most viewed", ...).

    Walking up from the item: an <aside> ancestor or an ancestor whose class/id names a side block
    (latest, most-viewed, popular, sidebar, ...) marks it; at each level the nearest preceding heading
    sibling (h1–h6 or a *title*/*heading* element) decides: a side-block title -> sidebar, any other
    heading -> main list. Items of the main list sit under the page's own heading or under none.

    `memo` (one dict per page) keeps the answers per element, so n sibling items cost O(n), not O(n²).
    """
    if memo is None:
        memo = {}
    el = item
    first = True
    while el is not None and isinstance(el.tag, str) and el.tag not in {"body", "html"}:
        if not first and _is_side_block(el, memo):
            return True
        first = False
        text = _preceding_heading(el, memo)
        if text is not None:
            t = text.casefold()
            return any(t == s or t.startswith(s + " ") for s in SIDEBAR_TITLES)
        el = el.getparent()
    return False


def _is_side_block(el: Any, memo: dict[Any, Any]) -> bool:
    key = ("side", el)
    if key not in memo:
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        memo[key] = el.tag == "aside" or bool(SIDEBAR_CLASS.search(ident))
    return bool(memo[key])


def _preceding_heading(el: Any, memo: dict[Any, Any]) -> str | None:
    """Text of the nearest preceding sibling of `el` that is a heading (see _heading_text), or None."""
    chain = []
    cur = el
    result = None
    while True:
        key = ("heading", cur)
        if key in memo:
            result = memo[key]
            break
        chain.append(key)
        prev = cur.getprevious()
        if prev is None:
            break
        result = _heading_text(prev)
        if result is not None:
            break
        cur = prev
    for key in chain:
        memo[key] = result
    return result


def _main_items(sel: Selector) -> list[Selector]:
    memo: dict[Any, Any] = {}
    return [item for item in sel.css(LISTING_ITEM) if not _in_sidebar(item.root, memo)]


def _looks_js_rendered(sel: Selector, page_url: str) -> bool:
    """No main items in the raw HTML, and either an inline script builds list items (mentions listNews /
    titleNews), or an empty listing container carries data-* attributes or a loading placeholder, or the
    page is page 1 of a listing (page 1 of a section is never legitimately empty; page N >= 2 without
    those markers is simply past the end)."""
    for script in sel.xpath("//script[not(contains(@type,'ld+json'))]"):
        text = script.xpath("string()").get() or ""
        src = attr(script, "src") or ""
        if any(m in text for m in JS_LIST_MARKERS) or "listNews" in src:
            return True
    containers = list(sel.css(", ".join(LISTING_CONTAINERS)))
    for node in containers:
        if any(k.startswith("data-") for k in attr_names(node)):
            return True
        elements = [c for c in node.root.iter() if isinstance(c.tag, str)]
        if any(LOADING_CLASS.search(c.get("class") or "") for c in elements):
            return True
    return bool(containers) and query_page(page_url) == 1


SITE = JakartaPostProfile(
    name="jakartapost",
    default_base_url="https://www.thejakartapost.com",
    sections=("indonesia", "business", "world", "opinion", "culture", "life", "academia", "southeast-asia"),
    site_hosts_suffix=".thejakartapost.com",
    asset_hosts=("img.jakpost.net",),
    login_path="/user/account/login",
    listing_min_full=1,
    extra_feed_sections=("multimedia", "adv"),
    boilerplate=BOILERPLATE,
)
