"""The browser side of jpcrawl: finding Chromium, launch options, request blocking, context recycling.

The browser is only a download handler (scrapy-playwright). This module adds what a crawl that runs for
days needs on top of it:

* `find_chromium()` picks the executable: the `JPCRAWL_BROWSER_PATH` setting or environment variable, then
  Playwright's own downloaded Chromium, then the system one (Debian's `/usr/bin/chromium`).
* `launch_options()` adds the flags a closed network needs (without `--disable-background-networking`
  Chromium stalls on connections that never answer).
* `should_abort_request()` is `PLAYWRIGHT_ABORT_REQUEST`: images, media, fonts, analytics and ads never load.
* `JpcrawlPlaywrightHandler` recycles browser contexts every `JPCRAWL_CONTEXT_MAX_PAGES` pages (a context's
  memory grows with every page it has shown), gives every new context the current browser identity and the
  subscriber session's cookies, and closes retired contexts once their last page is closed.
"""

from __future__ import annotations

import asyncio
import glob
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as PlaywrightRequest
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# A current desktop Chrome. Sites that gate on "a current browser" see this, never "HeadlessChrome".
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
    "--mute-audio",
)

CONTEXT_PREFIX = "jpcrawl-"

SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

BLOCKED_RESOURCE_TYPES = frozenset({"image", "media", "font", "imageset", "texttrack", "object", "beacon"})
# Substrings of hosts and paths that only ever serve analytics, ads or tracking.
BLOCKED_URL_PARTS = (
    "google-analytics.com",
    "googletagmanager.com",
    "googlesyndication.com",
    "doubleclick.net",
    "adservice.google",
    "facebook.net",
    "connect.facebook",
    "scorecardresearch.com",
    "chartbeat",
    "hotjar",
    "/analytics",
    "/gtag/",
    "/ads/",
    "/adserver",
    "/pixel",
)


class BrowserNotFound(RuntimeError):
    pass


def _playwright_chromium(browsers_path: str | None = None) -> str | None:
    """Playwright's own Chromium, as `playwright install` lays it out."""
    root = browsers_path or os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(
        Path.home() / ".cache" / "ms-playwright"
    )
    patterns = (
        "chromium-*/chrome-linux*/chrome",
        "chromium_headless_shell-*/chrome-linux*/headless_shell",
        "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
        "chromium-*/chrome-win*/chrome.exe",
    )
    for pattern in patterns:
        # The newest revision sorts last.
        found = sorted(glob.glob(os.path.join(root, pattern)))
        if found and os.access(found[-1], os.X_OK):
            return found[-1]
    return None


def find_chromium(configured: str | None = None, system: Iterable[str] = SYSTEM_CHROMIUM) -> str:
    """Where Chromium is: the setting or `JPCRAWL_BROWSER_PATH`, then Playwright's own, then the system's."""
    explicit = configured or os.environ.get("JPCRAWL_BROWSER_PATH")
    if explicit:
        if os.access(explicit, os.X_OK):
            return explicit
        raise BrowserNotFound(f"JPCRAWL_BROWSER_PATH={explicit!r} is not an executable file")
    own = _playwright_chromium()
    if own:
        return own
    for candidate in system:
        if os.access(candidate, os.X_OK):
            return candidate
    on_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if on_path:
        return on_path
    raise BrowserNotFound(
        "No Chromium found. Install one: `apt-get install -y chromium` (Debian/Ubuntu, as root), or "
        "`playwright install chromium` where the network allows, or set JPCRAWL_BROWSER_PATH."
    )


def launch_options(executable: str | None, headless: bool = True, extra_args: Iterable[str] = ()) -> dict:
    options: dict[str, Any] = {"headless": headless, "args": [*CHROMIUM_ARGS, *extra_args]}
    if executable:
        options["executable_path"] = executable
    return options


def should_abort_request(request: PlaywrightRequest) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: what a text crawl never needs."""
    if request.resource_type in BLOCKED_RESOURCE_TYPES:
        return True
    url = request.url.lower()
    return any(part in url for part in BLOCKED_URL_PARTS)


def configure_playwright(settings: BaseSettings) -> None:
    """Fill in PLAYWRIGHT_LAUNCH_OPTIONS from jpcrawl's settings unless the user set them.

    Called from the spider's `update_settings`, so `scrapy crawl` and scrapyd both get a working browser
    without a hard-coded path in settings.py.
    """
    current = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    if current.get("executable_path") or settings.get("PLAYWRIGHT_CDP_URL") or settings.get(
        "PLAYWRIGHT_CONNECT_URL"
    ):
        return
    try:
        executable: str | None = find_chromium(settings.get("JPCRAWL_BROWSER_PATH"))
    except BrowserNotFound as exc:
        # HTTP-only crawls still work; the first rendered request will fail with this message.
        logger.warning("%s", exc)
        executable = None
    options = launch_options(executable, headless=settings.getbool("JPCRAWL_BROWSER_HEADLESS", True))
    options.update({k: v for k, v in current.items() if k != "args"})
    options["args"] = list(dict.fromkeys([*options["args"], *current.get("args", [])]))
    priority = settings.getpriority("PLAYWRIGHT_LAUNCH_OPTIONS") or 0
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, priority=priority)


class JpcrawlPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, with contexts recycled every N pages and the session synced in.

    Requests that name their own `playwright_context` are left alone. Every other request goes to the
    current generation's context, `jpcrawl-<n>`. After `JPCRAWL_CONTEXT_MAX_PAGES` pages the generation
    moves on; the retired context closes when its last page does. A new session (a login, a re-login after
    expiry) also starts a new generation, so no context keeps stale cookies.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.max_pages_per_context = settings.getint("JPCRAWL_CONTEXT_MAX_PAGES", 100)
        self.user_agent = settings.get("JPCRAWL_BROWSER_USER_AGENT") or BROWSER_USER_AGENT
        self._crawler = crawler
        self._generation = 0
        self._session_version = -1
        self._pages_in_generation = 0
        self._retired: set[str] = set()
        self._closing: set[asyncio.Future] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JpcrawlPlaywrightHandler:
        return cls(crawler)

    def _context_name(self) -> str:
        return f"{CONTEXT_PREFIX}{self._generation}"

    def _session(self) -> Any:
        return getattr(self._crawler, "jpcrawl_session", None)

    def _next_generation(self) -> None:
        self._retired.add(self._context_name())
        self._generation += 1
        self._pages_in_generation = 0
        self.stats.inc_value("jpcrawl/browser/contexts_recycled")

    def _context_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "user_agent": self.user_agent,
            "java_script_enabled": True,
            "service_workers": "block",
        }
        session = self._session()
        if session is not None and session.storage_state_path:
            kwargs["storage_state"] = session.storage_state_path
        return kwargs

    async def _create_page(self, request: Request, spider: Spider) -> Page:
        named = request.meta.get("playwright_context")
        if named not in (None, "default") and not str(named).startswith(CONTEXT_PREFIX):
            return await super()._create_page(request, spider)
        # A retry copies the meta of its first attempt: it goes to the current generation, never back to
        # a retired context or one that holds an old session.
        session = self._session()
        version = session.version if session is not None else 0
        if version != self._session_version and self._session_version != -1:
            self._next_generation()
        self._session_version = version
        if self._pages_in_generation >= self.max_pages_per_context:
            self._next_generation()
        name = self._context_name()
        request.meta["playwright_context"] = name
        request.meta["playwright_context_kwargs"] = self._context_kwargs()
        self._pages_in_generation += 1
        fresh = name not in self.context_wrappers
        page = await super()._create_page(request, spider)
        if fresh and session is not None:
            cookies = session.browser_cookies()
            if cookies:
                await page.context.add_cookies(cookies)
        page.on("close", lambda _page: self._maybe_close_retired())
        self._maybe_close_retired()
        return page

    def _maybe_close_retired(self) -> None:
        for name in list(self._retired):
            wrapper = self.context_wrappers.get(name)
            if wrapper is None:
                self._retired.discard(name)
                continue
            if not wrapper.context.pages:
                self._retired.discard(name)
                # Fire and forget: the close callback removes the wrapper when it is done.
                task = asyncio.ensure_future(self._close_context(name, wrapper.context))
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)

    async def _close_context(self, name: str, context: Any) -> None:
        try:
            await context.close()
            self.stats.inc_value("jpcrawl/browser/contexts_closed")
        except Exception as exc:  # a browser that is already gone has closed it for us
            logger.debug("closing context %s: %s", name, exc)
