"""jpcrawl/compat.py against the installed Scrapy, scrapy-playwright, Playwright and asyncio.

Each private API jpcrawl relies on is checked here, so that an upgrade that changes one fails on this file,
by name, instead of as a hung crawl (a page slot never given back) or a silent no-op (a page never reused).
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page
from scrapy.crawler import Crawler
from scrapy.extensions.corestats import CoreStats
from scrapy.utils.spider import DefaultSpider
from scrapy.utils.test import get_crawler
from scrapy_playwright import handler as upstream

from jpcrawl import compat
from jpcrawl.browser import JpcrawlPlaywrightHandler

PKG = Path(__file__).resolve().parents[1] / "jpcrawl"
UPSTREAM = upstream.ScrapyPlaywrightDownloadHandler


def test_written_against_the_installed_scrapy_playwright() -> None:
    installed = version("scrapy-playwright")
    assert installed == compat.SCRAPY_PLAYWRIGHT_VERSION, (
        f"scrapy-playwright is {installed}, jpcrawl/compat.py was written against "
        f"{compat.SCRAPY_PLAYWRIGHT_VERSION}: re-check each adapter there (this file says what each relies "
        "on), then update SCRAPY_PLAYWRIGHT_VERSION"
    )


# -- Scrapy: Crawler._extensions ---------------------------------------------------------------------------


def test_crawler_keeps_its_extension_manager_in_a_private_attribute() -> None:
    crawler = Crawler(DefaultSpider)  # settings not applied yet: components are still being built
    assert "_extensions" in vars(crawler), "Scrapy no longer has Crawler._extensions: fix compat.extension()"
    assert crawler._extensions is None
    # ... which is why the adapter exists: the public method raises then.
    with pytest.raises(RuntimeError):
        crawler.get_extension(CoreStats)
    assert list(inspect.signature(Crawler.get_extension).parameters) == ["self", "cls"]


def test_extension_adapter_before_and_after_the_manager_exists() -> None:
    early = Crawler(DefaultSpider)
    assert compat.extensions_ready(early) is False
    assert compat.extension(early, CoreStats) is None  # no RuntimeError

    crawler = get_crawler(settings_dict={"EXTENSIONS": {"scrapy.extensions.corestats.CoreStats": 0}})
    assert compat.extensions_ready(crawler) is True
    assert isinstance(compat.extension(crawler, CoreStats), CoreStats)
    assert compat.extension(crawler, DefaultSpider) is None  # not an extension of this crawler


# -- asyncio: Semaphore._value ----------------------------------------------------------------------------


def test_free_slots_counts_a_real_semaphore() -> None:
    async def run() -> list[int]:
        sem = asyncio.Semaphore(3)
        seen = [compat.free_slots(sem)]
        await sem.acquire()
        await sem.acquire()
        seen.append(compat.free_slots(sem))
        sem.release()
        seen.append(compat.free_slots(sem))
        return seen

    assert asyncio.run(run()) == [3, 1, 2]


# -- scrapy-playwright: the handler's private hooks ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(compat.PLAYWRIGHT_HANDLER_HOOKS))
def test_upstream_hook_has_the_expected_signature(name: str) -> None:
    method = getattr(UPSTREAM, name, None)
    assert method is not None, f"scrapy-playwright no longer has {name}: jpcrawl/browser.py overrides it"
    assert tuple(inspect.signature(method).parameters) == compat.PLAYWRIGHT_HANDLER_HOOKS[name]


@pytest.mark.parametrize("name", sorted(compat.PLAYWRIGHT_HANDLER_HOOKS))
def test_our_override_matches_upstream(name: str) -> None:
    ours = JpcrawlPlaywrightHandler.__dict__.get(name)
    assert ours is not None, f"{name} is listed in compat.PLAYWRIGHT_HANDLER_HOOKS but not overridden"
    theirs = getattr(UPSTREAM, name)
    assert inspect.iscoroutinefunction(ours) == inspect.iscoroutinefunction(theirs)
    params = tuple(inspect.signature(ours).parameters)
    # Either the same parameters, or a pass-through of whatever upstream takes.
    assert params in (tuple(inspect.signature(theirs).parameters), ("self", "args", "kwargs"))


def test_every_private_override_is_listed() -> None:
    """A new override of a private upstream method must be listed (and so checked) too."""
    private_overrides = {
        name
        for name, value in JpcrawlPlaywrightHandler.__dict__.items()
        if name.startswith("_") and not name.startswith("__") and callable(value) and hasattr(UPSTREAM, name)
    }
    assert private_overrides == set(compat.PLAYWRIGHT_HANDLER_HOOKS)


def test_upstream_still_calls_the_hooks_the_way_we_rely_on() -> None:
    source = inspect.getsource(upstream)
    # The page is created through the overridable method, by keyword; its route comes from ours.
    assert "self._create_page(request=request, spider=spider)" in source
    assert "self._make_request_handler(" in source
    # A finished page is closed with a plain page.close() (what compat.intercept_close catches) ...
    assert re.search(r"await page\.close\(\)", source)
    # ... and the page slot comes back through the page's "close" event and the context's semaphore.
    assert re.search(r"\.semaphore\.release\(\)", source)
    assert "semaphore=asyncio.Semaphore(value=self.config.max_pages_per_context)" in source
    assert "self.context_wrappers" in source


def test_upstream_state_we_read() -> None:
    wrapper_fields = {f.name for f in dataclasses.fields(upstream.BrowserContextWrapper)}
    assert set(compat.CONTEXT_WRAPPER_FIELDS) <= wrapper_fields
    assert "max_pages_per_context" in {f.name for f in dataclasses.fields(upstream.Config)}


# -- Playwright: Page.close ----------------------------------------------------------------------------------


def test_playwright_page_close_can_be_shadowed() -> None:
    assert inspect.iscoroutinefunction(Page.close)
    params = list(inspect.signature(Page.close).parameters.values())[1:]
    # Keyword-only: the replacement takes **kwargs and passes them on.
    assert params and all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
    assert all("__slots__" not in vars(cls) for cls in Page.__mro__ if cls is not object)


def test_intercept_close_routes_close_and_keeps_the_real_one() -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    class FakePage:
        async def close(self, **kwargs: Any) -> None:
            calls.append(("real", kwargs))

    page = FakePage()
    assert compat.really_close(page) == page.close  # not intercepted: its own close

    async def on_close(**kwargs: Any) -> None:
        calls.append(("ours", kwargs))

    compat.intercept_close(page, on_close)

    async def run() -> None:
        await page.close()
        await page.close(reason="x")
        await compat.really_close(page)(reason="y")

    asyncio.run(run())
    assert calls == [("ours", {}), ("ours", {"reason": "x"}), ("real", {"reason": "y"})]


# -- one place --------------------------------------------------------------------------------------------


def test_private_apis_are_used_only_through_compat() -> None:
    patterns = {
        r"\._extensions\b": "crawler._extensions",
        r"\bsemaphore\._value\b|\._value\b": "Semaphore._value",
        r"_jpcrawl_close": "the page's real close",
        r"\.close\s*=(?!=)": "a monkeypatched close",
    }
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        if path.name == "compat.py" and path.parent == PKG:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in patterns.items():
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                bad.append(f"{path.relative_to(PKG.parent)}:{line}: {what}")
    assert bad == [], "\n".join(bad)
