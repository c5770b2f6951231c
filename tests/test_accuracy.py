"""Field accuracy over every article of the replica, anonymous and subscriber, straight through the page
objects (the crawl tests cover the same through Scrapy on a sample of sections)."""

from __future__ import annotations

import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from jpcrawl.browser import BROWSER_USER_AGENT
from jpcrawl.items import EXTRACTED_FIELDS
from jpcrawl.pages.jakartapost import SITE

pytestmark = pytest.mark.slow


def _opener(jar: CookieJar | None = None) -> urllib.request.OpenerDirector:
    handlers: list = [urllib.request.HTTPCookieProcessor(jar)] if jar is not None else []
    opener = urllib.request.build_opener(*handlers)
    opener.addheaders = [("User-Agent", BROWSER_USER_AGENT)]
    return opener


def _field_misses(server, opener, subscriber: bool) -> tuple[Counter, dict, int]:
    base = server.base_url
    misses: Counter = Counter()
    examples: dict = {}
    urls = server.site.article_urls(base)
    for url in urls:
        html = opener.open(url).read().decode("utf-8")
        item = SITE.parse_article(url, html, base)
        assert item is not None, url
        got = item.extracted()
        truth = server.site.truth(url, base, subscriber=subscriber)
        for name in EXTRACTED_FIELDS:
            if got[name] != truth[name]:
                misses[name] += 1
                examples.setdefault(name, (url, got[name], truth[name]))
    return misses, examples, len(urls)


def _report(label: str, misses: Counter, total: int) -> None:
    accuracy = {name: 1 - misses[name] / total for name in EXTRACTED_FIELDS}
    print(
        f"\n{label}: {total} articles; field accuracy: "
        + ", ".join(f"{k} {v:.1%}" for k, v in accuracy.items())
    )


def test_every_replica_article_is_exact_for_an_anonymous_reader(replica) -> None:
    misses, examples, total = _field_misses(replica, _opener(), subscriber=False)
    _report("anonymous", misses, total)
    assert total >= 300
    assert not misses, examples


def test_every_replica_article_is_exact_for_a_subscriber(replica) -> None:
    jar = CookieJar()
    opener = _opener(jar)
    base = replica.base_url
    form_page = opener.open(SITE.login_url(base)).read().decode("utf-8")
    form = SITE.parse_login_form(SITE.login_url(base), form_page)
    assert form is not None
    account = replica.site.ACCOUNT
    fields = {**form.fields, form.email_field: account.email, form.password_field: account.password}
    landing = opener.open(form.action_url, data=urlencode(fields).encode()).read().decode("utf-8")
    assert SITE.is_logged_in(landing)
    misses, examples, total = _field_misses(replica, opener, subscriber=True)
    _report("subscriber", misses, total)
    assert not misses, examples
