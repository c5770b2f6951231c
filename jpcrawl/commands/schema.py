"""`scrapy schema`: print the Article JSON Schema that ships with jpcrawl (the feed contract)."""

from __future__ import annotations

import argparse
import json
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return ""

    def short_desc(self) -> str:
        return "Print the JSON Schema of jpcrawl's Article feed items"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from jpcrawl.pipelines.validate import load_schema

        print(json.dumps(load_schema(), indent=2, ensure_ascii=False))
