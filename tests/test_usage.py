"""Issue 14.8: usage mistakes end with one line on stderr and exit status 2, never a traceback, and before
anything is crawled or written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jpcrawl.spiders.base import SpiderArgumentError
from jpcrawl.spiders.jakartapost import JakartaPostSpider
from tests.uxutil import scrapy


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "2026-13-45"}, "since='2026-13-45': expected a date YYYY-MM-DD"),
        ({"max_pages": "abc"}, "max_pages='abc': expected a whole number"),
        ({"max_pages": "-1"}, "max_pages='-1': expected a positive number"),
        ({"base_url": "127.0.0.1:8731"}, "base_url='127.0.0.1:8731': expected an http(s) origin"),
        ({"sectoins": "world"}, "unknown spider argument 'sectoins' (did you mean 'sections'?)"),
        ({"sections": "world,sports"}, "unknown section 'sports'"),
        ({"incremental": "maybe"}, "incremental='maybe': expected 1 or 0"),
    ],
)
def test_spider_argument_errors(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(SpiderArgumentError, match=re.escape(message)):
        JakartaPostSpider(**kwargs)


def test_good_arguments_still_work() -> None:
    spider = JakartaPostSpider(
        base_url="http://127.0.0.1:8123/", sections="world, business/companies", max_pages="0",
        since="2026-01-02", incremental="1", _job="abc",  # scrapyd adds _job
    )  # fmt: skip
    assert spider.base_url == "http://127.0.0.1:8123"
    assert spider.sections == ["world", "business/companies"]
    assert spider.max_pages is None and spider.since is not None and spider.incremental is True


CASES = [
    (["-a", "since=2026-13-45"], {}, "since='2026-13-45'"),
    (["-a", "max_pages=abc"], {}, "max_pages='abc'"),
    (["-a", "base_url=127.0.0.1:8731"], {}, "expected an http(s) origin"),
    (["-a", "sectoins=world"], {}, "did you mean 'sections'?"),
    (["-a", "sections=sports"], {}, "unknown section 'sports'"),
    (["-s", 'JPCRAWL_RENDER={"listing": "sometimes"}'], {}, "JPCRAWL_RENDER['listing']='sometimes'"),
    (["-s", "JPCRAWL_RENDER=always"], {}, "JPCRAWL_RENDER='always': expected JSON"),
    ([], {"JPCRAWL_BROWSER_PATH": "/nonexistent/chromium"}, "JPCRAWL_BROWSER_PATH='/nonexistent/chromium'"),
    (
        [],
        {"JPCRAWL_REDIS_URL": "redis://:secret@127.0.0.1:1/0"},
        "JPCRAWL_REDIS_URL=redis://***@127.0.0.1:1/0",
    ),
]


@pytest.mark.parametrize(("args", "env", "message"), CASES)
def test_crawl_usage_error_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    proc = scrapy(tmp_path, "crawl", "jakartapost", "-O", "out.jsonl", *args, env=env)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert "secret" not in proc.stderr  # a Redis password is masked
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("scrapy: error: ") and message in last, last
    assert list(tmp_path.iterdir()) == []  # nothing started: no feed, state, report or lock


def test_seed_with_a_redis_that_does_not_answer_is_a_usage_error(tmp_path) -> None:
    import socket
    import subprocess
    import sys

    from tests.conftest import ROOT

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "seed", "jakartapost", "-s", f"JPCRAWL_REDIS_URL=redis://:pw@127.0.0.1:{port}/0"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 2, out.stderr[-2000:]
    assert out.stderr.strip().splitlines()[-1].startswith("scrapy: error:")
    assert "Traceback" not in out.stderr and ":pw@" not in out.stderr
