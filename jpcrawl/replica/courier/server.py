"""CourierServer: the Island Courier over HTTP, on the replica server machinery (thread, knobs, counters)."""

from __future__ import annotations

import re

from aiohttp import web

from ..render import PIXEL_GIF
from ..server import ReplicaServer
from . import render
from .site import CATEGORIES, POST_PATH_RE, CourierConfig, CourierSite

_CATEGORY_RE = re.compile(r"^/category/([a-z-]+)/(?:page/(\d+)/)?$")
_SITEMAPS = {
    "/sitemap_index.xml": render.sitemap_index,
    "/post-sitemap.xml": render.post_sitemap,
    "/page-sitemap.xml": render.page_sitemap,
    "/category-sitemap.xml": render.category_sitemap,
    "/news-sitemap.xml": render.news_sitemap,
}
PAGES = {
    "/about/": ("About us", f"{render.SITE_NAME} is an independent English-language news site."),
    "/contact/": ("Contact", "Write to the newsroom at newsroom@courier.example."),
}
XML = "application/xml; charset=UTF-8"


class CourierServer(ReplicaServer):
    """`with CourierServer(CourierConfig(articles=80, seed=7)) as s: s.courier.truth(url, s.base_url)`.

    `server.site` is the same CourierSite as `server.courier` (the latter is typed as one).
    """

    def __init__(self, config: CourierConfig | None = None, port: int = 0, host: str = "127.0.0.1"):
        self.config = config or CourierConfig()  # type: ignore[assignment]
        self.courier = CourierSite(self.config)  # type: ignore[arg-type]
        self.site = self.courier  # type: ignore[assignment]
        self._init_state(port, host)

    def kind_of(self, path: str) -> str:
        if path == "/":
            return "home"
        if POST_PATH_RE.match(path):
            return "article"
        if path.startswith("/category/"):
            return "listing"
        if path in _SITEMAPS:
            return "sitemap"
        if path.startswith("/feed"):
            return "rss"
        if path == "/robots.txt":
            return "robots"
        if path.startswith(("/wp-content/", "/wp-includes/")) or path == "/favicon.ico":
            return "static"
        if path in PAGES:
            return "page"
        return "other"

    async def _dispatch(self, request: web.Request, kind: str) -> web.StreamResponse:
        site = self.courier
        site.ensure_current()
        origin = self.base_url or f"http://{request.host}"
        path = request.path
        if kind == "article":
            post = site.find(path)
            if post is None:
                return self._not_found()
            if not path.endswith("/"):  # WordPress adds the permalink's trailing slash
                return web.Response(status=301, headers={"Location": post.path})
            return self._html(self._cached(("a", post.index), lambda: render.article(site, post, origin)))
        if kind == "listing":
            m = _CATEGORY_RE.match(path if path.endswith("/") else path + "/")
            if not m or m.group(1) not in CATEGORIES:
                return self._not_found()
            cat, pg = m.group(1), int(m.group(2) or 1)
            if m.group(2) is not None and pg <= 1:  # /page/1/ is the archive itself
                return web.Response(status=301, headers={"Location": f"/category/{cat}/"})
            if not path.endswith("/"):
                return web.Response(status=301, headers={"Location": path + "/"})
            if pg > site.category_pages(cat):
                return self._not_found()
            return self._html(self._cached(("c", cat, pg), lambda: render.category(site, cat, pg, origin)))
        if kind == "home":
            return self._html(self._cached(("h",), lambda: render.home(site, origin)))
        if kind == "robots":
            return web.Response(text=render.robots(origin), content_type="text/plain")
        if kind == "sitemap":
            fn = _SITEMAPS[path]
            return web.Response(
                body=self._cached(("s", path), lambda: fn(site, origin)), headers={"Content-Type": XML}
            )
        if kind == "rss" and path.rstrip("/") == "/feed":
            return web.Response(
                body=self._cached(("rss",), lambda: render.feed(site, origin)),
                headers={"Content-Type": "application/rss+xml; charset=UTF-8"},
            )
        if kind == "static":
            if path.endswith(".css"):
                return web.Response(text="/* courier */\n", content_type="text/css")
            if path.endswith(".js"):
                return web.Response(text="/* courier */\n", content_type="application/javascript")
            return web.Response(body=PIXEL_GIF, content_type="image/gif")
        if kind == "page":
            title, text = PAGES[path]
            return self._html(render.simple(site, origin, title, text, path))
        return self._not_found()

    def _not_found(self, user: str | None = None) -> web.Response:
        return self._html(render.not_found(self.courier, self.base_url or ""), status=404)
