"""The benchmark and the soak: run the crawls, compare them, print a table, write JSON / CSV / PNG."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jpcrawl.bench.run import DEFAULT_SPIDER, MODE_TITLES, ROOT, CrawlRun, Replica, crawl
from jpcrawl.spiders.lookup import spider_class, spider_site

# The targets of the performance issue (ratios measured in one run, on the same machine).
TARGET_VS_NAIVE = 10.0  # defaults / naive, articles per minute
TARGET_VS_HTTP = 0.7  # defaults / HTTP only, articles per minute
TARGET_PEAK_MIB = 1024.0  # defaults, peak PSS of the crawl's process tree
TARGET_GROWTH = 0.10  # soak: memory growth between the 25% and 100% marks


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%S")


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def server_capacity(
    base_url: str, articles: int, replica: Replica, workdir: Path, *, concurrency: int = 32,
    requests: int = 4000, duration: float = 15.0, spider: str = DEFAULT_SPIDER,
) -> dict[str, Any]:  # fmt: skip
    """The replica alone under a plain HTTP load (4 article URLs to 1 listing URL) from another process."""
    from jpcrawl.replica import replica_for
    from jpcrawl.replica.site import PAGE_SIZE

    profile = spider_class(spider).site
    site: Any = replica_for(profile.name, articles=articles).site  # the same content, never started
    article_urls = site.article_urls(base_url)
    listing_urls = []
    for section in profile.sections:
        count = getattr(site, "listing_pages", None) or getattr(site, "category_pages", None)
        pages = count(section) if count is not None else 1
        listing_urls += [profile.listing_url(base_url, section, p) for p in range(1, pages + 1)]
    mixed: list[str] = []
    for i, url in enumerate(article_urls):
        mixed.append(url)
        if i % 4 == 3 and listing_urls:
            mixed.append(listing_urls[(i // 4) % len(listing_urls)])
    urls_file = workdir / "capacity-urls.txt"
    urls_file.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    cpu0 = replica.cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "jpcrawl.bench.load", str(urls_file), "--concurrency", str(concurrency),
         "--requests", str(requests), "--duration", str(duration)],
        cwd=ROOT, capture_output=True, text=True, timeout=duration + 120, check=False,
    )  # fmt: skip
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"error": (proc.stderr or "no output")[-2000:]}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["replica_cpu_s"] = round(replica.cpu() - cpu0, 2)
    result["mix"] = {"articles": 4, "listings": 1, "page_size": PAGE_SIZE}
    return result


def compare_sets(runs: list[CrawlRun]) -> dict[str, Any]:
    union = set().union(*(r.article_paths for r in runs)) if runs else set()
    diff = {r.mode: sorted(union - r.article_paths)[:20] for r in runs if union - r.article_paths}
    return {
        "same": not diff and all(r.article_paths for r in runs),
        "union": len(union),
        "per_mode": {r.mode: len(r.article_paths) for r in runs},
        "missing_examples": diff,
    }


def format_table(runs: list[CrawlRun], capacity: dict[str, Any] | None, ratios: dict[str, Any]) -> str:
    cols = [
        ("mode", lambda r: MODE_TITLES.get(r.mode, r.mode)),
        ("articles", lambda r: str(r.articles)),
        ("pages", lambda r: str(r.pages)),
        ("browser", lambda r: str(r.browser_pages)),
        ("secs", lambda r: f"{r.elapsed_s:.1f}"),
        ("pages/min", lambda r: f"{r.pages_per_min:.0f}"),
        ("articles/min", lambda r: f"{r.articles_per_min:.0f}"),
        ("CPU s", lambda r: f"{r.cpu_s:.1f}"),
        ("CPU ms/art", lambda r: f"{r.cpu_ms_per_article:.1f}"),
        ("peak PSS MiB", lambda r: f"{r.peak_pss_mib:.0f}"),
        ("peak RSS MiB", lambda r: f"{r.peak_rss_mib:.0f}"),
        ("procs", lambda r: str(r.peak_processes)),
        ("replica CPU s", lambda r: f"{r.replica_cpu_s:.1f}"),
    ]
    rows = [[name for name, _ in cols]] + [[fn(r) for _, fn in cols] for r in runs]
    widths = [max(len(row[i]) for row in rows) for i in range(len(cols))]
    def line(row: list[str]) -> str:
        cells = zip(row, widths, strict=True)
        return "  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(cells))

    lines = [line(row) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for key, value in ratios.items():
        lines.append(f"{key}: {value}")
    if capacity:
        if "error" in capacity:
            lines.append(f"replica capacity: error: {capacity['error'][:200]}")
        else:
            rps = capacity["requests_per_s"]
            lines.append(
                f"replica capacity alone (plain HTTP, concurrency {capacity['concurrency']}, 4 articles : 1 "
                f"listing): {rps:.0f} requests/s = {rps * 60:.0f}/min ({capacity['requests']} requests in "
                f"{capacity['seconds']:.1f} s, p50 {capacity['latency_ms']['p50']} ms, errors "
                f"{capacity['errors']}, statuses {capacity['statuses']})"
            )
    return "\n".join(lines)


def ratios_of(runs: dict[str, CrawlRun]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    b = runs.get("defaults")
    if b is None:
        return out
    for other, key in (("naive", "b/a"), ("http", "b/c")):
        o = runs.get(other)
        if o is None:
            continue
        out[f"{key} articles/min"] = _ratio(b.articles_per_min, o.articles_per_min)
        out[f"{key} pages/min"] = _ratio(b.pages_per_min, o.pages_per_min)
        out[f"{key} CPU s"] = _ratio(b.cpu_s, o.cpu_s)
        out[f"{key} peak PSS"] = _ratio(b.peak_pss_mib, o.peak_pss_mib)
    return out


def targets_of(runs: dict[str, CrawlRun], ratios: dict[str, Any]) -> dict[str, Any]:
    t: dict[str, Any] = {}
    if "b/a articles/min" in ratios:
        v = ratios["b/a articles/min"]
        t["defaults >= 10x naive (articles/min)"] = {"value": v, "met": bool(v and v >= TARGET_VS_NAIVE)}
    if "b/c articles/min" in ratios:
        v = ratios["b/c articles/min"]
        t["defaults >= 0.7x HTTP only (articles/min)"] = {"value": v, "met": bool(v and v >= TARGET_VS_HTTP)}
    if "defaults" in runs:
        v = runs["defaults"].peak_pss_mib
        t["defaults peak memory <= 1 GiB (PSS MiB)"] = {"value": v, "met": v <= TARGET_PEAK_MIB}
    return t


def run_benchmark(
    articles: int = 2000, out_dir: Path | None = None, modes: tuple[str, ...] = ("naive", "defaults", "http"),
    capacity: bool = True, log=print, spider: str = DEFAULT_SPIDER,
) -> tuple[dict[str, Any], Path, int]:  # fmt: skip
    """Run every mode once, one after another, crawling the replica of `spider`'s site with `spider`.
    Returns (report, JSON path, exit code)."""
    site = spider_site(spider)
    out_dir = Path(out_dir or ROOT / "feeds" / "benchmark" / _stamp()).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    runs: dict[str, CrawlRun] = {}
    for mode in modes:
        with Replica(articles, site=site) as replica:
            log(f"[{mode}] replica {replica.base_url} ({articles} articles); crawling with {spider}...")
            run = crawl(mode, replica.base_url, out_dir, replica=replica, spider=spider)
        runs[mode] = run
        log(f"[{mode}] {run.articles} articles, {run.pages} pages in {run.elapsed_s:.1f} s, exit "
            f"{run.returncode}, finish {run.finish_reason}")  # fmt: skip
    cap = None
    if capacity:
        with Replica(articles, site=site) as replica:
            log(f"[capacity] replica {replica.base_url}: plain HTTP load...")
            cap = server_capacity(replica.base_url, articles, replica, out_dir, spider=spider)
    sets = compare_sets(list(runs.values()))
    ratios = ratios_of(runs)
    report: dict[str, Any] = {
        "benchmark": "jpcrawl crawl modes",
        "spider": spider,
        "started": _stamp(),
        "articles_on_replica": articles,
        "machine": {"cpus": _cpus(), "python": sys.version.split()[0]},
        "memory_figure": "peak_pss_mib: sum of PSS over the crawl's process tree (shared pages split)",
        "modes": {m: r.summary() for m, r in runs.items()},
        "ratios": ratios,
        "targets": targets_of(runs, ratios),
        "article_sets": sets,
        "server_capacity": cap,
    }
    path = out_dir / "benchmark.json"
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    log(format_table(list(runs.values()), cap, ratios))
    for name, target in report["targets"].items():
        log(f"target {name}: {target['value']} -> {'met' if target['met'] else 'NOT met'}")
    code = 0
    if not sets["same"]:
        log(f"ERROR: the modes crawled different article sets: {sets['per_mode']}; missing: "
            f"{sets['missing_examples']}")  # fmt: skip
        code = 1
    if any(r.returncode != 0 for r in runs.values()):
        log("ERROR: a crawl failed: " + ", ".join(f"{m} exit {r.returncode} (log {r.log})"
                                                  for m, r in runs.items() if r.returncode))  # fmt: skip
        code = 1
    log(f"json: {path}")
    return report, path, code


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)


def _mark(series: list[dict[str, Any]], final: int, lo: float, hi: float, key: str) -> float | None:
    values = [r[key] for r in series if r[key] is not None and lo * final <= r["items"] <= hi * final]
    return sum(values) / len(values) if values else None


def run_soak(
    articles: int = 10000, out_dir: Path | None = None, every: float = 2.0, log=print,
    spider: str = DEFAULT_SPIDER,
) -> tuple[dict[str, Any], Path, int]:  # fmt: skip
    """One crawl with defaults over `articles`, memory every `every` seconds: CSV, PNG, 25%->100% growth."""
    out_dir = Path(out_dir or ROOT / "feeds" / "benchmark" / f"soak-{_stamp()}").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with Replica(articles, site=spider_site(spider)) as replica:
        log(f"[soak] replica {replica.base_url} ({articles} articles); crawling with {spider}, defaults...")
        run = crawl("defaults", replica.base_url, out_dir, replica=replica, interval=0.5, series_every=every,
                    label="soak", spider=spider)  # fmt: skip
    series = [r for r in run.series if r["pss_mib"] is not None]
    final = run.articles or 1
    growth: dict[str, Any] = {}
    for key in ("pss_mib", "rss_mib", "uss_mib"):
        m25 = _mark(series, final, 0.225, 0.275, key)
        m100 = _mark(series, final, 0.95, 1.0, key)
        growth[key] = {
            "at_25": round(m25, 1) if m25 else None,
            "at_100": round(m100, 1) if m100 else None,
            "growth": round((m100 - m25) / m25, 4) if m25 and m100 else None,
        }
    csv_path = out_dir / "soak.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(series[0]) if series else ["t_s"])
        writer.writeheader()
        writer.writerows(series)
    png_path = out_dir / "soak.png"
    _plot(series, png_path, final, articles)
    g = growth["pss_mib"]["growth"]
    report: dict[str, Any] = {
        "soak": run.summary(),
        "growth_25_to_100": growth,
        "target": {"growth <= 10% (PSS)": {"value": g, "met": g is not None and g <= TARGET_GROWTH}},
        "csv": str(csv_path),
        "png": str(png_path),
    }
    path = out_dir / "soak.json"
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    log(f"[soak] {run.articles} articles, {run.pages} pages in {run.elapsed_s:.1f} s "
        f"({run.articles_per_min:.0f} articles/min), exit {run.returncode}; peak PSS "
        f"{run.peak_pss_mib:.0f} MiB, peak RSS {run.peak_rss_mib:.0f} MiB")  # fmt: skip
    for key, v in growth.items():
        pct = "?" if v["growth"] is None else f"{v['growth'] * 100:+.1f}%"
        log(f"[soak] {key[:-4].upper()} at 25%: {v['at_25']} MiB, at 100%: {v['at_100']} MiB, growth {pct}")
    log(f"csv: {csv_path}\npng: {png_path}\njson: {path}")
    code = 0 if run.returncode == 0 and run.articles else 1
    return report, path, code


def _plot(series: list[dict[str, Any]], path: Path, final: int, articles: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5))
    t = [r["t_s"] for r in series]
    curves = (("pss_mib", "PSS (sum over tree)"), ("rss_mib", "RSS (sum)"), ("uss_mib", "USS (sum)"))
    for key, label in curves:
        ax.plot(t, [r[key] for r in series], label=label)
    ax.set_xlabel("seconds")
    ax.set_ylabel("MiB")
    ax.set_title(f"jpcrawl soak: {final} articles crawled ({articles} on the replica), defaults")
    ax2 = ax.twinx()
    ax2.plot(t, [r["items"] for r in series], color="grey", linestyle=":", label="articles scraped")
    ax2.set_ylabel("articles scraped")
    for frac in (0.25, 1.0):
        hit = next((r["t_s"] for r in series if r["items"] >= frac * final), None)
        if hit is not None:
            ax.axvline(hit, color="black", linewidth=0.6, linestyle="--")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


__all__ = ["format_table", "run_benchmark", "run_soak", "server_capacity"]
