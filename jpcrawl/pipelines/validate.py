"""Validate: check each cleaned item against the packaged JSON Schema; reject (never silently) what fails.

Reasons are short and machine-readable: "missing:<field>", "invalid:<field>", "empty_body", "too_large",
"invalid:unexpected_field", "offsite" (the item's URL is not on the crawled site's hosts: a page that
redirected, or a canonical link, took it elsewhere; checked first, since nothing else about it matters).
The first reason (missing > empty_body > invalid, in field order) names the record;
`fields` and `detail.messages` list every problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from jpcrawl import config
from jpcrawl.exceptions import RejectedItem
from jpcrawl.extensions.rejects import Rejects

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

# Fields that must be present and non-null (their schema type excludes null, so null means "missing").
REQUIRED_FIELDS = ("url", "title", "published_at", "section")


@dataclass(frozen=True)
class ValidateConfig:
    max_body_chars: int  # a longer body is a broken extraction, not an article: rejected as "too_large"

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> ValidateConfig:
        return cls(max_body_chars=config.getint(settings, "JPCRAWL_MAX_BODY_CHARS"))


def _load_schema() -> dict[str, Any]:
    # bytes: json.loads reads the encoding JSON allows (UTF-8) itself
    raw = resources.files("jpcrawl.schema").joinpath("article.schema.json").read_bytes()
    return dict(json.loads(raw))


# The helpers below are wrapped by calls, not decorators, so that mutation testing reaches their bodies.
load_schema = lru_cache(maxsize=1)(_load_schema)
_PROPERTIES = frozenset(load_schema()["properties"])


# jsonschema only checks "date-time"/"uri" when optional packages are installed; these two checks are what
# the feed contract means, so they are implemented here and never silently skipped.
FORMATS = FormatChecker(formats=())


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value and "t" not in value:
        return False
    parsed = datetime.fromisoformat(value)
    return parsed.utcoffset() is not None


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    date.fromisoformat(value)
    return len(value) == 10


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc) and not any(c in value for c in ' <>"{}|\\^`\n')


FORMATS.checks("date-time", raises=ValueError)(_is_datetime)
FORMATS.checks("date", raises=ValueError)(_is_date)
FORMATS.checks("uri", raises=ValueError)(_is_uri)


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with local "#/$defs/x" references replaced by their targets: same meaning, but reference
    resolution is most of jsonschema's cost per item."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1 + ("description" in node):
            return _inline_refs(defs[ref.rsplit("/", 1)[1]], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(_inline_refs(schema, schema["$defs"]), format_checker=FORMATS)


validator = lru_cache(maxsize=1)(_validator)


_SECTION = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
_OPTIONAL_TEXT = ("subtitle", "source", "dateline", "subsection")
_BOOLS = ("is_premium", "is_paywalled", "is_advertorial", "rendered")
_IMAGE_KEYS = frozenset(("url", "caption", "credit"))


def _text(v: Any) -> bool:
    return type(v) is str and len(v) > 0


def _texts(v: Any) -> bool:
    return type(v) is list and all(type(x) is str and x for x in v)


def _http_uri(v: Any) -> bool:
    return type(v) is str and v.startswith(("http://", "https://")) and _is_uri(v)


def _date_or_datetime(v: Any) -> bool:
    if type(v) is not str:
        return False
    try:
        return _is_datetime(v) or _is_date(v)
    except ValueError:
        try:
            return _is_date(v)
        except ValueError:
            return False


def fast_valid(data: dict[str, Any]) -> bool:
    """A hand-written check that is at least as strict as the schema (tests hold it to that): True means
    valid for sure; False means "ask jsonschema", which also produces the messages. jsonschema alone costs
    ~1.5 ms per article, over the pipeline's whole budget."""
    try:
        if data.keys() != _PROPERTIES:
            return False
        if not (_http_uri(data["url"]) and _text(data["title"])):
            return False
        if any(data[k] is not None and not _text(data[k]) for k in _OPTIONAL_TEXT):
            return False
        if any(type(data[k]) is not bool for k in _BOOLS):
            return False
        body = data["body"]
        if not (_texts(data["authors"]) and _texts(data["tags"]) and _texts(body)):
            return False
        if not body and not data["is_paywalled"]:
            return False
        if not _date_or_datetime(data["published_at"]):
            return False
        if data["modified_at"] is not None and not _date_or_datetime(data["modified_at"]):
            return False
        crawled = data["crawled_at"]
        if type(crawled) is not str or not _is_datetime(crawled):
            return False
        section = data["section"]
        if type(section) is not str or not _SECTION.match(section) or section.endswith("\n"):
            return False
        images = data["images"]
        if type(images) is not list:
            return False
        for image in images:
            if type(image) is not dict or "url" not in image or not image.keys() <= _IMAGE_KEYS:
                return False
            if type(image["url"]) is not str or not _is_uri(image["url"]):
                return False
            if any(image.get(k) is not None and not _text(image[k]) for k in ("caption", "credit")):
                return False
        if data["language"] not in ("en", "id", None) or data["schema_version"] != "1.0":
            return False
        wc, version, chash = data["word_count"], data["version"], data["content_hash"]
        if type(wc) is not int or wc < 0 or type(version) is not int or version < 1:
            return False
        if chash is not None and (type(chash) is not str or not _HASH.match(chash) or chash.endswith("\n")):
            return False
        alts = data["alternate_urls"]
        return type(alts) is list and all(_http_uri(u) for u in alts) and len(set(alts)) == len(alts)
    except (ValueError, TypeError, KeyError):
        return False


def _field_of(error: ValidationError) -> str:
    if error.absolute_path:
        return str(error.absolute_path[0])
    if error.validator == "required":
        # jsonschema names the property only in its message: "'title' is a required property"
        return str(error.message.split("'")[1])
    # The only other error about the item as a whole (it is always a dict here): keys the schema lacks.
    return ",".join(sorted(set(error.instance) - _PROPERTIES))


def problems(data: dict[str, Any], max_body_chars: int | None = None) -> list[tuple[str, str, str]]:
    """All problems of one item as (reason, field, message), most important first. No max_body_chars:
    JPCRAWL_MAX_BODY_CHARS's default."""
    if max_body_chars is None:
        max_body_chars = ValidateConfig.from_settings(None).max_body_chars
    out: list[tuple[str, str, str]] = []
    body = data.get("body") or []
    if isinstance(body, list) and sum(len(p) for p in body if isinstance(p, str)) > max_body_chars:
        out.append(("too_large", "body", f"body longer than {max_body_chars} characters"))
    if not out and fast_valid(data):
        return out
    for error in validator().iter_errors(data):
        field = _field_of(error)
        if error.validator == "additionalProperties":
            reason = "invalid:unexpected_field"
        elif error.validator == "required" or (field in REQUIRED_FIELDS and data.get(field) is None):
            reason = f"missing:{field}"
        elif field == "body" and error.validator == "minItems":
            reason = "empty_body"
        else:
            reason = f"invalid:{field}"
        out.append((reason, field, error.message[:300]))
    rank = {"missing": 0, "empty_body": 1, "too_large": 2}
    order = {name: i for i, name in enumerate(load_schema()["properties"])}
    # any other reason after the ranked ones; unexpected fields after the schema's
    out.sort(key=lambda p: (rank.get(p[0].split(":")[0], len(rank)), order.get(p[1], len(order))))
    return out


class ValidatePipeline:
    def __init__(self, crawler: Crawler | None = None, max_body_chars: int | None = None) -> None:
        self.crawler = crawler
        settings = crawler.settings if crawler is not None else None
        self.config = ValidateConfig.from_settings(settings)
        self.max_body_chars = self.config.max_body_chars if max_body_chars is None else max_body_chars
        self._on_site: Callable[[str], bool] | None = None
        validator()  # compile once, and fail at start-up rather than on the first item if the schema is bad

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        # A shallow view is enough (validation only reads) and much cheaper than asdict()'s deep copy.
        adapter = ItemAdapter(item)
        data = {name: adapter[name] for name in adapter}
        url = data.get("url")
        if isinstance(url, str) and not self.on_site(url):
            return self._reject(data, [("offsite", "url", f"{url} is not on the crawled site's hosts")])
        found = problems(data, self.max_body_chars)
        if not found:
            if self.crawler is not None:
                self.crawler.stats.inc_value("jpcrawl/validate/ok")
            return item
        return self._reject(data, found)

    def on_site(self, url: str) -> bool:
        """Whether a URL is on the spider's site: its profile's hosts (folded onto base_url), else its
        allowed_domains; True when the spider names neither (nothing to check against)."""
        if self._on_site is None:
            self._on_site = _site_check(getattr(self.crawler, "spider", None))
        return self._on_site(url)

    def _reject(self, data: dict[str, Any], found: list[tuple[str, str, str]]) -> Any:
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


def _site_check(spider: Any) -> Callable[[str], bool]:
    site, base = getattr(spider, "site", None), getattr(spider, "base_url", None)
    if site is not None and base:
        return lambda url: bool(site.is_site_url(url, base))
    domains = [d.lower() for d in getattr(spider, "allowed_domains", None) or () if d]
    if domains:

        def on_domains(url: str) -> bool:
            host = urlsplit(url).hostname  # lower-case already
            return host is not None and any(host == d or host.endswith("." + d) for d in domains)

        return on_domains
    return lambda url: True


def _snippet(value: Any) -> Any:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return value if len(text) <= 200 else text[:200] + "…"
