"""`scrapy shell URL`: Scrapy's shell, working out of the box on jpcrawl's project, with the page objects.

* Pages come through Scrapy's plain HTTP handler: the Playwright handler needs the crawl's event loop and
  would block the shell forever. A page whose content a script inserts looks empty here, as it does to
  `curl`; `scrapy parse` renders as the crawl does.
* Nothing of a crawl run happens (jpcrawl.commands.inspection): no feed, report, state, lock or alert.
* Besides Scrapy's objects, the namespace has:
    page(response=None)  what the site's page object makes of a response (default: the current one): an
                         Article, a Listing, or None for any other page
    article              page(response) when the current response is an article page, else None
    listing              page(response) when the current response is a listing page, else None
    kind                 the page kind the site profile sees (article, listing, interstitial, ...)
    site                 the site profile (jpcrawl.pages), e.g. site.parse_article(url, html, base_url)

    scrapy shell http://127.0.0.1:8123/world -c "len(listing.entries)"
    scrapy shell http://127.0.0.1:8123/world/2026/11/27/some-slug.html -c "article.title"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.commands.shell import Command as ScrapyShell

from jpcrawl.commands.inspection import PLAIN_HTTP, apply_inspection_settings, origin

if TYPE_CHECKING:
    import argparse


def site_for(spider: Any) -> Any:
    site = getattr(spider, "site", None)
    if site is None:  # a spider without a profile: the default spider's
        from jpcrawl.spiders.lookup import DEFAULT_SPIDER, spider_class

        site = spider_class(DEFAULT_SPIDER).site
    return site


def page_object(response: Any, spider: Any = None) -> Any:
    """The page object's reading of a response: Article, Listing or None."""
    from datetime import datetime, timezone

    from jpcrawl.pages.detect import PageKind

    if response is None or not hasattr(response, "text"):
        return None
    site = site_for(spider)
    base_url = origin(response.url)
    kind = site.classify(response.url, response.text)
    if kind in (PageKind.ARTICLE, PageKind.PAYWALLED):
        return site.parse_article(response.url, response.text, base_url)
    if kind is PageKind.LISTING:
        return site.parse_listing(response.url, response.text, base_url, datetime.now(timezone.utc))
    return None


class Command(ScrapyShell):
    def short_desc(self) -> str:
        return "Interactive console (plain HTTP) with jpcrawl's page objects: page(response), article"

    def long_desc(self) -> str:
        return __doc__ or ""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        apply_inspection_settings(self.settings, **PLAIN_HTTP)

    def update_vars(self, vars: dict[str, Any]) -> None:
        from jpcrawl.pages.detect import PageKind

        spider = vars.get("spider")
        response = vars.get("response")
        site = site_for(spider)
        vars["site"] = site
        vars["page"] = lambda resp=None: page_object(resp if resp is not None else vars["response"], spider)
        vars["kind"] = vars["article"] = vars["listing"] = None
        if response is not None and hasattr(response, "text"):
            kind = site.classify(response.url, response.text)
            vars["kind"] = kind.value
            parsed = page_object(response, spider)
            if kind in (PageKind.ARTICLE, PageKind.PAYWALLED):
                vars["article"] = parsed
            elif kind is PageKind.LISTING:
                vars["listing"] = parsed
