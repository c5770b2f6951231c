"""Tests that pin exact values of the page readers, processors and pipelines: the mutation suite."""

from __future__ import annotations

from parsel import Selector

from jpcrawl.pages.base import make_selector


def parsed(html: str) -> Selector:
    """The document of a test's own page, which always parses."""
    s = make_selector(html)
    assert s is not None
    return s
