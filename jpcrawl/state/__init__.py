"""Cross-run crawl state: what was emitted, under which content hash and version.

The store is keyed by canonical article URL. A record is written only once the item's feed is safely on disk
(see `jpcrawl.pipelines.dedupe`), so the store never claims an article that a consumer cannot read.

Interface (kept small so other backends, e.g. Redis, can implement it):

    store = open_state("sqlite:///.jpcrawl/state/jakartapost.db")   # or "memory:"
    store.get(url) -> StateRecord | None
    store.get_many(urls) -> dict[url, StateRecord]
    store.by_hash(content_hash) -> StateRecord | None   # a mergeable primary with that body
    store.commit(records)       # all-or-nothing
    store.close()

URI forms: "sqlite:///relative/path.db" (relative to the working directory), "sqlite:////absolute/path.db",
"memory:" (a throw-away store, for tests and one-off runs). The backend is chosen by the URI scheme.

A store that cannot be used raises a StateError before anything in it changes: StateSchemaError (written by
a newer jpcrawl; `scrapy crawl` exits 2) or StateCorrupt (not readable; exit 1 with a report).
`check_state(uri)` runs the same checks read-only, before a crawl opens anything.
"""

from __future__ import annotations

from jpcrawl.run import MEMORY_URIS, expand_uri
from jpcrawl.state.base import StateRecord, StateStore
from jpcrawl.state.errors import StateCorrupt, StateError, StateSchemaError
from jpcrawl.state.sqlite import SCHEMA_VERSION, SQLiteStateStore, check_file

__all__ = [
    "MEMORY_URIS",
    "SCHEMA_VERSION",
    "SQLiteStateStore",
    "StateCorrupt",
    "StateError",
    "StateRecord",
    "StateSchemaError",
    "StateStore",
    "check_state",
    "expand_uri",
    "open_state",
]


def open_state(uri: str) -> StateStore:
    """Open the state store a URI names; the scheme picks the backend."""
    if uri in MEMORY_URIS:
        return SQLiteStateStore(":memory:")
    if uri.startswith("sqlite:///"):
        return SQLiteStateStore(uri[len("sqlite:///") :])  # "sqlite:////abs" leaves "/abs"
    scheme = uri.split(":", 1)[0] if ":" in uri else ""
    if scheme in ("redis", "rediss", "unix"):
        from jpcrawl.state.redis import RedisStateStore  # redis-py only when asked for

        return RedisStateStore.from_uri(uri)
    raise ValueError(
        f"unsupported state store URI scheme {scheme!r} in {uri!r} (use sqlite:///, redis:// or memory:)"
    )


def check_state(uri: str) -> None:
    """Raise StateSchemaError / StateCorrupt if the store a URI names cannot be used; touches nothing.
    Only file stores are checked (a memory store is always new; Redis is checked when it is opened)."""
    if uri in MEMORY_URIS or not uri.startswith("sqlite:///"):
        return
    check_file(uri[len("sqlite:///") :])
