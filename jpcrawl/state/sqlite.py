"""SQLite backend of the StateStore: one file per site, WAL, one transaction per commit."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from jpcrawl.state.base import StateRecord, StateStore

_COLUMNS = (
    "url",
    "content_hash",
    "version",
    "modified_at",
    "first_seen",
    "last_seen",
    "alternate_urls",
    "alias_of",
    "mergeable",
    "paywalled",
    "dirty",
)


class SQLiteStateStore(StateStore):
    """SQLite backend. WAL mode + one transaction per commit: a kill -9 at any moment leaves either the old
    or the new state, never a mix (SQLite's journal guarantees it)."""

    def __init__(self, path: str) -> None:
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a commit is exactly one transaction.
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: the commit is durable once commit() returns, which is what "marked seen" must mean.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            """CREATE TABLE IF NOT EXISTS articles (
                url TEXT PRIMARY KEY,
                content_hash TEXT,
                version INTEGER NOT NULL,
                modified_at TEXT,
                first_seen TEXT,
                last_seen TEXT,
                alternate_urls TEXT NOT NULL DEFAULT '[]',
                alias_of TEXT,
                mergeable INTEGER NOT NULL DEFAULT 0,
                paywalled INTEGER NOT NULL DEFAULT 0,
                dirty INTEGER NOT NULL DEFAULT 0
            )"""
        )
        self._db.execute(
            "CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash) "
            "WHERE mergeable = 1 AND alias_of IS NULL"
        )

    @staticmethod
    def _row(row: tuple[object, ...] | None) -> StateRecord | None:
        if row is None:
            return None
        d = dict(zip(_COLUMNS, row, strict=True))
        return StateRecord(
            url=str(d["url"]),
            content_hash=d["content_hash"],  # type: ignore[arg-type]
            version=int(d["version"]),  # type: ignore[call-overload]
            modified_at=d["modified_at"],  # type: ignore[arg-type]
            first_seen=d["first_seen"],  # type: ignore[arg-type]
            last_seen=d["last_seen"],  # type: ignore[arg-type]
            alternate_urls=json.loads(str(d["alternate_urls"] or "[]")),
            alias_of=d["alias_of"],  # type: ignore[arg-type]
            mergeable=bool(d["mergeable"]),
            paywalled=bool(d["paywalled"]),
            dirty=bool(d["dirty"]),
        )

    def get(self, url: str) -> StateRecord | None:
        cur = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE url = ?", (url,))
        return self._row(cur.fetchone())

    def get_many(self, urls: Iterable[str]) -> dict[str, StateRecord]:
        urls = list(urls)
        out: dict[str, StateRecord] = {}
        for i in range(0, len(urls), 500):  # stay under SQLite's bound-parameter limit
            chunk = urls[i : i + 500]
            marks = ",".join("?" * len(chunk))
            cur = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE url IN ({marks})", chunk
            )
            for row in cur.fetchall():
                rec = self._row(row)
                assert rec is not None
                out[rec.url] = rec
        return out

    def by_hash(self, content_hash: str) -> StateRecord | None:
        cur = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM articles "
            "WHERE content_hash = ? AND mergeable = 1 AND alias_of IS NULL ORDER BY first_seen LIMIT 1",
            (content_hash,),
        )
        return self._row(cur.fetchone())

    def commit(self, records: Iterable[StateRecord]) -> int:
        rows = [
            (
                r.url,
                r.content_hash,
                r.version,
                r.modified_at,
                r.first_seen,
                r.last_seen,
                json.dumps(r.alternate_urls),
                r.alias_of,
                int(r.mergeable),
                int(r.paywalled),
                int(r.dirty),
            )
            for r in records
        ]
        if not rows:
            return 0
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(
                f"INSERT OR REPLACE INTO articles ({', '.join(_COLUMNS)}) "
                f"VALUES ({','.join('?' * len(_COLUMNS))})",
                rows,
            )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return len(rows)

    def close(self) -> None:
        self._db.close()
