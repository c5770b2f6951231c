"""Benchmark: median cost per item of clean + validate + dedupe (in-process, in-memory state).

    python -m jpcrawl.bench.pipelines [--items 2000] [--rounds 5]

Target: < 0.5 ms per item. Items are realistic: 12 paragraphs, an image, tags, a few widget paragraphs.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

from scrapy.utils.test import get_crawler

from jpcrawl.exceptions import SkippedItem
from jpcrawl.items import Article
from jpcrawl.pipelines.clean import CleanPipeline
from jpcrawl.pipelines.dedupe import DedupePipeline
from jpcrawl.pipelines.validate import ValidatePipeline

PARA = (
    "Japanese Prime Minister Fumio Kishida said on Wednesday the country had no plans to become a member "
    "while the  security alliance   continued to deepen its partnerships across the region."
)


def make(i: int) -> Article:
    return Article(
        url=f"https://www.news.example/world/2023/05/24/story-{i}.html?utm_source=rss#top",
        title=f"  Story {i}: Japan won\u2019t join NATO ",
        subtitle="Kishida's comments came after the ambassador spoke.",
        authors=["Reuters"],
        source="Reuters",
        dateline="Tokyo, Japan",
        published_at="2023-05-24T16:38:14+07:00",
        modified_at="2023-05-24 17:00:00+07:00",
        section="world",
        subsection="Asia & Pacific",
        tags=["japan", "nato", "kishida"],
        body=[f"{i} {PARA}", *([PARA] * 11), "Share options", "Your Opinion Matters"],
        images=[{"url": f"https://img.example/{i}.jpg", "caption": "Caption. (AFP/X)", "credit": "AFP/X"}]
        * 2,
    )


def run(n: int) -> float:
    crawler = get_crawler(settings_dict={"JPCRAWL_STATE_URI": "memory:"})
    clean, validate = CleanPipeline.from_crawler(crawler), ValidatePipeline.from_crawler(crawler)
    dedupe = DedupePipeline(crawler, state_uri="memory:")
    dedupe.open_spider()
    items = [make(i) for i in range(n)]
    start = time.perf_counter()
    for item in items:
        with contextlib.suppress(SkippedItem):  # a SkippedItem is part of the measured work
            dedupe.process_item(validate.process_item(clean.process_item(item)))
    elapsed = time.perf_counter() - start
    dedupe.close_store()
    return elapsed / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    opts = parser.parse_args()
    per_item = [run(opts.items) for _ in range(opts.rounds)]
    median = statistics.median(per_item)
    print(
        f"clean+validate+dedupe: median {median:.3f} ms/item over {opts.rounds} rounds of {opts.items} items"
    )
    print("target < 0.5 ms/item:", "OK" if median < 0.5 else "MISSED")


if __name__ == "__main__":
    main()
