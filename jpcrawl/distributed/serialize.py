"""JSON (not pickle) request serialisation for the shared queue: no code runs from a shared Redis."""

from __future__ import annotations

import base64
import json
import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.utils.request import request_from_dict

if TYPE_CHECKING:
    from scrapy import Spider

logger = logging.getLogger(__name__)


def _default(obj: Any) -> Any:
    if isinstance(obj, bytes):
        return {"__b64__": base64.b64encode(obj).decode("ascii")}
    raise TypeError(f"{type(obj).__name__} is not plain data")


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "__b64__" in obj:
        return base64.b64decode(obj["__b64__"])
    return obj


class JsonSerializer:
    """The scheduler queue's serializer (scrapy-redis calls dumps/loads). Only plain data passes."""

    @staticmethod
    def dumps(obj: dict[str, Any]) -> bytes:
        return json.dumps(obj, default=_default, separators=(",", ":"), sort_keys=True).encode("utf-8")

    @staticmethod
    def loads(data: bytes | str) -> dict[str, Any]:
        out: dict[str, Any] = json.loads(data, object_hook=_hook)
        return out


class UnserializableRequest(TypeError):
    pass


def encode_request(request: Request, spider: Spider | None) -> bytes:
    """request.to_dict as JSON; an object, lambda or non-spider callback raises UnserializableRequest."""
    try:
        d = request.to_dict(spider=spider)
        # Header names are bytes (JSON keys must be text); they are ASCII. Values go as tagged base64.
        d["headers"] = {k.decode("latin-1"): v for k, v in d.get("headers", {}).items()}
        return JsonSerializer.dumps(d)
    except (TypeError, ValueError) as exc:
        bad = [k for k, v in request.meta.items() if not _plain(v)]
        raise UnserializableRequest(f"{request}: cannot go through Redis ({exc}; meta keys: {bad})") from exc


def decode_request(data: bytes, spider: Spider | None) -> Request:
    return request_from_dict(JsonSerializer.loads(data), spider=spider)


def _plain(value: Any) -> bool:
    try:
        JsonSerializer.dumps({"v": value})
    except (TypeError, ValueError):
        return False
    return True
