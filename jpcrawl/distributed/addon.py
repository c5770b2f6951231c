"""The Distributed add-on: distributed mode iff JPCRAWL_REDIS_URL."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from jpcrawl.distributed.connection import CLAIM_PIPELINE_ORDER, ENV_URL, redis_url
from jpcrawl.distributed.extension import DistributedWorker
from jpcrawl.distributed.middleware import DistributedStartMiddleware, LeaseMiddleware
from jpcrawl.distributed.pipeline import ClaimPipeline

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


class Distributed:
    """Add-on (ADDONS = {"jpcrawl.distributed.addon.Distributed": 10}): distributed mode iff
    JPCRAWL_REDIS_URL."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        settings.set(ENV_URL, url, priority="addon")
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER", "jpcrawl.distributed.scheduler.RedisScheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "jpcrawl.distributed.scheduler.RedisDupeFilter", priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.setdefault_in_component_priority_dict("EXTENSIONS", DistributedWorker, 10)
        settings.setdefault_in_component_priority_dict("SPIDER_MIDDLEWARES", DistributedStartMiddleware, 1)
        settings.setdefault_in_component_priority_dict("ITEM_PIPELINES", ClaimPipeline, CLAIM_PIPELINE_ORDER)
        # Lowest order: its process_exception runs last, after Retry had its chance to try again.
        settings.setdefault_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", LeaseMiddleware, 1)
        state = str(settings.get("JPCRAWL_STATE_URI") or "")
        current = settings.getpriority("JPCRAWL_STATE_URI") or 0
        explicit = current > SETTINGS_PRIORITIES["project"]  # -s, a spider's custom_settings
        if not state.startswith("redis") and not explicit:
            # A per-machine SQLite file would let each worker re-emit what the others emitted last run.
            # settings.py's default sits at "project" priority, above "addon": set at its own priority,
            # or the default wins and each worker keeps its own state.
            priority = max(current, SETTINGS_PRIORITIES["addon"])
            settings.set("JPCRAWL_STATE_URI", state_uri_for(url), priority=priority)
        elif not state.startswith("redis"):
            logger.warning(
                "distributed crawl with JPCRAWL_STATE_URI=%s: cross-run state is not shared", state
            )


def state_uri_for(url: str) -> str:
    """The Redis state store URI on the crawl's Redis (key prefix "%(name)s:state")."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}prefix=%(name)s:state"
