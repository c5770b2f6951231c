"""Scrapy settings for jpcrawl, in commented groups. Every JPCRAWL_* knob is listed here with its default.

The defaults are polite and meant for the real site: robots.txt obeyed, AutoThrottle on, modest concurrency
per domain. Runs against the bundled replica on loopback (demo, tests, benchmarks) lift those limits with
`-s` overrides; see the Makefile.
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
USER_AGENT = "jpcrawl/0.1 (+https://github.com/jpcrawl/jpcrawl; news archive crawler)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_DEBUG = False  # never: it logs session cookies (the session middleware refuses to start with it)

# --- Browser (scrapy-playwright) -----------------------------------------------------------------------
# PLAYWRIGHT_LAUNCH_OPTIONS is filled in at start-up by jpcrawl.browser.configure_playwright: the Chromium
# found by find_chromium() (JPCRAWL_BROWSER_PATH, then Playwright's own, then the system's) plus the flags a
# closed network needs. Set it yourself to take over.
JPCRAWL_BROWSER_PATH = os.environ.get("JPCRAWL_BROWSER_PATH") or None
JPCRAWL_BROWSER_HEADLESS = True
# The identity every browser context, and every retry after an interstitial, presents.
JPCRAWL_BROWSER_USER_AGENT = None  # None: jpcrawl.browser.BROWSER_USER_AGENT (a current desktop Chrome)
# A browser context is closed and replaced after this many pages: its memory grows with every page.
JPCRAWL_CONTEXT_MAX_PAGES = 100
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_MAX_CONTEXTS = 2
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

# --- Interstitials (jpcrawl/middlewares/interstitial.py) -----------------------------------------------
JPCRAWL_INTERSTITIAL_ENABLED = True
JPCRAWL_INTERSTITIAL_MAX_RETRIES = 3
JPCRAWL_INTERSTITIAL_BACKOFF = 0.5  # seconds before the 2nd retry; doubles after

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
# HTTPCACHE_ENABLED would store the session's Cookie header and full premium pages on disk: keep it off
# for subscriber crawls.

DOWNLOADER_MIDDLEWARES = {
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

# --- Item pipelines: clean -> validate -> dedupe -> export (documented in jpcrawl/pipelines/__init__.py)
ITEM_PIPELINES = {
    "jpcrawl.pipelines.clean.CleanPipeline": 100,
    "jpcrawl.pipelines.validate.ValidatePipeline": 200,
    "jpcrawl.pipelines.dedupe.DedupePipeline": 300,  # last: what it stages is exactly what reaches the feed
}
# Extra boilerplate paragraphs to drop (as clean.DEFAULT_BOILERPLATE: exact, or "prefix*").
JPCRAWL_BOILERPLATE: list[str] = []
# Reject (reason "too_large") items whose body is longer than this many characters (~30k words).
JPCRAWL_MAX_BODY_CHARS = 200_000
# Cross-run state store: sqlite:///relative/path.db, sqlite:////absolute/path.db, redis://host:port/db, or
# "memory:" / "" (no persistence: every run is a full run). %(name)s = spider name.
JPCRAWL_STATE_URI = "sqlite:///.jpcrawl/state/%(name)s.db"
# Only bodies at least this long (characters, not paywalled) are merged by content hash across URLs.
JPCRAWL_DEDUPE_MIN_CHARS = 500

# --- Feeds (jpcrawl/feeds.py) ---------------------------------------------------------------------------
# "<feed>.part" until complete, then renamed, with "<feed>.manifest.json" beside it. -o/-O replace FEEDS
# (Scrapy does not merge them), so this default applies only when neither is given.
# Gzip: add "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"] and end the URI in .jsonl.gz.
# Partitioning: put %(section)s and/or %(day)s in the URI.
FEED_STORAGES = {
    "": "jpcrawl.feeds.AtomicFileFeedStorage",
    "file": "jpcrawl.feeds.AtomicFileFeedStorage",
}
FEED_URI_PARAMS = "jpcrawl.feeds.uri_params"  # %(time)s shared with the rejects file, %(day)s, %(section)s
FEED_EXPORT_ENCODING = "utf-8"
FEEDS = {
    "feeds/%(name)s/%(name)s-%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}
ADDONS = {
    "jpcrawl.feeds.FeedPartitions": 0,  # expands a %(section)s feed URI into one feed per section
}
# Sections that get their own file when a feed URI holds %(section)s; everything else goes to "other".
JPCRAWL_FEED_SECTIONS = [
    "indonesia", "business", "world", "opinion", "culture", "life", "academia", "southeast-asia",
    "multimedia", "adv",
]
# Rejects JSONL. None: next to the run's feed ("<feed stem>.rejects.jsonl"). A path with %(name)s %(time)s.
JPCRAWL_REJECTS_URI = None

# --- Reports -------------------------------------------------------------------------------------------
JPCRAWL_STATS_DUMP = None  # a path: the final stats as JSON
EXTENSIONS = {
    "jpcrawl.rejects.Rejects": 0,
    "jpcrawl.report.StatsDump": 900,
}

# --- Logging -------------------------------------------------------------------------------------------
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0
