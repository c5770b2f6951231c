"""Spiders decide what to fetch. Pages (jpcrawl.pages) decide what the content is."""
