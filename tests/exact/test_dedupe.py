"""Exact outcomes of DedupePipeline (jpcrawl/pipelines/dedupe.py) on hand-built runs over a state store.

Every test drives the pipeline the way a crawl does (process_item, item_scraped for what went to the feed,
commit at the end) and checks the items, the staged/stored records and the stats written out here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.extensions.feedexport import FeedExporter
from scrapy.utils.test import get_crawler

from jpcrawl.exceptions import RejectedItem, SkippedItem
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.items import Article
from jpcrawl.pipelines.dedupe import DedupePipeline
from jpcrawl.state import SQLiteStateStore, StateRecord

BASE = "https://www.thejakartapost.com"
# Two paragraphs of over 500 characters in all: a merge candidate under the default JPCRAWL_DEDUPE_MIN_CHARS.
FULL = [
    "Jakarta's governor said on Monday that the city would open two new flood pumps. " * 4,
    "The pumps, built with central government money, can each move 10 cubic metres a second. " * 4,
]
DAY1, DAY2 = "2024-03-01T00:00:00+00:00", "2024-03-02T00:00:00+00:00"


def url(slug: str) -> str:
    return f"{BASE}/city/2024/03/01/{slug}.html"


def art(slug: str, chash: str, body: list[str] | None = None, **kw: Any) -> Article:
    return Article(
        url=url(slug), title=slug, body=list(FULL if body is None else body), content_hash=chash, **kw
    )


class CountingStore(SQLiteStateStore):
    """An in-memory SQLite store that counts its commits."""

    def __init__(self) -> None:
        super().__init__(":memory:")
        self.commits = 0

    def commit(self, records: Iterable[StateRecord]) -> int:
        self.commits += 1
        return super().commit(records)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pipeline's clock: the test sets now[0]."""
    now = [DAY1]
    monkeypatch.setattr("jpcrawl.pipelines.dedupe._now", lambda: now[0])
    return now


_CRAWLERS: list[Any] = []


@pytest.fixture(autouse=True)
def _close_rejects_files() -> Iterator[None]:
    yield
    while _CRAWLERS:
        Rejects.of(_CRAWLERS.pop()).close()


def pipeline(tmp_path: Path, store: SQLiteStateStore, **settings: Any) -> DedupePipeline:
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(tmp_path / "rejects.jsonl"), **settings})
    _CRAWLERS.append(crawler)
    pipe = DedupePipeline(crawler, store=store)
    pipe.open_spider()
    return pipe


def emit(pipe: DedupePipeline, item: Article) -> Article:
    """process_item, then the item reaches the feed."""
    out = pipe.process_item(item)
    pipe.item_scraped(out)
    return out


def seed(store: SQLiteStateStore, *records: StateRecord) -> None:
    assert store.commit(records) == len(records)


# -- construction and lifecycle --------------------------------------------------------------------------


def test_arguments_win_over_the_settings() -> None:
    store = SQLiteStateStore(":memory:")
    crawler = get_crawler(
        settings_dict={"JPCRAWL_STATE_URI": "sqlite:///x.db", "JPCRAWL_DEDUPE_MIN_CHARS": 9}
    )
    pipe = DedupePipeline(crawler, state_uri="memory:", min_merge_chars=3, store=store)
    assert (pipe.state_uri, pipe.min_merge_chars, pipe.store) == ("memory:", 3, store)
    store.close()


def test_a_new_pipeline_has_no_feeds_nothing_pending_and_has_not_committed() -> None:
    pipe = DedupePipeline(get_crawler())
    assert pipe.store is None
    assert pipe.exporter is None and pipe.feeds_active is False
    assert pipe.feeds_ok is True and pipe.committed is False


def test_open_spider_finds_the_feed_exporter_and_then_waits_for_it(tmp_path: Path) -> None:
    store = CountingStore()
    pipe = pipeline(tmp_path, store, FEEDS={str(tmp_path / "out.jsonl"): {"format": "jsonlines"}})
    assert isinstance(pipe.exporter, FeedExporter)
    pipe.close_spider()
    assert store.commits == 0 and pipe.store is store  # committed when the exporter reports back


def test_commit_writes_once_and_says_how_many(tmp_path: Path, clock: list[str]) -> None:
    store = CountingStore()
    pipe = pipeline(tmp_path, store)
    emit(pipe, art("a", "h-a"))
    pipe.commit()
    pipe.commit()
    assert store.commits == 1 and pipe.committed is True
    assert pipe.crawler.stats.get_value("jpcrawl/state/committed") == 1


def test_commit_after_the_store_was_closed_does_nothing(tmp_path: Path) -> None:
    pipe = pipeline(tmp_path, SQLiteStateStore(":memory:"))
    pipe.close_store()
    pipe.commit()
    assert pipe.committed is False
    assert pipe.crawler.stats.get_value("jpcrawl/state/committed") is None


def test_a_failed_feed_slot_blocks_the_commit(tmp_path: Path) -> None:
    class Slot:
        uri = uri_template = "out.jsonl"
        storage = object()  # not an atomic file: judged by the exporter's failure count
        itemcount = 0

    store = CountingStore()
    pipe = pipeline(tmp_path, store)
    pipe.crawler.stats.set_value("feedexport/failed_count/FileFeedStorage", 1)
    pipe.feed_slot_closed(Slot())
    assert pipe.feeds_ok is False
    pipe.feed_exporter_closed()
    assert store.commits == 0


# -- new, merged, unchanged, updated -----------------------------------------------------------------------


def test_a_new_article_is_version_one_and_staged_once_scraped(tmp_path: Path, clock: list[str]) -> None:
    pipe = pipeline(tmp_path, SQLiteStateStore(":memory:"))
    item = pipe.process_item(art("a", "h-a", modified_at="2024-03-01", alternate_urls=[url("old")]))
    assert (item.version, item.alternate_urls) == (1, [url("old")])
    assert pipe.staged == {}
    pipe.item_scraped(item)
    assert pipe.staged == {
        url("a"): StateRecord(
            url=url("a"),
            content_hash="h-a",
            version=1,
            modified_at="2024-03-01",
            first_seen=DAY1,
            last_seen=DAY1,
            alternate_urls=[url("old")],
            mergeable=True,
        )
    }
    assert pipe.crawler.stats.get_value("jpcrawl/dedupe/new") == 1


def test_an_updated_article_keeps_first_seen_and_records_the_new_state(
    tmp_path: Path, clock: list[str]
) -> None:
    store = SQLiteStateStore(":memory:")
    seed(
        store,
        StateRecord(
            url=url("a"),
            content_hash="h-a",
            version=2,
            modified_at="2024-03-01",
            first_seen=DAY1,
            last_seen=DAY1,
            alternate_urls=[url("x")],
            mergeable=True,
        ),
    )
    clock[0] = DAY2
    pipe = pipeline(tmp_path, store)
    item = emit(pipe, art("a", "h-a2", ["teaser"], modified_at="2024-03-02", is_paywalled=True))
    assert (item.version, item.alternate_urls) == (3, [url("x")])
    assert pipe.staged[url("a")] == StateRecord(
        url=url("a"),
        content_hash="h-a2",
        version=3,
        modified_at="2024-03-02",
        first_seen=DAY1,
        last_seen=DAY2,
        alternate_urls=[url("x")],
        mergeable=False,
        paywalled=True,
    )
    assert pipe.crawler.stats.get_value("jpcrawl/dedupe/updated") == 1


def test_every_unchanged_article_is_staged_with_its_new_last_seen(tmp_path: Path, clock: list[str]) -> None:
    store = CountingStore()
    seed(
        store,
        *(StateRecord(url=url(s), content_hash=f"h-{s}", first_seen=DAY1, last_seen=DAY1) for s in "ab"),
    )
    clock[0] = DAY2
    pipe = pipeline(tmp_path, store)
    for slug in "ab":
        with pytest.raises(SkippedItem, match=f"unchanged: {url(slug)}"):
            pipe.process_item(art(slug, f"h-{slug}"))
    assert sorted(pipe.staged) == [url("a"), url("b")]
    assert [r.last_seen for r in pipe.staged.values()] == [DAY2, DAY2]
    pipe.commit()
    assert pipe.crawler.stats.get_value("jpcrawl/state/committed") == 2
    assert store.get(url("b")).last_seen == DAY2  # type: ignore[union-attr]


def test_a_teaser_with_the_body_of_a_full_article_is_not_merged_into_it(tmp_path: Path) -> None:
    pipe = pipeline(tmp_path, SQLiteStateStore(":memory:"))
    emit(pipe, art("full", "same"))
    teaser = emit(pipe, art("teaser", "same", is_paywalled=True))
    assert teaser.version == 1
    assert pipe.crawler.stats.get_value("jpcrawl/dedupe/new") == 2


def test_a_teaser_never_becomes_a_merge_target(tmp_path: Path) -> None:
    pipe = pipeline(tmp_path, SQLiteStateStore(":memory:"))
    emit(pipe, art("teaser", "same", is_paywalled=True))
    full = emit(pipe, art("full", "same"))
    assert (full.version, full.alternate_urls) == (1, [])
    assert pipe.staged_hashes == {"same": url("full")}


def test_a_copy_of_an_article_not_yet_scraped_is_listed_on_its_candidate(
    tmp_path: Path, clock: list[str]
) -> None:
    pipe = pipeline(tmp_path, SQLiteStateStore(":memory:"))
    primary = pipe.process_item(art("a", "same"))  # handed on, the feed has not got it yet
    with pytest.raises(RejectedItem, match="duplicate_content"):
        pipe.process_item(art("b", "same"))
    assert pipe.candidates[url("a")].alternate_urls == [url("b")]
    assert pipe.candidates[url("a")].dirty is True
    assert list(pipe.staged) == [url("b")]  # the primary is staged only once the feed gets it
    pipe.item_scraped(primary)
    assert pipe.staged[url("a")].alternate_urls == [url("b")]
    assert pipe.staged[url("b")] == StateRecord(
        url=url("b"), content_hash="same", version=1, first_seen=DAY1, last_seen=DAY1, alias_of=url("a")
    )


def test_a_copy_of_a_stored_article_marks_the_stored_record_dirty(tmp_path: Path) -> None:
    store = SQLiteStateStore(":memory:")
    seed(store, StateRecord(url=url("a"), content_hash="same", mergeable=True, alternate_urls=[url("x")]))
    pipe = pipeline(tmp_path, store)
    with pytest.raises(RejectedItem, match="duplicate_content"):
        pipe.process_item(art("b", "same"))
    assert (pipe.staged[url("a")].alternate_urls, pipe.staged[url("a")].dirty) == ([url("x"), url("b")], True)


def test_an_alias_is_checked_against_its_primary_as_updated_in_this_run(
    tmp_path: Path, clock: list[str]
) -> None:
    store = SQLiteStateStore(":memory:")
    seed(
        store,
        StateRecord(url=url("a"), content_hash="old", mergeable=True, alternate_urls=[url("b")]),
        StateRecord(url=url("b"), content_hash="old", alias_of=url("a"), first_seen=DAY1, last_seen=DAY1),
    )
    clock[0] = DAY2
    pipe = pipeline(tmp_path, store)
    assert emit(pipe, art("a", "new")).version == 2  # the primary's text changed
    with pytest.raises(SkippedItem, match=f"known alternate of {url('a')}: {url('b')}"):
        pipe.process_item(art("b", "new"))  # ... and so did the copy's: still the same article
    assert pipe.staged[url("b")].last_seen == DAY2
    assert pipe.crawler.stats.get_value("jpcrawl/dedupe/unchanged") == 1


class RacingStore(SQLiteStateStore):
    """A shared store another crawler commits to: the hash index already names `indexed`, which `get`
    does not return yet (it was committed between the two look-ups)."""

    def __init__(self, indexed: StateRecord) -> None:
        super().__init__(":memory:")
        self.indexed = indexed

    def by_hash(self, content_hash: str) -> StateRecord | None:
        return self.indexed if content_hash == self.indexed.content_hash else None


def test_a_url_is_never_merged_into_itself(tmp_path: Path) -> None:
    store = RacingStore(StateRecord(url=url("a"), content_hash="same", mergeable=True))
    pipe = pipeline(tmp_path, store)
    item = emit(pipe, art("a", "same"))
    assert (item.version, item.alternate_urls) == (1, [])
    assert pipe.staged[url("a")].alias_of is None


def test_a_copy_of_a_primary_the_store_cannot_return_is_still_rejected(tmp_path: Path) -> None:
    store = RacingStore(StateRecord(url=url("a"), content_hash="same", mergeable=True))
    pipe = pipeline(tmp_path, store)
    with pytest.raises(RejectedItem, match="duplicate_content"):
        pipe.process_item(art("b", "same"))
    assert list(pipe.staged) == [url("b")]  # the alias; no primary record to list it on
    assert pipe.staged[url("b")].alias_of == url("a")


# -- what the operator reads when the state is not committed -----------------------------------------------


class Slot:
    def __init__(self, uri: str, itemcount: int) -> None:
        self.uri = self.uri_template = uri
        self.storage = object()  # not an atomic file: judged by the exporter's failure count
        self.itemcount = itemcount
        self.filter = self

    def accepts(self, item: Any) -> bool:
        return True


class Exporter:
    def __init__(self, *slots: Slot) -> None:
        self.slots = list(slots)


def test_the_log_names_a_feed_that_failed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pipe = pipeline(tmp_path, CountingStore())
    pipe.crawler.stats.set_value("feedexport/failed_count/FileFeedStorage", 1)
    pipe.feed_slot_closed(Slot("s3://bucket/out.jsonl", 0))
    assert caplog.messages == [
        "feed s3://bucket/out.jsonl was not stored completely: state changes of this run are not committed"
    ]


def test_the_log_says_which_feed_is_short_and_how_much_is_not_committed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = CountingStore()
    pipe = pipeline(tmp_path, store)
    slot = Slot("out.jsonl", 1)
    pipe.exporter = Exporter(slot)  # type: ignore[assignment]
    emit(pipe, art("a", "h-a"))
    emit(pipe, art("b", "h-b"))
    caplog.clear()
    pipe.feed_slot_closed(slot)
    pipe.feed_exporter_closed()
    assert caplog.messages == [
        "feeds missing items (expected, stored): {'out.jsonl': (2, 1)}",
        "not committing 2 state records: a feed failed; the next run re-emits them",
    ]
    assert store.commits == 0
    assert pipe.crawler.stats.get_value("jpcrawl/state/not_committed") == 2
