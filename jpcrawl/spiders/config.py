"""The news spiders' settings (defaults: jpcrawl/settings.py), for jpcrawl/spiders/base.py to read.

A module of its own only because base.py was being reworked when the other components moved to config
dataclasses; NewsSpider reads `SpiderConfig.from_settings(self.settings)` instead of `settings.getint(NAME,
default)` calls with defaults of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.settings import BaseSettings

from jpcrawl import config


@dataclass(frozen=True)
class SpiderConfig:
    max_listing_pages: int  # 0: no ceiling
    incremental_stop_pages: int  # 0: walk to the end
    refresh_known: bool
    listing_lead: int
    feed_sections: list[str]

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> SpiderConfig:
        return cls(
            max_listing_pages=config.getint(settings, "JPCRAWL_MAX_LISTING_PAGES"),
            incremental_stop_pages=config.getint(settings, "JPCRAWL_INCREMENTAL_STOP_PAGES"),
            refresh_known=config.getbool(settings, "JPCRAWL_REFRESH_KNOWN"),
            listing_lead=config.getint(settings, "JPCRAWL_LISTING_LEAD"),
            feed_sections=config.getlist(settings, "JPCRAWL_FEED_SECTIONS"),
        )
