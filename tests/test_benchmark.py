"""`scrapy benchmark` end to end on a tiny replica: every mode runs, is measured, and finds the same articles.

No timing assertions: the machine is shared and noisy; the ratios are the benchmark's business, not a test's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(600)  # three full crawls, one rendering every page; its own subprocess limit is 580 s
def test_benchmark_command_end_to_end(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "benchmark", "--articles", "60", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=580, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    path = tmp_path / "benchmark.json"
    assert f"json: {path}" in proc.stdout
    assert "b/a articles/min" in proc.stdout and "b/c articles/min" in proc.stdout
    report = json.loads(path.read_text())
    modes = report["modes"]
    assert set(modes) == {"naive", "defaults", "http"}
    for name, run in modes.items():
        assert run["returncode"] == 0, name
        for key in ("elapsed_s", "pages", "articles", "pages_per_min", "articles_per_min", "cpu_s",
                    "peak_pss_mib", "peak_rss_mib", "peak_uss_mib"):  # fmt: skip
            assert run[key] > 0, (name, key, run[key])
    # Naive renders everything, HTTP only nothing, the defaults some (the listings).
    assert modes["naive"]["browser_pages"] >= modes["naive"]["pages"] - 1  # robots.txt is never rendered
    assert modes["http"]["browser_pages"] == 0
    assert 0 < modes["defaults"]["browser_pages"] < modes["naive"]["browser_pages"]
    sets = report["article_sets"]
    assert sets["same"], sets
    assert sets["per_mode"] == {"naive": 60, "defaults": 60, "http": 60}
    assert all(ratio is not None and ratio > 0 for ratio in report["ratios"].values())
    capacity = report["server_capacity"]
    assert capacity["requests"] > 0 and capacity["requests_per_s"] > 0 and capacity["errors"] == 0
