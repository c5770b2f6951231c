"""`--spider NAME` of the commands that run a spider against its site's replica (demo, fixtures, benchmark).

The spider's site profile (`spidercls.site`) decides which replica serves it: jpcrawl.replica.replica_for.
"""

from __future__ import annotations

import argparse

from jpcrawl.spiders.lookup import DEFAULT_SPIDER, spider_class, spider_site

__all__ = ["DEFAULT_SPIDER", "add_spider_option", "spider_class", "spider_site"]

def add_spider_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spider", default=DEFAULT_SPIDER, help=f"spider to run (default {DEFAULT_SPIDER}; see scrapy list)"
    )


