"""A tiny stdlib HTTP server for the second test site, in a background thread on 127.0.0.1:<free port>.

Routes:
  /robots.txt                                  allows everything but login and test pages
  /sitemap.xml                                 index of /{section}/news/sitemap.xml and /web/sitemap.xml
  /{section}/news/sitemap.xml                  Google News sitemap, CDATA with surrounding whitespace
  /{section}/web/sitemap.xml                   plain urlset
  /{section}[?page=N]                          listing, 10 items a page; past the end: no items
  /{section}/{subsection}[?page=N]             the same, for one subsection (`/{section}/latest` = all)
  /{section}/YYYY/MM/DD/{slug}.html            article (also with a `.html-<digits>` suffix, any query)

With interstitial=True, HTML pages answer a client that is not a current browser (a bot User-Agent,
HeadlessChrome, an old engine) with a page holding only the hidden outdated-browser block, status 200.

    with OtherSiteServer() as server:
        server.origin   # "http://127.0.0.1:PORT"
"""

from __future__ import annotations

import re
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.othersite.site import (
    OUTDATED,
    SECTIONS,
    OtherSite,
    render_article,
    render_listing,
    render_news_sitemap,
    render_robots,
    render_sitemap_index,
    render_web_sitemap,
)

# What a front end answers a client it does not believe is a current browser (the contract, interstitial 1).
INTERSTITIAL_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Jakarta Post</title></head>
<body>
  {OUTDATED}
</body></html>
"""
ARTICLE_RE = re.compile(r"^(/[a-z-]+/\d{4}/\d{2}/\d{2}/[^/]+\.html)(?:-\d+)?$")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        self.server.hits.append(self.path)

    def _send(self, status: int, body: str, ctype: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        site, origin = self.server.site, self.server.origin
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query)
        xml = "application/xml; charset=utf-8"
        if self.server.interstitial and path not in ("/robots.txt",) and not path.endswith(".xml"):
            agent = self.headers.get("User-Agent", "")
            current = re.search(r"Mozilla/5\.0 .*(Chrome/(1[2-9]\d|[2-9]\d\d)|Firefox/1[2-9]\d)", agent)
            if not current or "HeadlessChrome" in agent:
                return self._send(200, INTERSTITIAL_PAGE)
        if path == "/robots.txt":
            return self._send(200, render_robots(origin), "text/plain; charset=utf-8")
        if path == "/sitemap.xml":
            return self._send(200, render_sitemap_index(origin), xml)
        m = ARTICLE_RE.match(path)
        if m:
            article = site.by_path.get(m.group(1))
            if article is None:
                return self._send(404, "<html><body><h1>Not found</h1></body></html>")
            return self._send(200, render_article(site, article, origin))
        segs = [s for s in path.split("/") if s]
        if len(segs) == 3 and segs[0] in SECTIONS and segs[2] == "sitemap.xml" and segs[1] in ("news", "web"):
            render = render_news_sitemap if segs[1] == "news" else render_web_sitemap
            return self._send(200, render(site, segs[0], origin), xml)
        if 1 <= len(segs) <= 2 and segs[0] in SECTIONS:
            subsection = segs[1] if len(segs) == 2 else None
            if subsection == "latest":
                subsection = None
            if subsection is not None and subsection not in SECTIONS[segs[0]][1]:
                return self._send(404, "<html><body><h1>Not found</h1></body></html>")
            try:
                page = max(1, int(query.get("page", ["1"])[0]))
            except ValueError:
                page = 1
            now = self.server.now or datetime.now(timezone.utc)
            return self._send(200, render_listing(site, segs[0], subsection, page, origin, now))
        if path == "/":
            return self._send(200, "<html><body><h1 class='thejakartapost'>TheJakartaPost</h1></body></html>")
        return self._send(404, "<html><body><h1>Not found</h1></body></html>")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: OtherSite
    origin: str
    now: datetime | None
    hits: list[str]
    interstitial: bool


class OtherSiteServer:
    def __init__(
        self, site: OtherSite | None = None, now: datetime | None = None, interstitial: bool = False
    ) -> None:
        """interstitial: answer clients that do not look like a current browser with the block-only page."""
        self.site = site or OtherSite()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.interstitial = interstitial
        self._httpd.site = self.site
        self._httpd.now = now
        self._httpd.hits = []
        host, port = self._httpd.server_address[:2]
        self.origin = f"http://{host}:{port}"
        self._httpd.origin = self.origin
        self._thread: threading.Thread | None = None

    @property
    def hits(self) -> list[str]:
        return self._httpd.hits

    def start(self) -> OtherSiteServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="othersite", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def truth(self) -> dict:
        return self.site.truth(self.origin)

    def __enter__(self) -> OtherSiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":  # python -m tests.othersite.server: serve until Ctrl-C
    import time

    with OtherSiteServer() as srv:
        print(srv.origin, flush=True)
        while True:
            time.sleep(3600)
