"""The subscriber session: logging in, the session's cookies, and sharing them with the browser.

One `SubscriberSession` per crawl, reachable as `crawler.jpcrawl_session`. It is site-agnostic: everything
it knows about a site (login path, login form, "am I logged in", "is this page paywalled") comes from the
spider's `SiteProfile`.

Where the session comes from (settings, or the environment for the credentials):

* `JPCRAWL_STORAGE_STATE`: a Playwright storage-state JSON file (`{"cookies": [...], "origins": [...]}`)
  saved from a logged-in browser. Its cookies become the session. The file must be a regular file (not a
  symlink) owned by the user running the crawl and readable by its owner only (mode 0600): a cookie file
  anyone on the machine can read is a password anyone can read. It is checked and read through one open
  descriptor.
* `JPCRAWL_EMAIL` / `JPCRAWL_PASSWORD`: the login form is filled in once, before the first page request is
  sent, and again when the session expires mid-crawl (at most `JPCRAWL_SESSION_MAX_RELOGINS` times).

Who uses it:

* `jpcrawl.middlewares.session.SessionMiddleware` adds the session's cookies to every HTTP request for the
  site (and so to browser navigations, which carry the Scrapy request's headers).
* `jpcrawl.browser.JpcrawlPlaywrightHandler` gives every new browser context `browser_cookies()` (and the
  storage-state file's local storage, `storage_origins`, as read once), and starts new contexts whenever
  `version` changes.

The login talks to the crawl's origin (`base_url`: scheme, host and port) only: the form page, the POST,
every redirect and the page it ends on. Anything else is a LoginError before a byte is sent there; a
307/308 never carries the form to another origin. Every hop presents the browser identity, so a front end
that answers other clients with its interstitial sees the same client throughout.

Secrets: the password, the session cookie values and the CSRF token never reach a log line, an item, a
stat or a file jpcrawl writes without mode 0600. `repr()` of every object here is redacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import os
import stat
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.cookiejar import Cookie
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.http import FormRequest, Response, TextResponse
from scrapy.http.cookies import CookieJar
from scrapy.settings import BaseSettings

from jpcrawl import config

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Meta keys. Login requests carry LOGIN_META so every middleware lets them through untouched (no session
# cookies, no rendering, no paywall check); page requests carry the session version they were sent with.
LOGIN_META = "jpcrawl_session_login"
VERSION_META = "jpcrawl_session_version"
RETRIED_META = "jpcrawl_session_retried"

STAT_PREFIX = "jpcrawl/session/"
MAX_LOGIN_REDIRECTS = 5
REDIRECT_STATUSES = (301, 302, 303, 307, 308)

# Finish reasons of a crawl that JPCRAWL_REQUIRE_LOGIN stops.
REASON_LOGIN_FAILED = "login_failed"
REASON_SESSION_EXPIRED = "session_expired"


class LoginError(Exception):
    """A login that did not work. The message is safe to log: it never holds the email or password."""


class InsecureFileError(LoginError):
    pass


class SiteLike(Protocol):
    """The part of a `SiteProfile` the session needs."""

    login_path: str

    def parse_login_form(self, url: str, html: str) -> Any: ...

    def is_logged_in(self, html: str) -> bool: ...

    def classify(self, url: str, html: str) -> Any: ...


Fetch = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str = field(repr=False)

    def __repr__(self) -> str:  # never the email either: logs of a shared machine are not private
        return "Credentials(<redacted>)"

    @classmethod
    def from_settings(cls, settings: Any, environ: Any = None) -> Credentials | None:
        """JPCRAWL_EMAIL / JPCRAWL_PASSWORD: settings first, then the environment.

        The environment is the better place: settings passed with `-s` end up in shell history and in
        process listings (scrapy does not log JPCRAWL_* settings, they are not Scrapy defaults).
        """
        env = os.environ if environ is None else environ
        email = settings.get("JPCRAWL_EMAIL") or env.get("JPCRAWL_EMAIL") or ""
        password = settings.get("JPCRAWL_PASSWORD") or env.get("JPCRAWL_PASSWORD") or ""
        if not email and not password:
            return None
        if not email or not password:
            raise LoginError("JPCRAWL_EMAIL and JPCRAWL_PASSWORD must both be set")
        return cls(str(email), str(password))


# -- cookies ---------------------------------------------------------------------------------------------


def _http_only(cookie: Cookie) -> bool:
    return any(cookie.has_nonstandard_attr(k) for k in ("HttpOnly", "httponly", "HTTPOnly"))


def _same_site(cookie: Cookie) -> str:
    for key in ("SameSite", "samesite", "Samesite"):
        value = cookie.get_nonstandard_attr(key)
        if isinstance(value, str) and value.lower() in ("strict", "lax", "none"):
            value = value.capitalize()
            # Chromium drops SameSite=None cookies that are not Secure; Lax is what it would assume.
            return "Lax" if value == "None" and not cookie.secure else value
    return "Lax"


def cookie_to_playwright(cookie: Cookie) -> dict[str, Any]:
    """http.cookiejar's cookie -> a Playwright cookie dict (`BrowserContext.add_cookies`, storage state)."""
    return {
        "name": cookie.name,
        "value": cookie.value if cookie.value is not None else "",
        # A leading dot means "this domain and its subdomains" in both worlds; no dot means host-only.
        "domain": cookie.domain,
        "path": cookie.path or "/",
        "expires": float(cookie.expires) if cookie.expires else -1,
        "httpOnly": _http_only(cookie),
        "secure": bool(cookie.secure),
        "sameSite": _same_site(cookie),
    }


def cookie_from_playwright(data: dict[str, Any]) -> Cookie | None:
    """A Playwright cookie dict -> http.cookiejar's cookie; None when it is expired or malformed."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        return None
    domain = data.get("domain")
    path = data.get("path") or "/"
    if not domain and data.get("url"):
        parts = urlsplit(str(data["url"]))
        domain = parts.hostname
        path = data.get("path") or "/"
    if not isinstance(domain, str) or not domain:
        return None
    expires_raw = data.get("expires", -1)
    try:
        expires_f = float(expires_raw) if expires_raw is not None else -1.0
    except (TypeError, ValueError):
        expires_f = -1.0
    expires = int(expires_f) if expires_f > 0 else None
    if expires is not None and expires <= time.time():
        return None
    rest: dict[str, str] = {}
    if data.get("httpOnly"):
        rest["HttpOnly"] = ""
    if data.get("sameSite"):
        rest["SameSite"] = str(data["sameSite"])
    dotted = domain.startswith(".")
    return Cookie(
        version=0,
        name=name,
        value=str(data.get("value", "")),
        port=None,
        port_specified=False,
        domain=domain,
        domain_specified=dotted,
        domain_initial_dot=dotted,
        path=str(path),
        path_specified=True,
        secure=bool(data.get("secure", False)),
        expires=expires,
        discard=expires is None,
        comment=None,
        comment_url=None,
        rest=rest,
    )


def merge_cookie_header(existing: str | None, session: str | None) -> str | None:
    """One Cookie header from the cookie middleware's and the session's: the session wins on a name clash."""
    pairs: dict[str, str] = {}
    for header in (existing, session):
        if not header:
            continue
        for part in header.split(";"):
            part = part.strip()
            if not part:
                continue
            name, _, value = part.partition("=")
            pairs[name.strip()] = value
    if not pairs:
        return None
    return "; ".join(f"{name}={value}" for name, value in pairs.items())


# -- files -----------------------------------------------------------------------------------------------


MAX_PRIVATE_FILE_BYTES = 16 * 1024 * 1024


def read_private_file(path: str, what: str = "the storage-state file") -> bytes:
    """The bytes of a secrets file that only its owner, the user running jpcrawl, can read or write (as ssh
    does with keys). Refused: a symbolic link, anything but a regular file, another owner, group/other
    permission bits.

    The file is opened first and every check is made on the open descriptor, which is then read: a file
    swapped or re-linked between a check and the read cannot slip through.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | os.O_NONBLOCK
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: a FIFO put in the file's place must not hang the crawl
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InsecureFileError(
                f"{what} {path} is a symbolic link; give the path of the file itself "
                "(a link can be pointed at another file between the check and the read)"
            ) from None
        raise LoginError(f"cannot read {what} {path}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InsecureFileError(f"{what} {path} is not a regular file")
        euid = os.geteuid()
        if st.st_uid != euid:
            raise InsecureFileError(
                f"{what} {path} is owned by uid {st.st_uid}, not by the user running jpcrawl (uid {euid}); "
                "it holds session cookies: the user that runs the crawl must own it"
            )
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            raise InsecureFileError(
                f"{what} {path} is accessible by group/others (mode {mode:04o}); "
                f"it holds session cookies: run `chmod 600 {path}`"
            )
        if st.st_size > MAX_PRIVATE_FILE_BYTES:
            raise LoginError(f"{what} {path} is larger than {MAX_PRIVATE_FILE_BYTES} bytes")
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, 1 << 16):
            total += len(chunk)
            if total > MAX_PRIVATE_FILE_BYTES:
                raise LoginError(f"{what} {path} is larger than {MAX_PRIVATE_FILE_BYTES} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise LoginError(f"cannot read {what} {path}: {exc.strerror}") from None
    finally:
        os.close(fd)


def check_private_file(path: str) -> None:
    """Refuse a secrets file that is a link, not a regular file, not ours, or open to group/others."""
    read_private_file(path)


def write_private_json(path: str, data: Any) -> None:
    """Write JSON readable by the owner only (0600), atomically: never a moment with wider permissions."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".jpcrawl-", suffix=".tmp", dir=directory)  # mkstemp: 0600
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.chmod(path, 0o600)


def load_storage_state(path: str) -> list[Cookie]:
    return read_storage_state(path)[0]


def read_storage_state(path: str) -> tuple[list[Cookie], list[Any]]:
    """The cookies and the `origins` (local storage) of a private Playwright storage-state file."""
    raw = read_private_file(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        # The parser's message may quote the file's text (cookie values): only its kind is reported.
        raise LoginError(f"cannot read the storage-state file {path}: {type(exc).__name__}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cookies"), list):
        raise LoginError(f"the storage-state file {path} is not a Playwright storage state (no cookies list)")
    cookies = [c for c in (cookie_from_playwright(d) for d in data["cookies"] if isinstance(d, dict)) if c]
    if not cookies:
        raise LoginError(f"the storage-state file {path} holds no unexpired cookies")
    origins = data.get("origins")
    return cookies, [o for o in origins if isinstance(o, dict)] if isinstance(origins, list) else []


# -- login -----------------------------------------------------------------------------------------------


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def origin_key(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, with the scheme's default port filled in: what same-origin compares."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port that is not a number
        port = -1
    return scheme, (parts.hostname or "").lower().rstrip("."), port


def same_origin(url: str, base_url: str) -> bool:
    key = origin_key(url)
    return key[0] in _DEFAULT_PORTS and bool(key[1]) and key == origin_key(base_url)


def _shown_origin(url: str) -> str:
    """An origin for a message: scheme, host and port only (a path or query may carry anything)."""
    scheme, host, port = origin_key(url)
    return f"{scheme}://{host}:{port}" if host else repr(scheme + ":")


def _same_site_url(url: str, base_url: str, hosts_suffix: str | None) -> str:
    """A form action on another host of the site (the real site's absolute URL on a replica, http vs
    https) is posted to the crawl's own origin, where the session cookies live. Nothing is ever mapped
    anywhere but the crawl's origin; any other action stays as it is and is refused."""
    parts = urlsplit(url)
    base = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if host == (base.hostname or "").lower() or (hosts_suffix and host.endswith(hosts_suffix)):
        return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))
    return url


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def _text(response: Response) -> str:
    return response.text if isinstance(response, TextResponse) else ""


def _login_meta() -> dict[str, Any]:
    return {
        LOGIN_META: True,
        # The session's own jar handles these cookies; Scrapy's jar must neither add nor keep them.
        "dont_merge_cookies": True,
        # Redirects are followed here, not by RedirectMiddleware: each hop's Set-Cookie (Laravel rotates
        # the session id on login) is caught before the next request is built, and each hop's origin is
        # checked before anything is sent to it.
        "dont_redirect": True,
        "playwright": False,
        "dont_cache": True,
        # robots.txt keeps crawlers out of login pages; logging in is the subscriber's own act, not
        # crawling, and without it no premium article can be read.
        "dont_obey_robotstxt": True,
    }


def _refuse_origin(url: str, base_url: str, what: str) -> None:
    if not same_origin(url, base_url):
        raise LoginError(
            f"{what} {_shown_origin(url)}, not the crawl's origin {_shown_origin(base_url)}: jpcrawl sends "
            "the login (and the session's cookies) to the crawl's own origin only"
        )


def _is_interstitial(site: SiteLike, response: Response) -> bool:
    return response.status == 200 and _kind_name(site, response.url, _text(response)) == "INTERSTITIAL"


async def _fetch_following(
    fetch: Fetch,
    request: Request,
    jar: CookieJar,
    base_url: str,
    *,
    site: SiteLike | None = None,
    headers: dict[str, str] | None = None,
    interstitial_retries: int,
    backoff: float,
) -> Response:
    """Send a login-flow request and follow its redirects, same-origin only.

    Every hop is checked before it is sent: a hop to another origin (another host, port or scheme, so
    https never becomes http) is a LoginError, and a 307/308 never re-sends the form's body there. Every
    hop carries `headers` (the browser identity): a front end that answers unknown clients with its
    interstitial page must see the same client on the redirect after the POST as on the form. A GET that
    still gets the interstitial is retried (bounded, with backoff), as crawl requests are.
    """
    headers = headers or {}
    retries = 0
    hops = 0
    while True:
        _refuse_origin(request.url, base_url, "the login would go to")
        request.headers.pop(b"Cookie", None)
        jar.add_cookie_header(request)
        response = await fetch(request)
        jar.extract_cookies(response, request)
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location:
            if (
                site is not None
                and request.method == "GET"
                and retries < interstitial_retries
                and _is_interstitial(site, response)
            ):
                await asyncio.sleep(backoff * 2**retries)  # the crawl's own interstitial backoff
                retries += 1
                continue
            return response
        hops += 1
        if hops > MAX_LOGIN_REDIRECTS:
            raise LoginError(f"more than {MAX_LOGIN_REDIRECTS} redirects in the login")
        target = urljoin(response.url, location.decode("latin-1"))
        if not same_origin(target, base_url):
            resend = ""
            if response.status in (307, 308) and request.method != "GET":
                resend = " (a 307/308: it would have re-sent the login form there)"
            _refuse_origin(target, base_url, f"the login was redirected (HTTP {response.status}){resend} to")
        retries = 0
        if response.status in (307, 308):
            request = request.replace(url=target)  # same origin: the body may follow
        else:
            request = Request(
                target,
                method="GET",
                headers={**headers, "Referer": response.url},
                meta=_login_meta(),
                dont_filter=True,
            )


def _login_request(
    page: Response, fields: dict[str, str], action: str, headers: dict[str, str]
) -> FormRequest:
    """The login POST: Scrapy's FormRequest with the fields the site profile read from the form (hidden
    inputs, CSRF token) and the credentials. Always a POST, whatever the form says: a GET would put the
    password in a URL, and URLs end up in logs. (FormRequest.from_response is deprecated in Scrapy 2.19 and
    would log a deprecation warning in every crawl.)"""
    return FormRequest(
        action,
        method="POST",
        formdata=fields,
        headers={**headers, "Referer": page.url, "Origin": _origin(page.url)},
        meta=_login_meta(),
        dont_filter=True,
    )


async def perform_login(
    fetch: Fetch,
    site: SiteLike,
    base_url: str,
    credentials: Credentials,
    *,
    user_agent: str | None = None,
    interstitial_retries: int | None = None,
    backoff: float | None = None,
) -> CookieJar:
    """Log in through the site's form; return the logged-in cookie jar or raise LoginError.

    GET the login page (its cookies: CSRF and session), parse the form (hidden fields incl. the CSRF token),
    POST it with the credentials, follow the redirect, and judge by `site.is_logged_in` on where it ends.
    Every hop stays on `base_url`'s origin (see `_fetch_following`). No interstitial budget given: the
    JPCRAWL_INTERSTITIAL_* defaults.
    """
    defaults = SessionConfig.from_settings(None)
    retries = defaults.interstitial_retries if interstitial_retries is None else interstitial_retries
    jar = CookieJar()
    headers = {"User-Agent": user_agent} if user_agent else {}
    follow: dict[str, Any] = {
        "site": site,
        "headers": headers,
        "interstitial_retries": retries,
        "backoff": defaults.interstitial_backoff if backoff is None else backoff,
    }
    login_url = urljoin(base_url.rstrip("/") + "/", site.login_path.lstrip("/"))
    page = await _fetch_following(
        fetch,
        Request(login_url, headers=headers, meta=_login_meta(), dont_filter=True),
        jar,
        base_url,
        **follow,
    )
    html = _text(page)
    if page.status >= 400:
        raise LoginError(f"the login page {_path(page.url)} answered HTTP {page.status}")
    form = site.parse_login_form(page.url, html)
    if form is None:
        kind = _kind_name(site, page.url, html)
        extra = f" (the page is {kind.lower()})" if kind in ("INTERSTITIAL", "PAYWALLED") else ""
        raise LoginError(f"no login form on {_path(page.url)}{extra}")
    fields = {str(k): str(v) for k, v in (form.fields or {}).items()}
    fields[form.email_field] = credentials.email
    fields[form.password_field] = credentials.password
    action = _same_site_url(
        urljoin(page.url, form.action_url or page.url), base_url, getattr(site, "site_hosts_suffix", None)
    )
    _refuse_origin(action, base_url, "the login form posts to")
    post = _login_request(page, fields, action, headers)
    result = await _fetch_following(fetch, post, jar, base_url, **follow)
    html = _text(result)
    if site.is_logged_in(html):
        return jar
    if result.status == 419:
        raise LoginError("the site rejected the login form's CSRF token (HTTP 419)")
    if result.status == 429:
        raise LoginError("the site is rate-limiting logins (HTTP 429)")
    if result.status >= 400:
        raise LoginError(f"the login POST to {_path(action)} answered HTTP {result.status}")
    if site.parse_login_form(result.url, html) is not None:
        raise LoginError("the site did not accept the email/password (the login form came back)")
    if _is_interstitial(site, result):
        raise LoginError(
            f"the site answered the login with its interstitial page on {_path(result.url)} "
            "(it does not take the login's User-Agent for a current browser: see JPCRAWL_LOGIN_USER_AGENT)"
        )
    raise LoginError(f"not logged in after the login (ended on {_path(result.url)}, HTTP {result.status})")


def _kind_name(site: SiteLike, url: str, html: str) -> str | None:
    try:
        kind = site.classify(url, html)
    except Exception:  # classification is advisory here
        return None
    return str(getattr(kind, "name", kind)).upper()


# -- the session -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionConfig:
    """The session's settings (defaults: jpcrawl/settings.py). Credentials are read by Credentials."""

    enabled: bool
    storage_state: str | None
    save_storage_state: str | None
    verify_storage_state: bool
    require_login: bool
    max_relogins: int
    login_user_agent: str | None
    browser_user_agent: str | None
    # The crawl's interstitial budget, which the login's own requests get too.
    interstitial_retries: int
    interstitial_backoff: float

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> SessionConfig:
        return cls(
            enabled=config.getbool(settings, "JPCRAWL_SESSION_ENABLED"),
            storage_state=config.setting(settings, "JPCRAWL_STORAGE_STATE") or None,
            save_storage_state=config.setting(settings, "JPCRAWL_SAVE_STORAGE_STATE") or None,
            verify_storage_state=config.getbool(settings, "JPCRAWL_VERIFY_STORAGE_STATE"),
            require_login=config.getbool(settings, "JPCRAWL_REQUIRE_LOGIN"),
            max_relogins=config.getint(settings, "JPCRAWL_SESSION_MAX_RELOGINS"),
            login_user_agent=config.setting(settings, "JPCRAWL_LOGIN_USER_AGENT") or None,
            browser_user_agent=config.setting(settings, "JPCRAWL_BROWSER_USER_AGENT") or None,
            interstitial_retries=config.getint(settings, "JPCRAWL_INTERSTITIAL_MAX_RETRIES"),
            interstitial_backoff=config.getfloat(settings, "JPCRAWL_INTERSTITIAL_BACKOFF"),
        )


class SubscriberSession:
    """The crawl's subscriber session, shared by HTTP requests and browser contexts.

    `version` is 0 until a session exists and is bumped by every new one (login, re-login, storage state),
    so browser contexts made with older cookies are retired. `active` is true while requests should carry
    the session (a login failure or an exhausted re-login budget makes the crawl anonymous).
    """

    def __init__(
        self,
        crawler: Crawler | None = None,
        *,
        credentials: Credentials | None = None,
        storage_state: str | None = None,
        save_storage_state: str | None = None,
        require_login: bool | None = None,
        max_relogins: int | None = None,
        verify_storage_state: bool | None = None,
        fetch: Fetch | None = None,
    ) -> None:
        # Unset: the JPCRAWL_* defaults (from_crawler passes the crawl's settings).
        defaults = SessionConfig.from_settings(None)
        self.crawler = crawler
        self.credentials = credentials
        self.storage_state_file = storage_state
        self.save_storage_state_file = save_storage_state
        self.require_login = defaults.require_login if require_login is None else require_login
        self.max_relogins = defaults.max_relogins if max_relogins is None else max_relogins
        self.verify_storage_state = (
            defaults.verify_storage_state if verify_storage_state is None else verify_storage_state
        )
        self._fetch = fetch
        self.version = 0
        self.storage_state_path: str | None = None
        self.storage_origins: list[Any] = []  # the storage-state file's local storage, for browser contexts
        self.active = False
        self.source: str | None = None  # "login" | "storage_state"
        self.jar = CookieJar()
        self.relogins = 0
        self.stopped_reason: str | None = None  # set when JPCRAWL_REQUIRE_LOGIN stops the crawl
        self._started = False
        self._lock: asyncio.Lock | None = None
        self._close_task: asyncio.Task[Any] | None = None
        self._config_error: str | None = None  # a half-configured account, reported at start

    def __repr__(self) -> str:
        return (
            f"<SubscriberSession version={self.version} active={self.active} source={self.source} "
            f"cookies={len(list(self.jar))}>"
        )

    # -- construction ----------------------------------------------------------------------------------

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SubscriberSession:
        """The crawl's session: made once, then shared (both session middlewares and the browser handler
        find it at `crawler.jpcrawl_session`)."""
        existing = getattr(crawler, "jpcrawl_session", None)
        if isinstance(existing, cls):
            return existing
        settings = crawler.settings
        cfg = SessionConfig.from_settings(settings)
        session = cls(
            crawler,
            storage_state=cfg.storage_state or os.environ.get("JPCRAWL_STORAGE_STATE"),
            save_storage_state=cfg.save_storage_state,
            require_login=cfg.require_login,
            max_relogins=cfg.max_relogins,
            verify_storage_state=cfg.verify_storage_state,
        )
        try:
            session.credentials = Credentials.from_settings(settings)
        except LoginError as exc:
            session._config_error = str(exc)
        crawler.jpcrawl_session = session  # type: ignore[attr-defined]
        return session

    @property
    def configured(self) -> bool:
        return bool(self.credentials or self.storage_state_file or self._config_error)

    # -- cookies ---------------------------------------------------------------------------------------

    def cookie_header(self, url: str) -> str | None:
        """The session's cookies for `url`, a Cookie header value (domain, path, secure, expiry honoured)."""
        if not self.active:
            return None
        probe = Request(url)
        self.jar.add_cookie_header(probe)
        value = probe.headers.get(b"Cookie")
        return value.decode("latin-1") if value else None

    def browser_cookies(self) -> list[dict[str, Any]]:
        """The session's cookies as Playwright cookie dicts, for `BrowserContext.add_cookies`."""
        if not self.active:
            return []
        now = time.time()
        return [cookie_to_playwright(c) for c in self.jar if not c.expires or c.expires > now]

    def update_from_response(self, request: Request, response: Response) -> None:
        """Keep up with cookies the site re-issues (session refresh, rotated CSRF token), as a browser would.

        Only for responses to requests sent with the current session: a late answer to a request sent with
        an expired session must not overwrite a fresh login's cookies with anonymous ones.
        """
        if not self.active or request.meta.get(VERSION_META) != self.version:
            return
        if response.headers.getlist(b"Set-Cookie"):
            self.jar.extract_cookies(response, request)

    def _install(self, jar: CookieJar, source: str, storage_state_path: str | None = None) -> None:
        self.jar = jar
        self.source = source
        self.storage_state_path = storage_state_path
        self.storage_origins = []
        self.active = True
        self.version += 1

    # -- the crawl's side ------------------------------------------------------------------------------

    def _stats_inc(self, key: str) -> None:
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value(STAT_PREFIX + key)

    def _get_lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    async def _download(self, request: Request) -> Response:
        if self._fetch is not None:
            return await self._fetch(request)
        assert self.crawler is not None and self.crawler.engine is not None
        # Straight to the downloader (its middlewares, not the scheduler): a login request holds the
        # password and must never be serialised to a JOBDIR queue.
        return await self.crawler.engine.download_async(request)

    def _user_agent(self) -> str | None:
        """The login presents the browser identity: the session is shared with the browser contexts, and a
        site that answers bots with an interstitial would otherwise hide its login form."""
        settings = getattr(self.crawler, "settings", None)
        if settings is None:
            return None
        from jpcrawl.browser import BROWSER_USER_AGENT

        cfg = SessionConfig.from_settings(settings)
        return cfg.login_user_agent or cfg.browser_user_agent or BROWSER_USER_AGENT

    def _interstitial_recovery(self) -> dict[str, Any]:
        """The crawl's interstitial retry budget and backoff, for the login's own requests."""
        cfg = SessionConfig.from_settings(getattr(self.crawler, "settings", None))
        return {"interstitial_retries": cfg.interstitial_retries, "backoff": cfg.interstitial_backoff}

    async def ensure_started(self, site: SiteLike, base_url: str) -> None:
        """Set up the session once per crawl; every page request awaits this before it is sent."""
        if self._started:
            return
        async with self._get_lock():
            if self._started:
                return
            try:
                await self._start(site, base_url)
            finally:
                self._started = True

    async def _start(self, site: SiteLike, base_url: str) -> None:
        if self._config_error:
            self._failed(self._config_error)
            return
        if self.storage_state_file:
            try:
                await self._load_storage_state(site, base_url)
                return
            except LoginError as exc:
                if not self.credentials:
                    self._failed(str(exc), what="the storage-state session is unusable")
                    return
                logger.warning("%s; logging in with the configured account instead", exc)
        if self.credentials:
            await self._login(site, base_url)

    async def _load_storage_state(self, site: SiteLike, base_url: str) -> None:
        path = self.storage_state_file
        assert path is not None
        cookies, origins = read_storage_state(path)
        jar = CookieJar()
        for cookie in cookies:
            jar.jar.set_cookie(cookie)
        previous = (self.jar, self.source, self.storage_state_path, self.storage_origins, self.active)
        self._install(jar, "storage_state", storage_state_path=os.path.abspath(path))
        # Kept in memory: browser contexts get them from here, never by reading the path again (a path can
        # be re-pointed after the check).
        self.storage_origins = origins
        if self.verify_storage_state:
            # One page request tells whether the saved session is still logged in; without it, an expired
            # file would give a whole crawl of teasers. Same-origin only, like the login.
            ua = self._user_agent()
            headers = {"User-Agent": ua} if ua else {}
            probe = Request(base_url.rstrip("/") + "/", headers=headers, meta=_login_meta(), dont_filter=True)
            response: Response | None
            try:
                response = await _fetch_following(
                    self._download,
                    probe,
                    self.jar,
                    base_url,
                    site=site,
                    headers=headers,
                    **self._interstitial_recovery(),
                )
            except LoginError:
                self.jar, self.source, self.storage_state_path, self.storage_origins, self.active = previous
                raise
            except Exception as exc:
                response = None
                logger.warning("could not check the storage-state session: %s", type(exc).__name__)
            if response is not None and not site.is_logged_in(_text(response)):
                self.jar, self.source, self.storage_state_path, self.storage_origins, self.active = previous
                raise LoginError(f"the session in the storage-state file {path} is not logged in (expired?)")
        self._stats_inc("storage_state_loaded")
        self._stats_inc("login_ok")
        logger.info("subscriber session loaded from the storage-state file %s", path)

    async def _login(self, site: SiteLike, base_url: str) -> bool:
        assert self.credentials is not None
        try:
            jar = await perform_login(
                self._download,
                site,
                base_url,
                self.credentials,
                user_agent=self._user_agent(),
                **self._interstitial_recovery(),
            )
        except LoginError as exc:
            self._failed(str(exc))
            return False
        except Exception as exc:  # network errors: their text names hosts, not secrets, but keep it short
            self._failed(f"{type(exc).__name__} while logging in")
            return False
        self._install(jar, "login")
        self._stats_inc("login_ok")
        logger.info("logged in as the configured subscriber account (session version %d)", self.version)
        if self.save_storage_state_file:
            try:
                state = {"cookies": self.browser_cookies(), "origins": []}
                write_private_json(self.save_storage_state_file, state)
                logger.info("session saved to %s (mode 0600)", self.save_storage_state_file)
            except OSError as exc:
                logger.warning("could not save the session to %s: %s", self.save_storage_state_file, exc)
        return True

    def _failed(self, reason: str, what: str = "login failed for the configured account") -> None:
        self.active = False
        self._stats_inc("login_failed")
        logger.error("%s: %s", what, reason)
        if self.require_login:
            self.stop(REASON_LOGIN_FAILED)
        else:
            logger.warning("the crawl goes on anonymously: premium articles will have teaser bodies")

    def stop(self, reason: str) -> None:
        """Close the spider (JPCRAWL_REQUIRE_LOGIN). Not awaited: the request that is waiting here is itself
        in progress, and closing waits for in-progress requests."""
        if self.stopped_reason:
            return
        self.stopped_reason = reason
        engine = getattr(self.crawler, "engine", None)
        if engine is None:
            return
        logger.error("JPCRAWL_REQUIRE_LOGIN is set: stopping the crawl (%s)", reason)
        self._close_task = asyncio.ensure_future(engine.close_spider_async(reason=reason))

    async def handle_expired(self, site: SiteLike, base_url: str, seen_version: int) -> bool:
        """A request sent with session `seen_version` came back paywalled. Log in again, once for all the
        requests that noticed it; return True when the request should be retried with the new session."""
        async with self._get_lock():
            if self.version != seen_version and self.active:
                return True  # someone else already renewed it while this request was in flight
            if not self.active:
                return False
            self._stats_inc("expired")
            logger.warning("the subscriber session has expired (a paywalled page in a logged-in crawl)")
            if not self.credentials:
                self.active = False
                logger.error("the session expired and no JPCRAWL_EMAIL/PASSWORD are set to log in again")
                if self.require_login:
                    self.stop(REASON_SESSION_EXPIRED)
                return False
            if self.relogins >= self.max_relogins:
                self.active = False
                logger.error(
                    "the session expired again and JPCRAWL_SESSION_MAX_RELOGINS=%d is used up: "
                    "the crawl goes on anonymously",
                    self.max_relogins,
                )
                if self.require_login:
                    self.stop(REASON_SESSION_EXPIRED)
                return False
            self.relogins += 1
            self._stats_inc("relogin")
            logger.info("logging in again (%d of at most %d)", self.relogins, self.max_relogins)
            return await self._login(site, base_url)
