"""`scrapy benchmark [--spider NAME]`: naive rendering vs jpcrawl defaults vs plain HTTP, the spider crawling
its site's replica; `--soak`: memory over a long crawl. The work is in jpcrawl/bench/."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from pathlib import Path

from scrapy.commands import ScrapyCommand

from jpcrawl.commands.spiderarg import add_spider_option, spider_class


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Benchmark crawl modes on the replica (naive / defaults / HTTP only), or --soak for memory"

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        add_spider_option(parser)
        parser.add_argument("--articles", type=int, default=None,
                            help="articles on the replica (default 2000; 10000 with --soak)")  # fmt: skip
        parser.add_argument("--out", default=None, help="output directory (default feeds/benchmark/<time>)")
        parser.add_argument("--modes", default="naive,defaults,http", help="comma-separated modes to run")
        parser.add_argument("--no-capacity", action="store_true", help="skip the replica capacity load")
        parser.add_argument("--soak", action="store_true", help="one long crawl (defaults): memory over time")

    def run(self, args: list[str], opts: Namespace) -> None:
        from jpcrawl.bench import run_benchmark, run_soak
        from jpcrawl.bench.run import MODES

        spider_class(opts.spider, self.settings)  # an unknown name fails here, before any replica starts
        out = Path(opts.out) if opts.out else None
        if opts.soak:
            _, _, code = run_soak(articles=opts.articles or 10_000, out_dir=out, log=_say, spider=opts.spider)
        else:
            modes = tuple(m.strip() for m in opts.modes.split(",") if m.strip())
            unknown = [m for m in modes if m not in MODES]
            if unknown:
                raise SystemExit(f"unknown mode(s) {unknown}: expected {list(MODES)}")
            _, _, code = run_benchmark(
                articles=opts.articles or 2000, out_dir=out, modes=modes, capacity=not opts.no_capacity,
                log=_say, spider=opts.spider,
            )  # fmt: skip
        self.exitcode = code


def _say(message: str) -> None:
    print(message, flush=True)
