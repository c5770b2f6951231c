"""Issue 14.13-14.14: the README's examples run as written (against the replica), its example feed line is
a valid feed line, its cron line is valid shell, and the license is stated."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.uxutil import scrapy

README = (ROOT / "README.md").read_text(encoding="utf-8")
PORT = "127.0.0.1:8123"  # the README's replica address; the test's replica takes its place


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def replica_commands(text: str) -> list[list[str]]:
    """The `scrapy ...` lines of a section's sh blocks that run against the replica or locally."""
    out = []
    for block in blocks(text, "sh"):
        for line in block.splitlines():
            argv = shlex.split(line, comments=True)
            if not argv or argv[0] != "scrapy" or argv[1] == "replica" or argv[-1] == "&":
                continue
            if argv[1] in ("crawl", "parse", "shell") and not any(PORT in a for a in argv):
                continue  # the real site: not from a test
            out.append(argv[1:])
    return out


@pytest.mark.slow
def test_readme_examples_run_against_the_replica(tmp_path: Path, replica_factory) -> None:
    base = replica_factory(articles=60).base_url.removeprefix("http://")
    commands = replica_commands(section("Crawling")) + replica_commands(
        section("Debugging with shell and parse")
    )
    names = [c[0] for c in commands]
    assert names.count("crawl") == 2 and {"runs", "shell", "parse", "check"} <= set(names), commands
    feeds: list[int] = []
    for argv in commands:
        argv = [a.replace(PORT, base) for a in argv]
        proc = scrapy(tmp_path, *argv, timeout=300)
        assert proc.returncode == 0, (argv, proc.stdout[-2000:], proc.stderr[-3000:])
        if argv[0] == "crawl":
            feeds.append(sum(1 for line in (tmp_path / "out.jsonl").read_text().splitlines() if line.strip()))
        elif argv[0] == "runs":
            rows = proc.stdout.splitlines()[2:]  # out.report.json: -O replaced the first run's
            assert len(rows) == 1 and " ok " in rows[0], proc.stdout
        elif argv[0] == "shell":
            assert int(proc.stdout.strip()) > 0
        elif argv[0] == "parse":
            assert "<GET " in proc.stdout
        elif argv[0] == "list":
            assert "jakartapost" in proc.stdout.split()
    assert feeds[0] > 0 and feeds == [feeds[0]] * 2  # -O twice: the same feed, never an empty one


def test_readme_feed_line_is_a_valid_feed_line() -> None:
    from jsonschema import Draft202012Validator

    from jpcrawl.pipelines.validate import load_schema

    (example,) = blocks(section("Crawling"), "json")
    item = json.loads(example)
    schema = load_schema()
    assert set(item) == set(schema["properties"])
    Draft202012Validator(schema).validate(item)


def test_readme_cron_line_is_valid_shell_and_mails() -> None:
    (cron,) = blocks(section("Scheduled crawls"), "cron")
    lines = [line for line in cron.splitlines() if line.strip()]
    assert lines[0].startswith("MAILTO=")
    command = lines[1].split(None, 5)[5]  # after the five time fields
    assert "mkdir -p logs" in command and "scrapy runs" in command
    subprocess.run(["sh", "-n", "-c", command], check=True)  # parses as shell
    scheduled = section("Scheduled crawls")
    assert "items_dir = " in scheduled and "Retention" in scheduled


def test_readme_intro_and_sections() -> None:
    intro = README[: README.index("\n## ")]
    assert "past the paywall" not in intro.replace("\n", " ") and "subscriber account" in intro
    for title in ("Troubleshooting", "Debugging with shell and parse", "License"):
        assert f"\n## {title}\n" in README
    crawling = blocks(section("Crawling"), "sh")[0]
    assert crawling.index("scrapy replica") < crawling.index(PORT + " ")  # started before it is used


def test_license() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("BSD 3-Clause License") and "Neither the name of the copyright holder" in text
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # no tomllib on Python 3.10
    project = pyproject[
        pyproject.index("[project]") : pyproject.index("\n[", pyproject.index("[project]") + 1)
    ]
    assert re.search(r'^license = \{text = "BSD-3-Clause"\}$', project, re.M)
    assert re.search(r'^license-files = \["LICENSE"\]$', pyproject, re.M)
