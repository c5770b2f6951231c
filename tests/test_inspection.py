"""Issue 14.5-14.7: Scrapy's own tools on jpcrawl's project: `scrapy shell` answers (plain HTTP) with the
page objects in its namespace, `scrapy parse` dispatches by page kind with the pipelines on, `scrapy check`
runs contracts against the replica, and none of them does anything of a crawl run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jpcrawl.extensions.lock import acquire, release
from tests.uxutil import files, scrapy


def free_article(replica) -> str:
    base = replica.base_url
    for spec in replica.site.articles:
        if not spec.is_premium and not spec.is_advertorial:
            return spec.url(base)
    raise AssertionError("no free article on the replica")


def test_shell_with_c_answers_with_the_page_objects(tmp_path: Path, replica) -> None:
    # 14.5: scrapy-playwright's handler made this hang forever; a timeout here is the regression.
    named = scrapy(tmp_path, "shell", "--spider", "jakartapost", f"{replica.base_url}/world", "-c",
                   "(spider.name, kind)", timeout=90)  # fmt: skip
    assert named.returncode == 0, named.stderr[-3000:]
    assert named.stdout.strip() == "('jakartapost', 'listing')"
    listing = scrapy(tmp_path, "shell", f"{replica.base_url}/world", "-c", "(kind, len(listing.entries))",
                     timeout=90)  # fmt: skip
    assert listing.returncode == 0, listing.stderr[-3000:]
    expected = len(replica.site.listing("world")[:28])
    assert listing.stdout.strip() == f"('listing', {expected})"

    url = free_article(replica)
    truth = replica.site.truth(url, replica.base_url)
    code = "(article.title, page(response).title == article.title, kind)"
    article = scrapy(tmp_path, "shell", url, "-c", code, timeout=90)
    assert article.returncode == 0, article.stderr[-3000:]
    assert article.stdout.strip() == repr((truth["title"], True, "article"))
    assert files(tmp_path) == []  # no feed, report, state or lock


def test_parse_dispatches_by_page_kind_with_pipelines(tmp_path: Path, replica) -> None:
    listing = scrapy(tmp_path, "parse", "--spider", "jakartapost", f"{replica.base_url}/world", "--nolog")
    assert listing.returncode == 0, listing.stderr[-3000:]
    requested = re.findall(r"<GET (\S+)>", listing.stdout)
    listed = {spec.path for spec in replica.site.listing("world")[:28]}
    assert len(requested) >= 2 and any(u.split("?")[0].endswith(tuple(listed)) for u in requested)

    url = free_article(replica)
    article = scrapy(tmp_path, "parse", "--spider", "jakartapost", url, "--nolog")
    assert article.returncode == 0, article.stderr[-3000:]
    assert "NotImplementedError" not in article.stdout + article.stderr
    # The pipelines ran (clean sets content_hash): the item looks as in the feed.
    assert re.search(r"'content_hash': '[0-9a-f]{64}'", article.stdout), article.stdout[-3000:]
    raw = scrapy(tmp_path, "parse", "--spider", "jakartapost", "-c", "parse_article", "--no-pipelines", url,
                 "--nolog")  # fmt: skip
    assert raw.returncode == 0 and "'content_hash': None" in raw.stdout
    assert files(tmp_path) == []


def test_inspection_commands_run_beside_a_crawl_and_touch_nothing(tmp_path: Path, replica) -> None:
    # 14.6: the hourly crawl holds the state's lock; parse used to die with LockHeld.
    lock_file = tmp_path / ".jpcrawl" / "state" / "jakartapost.db.lock"
    acquire(lock_file)
    try:
        before = files(tmp_path)
        # A dead Redis in the environment: an inspection never joins (or checks) a distributed crawl.
        env = {"JPCRAWL_REDIS_URL": "redis://127.0.0.1:1/0"}
        url = free_article(replica)
        for args in (
            ["parse", "--spider", "jakartapost", url],
            ["fetch", "--nolog", url],
            ["shell", url, "-c", "article.url"],
        ):
            proc = scrapy(tmp_path, *args, env=env, timeout=120)
            assert proc.returncode == 0, (args, proc.stderr[-3000:])
            log = proc.stderr
            assert "LockHeld" not in log and "Traceback" not in log, (args, log[-3000:])
            assert "ALERT" not in log and "report" not in log.lower(), (args, log[-3000:])
        assert files(tmp_path) == before  # nothing beside the crawl's lock file
    finally:
        release(lock_file)


def test_check_runs_contracts_for_each_callback_against_the_replica(tmp_path: Path) -> None:
    listed = scrapy(tmp_path, "check", "-l")
    assert listed.returncode == 0
    methods = set(re.findall(r"\* (\w+)", listed.stdout))
    assert {"parse", "parse_listing", "parse_article", "parse_index", "parse_sitemap"} <= methods
    proc = scrapy(tmp_path, "check")  # every spider, against a replica the command starts
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    ran = re.search(r"Ran (\d+) contracts", proc.stderr + proc.stdout)
    # at least two contracts per callback and spider
    assert ran and int(ran.group(1)) >= 2 * len(re.findall(r"\* \w+", listed.stdout)), proc.stderr[-2000:]
    assert files(tmp_path) == []


@pytest.mark.slow
def test_check_fails_when_the_listing_markup_breaks(tmp_path: Path, replica_factory) -> None:
    broken = replica_factory(articles=60, break_selector="listNews")
    proc = scrapy(tmp_path, "check", "jakartapost", "-a", f"base_url={broken.base_url}")
    assert proc.returncode == 1
    assert "FAILED" in proc.stderr + proc.stdout
