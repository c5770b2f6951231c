"""`scrapy fetch URL`: Scrapy's fetch, as plain HTTP (what the server sends, before any rendering), with
nothing of a crawl run (jpcrawl.commands.inspection): no feed, report, state, lock or alert."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.fetch import Command as ScrapyFetch

from jpcrawl.commands.inspection import PLAIN_HTTP, apply_inspection_settings

if TYPE_CHECKING:
    import argparse


class Command(ScrapyFetch):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        apply_inspection_settings(self.settings, **PLAIN_HTTP)
