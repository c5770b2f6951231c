"""ValidatePipeline + the packaged schema: reasons, format checks, rejects records, `scrapy schema`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from jpcrawl.exceptions import RejectedItem
from jpcrawl.extensions.rejects import Rejects
from jpcrawl.items import Article
from jpcrawl.pipelines.clean import CleanPipeline
from jpcrawl.pipelines.validate import ValidatePipeline, load_schema, problems, validator
from jpcrawl.spiders.jakartapost import JakartaPostSpider
from tests.items import an_article

ROOT = Path(__file__).resolve().parents[1]


good = an_article  # a valid article; each test changes the fields it is about


def reasons(item: Article | dict[str, Any]) -> list[str]:
    data = dataclasses.asdict(item) if isinstance(item, Article) else item
    return [r for r, _, _ in problems(data)]


def test_schema_covers_every_article_field_and_is_strict() -> None:
    schema = load_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["properties"]) == {f.name for f in dataclasses.fields(Article)}
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["additionalProperties"] is False
    validator()  # compiles, and check_schema() passed


def test_good_item_passes() -> None:
    assert reasons(good()) == []
    assert reasons(good(published_at="2023-05-24", modified_at=None, is_paywalled=True, body=[])) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": None}, "missing:title"),
        ({"url": None}, "missing:url"),
        ({"section": None}, "missing:section"),
        ({"published_at": None}, "missing:published_at"),
        ({"published_at": "2023-05-24T16:38:14"}, "invalid:published_at"),  # no offset: format check works
        ({"published_at": "24 May 2023"}, "invalid:published_at"),
        ({"modified_at": "2023-13-01"}, "invalid:modified_at"),
        ({"crawled_at": "2023-05-24"}, "invalid:crawled_at"),
        ({"url": "not a url"}, "invalid:url"),
        ({"url": "ftp://x.com/a"}, "invalid:url"),
        ({"images": [{"url": "no scheme"}]}, "invalid:images"),
        ({"language": "french"}, "invalid:language"),
        ({"section": "Business News"}, "invalid:section"),
        ({"version": 0}, "invalid:version"),
        ({"is_premium": "yes"}, "invalid:is_premium"),
        ({"schema_version": "0.9"}, "invalid:schema_version"),
        ({"body": []}, "empty_body"),
        ({"body": ["x" * 200_001]}, "too_large"),
    ],
)
def test_reason(change: dict[str, Any], reason: str) -> None:
    assert reasons(good(**change))[0] == reason


def test_missing_wins_over_invalid_and_all_problems_are_listed() -> None:
    found = reasons(good(title=None, url="bad", body=[]))
    assert found[0] == "missing:title"
    assert set(found) == {"missing:title", "invalid:url", "empty_body"}


def test_unexpected_field_in_a_dict_item() -> None:
    data = dataclasses.asdict(good())
    data["cookie"] = "x"
    assert "invalid:unexpected_field" in reasons(data)


def test_pipeline_rejects_with_record_and_stats(tmp_path: Path) -> None:
    rejects = tmp_path / "r.jsonl"
    crawler = get_crawler(settings_dict={"JPCRAWL_REJECTS_URI": str(rejects), "JPCRAWL_MAX_BODY_CHARS": 50})
    pipe = ValidatePipeline.from_crawler(crawler)
    assert pipe.process_item(good()) is not None
    assert not rejects.exists()  # lazily created
    with pytest.raises(RejectedItem) as exc:
        pipe.process_item(good(title=None, published_at="2023-05-24T16:38:14"))
    assert exc.value.reason == "missing:title"
    with pytest.raises(RejectedItem):
        pipe.process_item(good(body=["y" * 51]))
    Rejects.of(crawler).close()  # no crawl runs here to close it at the end
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["reason"] for r in lines] == ["missing:title", "too_large"]
    first = lines[0]
    assert first["url"].endswith("slug.html") and first["stage"] == "validate"
    assert first["fields"] == ["title", "published_at"]
    assert any("published_at" in m for m in first["detail"]["messages"])
    assert first["detail"]["values"]["published_at"] == "2023-05-24T16:38:14"
    assert crawler.stats.get_value("jpcrawl/rejects/missing:title") == 1
    assert crawler.stats.get_value("jpcrawl/rejects/too_large") == 1
    assert crawler.stats.get_value("jpcrawl/rejects/total") == 2


@pytest.mark.parametrize(
    ("change", "outcome"),
    [
        ({"published_at": "broken date"}, "missing:published_at"),
        ({"title": "\x00\x01  "}, "missing:title"),
        ({"title": b"caf\xe9 bytes"}, None),
        ({"body": ["Share options", "Your Opinion Matters"]}, "empty_body"),
        ({"body": ["Share options"], "is_paywalled": True}, None),
        ({"url": "HTTPS://WWW.X.COM/world/a.html?utm_source=z#f"}, None),
    ],
)
def test_bad_input_ends_valid_or_rejected(change: dict[str, Any], outcome: str | None) -> None:
    crawler = get_crawler(JakartaPostSpider)  # the site's widget phrases are its profile's
    item = CleanPipeline.from_crawler(crawler).process_item(good(**change))
    assert (reasons(item)[0] if reasons(item) else None) == outcome


def test_scrapy_schema_command_prints_the_schema(tmp_path: Path) -> None:
    # Outside the project (tmp_path), with the command module the project settings name: no project needed.
    code = (
        "import sys; from scrapy.cmdline import execute; from scrapy.settings import Settings; "
        "sys.argv=['scrapy','schema']; execute(settings=Settings({'COMMANDS_MODULE': 'jpcrawl.commands'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == load_schema()


MUTATIONS: list[tuple[str, Any]] = [
    ("url", "https://x.com/a b"), ("url", "http:///nohost"), ("title", ""), ("subtitle", ""), ("subtitle", 3),
    ("authors", [""]), ("authors", "a"), ("tags", [None]), ("body", [""]), ("body", "text"),
    ("published_at", "2023-05-24T16:38:14"), ("published_at", "2023-5-4"), ("published_at", 20230524),
    ("modified_at", "2023-05-24T25:00:00+07:00"), ("crawled_at", "2023-05-24"), ("section", "a_b"),
    ("section", "-a"), ("images", [{"url": "x"}]), ("images", [{"url": "https://a/b", "alt": "x"}]),
    ("images", [{"caption": "c"}]), ("images", [{"url": "https://a/b", "credit": ""}]), ("is_premium", 1),
    ("is_paywalled", None), ("language", "EN"), ("word_count", -1), ("word_count", True), ("version", 0),
    ("version", 1.5), ("content_hash", "abc"), ("content_hash", "A" * 64), ("alternate_urls", ["a", "a"]),
    ("alternate_urls", ["https://a/x", "https://a/x"]), ("alternate_urls", ["mailto:x@y"]),
    ("schema_version", "2.0"), ("rendered", "no"), ("dateline", None), ("modified_at", None),
    ("published_at", "2023-05-24"), ("content_hash", None),
]  # fmt: skip


@pytest.mark.parametrize(("field", "value"), MUTATIONS)
def test_fast_path_is_never_looser_than_the_schema(field: str, value: Any) -> None:
    from jpcrawl.pipelines.validate import fast_valid

    data = dataclasses.asdict(good())
    data[field] = value
    # fast_valid => schema-valid (its converse need not hold: the fast path may defer to jsonschema)
    assert not fast_valid(data) or validator().is_valid(data), f"fast path too loose: {field}={value!r}"


def test_fast_path_accepts_the_common_case() -> None:
    from jpcrawl.pipelines.validate import fast_valid

    assert fast_valid(dataclasses.asdict(good()))


def test_any_iso_language_code_is_valid() -> None:
    """The generic spider crawls sites in any language: "fr" is a language, "french" is not a code."""
    assert reasons(good(language="fr")) == []
    assert reasons(good(language=None)) == []
    assert reasons(good(language="FR")) == ["invalid:language"]
