"""`scrapy fixtures --base-url URL --out tests/fixtures/jakartapost --limit N`: record extraction cases.

Fetches a section listing and up to N of the articles it lists from a live server (any server honouring
the contract: the real site or a replica) with plain urllib, saves `<case>.html`, and writes `<case>.json`
from THIS project's parser output with `"recorded": true`. A recorded case is a snapshot, not a truth: a
human reviews the JSON (and removes the marker) before it counts as an expected result.
"""

from __future__ import annotations

import argparse
import json
import re
import urllib.request
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from jpcrawl.pages.jakartapost import SITE

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)


def fetch(url: str, timeout: float = 30) -> str:
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # an operator-given http(s) URL
        charset = resp.headers.get_content_charset() or "utf-8"
        return resp.read().decode(charset, errors="replace")


def case_name(url: str, prefix: str = "recorded") -> str:
    slug = urlsplit(url).path.strip("/").replace("/", "_").removesuffix(".html")
    return f"{prefix}_{re.sub(r'[^A-Za-z0-9_-]+', '-', slug)[:80] or 'home'}"


def record(base_url: str, out: Path, limit: int, section: str, now: datetime | None = None) -> list[Path]:
    """Record one listing case and up to `limit` article cases; returns the JSON paths written."""
    now = now or datetime.now(timezone.utc).replace(microsecond=0)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(name: str, html: str, data: dict[str, Any]) -> None:
        (out / f"{name}.html").write_text(html, encoding="utf-8")
        path = out / f"{name}.json"
        path.write_text(json.dumps({"recorded": True, **data}, indent=2, ensure_ascii=False) + "\n")
        written.append(path)

    listing_url = SITE.listing_url(base_url, section)
    html = fetch(listing_url)
    listing = SITE.parse_listing(listing_url, html, base_url, now)
    save(case_name(listing_url, "recorded_listing"), html, {
        "url": listing_url, "base_url": base_url, "now": now.isoformat(),
        "kind": SITE.classify(listing_url, html).value,
        "entries": [asdict(e) for e in listing.entries], "next_url": listing.next_url,
        "needs_render": listing.needs_render,
    })  # fmt: skip
    for entry in listing.entries[:limit]:
        page = fetch(entry.url)
        article = SITE.parse_article(entry.url, page, base_url)
        data: dict[str, Any] = {"fetch_url": entry.url, "base_url": base_url,
                                "kind": SITE.classify(entry.url, page).value}  # fmt: skip
        data.update(article.extracted() if article is not None else {"url": entry.url, "article": None})
        save(case_name(entry.url), page, data)
    return written


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "--base-url URL [--out DIR] [--limit N] [--section NAME]"

    def short_desc(self) -> str:
        return "Record extraction fixtures (html + parser json marked recorded) from a live server"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--base-url", dest="base_url", default=None, help="server origin")
        parser.add_argument("--out", default="tests/fixtures/jakartapost", help="fixture directory")
        parser.add_argument("--limit", type=int, default=5, help="articles to record")
        parser.add_argument("--section", default=SITE.sections[1], help="listing section to start from")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not opts.base_url:
            raise UsageError("--base-url is required")
        paths = record(opts.base_url.rstrip("/"), Path(opts.out), max(0, opts.limit), opts.section)
        for path in paths:
            print(f"recorded {path} (review it, then drop the \"recorded\" marker)")
