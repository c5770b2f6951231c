"""Deploying to a real scrapyd: the egg scrapyd-deploy builds, a scheduled crawl of the replica run by
scrapyd's runner from that (zipped) egg, its feed in items_dir and its run report beside it."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scrapyd_util import BIN, PROJECT, Scrapyd, copy_project, deploy

pytestmark = pytest.mark.slow

VERSION = "r1"
SPIDER = "jakartapost"


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    """scrapyd with the project deployed from a copy of the repo (scrapyd-deploy writes setup.py there)."""
    root = tmp_path_factory.mktemp("scrapyd")
    daemon = Scrapyd(root)
    try:
        daemon.start()
        project_dir = copy_project(tmp_path_factory.mktemp("deploy") / "jpcrawl")
        result = deploy(project_dir, daemon.url, VERSION)
        assert result.returncode == 0, result.stdout + result.stderr + daemon.tail()
        answer = json.loads(result.stdout.strip().splitlines()[-1])
        assert answer["status"] == "ok", answer
        assert answer["project"] == PROJECT
        yield daemon
    finally:
        daemon.stop()


def test_deployed_egg(scrapyd: Scrapyd) -> None:
    egg = scrapyd.eggs_dir / PROJECT / f"{VERSION}.egg"
    assert egg.is_file(), sorted(p.name for p in scrapyd.eggs_dir.rglob("*"))
    with zipfile.ZipFile(egg) as zf:
        names = set(zf.namelist())
        # The runner finds the settings module through this entry point (pyproject.toml's
        # [project.entry-points.scrapy]; the setup.py scrapyd-deploy generates is ignored next to [project]).
        entry_points = zf.read("EGG-INFO/entry_points.txt").decode()
    scrapy_entry = re.search(r"^\[scrapy\]\s*\nsettings\s*=\s*jpcrawl\.settings\s*$", entry_points, re.M)
    assert scrapy_entry, entry_points
    assert "jpcrawl/schema/article.schema.json" in names  # package data
    assert "jpcrawl/settings.py" in names
    assert "jpcrawl/spiders/jakartapost.py" in names
    assert not any(n.startswith("tests/") for n in names)

    assert scrapyd.get("listprojects.json")["projects"] == [PROJECT]
    assert scrapyd.get("listversions.json", project=PROJECT)["versions"] == [VERSION]
    spiders = scrapyd.get("listspiders.json", project=PROJECT)
    assert spiders["status"] == "ok", spiders
    assert SPIDER in spiders["spiders"]

    # As a job process sees it (same interpreter, cwd and config): jpcrawl imported from the zipped egg,
    # not from the editable install of this checkout, and the schema read from inside the zip.
    probe = (
        "from scrapyd.runner import project_environment\n"
        f"with project_environment({PROJECT!r}):\n"
        "    import jpcrawl, jpcrawl.settings, os\n"
        "    from jpcrawl.pipelines.validate import load_schema\n"
        "    print(jpcrawl.__file__)\n"
        "    print(os.environ['SCRAPY_SETTINGS_MODULE'])\n"
        "    print(sorted(load_schema()['properties'])[:3])\n"
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", probe],
        cwd=scrapyd.root,
        env={"SCRAPY_PROJECT": PROJECT, "PATH": str(BIN)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    module_file, settings_module, properties = out.stdout.strip().splitlines()
    assert module_file.startswith(f"{egg}/"), module_file
    assert settings_module == "jpcrawl.settings"
    assert properties.startswith("["), properties


@pytest.mark.browser
# scrapyd starts a job only on its next poll, then the crawl runs under scrapyd's runner: more than the
# 180 s default on a loaded 2-core machine, and its own wait below fails first with the job's log.
@pytest.mark.timeout(300)
def test_scheduled_crawl(scrapyd: Scrapyd, replica_factory, tmp_path: Path) -> None:
    server = replica_factory(articles=60)
    base_url = server.base_url
    state = tmp_path / "state.db"
    stats = tmp_path / "stats.json"
    job = "world-1"
    answer = scrapyd.post(
        "schedule.json",
        [
            ("project", PROJECT),
            ("spider", SPIDER),
            ("jobid", job),
            # spider arguments
            ("base_url", base_url),
            ("sections", "world"),
            ("max_pages", "50"),
            # settings; loopback lifts the politeness limits as the other crawl tests do
            ("setting", f"JPCRAWL_STATE_URI=sqlite:///{state}"),
            ("setting", f"JPCRAWL_STATS_DUMP={stats}"),
            ("setting", "AUTOTHROTTLE_ENABLED=False"),
            ("setting", "CONCURRENT_REQUESTS=16"),
            ("setting", "CONCURRENT_REQUESTS_PER_DOMAIN=16"),
        ],
    )
    assert answer == {"node_name": answer.get("node_name"), "status": "ok", "jobid": job}, answer

    scrapyd.wait_finished(job, timeout=240)
    log_file = scrapyd.job_file(scrapyd.logs_dir, SPIDER, job, "log")
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    daemon_log = scrapyd.tail(20000)

    # scrapyd logs a job's non-zero exit status (our crawl command's: 1 = failed report) as "Process died".
    assert re.search(rf"Process finished:.*job='{job}'", daemon_log), daemon_log[-4000:] + log[-4000:]
    assert "Traceback" not in log, log[-6000:]
    assert log, f"no job log at {log_file}"

    # scrapyd passes FEEDS = {"file:///<items_dir>/<project>/<spider>/<job>.jl": {"format": "jsonlines"}}.
    feed = scrapyd.job_file(scrapyd.items_dir, SPIDER, job, "jl")
    assert feed.is_file(), [*sorted(str(p) for p in scrapyd.items_dir.rglob("*")), log[-4000:]]
    assert not feed.with_name(feed.name + ".part").exists()
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
    urls = [item["url"] for item in items]
    assert not [url for url, n in Counter(urls).items() if n > 1]
    expected = server.site.listed_urls(base_url, ["world"])
    assert expected
    assert set(urls) == expected

    report_path = feed.with_name(f"{job}.report.json")
    assert report_path.is_file(), sorted(p.name for p in feed.parent.iterdir())
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["status"] == "ok", report.get("alerts")
    assert report["exit_status"] == 0
    assert report["items"]["emitted"] == len(expected)
    assert report["finish_reason"] == "finished"

    # The default feed (feeds/ under scrapyd's cwd) was not written beside scrapyd's FEEDS.
    assert not (scrapyd.root / "feeds").exists()
    # Listings went through Chromium under scrapyd too.
    final = json.loads(stats.read_text(encoding="utf-8"))
    assert final.get("jpcrawl/render/browser/listing", 0) >= 1, final
    assert state.is_file()
