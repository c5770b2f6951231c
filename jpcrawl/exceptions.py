"""Exceptions that components raise to say what happened to an item; pipelines and extensions share them."""

from __future__ import annotations

from scrapy.exceptions import DropItem

__all__ = ["RejectedItem", "SkippedItem"]


class RejectedItem(DropItem):
    """An item that failed a check; already recorded in the rejects file when raised."""

    def __init__(self, reason: str, message: str | None = None, log_level: str | None = "INFO") -> None:
        super().__init__(message or reason, log_level=log_level)
        self.reason = reason


class SkippedItem(DropItem):
    """An item deliberately not emitted and counted elsewhere (e.g. unchanged since the last run). Not a
    reject: the Rejects extension ignores it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, log_level="DEBUG")
