"""Item pipelines: clean, validate, dedupe. Their order is documented once, where they are enabled:
ITEM_PIPELINES in jpcrawl/settings.py."""

from jpcrawl.pipelines.clean import CleanPipeline
from jpcrawl.pipelines.dedupe import DedupePipeline
from jpcrawl.pipelines.validate import ValidatePipeline

__all__ = ["CleanPipeline", "DedupePipeline", "ValidatePipeline"]
