"""Redis connection, key names and the crawl's key prefix, shared by every distributed component."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import redis

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

from jpcrawl.run import REDIS_URL_SETTING as ENV_URL
from jpcrawl.run import redis_url

__all__ = ["ENV_URL", "as_text", "connect", "key_prefix", "redis_url"]

logger = logging.getLogger(__name__)


DEFAULT_KEY_PREFIX = "%(spider)s"
DEFAULT_IDLE_TIMEOUT = 30.0
DEFAULT_LEASE_TTL = 30.0
CLAIM_PIPELINE_ORDER = 310  # after DedupePipeline (300): only what dedupe lets through is claimed


def as_text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def connect(url: str) -> redis.Redis:
    # bytes in, bytes out: request JSON and URLs are encoded by us, never guessed by the client.
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=30, retry_on_timeout=True)


def key_prefix(settings: BaseSettings, spider_name: str) -> str:
    return str(settings.get("JPCRAWL_REDIS_KEY_PREFIX") or DEFAULT_KEY_PREFIX) % {"spider": spider_name}


# -- JSON request serialiser --------------------------------------------------------------------------------
