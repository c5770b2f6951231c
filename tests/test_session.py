"""Subscriber sessions: login, storage state, cookies shared with the browser, expiry, no leaked secrets.

The first half drives `jpcrawl.session` against a small in-memory site (fast, no network); the second half
runs real crawls of the `jakartapost` spider against the replica, as a user would (`scrapy crawl` in a
subprocess), HTTP and through the browser.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import stat
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar as StdCookieJar
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from jpcrawl.session import (
    Credentials,
    InsecureFileError,
    LoginError,
    SubscriberSession,
    check_private_file,
    cookie_from_playwright,
    cookie_to_playwright,
    load_storage_state,
    merge_cookie_header,
    perform_login,
    write_private_json,
)
from tests.secret_scan import assert_no_secrets, scan_run

EMAIL = "subscriber@example.com"
PASSWORD = "correct-horse-battery"
SESSION_MW = "jpcrawl.middlewares.session.SessionMiddleware"
EXPIRY_MW = "jpcrawl.middlewares.session.SessionExpiryMiddleware"


# -- an in-memory site ------------------------------------------------------------------------------------


class FakeSite:
    """Just enough of a SiteProfile: a login form with a CSRF token, a logout link when logged in."""

    login_path = "/user/account/login"
    site_hosts_suffix = ".example.org"

    def parse_login_form(self, url: str, html: str) -> Any:
        from jpcrawl.pages.base import LoginForm

        m = re.search(r'<form action="([^"]+)"><input type="hidden" name="_token" value="([^"]+)"', html)
        if not m:
            return None
        return LoginForm(action_url=urllib.parse.urljoin(url, m.group(1)), fields={"_token": m.group(2)})

    def is_logged_in(self, html: str) -> bool:
        return "/logout" in html

    def classify(self, url: str, html: str) -> str:
        return "PAYWALLED" if "tjp-paywall" in html else "ARTICLE"


class FakeServer:
    """Laravel-like: a session cookie on every answer, a new session id on login, 419 on a bad token."""

    def __init__(self) -> None:
        self.sessions: dict[str, dict[str, Any]] = {}
        self.requests: list[Request] = []
        self.counter = 0

    def _new(self, **data: Any) -> str:
        self.counter += 1
        sid = f"sess{self.counter:04d}secretvalue"
        self.sessions[sid] = {"token": f"tok{self.counter:04d}csrfsecret", **data}
        return sid

    async def fetch(self, request: Request) -> Response:
        await asyncio.sleep(0.001)
        self.requests.append(request)
        cookie = (request.headers.get(b"Cookie") or b"").decode()
        sid = dict(p.split("=", 1) for p in cookie.split("; ") if "=" in p).get("laravel_session")
        if sid not in self.sessions:
            sid = self._new()
        sess = self.sessions[sid]
        path = urllib.parse.urlsplit(request.url).path
        headers: dict[str, Any] = {}
        status, body = 200, ""
        if path == "/user/account/login" and request.method == "GET":
            token = sess["token"]
            body = f'<form action="/user/account/login"><input type="hidden" name="_token" value="{token}">'
        elif path == "/user/account/login":
            form = urllib.parse.parse_qs(request.body.decode())
            if form.get("_token") != [sess["token"]]:
                status = 419
            elif form.get("email") == [EMAIL] and form.get("password") == [PASSWORD]:
                sid = self._new(user=EMAIL)  # a fresh id on login
                status, headers["Location"] = 302, "/"
            else:
                status, headers["Location"] = 302, "/user/account/login"
        else:
            body = '<a href="/user/account/logout">Log out</a>' if sess.get("user") else "<a>Log in</a>"
        headers["Set-Cookie"] = [f"laravel_session={sid}; path=/; httponly", "XSRF-TOKEN=xsrfvalue; path=/"]
        return HtmlResponse(request.url, status=status, headers=headers, body=body.encode(), request=request)


# -- cookies and files -------------------------------------------------------------------------------------


def test_playwright_cookie_round_trip() -> None:
    expires = time.time() + 3600
    data = {
        "name": "laravel_session",
        "value": "abc",
        "domain": "127.0.0.1",
        "path": "/",
        "expires": expires,
        "httpOnly": True,
        "secure": False,
        "sameSite": "Lax",
    }
    cookie = cookie_from_playwright(data)
    assert cookie is not None
    back = cookie_to_playwright(cookie)
    assert back == {**data, "expires": float(int(expires))}
    # Expired cookies are dropped, session cookies (-1) kept.
    assert cookie_from_playwright({**data, "expires": time.time() - 10}) is None
    kept = cookie_from_playwright({**data, "expires": -1})
    assert kept is not None and cookie_to_playwright(kept)["expires"] == -1


def test_session_cookies_win_over_the_cookie_middlewares() -> None:
    assert merge_cookie_header("a=1; laravel_session=anon", "laravel_session=subs; XSRF-TOKEN=x") == (
        "a=1; laravel_session=subs; XSRF-TOKEN=x"
    )
    assert merge_cookie_header(None, None) is None


def test_private_files_are_0600_and_wider_ones_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{}")
    path.chmod(0o644)
    write_private_json(str(path), {"cookies": [], "origins": []})  # over an existing, wider file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    check_private_file(str(path))
    path.chmod(0o640)
    with pytest.raises(InsecureFileError, match=r"mode 0640.*chmod 600"):
        check_private_file(str(path))


def test_storage_state_errors_never_quote_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"cookies": [{"name": "laravel_session", "value": "topsecretvalue"')
    path.chmod(0o600)
    with pytest.raises(LoginError) as info:
        load_storage_state(str(path))
    assert "topsecretvalue" not in str(info.value)


def test_credentials_are_redacted() -> None:
    creds = Credentials(EMAIL, PASSWORD)
    assert EMAIL not in repr(creds) and PASSWORD not in repr(creds)
    with pytest.raises(LoginError, match="must both be set"):
        Credentials.from_settings({}, {"JPCRAWL_EMAIL": EMAIL})
    assert Credentials.from_settings({}, {}) is None
    assert Credentials.from_settings({"JPCRAWL_PASSWORD": PASSWORD}, {"JPCRAWL_EMAIL": EMAIL}) == creds


# -- login against the in-memory site -----------------------------------------------------------------------


def test_login_posts_the_form_and_keeps_the_rotated_session() -> None:
    server = FakeServer()
    jar = asyncio.run(
        perform_login(server.fetch, FakeSite(), "http://h.example.org", Credentials(EMAIL, PASSWORD))
    )
    cookies = {c.name: c.value or "" for c in jar}
    assert server.sessions[cookies["laravel_session"]].get("user") == EMAIL
    post = next(r for r in server.requests if r.method == "POST")
    assert urllib.parse.parse_qs(post.body.decode())["_token"] == ["tok0001csrfsecret"]
    assert all(
        r.meta.get("jpcrawl_session_login") and r.meta.get("dont_merge_cookies") for r in server.requests
    )


@pytest.mark.parametrize(
    ("password", "reason"), [("wrong", "did not accept the email/password"), (None, "CSRF token")]
)
def test_login_failures_say_why_without_the_secrets(password: str | None, reason: str) -> None:
    server = FakeServer()
    site = FakeSite()
    if password is None:  # a stale token: the server answers 419
        site.parse_login_form = lambda url, html: FakeSite.parse_login_form(  # type: ignore[method-assign]
            site, url, html.replace("tok0001", "tokXXXX")
        )
    creds = Credentials(EMAIL, password or PASSWORD)
    with pytest.raises(LoginError, match=reason) as info:
        asyncio.run(perform_login(server.fetch, site, "http://h.example.org", creds))
    assert PASSWORD not in str(info.value) and "wrong" not in str(info.value) and EMAIL not in str(info.value)


def test_concurrent_expiry_notices_share_one_relogin(caplog: pytest.LogCaptureFixture) -> None:
    server = FakeServer()
    site = FakeSite()
    session = SubscriberSession(credentials=Credentials(EMAIL, PASSWORD), max_relogins=2, fetch=server.fetch)
    caplog.set_level(logging.DEBUG)  # every level: a secret in a DEBUG or INFO line is a leak too

    async def scenario() -> list[bool]:
        await asyncio.gather(*(session.ensure_started(site, "http://h.example.org") for _ in range(5)))
        assert session.version == 1 and session.active
        first = session.cookie_header("http://h.example.org/business/a.html")
        assert first and "laravel_session=" in first
        results = await asyncio.gather(
            *(session.handle_expired(site, "http://h.example.org", 1) for _ in range(8))
        )
        assert session.version == 2 and session.relogins == 1
        assert session.cookie_header("http://h.example.org/x") != first
        # Two more expiries use up the budget of 2; the crawl then goes on anonymously.
        assert await session.handle_expired(site, "http://h.example.org", 2)
        assert not await session.handle_expired(site, "http://h.example.org", 3)
        assert not session.active and session.browser_cookies() == []
        return results

    assert all(asyncio.run(scenario()))
    logins = [r for r in server.requests if r.method == "POST"]
    assert len(logins) == 3  # the first login, then one re-login per expiry, never one per request
    assert "logging in again (1 of at most 2)" in caplog.text  # the INFO lines were captured
    cookie_values = {sid for sid in server.sessions} | {sess["token"] for sess in server.sessions.values()}
    assert scan_run({PASSWORD, EMAIL, *cookie_values}, log=caplog.text).leaks == []


def test_browser_cookies_are_playwright_dicts() -> None:
    server = FakeServer()
    session = SubscriberSession(credentials=Credentials(EMAIL, PASSWORD), fetch=server.fetch)
    asyncio.run(session.ensure_started(FakeSite(), "http://h.example.org"))
    cookies = {c["name"]: c for c in session.browser_cookies()}
    assert set(cookies) == {"laravel_session", "XSRF-TOKEN"}
    assert cookies["laravel_session"]["domain"] == "h.example.org"
    assert cookies["laravel_session"]["httpOnly"] is True and cookies["XSRF-TOKEN"]["httpOnly"] is False
    keys = {"name", "value", "domain", "path", "expires", "httpOnly", "secure", "sameSite"}
    assert set(cookies["laravel_session"]) == keys
    assert PASSWORD not in repr(session) and "secretvalue" not in repr(session)


# -- real crawls of the replica ----------------------------------------------------------------------------

HTTP_ONLY = '{"listing": "never", "article": "never", "default": "never"}'
BROWSER_ARTICLES = '{"listing": "never", "article": "always", "default": "never"}'
CREDENTIALS_ENV = {"JPCRAWL_EMAIL": EMAIL, "JPCRAWL_PASSWORD": PASSWORD}
NO_CREDENTIALS_ENV = {"JPCRAWL_EMAIL": "", "JPCRAWL_PASSWORD": "", "JPCRAWL_STORAGE_STATE": ""}

# A navigation that carries only the browser context's own headers (and so its own cookies): proves the
# session reached the context, not just the Scrapy Cookie header that use_scrapy_headers would send.
BROWSER_HEADERS_MODULE = """
async def browser_own_headers(*, browser_type_name, playwright_request, scrapy_request_data):
    return await playwright_request.all_headers()
"""


def _browser_own_headers(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    """Settings and environment for crawls whose navigations carry only the browser context's cookies."""
    (tmp_path / "jpcrawl_test_headers.py").write_text(BROWSER_HEADERS_MODULE)
    args = ["-s", "PLAYWRIGHT_PROCESS_REQUEST_HEADERS=jpcrawl_test_headers.browser_own_headers"]
    paths = [str(tmp_path), os.environ.get("PYTHONPATH", "")]  # `python -m scrapy` adds the repo itself
    return args, {"PYTHONPATH": os.pathsep.join(p for p in paths if p)}


# A careless log line, simulated: every INFO line of jpcrawl.session also carries the password (as a
# relogin line that printed the credentials would). Loaded as sitecustomize, before the crawl starts.
LEAKY_SESSION_LOG = """
import logging
import os

_info = logging.Logger.info


def _leaky_info(self, msg, *args, **kwargs):
    if self.name == "jpcrawl.session":
        msg, args = str(msg) + " [%s]", (*args, os.environ.get("JPCRAWL_PASSWORD"))
    _info(self, msg, *args, **kwargs)


logging.Logger.info = _leaky_info
"""


def _crawl(
    tmp_path: Path,
    base_url: str,
    *args: str,
    env: dict[str, str],
    name: str = "out",
    sections: str = "business",
) -> Any:
    """One crawl with everything it writes in tmp_path/<name>/: feed, stats, report, manifest, rejects, a
    SQLite state (and so a lock file) and a JOBDIR, all for the secret scan. DEBUG: every log line."""
    try:
        from .conftest import CRAWL_TIMEOUT, run_crawl
    except ImportError:  # tests/ without __init__.py: conftest's directory is on sys.path
        from conftest import CRAWL_TIMEOUT, run_crawl

    run_dir = tmp_path / name
    run_dir.mkdir()
    return run_crawl(
        run_dir,
        base_url,
        "-a", f"sections={sections}",
        "-a", "max_pages=1",
        "-s", "LOG_LEVEL=DEBUG",
        "-s", f"JPCRAWL_STATE_URI=sqlite:///{run_dir}/state.db",
        "-s", f"JOBDIR={run_dir}/job",
        *args,
        env={**NO_CREDENTIALS_ENV, **env},
        name=name,
        timeout=CRAWL_TIMEOUT,
    )  # fmt: skip


def _scan(
    result: Any, secrets: set[str], *, allowed: tuple[Path, ...] = (), required: tuple[str, ...] | None = None
) -> None:
    """The one secret scan (tests/secret_scan.py) over everything this crawl wrote."""
    kwargs: dict[str, Any] = {} if required is None else {"required": required}
    scan = assert_no_secrets(
        secrets, log=result.log, stats=result.stats, roots=[result.feed.parent], allowed=allowed, **kwargs
    )
    # the scan saw the run's lock file and JOBDIR too, not only the feed
    assert any(name.endswith(".lock") for name in scan.scanned), scan.scanned
    assert any(name.startswith("job/") for name in scan.scanned), scan.scanned


def _premium(result: Any, server: Any) -> list[dict[str, Any]]:
    premium = [i for i in result.items if server.site.truth(i["url"], server.base_url)["is_premium"]]
    assert premium, "the business listing has premium articles"
    return premium


def _assert_full_bodies(result: Any, server: Any) -> None:
    assert result.items, result.log[-3000:]
    for item in _premium(result, server):
        truth = server.site.truth(item["url"], server.base_url, subscriber=True)
        assert item["is_premium"] is True and item["is_paywalled"] is False, item["url"]
        assert item["body"] == truth["body"], item["url"]


def _assert_teasers(result: Any, server: Any) -> None:
    for item in _premium(result, server):
        truth = server.site.truth(item["url"], server.base_url, subscriber=False)
        assert item["is_premium"] is True and item["is_paywalled"] is True, item["url"]
        assert item["body"] == truth["body"], item["url"]


def _replica_secrets(server: Any) -> set[str]:
    """Every session id and CSRF token the replica handed out: none may appear in what the crawl wrote."""
    values = {PASSWORD, EMAIL}
    for sid, sess in server.sessions.items():
        values.update({sid, sess.token})
    return values


def _replica_storage_state(base_url: str, path: Path) -> list[dict[str, Any]]:
    """Log in to the replica as a browser would and save the Playwright storage state (mode 0600)."""
    from jpcrawl.browser import BROWSER_USER_AGENT
    from jpcrawl.pages.jakartapost import SITE

    jar = StdCookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", BROWSER_USER_AGENT)]
    login_url = base_url + SITE.login_path
    html = opener.open(login_url, timeout=10).read().decode()
    form = SITE.parse_login_form(login_url, html)
    assert form is not None
    data = {**form.fields, form.email_field: EMAIL, form.password_field: PASSWORD}
    page = (
        opener.open(form.action_url, data=urllib.parse.urlencode(data).encode(), timeout=10).read().decode()
    )
    assert SITE.is_logged_in(page)
    cookies = [
        {"name": c.name, "value": c.value, "domain": c.domain, "path": c.path, "expires": c.expires or -1,
         "httpOnly": c.has_nonstandard_attr("HttpOnly"), "secure": c.secure, "sameSite": "Lax"}
        for c in jar
    ]  # fmt: skip
    write_private_json(str(path), {"cookies": cookies, "origins": []})
    return cookies


@pytest.mark.slow
def test_login_gives_full_bodies_and_leaks_no_secret(replica_factory, tmp_path: Path) -> None:
    server = replica_factory(articles=120)
    saved = tmp_path / "session.json"
    result = _crawl(
        tmp_path, server.base_url,
        "-s", f"JPCRAWL_RENDER={HTTP_ONLY}",
        "-s", f"JPCRAWL_SAVE_STORAGE_STATE={saved}",
        env=CREDENTIALS_ENV,
    )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats.get("jpcrawl/session/login_ok") == 1
    assert "jpcrawl/session/login_failed" not in result.stats
    assert "logged in as the configured subscriber account" in result.log
    _assert_full_bodies(result, server)
    # The login went straight to the downloader (never the scheduler), one GET, one POST, one redirect.
    assert re.search(r"Crawled \(302\) <POST \S+/user/account/login>", result.log)
    assert result.stats["downloader/request_method_count/POST"] == 1
    assert result.stats["scheduler/enqueued"] == 1 + len(result.items)  # the listing and its articles only
    # The saved session: owner-only, and its cookie values appear nowhere.
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    saved_values = {c["value"] for c in json.loads(saved.read_text())["cookies"]}
    assert any(server.sessions.get(v) and server.sessions[v].user for v in saved_values)
    _scan(result, _replica_secrets(server) | saved_values)


@pytest.mark.slow
def test_wrong_password_is_a_clear_error_and_the_crawl_goes_on_anonymously(
    replica_factory, tmp_path: Path
) -> None:
    server = replica_factory(articles=120)
    wrong = "not-the-right-password-4711"
    result = _crawl(
        tmp_path, server.base_url, "-s", f"JPCRAWL_RENDER={HTTP_ONLY}",
        env={"JPCRAWL_EMAIL": EMAIL, "JPCRAWL_PASSWORD": wrong},
    )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    assert re.search(r"ERROR: login failed for the configured account: .*email/password", result.log)
    assert result.stats.get("jpcrawl/session/login_failed") == 1
    assert "jpcrawl/session/login_ok" not in result.stats
    _assert_teasers(result, server)
    _scan(result, _replica_secrets(server) | {wrong})


@pytest.mark.slow
def test_require_login_stops_the_crawl(replica_factory, tmp_path: Path) -> None:
    server = replica_factory(articles=60)
    result = _crawl(
        tmp_path, server.base_url, "-s", f"JPCRAWL_RENDER={HTTP_ONLY}", "-s", "JPCRAWL_REQUIRE_LOGIN=True",
        env={"JPCRAWL_EMAIL": EMAIL, "JPCRAWL_PASSWORD": "wrong-password"},
    )  # fmt: skip
    assert result.stats.get("finish_reason") == "login_failed", result.log[-3000:]
    assert result.items == []
    assert server.hits["article"] == 0 and server.hits["listing"] == 0
    _scan(result, _replica_secrets(server) | {"wrong-password"}, required=(".report.json",))


@pytest.mark.slow
@pytest.mark.browser
def test_expired_session_is_renewed_once_and_pages_retried(replica_factory, tmp_path: Path) -> None:
    """Articles rendered by the browser, a session that lasts 1.5 s: the session middleware notices the
    paywall, logs in again, and the browser gets a new context with the new cookies. Navigations carry
    only the context's own cookies, so full bodies prove `browser_cookies()` reached every context."""
    server = replica_factory(articles=120, session_ttl=1.5)
    own_headers, env = _browser_own_headers(tmp_path)
    result = _crawl(
        tmp_path, server.base_url,
        "-s", f"JPCRAWL_RENDER={BROWSER_ARTICLES}",
        *own_headers,
        "-s", "CONCURRENT_REQUESTS=2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        "-s", "DOWNLOAD_DELAY=0.1", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False",
        "-s", "JPCRAWL_SESSION_MAX_RELOGINS=20",
        env={**CREDENTIALS_ENV, **env},
    )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    stats = result.stats
    assert stats.get("jpcrawl/session/expired", 0) >= 1, result.log[-3000:]
    assert stats.get("jpcrawl/session/relogin", 0) == stats["jpcrawl/session/expired"]
    assert stats.get("jpcrawl/session/login_ok") == 1 + stats["jpcrawl/session/relogin"]
    assert stats.get("jpcrawl/session/retried", 0) >= 1
    assert stats.get("jpcrawl/browser/contexts_recycled", 0) >= 1  # a new context for the new session
    assert all(item["rendered"] for item in result.items)
    _assert_full_bodies(result, server)
    _scan(result, _replica_secrets(server))


@pytest.mark.slow
@pytest.mark.browser
def test_storage_state_reaches_http_and_browser_contexts(replica_factory, tmp_path: Path) -> None:
    server = replica_factory(articles=120)
    state = tmp_path / "state.json"
    cookies = _replica_storage_state(server.base_url, state)
    own_headers, env = _browser_own_headers(tmp_path)
    env["JPCRAWL_STORAGE_STATE"] = str(state)
    # Browser navigations with the context's own headers: the storage state's cookies reached the context.
    browser = _crawl(
        tmp_path, server.base_url,
        "-s", f"JPCRAWL_RENDER={BROWSER_ARTICLES}",
        *own_headers,
        env=env, name="browser",
    )  # fmt: skip
    assert browser.returncode == 0, browser.log[-3000:]
    assert browser.stats.get("jpcrawl/session/storage_state_loaded") == 1
    assert "jpcrawl/session/login_ok" in browser.stats and "login failed" not in browser.log
    assert all(item["rendered"] for item in browser.items)
    _assert_full_bodies(browser, server)
    cookie_values = {c["value"] for c in cookies if len(c["value"]) > 8}
    _scan(browser, _replica_secrets(server) | cookie_values, allowed=(state,))
    # Plain HTTP with the same file.
    http = _crawl(tmp_path, server.base_url, "-s", f"JPCRAWL_RENDER={HTTP_ONLY}", env=env, name="http")
    assert http.returncode == 0, http.log[-3000:]
    _assert_full_bodies(http, server)
    assert all(not item["rendered"] for item in http.items)
    _scan(http, _replica_secrets(server) | cookie_values, allowed=(state,))


@pytest.mark.slow
def test_a_storage_state_others_can_read_is_refused(replica_factory, tmp_path: Path) -> None:
    server = replica_factory(articles=60)
    state = tmp_path / "state.json"
    _replica_storage_state(server.base_url, state)
    state.chmod(0o644)
    result = _crawl(
        tmp_path,
        server.base_url,
        "-s",
        f"JPCRAWL_RENDER={HTTP_ONLY}",
        env={"JPCRAWL_STORAGE_STATE": str(state)},
    )
    assert result.returncode == 0, result.log[-3000:]
    assert re.search(r"ERROR: .*storage-state file .* accessible by group/others \(mode 0644\)", result.log)
    assert result.stats.get("jpcrawl/session/login_failed") == 1
    _assert_teasers(result, server)
    _scan(result, _replica_secrets(server))


# -- the secret scan, in the quick subset -------------------------------------------------------------------


def test_quick_login_crawl_leaks_no_secret(replica_factory, tmp_path: Path) -> None:
    """A small logged-in crawl at DEBUG: full bodies, and no password, e-mail, session id or CSRF token in
    the log, stats, feed, manifest, report, rejects, JOBDIR, state or lock file."""
    server = replica_factory(articles=120)
    result = _crawl(tmp_path, server.base_url, "-s", f"JPCRAWL_RENDER={HTTP_ONLY}", env=CREDENTIALS_ENV)
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats.get("jpcrawl/session/login_ok") == 1
    assert re.search(r"\] DEBUG: Crawled \(200\)", result.log), "the crawl logged at DEBUG"
    _assert_full_bodies(result, server)
    _scan(result, _replica_secrets(server))


def test_the_scan_catches_a_password_in_a_session_log_line(replica_factory, tmp_path: Path) -> None:
    """The same crawl with one careless INFO line (the password appended to jpcrawl.session's INFO lines,
    as a relogin line that printed the credentials would): the scan must fail, and say where."""
    server = replica_factory(articles=120)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(LEAKY_SESSION_LOG)
    paths = [str(hooks), os.environ.get("PYTHONPATH", "")]
    env = {**CREDENTIALS_ENV, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    result = _crawl(tmp_path, server.base_url, "-s", f"JPCRAWL_RENDER={HTTP_ONLY}", env=env)
    assert result.returncode == 0, result.log[-3000:]
    assert "logged in as the configured subscriber account" in result.log
    scan = scan_run(_replica_secrets(server), log=result.log, stats=result.stats, roots=[result.feed.parent])
    assert scan.leaks == [f"log: {PASSWORD[:3]}…({len(PASSWORD)} chars)"]
    with pytest.raises(AssertionError, match="secrets leaked"):
        _scan(result, _replica_secrets(server))


@pytest.mark.parametrize(
    "where",
    ["out.jsonl", "out.jsonl.manifest.json", "out.report.json", "out.rejects.jsonl", "job/requests.queue/p0",
     "job/jpcrawl.lock", "state.db.lock", "out.stats.json"],
)  # fmt: skip
@pytest.mark.parametrize(
    "form", [PASSWORD, urllib.parse.quote(EMAIL), urllib.parse.quote_plus(EMAIL), "laravel_session=abc123def"]
)
def test_the_scan_finds_a_secret_in_every_file_a_run_writes(tmp_path: Path, where: str, form: str) -> None:
    secrets = {PASSWORD, EMAIL, "abc123def"}
    for name in ("out.jsonl", "out.jsonl.manifest.json", "out.report.json"):
        (tmp_path / name).write_text("{}")
    target = tmp_path / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\x80\x04 pickled " + form.encode() + b" rest")
    leaks = scan_run(secrets, log="clean", stats={}, roots=[tmp_path]).leaks
    assert len(leaks) == 1 and leaks[0].startswith(where + ": "), leaks
    assert scan_run(secrets, log=f"INFO: {form}", roots=[]).leaks[0].startswith("log: ")
    assert scan_run(secrets, log="", stats={"x": form}, roots=[]).leaks[0].startswith("stats: ")
    # a file the test handed the crawl on purpose (a storage state) is not a leak
    assert scan_run(secrets, log="", roots=[tmp_path], allowed=[target]).leaks == []
