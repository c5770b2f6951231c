"""Rejects extension: lazy file, reasons in stats, credential scrubbing, plain DropItem recorded."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from jpcrawl.exceptions import RejectedItem, SkippedItem
from jpcrawl.extensions.rejects import FALLBACK_REJECTS_URI, Rejects, rejects_path_for
from jpcrawl.run import scrub


def test_add_writes_lazily_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "r.jsonl"
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": f"file://{path}"})
    rejects = Rejects.of(crawler)
    assert Rejects.of(crawler) is rejects
    assert not path.exists()
    rejects.add(url="http://x/a", reason="interstitial", stage="download", fields=["body"], detail={"n": 1})
    rejects.add(url="http://x/b", reason="interstitial", stage="download")
    rejects.add(url=None, reason="too_large", stage="validate")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]  # flushed per line
    assert [r["reason"] for r in rows] == ["interstitial", "interstitial", "too_large"]
    assert set(rows[0]) == {"url", "reason", "stage", "fields", "detail", "time"}
    assert rows[0]["fields"] == ["body"] and rows[0]["detail"] == {"n": 1}
    assert crawler.stats.get_value("jpcrawl/rejects/interstitial") == 2
    assert crawler.stats.get_value("jpcrawl/rejects/total") == 3
    rejects.close()


def test_credentials_never_written(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(path)})
    detail = {"Cookie": "laravel_session=1", "headers": {"X-XSRF-TOKEN": "t", "Accept": "a"}, "password": "p"}
    rejects = Rejects.of(crawler)
    rejects.add(url="u", reason="login_failed", stage="login", detail=detail)
    rejects.close()
    text = path.read_text(encoding="utf-8")
    assert "laravel_session" not in text and '"t"' not in text and '"p"' not in text
    assert json.loads(text)["detail"] == {"headers": {"Accept": "a"}}
    assert scrub([{"api_token": 1, "ok": 2}]) == [{"ok": 2}]


def test_plain_drops_are_recorded_but_own_drops_are_not_twice(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(path)})
    rejects = Rejects.of(crawler)
    rejects.item_dropped({"url": "u1"}, None, DropItem("someone else's pipeline"))
    rejects.item_dropped({"url": "u2"}, None, RejectedItem("missing:title"))
    rejects.item_dropped({"url": "u3"}, None, SkippedItem("unchanged"))
    rejects.close()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["url"], r["reason"]) for r in rows] == [("u1", "dropped")]


def test_default_path_uses_spider_name_and_run_stamp(tmp_path: Path, monkeypatch: object) -> None:
    crawler = get_crawler(settings_dict={"FEEDS": {}})
    path = Rejects.of(crawler).resolve_path()
    assert FALLBACK_REJECTS_URI.startswith("feeds/%(name)s/")
    assert path.parts[:2] == ("feeds", "default") and path.name.endswith(".rejects.jsonl")


def test_rejects_next_to_a_single_feed() -> None:
    crawler = get_crawler(
        settings_dict={"FEEDS": {"out/%(name)s-%(time)s.jsonl.gz": {"format": "jsonlines"}}}
    )
    path = Rejects.of(crawler).resolve_path()
    assert str(path).startswith("out/default-") and path.name.endswith(".rejects.jsonl")
    assert rejects_path_for("a/b.jsonl.gz") == Path("a/b.rejects.jsonl")
    assert rejects_path_for("b.jl") == Path("b.rejects.jsonl")
