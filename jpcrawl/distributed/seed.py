"""`scrapy seed`: push a new crawl's start requests into the shared queue."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

import redis
from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

from jpcrawl.distributed.connection import DistributedConfig
from jpcrawl.distributed.serialize import encode_request
from jpcrawl.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy import Spider

logger = logging.getLogger(__name__)


# -- seeding ------------------------------------------------------------------------------------------------


class CrawlInProgress(RuntimeError):
    pass


def seed(
    server: redis.Redis,
    prefix: str,
    requests: Iterable[Request],
    spider: Spider,
    *,
    base_url: str,
    sections: Iterable[str],
    append: bool = False,
) -> tuple[int, int]:
    """Push seed requests into the shared queue through the shared dupefilter; returns (pushed, filtered).

    Without `append` this starts a new crawl: it refuses while workers are alive or requests are queued,
    then clears the previous crawl's queue, fingerprints, leases and claims (the state store is kept: it is
    what makes the next crawl emit only new and changed articles)."""
    worker = Worker(server, prefix, DistributedConfig.from_settings(None).lease_ttl, worker_id="seed")
    if not append:
        alive = {i: s for i, s in worker.peers().items() if s is not None}
        queued = worker.queue_size()
        if alive or queued:
            raise CrawlInProgress(
                f"a crawl is in progress ({len(alive)} live workers, {queued} queued requests): "
                "wait for it, or add seeds to it with --append"
            )
        stale = [
            *server.scan_iter(match=f"{prefix}:leases:*".encode(), count=500),
            *server.scan_iter(match=f"{prefix}:claim*".encode(), count=500),
        ]
        server.delete(worker.dupefilter_key, worker.queue_key, worker.workers_key, worker.seed_key, *stale)
    df = RFPDupeFilter(server, key=worker.dupefilter_key)
    pushed = filtered = 0
    for request in requests:
        data = encode_request(request, spider)
        fp = "" if request.dont_filter else df.request_fingerprint(request)
        if worker.push(data, -request.priority, fp):  # fingerprint and request together, or neither
            pushed += 1
        else:
            filtered += 1
    server.hset(
        worker.seed_key,
        mapping={"base_url": base_url, "sections": ",".join(sections), "seeded_at": str(int(time.time()))},
    )
    return pushed, filtered
