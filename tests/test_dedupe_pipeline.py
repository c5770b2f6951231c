"""DedupePipeline on its own: no spider, no listing skip, no feed exporter; a real SQLite state store.

The crawl tests (test_dedupe.py, test_schedule.py) see dedupe only behind the incremental listing skip,
which already leaves known articles unfetched: here every item reaches dedupe, so its own "unchanged",
"updated", merge and teaser rules are what is tested. Expected versions and reasons are written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from jpcrawl.exceptions import RejectedItem, SkippedItem
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.items import Article
from jpcrawl.pipelines.dedupe import DedupePipeline
from jpcrawl.state import open_state

BASE = "https://www.thejakartapost.com"
LONG = ["x" * 250, "y" * 250]  # exactly 500 characters: the default merge threshold


def art(slug: str, body: list[str] | None = None, chash: str | None = None, **kw: Any) -> Article:
    return Article(
        url=f"{BASE}/business/2024/01/01/{slug}.html",
        title=slug,
        body=list(LONG if body is None else body),
        content_hash=chash if chash is not None else f"hash-{slug}",
        **kw,
    )


class Run:
    """One crawl's worth of DedupePipeline over the state file, outcomes per item."""

    def __init__(self, tmp_path: Path, **settings: Any) -> None:
        self.rejects_path = tmp_path / "rejects.jsonl"
        self.crawler = get_crawler(
            settings_dict={
                "JPCRAWL_STATE_URI": f"sqlite:///{tmp_path}/state.db",
                "JPCRAWL_REJECTS_URI": str(self.rejects_path),
                **settings,
            }
        )
        self.pipe = DedupePipeline.from_crawler(self.crawler)
        self.pipe.open_spider()
        assert not self.pipe.feeds_active  # commits at close_spider

    def feed(self, *items: Article) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for item in items:
            try:
                got = self.pipe.process_item(item)
            except SkippedItem as exc:
                out.append(("skipped", str(exc)))
            except RejectedItem as exc:
                out.append(("rejected", exc.reason))
            else:
                self.pipe.item_scraped(got)
                out.append(("emitted", (got.title, got.version, got.alternate_urls)))
        return out

    def close(self) -> dict[str, Any]:
        self.pipe.close_spider()
        Rejects.of(self.crawler).close()
        return {k: v for k, v in self.crawler.stats.get_stats().items() if k.startswith("jpcrawl/")}

    def rejects(self) -> list[dict[str, Any]]:
        if not self.rejects_path.exists():
            return []
        return [json.loads(line) for line in self.rejects_path.read_text().splitlines()]


def one_run(tmp_path: Path, *items: Article, **settings: Any) -> tuple[list[tuple[str, Any]], dict]:
    run = Run(tmp_path, **settings)
    out = run.feed(*items)
    return out, run.close()


def test_unchanged_updated_and_new_across_runs(tmp_path: Path) -> None:
    a = art("a")
    out, stats = one_run(tmp_path, a, art("b"))
    assert out == [("emitted", ("a", 1, [])), ("emitted", ("b", 1, []))]
    assert stats == {"jpcrawl/dedupe/new": 2, "jpcrawl/state/committed": 2}

    # The same article again, fetched (no listing skip in the way): not emitted, counted as unchanged.
    out, stats = one_run(tmp_path, art("a"))
    assert out == [("skipped", f"unchanged: {a.url}")]
    assert stats["jpcrawl/dedupe/unchanged"] == 1 and "jpcrawl/dedupe/new" not in stats

    # A new modified_at with the same body is a new version; so is a new body with the same modified_at.
    out, _ = one_run(tmp_path, art("a", modified_at="2024-01-02T09:00:00+07:00"))
    assert out == [("emitted", ("a", 2, []))]
    out, stats = one_run(tmp_path, art("a", chash="hash-a2", modified_at="2024-01-02T09:00:00+07:00"))
    assert out == [("emitted", ("a", 3, []))]
    assert stats["jpcrawl/dedupe/updated"] == 1
    out, _ = one_run(tmp_path, art("a", chash="hash-a2", modified_at="2024-01-02T09:00:00+07:00"))
    assert out == [("skipped", f"unchanged: {a.url}")]


def test_a_run_that_never_closes_commits_nothing(tmp_path: Path) -> None:
    run = Run(tmp_path)
    assert run.feed(art("a")) == [("emitted", ("a", 1, []))]
    run.pipe.close_store()  # the process died before close_spider: no commit
    out, _ = one_run(tmp_path, art("a"))
    assert out == [("emitted", ("a", 1, []))]


def test_an_item_never_scraped_is_never_committed(tmp_path: Path) -> None:
    run = Run(tmp_path)
    run.pipe.process_item(art("a"))  # a later pipeline dropped it: item_scraped never came
    assert run.close()["jpcrawl/state/committed"] == 0
    out, _ = one_run(tmp_path, art("a"))
    assert out == [("emitted", ("a", 1, []))]


def test_duplicate_url_in_one_run(tmp_path: Path) -> None:
    run = Run(tmp_path)
    out = run.feed(art("a"), art("a", chash="other"))
    stats = run.close()
    assert out == [("emitted", ("a", 1, [])), ("rejected", "duplicate_url")]
    assert stats["jpcrawl/dedupe/duplicate_url"] == 1
    (rec,) = run.rejects()
    assert (rec["url"], rec["reason"], rec["stage"], rec["fields"]) == (
        art("a").url,
        "duplicate_url",
        "dedupe",
        ["url"],
    )


def test_same_body_two_urls_merge_then_relist_then_diverge(tmp_path: Path) -> None:
    primary, copy = art("p", chash="same"), art("c", chash="same")
    run = Run(tmp_path)
    assert run.feed(primary, copy) == [("emitted", ("p", 1, [])), ("rejected", "duplicate_content")]
    stats = run.close()
    assert stats["jpcrawl/dedupe/duplicate_content"] == 1
    (rec,) = run.rejects()
    assert rec["detail"] == {"primary": primary.url} and rec["url"] == copy.url
    # Next run: the primary comes again (its emitted version did not list the copy), the copy is a known
    # alternate: skipped, counted as unchanged.
    out, stats = one_run(tmp_path, art("p", chash="same"), art("c", chash="same"))
    assert out == [
        ("emitted", ("p", 2, [copy.url])),
        ("skipped", f"known alternate of {primary.url}: {copy.url}"),
    ]
    assert stats["jpcrawl/dedupe/unchanged"] == 1
    out, _ = one_run(tmp_path, art("p", chash="same"), art("c", chash="same"))
    assert out == [
        ("skipped", f"unchanged: {primary.url}"),
        ("skipped", f"known alternate of {primary.url}: {copy.url}"),
    ]
    # The copy's text changes: it is an article of its own again, first version.
    out, _ = one_run(tmp_path, art("c", chash="diverged"))
    assert out == [("emitted", ("c", 1, []))]


def test_merge_against_a_primary_from_an_earlier_run(tmp_path: Path) -> None:
    one_run(tmp_path, art("p", chash="same"))
    out, _ = one_run(tmp_path, art("c", chash="same"))
    assert out == [("rejected", "duplicate_content")]
    out, _ = one_run(tmp_path, art("p", chash="same"))
    assert out == [("emitted", ("p", 2, [art("c").url]))]


@pytest.mark.parametrize(
    ("body", "extra", "merged"),
    [
        (LONG, {}, True),  # 500 characters: merged
        (["x" * 250, "y" * 249], {}, False),  # 499: a stub, not merged
        (LONG, {"is_paywalled": True}, False),  # teasers are never merged
    ],
)
def test_only_full_long_bodies_merge(tmp_path: Path, body: list[str], extra: dict, merged: bool) -> None:
    out, _ = one_run(tmp_path, art("p", body, chash="same", **extra), art("c", body, chash="same", **extra))
    second = ("rejected", "duplicate_content") if merged else ("emitted", ("c", 1, []))
    assert out == [("emitted", ("p", 1, [])), second]


def test_min_merge_chars_setting(tmp_path: Path) -> None:
    body = ["short text of forty-two characters here."]
    out, _ = one_run(
        tmp_path, art("p", body, chash="same"), art("c", body, chash="same"), JPCRAWL_DEDUPE_MIN_CHARS=10
    )
    assert out == [("emitted", ("p", 1, [])), ("rejected", "duplicate_content")]


def test_a_teaser_never_downgrades_a_full_article(tmp_path: Path) -> None:
    one_run(tmp_path, art("f", chash="full", is_premium=True))
    out, stats = one_run(tmp_path, art("f", ["teaser"], chash="teaser", is_premium=True, is_paywalled=True))
    assert out == [("skipped", f"unchanged: {art('f').url}")]
    assert stats["jpcrawl/dedupe/unchanged"] == 1
    # A teaser stored as a teaser, then the full text: a new version.
    one_run(tmp_path, art("t", ["teaser"], chash="t1", is_paywalled=True))
    out, _ = one_run(tmp_path, art("t", chash="t-full"))
    assert out == [("emitted", ("t", 2, []))]
    # A teaser after a teaser whose text changed: updated too (nothing full to protect).
    one_run(tmp_path, art("u", ["teaser"], chash="u1", is_paywalled=True))
    out, _ = one_run(tmp_path, art("u", ["teaser 2"], chash="u2", is_paywalled=True))
    assert out == [("emitted", ("u", 2, []))]


def test_alternate_urls_accumulate_across_versions(tmp_path: Path) -> None:
    one_run(tmp_path, art("a", alternate_urls=[f"{BASE}/x.html"]))
    out, _ = one_run(tmp_path, art("a", chash="new", alternate_urls=[f"{BASE}/y.html", f"{BASE}/x.html"]))
    assert out == [("emitted", ("a", 2, [f"{BASE}/x.html", f"{BASE}/y.html"]))]
    with open_state(f"sqlite:///{tmp_path}/state.db") as store:
        rec = store.get(art("a").url)
    assert rec is not None and (rec.version, rec.content_hash, rec.alternate_urls) == (
        2,
        "new",
        [f"{BASE}/x.html", f"{BASE}/y.html"],
    )


# -- the commit waits for the feeds -----------------------------------------------------------------------


class _Filter:
    def __init__(self, accepts: bool) -> None:
        self._accepts = accepts

    def accepts(self, item: Any) -> bool:
        return self._accepts


class _Slot:
    def __init__(self, template: str, storage: Any, accepts: bool = True) -> None:
        self.uri_template = template
        self.uri = template
        self.storage = storage
        self.filter = _Filter(accepts)
        self.itemcount = 0


def _atomic(completed: bool) -> Any:
    from jpcrawl.feeds import AtomicFileFeedStorage

    storage = object.__new__(AtomicFileFeedStorage)
    storage.completed = completed  # type: ignore[attr-defined]
    return storage


class _Exporter:
    def __init__(self, *slots: _Slot) -> None:
        self.slots = list(slots)


def _with_feeds(tmp_path: Path, *slots: _Slot) -> Run:
    run = Run(tmp_path)
    run.pipe.exporter = _Exporter(*slots)  # type: ignore[assignment]
    assert run.pipe.feeds_active
    return run


def _committed(tmp_path: Path) -> list[str]:
    with open_state(f"sqlite:///{tmp_path}/state.db") as store:
        return sorted(u for u in (art(s).url for s in "abc") if store.get(u) is not None)


def test_commit_after_every_feed_was_stored_whole(tmp_path: Path) -> None:
    main, other = _Slot("main.jsonl", _atomic(True)), _Slot("other.jsonl", _atomic(True), accepts=False)
    run = _with_feeds(tmp_path, main, other)
    run.feed(art("a"), art("b"))
    run.pipe.close_spider()  # with feeds: nothing yet, the exporter reports back later
    assert _committed(tmp_path) == []
    main.itemcount = 2
    run.pipe.feed_slot_closed(main)
    run.pipe.feed_slot_closed(other)
    run.pipe.feed_exporter_closed()
    assert _committed(tmp_path) == [art("a").url, art("b").url]
    assert run.crawler.stats.get_value("jpcrawl/state/committed") == 2
    assert run.pipe.store is None  # closed


def test_no_commit_when_a_feed_was_cut_short(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    main = _Slot("main.jsonl", _atomic(True))
    run = _with_feeds(tmp_path, main)
    run.feed(art("a"), art("b"))
    main.itemcount = 1  # the file was renamed, but holds one item of two
    run.pipe.feed_slot_closed(main)
    run.pipe.feed_exporter_closed()
    assert _committed(tmp_path) == []
    assert run.crawler.stats.get_value("jpcrawl/state/not_committed") == 2
    assert "feeds missing items (expected, stored): {'main.jsonl': (2, 1)}" in caplog.text
    assert "not committing 2 state records: a feed failed; the next run re-emits them" in caplog.text


def test_no_commit_when_a_feed_file_was_not_completed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    main = _Slot("main.jsonl", _atomic(False))
    run = _with_feeds(tmp_path, main)
    run.feed(art("a"))
    main.itemcount = 1
    run.pipe.feed_slot_closed(main)
    run.pipe.feed_exporter_closed()
    assert _committed(tmp_path) == []
    assert (
        "feed main.jsonl was not stored completely: state changes of this run are not committed"
        in caplog.text
    )


@pytest.mark.parametrize(("failed", "committed"), [(0, True), (1, False)])
def test_other_storages_are_judged_by_the_exporters_failure_count(
    tmp_path: Path, failed: int, committed: bool
) -> None:
    main = _Slot("s3://bucket/main.jsonl", object())  # not an atomic file: Scrapy's stats tell
    run = _with_feeds(tmp_path, main)
    run.feed(art("a"))
    main.itemcount = 1
    run.crawler.stats.set_value("feedexport/failed_count/S3FeedStorage", failed)
    run.crawler.stats.set_value("feedexport/success_count/S3FeedStorage", 1)
    run.pipe.feed_slot_closed(main)
    run.pipe.feed_exporter_closed()
    assert _committed(tmp_path) == ([art("a").url] if committed else [])


def test_engine_stopped_without_the_exporter_commits_nothing(tmp_path: Path) -> None:
    run = _with_feeds(tmp_path, _Slot("main.jsonl", _atomic(True)))
    run.feed(art("a"))
    run.pipe.close_spider()
    run.pipe.engine_stopped()  # the exporter never reported back (it crashed)
    assert run.pipe.store is None
    assert _committed(tmp_path) == []


# -- what the store keeps, exactly --------------------------------------------------------------------------


def test_now_is_utc_to_the_second() -> None:
    import re

    from jpcrawl.pipelines.dedupe import _now

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", _now())


def test_records_keep_first_and_last_seen_and_aliases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jpcrawl.state import StateRecord

    clock = iter(f"2024-01-0{d}T00:00:00+00:00" for d in range(1, 10))
    monkeypatch.setattr("jpcrawl.pipelines.dedupe._now", lambda: next(clock))
    primary, copy = art("a", chash="same"), art("b", chash="same", modified_at="2024-01-01")
    one_run(tmp_path, primary, copy)  # day 1, day 2
    one_run(tmp_path, art("a", chash="same"))  # day 3: re-emitted (lists the alias), version 2
    one_run(tmp_path, art("a", chash="same"))  # day 4: unchanged, only last_seen moves
    with open_state(f"sqlite:///{tmp_path}/state.db") as store:
        a, b = store.get(primary.url), store.get(copy.url)
    assert a == StateRecord(
        url=primary.url,
        content_hash="same",
        version=2,
        modified_at=None,
        first_seen="2024-01-01T00:00:00+00:00",
        last_seen="2024-01-04T00:00:00+00:00",
        alternate_urls=[copy.url],
        mergeable=True,
        paywalled=False,
    )
    assert b == StateRecord(
        url=copy.url,
        content_hash="same",
        version=1,
        first_seen="2024-01-02T00:00:00+00:00",
        last_seen="2024-01-02T00:00:00+00:00",
        alias_of=primary.url,
    )


def test_new_record_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jpcrawl.state import StateRecord

    monkeypatch.setattr("jpcrawl.pipelines.dedupe._now", lambda: "2024-02-02T00:00:00+00:00")
    teaser = art(
        "t", ["teaser"], chash="t1", modified_at="2024-02-01", is_paywalled=True, alternate_urls=["x"]
    )
    one_run(tmp_path, teaser)
    with open_state(f"sqlite:///{tmp_path}/state.db") as store:
        assert store.get(teaser.url) == StateRecord(
            url=teaser.url,
            content_hash="t1",
            version=1,
            modified_at="2024-02-01",
            first_seen="2024-02-02T00:00:00+00:00",
            last_seen="2024-02-02T00:00:00+00:00",
            alternate_urls=["x"],
            mergeable=False,
            paywalled=True,
        )


def test_rejections_are_debug_lines_with_reason_and_url(tmp_path: Path) -> None:
    run = Run(tmp_path)
    run.pipe.process_item(art("a", chash="same"))
    with pytest.raises(RejectedItem) as dup:
        run.pipe.process_item(art("a"))
    with pytest.raises(RejectedItem) as merged:
        run.pipe.process_item(art("b", chash="same"))
    run.close()
    assert (dup.value.reason, str(dup.value), dup.value.log_level) == (
        "duplicate_url",
        f"duplicate_url: {art('a').url}",
        "DEBUG",
    )
    assert (merged.value.reason, str(merged.value)) == (
        "duplicate_content",
        f"duplicate_content: {art('b').url}",
    )
    details = [r["detail"] for r in run.rejects()]
    assert details == [{"message": "URL already emitted in this run"}, {"primary": art("a").url}]


def test_settings_and_state_uri_expansion(tmp_path: Path) -> None:
    pipe = DedupePipeline.from_crawler(get_crawler())
    assert (pipe.state_uri, pipe.min_merge_chars) == ("sqlite:///.jpcrawl/state/%(name)s.db", 500)
    assert DedupePipeline.from_crawler(get_crawler(settings_dict={"JPCRAWL_STATE_URI": ""})).state_uri == (
        "memory:"
    )
    run = Run(tmp_path, JPCRAWL_STATE_URI=f"sqlite:///{tmp_path}/%(name)s.db")
    run.feed(art("a"))
    run.close()
    assert (tmp_path / "default.db").exists()  # get_crawler's spider is called "default"


def test_item_scraped_ignores_what_dedupe_never_passed(tmp_path: Path) -> None:
    run = Run(tmp_path)
    run.pipe.item_scraped({"title": "no url"})
    run.pipe.item_scraped(art("never-processed"))
    assert run.pipe.staged == {}
    run.close()


def test_batches_of_one_feed_add_up_and_a_failed_empty_feed_still_blocks(tmp_path: Path) -> None:
    class Only:
        def __init__(self, slug: str) -> None:
            self.slug = slug

        def accepts(self, item: Any) -> bool:
            return item.title == self.slug

    first, second = (
        _Slot("main-%(batch_id)d.jsonl", _atomic(True)),
        _Slot("main-%(batch_id)d.jsonl", _atomic(True)),
    )
    first.filter, second.filter = Only("a"), Only("b")  # type: ignore[assignment]
    run = _with_feeds(tmp_path, first, second)
    run.feed(art("a"), art("b"))
    assert run.pipe.expected == {"main-%(batch_id)d.jsonl": 2}
    first.itemcount = second.itemcount = 1  # two batch files of one item each
    run.pipe.feed_slot_closed(first)
    run.pipe.feed_slot_closed(second)
    run.pipe.feed_exporter_closed()
    assert _committed(tmp_path) == [art("a").url, art("b").url]

    other = tmp_path / "other"
    other.mkdir()
    ok, empty = _Slot("main.jsonl", _atomic(True)), _Slot("adv.jsonl", _atomic(False), accepts=False)
    run = _with_feeds(other, ok, empty)
    run.feed(art("c"))
    ok.itemcount = 1
    run.pipe.feed_slot_closed(ok)
    run.pipe.feed_slot_closed(empty)  # nothing was expected of it, but its file failed
    run.pipe.feed_exporter_closed()
    assert _committed(other) == []
