"""Parse-time benchmark: `python -m jpcrawl.bench.parse [--spider NAME] [--repeat N] [--replica N] [DIR]`.

Parses the article pages of the replica of the spider's site (N of them, fetched once from the replica on
loopback) and every article fixture (tests/fixtures/<spider>/*.html) with the spider's site profile's
`parse_article`, and prints the median and p95 time per article. Target: median < 5 ms.
Then, on the padded pages, the time of each generic reader (jpcrawl.pages.generic.GenericPage) as a
multiple of parsing the page: the readers a profile falls back to must each cost about one parse, not ten.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from jpcrawl.spiders.lookup import DEFAULT_SPIDER, spider_class

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def load_articles(directory: Path, site: Any) -> list[tuple[str, str]]:
    pages = []
    for html_path in sorted(directory.glob("*.html")):
        meta_path = html_path.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        if "entries" in meta or meta.get("article", True) is None:
            continue  # listings and non-articles
        url = meta.get("fetch_url") or meta.get("url") or site.default_base_url + "/x/2024/01/01/x.html"
        pages.append((url, html_path.read_text(encoding="utf-8")))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, help="default tests/fixtures/<spider>")
    parser.add_argument("--spider", default=DEFAULT_SPIDER, help="whose site profile parses")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--pad-kib",
        type=int,
        default=100,
        help="also time each page padded to about this size with nav/footer/script chrome (real pages are "
        "~100-150 KiB; the fixtures are small); 0 disables",
    )
    parser.add_argument("--replica", type=int, default=200, help="replica article pages to time (0: none)")
    args = parser.parse_args(argv)
    site = spider_class(args.spider).site
    directory = args.directory or FIXTURES / args.spider
    if args.replica > 0:
        _report("replica", replica_pages(args.replica, site.name), max(1, args.repeat // 5), site)
    pages = load_articles(directory, site) if directory.is_dir() else []
    if not pages:
        print(f"no article fixtures in {directory}")
        return 0 if args.replica > 0 else 1
    _report("fixtures", pages, args.repeat, site)
    if args.pad_kib > 0:
        padded = [(u, pad(h, args.pad_kib)) for u, h in pages]
        _report(f"padded to ~{args.pad_kib} KiB", padded, args.repeat, site)
        _report_readers(padded, max(3, args.repeat // 10))
    return 0


def replica_pages(n: int, site: str | None = None) -> list[tuple[str, str]]:
    """n article pages of the replica of site profile `site` (jpcrawl.replica.replica_for)."""
    import urllib.request

    from jpcrawl.browser import BROWSER_USER_AGENT
    from jpcrawl.replica import replica_for

    pages = []
    with replica_for(site, articles=n) as server:
        base = server.base_url
        assert base is not None
        for url in server.site.article_urls(base)[:n]:
            request = urllib.request.Request(url, headers={"User-Agent": BROWSER_USER_AGENT})
            with urllib.request.urlopen(request) as response:
                pages.append((url, response.read().decode("utf-8")))
    return pages


def pad(html: str, kib: int) -> str:
    """The page with site chrome added before </body>: nav lists, a footer and inline scripts."""
    chunk = (
        '<div class="site-footer__menu"><ul>'
        + "".join(f'<li><a href="/section-{i}">Section {i}</a></li>' for i in range(20))
        + "</ul></div><script>window.dataLayer = window.dataLayer || [];"
        + " dataLayer.push({event: 'x'});</script>"
    )
    n = max(0, (kib * 1024 - len(html)) // len(chunk))
    return html.replace("</body>", chunk * n + "</body>", 1)


def _report(label: str, pages: list[tuple[str, str]], repeat: int, site: Any) -> float:
    for url, html in pages:  # warm-up: selector translation caches, imports
        site.parse_article(url, html)
    timings: list[float] = []
    for _ in range(repeat):
        for url, html in pages:
            start = time.perf_counter()
            site.parse_article(url, html)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    size = statistics.mean(len(h) for _, h in pages) / 1024
    print(
        f"parse_article [{label}]: {len(pages)} pages x {repeat} runs, mean page {size:.1f} KiB: "
        f"median {median:.2f} ms/article, p95 {p95:.2f} ms (target < 5 ms)"
    )
    return median


READERS = ("title", "authors", "dates", "tags", "section", "body", "images", "language", "is_article")


def _report_readers(pages: list[tuple[str, str]], repeat: int) -> dict[str, float]:
    """Best-of-`repeat` time of each generic reader over all pages, over the best time to parse them."""
    from jpcrawl.pages.base import make_selector
    from jpcrawl.pages.generic import GenericPage

    def best(fn: Any) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    parse = best(lambda: [make_selector(h) for _, h in pages])
    sels = [(u, make_selector(h)) for u, h in pages]
    ratios = {}
    for name in READERS:
        # a fresh page object per run: each reader's own work, not the shared parses another one cached
        ratios[name] = best(lambda n=name: [getattr(GenericPage(s, u), n)() for u, s in sels if s]) / parse
    worst = max(ratios, key=lambda n: ratios[n])
    print(
        f"generic readers on {len(pages)} padded pages, time / parse time ({parse * 1000:.1f} ms): "
        + ", ".join(f"{n} {r:.1f}x" for n, r in ratios.items())
        + f"; worst {worst} (target < 5x)"
    )
    return ratios


if __name__ == "__main__":
    raise SystemExit(main())
