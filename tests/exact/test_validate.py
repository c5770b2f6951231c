"""ValidatePipeline's fast path, schema compilation and reject records, pinned where `make mutate` showed
gaps. Expected reasons, fields and snippets are written out here."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from jpcrawl.exceptions import RejectedItem
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.pipelines.validate import (
    ValidatePipeline,
    _inline_refs,
    fast_valid,
    load_schema,
    problems,
    validator,
)
from tests.test_validate import good

HASH = "0123456789abcdef" * 4


def data(**kw: Any) -> dict[str, Any]:
    return dataclasses.asdict(good(**kw))


VALID = [
    {},
    {"modified_at": "2023-05-25T08:00:00+07:00"},
    {"modified_at": "2023-05-25"},
    {"published_at": "2023-05-24"},
    {"published_at": "2023-05-24T09:38:14Z"},
    {"subtitle": "A deck", "source": "Reuters", "dateline": "Tokyo", "subsection": "Asia & Pacific"},
    {"authors": ["Ana Bell", "Budi"], "tags": ["nato", "japan"]},
    {"images": []},
    {"images": [{"url": "https://img.example/a.jpg"}]},
    {"images": [{"url": "https://img.example/a.jpg", "caption": None, "credit": None}]},
    {"language": "id"},
    {"language": None},
    {"content_hash": None},
    {"content_hash": HASH},
    {"alternate_urls": ["https://a.example/x", "http://b.example/y"]},
    {"is_paywalled": True, "is_premium": True, "body": []},
    {"is_advertorial": True, "rendered": True},
    {"word_count": 0, "version": 3},
    {"section": "southeast-asia"},
    {"section": "2024"},
]


@pytest.mark.parametrize("change", VALID, ids=lambda c: ",".join(c) or "as-is")
def test_the_fast_path_takes_every_valid_shape(change: dict[str, Any]) -> None:
    item = data(**change)
    assert validator().is_valid(item)  # the schema's word
    assert fast_valid(item) is True  # and the fast path agrees without asking jsonschema
    assert problems(item) == []


INVALID = [
    ("url", "https://x.com/a b"), ("url", "mailto:x@y.z"), ("title", ""), ("title", None), ("subtitle", ""),
    ("source", 3), ("authors", [""]), ("authors", ("a",)), ("tags", [None]), ("body", [""]), ("body", []),
    ("published_at", "2023-05-24T16:38:14"), ("published_at", None), ("modified_at", "2023-05-24T16:38:14"),
    ("modified_at", "x"), ("crawled_at", "2023-05-24"), ("crawled_at", None), ("section", "a_b"),
    ("section", "A"), ("section", "a\n"), ("section", None), ("images", None), ("images", ["https://a/b"]),
    ("images", [{"url": "x"}]), ("images", [{"url": 5}]), ("images", [{"url": "https://a/b", "caption": ""}]),
    ("images", [{"url": "https://a/b", "alt": "x"}]), ("is_premium", 1), ("rendered", None),
    ("language", "french"),
    ("schema_version", "1.1"), ("word_count", -1), ("word_count", "3"), ("version", 0), ("version", True),
    ("content_hash", "g" * 64), ("content_hash", HASH + "\n"), ("content_hash", 7), ("alternate_urls", None),
    ("alternate_urls", ["https://a/x", "https://a/x"]), ("alternate_urls", ["/relative"]),
]  # fmt: skip


@pytest.mark.parametrize(("field", "value"), INVALID)
def test_the_fast_path_never_passes_an_invalid_item(field: str, value: Any) -> None:
    item = data()
    item[field] = value
    assert fast_valid(item) is False
    if isinstance(value, str) and value.endswith("\n"):
        # Python's re lets the schema's "$" match before a final newline (ECMA-262's does not): only the
        # fast path refuses these; the clean pipeline never lets a trailing newline through anyway.
        return
    assert problems(item), f"{field}={value!r} must be a problem"


def test_fast_path_wants_exactly_the_schema_fields() -> None:
    item = data()
    item["extra"] = 1
    assert fast_valid(item) is False
    del item["extra"]
    del item["rendered"]
    assert fast_valid(item) is False
    assert problems(item)[0][:2] == ("missing:rendered", "rendered")


def test_the_compiled_schema_has_no_references_left() -> None:
    schema = load_schema()
    # called directly: validator() is compiled once per process (lru_cache)
    inlined = _inline_refs(schema, schema["$defs"])
    text = json.dumps(inlined)
    assert "$ref" not in text and "$defs" not in text
    props = inlined["properties"]
    text_def = {"type": "string", "minLength": 1}
    optional = {"type": ["string", "null"], "minLength": 1}
    assert props["title"] == text_def  # a reference with a description: replaced by its target
    assert props["subtitle"] == props["source"] == optional
    assert props["authors"] == {"type": "array", "items": text_def}
    assert props["body"] == {"type": "array", "items": text_def, "description": "Paragraphs."}
    assert props["modified_at"]["anyOf"][1] == {
        "type": "string",
        "anyOf": [{"format": "date-time"}, {"format": "date"}],
    }
    assert props["images"]["items"]["properties"]["caption"] == optional
    assert inlined["additionalProperties"] is False and inlined["required"] == schema["required"]
    assert set(inlined["properties"]) == set(schema["properties"])
    assert json.dumps(validator().schema) == text
    # an inlined definition still does its job: image URLs are checked as URIs
    assert not validator().is_valid(data(images=[{"url": "no scheme"}]))


def test_missing_key_is_named() -> None:
    item = data()
    del item["title"]
    assert problems(item)[0] == ("missing:title", "title", "'title' is a required property")


def test_body_size_bound_is_inclusive() -> None:
    assert problems(data(body=["x" * 200_000])) == []
    assert problems(data(body=["x" * 100_000, "y" * 100_001]))[0] == (
        "too_large",
        "body",
        "body longer than 200000 characters",
    )


def test_reject_record_snippets_and_ok_count(tmp_path: Path) -> None:
    rejects = tmp_path / "r.jsonl"
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(rejects)})
    pipe = ValidatePipeline.from_crawler(crawler)
    pipe.process_item(good())
    pipe.process_item(good())
    assert crawler.stats.get_value("jpcrawl/validate/ok") == 2
    long_section = "X" * 300
    with pytest.raises(RejectedItem, match=r"^invalid:section: https://") as exc:
        pipe.process_item(good(section=long_section, language="french"))
    assert exc.value.reason == "invalid:section"
    Rejects.of(crawler).close()  # no crawl runs here to close it at the end
    (record,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert record["fields"] == ["section", "language"]
    assert record["detail"]["values"] == {"section": '"' + "X" * 199 + "…", "language": "french"}
    assert [m.split(":")[0] for m in record["detail"]["messages"]] == ["section", "language"]
    assert crawler.stats.get_value("jpcrawl/validate/ok") == 2


def test_max_body_chars_setting() -> None:
    pipe = ValidatePipeline.from_crawler(get_crawler(settings_dict={"JPCRAWL_MAX_BODY_CHARS": 10}))
    assert pipe.max_body_chars == 10
    assert ValidatePipeline.from_crawler(get_crawler()).max_body_chars == 200_000


def test_problem_order_is_missing_empty_too_large_then_schema_order() -> None:
    assert [r for r, _, _ in problems(data(body=[], section="Bad", url="bad", title=None))] == [
        "missing:title",
        "empty_body",
        "invalid:url",  # not a URI
        "invalid:url",  # not http(s)
        "invalid:section",
    ]
    assert [r for r, _, _ in problems(data(body=["x" * 200_001], section="Bad", title=None))] == [
        "missing:title",
        "too_large",
        "invalid:section",
    ]
    item = data()
    item["zz"] = item["aa"] = 1
    assert problems(item) == [
        (
            "invalid:unexpected_field",
            "aa,zz",
            "Additional properties are not allowed ('aa', 'zz' were unexpected)",
        )
    ]


def test_messages_are_cut_at_300_characters() -> None:
    ((reason, field, message),) = problems(data(section="X" * 400))
    assert (reason, field, len(message)) == ("invalid:section", "section", 300)


def test_reject_values_snippets_exactly(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    rejects = tmp_path / "r.jsonl"
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(rejects)})
    pipe = ValidatePipeline.from_crawler(crawler)
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for change in (
        {"section": "é" * 300, "body": []},  # long, not ASCII: cut at 200 characters of JSON
        {"section": "X" * 198},  # its JSON is 200 characters: kept whole
        {"section": "Y" * 199},  # 201: cut
        {"published_at": when},  # not JSON at all: str()
    ):
        with pytest.raises(RejectedItem):
            pipe.process_item(good(**change))
    Rejects.of(crawler).close()  # no crawl runs here to close it at the end
    records = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["detail"]["values"] for r in records] == [
        {"section": '"' + "é" * 199 + "…"},  # the body is named in fields, never copied into values
        {"section": "X" * 198},
        {"section": '"' + "Y" * 199 + "…"},
        {"published_at": "2024-01-01 00:00:00+00:00"},
    ]
    assert records[0]["fields"] == ["body", "section"]
