"""Validate: check each cleaned item against the packaged JSON Schema; reject (never silently) what fails.

Reasons are short and machine-readable: "missing:<field>", "invalid:<field>", "empty_body", "too_large",
"invalid:unexpected_field". The first reason (missing > empty_body > invalid, in field order) names the
record; `fields` and `detail.messages` list every problem.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from jpcrawl.rejects import Rejects, RejectedItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Fields that must be present and non-null (their schema type excludes null, so null means "missing").
REQUIRED_FIELDS = ("url", "title", "published_at", "section")
DEFAULT_MAX_BODY_CHARS = 200_000  # ~30k words: anything bigger is a broken extraction, not an article


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    text = resources.files("jpcrawl.schema").joinpath("article.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


# jsonschema only checks "date-time"/"uri" when optional packages are installed; these two checks are what
# the feed contract means, so they are implemented here and never silently skipped.
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value and "t" not in value:
        return False
    parsed = datetime.fromisoformat(value)
    return parsed.utcoffset() is not None


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    date.fromisoformat(value)
    return len(value) == 10


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc) and not any(c in value for c in ' <>"{}|\\^`\n')


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMATS)


def _field_of(error: ValidationError) -> str:
    path = list(error.absolute_path)
    if path:
        return str(path[0])
    if error.validator == "required":
        return str(error.message.split("'")[1]) if "'" in error.message else "?"
    return "?"


def problems(data: dict[str, Any], max_body_chars: int = DEFAULT_MAX_BODY_CHARS) -> list[tuple[str, str, str]]:
    """All problems of one item as (reason, field, message), most important first."""
    out: list[tuple[str, str, str]] = []
    body = data.get("body") or []
    if isinstance(body, list) and sum(len(p) for p in body if isinstance(p, str)) > max_body_chars:
        out.append(("too_large", "body", f"body longer than {max_body_chars} characters"))
    for error in validator().iter_errors(data):
        field = _field_of(error)
        if error.validator == "additionalProperties":
            reason, field = "invalid:unexpected_field", ",".join(
                sorted(set(data) - set(load_schema()["properties"]))
            )
        elif error.validator == "required" or (field in REQUIRED_FIELDS and data.get(field) is None):
            reason = f"missing:{field}"
        elif field == "body" and error.validator == "minItems":
            reason = "empty_body"
        else:
            reason = f"invalid:{field}"
        out.append((reason, field, error.message[:300]))
    rank = {"missing": 0, "empty_body": 1, "too_large": 2}
    order = {name: i for i, name in enumerate(load_schema()["properties"])}
    out.sort(key=lambda p: (rank.get(p[0].split(":")[0], 3), order.get(p[1], 99)))
    return out


class ValidatePipeline:
    def __init__(self, crawler: Crawler | None = None, max_body_chars: int = DEFAULT_MAX_BODY_CHARS) -> None:
        self.crawler = crawler
        self.max_body_chars = max_body_chars
        validator()  # compile once, and fail at start-up rather than on the first item if the schema is bad

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("JPCRAWL_MAX_BODY_CHARS", DEFAULT_MAX_BODY_CHARS))

    def process_item(self, item: Any) -> Any:
        data = ItemAdapter(item).asdict()
        found = problems(data, self.max_body_chars)
        if not found:
            if self.crawler is not None:
                self.crawler.stats.inc_value("jpcrawl/validate/ok")
            return item
        reason = found[0][0]
        fields = list(dict.fromkeys(f for _, f, _ in found))
        detail = {
            "messages": [f"{f}: {m}" for _, f, m in found],
            "values": {f: _snippet(data.get(f)) for f in fields if f in data and f != "body"},
        }
        if self.crawler is not None:
            Rejects.of(self.crawler).add(
                url=data.get("url"), reason=reason, stage="validate", fields=fields, detail=detail
            )
        raise RejectedItem(reason, f"{reason}: {data.get('url')}")


def _snippet(value: Any) -> Any:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return value if len(text) <= 200 else text[:200] + "…"
