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
COOKIES_DEBUG = False  # never: it would log the subscriber session's cookies

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

DOWNLOADER_MIDDLEWARES = {
    # process_response runs from the highest number down: render, then interstitial, then session.
    "jpcrawl.middlewares.interstitial.InterstitialMiddleware": 660,
    "jpcrawl.middlewares.render.RenderMiddleware": 670,
}

# --- Reports -------------------------------------------------------------------------------------------
JPCRAWL_STATS_DUMP = None  # a path: the final stats as JSON
EXTENSIONS = {
    "jpcrawl.report.StatsDump": 900,
}

# --- Logging -------------------------------------------------------------------------------------------
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0
