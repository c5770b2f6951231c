"""JSON (not pickle) request serialisation for the shared queue: no code runs from a shared Redis."""

from __future__ import annotations

import base64
import json
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

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


# Set on a request taken from Redis (its field in this worker's lease hash); never travels.
LEASE_META = "jpcrawl_lease"


def encode_request(request: Request, spider: Spider | None) -> bytes:
    """request.to_dict as JSON; an object, lambda or non-spider callback raises UnserializableRequest."""
    try:
        d = request.to_dict(spider=spider)
        if LEASE_META in d["meta"]:
            d["meta"] = {k: v for k, v in d["meta"].items() if k != LEASE_META}
        # Header names are bytes (JSON keys must be text); they are ASCII. Values go as tagged base64.
        d["headers"] = {k.decode("latin-1"): v for k, v in d.get("headers", {}).items()}
        return JsonSerializer.dumps(d)
    except (TypeError, ValueError) as exc:
        bad = [k for k, v in request.meta.items() if not _plain(v)]
        raise UnserializableRequest(f"{request}: cannot go through Redis ({exc}; meta keys: {bad})") from exc


def decode_request(data: bytes, spider: Spider | None) -> Request:
    """A queued request, checked as untrusted input first (see check_request_dict): RefusedRequest if it
    asks for anything the project itself never puts in a queued request."""
    try:
        d = JsonSerializer.loads(data)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise RefusedRequest("malformed", f"not a JSON request: {exc}") from exc
    check_request_dict(d, spider)
    try:
        return request_from_dict(d, spider=spider)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise RefusedRequest("malformed", str(exc)[:200]) from exc


# -- Redis is input: what a queued request may ask for -------------------------------------------------------


class RefusedRequest(ValueError):
    """A request read from Redis that this worker will not run; `why` names the rule (a stats key part)."""

    def __init__(self, why: str, detail: str) -> None:
        super().__init__(f"{why}: {detail}")
        self.why = why
        self.detail = detail


# Meta keys a queued request may carry: what the project's own components and Scrapy's request path put
# into a request that goes through the scheduler (a retry or redirect copies the meta of a downloaded one).
# Anything else (proxy, bindaddress, dont_obey_robotstxt, download_maxsize, playwright_page_* callables
# and page methods, playwright_include_page, HAR paths...) is refused: a shared Redis is not trusted with
# choosing where or how this worker connects, nor with switching off its rules.
_META_TYPES: dict[str, tuple[type, ...]] = {
    "depth": (int,),
    "retry_times": (int,),
    "is_start_request": (bool,),
    "download_latency": (int, float),
    "download_timeout": (int, float),
    "download_slot": (str,),
    "redirect_times": (int,),
    "redirect_ttl": (int,),
    "redirect_urls": (list,),
    "redirect_reasons": (list,),
    "_scheme_proxy": (bool,),
    "playwright": (bool,),
    "playwright_context": (str,),
    "playwright_context_kwargs": (dict,),
}
# jpcrawl_* keys that only this process may set: the login flow's marker, the lease.
_LOCAL_ONLY = {"jpcrawl_session_login", LEASE_META}
# Context options the browser handler itself sets (jpcrawl.browser); it replaces them for its own contexts.
_CONTEXT_KWARGS: dict[str, type] = {
    "user_agent": str,
    "java_script_enabled": bool,
    "service_workers": str,
    "storage_state": str,
}
_TOP_LEVEL = {
    "url", "callback", "errback", "method", "headers", "body", "cookies", "meta", "encoding", "priority",
    "dont_filter", "flags", "cb_kwargs",
}  # fmt: skip
_METHODS = {"GET", "HEAD", "POST"}


def spider_callbacks(spider: Spider | None) -> set[str]:
    """Names a queued request may use as callback/errback: public methods the spider's own classes define
    (not scrapy.Spider's machinery such as close, start or from_crawler)."""
    if spider is None:
        return set()
    from scrapy import Spider as BaseSpider

    names: set[str] = set()
    for cls in type(spider).__mro__:
        if cls is BaseSpider or not issubclass(cls, BaseSpider):
            continue
        for name, value in vars(cls).items():
            if name.startswith("_") or isinstance(value, classmethod | staticmethod) or not callable(value):
                continue
            if hasattr(BaseSpider, name) and name != "parse":  # parse: the conventional callback
                continue
            names.add(name)
    return names


def check_request_dict(d: Any, spider: Spider | None) -> None:
    """Raise RefusedRequest unless `d` (a decoded queued request) is one the project could have queued."""
    if not isinstance(d, dict):
        raise RefusedRequest("malformed", f"a {type(d).__name__}, not a request")
    if "_class" in d:  # request_from_dict would import and build any class named here
        raise RefusedRequest("class", f"request class {str(d['_class'])[:100]!r}")
    extra = sorted(set(d) - _TOP_LEVEL)
    if extra:
        raise RefusedRequest("field", f"unknown fields {extra[:5]}")
    url = d.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise RefusedRequest("url", f"not an http(s) URL: {str(url)[:100]!r}")
    if d.get("method", "GET") not in _METHODS:
        raise RefusedRequest("method", f"method {str(d.get('method'))[:20]!r}")
    allowed = spider_callbacks(spider)
    for key in ("callback", "errback"):
        name = d.get(key)
        if name is not None and (not isinstance(name, str) or name not in allowed):
            raise RefusedRequest("callback", f"{key} {str(name)[:60]!r} is not one of the spider's callbacks")
    for key, kind in (("priority", int), ("dont_filter", bool), ("flags", list), ("cb_kwargs", dict)):
        if key in d and not isinstance(d[key], kind):
            raise RefusedRequest("field", f"{key} is a {type(d[key]).__name__}")
    # The project queues neither: cookies would be sent to the site as given, cb_kwargs go into callbacks.
    for key in ("cookies", "cb_kwargs"):
        if d.get(key):
            raise RefusedRequest("field", f"{key} is not empty")
    meta = d.get("meta", {})
    if not isinstance(meta, dict):
        raise RefusedRequest("meta", "meta is not a mapping")
    for key, value in meta.items():
        _check_meta(str(key), value, url)


def _check_meta(key: str, value: Any, url: str) -> None:
    if key.startswith("jpcrawl_"):
        if key in _LOCAL_ONLY:
            raise RefusedRequest("meta", f"meta key {key!r} is never queued")
        return
    kinds = _META_TYPES.get(key)
    if kinds is None:
        raise RefusedRequest("meta", f"meta key {key[:60]!r} is not allowed from Redis")
    if not _is(value, kinds):
        raise RefusedRequest("meta", f"meta {key!r} is a {type(value).__name__}")
    if key == "download_slot" and value != urlsplit(url).hostname:
        # Scrapy's own slot is the request's host; another one would dodge the per-host concurrency.
        raise RefusedRequest("meta", f"download_slot {value[:60]!r} is not the request's host")
    if key == "download_timeout" and not 0 < value <= 600:
        raise RefusedRequest("meta", f"download_timeout {value!r}")
    if key == "playwright_context":
        from jpcrawl.browser import CONTEXT_PREFIX

        if value != "default" and not value.startswith(CONTEXT_PREFIX):
            # Another name would make the handler build a context with the request's own options.
            raise RefusedRequest("meta", f"playwright_context {value[:60]!r}")
    if key == "playwright_context_kwargs":
        for name, option in value.items():
            kind = _CONTEXT_KWARGS.get(name)
            if kind is None or not isinstance(option, kind):
                raise RefusedRequest("meta", f"playwright_context_kwargs option {str(name)[:60]!r}")


def _plain(value: Any) -> bool:
    try:
        JsonSerializer.dumps({"v": value})
    except (TypeError, ValueError):
        return False
    return True


def _is(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in kinds:  # True is an int to isinstance, not to us
        return False
    return isinstance(value, kinds)
