"""The browser side of jpcrawl: finding Chromium, launch options, request blocking, context recycling.

The browser is only a download handler (scrapy-playwright). This module adds what a crawl that runs for
days needs on top of it:

* `find_chromium()` picks the executable: the `JPCRAWL_BROWSER_PATH` setting or environment variable, then
  Playwright's own downloaded Chromium, then the system one (Debian's `/usr/bin/chromium`).
* `launch_options()` adds the flags a closed network needs (without `--disable-background-networking`
  Chromium stalls on connections that never answer).
* `should_abort_request()` is `PLAYWRIGHT_ABORT_REQUEST`: images, media, fonts, analytics and ads never load.
* The browser runs pages jpcrawl does not trust. Chromium's sandbox stays on unless the crawl runs as root
  (Chromium cannot sandbox as root: `--no-sandbox` then, with a warning). Every context refuses downloads;
  a popup (`window.open`) is closed as soon as it opens; `BrowserGuard` aborts navigations and frames to
  hosts other than the site's (its hosts and the profile's `asset_hosts`) and any request to a private,
  loopback or link-local address other than the crawl's own host (loopback only when the crawl's is).
  Rendered responses are held to DOWNLOAD_MAXSIZE / DOWNLOAD_WARNSIZE like HTTP ones.
* `JpcrawlPlaywrightHandler` recycles browser contexts every `JPCRAWL_CONTEXT_MAX_PAGES` pages (a context's
  memory grows with every page it has shown), gives every new context the current browser identity and the
  subscriber session's cookies, and closes retired contexts once their last page is closed.
* It also reuses pages: a page whose request is done goes back to a small per-context pool instead of
  being closed, and the next request of that context navigates it again (replacing its document).
  Creating and closing a page costs Chromium more CPU than rendering a listing (a new renderer frame,
  targets, the driver's round trips): on a 2-core machine reuse halves the browser's CPU per page.
  `JPCRAWL_BROWSER_REUSE_PAGES = False` turns it off.
* `JPCRAWL_BROWSER_NICE` lowers the CPU priority of the Playwright driver and of Chromium (every thread of
  every process, so renderers forked later inherit it). Listings render ahead of need; the critical path
  of a crawl is the Scrapy process parsing pages, and on a busy machine the browser should yield to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import ipaddress
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from jpcrawl import compat, config

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as PlaywrightRequest
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# A current desktop Chrome. Sites that gate on "a current browser" see this, never "HeadlessChrome".
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)

# No "--no-sandbox": see sandbox_args().
CHROMIUM_ARGS = (
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
    root = (
        browsers_path
        or os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
        or str(Path.home() / ".cache" / "ms-playwright")
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


NO_SANDBOX_AS_ROOT = (
    "jpcrawl runs as root, where Chromium's sandbox cannot run: the browser starts with --no-sandbox, so a "
    "page that exploits a renderer bug gets root on this machine. Run the crawl as an unprivileged user "
    "(README, Security) and the sandbox stays on."
)
NO_SANDBOX_BY_SETTING = (
    "JPCRAWL_BROWSER_NO_SANDBOX is set: the browser starts with --no-sandbox, so a page that exploits a "
    "renderer bug gets this user's files and network. Use it only where Chromium's sandbox cannot start "
    "(a container without user namespaces) and nothing else runs as this user."
)


def sandbox_args(no_sandbox: bool = False, euid: int | None = None) -> list[str]:
    """`--no-sandbox` only as root (Chromium refuses to start sandboxed as root) or when asked, with a
    warning that says what it costs."""
    as_root = (os.geteuid() if euid is None else euid) == 0
    if as_root:
        logger.warning(NO_SANDBOX_AS_ROOT)
    elif no_sandbox:
        logger.warning(NO_SANDBOX_BY_SETTING)
    return ["--no-sandbox"] if as_root or no_sandbox else []


def launch_options(
    executable: str | None,
    headless: bool | None = None,
    extra_args: Iterable[str] = (),
    *,
    no_sandbox: bool | None = None,
) -> dict:
    """Unset: JPCRAWL_BROWSER_HEADLESS / JPCRAWL_BROWSER_NO_SANDBOX's defaults."""
    defaults = BrowserConfig.from_settings(None)
    headless = defaults.headless if headless is None else headless
    no_sandbox = defaults.no_sandbox if no_sandbox is None else no_sandbox
    options: dict[str, Any] = {
        "headless": headless,
        "args": [*sandbox_args(no_sandbox), *CHROMIUM_ARGS, *extra_args],
    }
    if executable:
        options["executable_path"] = executable
    return options


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_loopback_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    ip = _ip(host)
    return ip is not None and ip.is_loopback


# Names that only ever mean a machine on a private network (RFC 6762 .local, RFC 8375 .home.arpa, ICANN's
# .internal, e.g. metadata.google.internal, and the common .lan).
PRIVATE_NAME_SUFFIXES = (".local", ".internal", ".home.arpa", ".lan")


def is_private_host(host: str) -> bool:
    """Loopback, private, link-local, shared, reserved or multicast: no address a news site lives on. A name
    is judged as written (Chromium resolves it, not jpcrawl): the private-network names above count."""
    if is_loopback_host(host):
        return True
    name = host.lower().rstrip(".")
    if any(name.endswith(suffix) or name == suffix[1:] for suffix in PRIVATE_NAME_SUFFIXES):
        return True
    ip = _ip(host)
    return ip is not None and (not ip.is_global or ip.is_multicast)


class BrowserGuard:
    """What a rendered page may make the browser fetch.

    * Navigations (the page itself, its frames, a popup) only to the site: the crawl's host, the site's
      hosts (`site_hosts_suffix`) and its image/CDN hosts (`asset_hosts`, with their subdomains).
    * No request at all to a private, loopback or link-local address other than the crawl's own host;
      loopback only when the crawl's own host is loopback (a replica, a test).
    * Only http(s) (and data:, blob:, about:, which never leave the browser).
    """

    LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

    def __init__(self, base_url: str, site_hosts_suffix: str | None = None, asset_hosts: Iterable[str] = ()):
        self.base_host = (urlsplit(base_url).hostname or "").lower().rstrip(".")
        self.suffix = (site_hosts_suffix or "").lower() or None
        self.asset_hosts = tuple(h.lower().strip(".") for h in asset_hosts if h)
        self.base_loopback = is_loopback_host(self.base_host)

    def is_site_host(self, host: str) -> bool:
        if host == self.base_host:
            return True
        if self.suffix and (host.endswith(self.suffix) or host == self.suffix.lstrip(".")):
            return True
        return any(host == h or host.endswith("." + h) for h in self.asset_hosts)

    def reason(self, url: str, navigation: bool) -> str | None:
        """Why a request must be aborted ("private", "offsite", "scheme"), or None."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in self.LOCAL_SCHEMES:
            return None
        if scheme not in ("http", "https"):
            return "scheme"
        host = (parts.hostname or "").lower().rstrip(".")
        if (
            host != self.base_host
            and is_private_host(host)
            and not (self.base_loopback and is_loopback_host(host))
        ):
            return "private"
        if navigation and not self.is_site_host(host):
            return "offsite"
        return None


def should_abort_request(request: PlaywrightRequest) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: what a text crawl never needs."""
    if request.resource_type in BLOCKED_RESOURCE_TYPES:
        return True
    url = request.url.lower()
    return any(part in url for part in BLOCKED_URL_PARTS)


@dataclass(frozen=True)
class BrowserConfig:
    """jpcrawl's browser settings (defaults: jpcrawl/settings.py). PLAYWRIGHT_* are scrapy-playwright's."""

    path: str | None
    headless: bool
    no_sandbox: bool
    user_agent: str
    context_max_pages: int
    request_timeout: float
    reuse_pages: bool
    nice: int

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> BrowserConfig:
        return cls(
            path=config.setting(settings, "JPCRAWL_BROWSER_PATH") or None,
            headless=config.getbool(settings, "JPCRAWL_BROWSER_HEADLESS"),
            no_sandbox=config.getbool(settings, "JPCRAWL_BROWSER_NO_SANDBOX"),
            user_agent=config.setting(settings, "JPCRAWL_BROWSER_USER_AGENT") or BROWSER_USER_AGENT,
            context_max_pages=config.getint(settings, "JPCRAWL_CONTEXT_MAX_PAGES"),
            request_timeout=config.getfloat(settings, "JPCRAWL_BROWSER_REQUEST_TIMEOUT"),
            reuse_pages=config.getbool(settings, "JPCRAWL_BROWSER_REUSE_PAGES"),
            nice=config.getint(settings, "JPCRAWL_BROWSER_NICE"),
        )


def configure_playwright(settings: BaseSettings) -> None:
    """Fill in PLAYWRIGHT_LAUNCH_OPTIONS from jpcrawl's settings unless the user set them.

    Called from the spider's `update_settings`, so `scrapy crawl` and scrapyd both get a working browser
    without a hard-coded path in settings.py.
    """
    current = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    if (
        current.get("executable_path")
        or settings.get("PLAYWRIGHT_CDP_URL")
        or settings.get("PLAYWRIGHT_CONNECT_URL")
    ):
        return
    cfg = BrowserConfig.from_settings(settings)
    try:
        executable: str | None = find_chromium(cfg.path)
    except BrowserNotFound as exc:
        # HTTP-only crawls still work; the first rendered request will fail with this message.
        logger.warning("%s", exc)
        executable = None
    options = launch_options(
        executable,
        headless=cfg.headless,
        no_sandbox=cfg.no_sandbox,
    )
    options.update({k: v for k, v in current.items() if k != "args"})
    options["args"] = list(dict.fromkeys([*options["args"], *current.get("args", [])]))
    priority = settings.getpriority("PLAYWRIGHT_LAUNCH_OPTIONS") or 0
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, priority=priority)


def renice_browser(increment: int) -> int:
    """Lower the priority of this process's descendants (the Playwright driver, Chromium) by `increment`.

    Linux's nice value is per thread and inherited by new threads and processes, so every thread of every
    descendant is set; Chromium's zygote then forks renderers that inherit it. Returns the threads changed;
    anything that fails (no psutil, no permission, not Linux) changes nothing.
    """
    try:
        import psutil

        me = psutil.Process()
        base = os.getpriority(os.PRIO_PROCESS, 0)
        target = min(19, base + increment)
        changed = 0
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error, OSError):
                for thread in child.threads():
                    with contextlib.suppress(OSError):
                        if os.getpriority(os.PRIO_PROCESS, thread.id) < target:
                            os.setpriority(os.PRIO_PROCESS, thread.id, target)
                            changed += 1
        return changed
    except Exception as exc:  # an optimisation: never a reason to fail a crawl
        logger.debug("renice: %s", exc)
        return 0


class JpcrawlPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, with contexts recycled every N pages and the session synced in.

    Requests that name their own `playwright_context` are left alone. Every other request goes to the
    current generation's context, `jpcrawl-<n>`. After `JPCRAWL_CONTEXT_MAX_PAGES` pages the generation
    moves on; the retired context closes when its last page does. A new session (a login, a re-login after
    expiry) also starts a new generation, so no context keeps stale cookies.

    Private API: the methods named in jpcrawl/compat.py's PLAYWRIGHT_HANDLER_HOOKS (`_download_request`,
    `_create_page`, ...) override scrapy-playwright's private ones, written against the version named there;
    tests/test_compat.py fails when an upgrade changes them. The page-close interception and the page-slot
    count go through jpcrawl.compat too.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        # Not `self.config`: that is scrapy-playwright's own (PLAYWRIGHT_* settings).
        self.jpcrawl_config = cfg = BrowserConfig.from_settings(settings)
        self.max_pages_per_context = cfg.context_max_pages
        self.request_timeout = cfg.request_timeout
        self.user_agent = cfg.user_agent
        self._crawler = crawler
        self._generation = 0
        self._session_version = -1
        self._pages_in_generation = 0
        self._retired: set[str] = set()
        self._closing: set[asyncio.Future] = set()
        self._shutting_down = False
        self.reuse_pages = cfg.reuse_pages
        self.nice = cfg.nice
        # Idle pages per context name. An idle page gives its context's page slot back (the semaphore
        # that bounds PLAYWRIGHT_MAX_PAGES_PER_CONTEXT pages at work), so a request never waits for a
        # slot that an idle page holds; reusing one takes a slot again.
        self._idle: dict[str, list[Page]] = {}
        # Rendered responses get the HTTP handler's size bounds.
        self.maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self.warnsize = settings.getint("DOWNLOAD_WARNSIZE")
        self._guard: BrowserGuard | None = None
        # Pages being opened per context, and an event set whenever one is: tells popups from our own.
        self._opening: dict[str, int] = {}
        self._opened: dict[str, asyncio.Event] = {}
        self._guard_for: Any = None
        # The guard runs before PLAYWRIGHT_ABORT_REQUEST on every request of a page jpcrawl opened (around
        # scrapy-playwright's page route) and through a context route for pages it did not (popups).

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JpcrawlPlaywrightHandler:
        return cls(crawler)

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        # A rendered request must end: the navigation has its own timeout, but waiting for a page slot, a
        # context or a browser that will never come does not. Past this bound the request fails with a
        # download timeout, which RetryMiddleware retries, instead of holding the crawl open forever.
        try:
            response = await asyncio.wait_for(
                super()._download_request(request, spider), self.request_timeout
            )
        except asyncio.TimeoutError:
            self.stats.inc_value("jpcrawl/browser/request_timeout")
            raise DownloadTimeoutError(
                f"rendering {request.url} took more than {self.request_timeout:.0f} s"
            ) from None
        if "playwright" in response.flags:
            if response.url.startswith("chrome-error:"):
                # The page navigated itself to a host the guard blocked: what is left is no page of the site.
                self.stats.inc_value("jpcrawl/browser/navigated_away")
                raise IgnoreRequest(f"{request.url}: the page navigated to a blocked host")
            self._check_size(request, response)
        return response

    def _check_size(self, request: Request, response: Response) -> None:
        """DOWNLOAD_MAXSIZE / DOWNLOAD_WARNSIZE (or the request's download_maxsize / download_warnsize
        meta) for a rendered page, as Scrapy's HTTP handler applies them: over the max, the download
        fails with the same error."""
        size = len(response.body)
        maxsize = request.meta.get("download_maxsize", self.maxsize)
        warnsize = request.meta.get("download_warnsize", self.warnsize)
        if maxsize and size > maxsize:
            self.stats.inc_value("jpcrawl/browser/too_large")
            message = (
                f"Received {size} bytes which is larger than download max size ({maxsize}) in request "
                f"{request} (rendered)."
            )
            logger.warning(message)
            raise DownloadCancelledError(message)
        if warnsize and size > warnsize:
            logger.warning(
                "Received %d bytes which is larger than download warn size (%d) in request %s (rendered).",
                size,
                warnsize,
                request,
            )

    # -- what pages may fetch -------------------------------------------------------------------------

    def guard(self) -> BrowserGuard | None:
        """The crawl's BrowserGuard, from the spider's base_url and site profile (None without a base_url:
        then only PLAYWRIGHT_ABORT_REQUEST applies)."""
        spider = getattr(self._crawler, "spider", None)
        if spider is not self._guard_for:
            self._guard_for = spider
            base_url = getattr(spider, "base_url", None)
            site = getattr(spider, "site", None)
            self._guard = (
                BrowserGuard(
                    str(base_url),
                    getattr(site, "site_hosts_suffix", None),
                    getattr(site, "asset_hosts", ()) or (),
                )
                if base_url
                else None
            )
        return self._guard

    def _blocked(self, url: str, navigation: bool) -> bool:
        guard = self.guard()
        reason = guard.reason(url, navigation) if guard is not None else None
        if reason is None:
            return False
        self.stats.inc_value(f"jpcrawl/browser/blocked/{reason}")
        logger.debug("browser: aborted a %s request (%s)", "navigation" if navigation else "page", reason)
        return True

    @staticmethod
    def _is_navigation(request: PlaywrightRequest) -> bool:
        try:
            return bool(request.is_navigation_request()) or request.resource_type == "document"
        except Exception:  # a request of a frame that is already gone
            return request.resource_type == "document"

    def _make_request_handler(self, *args: Any, **kwargs: Any) -> Any:
        """scrapy-playwright's page route, with the guard first. A frame's blocked navigation is answered
        204 No Content (the frame stays empty, the page loads on); a blocked navigation of the page itself
        is aborted, which leaves Chromium's error page: that request then fails (`_download_request`)."""
        inner = super()._make_request_handler(*args, **kwargs)

        async def handler(route: Any, request: PlaywrightRequest) -> None:
            navigation = self._is_navigation(request)
            if not self._blocked(request.url, navigation):
                await inner(route, request)
            elif navigation and self._in_subframe(request):
                await route.fulfill(status=204, body=b"")
            else:
                await route.abort("blockedbyclient")

        return handler

    @staticmethod
    def _in_subframe(request: PlaywrightRequest) -> bool:
        try:
            return request.frame.parent_frame is not None
        except Exception:  # a frame that is gone
            return False

    async def _context_route(self, route: Any, request: PlaywrightRequest) -> None:
        """Requests of pages without scrapy-playwright's page route (popups, before they are closed)."""
        try:
            if self._blocked(request.url, self._is_navigation(request)):
                await route.abort("blockedbyclient")
            else:
                await route.fallback()
        except Exception as exc:  # the page or context closed meanwhile
            logger.debug("context route: %s", exc)

    async def _create_browser_context(
        self, name: str, context_kwargs: dict | None, spider: Spider | None = None
    ) -> Any:
        kwargs = dict(context_kwargs or {})
        # Every context, jpcrawl's or one a request names: a page never saves a file on this machine.
        kwargs["accept_downloads"] = False
        session = self._session()
        if name.startswith(CONTEXT_PREFIX) and getattr(session, "storage_origins", None):
            # The storage-state file's local storage, as read (and checked) once by the session: never
            # the path, which Playwright would open again.
            kwargs["storage_state"] = {"cookies": [], "origins": session.storage_origins}
        wrapper = await super()._create_browser_context(name, kwargs, spider)
        context = wrapper.context
        await context.route("**/*", self._context_route)
        context.on("page", lambda page: self._on_context_page(name, page))
        return wrapper

    async def _on_context_page(self, name: str, page: Page) -> None:
        """A page jpcrawl did not open (window.open, target=_blank, with or without an opener): closed at
        once. The context's "page" event may come before the page jpcrawl is opening is handed back:
        wait for those to be known first."""
        try:
            while not getattr(page, "_jpcrawl_own", False) and self._opening.get(name):
                await self._opened_event(name).wait()
        except Exception as exc:
            logger.debug("popup check: %s", exc)
        if not getattr(page, "_jpcrawl_own", False):
            await self._close_popup(page)

    def _opened_event(self, name: str) -> asyncio.Event:
        event = self._opened.get(name)
        if event is None:
            event = self._opened[name] = asyncio.Event()
        return event

    async def _open_own_page(self, request: Request, spider: Spider) -> Page:
        """scrapy-playwright's page creation, with the page marked as jpcrawl's own (not a popup)."""
        name = str(request.meta.get("playwright_context") or "default")
        self._opening[name] = self._opening.get(name, 0) + 1
        try:
            page = await super()._create_page(request, spider)
            page._jpcrawl_own = True
            return page
        finally:
            self._opening[name] -= 1
            event = self._opened.pop(name, None)
            if event is not None:
                event.set()

    async def _close_popup(self, page: Page) -> None:
        if getattr(page, "_jpcrawl_popup_closed", False):
            return
        page._jpcrawl_popup_closed = True  # type: ignore[attr-defined]
        self.stats.inc_value("jpcrawl/browser/popups_closed")
        with contextlib.suppress(Exception):
            await page.close()
        # A popup is a page of its context: a retired context closes only once it is gone.
        self._maybe_close_retired()

    async def _maybe_launch_browser(self) -> None:
        launched = hasattr(self, "browser")
        await super()._maybe_launch_browser()
        if not launched and hasattr(self, "browser") and self.nice > 0:
            renice_browser(self.nice)

    def _context_name(self) -> str:
        return f"{CONTEXT_PREFIX}{self._generation}"

    def _session(self) -> Any:
        return getattr(self._crawler, "jpcrawl_session", None)

    def _next_generation(self) -> None:
        self._retired.add(self._context_name())
        wrapper = self.context_wrappers.get(self._context_name())
        for page in self._idle.pop(self._context_name(), []):
            self._really_close(page, wrapper)
        self._generation += 1
        self._pages_in_generation = 0
        self.stats.inc_value("jpcrawl/browser/contexts_recycled")

    def _context_kwargs(self) -> dict[str, Any]:
        # Only plain values: a request's meta may be written to a JOBDIR queue. The session's cookies and
        # storage are given to the context when it is created (_create_browser_context, _create_page).
        return {
            "user_agent": self.user_agent,
            "java_script_enabled": True,
            "service_workers": "block",
            "accept_downloads": False,
        }

    async def _create_page(self, request: Request, spider: Spider) -> Page:
        named = request.meta.get("playwright_context")
        if named not in (None, "default") and not str(named).startswith(CONTEXT_PREFIX):
            own = await self._open_own_page(request, spider)
            own.on("popup", self._close_popup)
            return own
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
        reused = await self._reuse(name)
        if reused is not None:
            return reused
        fresh = name not in self.context_wrappers
        page: Any = await self._open_own_page(request, spider)
        if fresh and session is not None:
            cookies = session.browser_cookies()
            if cookies:
                await page.context.add_cookies(cookies)
        page.on("close", lambda _page: self._maybe_close_retired())
        # Besides the context's "page" event: whichever tells of a popup first closes it.
        page.on("popup", self._close_popup)
        if self.reuse_pages:
            compat.intercept_close(page, lambda **kwargs: self._release(page, name, kwargs))
        self._maybe_close_retired()
        return page

    async def _reuse(self, name: str) -> Page | None:
        """An idle page of context `name`, holding one of the context's page slots again, or None."""
        wrapper = self.context_wrappers.get(name)
        if not self._idle.get(name) or wrapper is None:
            return None
        await wrapper.semaphore.acquire()
        idle = self._idle.get(name) or []
        while idle:
            page = idle.pop()
            if page.is_closed():
                continue
            try:
                # The caller unroutes only a page it did not create; a reused page looks new to it.
                await asyncio.wait_for(page.unroute("**"), timeout=10)
            except Exception as exc:  # its renderer died
                logger.debug("dropping an idle page: %s", exc)
                # Its close callback frees a slot it did not hold: take it back, we still hold ours.
                await self._quietly(compat.really_close(page)())
                await wrapper.semaphore.acquire()
                continue
            self.stats.inc_value("jpcrawl/browser/pages_reused")
            return page
        wrapper.semaphore.release()
        return None

    async def _release(self, page: Page, name: str, kwargs: dict[str, Any]) -> None:
        """`page.close()` of a reusable page: back to its context's idle pool, or really closed."""
        if page.is_closed():
            return
        browser = page.context.browser
        if browser is None or not browser.is_connected():
            return  # its browser is gone: nothing to close, no slot to give back to a live context
        wrapper = self.context_wrappers.get(name)
        idle = self._idle.setdefault(name, [])
        if (
            kwargs
            or wrapper is None
            or name != self._context_name()
            or len(idle) >= self.config.max_pages_per_context
        ):
            await compat.really_close(page)(**kwargs)
            return
        # The page keeps its last document until the next navigation: leaving it first (about:blank) costs
        # a navigation per page, more than an idle page of a text crawl (ads and trackers blocked) costs.
        idle.append(page)
        wrapper.semaphore.release()  # the idle page holds no slot; _reuse takes one again

    def _really_close(self, page: Page, wrapper: Any = None) -> None:
        """Close an idle page (of a retired context). It holds no page slot, but its close callback
        releases one: take one first so the context's count stays right."""
        close = compat.really_close(page)

        async def take_slot_and_close() -> None:
            if wrapper is not None:
                await wrapper.semaphore.acquire()
            await close()

        task = asyncio.ensure_future(self._quietly(take_slot_and_close()))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    @staticmethod
    async def _quietly(coro: Any) -> None:
        try:
            await coro
        except Exception as exc:  # already gone with its context or browser
            logger.debug("closing a page: %s", exc)

    async def _browser_disconnected_callback(self) -> None:
        # A browser that crashed or was killed never fires its contexts' "close" events (so jpcrawl sets no
        # PLAYWRIGHT_MAX_CONTEXTS: those slots would never come back). Forget its contexts and pages.
        if not self._shutting_down:
            self.stats.inc_value("jpcrawl/browser/disconnected")
            logger.warning("the browser disconnected; a new one starts with the next rendered request")
        await super()._browser_disconnected_callback()
        self._retired.clear()
        self._idle.clear()  # pages of the dead browser
        # A new name for the next context: late callbacks of the dead one's pages (their close events,
        # their requests' failures) must never count against the new context's page slots.
        self._generation += 1
        self._pages_in_generation = 0

    async def _close(self) -> None:
        self._shutting_down = True
        await super()._close()

    def _maybe_close_retired(self) -> None:
        for name in list(self._retired):
            wrapper = self.context_wrappers.get(name)
            if wrapper is None:
                self._retired.discard(name)
                continue
            # Only once every page slot is back: a request that took a slot but has not opened its page yet
            # would otherwise wait on the semaphore of a context that is gone, forever.
            all_slots_free = compat.free_slots(wrapper.semaphore) >= self.config.max_pages_per_context
            if not wrapper.context.pages and all_slots_free:
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
