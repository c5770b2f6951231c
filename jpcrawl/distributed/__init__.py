"""Distributed crawling: N workers share one scheduler queue, dupefilter and dedupe state in Redis.

Switched on by one value: the `JPCRAWL_REDIS_URL` setting or environment variable (e.g.
"redis://10.0.0.5:6379/0"). The `Distributed` add-on (ADDONS) does nothing without it; with it, it sets
SCHEDULER / DUPEFILTER_CLASS to the scrapy-redis based classes below, the worker extension, the start
middleware and the claim pipeline, and points JPCRAWL_STATE_URI at the same Redis.

    scrapy seed jakartapost -a base_url=... -a sections=world,business   # once: a new crawl, its seeds
    scrapy crawl jakartapost -a base_url=...                             # on every worker, any number

What scrapy-redis 0.9.1 gives and what is changed here (it predates Scrapy 2.13's start() API):
- The queue is scrapy-redis's PriorityQueue (a sorted set), but a pop is a Lua script that moves the
  request into this worker's lease hash in the same step. Plain scrapy-redis loses every request a killed
  worker had popped; here a lease lives until the worker's feed and state are safely committed, and the
  survivors requeue the leases of a worker whose heartbeat key has expired (its feed is a ".part" file
  nobody may read, so all of its work is redone; the state store makes the redo emit each article once).
- Requests are serialised as JSON (request.to_dict), not pickle: no code runs from a shared Redis, and a
  request carrying an object or lambda in its meta fails loudly when it is scheduled, not on another host.
- The dupefilter is scrapy-redis's RFPDupeFilter made from the crawler (Scrapy 2.19 passes no spider).
- No RedisSpider: the seeds are pushed once by `scrapy seed` straight into the shared queue (through the
  dupefilter), and `DistributedStartMiddleware` drops whatever a spider's start() yields, so a worker
  never seeds on its own. (scrapy-redis's "start_urls" list is a lossy hop: a worker pops a seed before it
  is scheduled, and a kill in between loses it.)
- Ending: a worker closes once the queue is empty, no dead worker's leases are left to requeue and every
  other live worker is idle, continuously for JPCRAWL_REDIS_IDLE_TIMEOUT seconds; with
  JPCRAWL_REDIS_KEEP_ALIVE it waits for more work forever.
- A request that ends in an exception nobody retried (robots.txt denied it, offsite, retries exhausted)
  gives up its lease at once (LeaseMiddleware); one that reached its callback keeps it until the feed is
  safe, because its items live in this worker's unfinished feed until then.
- Redis is input, not trusted code: a queued request with `_class`, a callback that is not one of the
  spider's own, a non-http(s) URL or a meta key outside the allow-list (proxy, bindaddress,
  dont_obey_robotstxt, playwright_page_*, context options other than the browser handler's own...) is
  refused, counted (jpcrawl/distributed/refused/<why>), logged and dropped; the worker crawls on.
- Redis gone: requests are kept in the worker and the pops back off; a callback or item that failed on
  Redis is queued again once it answers. After JPCRAWL_REDIS_GIVE_UP seconds (default 120) the worker
  closes with reason "redis_unavailable" (report alert "redis", exit status 1); its leases stay in Redis,
  so the next worker redoes everything it had not safely finished.
- Exactly once across workers: `ClaimPipeline` claims each emitted URL in Redis (a Lua script: free, or
  held by a dead worker -> mine), so two workers that scrape the same article emit it once. A claim is
  only valid while its worker lives; the durable record (jpcrawl.state.redis) takes over on commit.

Redis keys, for spider "jakartapost" (K = JPCRAWL_REDIS_KEY_PREFIX % {"spider": name}, default the name):
  K:requests (zset, the queue)   K:dupefilter (set)   K:seed (hash: base_url, sections, seeded_at)
  K:workers (set of ids)         K:worker:<id> (heartbeat, "busy"/"idle", expires)
  K:leases:<id> (hash seq -> "score\\n" + request JSON)   K:claim:<url> (id)   K:claims:<id> (set)
"""

