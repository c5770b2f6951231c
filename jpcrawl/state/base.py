"""The state store interface and its record (see jpcrawl.state)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class StateRecord:
    """What the store knows about one canonical URL.

    `alias_of` is set when the URL's body was merged into another article (the primary); the primary lists
    it in `alternate_urls`. `mergeable` says whether the body may be used as a merge target (full text,
    long enough), so paywalled teasers never become one.
    """

    url: str
    content_hash: str | None
    version: int = 1
    modified_at: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    alternate_urls: list[str] = field(default_factory=list)
    alias_of: str | None = None
    mergeable: bool = False
    paywalled: bool = False
    # The record changed in a way no emitted version shows yet (a new alternate URL): re-emit next time.
    dirty: bool = False


class StateStore(ABC):
    """The persistent state interface. Implementations must make `commit` atomic."""

    @abstractmethod
    def get(self, url: str) -> StateRecord | None: ...

    def get_many(self, urls: Iterable[str]) -> dict[str, StateRecord]:
        out = {}
        for url in urls:
            rec = self.get(url)
            if rec is not None:
                out[url] = rec
        return out

    @abstractmethod
    def by_hash(self, content_hash: str) -> StateRecord | None:
        """A mergeable, non-alias record with this content hash, if any."""

    @abstractmethod
    def commit(self, records: Iterable[StateRecord]) -> int:
        """Upsert all records in one transaction (all or nothing); returns how many were written."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
