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
    # No retry inside the client: a pop retried after a lost reply would pop a second request under the
    # same lease field and overwrite the first one's lease (lost). Errors go to the worker's RedisHealth,
    # which backs off and, for a pop whose reply was lost, puts that lease back (Worker.requeue_uncertain).
    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10)


def key_prefix(settings: BaseSettings, spider_name: str) -> str:
    return str(settings.get("JPCRAWL_REDIS_KEY_PREFIX") or DEFAULT_KEY_PREFIX) % {"spider": spider_name}


# -- JSON request serialiser --------------------------------------------------------------------------------
