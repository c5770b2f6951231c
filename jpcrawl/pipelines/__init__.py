"""Item pipelines. The order is fixed and documented here, once:

    clean (100) -> validate (200) -> dedupe (300) -> export (the FEEDS feed exporter, on item_scraped)

- clean (jpcrawl.pipelines.clean.CleanPipeline): NFC, whitespace, control characters, boilerplate
  paragraphs, ISO dates, canonical URLs, image dedupe, word_count, content_hash, crawled_at.
- validate (jpcrawl.pipelines.validate.ValidatePipeline): the packaged JSON Schema; failures go to the
  rejects file with a reason and are dropped.
- dedupe (jpcrawl.pipelines.dedupe.DedupePipeline): within-run URL/content dedupe and cross-run versions
  via the state store; state is committed only after the feed files are complete.

Validate must follow clean (it checks the cleaned form) and dedupe must follow validate (an invalid item
must never be marked seen). Dedupe is last so that what it stages is exactly what reaches the feed.
"""

from jpcrawl.pipelines.clean import CleanPipeline
from jpcrawl.pipelines.dedupe import DedupePipeline
from jpcrawl.pipelines.validate import ValidatePipeline

ITEM_PIPELINES = {
    "jpcrawl.pipelines.clean.CleanPipeline": 100,
    "jpcrawl.pipelines.validate.ValidatePipeline": 200,
    "jpcrawl.pipelines.dedupe.DedupePipeline": 300,
}

__all__ = ["ITEM_PIPELINES", "CleanPipeline", "DedupePipeline", "ValidatePipeline"]
