"""Finding the project's spiders by name, for the commands and benchmarks that take `--spider`."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

# The project's first site; every command that takes --spider defaults to it.
DEFAULT_SPIDER = "jakartapost"


def spider_class(name: str, settings: BaseSettings | None = None) -> Any:
    """The project's spider class called `name`; a clear UsageError when there is none."""
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    loader = get_spider_loader(settings if settings is not None else get_project_settings())
    try:
        return loader.load(name)
    except KeyError:
        raise UsageError(f"no spider named {name!r} (scrapy list)", print_help=False) from None


def spider_site(name: str, settings: BaseSettings | None = None) -> str | None:
    """The site profile name of spider `name` (what jpcrawl.replica.replica_for is keyed by)."""
    from jpcrawl.replica import site_of

    return site_of(spider_class(name, settings))
