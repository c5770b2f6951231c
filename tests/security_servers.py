"""Small HTTP servers on loopback for the security tests: a site whose answers a test scripts, and an
"attacker" on another loopback address that records whatever reaches it."""

from __future__ import annotations

import asyncio
import http.client
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import HtmlResponse, Response


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, dict[str, str], str]
Handler = Callable[[Seen], Answer]


@dataclass
class Server:
    host: str
    port: int
    seen: list[Seen] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"


def _not_found(_seen: Seen) -> Answer:
    return 404, {}, "<html><body><p>nothing here</p></body></html>"


@contextmanager
def serve(host: str = "127.0.0.1", handler: Handler = _not_found) -> Iterator[Server]:
    """Serve `handler` on host:<free port> in a thread; every request is recorded in `server.seen`."""
    record: list[Seen] = []

    class H(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
            record.append(seen)
            status, headers, body = handler(seen)
            data = body.encode()
            self.send_response(status)
            for key, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_HEAD = _any

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((host, 0), H)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server = Server(host, int(httpd.server_address[1]), record)
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


async def fetch(request: Request) -> Response:
    """One HTTP exchange, no redirect following (what the downloader does with dont_redirect)."""

    def exchange() -> Response:
        parts = urlsplit(request.url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port or 80, timeout=10)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            headers = {k.decode(): b", ".join(v).decode() for k, v in request.headers.items()}
            conn.request(request.method, path or "/", body=request.body or None, headers=headers)
            answer = conn.getresponse()
            body = answer.read()
            return HtmlResponse(
                request.url,
                status=answer.status,
                headers=[(k, v) for k, v in answer.getheaders()],
                body=body,
                request=request,
            )
        finally:
            conn.close()

    return await asyncio.to_thread(exchange)


LOGIN_PAGE = """<html><body><div class="auth-box">
<form class="auth-box__content-form" method="post" action="{action}">
<input type="hidden" name="_token" value="tok-123">
<input type="email" name="email"><input type="password" name="password">
<button type="submit">Log in</button></form></div></body></html>"""
LOGGED_IN_PAGE = (
    '<html><body><a class="tjp-header__logout" href="/user/account/logout">Log out</a></body></html>'
)
ANONYMOUS_PAGE = (
    '<html><body><a class="tjp-header__login" href="/user/account/login">Log in</a></body></html>'
)
