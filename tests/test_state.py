"""The state store: SQLite backend, atomic commits, URI factory, crash consistency."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jpcrawl.state import SQLiteStateStore, StateRecord, StateStore, open_state


def rec(url: str, h: str = "h1", **kw: object) -> StateRecord:
    return StateRecord(url=url, content_hash=h, first_seen="2024-01-01T00:00:00+00:00", **kw)  # type: ignore[arg-type]


def test_roundtrip_and_persistence(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path}/sub/state.db"
    with open_state(uri) as store:
        assert isinstance(store, StateStore)
        assert store.get("u1") is None
        assert store.commit([rec("u1", version=2, alternate_urls=["a"], mergeable=True, dirty=True)]) == 1
    with open_state(uri) as store:
        got = store.get("u1")
        assert got == rec("u1", version=2, alternate_urls=["a"], mergeable=True, dirty=True)
        store.commit([rec("u1", version=3)])  # upsert
        assert store.get("u1").version == 3  # type: ignore[union-attr]


def test_get_many_and_by_hash() -> None:
    store = open_state("memory:")
    store.commit(
        [
            rec("teaser", "same", paywalled=True, mergeable=False),
            rec("alias", "same", alias_of="full", mergeable=True),
            rec("full", "same", mergeable=True),
            *(rec(f"u{i}", f"h{i}") for i in range(1200)),
        ]
    )
    assert set(store.get_many(["full", "nope", "u5", *(f"u{i}" for i in range(1200))])) >= {"full", "u1199"}
    assert len(store.get_many(f"u{i}" for i in range(1200))) == 1200
    assert store.by_hash("same").url == "full"  # type: ignore[union-attr]
    assert store.by_hash("h3") is None  # not mergeable
    store.close()


def test_commit_is_all_or_nothing(tmp_path: Path) -> None:
    store = open_state(f"sqlite:///{tmp_path}/s.db")
    store.commit([rec("kept")])
    bad = rec("b")
    bad.version = None  # type: ignore[assignment]  # NOT NULL violation mid-batch
    with pytest.raises(sqlite3.IntegrityError):
        store.commit([rec("a"), bad, rec("c")])
    assert store.get("a") is None and store.get("c") is None and store.get("kept") is not None
    store.close()


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="sqlite"):
        open_state("mongodb://localhost/0")


def test_absolute_and_relative_sqlite_uris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rel = open_state("sqlite:///rel/state.db")
    assert isinstance(rel, SQLiteStateStore) and (tmp_path / "rel/state.db").exists()
    rel.close()
    absolute = open_state(f"sqlite:///{tmp_path}/abs.db")  # sqlite:////tmp/... -> /tmp/...
    assert Path(absolute.path).is_absolute()  # type: ignore[attr-defined]
    absolute.close()


def test_kill_9_during_commits_leaves_a_consistent_store(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code = f"""
import sys
from jpcrawl.state import open_state, StateRecord
s = open_state("sqlite:///{db}")
n = 0
while True:
    s.commit([StateRecord(url=f"u{{n}}-{{i}}", content_hash=str(n)) for i in range(50)])
    n += 1
    if n == 3:
        print("ready", flush=True)
"""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = dict(con.execute("SELECT content_hash, COUNT(*) FROM articles GROUP BY content_hash").fetchall())
    assert len(counts) >= 3 and set(counts.values()) == {50}  # every commit whole, none half
    con.close()
