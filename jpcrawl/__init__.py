"""jpcrawl: a browser-rendering Scrapy crawler framework for news sites."""

__version__ = "0.1.0"
