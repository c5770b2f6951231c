"""`scrapy parse URL`: Scrapy's parse command, fitted to jpcrawl's spiders.

    scrapy parse --spider jakartapost http://127.0.0.1:8123/world               # a listing: its requests
    scrapy parse --spider jakartapost http://127.0.0.1:8123/world/2026/11/27/x.html   # an article: the item

* Without `-c`, the spider's `parse` dispatches by page kind (listing -> parse_listing, article ->
  parse_article); `-c parse_article` / `-c parse_listing` pick one.
* Items go through the item pipelines by default (clean, validate, dedupe), so they look as in the feed
  (content_hash, word_count, crawled_at); `--no-pipelines` shows the raw page-object output.
* `-a base_url` defaults to the URL's origin, and the request is fetched as the crawl would (listings
  through the browser), so a replica URL just works. `--spider` defaults to jakartapost.
* Nothing of a crawl run happens (jpcrawl.commands.inspection): no feed, report, state, lock or alert, so
  it is safe while the scheduled crawl runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.parse import Command as ScrapyParse
from scrapy.exceptions import UsageError
from w3lib.url import is_url

from jpcrawl.commands.inspection import apply_inspection_settings, is_news_spider, origin
from jpcrawl.spiders.lookup import DEFAULT_SPIDER

if TYPE_CHECKING:
    import argparse



class Command(ScrapyParse):
    def short_desc(self) -> str:
        return "Parse a URL with the spider (page-kind dispatch, pipelines on) and print what comes out"

    def long_desc(self) -> str:
        return __doc__ or ""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--no-pipelines", dest="no_pipelines", action="store_true",
            help="show items as the page object makes them, before clean/validate/dedupe",
        )  # fmt: skip

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        apply_inspection_settings(self.settings)
        opts.pipelines = not opts.no_pipelines

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or not is_url(args[0]):
            raise UsageError("expected one absolute URL", print_help=False)
        assert self.crawler_process is not None
        if not opts.spider:
            from scrapy import Request
            from scrapy.utils.spider import spidercls_for_request

            found = spidercls_for_request(self.crawler_process.spider_loader, Request(args[0]))
            opts.spider = found.name if found is not None else DEFAULT_SPIDER
        try:
            spidercls = self.crawler_process.spider_loader.load(opts.spider)
        except KeyError:
            raise UsageError(f"no spider named {opts.spider!r} (scrapy list)", print_help=False) from None
        if is_news_spider(spidercls):
            opts.spargs.setdefault("base_url", origin(args[0]))
            site = spidercls.site  # type: ignore[attr-defined]  # a NewsSpider
            meta = dict(opts.meta or {})
            if "jpcrawl_page_type" not in meta:
                # As the crawl would fetch it: listings through the browser (JPCRAWL_RENDER).
                callback = opts.callback or ""
                if callback == "parse_listing":
                    meta["jpcrawl_page_type"] = "listing"
                elif callback == "parse_article" or site.is_article_url(args[0]):
                    meta["jpcrawl_page_type"] = "article"
                else:
                    meta["jpcrawl_page_type"] = "listing"
            opts.meta = meta
            from jpcrawl.commands.preflight import check_spider_arguments

            check_spider_arguments(spidercls, opts.spargs)
        super().run(args, opts)
