"""`scrapy replica`: serve a replica site on 127.0.0.1 (see jpcrawl.replica)."""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from jpcrawl.replica.cli import add_arguments, serve, server_from_args


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--site jakartapost|courier] [--port N] [--articles N] [--seed N] [knob options]"

    def short_desc(self) -> str:
        return "Serve the replica news site (prints its base URL first, runs until Ctrl-C)"

    def long_desc(self) -> str:
        return (
            "Serve a deterministic replica site on 127.0.0.1 for tests, demos and benchmarks: The Jakarta "
            "Post's (default) or, with --site courier, The Island Courier, a WordPress-like publisher. "
            "The first stdout line is the base URL. See the jpcrawl.replica and jpcrawl.replica.courier "
            "docstrings for pages and knobs."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_arguments(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        serve(server_from_args(opts))
