"""A spider for tests/test_failures.py: one dont_filter request (as a login, a retry or a render escalation
makes) to a page that redirects to another host. Arguments: start (the URL), allowed (the allowed host)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy


class OffsiteProbe(scrapy.Spider):
    name = "offsite_probe"

    def __init__(self, start: str = "", allowed: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start
        self.allowed_domains = [allowed]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, dont_filter=True, meta={"dont_obey_robotstxt": True})

    def parse(self, response: scrapy.http.Response) -> None:
        self.logger.info("landed on %s", response.url)
