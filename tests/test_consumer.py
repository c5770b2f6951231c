"""A downstream consumer of the feeds: plain `json` with schema validation, and DuckDB's read_json.

Three scheduled runs against a changing replica: the first gives every article, the second nothing new,
and after the replica edits two articles the third gives exactly those two, as version 2. Listings cannot
show an edit, so these runs fetch known articles too (JPCRAWL_REFRESH_KNOWN), as a nightly run would.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import duckdb
import jsonschema
import pytest

from .conftest import run_crawl

pytestmark = pytest.mark.slow

SCHEMA = json.loads(resources.files("jpcrawl.schema").joinpath("article.schema.json").read_text("utf-8"))


def read_like_a_consumer(feed: Path) -> list[dict]:
    """What a downstream program does: parse each line, validate it against the published schema."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    rows = []
    with feed.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            validator.validate(row)
            rows.append(row)
    return rows


def read_with_duckdb(feed: Path) -> set[tuple[str, int]]:
    if feed.stat().st_size == 0:
        return set()
    query = (
        "SELECT url, version, len(body) AS paragraphs, published_at"
        " FROM read_json(?, format='newline_delimited')"
    )
    rows = duckdb.execute(query, [str(feed)]).fetchall()
    assert all(paragraphs >= 1 for _, _, paragraphs, _ in rows)
    return {(url, version) for url, version, _, _ in rows}


def test_three_runs_against_a_changing_site(replica_factory, tmp_path: Path) -> None:
    server = replica_factory(articles=80)
    base = server.base_url
    sections = ["world", "business"]
    args = (
        "-a", "sections=" + ",".join(sections),
        "-s", f"JPCRAWL_STATE_URI=sqlite:///{tmp_path / 'state.db'}",
        "-s", 'JPCRAWL_RENDER={"listing": "never"}',
        "-s", "JPCRAWL_REFRESH_KNOWN=True",
    )  # fmt: skip
    expected = server.site.listed_urls(base, sections)

    first = run_crawl(tmp_path, base, *args, name="run1")
    assert first.returncode == 0, first.log[-3000:]
    rows = read_like_a_consumer(first.feed)
    assert sorted(r["url"] for r in rows) == sorted(expected)
    assert read_with_duckdb(first.feed) == {(url, 1) for url in expected}

    second = run_crawl(tmp_path, base, *args, name="run2")
    assert second.returncode == 0, second.log[-3000:]
    assert read_like_a_consumer(second.feed) == []
    assert read_with_duckdb(second.feed) == set()

    changed = [spec for spec in server.site.articles if spec.url(base) in expected][:2]
    for spec in changed:
        server.site.update(spec.index)
    third = run_crawl(tmp_path, base, *args, name="run3")
    assert third.returncode == 0, third.log[-3000:]
    rows = read_like_a_consumer(third.feed)
    assert {(r["url"], r["version"]) for r in rows} == {(spec.url(base), 2) for spec in changed}
    assert read_with_duckdb(third.feed) == {(spec.url(base), 2) for spec in changed}
    for row in rows:
        assert row["body"] == server.site.truth(row["url"], base)["body"]
        assert row["modified_at"] == server.site.truth(row["url"], base)["modified_at"]
