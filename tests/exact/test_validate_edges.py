"""ValidatePipeline edges `make mutate` found unpinned: the offsite check (site profile, allowed_domains,
neither), the format checks on their own, problem ranking ties, and the fast path keeping jsonschema out of
the common case. Expected values are written out here."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

import jpcrawl.pipelines.validate as validate_module
from jpcrawl.exceptions import RejectedItem
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.pipelines.validate import (
    ValidatePipeline,
    _inline_refs,
    _is_date,
    _is_datetime,
    _is_uri,
    _site_check,
    fast_valid,
    load_schema,
    problems,
)
from tests.items import an_article

SITE_URL = "https://www.thejakartapost.com/world/2023/05/24/slug.html"


def data(**kw: Any) -> dict[str, Any]:
    return dataclasses.asdict(an_article(**kw))


class FakeSite:
    """A site profile that says which (url, base) pairs it was asked about; on the site = under base."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def is_site_url(self, url: str, base: str) -> str:
        self.asked.append((url, base))
        return "yes" if url.startswith(base) else ""  # truthy/falsy, not bool: the check makes it a bool


# --- _site_check ------------------------------------------------------------------------------------------


def test_site_profile_and_base_url_decide() -> None:
    site = FakeSite()
    check = _site_check(SimpleNamespace(site=site, base_url="https://www.thejakartapost.com"))
    assert check(SITE_URL) is True
    assert check("https://evil.example/world/a.html") is False
    assert site.asked == [
        (SITE_URL, "https://www.thejakartapost.com"),
        ("https://evil.example/world/a.html", "https://www.thejakartapost.com"),
    ]


def test_a_site_without_base_url_falls_back_to_allowed_domains() -> None:
    site = FakeSite()
    check = _site_check(SimpleNamespace(site=site, base_url="", allowed_domains=["thejakartapost.com"]))
    assert check(SITE_URL) is True
    assert check("https://evil.example/a") is False
    assert site.asked == []


def test_a_base_url_without_site_falls_back_to_allowed_domains() -> None:
    check = _site_check(
        SimpleNamespace(site=None, base_url="https://www.thejakartapost.com", allowed_domains=["example.org"])
    )
    assert check(SITE_URL) is False
    assert check("https://example.org/a") is True


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://thejakartapost.com/a", True),  # the domain itself
        ("https://www.thejakartapost.com/a", True),  # a subdomain
        ("https://WWW.TheJakartaPost.com/a", True),  # hosts compare case-blind
        ("https://notthejakartapost.com/a", False),  # a longer name, not a subdomain
        ("https://thejakartapost.com.evil.example/a", False),
        ("https://cdn.example/a", False),
        ("/world/a.html", False),  # no host at all
    ],
)
def test_allowed_domains_match_the_host_or_its_subdomains(url: str, expected: bool) -> None:
    check = _site_check(SimpleNamespace(allowed_domains=["TheJakartaPost.com", ""]))
    assert check(url) is expected


def test_no_site_and_no_domains_lets_everything_through() -> None:
    for spider in (None, SimpleNamespace(allowed_domains=None), SimpleNamespace(allowed_domains=[""])):
        check = _site_check(spider)
        assert check("https://anywhere.example/a") is True


# --- the pipeline's offsite rejection ---------------------------------------------------------------------


def _pipe(tmp_path: Path, spider: Any) -> tuple[ValidatePipeline, Any]:
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(tmp_path / "r.jsonl")})
    crawler.spider = spider
    return ValidatePipeline.from_crawler(crawler), crawler


def test_pipeline_asks_the_crawlers_spider_once(tmp_path: Path) -> None:
    pipe, _ = _pipe(tmp_path, SimpleNamespace(name="jp", allowed_domains=["thejakartapost.com"]))
    assert pipe.on_site(SITE_URL) is True
    assert pipe.on_site("https://evil.example/a") is False
    pipe.crawler.spider = SimpleNamespace(allowed_domains=["evil.example"])  # type: ignore[union-attr]
    assert pipe.on_site(SITE_URL) is True  # the first spider's check is kept


def test_an_offsite_item_is_rejected_with_its_url(tmp_path: Path) -> None:
    pipe, crawler = _pipe(tmp_path, SimpleNamespace(name="jp", allowed_domains=["thejakartapost.com"]))
    item = an_article()
    assert pipe.process_item(item) is item
    off = "https://evil.example/world/a.html"
    with pytest.raises(RejectedItem) as info:
        pipe.process_item(an_article(url=off, title=None))  # offsite wins over every other problem
    assert info.value.reason == "offsite"
    assert str(info.value) == f"offsite: {off}"
    Rejects.of(crawler).close()
    (record,) = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (record["url"], record["reason"], record["stage"], record["fields"]) == (
        off,
        "offsite",
        "validate",
        ["url"],
    )
    assert record["detail"] == {
        "messages": [f"url: {off} is not on the crawled site's hosts"],
        "values": {"url": off},
    }
    assert crawler.stats.get_value("jpcrawl/validate/ok") == 1


def test_a_pipeline_without_crawler_checks_nothing_offsite() -> None:
    pipe = ValidatePipeline(max_body_chars=5)
    assert pipe.max_body_chars == 5
    item = an_article(url="https://anywhere.example/a", body=["12345"])
    assert pipe.process_item(item) is item
    with pytest.raises(RejectedItem) as info:
        pipe.process_item(an_article(body=["123456"]))
    assert info.value.reason == "too_large"


# --- format checks ----------------------------------------------------------------------------------------


def test_format_checks_leave_non_strings_to_the_type_check() -> None:
    for check in (_is_datetime, _is_date, _is_uri):
        assert check(5) is True
        assert check(None) is True
    # so a number is one problem (its type), not two
    assert problems(data(crawled_at=5)) == [("invalid:crawled_at", "crawled_at", "5 is not of type 'string'")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-24T16:38:14+07:00", True),
        ("2023-05-24t16:38:14+07:00", True),  # RFC 3339 allows a lower-case separator
        ("2023-05-24T16:38:14", False),  # no offset
        ("2023-05-24 16:38:14+07:00", False),  # a space is not RFC 3339
        ("2023-05-24", False),
    ],
)
def test_is_datetime(value: str, expected: bool) -> None:
    assert _is_datetime(value) is expected


def test_is_date_wants_the_extended_form() -> None:
    assert _is_date("2023-05-24") is True
    assert _is_date("20230524") is False
    with pytest.raises(ValueError):
        _is_date("2023-13-01")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://X.example/Article", True),
        ("https://a.example/x y", False),
        ("https://a.example/x<y", False),
        ('https://a.example/x"y', False),
        ("https://a.example/x{y}", False),
        ("https://a.example/x|y", False),
        ("https://a.example/x\\y", False),
        ("https://a.example/x^y", False),
        ("https://a.example/x`y", False),
        ("https://a.example/x\ny", False),
        ("https://a.example/x>y", False),
        ("/relative/path", False),
        ("https:///no-host", False),
    ],
)
def test_is_uri(value: str, expected: bool) -> None:
    assert _is_uri(value) is expected


# --- problems ---------------------------------------------------------------------------------------------


def test_an_empty_paragraph_is_invalid_body_not_empty_body() -> None:
    assert problems(data(body=[""])) == [("invalid:body", "body", "'' should be non-empty")]


def test_missing_comes_before_empty_body_whatever_the_field_order() -> None:
    item = data(body=[])
    del item["rendered"]  # after body in schema order
    assert problems(item) == [
        ("missing:rendered", "rendered", "'rendered' is a required property"),
        ("empty_body", "body", "[] should be non-empty"),
    ]


def test_empty_body_comes_before_too_large() -> None:
    # Only a negative bound makes an empty body too large: it pins the ranking of the two.
    assert problems(data(body=[]), max_body_chars=-1) == [
        ("empty_body", "body", "[] should be non-empty"),
        ("too_large", "body", "body longer than -1 characters"),
    ]


def test_unexpected_fields_come_after_the_schema_fields() -> None:
    item = data(section="Bad", language="french")
    item["extra"] = 1
    assert problems(item) == [
        ("invalid:section", "section", "'Bad' does not match '^[a-z0-9][a-z0-9-]*$'"),
        ("invalid:language", "language", "'french' does not match '^[a-z]{2,3}$'"),
        (
            "invalid:unexpected_field",
            "extra",
            "Additional properties are not allowed ('extra' was unexpected)",
        ),
    ]


def test_a_valid_item_never_reaches_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_jsonschema() -> Any:
        raise AssertionError("the fast path should have answered")

    monkeypatch.setattr(validate_module, "validator", no_jsonschema)
    assert problems(data()) == []


def test_a_too_large_item_still_gets_its_other_problems() -> None:
    assert problems(data(body=["x" * 11], section="Bad"), max_body_chars=10) == [
        ("too_large", "body", "body longer than 10 characters"),
        ("invalid:section", "section", "'Bad' does not match '^[a-z0-9][a-z0-9-]*$'"),
    ]


def test_images_given_as_url_strings_are_not_valid() -> None:
    item = data(images=["https://img.example/url.jpg"])
    assert fast_valid(item) is False
    assert problems(item) == [
        ("invalid:images", "images", "'https://img.example/url.jpg' is not of type 'object'")
    ]


# --- schema loading ---------------------------------------------------------------------------------------


def test_inline_refs_follows_references_inside_definitions() -> None:
    defs = {"para": {"type": "array", "items": {"$ref": "#/$defs/text"}}, "text": {"type": "string"}}
    assert _inline_refs({"properties": {"body": {"$ref": "#/$defs/para"}}, "$defs": defs}, defs) == {
        "properties": {"body": {"type": "array", "items": {"type": "string"}}}
    }


def test_schema_is_read_from_the_package() -> None:
    schema = load_schema()
    assert schema["$id"] == "https://jpcrawl.invalid/schema/article.schema.json"
    assert schema["title"] == "jpcrawl Article"
    assert sorted(schema["$defs"]) == ["dateOrDateTime", "dateTime", "httpUri", "optionalText", "text"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("crawled_at", "2023-05-24T25:00:00+00:00"),  # hour 25: fromisoformat raises
        ("published_at", "2023-02-30T10:00:00+07:00"),
        ("images", [{"url": "http://[::1/a.jpg"}]),  # urlsplit raises
    ],
)
def test_a_value_the_fast_path_cannot_parse_goes_to_jsonschema(field: str, value: Any) -> None:
    item = data(**{field: value})
    assert fast_valid(item) is False
    assert [(r, f) for r, f, _ in problems(item)] == [(f"invalid:{field}", field)]
