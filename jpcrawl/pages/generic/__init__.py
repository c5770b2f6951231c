"""Generic readers: article fields, body, images and discovery for pages no site profile describes.

Pure code over (url, html); no site names. Every reader returns a value (None / [] when the page does not
say) and never raises; work is bounded on huge or hostile pages.

Per-field API (for a site profile's fallbacks: "graceful drift")
-----------------------------------------------------------------
Build ONE `GenericPage` per page and ask it only for the fields your selectors missed; each reader is
computed lazily, once, and never mutates the tree (so it can share the profile's parsel Selector; build it
before the profile drops nodes if the fallback must see them)::

    from jpcrawl.pages.generic import GenericPage
    g = GenericPage(sel, url, base_url, site_name="Example Times", sections=("world", "business"))
    body = site_body(...) or count_fallback("body", g.body())

    g.title() -> str | None                    JSON-LD headline / og:title / h1 / <title>, suffix-cleaned
    g.subtitle() -> str | None                 lede/standfirst element (never the description)
    g.description() -> str | None
    g.authors() -> (list[str], str | None)     (authors, source)
    g.dates() -> (published_at, modified_at)   ISO 8601, the page's own offset kept
    g.tags() -> list[str]
    g.section() -> (section_slug, subsection)
    g.body() -> list[str]                      paragraphs
    g.images() -> list[{"url","caption","credit"}]
    g.language() -> str | None
    g.dateline() -> str | None
    g.is_premium() / g.is_paywalled() / g.is_article() -> bool
    g.canonical() -> str
    g.fields() -> dict                         every jpcrawl.items.EXTRACTED_FIELDS key
    g.field(name) -> value                     one field by its Article name (KeyError for unknown names)

Fallback pattern (the profile counts each use, e.g. stats jpcrawl/fallback/<field>)::

    fallbacks = []
    for name in ("title", "published_at", "authors", "tags", "body", "images"):
        if not fields[name]:
            value = g.field(name)
            if value:
                fields[name] = value
                fallbacks.append(name)

`generic_fields(url, html, base_url=None) -> dict` is the one-shot form (raw HTML in, all fields out).

Lower-level readers, usable alone:
    jsonld.read_ld_article(sel) -> LdArticle | None; jsonld.LdGraph.of(sel) (nodes, @id resolution)
    meta.read_meta(sel) -> PageMeta; meta.clean_title(title, site_names=, url=, sections=, references=)
    meta.header_times(element) -> (published[], modified[])
    body.read_body(sel) -> list[str]; body.find_roots(sel); body.paragraphs_of(roots); body.is_junk(el)
    images.read_images(root, body_roots, page_url, share_images) -> list[dict]; images.img_url(img, page_url)
    discovery.robots_sitemaps(text, base_url), sitemap_children(xml) -> [SitemapChild(url, kind)],
        classify_sitemap(url), document_kind(xml), urlset_entries(xml), feed_entries(xml),
        listing_entries(sel, page_url, base_url, canonicalize), next_page_url(sel, page_url),
        section_links(sel, page_url, base_url), looks_like_article_url(url, base_url),
        is_article_page(sel), page_number(url), with_page(url, n)

`GenericProfile` (profile.py) is a SiteProfile built on these alone; `scrapy crawl news -a base_url=URL`
(jpcrawl/spiders/news.py) crawls a site with it.
"""

from __future__ import annotations

from typing import Any

from jpcrawl.pages.base import Html
from jpcrawl.pages.generic.fields import GenericPage, best_date, slugify
from jpcrawl.pages.generic.profile import GenericProfile, generic_profile


def generic_fields(
    url: str, html: Html, base_url: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Every extracted field of a page from the generic readers ({} when there is no document)."""
    page = GenericPage.parse(url, html, base_url, **kwargs)
    return page.fields() if page is not None else {}


__all__ = ["GenericPage", "GenericProfile", "best_date", "generic_fields", "generic_profile", "slugify"]
