"""SQLite backend of the StateStore: one file per site, WAL, one transaction per commit.

The file's schema version is `PRAGMA user_version` (SCHEMA_VERSION, set when the file is created; a file from
before versioning, with the articles table and version 0, is version 1). Opening checks it before anything
is written: a newer version raises StateSchemaError, a file SQLite cannot read raises StateCorrupt.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from jpcrawl.state.base import StateRecord, StateStore
from jpcrawl.state.errors import StateCorrupt, StateSchemaError

SCHEMA_VERSION = 1
_MAGIC = b"SQLite format 3\x00"

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
            check_file(path)  # before connect(), WAL or CREATE could change a file we must not touch
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as exc:
            raise StateCorrupt(_corrupt_message(path, exc)) from exc

    @staticmethod
    def _open(path: str) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a commit is exactly one transaction.
        db = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            if path != ":memory:":
                db.execute("PRAGMA journal_mode=WAL")
            # FULL: the commit is durable once commit() returns, which is what "marked seen" must mean.
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:  # written by a newer jpcrawl between check_file() and now
                db.execute("ROLLBACK")
                raise StateSchemaError(_newer_message(path, version))
            db.execute(
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
            db.execute(
                "CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash) "
                "WHERE mergeable = 1 AND alias_of IS NULL"
            )
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return db

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


def _newer_message(path: str, version: int) -> str:
    return (
        f"state store {path} has schema version {version}, newer than this jpcrawl's {SCHEMA_VERSION}: "
        "it was written by a newer jpcrawl. Upgrade jpcrawl, or point JPCRAWL_STATE_URI at another file; "
        "the file was not changed"
    )


def _corrupt_message(path: str, exc: BaseException) -> str:
    return (
        f"state store {path} is not a readable jpcrawl state ({type(exc).__name__}: {exc}). Move it aside "
        "(the next run then starts a new state and re-emits every article) or restore it from a backup"
    )


def check_file(path: str | Path) -> None:
    """Read-only check of an existing state file: raises StateSchemaError or StateCorrupt, changes nothing.
    A missing file is fine (it will be created)."""
    p = Path(path)
    if not p.exists():
        return
    # The header first, with plain reads: a refused file must not even get SQLite's -wal/-shm side files.
    try:
        with p.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StateCorrupt(_corrupt_message(str(path), exc)) from exc
    if header:  # an empty file is an empty database
        if len(header) < 100 or not header.startswith(_MAGIC):
            raise StateCorrupt(_corrupt_message(str(path), ValueError("no SQLite header")))
        version = int.from_bytes(header[60:64], "big", signed=True)
        if version > SCHEMA_VERSION:
            raise StateSchemaError(_newer_message(str(path), version))
    try:
        db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.DatabaseError as exc:
        raise StateCorrupt(_corrupt_message(str(path), exc)) from exc
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StateSchemaError(_newer_message(str(path), version))
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version and "articles" not in tables:
            raise StateCorrupt(_corrupt_message(str(path), ValueError("no articles table")))
        if "articles" in tables:
            db.execute(f"SELECT {', '.join(_COLUMNS)} FROM articles LIMIT 1").fetchall()
        # Every page, not only the header: a damaged page would otherwise fail mid-crawl, in a listing
        # callback. Linear in the file's size (about a second per 100 MB), once per run.
        found = [str(row[0]) for row in db.execute("PRAGMA quick_check(5)")]
        if found != ["ok"]:
            raise StateCorrupt(_corrupt_message(str(path), ValueError("; ".join(found))))
    except sqlite3.DatabaseError as exc:
        raise StateCorrupt(_corrupt_message(str(path), exc)) from exc
    finally:
        db.close()
