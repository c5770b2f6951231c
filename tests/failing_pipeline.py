"""An item pipeline that fails on every third item with TypeError, put on ITEM_PIPELINES by a test (-s):
it stands for a bug or an outage (SQLite locked, Redis gone) in a pipeline."""

from __future__ import annotations

from typing import Any


class EveryThirdFails:
    def __init__(self) -> None:
        self.n = 0

    def process_item(self, item: Any) -> Any:
        self.n += 1
        if self.n % 3 == 0:
            raise TypeError(f"test pipeline fails on item {self.n}")
        return item
