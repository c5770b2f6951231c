"""The login talks to the crawl's own origin only (issue 13, point 1), and works behind the outdated-browser
interstitial (point 2).

Point 1 runs `perform_login` against real HTTP servers on loopback: the site on 127.0.0.1 and an
"attacker" on 127.0.0.2 that records what reaches it. Whatever the site's pages say (a form action on
another host, a redirect of the POST, a 307 that would re-send the form), the attacker receives nothing and
the login fails with a message that says why. One crawl (`scrapy crawl`) shows the same through Scrapy's
downloader. Point 2 crawls the replica with its interstitial front end (and with every hostile knob) as a
subscriber: every premium article must have its full text.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from jpcrawl.pages.jakartapost import SITE
from jpcrawl.session import Credentials, LoginError, perform_login

from .conftest import run_crawl
from .security_servers import ANONYMOUS_PAGE, LOGGED_IN_PAGE, LOGIN_PAGE, Answer, Seen, fetch, serve

EMAIL = "subscriber@example.com"
PASSWORD = "correct-horse-battery"
CREDS = Credentials(EMAIL, PASSWORD)
LOGIN_PATH = SITE.login_path


def site_handler(attacker: str, *, action: str | None = None, post_answer: Answer | None = None) -> Callable:
    """A Jakarta Post-like login: the form (its action as given), a POST answered as given (default: 302
    to /, logged in)."""

    def handler(seen: Seen) -> Answer:
        if seen.path == LOGIN_PATH and seen.method == "GET":
            return (
                200,
                {"Set-Cookie": "laravel_session=anon; Path=/"},
                LOGIN_PAGE.format(action=action or LOGIN_PATH),
            )
        if seen.path == LOGIN_PATH and seen.method == "POST":
            return post_answer or (302, {"Location": "/", "Set-Cookie": "laravel_session=subs; Path=/"}, "")
        if seen.path == "/" and "laravel_session=subs" in seen.headers.get("Cookie", ""):
            return 200, {}, LOGGED_IN_PAGE
        return 200, {}, ANONYMOUS_PAGE

    return handler


def _login(site: Any) -> Any:
    return asyncio.run(perform_login(fetch, SITE, site.origin, CREDS, user_agent="Mozilla/5.0 Chrome/131.0"))


def _refused(make_handler: Callable[[str], Callable], match: str, attacker_host: str = "127.0.0.2") -> Any:
    """Log in to a site made by `make_handler(attacker origin)`; the login must fail with `match`.
    Returns (what the attacker received, what the site received, the error message)."""
    with ExitStack() as stack:
        attacker = stack.enter_context(serve(attacker_host))
        site = stack.enter_context(serve(handler=make_handler(attacker.origin)))
        with pytest.raises(LoginError, match=match) as err:
            _login(site)
    message = str(err.value)
    assert PASSWORD not in message and EMAIL not in message
    return attacker.seen, site.seen, message


def test_a_form_action_on_another_host_gets_nothing() -> None:
    to_attacker, to_site, _ = _refused(
        lambda evil: site_handler(evil, action=f"{evil}/collect"),
        r"the login form posts to http://127\.0\.0\.2:\d+, not the crawl's origin http://127\.0\.0\.1",
    )
    assert to_attacker == []
    assert [s.method for s in to_site] == ["GET"]  # the form page, no POST anywhere


def test_a_307_of_the_post_to_another_origin_never_resends_the_form() -> None:
    to_attacker, to_site, _ = _refused(
        lambda evil: site_handler(evil, post_answer=(307, {"Location": f"{evil}/collect"}, "")),
        r"HTTP 307\) \(a 307/308: it would have re-sent the login form there\) to http://127\.0\.0\.2",
    )
    assert to_attacker == []
    post = next(s for s in to_site if s.method == "POST")
    assert urllib.parse.parse_qs(post.body.decode())["password"] == [PASSWORD]  # the site itself got it


@pytest.mark.parametrize("status", [301, 302, 303, 308])
def test_a_redirect_after_the_post_to_another_origin_is_refused(status: int) -> None:
    to_attacker, _, _ = _refused(
        lambda evil: site_handler(evil, post_answer=(status, {"Location": f"{evil}/welcome"}, "")),
        rf"redirected \(HTTP {status}\).* to http://127\.0\.0\.2",
    )
    assert to_attacker == []


def test_the_login_page_redirecting_elsewhere_is_refused() -> None:
    def make(evil: str) -> Callable:
        return lambda seen: (302, {"Location": f"{evil}{LOGIN_PATH}"}, "")

    to_attacker, to_site, _ = _refused(make, r"redirected \(HTTP 302\) to http://127\.0\.0\.2")
    assert to_attacker == [] and len(to_site) == 1


def test_another_port_of_the_same_host_is_another_origin() -> None:
    to_other, _, _ = _refused(
        lambda other: site_handler(other, post_answer=(307, {"Location": f"{other}/collect"}, "")),
        r"to http://127\.0\.0\.1:\d+, not the crawl's origin http://127\.0\.0\.1:",
        attacker_host="127.0.0.1",
    )
    assert to_other == []


def test_same_origin_redirects_still_log_in() -> None:
    """A 307 within the origin re-sends the form (as a browser does) and the login works."""
    with serve("127.0.0.2") as attacker:
        calls: list[str] = []

        def handler(seen: Seen) -> Answer:
            calls.append(f"{seen.method} {seen.path}")
            if seen.path == "/moved" and seen.method == "POST":
                form = urllib.parse.parse_qs(seen.body.decode())
                assert form["password"] == [PASSWORD] and form["_token"] == ["tok-123"]
                return 302, {"Location": "/", "Set-Cookie": "laravel_session=subs; Path=/"}, ""
            if seen.path == LOGIN_PATH and seen.method == "POST":
                return 307, {"Location": "/moved"}, ""
            return site_handler(attacker.origin)(seen)

        with serve(handler=handler) as site:
            jar = _login(site)
    assert {c.name: c.value for c in jar}["laravel_session"] == "subs"
    assert calls == [f"GET {LOGIN_PATH}", f"POST {LOGIN_PATH}", "POST /moved", "GET /"]
    assert attacker.seen == []


def test_https_never_becomes_http() -> None:
    """An https crawl whose login page redirects to http on the same host: refused before it is sent."""
    sent: list[str] = []

    async def https_site(request: Request) -> Response:
        sent.append(request.url)
        if request.url.startswith("https://") and request.url.endswith(LOGIN_PATH):
            location = "http://www.thejakartapost.com" + LOGIN_PATH
            return HtmlResponse(request.url, status=301, headers={"Location": location}, request=request)
        return HtmlResponse(request.url, body=LOGIN_PAGE.format(action=LOGIN_PATH).encode(), request=request)

    with pytest.raises(
        LoginError, match=r"to http://www\.thejakartapost\.com:80, not the crawl's origin https"
    ):
        asyncio.run(perform_login(https_site, SITE, "https://www.thejakartapost.com", CREDS))
    assert sent == ["https://www.thejakartapost.com" + LOGIN_PATH]


def test_the_login_is_always_a_post_with_the_forms_fields() -> None:
    """A form that says method=get still gets a POST: the password never goes into a URL."""
    page = LOGIN_PAGE.format(action=LOGIN_PATH).replace('method="post"', 'method="get"')
    posted: list[tuple[str, dict[str, list[str]]]] = []

    def handler(seen: Seen) -> Answer:
        if seen.method == "GET" and seen.path == LOGIN_PATH:
            return 200, {}, page
        if seen.path.startswith(LOGIN_PATH):
            posted.append((f"{seen.method} {seen.path}", urllib.parse.parse_qs(seen.body.decode())))
            return 302, {"Location": "/", "Set-Cookie": "laravel_session=subs; Path=/"}, ""
        return 200, {}, LOGGED_IN_PAGE

    with serve(handler=handler) as site:
        _login(site)
    assert posted == [
        (f"POST {LOGIN_PATH}", {"_token": ["tok-123"], "email": [EMAIL], "password": [PASSWORD]})
    ]


@pytest.mark.slow
def test_a_crawl_never_sends_the_login_to_another_host(tmp_path: Path) -> None:
    """The same through Scrapy's downloader: `scrapy crawl` with a subscriber account against a site whose
    login form posts to another host."""
    with ExitStack() as stack:
        attacker = stack.enter_context(serve("127.0.0.2"))
        site = stack.enter_context(
            serve(handler=site_handler(attacker.origin, action=f"{attacker.origin}/collect"))
        )
        result = run_crawl(
            tmp_path,
            site.origin,
            "-a", "sections=business", "-a", "max_pages=1",
            "-s", "LOG_LEVEL=DEBUG",
            env={"JPCRAWL_EMAIL": EMAIL, "JPCRAWL_PASSWORD": PASSWORD, "JPCRAWL_STORAGE_STATE": ""},
            timeout=120,
        )  # fmt: skip
        assert not [s for s in site.seen if s.method == "POST"]
    assert attacker.seen == [], result.log[-3000:]
    assert "login failed for the configured account: the login form posts to http://127.0.0.2:" in result.log
    assert result.stats.get("jpcrawl/session/login_failed") == 1
    assert PASSWORD not in result.log and EMAIL not in result.log


# -- point 2: the login behind the interstitial front end -------------------------------------------------

HTTP_ONLY = '{"listing": "never", "article": "never", "default": "never"}'


@pytest.mark.slow
@pytest.mark.parametrize(
    "knobs", [{"interstitial": True}, {"hostile": True}], ids=["interstitial", "hostile"]
)
def test_login_behind_the_interstitial_gives_full_premium_articles(
    replica_factory, tmp_path: Path, knobs: dict[str, bool]
) -> None:
    server = replica_factory(articles=120, **knobs)
    render = [] if knobs.get("hostile") else ["-s", f"JPCRAWL_RENDER={HTTP_ONLY}"]  # hostile: JS listings
    result = run_crawl(
        tmp_path,
        server.base_url,
        "-a", "sections=business", "-a", "max_pages=1",
        *render,
        env={"JPCRAWL_EMAIL": EMAIL, "JPCRAWL_PASSWORD": PASSWORD, "JPCRAWL_STORAGE_STATE": ""},
        timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats.get("jpcrawl/session/login_ok") == 1, result.log[-3000:]
    assert "login failed" not in result.log
    premium = [i for i in result.items if server.site.truth(i["url"], server.base_url)["is_premium"]]
    assert premium, "the business listing has premium articles"
    listed = server.site.listed_urls(server.base_url, ["business"])
    assert {i["url"] for i in result.items} <= listed
    for item in premium:
        truth = server.site.truth(item["url"], server.base_url, subscriber=True)
        assert item["is_paywalled"] is False, item["url"]
        assert item["body"] == truth["body"], item["url"]
