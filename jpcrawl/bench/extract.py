"""Body extraction against an anchor: `python -m jpcrawl.bench.extract [--articles N] [--json PATH]`.

Starts three replicas on loopback (the Jakarta Post, the Jakarta Post with `--redesign`, the Island Courier),
fetches every article page once (a current-browser User-Agent, as the replicas may gate on it), runs each
extractor over the same HTML and scores its body against the replica's ground truth:

* F1: token-level F1 between the extracted body and the truth body (tokens: lower-cased words, counted as a
  bag), averaged over articles. An article the extractor returns nothing for scores 0.
* exact: the share of articles whose paragraph list equals the truth's, each paragraph whitespace-normalised.

Extractors:
* `jakartapost profile` (jpcrawl.pages.jakartapost.SITE) on the two Jakarta Post replicas only, `courier
  profile` (jpcrawl.pages.courier.SITE) on the Courier only: a profile is written for its own site.
* `generic (news)`: the generic readers exactly as the `news` spider builds them, `generic_profile(base)`.
* `trafilatura <mode>`: the anchor, an off-the-shelf extractor (a test dependency, imported only when this
  runs). `trafilatura.extract(html, url=url, output_format="txt", include_comments=False,
  include_tables=False, ...)`, split on newlines: its plain-text output puts one paragraph per line (its XML
  output, read as <p>/<quote>/<item> elements, scored no better: equal or lower F1 on every replica at 80
  articles). Tables and comments are off because no replica body holds either and the pages carry comment
  threads. Each documented precision/recall setting is a row of its own (`default`, `favor_precision=True`,
  `favor_recall=True`; `fast=True` changed nothing here) and `best trafilatura` is, per site, the highest
  F1 of them: the generic readers are held to trafilatura's best setting on each site.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jpcrawl.browser import BROWSER_USER_AGENT
from jpcrawl.processors import normalize_space

DEFAULT_ARTICLES = 80
DEFAULT_SEED = 7

JAKARTAPOST = "jakartapost"
REDESIGN = "jakartapost-redesign"
COURIER = "courier"
SITES = (JAKARTAPOST, REDESIGN, COURIER)

JP_PROFILE = "jakartapost profile"
COURIER_PROFILE = "courier profile"
GENERIC = "generic (news)"
BEST_TRAFILATURA = "best trafilatura"
# Documented trafilatura settings: (row label, keyword arguments added to the common ones).
TRAFILATURA_MODES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("trafilatura default", {}),
    ("trafilatura favor_precision", {"favor_precision": True}),
    ("trafilatura favor_recall", {"favor_recall": True}),
)
TRAFILATURA_COMMON: dict[str, Any] = {
    "output_format": "txt",
    "include_comments": False,
    "include_tables": False,
}

Extractor = Callable[[str, str, str], "list[str] | None"]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    url: str
    html: str
    base: str
    truth: tuple[str, ...]  # the truth body's paragraphs


@dataclass
class Score:
    """One extractor on one site."""

    f1: list[float] = field(default_factory=list)
    exact: int = 0
    errors: int = 0
    worst: list[tuple[float, str]] = field(default_factory=list)  # (F1, URL), lowest first, a few

    @property
    def n(self) -> int:
        return len(self.f1)

    @property
    def mean_f1(self) -> float:
        return statistics.fmean(self.f1) if self.f1 else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "f1": round(self.mean_f1, 4),
            "paragraph_exact": round(self.exact_rate, 4),
            "articles": self.n,
            "errors": self.errors,
            "worst": [{"f1": round(f, 4), "url": u} for f, u in self.worst],
        }


# --- scoring ------------------------------------------------------------------------------------------


def tokens(paragraphs: Iterable[str]) -> list[str]:
    return _WORD.findall(" ".join(paragraphs).lower())


def token_f1(got: Iterable[str], truth: Iterable[str]) -> float:
    """Bag-of-words F1 of the lower-cased words of two paragraph lists (1.0 when both are empty)."""
    g, t = Counter(tokens(got)), Counter(tokens(truth))
    if not g and not t:
        return 1.0
    common = sum((g & t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def normalise(paragraphs: Iterable[str]) -> list[str]:
    """Whitespace-normalised paragraphs, empty ones dropped."""
    return [p for p in (normalize_space(x) for x in paragraphs) if p]


def score(extractor: Extractor, pages: list[Page], keep_worst: int = 3) -> Score:
    result = Score()
    for page in pages:
        try:
            body = extractor(page.url, page.html, page.base) or []
        except Exception:  # an extractor that raises scores the article as nothing found
            body = []
            result.errors += 1
        got = normalise(body)
        truth = normalise(page.truth)
        f1 = token_f1(got, truth)
        result.f1.append(f1)
        result.exact += got == truth
        result.worst.append((f1, page.url))
    result.worst = sorted(result.worst)[:keep_worst]
    result.worst = [w for w in result.worst if w[0] < 1.0]
    return result


# --- extractors ---------------------------------------------------------------------------------------


def jakartapost_profile(url: str, html: str, base: str) -> list[str] | None:
    from jpcrawl.pages.jakartapost import SITE

    article = SITE.read_article(url, html, base).article
    return article.body if article else None


def courier_profile(url: str, html: str, base: str) -> list[str] | None:
    from jpcrawl.pages.courier import SITE

    article = SITE.read_article(url, html, base).article
    return article.body if article else None


def generic_reader(url: str, html: str, base: str) -> list[str] | None:
    from jpcrawl.pages.generic.profile import generic_profile

    # As GenericNewsSpider builds it: one profile bound to the crawl's base URL.
    article = generic_profile(base).read_article(url, html, base).article
    return article.body if article else None


def import_trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError:
        raise SystemExit(
            "jpcrawl.bench.extract needs trafilatura (the anchor it measures against), a test dependency: "
            "pip install -e '.[test]'"
        ) from None
    return trafilatura


def trafilatura_extractor(options: dict[str, Any]) -> Extractor:
    trafilatura = import_trafilatura()
    kwargs = {**TRAFILATURA_COMMON, **options}

    def extract(url: str, html: str, base: str) -> list[str] | None:
        text = trafilatura.extract(html, url=url, **kwargs)
        return text.split("\n") if text else None

    return extract


def extractors_for(site: str) -> list[tuple[str, Extractor]]:
    """Which extractors run on a site: a site profile only on its own site; the rest everywhere."""
    own: list[tuple[str, Extractor]] = []
    if site in (JAKARTAPOST, REDESIGN):
        own.append((JP_PROFILE, jakartapost_profile))
    elif site == COURIER:
        own.append((COURIER_PROFILE, courier_profile))
    own.append((GENERIC, generic_reader))
    own += [(label, trafilatura_extractor(opts)) for label, opts in TRAFILATURA_MODES]
    return own


# --- pages --------------------------------------------------------------------------------------------


def fetch(url: str) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_USER_AGENT})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode("utf-8")


def fetch_site(site: str, articles: int, seed: int) -> list[Page]:
    """Every article page of one replica, fetched once, with its truth body (anonymous-visitor truth: a
    premium Jakarta Post article's page and truth are both the teaser)."""
    from jpcrawl.replica import CourierConfig, CourierServer, ReplicaConfig, ReplicaServer

    pages: list[Page] = []
    if site == COURIER:
        courier = CourierServer(CourierConfig(articles=articles, seed=seed))
        with courier:  # typed as the ReplicaServer it extends, so keep the CourierServer reference
            base = courier.base_url
            assert base is not None
            for url in courier.courier.article_urls(base):
                truth = courier.courier.truth(url, base)["body"]
                pages.append(Page(url, fetch(url), base, tuple(truth)))
        return pages
    with ReplicaServer(ReplicaConfig(articles=articles, seed=seed, redesign=site == REDESIGN)) as server:
        base = server.base_url
        assert base is not None
        for path in server.site.article_paths():
            truth = server.site.truth(path, base)["body"]
            pages.append(Page(base + path, fetch(base + path), base, tuple(truth)))
    return pages


# --- the run ------------------------------------------------------------------------------------------


def run(articles: int = DEFAULT_ARTICLES, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Scores of every extractor on every site, as a JSON-ready dict:
    {"results": {extractor: {site: {f1, paragraph_exact, articles, errors, worst}}}, ...}."""
    trafilatura = import_trafilatura()  # fail before starting any server
    results: dict[str, dict[str, Any]] = {}
    pages_per_site: dict[str, int] = {}
    seconds: dict[str, dict[str, float]] = {}
    for site in SITES:
        pages = fetch_site(site, articles, seed)
        pages_per_site[site] = len(pages)
        for name, extractor in extractors_for(site):
            start = time.perf_counter()
            results.setdefault(name, {})[site] = score(extractor, pages).as_dict()
            seconds.setdefault(name, {})[site] = round(time.perf_counter() - start, 3)
    best: dict[str, Any] = {}
    for site in SITES:
        label, cell = max(
            ((label, results[label][site]) for label, _ in TRAFILATURA_MODES), key=lambda lc: lc[1]["f1"]
        )
        best[site] = {**cell, "mode": label}
    results[BEST_TRAFILATURA] = best
    return {
        "articles": articles,
        "seed": seed,
        "pages": pages_per_site,
        "trafilatura_version": getattr(trafilatura, "__version__", "?"),
        "trafilatura_settings": {
            "common": TRAFILATURA_COMMON,
            "modes": {label: opts for label, opts in TRAFILATURA_MODES},
            "paragraphs": "output split on newlines",
        },
        "results": results,
        "seconds": seconds,
    }


def format_table(report: dict[str, Any]) -> str:
    """Rows: extractors; per site two columns, body token-F1 and paragraph-exact rate ("-": not run)."""
    results: dict[str, dict[str, Any]] = report["results"]
    w = max(17, *(len(s) for s in SITES))
    head1 = f"{'':30}" + "".join(f" | {s:^{w}}" for s in SITES)
    head2 = f"{'extractor':30}" + "".join(f" | {'F1':>{w - 9}} {'exact':>8}" for _ in SITES)
    lines = [head1, head2, "-" * len(head2)]
    order = [
        JP_PROFILE,
        COURIER_PROFILE,
        GENERIC,
        *(label for label, _ in TRAFILATURA_MODES),
        BEST_TRAFILATURA,
    ]
    for name in sorted(results, key=lambda n: order.index(n) if n in order else len(order)):
        cells = results[name]
        row = f"{name:30}"
        for site in SITES:
            cell = cells.get(site)
            if cell:
                row += f" | {cell['f1']:{w - 9}.4f} {cell['paragraph_exact']:8.1%}"
            else:
                row += f" | {'-':>{w - 9}} {'-':>8}"
        lines.append(row)
    best = results.get(BEST_TRAFILATURA, {})
    lines.append("")
    lines.append(
        f"{report['articles']} articles per replica (seed {report['seed']}; pages: "
        + ", ".join(f"{s} {n}" for s, n in report["pages"].items())
        + f"), trafilatura {report['trafilatura_version']}; best trafilatura per site: "
        + ", ".join(f"{s} = {best[s]['mode']}" for s in SITES if s in best)
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="articles per replica")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="also write the full results (with worst articles) here")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    report = run(args.articles, args.seed)
    print(format_table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
