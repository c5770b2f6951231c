"""Redis connection, key names and the crawl's key prefix, shared by every distributed component."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import redis

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

from jpcrawl import config
from jpcrawl.run import REDIS_URL_SETTING as ENV_URL
from jpcrawl.run import redis_url

__all__ = ["ENV_URL", "DistributedConfig", "as_text", "connect", "key_prefix", "redis_url"]

logger = logging.getLogger(__name__)


CLAIM_PIPELINE_ORDER = 310  # after DedupePipeline (300): only what dedupe lets through is claimed


@dataclass(frozen=True)
class DistributedConfig:
    """The distributed components' settings (defaults: jpcrawl/settings.py). The Redis URL itself is
    jpcrawl.run.redis_url's: it also decides whether the run is distributed at all."""

    key_prefix: str  # %(spider)s
    idle_timeout: float
    keep_alive: bool
    lease_ttl: float
    give_up: float

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> DistributedConfig:
        return cls(
            key_prefix=str(config.setting(settings, "JPCRAWL_REDIS_KEY_PREFIX")),
            idle_timeout=config.getfloat(settings, "JPCRAWL_REDIS_IDLE_TIMEOUT"),
            keep_alive=config.getbool(settings, "JPCRAWL_REDIS_KEEP_ALIVE"),
            lease_ttl=config.getfloat(settings, "JPCRAWL_REDIS_LEASE_TTL"),
            give_up=config.getfloat(settings, "JPCRAWL_REDIS_GIVE_UP"),
        )


def as_text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def connect(url: str) -> redis.Redis:
    # bytes in, bytes out: request JSON and URLs are encoded by us, never guessed by the client.
    # No retry inside the client: a pop retried after a lost reply would pop a second request under the
    # same lease field and overwrite the first one's lease (lost). Errors go to the worker's RedisHealth,
    # which backs off and, for a pop whose reply was lost, puts that lease back (Worker.requeue_uncertain).
    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10)


def key_prefix(settings: BaseSettings, spider_name: str) -> str:
    return DistributedConfig.from_settings(settings).key_prefix % {"spider": spider_name}


# -- JSON request serialiser --------------------------------------------------------------------------------
