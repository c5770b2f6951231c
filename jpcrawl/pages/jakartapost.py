"""The Jakarta Post: every selector, signature, phrase and URL rule of the site lives in this module.

The walks are the generic readers' (jpcrawl/pages/generic/: `template` for the article's fields, `listing`
for the main list and pagination, `login` for the form); this module passes them its selectors and keeps
the field order below. A page none of its templates matches is read by the generic readers alone (drift).

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
    class_tokens,
    drop,
    fixed_offset,
    json_ld_article,
    ld_bool,
    ld_str,
    make_selector,
    meta_contains,
    meta_content,
    meta_map,
    node_text,
    note_error,
)
from jpcrawl.pages.detect import PageKind, Signatures, classify_document
from jpcrawl.pages.generic import GenericPage, best_date
from jpcrawl.pages.generic.listing import SideBlocks, looks_script_rendered, main_items, next_listing_url
from jpcrawl.pages.generic.login import parse_login_form, shows_logout
from jpcrawl.pages.generic.template import (
    DropCap,
    Fallbacks,
    content_paragraphs,
    figure_images,
    first_text,
    head_lede,
    img_src,
    meta_row_dateline,
    read_byline,
    subtitle_from_description,
)
from jpcrawl.processors import (
    Boilerplate,
    clean_text,
    first_path_segment,
    language_code,
    normalize_space,
    parse_iso_datetime,
    parse_text_date,
    relative_to_iso,
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
LISTING_CLASS = "listNews"
LISTING_ITEM = f"div.{LISTING_CLASS}"
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
BYLINE_LABEL = ".tjp-meta__label"
# Class fragments of the meta row's elements that are not the dateline (byline, badge, dates, widgets).
META_ROW_NOT_DATELINE = ("tjp-meta__label", "premium", "created", "updated", "date", "share", "size")
OLD_WRITER = "span.writerName"  # the old layout: one span per writer
BYLINE = ("div.tjp-single__head .tjp-meta__label", ".tjp-meta .tjp-meta__label", ".tjp-meta__label",
          "div.tjp-single__head .author", OLD_WRITER, ".detailNews .author")  # fmt: skip
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
DROP_CAP = DropCap(char_class="tjp-opening__char", text_class="tjp-opening__txt")
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
# Page links inside a pagination block or a <nav> ("pagi" covers "pagination").
PAGINATION_LINKS = ":is([class*='pagi'], nav) a[href*='page=']"
# Block headings and container classes of the sidebar lists that also hold div.listNews items.
SIDEBAR_TITLES = ("the latest", "most viewed", "most popular", "popular", "most shared", "trending",
                  "editor's choice", "editor's picks", "related", "read next", "more stories")  # fmt: skip
SIDEBAR_CLASS = re.compile(
    r"latest|most-?viewed|most_viewed|mostviewed|jpmv|popular|sidebar|trending|related|widget|aside", re.I
)
SIDE_BLOCKS = SideBlocks(titles=SIDEBAR_TITLES, classes=SIDEBAR_CLASS, item_class=LISTING_CLASS)
JS_LIST_MARKERS = (LISTING_CLASS, "titleNews")
# A real listing page holds ~28 items; past this many, a page is hostile or broken and the rest of its
# items are skipped (counted as field error "items_over_limit"), so one page costs bounded time.
MAX_LISTING_ITEMS = 500


@dataclass
class _Doc:
    """A parsed page and what every field reader needs (computed once: each query walks the tree)."""

    sel: Selector
    page_url: str  # as fetched (for relative assets)
    base_url: str
    ld: dict[str, Any] | None
    metas: dict[str, str]
    # div.tjp-single (or the old layout's block): field queries run inside it, not over the whole page;
    # on a real ~100 KiB page every document-wide CSS query costs about a millisecond.
    scope: Selector


def _is_boilerplate(text: str) -> bool:
    return _BOILERPLATE.matches(text)


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
        fallbacks = Fallbacks(generic)
        doc = _Doc(sel=sel, page_url=url or base_url, base_url=base_url, ld=ld, metas=metas, scope=scope)
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
        title = read("title", None, _title, doc, section)
        authors, source = read("authors", ([], None), _byline, doc)
        dateline = read("dateline", None, _dateline, doc, authors, source)
        description = read("subtitle", None, _description, doc)

        if scope.root is sel.root:  # no article block: the hidden interstitial is inside the scope
            drop(sel.css(INTERSTITIAL))
        head_subtitle = read("subtitle", None, _head_subtitle, scope, title)
        if drifted:
            # The generic readers see the page without the interstitial block (dropped above) and find the
            # article block themselves; this site's selectors would walk the whole page.
            paywalled = paywalled or (is_premium and generic.is_paywalled())
            if not authors and source is None:
                authors, source = fallbacks.pair("authors", generic.authors())
            dateline = fallbacks.fill("dateline", dateline)
            head_subtitle = fallbacks.fill("subtitle", head_subtitle)
            subsection = fallbacks.fill("subsection", subsection)
            body = fallbacks.fill("body", [])
            images = fallbacks.fill("images", [])
        else:
            images = read("images", [], _images, doc, scope)
            body = read("body", [], _body, scope, sel)
        title = fallbacks.fill("title", title)
        if not published:
            published, modified = fallbacks.pair("published_at", generic.dates())
        tags = fallbacks.fill("tags", tags)
        # Where the page has the article head block, it is authoritative: a head without a lede means no
        # subtitle, since og:description then holds a summary. Other layouts fall back to the description.
        has_head = bool(scope.css(HEAD))
        subtitle = head_subtitle
        if subtitle is None and not has_head:
            subtitle = subtitle_from_description(description, body, title, _is_boilerplate)
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
        return ArticlePage(article, tuple(fallbacks.names))

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
        if kind in {PageKind.INTERSTITIAL, PageKind.EMPTY}:  # neither kind has a listing item
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
        title = first_text(item, ("h2.titleNews", ".titleNews", "h2", "h3", "h4", "h5"))
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
        dt_attr = item.css("time::attr(datetime)").get()
        published = parse_iso_datetime(dt_attr, WIB)
        date_text = first_text(item, (L_DATE,))
        if not published:
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
            image = img_src(img, page_url, base_url, self.site_hosts_suffix)
            if image:
                break
        return ListingEntry(url=url, title=title, summary=summary, is_premium=premium, published_at=published,
                            subsection=subsection, image=image)  # fmt: skip

    def _next_url(self, sel: Selector, page_url: str, base_url: str, n_entries: int) -> str | None:
        """An explicit next link, else the pagination link to page+1, else (no pagination markup) page+1
        when the page holds >= `listing_min_full` main items. The real page size (~28) is not guaranteed
        anywhere, while SITE.md guarantees that a page past the end is empty, so the default threshold is
        1: at worst one extra request per section finds the empty page."""
        return next_listing_url(
            sel, page_url, n_entries, next_css=PAGINATION_NEXT, links_css=PAGINATION_LINKS,
            canonical=lambda u: self.canonical_url(u, base_url),
            page_url_for=lambda path, n: self.listing_url(base_url, path, n), min_full=self.listing_min_full,
        )  # fmt: skip

    # --- login ---
    def parse_login_form(self, url: str, html: Html) -> LoginForm | None:
        try:
            return self._parse_login_form(url, html)
        except Exception:
            log.exception("parse_login_form failed for %s", url)
            return None

    def _parse_login_form(self, url: str, html: Html) -> LoginForm | None:
        return parse_login_form(url, html, LOGIN_FORM)

    def is_logged_in(self, html: Html) -> bool:
        """A link or form to a logout URL (/user/account/logout), or a link or button reading "Logout" /
        "Log out" / "Sign out". A "Login / Register" link alone means anonymous."""
        try:
            return shows_logout(html, INTERSTITIAL)
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


def _title(doc: _Doc, section: str | None) -> str | None:
    ld_title = clean_text(ld_str(doc.ld.get("headline")), entities=True) if doc.ld else None
    if ld_title:
        return ld_title
    # The breadcrumb items include the active one (the subsection).
    labels = [*SECTION_LABELS, *(node_text(n) for n in doc.scope.css(BREADCRUMB_ITEMS))]
    if section:
        labels.append(section)
    og = strip_title_suffix(meta_content(doc.metas, "og:title", "twitter:title"), SITE_NAME, labels)
    h1 = first_text(doc.scope, TITLE_H1)
    if og and h1 and og != h1 and og.startswith(h1 + " - "):
        return h1  # og:title had a section label we did not know
    if og:
        return og
    if h1:
        return h1
    return strip_title_suffix(doc.sel.css("title").xpath("string()").get(), SITE_NAME, labels)


def _byline(doc: _Doc) -> tuple[list[str], str | None]:
    return read_byline(doc.scope, doc.ld, doc.metas, selectors=BYLINE, agencies=AGENCIES, skip=_is_label,
                       one_per_writer=(OLD_WRITER,))  # fmt: skip


def _not_body(text: str) -> bool:
    return bool(READ_ALSO.match(text)) or _is_boilerplate(text)


def _is_label(text: str) -> bool:
    return text.casefold() in UI_LABELS or _is_boilerplate(text)


def _dateline(doc: _Doc, authors: list[str], source: str | None) -> str | None:
    sel = doc.scope
    text = first_text(sel, (", ".join(DATELINE),))
    if text:
        return text
    skip = {a.casefold() for a in authors}
    if source:
        skip.add(source.casefold())
    for meta in sel.css(META_ROW)[:1]:
        byline = first_text(meta, (BYLINE_LABEL,))
        if byline:
            skip.add(byline.casefold())
        text = meta_row_dateline(meta, exclude_classes=META_ROW_NOT_DATELINE, agencies=AGENCIES,
                                 skip=lambda t: _is_label(t) or t.casefold() in skip)  # fmt: skip
        if text:
            return text
    posting = first_text(sel, (OLD_POSTING,))
    if posting:
        first = normalize_space(posting.split("/")[0])
        if first and not any(ch.isdigit() for ch in first) and len(first.split()) <= 4:
            return first
    return None


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
    day = first_text(sel, (OLD_DAY,))
    if day:
        pub.append(parse_text_date(f"{day} {first_text(sel, (OLD_TIME,)) or ''}", WIB))
    return best_date(pub), best_date(mod)


def _description(doc: _Doc) -> str | None:
    desc = meta_content(doc.metas, "og:description", "description", "twitter:description")
    if not desc and doc.ld is not None:
        desc = ld_str(doc.ld.get("description"))
    return clean_text(desc, entities=True)


def _head_subtitle(sel: Selector, title: str | None) -> str | None:
    heads = sel.css(HEAD)
    if not heads:
        return None
    return head_lede(
        heads[0], classed=SUBTITLE_CLASSED, exclude=SUBTITLE_EXCLUDE, title=title, skip=_is_label
    )


def _article_scope(sel: Selector) -> Selector:
    """The article block (first in document order of ARTICLE_SCOPE), or the whole page."""
    found = sel.css(", ".join(ARTICLE_SCOPE))
    return found[0] if found else sel


def _images(doc: _Doc, scope: Selector) -> list[dict[str, Any]]:
    return figure_images(scope, junk_css=JUNK_CSS, page_url=doc.page_url, base_url=doc.base_url,
                         hosts_suffix=SITE.site_hosts_suffix, ld=doc.ld, metas=doc.metas)  # fmt: skip


def _body(scope: Selector, sel: Selector) -> list[str]:
    for css in CONTENT:
        found = scope.css(css) or sel.css(css)
        if found:
            return content_paragraphs(found[0], junk_css=JUNK_CSS, stop_css=PAYWALL, drop_cap=DROP_CAP,
                                      skip=_not_body)  # fmt: skip
    return []


def _main_items(sel: Selector) -> list[Selector]:
    return main_items(sel, LISTING_ITEM, SIDE_BLOCKS)


def _looks_js_rendered(sel: Selector, page_url: str) -> bool:
    return looks_script_rendered(sel, page_url, script_markers=JS_LIST_MARKERS, src_markers=(LISTING_CLASS,),
                                 containers_css=", ".join(LISTING_CONTAINERS))  # fmt: skip


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
