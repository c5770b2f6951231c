"""Scrapy settings for jpcrawl, in commented groups. Every JPCRAWL_* knob is listed here with its default.

This file is the only place a JPCRAWL_* default lives: each component reads its settings through a config
dataclass (`DedupeConfig.from_settings`, ...; jpcrawl/config.py), which falls back to the value here when a
setting is absent (tests/test_settings_defaults.py). It imports nothing from jpcrawl.

The defaults are polite and meant for the real site: robots.txt obeyed, AutoThrottle on, modest concurrency
per domain. Runs against the bundled replica on loopback (demo, tests, benchmarks) lift those limits with
`-s` overrides: LOOPBACK_SETTINGS in jpcrawl/replica/loopback.py.
"""

from __future__ import annotations

import os

BOT_NAME = "jpcrawl"
SPIDER_MODULES = ["jpcrawl.spiders"]
NEWSPIDER_MODULE = "jpcrawl.spiders"
COMMANDS_MODULE = "jpcrawl.commands"

# --- Engine --------------------------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# scrapy-playwright's handler with context recycling and session sync (jpcrawl/browser.py).
DOWNLOAD_HANDLERS = {
    "http": "jpcrawl.browser.JpcrawlPlaywrightHandler",
    "https": "jpcrawl.browser.JpcrawlPlaywrightHandler",
}

# --- Politeness ----------------------------------------------------------------------------------------
# An honest identity for plain HTTP. A site that answers it with an interstitial gets a current browser
# identity instead (JPCRAWL_BROWSER_USER_AGENT), remembered per host.
USER_AGENT = "jpcrawl/0.1 (news archive crawler)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 60
# Bounded work on hostile input. A response larger than this is dropped (Scrapy's default is 1 GiB); the
# same bound holds after decompression (Content-Encoding, and .xml.gz sitemaps in the sitemap spider). A
# real article page is ~100-300 KiB and a news sitemap well under 1 MiB, so 4 MiB already earns a warning.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# A section's pagination stops after this many listing pages, with a warning and the stat
# jpcrawl/listing/ceiling_hit (it also stops, silently, at a page that adds no entry new to the run).
# 0: no ceiling. At ~28 entries a page, 1000 pages is ~28,000 articles per section: raise it for a backfill.
JPCRAWL_MAX_LISTING_PAGES = 1000
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Scrapy's own list, plus the browser's failures: a page or browser that died mid-request (the handler then
# starts a new browser), a navigation that timed out.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.CannotResolveHostError",
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,
    "scrapy.core.downloader.handlers.http11.TunnelError",
    "playwright.async_api.Error",  # TargetClosedError and TimeoutError are subclasses
]
COOKIES_DEBUG = False  # never: it logs session cookies (the session middleware refuses to start with it)

# --- Browser (scrapy-playwright) -----------------------------------------------------------------------
# PLAYWRIGHT_LAUNCH_OPTIONS is filled in at start-up by jpcrawl.browser.configure_playwright: the Chromium
# found by find_chromium() (JPCRAWL_BROWSER_PATH, then Playwright's own, then the system's) plus the flags a
# closed network needs. Set it yourself to take over.
JPCRAWL_BROWSER_PATH = os.environ.get("JPCRAWL_BROWSER_PATH") or None
JPCRAWL_BROWSER_HEADLESS = True
# Chromium runs sandboxed, except as root (it cannot; jpcrawl then adds --no-sandbox and warns). True turns
# the sandbox off for a non-root user too (a container without user namespaces), with a warning: pages
# the browser renders are untrusted, run the crawl as its own unprivileged user instead where you can.
JPCRAWL_BROWSER_NO_SANDBOX = False
# What rendered pages may do is fixed (jpcrawl/browser.py, BrowserGuard): no downloads, popups closed at
# once, navigations and frames only to the site's hosts and its profile's asset_hosts, no request to a
# private/loopback/link-local address other than the crawl's own host. DOWNLOAD_MAXSIZE and
# DOWNLOAD_WARNSIZE apply to rendered pages as to HTTP ones.
# The identity every browser context, and every retry after an interstitial, presents.
JPCRAWL_BROWSER_USER_AGENT = None  # None: jpcrawl.browser.BROWSER_USER_AGENT (a current desktop Chrome)
# A browser context is closed and replaced after this many pages: its memory grows with every page.
JPCRAWL_CONTEXT_MAX_PAGES = 100
# A rendered request that has not finished after this many seconds (waiting for a page, a context or a
# browser included) fails as a download timeout and is retried.
JPCRAWL_BROWSER_REQUEST_TIMEOUT = 90.0
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
# Reuse a finished page for the next request of its context instead of closing it and opening a new one:
# a page's creation and teardown cost Chromium more CPU than rendering a listing.
JPCRAWL_BROWSER_REUSE_PAGES = True
# Run the browser (Playwright's driver and Chromium) this much nicer than the crawler: rendering is ahead of
# need, the Scrapy process's parsing is the critical path, and on a busy machine the browser yields. 0: off.
JPCRAWL_BROWSER_NICE = 5
# No PLAYWRIGHT_MAX_CONTEXTS: the handler keeps one live context (plus retired ones until their last page
# closes), and scrapy-playwright's context semaphore leaks the slots of a browser that was killed.
PLAYWRIGHT_ABORT_REQUEST = "jpcrawl.browser.should_abort_request"
PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER = True
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
# No "HeadlessChrome" in any context's identity; contexts are created by JpcrawlPlaywrightHandler.
PLAYWRIGHT_CONTEXTS: dict = {}

# --- Rendering (jpcrawl/middlewares/render.py) ---------------------------------------------------------
# Per page type: "always" through the browser, "auto" (plain HTTP, the browser when the page needs it), or
# "never". Keys: listing, article, default.
JPCRAWL_RENDER = {"listing": "always", "article": "auto", "default": "auto"}
JPCRAWL_RENDER_ENABLED = True
# Listing pagination is sequential per section (page N+1 is found on page N) and rendered: while fewer than
# this many requests wait in the scheduler, the next listing page goes ahead of the queued articles, so the
# browser renders it while they download. 0: listings always after the queued articles.
JPCRAWL_LISTING_LEAD = 1000

# --- Interstitials (jpcrawl/middlewares/interstitial.py) -----------------------------------------------
JPCRAWL_INTERSTITIAL_ENABLED = True
JPCRAWL_INTERSTITIAL_MAX_RETRIES = 3
JPCRAWL_INTERSTITIAL_BACKOFF = 0.5  # seconds before the 2nd retry; doubles after
JPCRAWL_INTERSTITIAL_MAX_BACKOFF = 30.0  # no retry waits longer, whatever its meta says

# --- Subscriber session (jpcrawl/session.py, jpcrawl/middlewares/session.py) --------------------------
# Credentials: the environment is the better place (JPCRAWL_EMAIL / JPCRAWL_PASSWORD); a setting, if set,
# wins. Never put them in this file: `-s` values stay in shell history and process listings.
JPCRAWL_EMAIL = None
JPCRAWL_PASSWORD = None
# A Playwright storage-state file ({"cookies": [...], "origins": [...]}) saved from a logged-in browser,
# used instead of the login form (also read from the environment). Must be mode 0600: a file others can
# read is refused with an error.
JPCRAWL_STORAGE_STATE = None
# Check a loaded storage state with one request of the home page; a stale file falls back to the login
# form when credentials are set.
JPCRAWL_VERIFY_STORAGE_STATE = True
# Save the session after each login to this path as a Playwright storage state, mode 0600. None: nothing.
JPCRAWL_SAVE_STORAGE_STATE = None
# A failed login (or an unusable storage state, or an expired session that cannot be renewed) stops the
# crawl with finish_reason "login_failed" / "session_expired" instead of going on anonymously.
JPCRAWL_REQUIRE_LOGIN = False
# Re-logins after a mid-crawl expiry (a paywalled page in a logged-in crawl), per crawl.
JPCRAWL_SESSION_MAX_RELOGINS = 3
# The login's User-Agent. None: the browser identity, since the session is shared with the browser.
JPCRAWL_LOGIN_USER_AGENT = None
JPCRAWL_SESSION_ENABLED = True
COOKIES_ENABLED = True
# HTTPCACHE_ENABLED would store the session's Cookie header and full premium pages on disk: with a session
# configured the crawl refuses to start (as with COOKIES_DEBUG).
HTTPCACHE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Never to another host, even with dont_filter (logins, retries, render escalation) or via a redirect:
    # replaces Scrapy's OffsiteMiddleware, which lets those through (jpcrawl/middlewares/offsite.py).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "jpcrawl.middlewares.offsite.OffsiteMiddleware": 50,
    # Requests pass from low to high numbers, responses from high to low. Everything that reads a body
    # sits below HttpCompressionMiddleware (590), so it reads decoded HTML, and above Retry (550).
    # Response path: render (escalate pages that need the browser) -> interstitial -> session expiry.
    "jpcrawl.middlewares.render.RenderMiddleware": 588,
    "jpcrawl.middlewares.interstitial.InterstitialMiddleware": 587,
    "jpcrawl.middlewares.session.SessionExpiryMiddleware": 585,
    # After CookiesMiddleware (700), which rewrites the Cookie header: merges the session's cookies in,
    # and waits for the login before the first request goes out.
    "jpcrawl.middlewares.session.SessionMiddleware": 710,
}

# --- Item pipelines: clean -> validate -> dedupe -> export ------------------------------------------------
# clean: NFC, whitespace, control characters, leftover boilerplate paragraphs, ISO dates, canonical URLs,
#   image dedupe, word_count, content_hash, crawled_at.
# validate: the packaged JSON Schema (`scrapy schema`); a failure goes to the rejects file with its reason.
#   It follows clean because it checks the cleaned form.
# dedupe: within the run by URL and content hash, across runs through the state store (versions). It
#   follows validate so an invalid item is never marked seen, and it is last so that what it stages is
#   exactly what reaches the feed; the state is committed only once the feed files are complete.
# export: Scrapy's feed exporter (FEEDS), on item_scraped.
ITEM_PIPELINES = {
    "jpcrawl.pipelines.clean.CleanPipeline": 100,
    "jpcrawl.pipelines.validate.ValidatePipeline": 200,
    "jpcrawl.pipelines.dedupe.DedupePipeline": 300,  # last: what it stages is exactly what reaches the feed
}
# Extra boilerplate paragraphs to drop, on top of the generic list (pipelines/clean.py) and the site
# profile's `boilerplate`: exact, or "prefix*".
JPCRAWL_BOILERPLATE: list[str] = []
# Reject (reason "too_large") items whose body is longer than this many characters (~30k words).
JPCRAWL_MAX_BODY_CHARS = 200_000
# Cross-run state store: sqlite:///relative/path.db, sqlite:////absolute/path.db, redis://host:port/db, or
# "memory:" / "" (no persistence: every run is a full run). %(name)s = spider name.
JPCRAWL_STATE_URI = "sqlite:///.jpcrawl/state/%(name)s.db"
# Only bodies at least this long (characters, not paywalled) are merged by content hash across URLs.
JPCRAWL_DEDUPE_MIN_CHARS = 500

# --- Feeds (jpcrawl/feeds.py) ---------------------------------------------------------------------------
# "<feed>.part" until complete, then renamed, with "<feed>.manifest.json" beside it.
# Gzip: add "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"] and end the URI in .jsonl.gz.
# Partitioning: put %(section)s and/or %(day)s in the URI.
FEED_STORAGES = {
    "": "jpcrawl.feeds.AtomicFileFeedStorage",
    "file": "jpcrawl.feeds.AtomicFileFeedStorage",
}
FEED_URI_PARAMS = "jpcrawl.feeds.uri_params"  # %(time)s shared with the rejects file, %(day)s, %(section)s
FEED_EXPORT_ENCODING = "utf-8"
# The feed when the command line names none. Scrapy merges -o/-O into FEEDS rather than replacing it, so
# FEEDS stays empty here and the FeedPartitions add-on sets this one only when no feed was asked for.
JPCRAWL_DEFAULT_FEED = "feeds/%(name)s/%(name)s-%(time)s.jsonl"
JPCRAWL_DEFAULT_FEED_OPTIONS = {"format": "jsonlines", "encoding": "utf-8"}
# Sections that get their own file when a feed URI holds %(section)s; everything else goes to "other".
# Empty: the spider's site profile says (its sections plus feed_sections, e.g. advertorials).
JPCRAWL_FEED_SECTIONS: list[str] = []
# Rejects JSONL. None: next to the run's feed ("<feed stem>.rejects.jsonl"). A path with %(name)s %(time)s.
JPCRAWL_REJECTS_URI = None

# --- Scheduled runs: incremental, lock, resume, report, progress ---------------------------------------
# Incremental: listing entries already in the state store are not fetched; a section's pagination stops
# after this many consecutive listing pages whose entries are all known (0: walk to the end).
JPCRAWL_INCREMENTAL_STOP_PAGES = 1
# Fetch known entries too (dedupe still emits only changed ones): catches edits a listing cannot show.
JPCRAWL_REFRESH_KNOWN = False
# The spider's base_url when -a base_url is absent comes from the JPCRAWL_BASE_URL environment variable.
# One run at a time per state store: flock on "<state db>.lock" (else "<JOBDIR>/jpcrawl.lock").
JPCRAWL_LOCK_ENABLED = True
JPCRAWL_LOCK_FILE = None  # a path (%(name)s) to lock instead
# Run report "<feed stem>.report.json" (or this path, %(name)s %(time)s %(day)s) and its alerts.
JPCRAWL_REPORT_ENABLED = True
JPCRAWL_REPORT_URI = None
JPCRAWL_REPORT_BASELINE = None  # None: "<state db>.baseline.json" (the last ok run's fill rates)
JPCRAWL_ALERT_MAX_ERROR_RATE = 0.2  # failed requests / requests
# Parsed articles whose body the generic readers had to read (the site's selectors found none): the items
# are emitted, but past this share the operator learns that the selectors broke.
JPCRAWL_ALERT_MAX_FALLBACK_RATE = 0.1
JPCRAWL_ALERT_FILL_DROP = 0.5  # a field's fill rate below (1 - this) x the baseline's ...
JPCRAWL_ALERT_FILL_MIN_BASELINE = 0.2  # ... for fields filled in at least this share in the baseline
JPCRAWL_ALERT_FILL_IGNORE = ["modified_at"]  # reported, never alerting (depends on article age)
JPCRAWL_ALERT_MIN_ITEMS = 5  # fewer emitted items: no fill-rate judgement
JPCRAWL_ALERT_BASELINE_MIN_ITEMS = 20  # only an ok run with this many items becomes the baseline
JPCRAWL_PROGRESS_INTERVAL = 60.0  # seconds between plain progress log lines; 0: off
JPCRAWL_STATS_DUMP = None  # a path: the final stats as JSON
EXTENSIONS = {
    "jpcrawl.extensions.rejects.Rejects": 0,
    "jpcrawl.extensions.lock.RunLock": 5,
    "jpcrawl.extensions.resume.ResumeJournal": 10,  # only with JOBDIR
    "jpcrawl.extensions.report.StatsDump": 900,
    "jpcrawl.extensions.report.RunReport": 910,
    "jpcrawl.extensions.progress.Progress": 920,
}
LOGSTATS_INTERVAL = 0  # the progress line replaces Scrapy's "Crawled N pages" line
# Set by `scrapy shell/fetch/parse URL` (jpcrawl/commands/inspection.py), never by hand: the URL a person
# typed is fetched whatever the spider's base_url (jpcrawl/middlewares/offsite.py).
JPCRAWL_INSPECT = False

# --- Distributed crawling (jpcrawl/distributed/) ------------------------------------------------------------
# One switch: a Redis URL here or in the environment (JPCRAWL_REDIS_URL=redis://host:6379/0). Unset: a
# normal single-process crawl, nothing below matters. Set: the Distributed add-on swaps in the scrapy-redis
# scheduler queue and dupefilter, the worker extension and the claim pipeline, and moves
# JPCRAWL_STATE_URI to the same Redis ("<JPCRAWL_REDIS_URL>?prefix=%(name)s:state") unless it is set
# explicitly (-s) to another redis:// URI.
JPCRAWL_REDIS_URL = os.environ.get("JPCRAWL_REDIS_URL") or None
JPCRAWL_REDIS_KEY_PREFIX = "%(spider)s"  # Redis keys of a crawl start with this
# A worker closes once the shared queue is empty, no dead worker's requests are left to requeue and every
# other worker is idle, continuously for this many seconds.
JPCRAWL_REDIS_IDLE_TIMEOUT = 30.0
JPCRAWL_REDIS_KEEP_ALIVE = False  # never close on an empty queue: wait for `scrapy seed --append`
# A worker's heartbeat expires after this many seconds without a beat (beats every ttl/4); then the
# survivors put its leased requests back in the queue and its article claims become free.
JPCRAWL_REDIS_LEASE_TTL = 30.0
# Redis gone: a worker retries with backoff for this many seconds, then closes with reason
# "redis_unavailable" (exit status 1, alert "redis"); its leased requests stay in Redis for the next worker.
JPCRAWL_REDIS_GIVE_UP = 120.0

ADDONS = {
    # Sets the default feed (JPCRAWL_DEFAULT_FEED) when no -o/-O/FEEDS is given, and expands a
    # %(section)s feed URI into one feed per section.
    "jpcrawl.feeds.FeedPartitions": 0,
    "jpcrawl.distributed.addon.Distributed": 10,  # distributed mode iff JPCRAWL_REDIS_URL
}

# --- Logging -------------------------------------------------------------------------------------------
LOG_LEVEL = "INFO"
# A LOG_FILE is created readable by its owner only (0600; an existing one is narrowed to 0600) by
# `scrapy crawl` (jpcrawl/commands/crawl.py): a crawl's log names the account's pages and its errors.

# --- Consoles into a running crawl: off ---------------------------------------------------------------
# Scrapy's telnet console gives a Python shell inside the crawler (the session's cookies and password
# included) and logs its generated password at INFO into LOG_FILE and scrapyd's job logs. Scrapy's
# remote-control endpoint runs any Python code POSTed to a loopback port, with a token written to a job
# file in the home directory. Neither is needed for an unattended crawl. To debug a crawl on your own
# machine, turn one on for that run only, e.g. `-s TELNETCONSOLE_ENABLED=True -s
# TELNETCONSOLE_PASSWORD=<pick one>` (then `telnet 127.0.0.1 6023`), or `-s REMOTE_CONTROL_ENABLED=True`.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
