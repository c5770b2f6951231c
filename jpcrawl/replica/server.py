"""ReplicaServer: serves a ReplicaSite over HTTP on 127.0.0.1 from an aiohttp app in a background thread."""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from . import content as c
from . import render
from .config import ReplicaConfig, looks_like_current_browser
from .site import ARTICLE_PATH_RE, ReplicaSite

SESSION_COOKIE = "laravel_session"
XSRF_COOKIE = "XSRF-TOKEN"
MAX_SESSIONS = 20000
_CLASS_ATTR_RE = re.compile(r'class="([^"]*)"')
_SECTION_SITEMAP_RE = re.compile(r"^/([a-z-]+)/(news|web)/sitemap\.xml$")
HTML = "text/html; charset=utf-8"
HTML_KINDS = frozenset({"home", "listing", "article", "login", "search", "page", "not_found"})


@dataclass
class Session:
    token: str
    user: str | None = None
    login_at: float = 0.0


def kind_of(path: str) -> str:
    """The request counter bucket of a path (`ReplicaServer.hits` keys)."""
    if path == "/":
        return "home"
    if ARTICLE_PATH_RE.match(path):
        return "article"
    parts = path.strip("/").split("/")
    if parts[0] in c.SECTIONS and len(parts) <= 2 and path.count("/") <= 2:
        return "listing"
    if path == "/sitemap.xml" or _SECTION_SITEMAP_RE.match(path):
        return "sitemap"
    if path.startswith("/rss"):
        return "rss"
    if path == "/robots.txt":
        return "robots"
    if path.startswith("/user/account/log"):
        return "login" if path.endswith("login") else "logout"
    if path.startswith(("/img/", "/skin/")) or path == "/favicon.ico":
        return "static"
    if path == "/search":
        return "search"
    if path == "/packages":
        return "page"
    return "other"


def break_classes(html: str, name: str) -> str:
    """Rename one CSS class everywhere (the `break_selector` knob), as a site redesign would."""

    def fix(m: re.Match) -> str:
        tokens = m.group(1).split()
        if name not in tokens:
            return m.group(0)
        return 'class="' + " ".join(f"{tok}-v2" if tok == name else tok for tok in tokens) + '"'

    return _CLASS_ATTR_RE.sub(fix, html)


class ReplicaServer:
    """`with ReplicaServer(ReplicaConfig(articles=500)) as server: base = server.base_url`."""

    def __init__(self, config: ReplicaConfig | None = None, port: int = 0, host: str = "127.0.0.1"):
        self.config = config or ReplicaConfig()
        self.site = ReplicaSite(self.config)
        self._init_state(port, host)

    def _init_state(self, port: int, host: str) -> None:
        """The lifecycle and counter state every replica server shares (courier.CourierServer too)."""
        self.host = host
        self.port = port
        self.base_url: str | None = None
        self.hits: Counter[str] = Counter()  # requests per path kind, see kind_of()
        self.url_hits: Counter[str] = Counter()  # requests per path+query (drives fail_first)
        self.statuses: Counter[int] = Counter()
        self.sessions: dict[str, Session] = {}
        self.clock = time.monotonic  # swappable in tests, drives session_ttl
        self._cache: OrderedDict[tuple, bytes] = OrderedDict()
        self._cache_token: tuple = ()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None

    # --- lifecycle -----
    def start(self) -> str:
        if self._thread is not None:
            assert self.base_url
            return self.base_url
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._startup())
            except BaseException as exc:
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                assert self._runner is not None
                loop.run_until_complete(self._runner.cleanup())
                loop.close()

        self._thread = threading.Thread(target=run, name="jpcrawl-replica", daemon=True)
        self._thread.start()
        ready.wait(30)
        if errors:
            self._thread = None
            raise errors[0]
        assert self.base_url
        return self.base_url

    async def _startup(self) -> None:
        app = web.Application(client_max_size=1 << 20)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.base_url = f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._thread is None or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)
        self._thread = None
        self._loop = None

    def __enter__(self) -> ReplicaServer:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def kind_of(self, path: str) -> str:
        return kind_of(path)

    def reset_counters(self) -> None:
        self.hits.clear()
        self.url_hits.clear()
        self.statuses.clear()

    # --- sessions -----
    def _new_session(self, user: str | None = None) -> tuple[str, Session]:
        if len(self.sessions) >= MAX_SESSIONS:
            for key in list(self.sessions)[: MAX_SESSIONS // 10]:
                del self.sessions[key]
        sid = secrets.token_urlsafe(24)
        sess = Session(token=secrets.token_urlsafe(30), user=user, login_at=self.clock())
        self.sessions[sid] = sess
        return sid, sess

    def _user(self, request: web.Request) -> str | None:
        sess = self.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if sess is None or sess.user is None:
            return None
        ttl = self.config.session_ttl
        if ttl is not None and self.clock() - sess.login_at >= ttl:
            return None
        return sess.user

    @staticmethod
    def _set_session_cookies(resp: web.StreamResponse, sid: str, sess: Session) -> None:
        resp.set_cookie(SESSION_COOKIE, sid, path="/", httponly=True, samesite="Lax")
        resp.set_cookie(XSRF_COOKIE, sess.token, path="/", samesite="Lax")

    # --- request handling -----
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        cfg = self.config
        path = request.path
        kind = self.kind_of(path)
        self.hits[kind] += 1
        self.url_hits[request.path_qs] += 1
        n = self.url_hits[request.path_qs]
        if cfg.slow_ms:
            await asyncio.sleep(cfg.slow_ms / 1000)
        if cfg.fail_first and n <= cfg.fail_first:
            resp: web.StreamResponse = web.Response(
                status=503, text="Service Unavailable", headers={"Retry-After": "0"}
            )
        else:
            try:
                resp = await self._dispatch(request, kind)
            except web.HTTPException as exc:
                resp = exc
        self.statuses[resp.status] += 1
        return resp

    def _html(self, body: str | bytes, status: int = 200) -> web.Response:
        if isinstance(body, str):
            if self.config.break_selector:
                body = break_classes(body, self.config.break_selector)
            body = body.encode()
        elif self.config.break_selector:
            body = break_classes(body.decode(), self.config.break_selector).encode()
        return web.Response(body=body, status=status, headers={"Content-Type": HTML})

    def _cached(self, key: tuple, build) -> bytes:
        site = self.site
        token = (site.stats["rebuilds"], site.version, site.now_ts)
        if token != self._cache_token:
            self._cache.clear()
            self._cache_token = token
        got = self._cache.get(key)
        if got is not None:
            self._cache.move_to_end(key)
            return got
        with site.lock:
            body = build().encode()
        site.stats["renders"] += 1
        self._cache[key] = body
        while len(self._cache) > max(16, self.config.cache_size):
            self._cache.popitem(last=False)
        return body

    async def _dispatch(self, request: web.Request, kind: str) -> web.StreamResponse:
        cfg = self.config
        site = self.site
        site.ensure_current()
        origin = self.base_url or f"http://{request.host}"
        path = request.path
        if (
            cfg.interstitial
            and kind in HTML_KINDS | {"other"}
            and request.method in ("GET", "HEAD")
            and not looks_like_current_browser(request.headers.get("User-Agent"))
        ):
            return self._html(render.INTERSTITIAL_PAGE)
        user = self._user(request)

        if kind == "article":
            spec = site.find(path)
            if spec is None:
                return self._not_found(user)
            premium_view = bool(user) if spec.is_premium else False
            body = self._cached(
                ("a", spec.index, premium_view, user is not None, cfg.redesign),
                lambda: render.article(site, spec, origin, user, cfg.redesign),
            )
            return self._html(body)
        if kind == "listing":
            parts = path.strip("/").split("/")
            section = parts[0]
            sub = parts[1] if len(parts) > 1 else None
            subs = dict(c.SECTIONS[section][1])
            if sub is not None and sub not in subs and sub != "latest":
                return self._not_found(user)
            try:
                pg = max(1, int(request.query.get("page", "1")))
            except ValueError:
                pg = 1
            js = cfg.js_listings
            body = self._cached(
                ("l", section, sub, pg, js, user is not None),
                lambda: render.listing(site, section, sub, pg, origin, user, js),
            )
            return self._html(body)
        if kind == "home":
            return self._html(self._cached(("h", user is not None), lambda: render.home(site, origin, user)))
        if kind == "login":
            return await self._login(request, user)
        if kind == "logout":
            sid = request.cookies.get(SESSION_COOKIE, "")
            self.sessions.pop(sid, None)
            resp = web.Response(status=302, headers={"Location": "/"})
            resp.del_cookie(SESSION_COOKIE, path="/")
            return resp
        if kind == "robots":
            return web.Response(text=render.robots(origin), content_type="text/plain")
        if kind == "sitemap":
            if path == "/sitemap.xml":
                xml = self._cached(("si",), lambda: render.sitemap_index(site, origin))
            else:
                m = _SECTION_SITEMAP_RE.match(path)
                assert m
                section, which = m.group(1), m.group(2)
                if section not in c.SECTIONS:
                    return self._not_found(user)
                fn = render.news_sitemap if which == "news" else render.web_sitemap
                xml = self._cached(("s", section, which), lambda: fn(site, section, origin))
            return web.Response(body=xml, headers={"Content-Type": "application/xml; charset=utf-8"})
        if kind == "rss" and path.rstrip("/") in ("/rss", "/rss/home"):
            xml = self._cached(("rss",), lambda: render.rss(site, origin))
            return web.Response(body=xml, headers={"Content-Type": "application/rss+xml; charset=utf-8"})
        if kind == "static":
            if path.endswith(".css"):
                return web.Response(text="/* replica */\n", content_type="text/css")
            if path.endswith(".js"):
                return web.Response(text="/* replica */\n", content_type="application/javascript")
            return web.Response(body=render.PIXEL_GIF, content_type="image/gif")
        if kind == "search":
            q = request.query.get("q", "")
            with site.lock:
                return self._html(render.search(site, q, origin, user))
        if kind == "page":
            return self._html(render.simple("Subscribe", "Choose a subscription package.", user))
        return self._not_found(user)

    def _not_found(self, user: str | None) -> web.Response:
        return self._html(
            render.simple("Page not found", "The page you are looking for does not exist.", user), status=404
        )

    async def _login(self, request: web.Request, user: str | None) -> web.StreamResponse:
        sid = request.cookies.get(SESSION_COOKIE, "")
        sess = self.sessions.get(sid)
        if request.method == "POST":
            data = await request.post()
            token = str(
                data.get("_token")
                or request.headers.get("X-CSRF-TOKEN")
                or request.headers.get("X-XSRF-TOKEN")
                or ""
            )
            if sess is None or not token or not secrets.compare_digest(token, sess.token):
                return web.Response(status=419, text="Page Expired", content_type="text/html")
            email = str(data.get("email", "")).strip()
            password = str(data.get("password", ""))
            account = self.site.ACCOUNT
            if email.lower() == account.email and password == account.password:
                self.sessions.pop(sid, None)  # a new id on login, as Laravel regenerates it
                new_sid, new_sess = self._new_session(user=account.email)
                resp = web.Response(status=302, headers={"Location": "/"})
                self._set_session_cookies(resp, new_sid, new_sess)
                return resp
            resp = self._html(render.login(sess.token, True, None))
            return resp
        if sess is None:
            sid, sess = self._new_session()
            resp = self._html(render.login(sess.token, False, user))
            self._set_session_cookies(resp, sid, sess)
            return resp
        return self._html(render.login(sess.token, False, user))
