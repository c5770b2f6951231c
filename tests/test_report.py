"""The run report (jpcrawl.extensions.report.RunReport), its alerts and the exit status of `scrapy crawl`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jpcrawl.extensions.report import fill_rate_alerts, report_path_for
from tests.conftest import run_crawl
from tests.schedutil import FAST


def test_report_path_and_fill_rate_rule() -> None:
    assert report_path_for("feeds/x/x-T.jsonl.gz") == Path("feeds/x/x-T.report.json")
    base = {"fill_rates": {"source": 1.0, "subtitle": 0.8, "dateline": 0.1}}
    assert fill_rate_alerts({"source": 0.6, "subtitle": 0.6, "dateline": 0.0}, 5, base) == []  # chance
    broken = fill_rate_alerts({"source": 0.0, "subtitle": 0.8, "dateline": 0.0}, 5, base)
    assert [a["field"] for a in broken] == ["source"]  # a 10% field is never judged
    assert fill_rate_alerts({"source": 0.0}, 4, base) == []  # too few items to judge


@pytest.mark.slow
def test_broken_selector_fails_the_run_and_names_the_field(tmp_path: Path, replica_factory) -> None:
    baseline = [
        "-s", f"JPCRAWL_REPORT_BASELINE={tmp_path}/baseline.json", *FAST,
        "-a", "sections=business,world,indonesia",
    ]  # fmt: skip
    healthy = replica_factory(articles=60)
    ok = run_crawl(tmp_path, healthy.base_url, *baseline, name="ok")
    assert ok.returncode == 0, ok.log[-3000:]
    report = json.loads((tmp_path / "ok.report.json").read_text())
    assert report["status"] == "ok" and report["alerts"] == []
    assert report["items"]["new"] == len(ok.items) > 0
    assert report["fill_rates"]["source"] == 1.0 and report["pages"]["total"] > 0
    assert (tmp_path / "baseline.json").exists()

    broken = replica_factory(articles=60, break_selector="tjp-meta__label")  # the byline: source
    bad = run_crawl(tmp_path, broken.base_url, *baseline, name="bad")
    assert bad.returncode == 1, bad.log[-3000:]
    report = json.loads((tmp_path / "bad.report.json").read_text())
    assert report["status"] == "failed"
    assert [(a["kind"], a.get("field")) for a in report["alerts"]] == [("fill_rate", "source")]
    assert "ALERT fill_rate: field 'source'" in bad.log
    # A failed run never becomes the baseline: the next broken run alerts again.
    assert json.loads((tmp_path / "baseline.json").read_text())["fill_rates"]["source"] == 1.0


@pytest.mark.slow
def test_failed_required_login_and_errors_fail_the_run(tmp_path: Path, replica_factory) -> None:
    server = replica_factory(articles=30)
    env = {"JPCRAWL_EMAIL": "subscriber@example.com", "JPCRAWL_PASSWORD": "wrong"}
    run = run_crawl(
        tmp_path, server.base_url, *FAST, "-s", "JPCRAWL_REQUIRE_LOGIN=True", name="login", env=env
    )
    assert run.returncode == 1, run.log[-3000:]
    report = json.loads((tmp_path / "login.report.json").read_text())
    assert report["finish_reason"] == "login_failed"
    assert report["alerts"][0]["kind"] == "login"  # (the requests it cancelled may add error_rate)

    failing = replica_factory(articles=30, fail_first=10)  # every URL 503s beyond the retries
    run = run_crawl(tmp_path, failing.base_url, *FAST, "-s", "RETRY_TIMES=1", name="errors")
    assert run.returncode == 1, run.log[-3000:]
    report = json.loads((tmp_path / "errors.report.json").read_text())
    assert {a["kind"] for a in report["alerts"]} >= {"error_rate"}
    assert report["retries"] > 0 and report["errors"]


@pytest.mark.slow
def test_progress_lines_are_plain(tmp_path: Path, replica_factory) -> None:
    server = replica_factory(articles=60, slow_ms=60)
    run = run_crawl(
        tmp_path, server.base_url, *FAST,
        "-s", "JPCRAWL_PROGRESS_INTERVAL=0.5", "-s", "CONCURRENT_REQUESTS=2",
        name="progress",
    )  # fmt: skip
    assert run.returncode == 0, run.log[-3000:]
    lines = [line for line in run.log.splitlines() if "[jpcrawl.extensions.progress]" in line]
    assert len(lines) >= 3
    shape = re.compile(r"progress.*: \S+, \d+ pages \(.*\), \d+ items \(.*\), \d+ errors")
    assert all(shape.search(s) for s in lines)
    assert "\x1b" not in run.log and "\r" not in run.log
