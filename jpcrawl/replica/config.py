"""ReplicaConfig: the knobs of the replica site (see the package docstring for what each one does)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
# A fixed clock keeps every page reproducible: relative dates and sitemap windows are computed against it.
DEFAULT_NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=WIB)

_BOT_RE = re.compile(r"bot|spider|crawl|scrapy|python|curl|wget|headlesschrome|httpx|aiohttp|java/", re.I)
_CHROME_RE = re.compile(r"(?:Chrome|CriOS)/(\d+)")
_FIREFOX_RE = re.compile(r"(?:Firefox|FxiOS)/(\d+)")
_SAFARI_RE = re.compile(r"Version/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/")


def looks_like_current_browser(user_agent: str | None) -> bool:
    """The replica front end's idea of a "current browser" (the `interstitial` knob answers everything else).

    Bot-ish words or HeadlessChrome lose; otherwise Chrome/Firefox must be version >= 100, Safari (without
    Chrome) must be `Version/15` or newer (Safari's own numbering never reached 100).
    """
    if not user_agent or _BOT_RE.search(user_agent):
        return False
    m = _CHROME_RE.search(user_agent)
    if m:
        return int(m.group(1)) >= 100
    m = _FIREFOX_RE.search(user_agent)
    if m:
        return int(m.group(1)) >= 100
    m = _SAFARI_RE.search(user_agent)
    return m is not None and int(m.group(1)) >= 15


@dataclass
class ReplicaConfig:
    """Knobs of the replica. Mutable at run time through `ReplicaServer.config` (the same object)."""

    articles: int = 300
    seed: int = 7
    now: datetime = field(default_factory=lambda: DEFAULT_NOW)
    interstitial: bool = False
    js_listings: bool = False
    fail_first: int = 0
    slow_ms: int = 0
    session_ttl: float | None = None
    break_selector: str | None = None
    hostile: bool = False
    redesign: bool = False
    cache_size: int = 2048

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            self.now = self.now.replace(tzinfo=WIB)
        if self.hostile:
            # One switch for "everything a real front end may throw at a crawler".
            self.interstitial = True
            self.js_listings = True
            self.fail_first = self.fail_first or 1
            self.slow_ms = self.slow_ms or 20
