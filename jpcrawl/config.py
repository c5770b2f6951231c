"""Reading JPCRAWL_* settings with jpcrawl/settings.py as the one source of their defaults.

A component reads its settings through a small config dataclass in its own module (`DedupeConfig`,
`ReportConfig`, ...) built by `from_settings(settings)`, the way scrapy-playwright's `Config` is. Those read
through `setting()` and the typed getters below, never with a default of their own: a setting missing from
the given settings (a crawler built without the project settings, as unit tests do, or `Settings()`) takes
the value jpcrawl/settings.py gives it. tests/test_settings_defaults.py keeps it that way.
"""

from __future__ import annotations

import copy
from typing import Any

from scrapy.settings import BaseSettings

from jpcrawl import settings as project_settings


def default(name: str) -> Any:
    """jpcrawl/settings.py's value of `name` (a copy: a list or dict default is never shared)."""
    try:
        return copy.deepcopy(getattr(project_settings, name))
    except AttributeError:
        raise KeyError(f"{name} is not in jpcrawl/settings.py: add it there, with its default") from None


def _value(settings: BaseSettings | None, name: str) -> Any:
    # Scrapy's getters treat a None value as unset; so does this (a None default stays None).
    if settings is None:
        return default(name)
    value = settings.get(name)
    return default(name) if value is None else value


def setting(settings: BaseSettings | None, name: str) -> Any:
    """The raw value of `name` (as `settings.get`), else settings.py's."""
    return _value(settings, name)


def getbool(settings: BaseSettings | None, name: str) -> bool:
    return BaseSettings({name: _value(settings, name)}).getbool(name)


def getint(settings: BaseSettings | None, name: str) -> int:
    return int(_value(settings, name))


def getfloat(settings: BaseSettings | None, name: str) -> float:
    return float(_value(settings, name))


def getlist(settings: BaseSettings | None, name: str) -> list[Any]:
    return BaseSettings({name: _value(settings, name)}).getlist(name)


def getdict(settings: BaseSettings | None, name: str) -> dict[Any, Any]:
    return BaseSettings({name: _value(settings, name)}).getdict(name)
