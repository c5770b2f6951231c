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
        from contextlib import ExitStack

        from jpcrawl.commands.inspection import PRIORITY
        from jpcrawl.replica import REPLICAS, replica_for, site_of

        assert self.settings is not None and self.crawler_process is not None
        # Each spider is checked against the replica of its site (jpcrawl.replica.replica_for); one reactor
        # runs them all, so every replica serves for the whole check.
        with ExitStack() as stack:
            default = stack.enter_context(replica_for(None, articles=CHECK_ARTICLES))
            servers = {
                site: stack.enter_context(replica_for(site, articles=CHECK_ARTICLES)) for site in REPLICAS
            }
            crawl = self.crawler_process.crawl

            def crawl_against_its_replica(spidercls: Any, *a: Any, **kw: Any) -> Any:
                kw.setdefault("base_url", servers.get(site_of(spidercls) or "", default).base_url)
                return crawl(spidercls, *a, **kw)

            self.crawler_process.crawl = crawl_against_its_replica  # type: ignore[method-assign,assignment]
            for name, value in LOOPBACK_SETTINGS.items():
                self.settings.set(name, value, priority=PRIORITY)
            super().run(args, opts)
