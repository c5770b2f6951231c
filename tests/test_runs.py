"""Issue 14.11-14.12: progress lines whose numbers add up and show the recent rate; `scrapy runs` (table and
--plot) from the run reports; `scrapy demo` ends with its run's row."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from jpcrawl.commands import runs
from jpcrawl.extensions import progress
from tests.uxutil import scrapy


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_progress_split_adds_up_and_shows_the_last_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(progress.time, "monotonic", clock)
    stats: dict[str, Any] = {}
    crawler = SimpleNamespace(stats=SimpleNamespace(get_stats=lambda: stats), engine=None)
    ext = progress.Progress(crawler, 60.0)  # type: ignore[arg-type]
    ext.started = clock.now
    ext.last = (clock.now, 0, 0)
    # 60 s in: 120 pages, robots.txt and 2 sitemaps among them.
    clock.now += 60
    stats.update({"response_received_count": 120, "jpcrawl/render/browser": 17, "jpcrawl/render/http": 100,
                  "item_scraped_count": 90})  # fmt: skip
    line = ext.line()
    m = re.search(r"(\d+) pages \((\d+) rendered, (\d+) http, (\d+) other; ", line)
    assert m, line
    total, rendered, http, other = map(int, m.groups())
    assert total == rendered + http + other == 120 and other == 3
    assert "120/min, last 1m00s: 120/min" in line and "90/min, last 1m00s: 90/min" in line
    # The next minute the crawl stalls: the average hides it, the last interval does not.
    clock.now += 60
    line = ext.line()
    assert "60/min, last 1m00s: 0/min" in line, line


def report(start: str, status: str = "ok", **extra: Any) -> dict[str, Any]:
    return {
        "status": status, "spider": "jakartapost", "started_at": start, "duration_s": 75.0,
        "alerts": extra.pop("alerts", []), "limit": None,
        "pages": {"total": 40}, "items": {"emitted": 30, "new": 25, "updated": 5},
        "rejects": {"invalid": 2}, "errors": {"TimeoutError": 1, "http_status_ignored": 2},
        "fill_rates": extra.pop("fill_rates", {"title": 1.0, "images": 0.9}),
        "baseline": {"fill_rates": {"title": 1.0, "images": 0.88}}, **extra,
    }  # fmt: skip


def write_reports(root: Path) -> None:
    (root / "feeds" / "jakartapost").mkdir(parents=True)
    for hour in range(3):
        r = report(f"2026-11-30T0{hour}:00:00+00:00")
        (root / "feeds" / "jakartapost" / f"jp-{hour}.report.json").write_text(json.dumps(r))
    broken = report("2026-11-30T03:00:00+00:00", "failed", alerts=[{"kind": "fill_rate"}],
                    fill_rates={"title": 1.0, "images": 0.02})  # fmt: skip
    (root / "out.report.json").write_text(json.dumps(broken))  # where -O out.jsonl puts it
    (root / "feeds" / "bad.report.json").write_text("{not json")


def test_runs_table_from_reports(tmp_path: Path) -> None:
    write_reports(tmp_path)
    proc = scrapy(tmp_path, "runs", "-n", "3")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == list(runs.COLUMNS)
    rows = [line.split() for line in lines[2:]]
    assert [r[1] for r in rows] == ["01:00", "02:00", "03:00"]  # the last 3, oldest first
    # start(2 cells) duration status alerts pages new updated rejects errors fill...
    assert rows[0][2:11] == ["1m15s", "ok", "-", "40", "25", "5", "2", "3", "ok"]
    assert rows[-1][3:5] == ["failed", "fill_rate"] and rows[-1][-2:] == ["images", "2%<88%"]
    assert "skipping" in proc.stderr and "bad.report.json" in proc.stderr
    fields = scrapy(tmp_path, "runs", "--fields")
    assert re.search(r"images\s+90%\s+90%\s+90%\s+2%\s+88%", fields.stdout), fields.stdout


def test_runs_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    write_reports(tmp_path)
    proc = scrapy(tmp_path, "runs", "--plot", "runs.png")
    assert proc.returncode == 0, proc.stderr
    png = tmp_path / "runs.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_runs_plot_without_matplotlib_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    with pytest.raises(runs.MatplotlibMissing, match="pip install matplotlib"):
        runs.plot([report("2026-11-30T00:00:00+00:00")], tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.slow
def test_demo_ends_with_its_runs_row_and_names_its_log(tmp_path: Path) -> None:
    proc = scrapy(tmp_path, "demo", "--articles", "40", "--sections", "world", timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    assert len(out) < 15  # a short summary, not the crawl's INFO log
    log = Path(next(line for line in out if line.startswith("log: "))[5:])
    assert log.is_file() and "Spider opened" in log.read_text()
    header = next(i for i, line in enumerate(out) if line.split()[:3] == ["duration", "status", "alerts"])
    row = out[header + 2].split()
    assert row[1] == "ok" and int(row[4]) > 0  # status, new items
    # 14.2: the demo's -O *.jsonl feed (Scrapy's format name "jsonl") is counted in its manifest.
    feed = Path(next(line for line in out if line.startswith("feed: "))[6:])
    manifest = json.loads(Path(f"{feed}.manifest.json").read_text())
    lines = sum(1 for line in feed.read_text().splitlines() if line.strip())
    assert manifest["format"] == "jsonl" and manifest["items"] == lines == int(row[4])
    assert manifest["sections"] == {"world": lines}
