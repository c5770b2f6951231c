"""`python -m jpcrawl.replica [--port N] [--articles N] ...`: same as `scrapy replica`."""

from .cli import main

raise SystemExit(main())
