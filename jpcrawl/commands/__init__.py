"""Custom `scrapy` commands: replica, demo, schema, fixtures, bench-crawl."""
