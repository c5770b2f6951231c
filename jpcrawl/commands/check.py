"""`scrapy check [spider]`: Scrapy's contracts (jpcrawl.contracts), against the bundled replica.

Without `-a base_url`, it starts the replica on a free loopback port for the duration of the check and
points every spider at it, so `scrapy check` works from a clean checkout with no network; with
`-a base_url=URL` it checks that server instead (the real site, say). Nothing of a crawl run happens
(jpcrawl.commands.inspection): no feed, report, state, lock or alert.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.commands.check import Command as ScrapyCheck

from jpcrawl.commands.inspection import apply_inspection_settings
from jpcrawl.replica.loopback import LOOPBACK_SETTINGS

if TYPE_CHECKING:
    import argparse

CONTRACTS = {"jpcrawl.contracts.ReplicaContract": 10}
CHECK_ARTICLES = 60  # enough for every section's first listing page to link free articles


class Command(ScrapyCheck):
    def short_desc(self) -> str:
        return "Check spider contracts (against the bundled replica unless -a base_url is given)"

    def long_desc(self) -> str:
        return __doc__ or ""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        contracts = {**self.settings.getdict("SPIDER_CONTRACTS"), **CONTRACTS}
        apply_inspection_settings(self.settings, SPIDER_CONTRACTS=contracts)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if opts.list or opts.spargs.get("base_url"):
            super().run(args, opts)
            return
        from jpcrawl.commands.inspection import PRIORITY
        from jpcrawl.replica import CourierConfig, CourierServer, ReplicaConfig, ReplicaServer

        assert self.settings is not None and self.crawler_process is not None
        # Each spider is checked against the replica of its site (the generic `news` spider against the
        # Jakarta Post's); one reactor runs them all, so both replicas serve for the whole check.
        with (
            ReplicaServer(ReplicaConfig(articles=CHECK_ARTICLES)) as jakartapost,
            CourierServer(CourierConfig(articles=CHECK_ARTICLES)) as courier,
        ):
            bases = {"courier": courier.base_url}
            crawl = self.crawler_process.crawl

            def crawl_against_its_replica(spidercls: Any, *a: Any, **kw: Any) -> Any:
                site = getattr(getattr(spidercls, "site", None), "name", None)
                kw.setdefault("base_url", bases.get(str(site), jakartapost.base_url))
                return crawl(spidercls, *a, **kw)

            self.crawler_process.crawl = crawl_against_its_replica  # type: ignore[method-assign,assignment]
            for name, value in LOOPBACK_SETTINGS.items():
                self.settings.set(name, value, priority=PRIORITY)
            super().run(args, opts)
