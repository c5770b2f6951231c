"""Command-line front end shared by `scrapy replica` and `python -m jpcrawl.replica`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import datetime
from typing import Any

from .config import ReplicaConfig
from .courier import CourierConfig, CourierServer
from .server import ReplicaServer

SITES = ("jakartapost", "courier")
# Knobs that only the Jakarta Post replica has (the Island Courier has no login, paywall or script listings).
JAKARTAPOST_ONLY = ("interstitial", "js_listings", "session_ttl", "hostile", "redesign")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site",
        choices=SITES,
        default="jakartapost",
        help="the publisher: jakartapost (default) or courier (The Island Courier, WordPress-like)",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: a free one)")
    parser.add_argument("--articles", type=int, default=300, help="number of articles (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="content seed (default 7)")
    parser.add_argument(
        "--now", default=None, help="the site's clock, ISO 8601 (default 2026-11-28T12:00+07:00)"
    )
    parser.add_argument(
        "--interstitial", action="store_true", help="outdated-browser page for non-browser UAs"
    )
    parser.add_argument("--js-listings", action="store_true", help="listing items drawn by a script")
    parser.add_argument("--fail-first", type=int, default=0, metavar="N", help="each URL answers 503 N times")
    parser.add_argument("--slow-ms", type=int, default=0, metavar="MS", help="delay every response")
    parser.add_argument("--session-ttl", type=float, default=None, metavar="S", help="login session lifetime")
    parser.add_argument(
        "--break-selector", default=None, metavar="CLASS", help="rename a CSS class, e.g. created"
    )
    parser.add_argument(
        "--hostile", action="store_true", help="interstitial + js listings + fail-first 1 + slow"
    )
    parser.add_argument(
        "--redesign",
        action="store_true",
        help="article pages with renamed classes and wrappers (JSON-LD and meta unchanged)",
    )


def config_from_args(opts: argparse.Namespace) -> ReplicaConfig:
    kwargs: dict[str, Any] = {}
    if opts.now:
        kwargs["now"] = datetime.fromisoformat(opts.now)
    return ReplicaConfig(
        articles=opts.articles,
        seed=opts.seed,
        interstitial=opts.interstitial,
        js_listings=opts.js_listings,
        fail_first=opts.fail_first,
        slow_ms=opts.slow_ms,
        session_ttl=opts.session_ttl,
        break_selector=opts.break_selector,
        hostile=opts.hostile,
        redesign=opts.redesign,
        **kwargs,
    )


def courier_config_from_args(opts: argparse.Namespace) -> CourierConfig:
    given = [name for name in JAKARTAPOST_ONLY if getattr(opts, name, None)]
    if given:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        raise SystemExit(f"error: {options}: not available with --site courier")
    kwargs: dict[str, Any] = {}
    if opts.now:
        kwargs["now"] = datetime.fromisoformat(opts.now)
    return CourierConfig(
        articles=opts.articles,
        seed=opts.seed,
        fail_first=opts.fail_first,
        slow_ms=opts.slow_ms,
        break_selector=opts.break_selector,
        **kwargs,
    )


def server_from_args(opts: argparse.Namespace) -> ReplicaServer:
    """The server the options describe (`--site` picks the publisher), not started."""
    if getattr(opts, "site", "jakartapost") == "courier":
        return CourierServer(courier_config_from_args(opts), port=opts.port)
    return ReplicaServer(config_from_args(opts), port=opts.port)


def serve(config: ReplicaConfig | CourierConfig | ReplicaServer, port: int = 0) -> None:
    """Start the server, print its base URL as the first stdout line, serve until SIGINT/SIGTERM."""
    stop = threading.Event()
    if isinstance(config, ReplicaServer):
        server = config
    elif isinstance(config, CourierConfig):
        server = CourierServer(config, port=port)
    else:
        server = ReplicaServer(config, port=port)
    base_url = server.start()
    print(base_url, flush=True)
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print(f"replica stopped; requests served: {dict(server.hits)}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jpcrawl.replica", description="Serve the replica news site."
    )
    add_arguments(parser)
    opts = parser.parse_args(argv)
    serve(server_from_args(opts))
    return 0
