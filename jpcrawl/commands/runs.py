"""`scrapy runs`: how the last runs went, read from their run reports (`*.report.json`).

    scrapy runs                          # the last 20 runs (reports in ./ and under feeds/), oldest first
    scrapy runs jakartapost -n 48        # one spider's last 48 runs
    scrapy runs --dir /var/lib/scrapyd/items --plot runs.png   # and a picture: items, errors, fill rates

One row per run: start (UTC), duration, status, alerts, pages, items new/updated, rejects, errors, and
"fill": how the run's field fill rates compare with the baseline it was judged against ("ok" when every
field is within 10 points of its baseline, else the field that fell most, "rate<baseline"; "-" without a
baseline). `--fields` adds each field's fill rate per run. The reports are the source: nothing else is
read, and a report that is not valid JSON is named on stderr and skipped.

`--plot FILE` draws items (new, updated), errors and each field's fill rate over time with matplotlib
(a dev dependency: `pip install matplotlib` if it is missing; only --plot needs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

FILL_TOLERANCE = 0.10  # a field this far (absolute) below its baseline is shown in the fill column
COLUMNS = ("start", "duration", "status", "alerts", "pages", "new", "updated", "rejects", "errors", "fill")


def find_reports(root: Path | None = None) -> list[Path]:
    """Reports under `root`, recursively; without one, in the current directory (where `-O out.jsonl`
    puts them) and under feeds/ (the default feed's directory)."""
    if root is not None:
        return sorted(p for p in root.rglob("*.report.json") if p.is_file())
    here = Path(".")
    found = {*here.glob("*.report.json"), *(here / "feeds").rglob("*.report.json")}
    return sorted(p for p in found if p.is_file())


def load_reports(
    root: Path | None = None, spider: str | None = None, last: int | None = None
) -> list[dict[str, Any]]:
    """The reports (see find_reports) of one spider if given, oldest first, at most the `last` ones."""
    runs = []
    for path in find_reports(root):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"runs: skipping {path}: {exc}", file=sys.stderr)
            continue
        if not isinstance(report, dict) or "status" not in report:
            continue
        if spider and report.get("spider") != spider:
            continue
        report["_path"] = str(path)
        runs.append(report)
    runs.sort(key=lambda r: str(r.get("started_at") or ""))
    return runs[-last:] if last else runs


def _duration(seconds: Any) -> str:
    if not isinstance(seconds, (int, float)):
        return "-"
    s = round(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"


def _start(value: Any) -> str:
    try:
        return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value or "-")


def fill_summary(report: dict[str, Any]) -> str:
    rates = report.get("fill_rates") or {}
    base = (report.get("baseline") or {}).get("fill_rates") or {}
    if not base:
        return "-"
    worst = None
    for name, rate in rates.items():
        if name in base:
            drop = base[name] - rate
            if drop > FILL_TOLERANCE and (worst is None or drop > worst[0]):
                worst = (drop, name, rate, base[name])
    if worst is None:
        return "ok"
    _, name, rate, baseline = worst
    return f"{name} {rate:.0%}<{baseline:.0%}"


def row(report: dict[str, Any]) -> dict[str, str]:
    items = report.get("items") or {}
    alerts = report.get("alerts") or []
    status = str(report.get("status", "?"))
    if report.get("limit"):
        status += f" ({str(report['limit']).removeprefix('closespider_')})"
    return {
        "start": _start(report.get("started_at")),
        "duration": _duration(report.get("duration_s")),
        "status": status,
        "alerts": ",".join(sorted({str(a.get("kind")) for a in alerts})) or "-",
        "pages": str((report.get("pages") or {}).get("total", 0)),
        "new": str(items.get("new", 0)),
        "updated": str(items.get("updated", 0)),
        "rejects": str(sum(int(v) for v in (report.get("rejects") or {}).values())),
        "errors": str(sum(int(v) for v in (report.get("errors") or {}).values())),
        "fill": fill_summary(report),
    }


def table(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> str:
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in columns}
    numeric = {"pages", "new", "updated", "rejects", "errors", "duration"}

    def fmt(values: dict[str, str]) -> str:
        cells = [values[c].rjust(widths[c]) if c in numeric else values[c].ljust(widths[c]) for c in columns]
        return "  ".join(cells).rstrip()

    lines = [fmt({c: c for c in columns}), "  ".join("-" * widths[c] for c in columns)]
    lines += [fmt(r) for r in rows]
    return "\n".join(lines)


def runs_table(reports: list[dict[str, Any]]) -> str:
    return table([row(r) for r in reports])


def fields_table(reports: list[dict[str, Any]]) -> str:
    """Each field's fill rate per run (columns: runs, oldest first), with the latest baseline."""
    names = sorted({n for r in reports for n in (r.get("fill_rates") or {})})
    base = ((reports[-1].get("baseline") or {}).get("fill_rates") or {}) if reports else {}
    header = ["field", *[_start(r.get("started_at"))[5:] for r in reports], "baseline"]
    body = []
    for name in names:
        cells = [f"{(r.get('fill_rates') or {}).get(name, 0):.0%}" for r in reports]
        body.append([name, *cells, f"{base[name]:.0%}" if name in base else "-"])
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    return "\n".join(
        "  ".join(str(c).rjust(w) for c, w in zip(line, widths, strict=True)) for line in [header, *body]
    )


class MatplotlibMissing(RuntimeError):
    pass


def plot(reports: list[dict[str, Any]], out: Path) -> Path:
    """items (new, updated), errors and fill rates over time, one panel each, as an image."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display on a server
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MatplotlibMissing(
            "--plot needs matplotlib: `pip install matplotlib` (it is in jpcrawl's dev extra)"
        ) from exc
    times = [datetime.fromisoformat(str(r["started_at"])) for r in reports]
    fig, (ax_items, ax_errors, ax_fill) = plt.subplots(3, 1, figsize=(10, 9), sharex=True)
    items = [r.get("items") or {} for r in reports]
    ax_items.plot(times, [i.get("new", 0) for i in items], marker="o", label="new")
    ax_items.plot(times, [i.get("updated", 0) for i in items], marker="o", label="updated")
    ax_items.set_ylabel("items")
    ax_items.legend(loc="upper left")
    failed = [t for t, r in zip(times, reports, strict=True) if r.get("status") == "failed"]
    for t in failed:
        for ax in (ax_items, ax_errors, ax_fill):
            ax.axvline(t, color="red", alpha=0.25)
    ax_errors.plot(times, [sum((r.get("errors") or {}).values()) for r in reports], marker="o", color="C3")
    ax_errors.set_ylabel("errors")
    names = sorted({n for r in reports for n in (r.get("fill_rates") or {})})
    for name in names:
        ax_fill.plot(
            times, [(r.get("fill_rates") or {}).get(name, 0) for r in reports], marker=".", label=name
        )
    ax_fill.set_ylabel("fill rate")
    ax_fill.set_ylim(-0.05, 1.05)
    ax_fill.legend(loc="lower left", fontsize="small", ncol=4)
    fig.suptitle(f"{len(reports)} runs" + (f", {len(failed)} failed (red)" if failed else ""))
    fig.autofmt_xdate()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[spider] [-n N] [--dir DIR] [--fields] [--plot FILE.png]"

    def short_desc(self) -> str:
        return "Table (or --plot picture) of the last runs, from their run reports"

    def long_desc(self) -> str:
        return __doc__ or ""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-n", dest="last", type=int, default=20, help="the last N runs (default 20)")
        parser.add_argument(
            "--dir", default=None, help="where the reports are, searched recursively (default: ./ and feeds/)"
        )
        parser.add_argument("--fields", action="store_true", help="also each field's fill rate per run")
        parser.add_argument("--plot", default=None, metavar="FILE", help="draw the runs into this image")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) > 1:
            raise UsageError("at most one spider name", print_help=False)
        if opts.last < 1:
            raise UsageError(f"-n {opts.last}: expected a positive number", print_help=False)
        root = Path(opts.dir) if opts.dir else None
        if root is not None and not root.is_dir():
            raise UsageError(f"--dir {opts.dir}: no such directory", print_help=False)
        reports = load_reports(root, args[0] if args else None, opts.last)
        if not reports:
            print(f"no run reports in {root or './ or feeds/'}")
            return
        print(runs_table(reports))
        if opts.fields:
            print()
            print(fields_table(reports))
        if opts.plot:
            try:
                print(f"plot: {plot(reports, Path(opts.plot))}")
            except MatplotlibMissing as exc:
                print(f"scrapy: error: {exc}", file=sys.stderr)
                self.exitcode = 1
