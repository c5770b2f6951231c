"""`scrapy seed <spider>`: start a distributed crawl by pushing its seed requests into Redis, once.

    JPCRAWL_REDIS_URL=redis://10.0.0.5:6379/0 scrapy seed jakartapost -a sections=world,business
    JPCRAWL_REDIS_URL=... scrapy crawl jakartapost          # then on every worker

The seeds are exactly the requests the spider's start() yields (section listings, page 1), built by the
spider itself from the same -a arguments, and go into the shared queue through the shared dupefilter.
A new crawl clears the previous crawl's queue and fingerprints (never the dedupe state); it refuses while
workers are alive or requests are queued. --append adds seeds to the running crawl instead.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any, ClassVar

from scrapy import Request
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import arglist_to_dict

from jpcrawl.distributed.connection import connect, key_prefix, redis_url
from jpcrawl.distributed.seed import CrawlInProgress, seed


async def _start_requests(spider: Any) -> list[Request]:
    return [r async for r in spider.start() if isinstance(r, Request)]


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "<spider> [-a base_url=...] [-a sections=a,b] [--append]"

    def short_desc(self) -> str:
        return "Push a distributed crawl's seed requests to Redis (JPCRAWL_REDIS_URL)"

    def long_desc(self) -> str:
        return __doc__ or ""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="spider argument (as for scrapy crawl); may be repeated",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add the seeds to the running crawl instead of starting a new one",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError as exc:
            raise UsageError("Invalid -a value, use -a NAME=VALUE", print_help=False) from exc

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError()
        assert self.settings is not None
        url = redis_url(self.settings)
        if not url:
            raise UsageError(
                "set JPCRAWL_REDIS_URL (environment or -s) to the crawl's Redis", print_help=False
            )
        from scrapy.crawler import Crawler
        from scrapy.spiderloader import get_spider_loader

        from jpcrawl.commands.preflight import UsageProblem, check_redis, usage_exit

        try:
            check_redis(self.settings)  # a Redis that does not answer is a usage error, not a traceback
        except UsageProblem as exc:
            usage_exit(str(exc))
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            usage_exit(f"no spider named {args[0]!r} (scrapy list shows them)")
        # A crawler that never crawls (no extensions, no engine): the spider's start() may read its
        # settings and crawler, as in a worker.
        crawler = Crawler(spidercls, self.settings)
        spider = crawler.spider = crawler._create_spider(**opts.spargs)
        try:
            requests = asyncio.run(_start_requests(spider))
        finally:
            closed = getattr(spider, "closed", None)
            if callable(closed):
                closed("seeded")
        server = connect(url)
        prefix = key_prefix(self.settings, spidercls.name)
        try:
            pushed, filtered = seed(
                server,
                prefix,
                requests,
                spider,
                base_url=getattr(spider, "base_url", ""),
                sections=getattr(spider, "sections", []),
                append=opts.append,
            )
        except CrawlInProgress as exc:
            print(f"seed: {exc}")
            self.exitcode = 1
            return
        print(f"seed: {pushed} requests pushed to {prefix}:requests ({filtered} already seen)")
