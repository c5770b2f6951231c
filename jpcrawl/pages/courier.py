"""The Island Courier: a WordPress news site. Its selectors, on top of the generic readers.

Everything this module does not read (URL, images, language, premium flags) comes from the generic readers
(jpcrawl/pages/generic/), and so does any field whose selector below finds nothing: the page object then
reports that field as a fallback, so a theme change shows in the run report instead of emptying the feed.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from jpcrawl.pages.generic.body import paragraphs_of
from jpcrawl.pages.generic.fields import GenericPage
from jpcrawl.pages.generic.profile import MISSING, GenericProfile
from jpcrawl.processors import normalize_space, parse_iso_datetime

SITE_NAME = "The Island Courier"
ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")
CATEGORY_PATH = re.compile(r"/category/([^/]+)/")


class CourierProfile(GenericProfile):
    def is_article_url(self, url: str) -> bool:
        try:
            return bool(ARTICLE_PATH.match(urlsplit(url).path))
        except ValueError:
            return False

    def listing_url(self, base_url: str, section: str, page: int = 1) -> str:
        url = f"{base_url.rstrip('/')}/category/{section.strip('/')}/"
        return url if page <= 1 else f"{url}page/{page}/"

    def site_fields(self, page: GenericPage) -> dict[str, Any]:
        post = page.sel.css("article.post")
        if not post:
            return dict.fromkeys(("title", "authors", "source", "published_at", "modified_at", "section",
                                  "tags", "body"), MISSING)  # fmt: skip
        post = post[:1]
        # The theme has no standfirst (the description is an automatic excerpt), subsections or datelines.
        out: dict[str, Any] = {"subtitle": None, "subsection": None, "dateline": None}
        out["title"] = normalize_space(post.css("h1.entry-title").xpath("string()").get()) or MISSING
        out["authors"], out["source"] = _byline(post)
        published = post.css("time.published::attr(datetime)").get()
        updated = post.css("time.updated:not(.published)::attr(datetime)").get()
        out["published_at"] = parse_iso_datetime(published) if published else MISSING
        out["modified_at"] = parse_iso_datetime(updated) if published else MISSING
        category = post.css("a[rel~='category']::attr(href)").re_first(CATEGORY_PATH)
        out["section"] = category or MISSING
        footer = post.css("footer.entry-footer")
        out["tags"] = [normalize_space(t) for t in footer.css("a[rel=tag]").xpath("string()").getall()]
        if not footer:
            out["tags"] = MISSING
        content = post.css("div.entry-content")
        out["body"] = paragraphs_of([content[0].root]) if content else MISSING
        return out


def _byline(post: Any) -> tuple[Any, Any]:
    """ "by A and B" (staff), "By A | AFP" (wire), "By <span.agency>Reuters" (agency only)."""
    byline = post.css("span.byline")
    if not byline:
        return MISSING, MISSING
    names = [normalize_space(n) for n in byline.css(".author.vcard .fn").xpath("string()").getall()]
    agency = normalize_space(byline.css(".agency").xpath("string()").get())
    if agency:
        return [], agency
    text = normalize_space(byline.xpath("string()").get())
    wire = text.rsplit(" | ", 1)[1] if " | " in text else None
    return [n for n in names if n], wire or SITE_NAME


SITE = CourierProfile(
    name="courier",
    default_base_url="https://islandcourier.example",
    sections=("news", "business", "world", "region", "lifestyle", "culture", "opinion"),
    site_name=SITE_NAME,
)
