"""The run report: what a run did, as JSON, for people and for cron/systemd alerts.

`JPCRAWL_STATS_DUMP` (a path) writes the crawl's final stats there when the spider closes (`StatsDump`).

`RunReport` (extension) writes "<feed stem>.report.json" next to the run's first file feed (or
JPCRAWL_REPORT_URI, with %(name)s %(time)s %(day)s) when the engine stops, i.e. after the feeds are closed
and the state committed:

    {"status": "ok" | "failed" | "interrupted", "alerts": [{"kind", "message", ...}], "exit_status": 0|1,
     "spider", "finish_reason", "started_at", "finished_at", "duration_s", "feed",
     "pages": {"total", "rendered", "http", "listing", "article", "by_status"},
     "items": {"emitted", "new", "updated", "unchanged", "duplicate_url", "duplicate_content",
               "paywalled", "premium"},
     "incremental": {"known_skipped", "stopped_sections", "article_requests", "listing_entries"},
     "rejects": {reason: n}, "interstitials": {...}, "retries", "errors": {type: n}, "error_rate",
     "fill_rates": {field: share of emitted items with a non-empty value}, "baseline": {...},
     "fallbacks": {"parsed": n, "items": n, field: n}, "limit", "warnings", "state_committed"}

Status "failed" (exit status 1 from `scrapy crawl`), one alert per cause:
- login: finish_reason login_failed / session_expired (JPCRAWL_REQUIRE_LOGIN and the login failed);
- redis: finish_reason redis_unavailable (a distributed worker gave up on Redis, JPCRAWL_REDIS_GIVE_UP);
- no_articles: listings were fetched but gave no entries, or article pages were requested and none gave an
  article (selectors broke, or everything failed);
- error_rate: failed requests / requests > JPCRAWL_ALERT_MAX_ERROR_RATE (default 0.2);
- fallback: more than JPCRAWL_ALERT_MAX_FALLBACK_RATE of the parsed articles needed the generic readers for
  their body (the site's selectors no longer match its markup, though the items are still emitted);
- feed: a feed file could not be written completely (its directory unwritable, disk full, a file-size
  limit): items handed to a feed are not all in a stored file. The state is then not committed either
  (jpcrawl.pipelines.dedupe), so the next run re-emits them;
- rejects: reject records could not be written anywhere (jpcrawl/rejects/write_errors);
- state: the state store could not be opened (corrupt file), written by `scrapy crawl` before the crawl;
- error_rate also counts items a pipeline failed on (item_error, rejects reason "error:<Type>"): the alert
  fires when failed requests / requests or failed items / items exceeds the bound;
- fill_rate: a field filled in at least JPCRAWL_ALERT_FILL_MIN_BASELINE (0.2) of the baseline run's items
  fell below (1 - JPCRAWL_ALERT_FILL_DROP) (0.5) of that AND the shortfall is beyond chance (3 binomial
  standard deviations, so a 5-item hourly run of a healthy site does not alert but an all-empty field
  does); needs >= JPCRAWL_ALERT_MIN_ITEMS (5) emitted items. Fields in JPCRAWL_ALERT_FILL_IGNORE (default
  ["modified_at"]: depends on article age, not on selectors) are reported but never alert.
Status "interrupted" (exit status 1): stopped by a signal, or by CLOSESPIDER_ERRORCOUNT, before finishing.
A limit the user set (CLOSESPIDER_ITEMCOUNT, _PAGECOUNT, _TIMEOUT, _TIMEOUT_NO_ITEM, _PAGECOUNT_NO_ITEM)
is a normal finish: status "ok" when no alert, and "limit" names it (else null).
The report is named after the run: for a feed partitioned by %(section)s, after its template with
section "all" (jpcrawl.feeds.run_feed_path), not after one partition. "warnings" lists what went wrong
without failing the run (a feed that had items replaced by an empty one).

Baseline: the fill rates of the last "ok" run with >= JPCRAWL_ALERT_BASELINE_MIN_ITEMS (20) items, kept in
JPCRAWL_REPORT_BASELINE (default "<state db>.baseline.json" next to a sqlite state store; none for memory:).
A failed run never becomes the baseline, so a broken selector keeps alerting until fixed. Delete the file
to accept a deliberate change.

Where the report goes when its own directory cannot be written (the feed's directory is read-only or full):
the first writable of `jpcrawl.extensions.rejects.fallback_dirs()` (the state store's directory, then
./feeds/<name>/), logged at ERROR; if none is, the report is printed to stderr as one JSON line prefixed
"jpcrawl-report: ".
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import sys
from dataclasses import dataclass
from dataclasses import fields as dc_fields
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter
from scrapy.settings import BaseSettings

from jpcrawl import config
from jpcrawl.compat import extension
from jpcrawl.feeds import AtomicFileFeedStorage, emptied_feeds, file_feed_paths, run_feed_path
from jpcrawl.items import EXTRACTED_FIELDS, Article
from jpcrawl.run import is_distributed, run_params, state_side_file, write_json_atomic

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
# Finish reasons of limits the user set (Scrapy's CloseSpider extension): a normal finish. Not
# closespider_errorcount: that limit stops a run because it is failing.
LIMIT_REASONS = frozenset(
    {
        "closespider_itemcount",
        "closespider_pagecount",
        "closespider_timeout",
        "closespider_timeout_no_item",
        "closespider_pagecount_no_item",
    }
)

# Booleans always have a value; bookkeeping fields are set by the crawler, not extracted.
FILL_FIELDS = tuple(
    f.name for f in dc_fields(Article) if f.name in EXTRACTED_FIELDS and f.type not in ("bool", bool)
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ReportConfig:
    """The run report's settings (defaults: jpcrawl/settings.py)."""

    enabled: bool
    uri: str | None
    baseline: str | None
    max_error_rate: float
    max_fallback_rate: float
    fill_drop: float
    fill_min_baseline: float
    fill_ignore: frozenset[str]
    min_items: int
    baseline_min_items: int
    stats_dump: str | None

    @classmethod
    def from_settings(cls, settings: BaseSettings | None) -> ReportConfig:
        return cls(
            enabled=config.getbool(settings, "JPCRAWL_REPORT_ENABLED"),
            uri=config.setting(settings, "JPCRAWL_REPORT_URI") or None,
            baseline=config.setting(settings, "JPCRAWL_REPORT_BASELINE") or None,
            max_error_rate=config.getfloat(settings, "JPCRAWL_ALERT_MAX_ERROR_RATE"),
            max_fallback_rate=config.getfloat(settings, "JPCRAWL_ALERT_MAX_FALLBACK_RATE"),
            fill_drop=config.getfloat(settings, "JPCRAWL_ALERT_FILL_DROP"),
            fill_min_baseline=config.getfloat(settings, "JPCRAWL_ALERT_FILL_MIN_BASELINE"),
            # modified_at depends on the articles' age (new ones are rarely modified yet), not on selectors.
            fill_ignore=frozenset(config.getlist(settings, "JPCRAWL_ALERT_FILL_IGNORE")),
            min_items=config.getint(settings, "JPCRAWL_ALERT_MIN_ITEMS"),
            baseline_min_items=config.getint(settings, "JPCRAWL_ALERT_BASELINE_MIN_ITEMS"),
            stats_dump=config.setting(settings, "JPCRAWL_STATS_DUMP") or None,
        )


class StatsDump:
    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsDump:
        path = ReportConfig.from_settings(crawler.settings).stats_dump
        if not path:
            raise NotConfigured  # optional and off: no "Disabled" warning on a healthy run
        ext = cls(crawler, path)
        # After every other spider_closed handler has counted its last numbers.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = {k: _jsonable(v) for k, v in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = reason
        tmp = f"{self.path}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(stats, fh, indent=1, sort_keys=True)
        os.replace(tmp, self.path)


def report_path_for(feed_path: str | Path) -> Path:
    """feeds/x/x-T.jsonl.gz -> feeds/x/x-T.report.json"""
    from jpcrawl.extensions.rejects import rejects_path_for

    p = rejects_path_for(feed_path)
    return p.with_name(p.name[: -len(".rejects.jsonl")] + ".report.json")


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (str, list, dict, tuple)):
        return bool(value)
    return True


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def fill_rate_alerts(
    rates: dict[str, float],
    n: int,
    baseline: dict[str, Any] | None,
    *,
    drop: float | None = None,
    min_items: int | None = None,
    min_baseline: float | None = None,
) -> list[dict[str, Any]]:
    """Fields whose fill rate fell well below the baseline's. Unset thresholds: jpcrawl/settings.py's."""
    defaults = ReportConfig.from_settings(None)
    drop = defaults.fill_drop if drop is None else drop
    min_items = defaults.min_items if min_items is None else min_items
    min_baseline = defaults.fill_min_baseline if min_baseline is None else min_baseline
    if not baseline or n < min_items:
        return []
    out = []
    for name, base in (baseline.get("fill_rates") or {}).items():
        if name not in rates or base < min_baseline:
            continue
        rate = rates[name]
        sd = math.sqrt(n * base * (1 - base)) or 1.0
        if rate < base * (1 - drop) and (base - rate) * n > 3 * sd:
            out.append(
                {
                    "kind": "fill_rate",
                    "field": name,
                    "rate": round(rate, 3),
                    "baseline": round(base, 3),
                    "message": f"field {name!r} filled in {rate:.0%} of {n} items, "
                    f"{base:.0%} in the baseline run: selectors may have broken",
                }
            )
    return out


class RunReport:
    """Extension (EXTENSIONS = {"jpcrawl.extensions.report.RunReport": 910}). See the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = cfg = ReportConfig.from_settings(crawler.settings)
        self.uri = cfg.uri
        self.max_error_rate = cfg.max_error_rate
        self.fill_drop = cfg.fill_drop
        self.min_items = cfg.min_items
        self.max_fallback_rate = cfg.max_fallback_rate
        self.fill_min_baseline = cfg.fill_min_baseline
        self.baseline_min_items = cfg.baseline_min_items
        self.fill_ignore = set(cfg.fill_ignore)
        self.filled: dict[str, int] = dict.fromkeys(FILL_FIELDS, 0)
        self.emitted = 0
        self.paywalled = 0
        self.premium = 0
        self.feed: str | None = None
        self.path: Path | None = None
        self.baseline_path: Path | None = None
        self.report: dict[str, Any] | None = None
        self.written_to: Path | None = None
        # Per feed URI template: items handed to it, and items in a file that was stored completely.
        self.exporter: FeedExporter | None = None
        self.feed_expected: dict[str, int] = {}
        self.feed_delivered: dict[str, int] = {}
        self.feed_failures: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        if not ReportConfig.from_settings(crawler.settings).enabled:
            raise NotConfigured  # switched off on purpose (and by the inspection commands): no warning
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.feed_slot_closed, signal=signals.feed_slot_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    @staticmethod
    def of(crawler: Crawler) -> RunReport | None:
        return extension(crawler, RunReport)

    # -- paths ---------------------------------------------------------------------------------------

    def spider_opened(self) -> None:
        self.exporter = extension(self.crawler, FeedExporter)
        self.resolve_paths()

    def resolve_paths(self) -> None:
        feeds = file_feed_paths(self.crawler)
        self.feed = feeds[0] if feeds else None
        named_after = run_feed_path(self.crawler)
        params = run_params(self.crawler)
        if self.uri:
            self.path = Path(self.uri % params)
        elif named_after:
            self.path = report_path_for(named_after)
        else:
            self.path = Path("feeds/{name}/{name}-{time}.report.json".format(**params))
        explicit = self.config.baseline
        if explicit:
            self.baseline_path = Path(str(explicit) % params)
        else:
            self.baseline_path = state_side_file(self.crawler.settings, params["name"], ".baseline.json")

    # -- counting ------------------------------------------------------------------------------------

    def item_scraped(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        self.emitted += 1
        for name in FILL_FIELDS:
            if _filled(adapter.get(name)):
                self.filled[name] += 1
        self.paywalled += bool(adapter.get("is_paywalled"))
        self.premium += bool(adapter.get("is_premium"))
        if self.exporter is not None:
            for slot in self.exporter.slots:
                if slot.filter.accepts(item):
                    key = slot.uri_template
                    self.feed_expected[key] = self.feed_expected.get(key, 0) + 1

    def feed_slot_closed(self, slot: Any) -> None:
        storage = slot.storage
        if isinstance(storage, AtomicFileFeedStorage) and not storage.completed:
            self.feed_failures.append(f"{slot.uri}: {storage.error or 'not stored'}")
            return
        key = slot.uri_template
        self.feed_delivered[key] = self.feed_delivered.get(key, 0) + int(slot.itemcount)

    def feed_alerts(self, st: dict[str, Any]) -> list[dict[str, Any]]:
        problems = list(self.feed_failures)
        for key, expected in sorted(self.feed_expected.items()):
            delivered = self.feed_delivered.get(key, 0)
            if delivered < expected:
                problems.append(f"{key}: {expected - delivered} of {expected} items not in a stored file")
        failed = sum(int(v) for k, v in st.items() if k.startswith("feedexport/failed_count/"))
        if failed and not problems:
            problems.append(f"{failed} feeds failed to store")
        if not problems:
            return []
        return [
            {
                "kind": "feed",
                "feeds": problems,
                "message": f"feed not written completely: {'; '.join(problems)} "
                "(state not committed: the next run re-emits these items)",
            }
        ]

    # -- the report ----------------------------------------------------------------------------------

    def _baseline(self) -> dict[str, Any] | None:
        if self.baseline_path is None or not self.baseline_path.exists():
            return None
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.baseline_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else None
        return None

    def build(self) -> dict[str, Any]:
        assert self.crawler.stats is not None
        st = self.crawler.stats.get_stats()
        reason = st.get("finish_reason")
        started = st.get("start_time")
        finished = st.get("finish_time") or datetime.now(timezone.utc)
        duration = (finished - started).total_seconds() if isinstance(started, datetime) else None
        dedupe = _prefixed(st, "jpcrawl/dedupe/")
        errors: dict[str, int] = {}
        for prefix in ("jpcrawl/errors/", "spider_exceptions/"):
            for k, v in _prefixed(st, prefix).items():
                errors[k] = errors.get(k, 0) + int(v)
        ignored = int(st.get("httperror/response_ignored_count", 0))
        if ignored:
            errors["http_status_ignored"] = errors.get("http_status_ignored", 0) + ignored
        responses = int(st.get("response_received_count", 0))
        failed_requests = sum(v for k, v in errors.items() if k != "http_status_ignored") + ignored
        error_rate = failed_requests / max(1, responses + failed_requests - ignored)
        # Items a pipeline failed on (not DropItem): in the rejects file as "error:<Type>".
        item_errors = {
            k[len("error:") :]: int(v)
            for k, v in _prefixed(st, "jpcrawl/rejects/").items()
            if k.startswith("error:")
        }
        failed_items = sum(item_errors.values())
        items_processed = (
            int(st.get("item_scraped_count", 0)) + int(st.get("item_dropped_count", 0)) + failed_items
        )
        item_error_rate = failed_items / max(1, items_processed)
        for kind, count in item_errors.items():
            errors[f"item:{kind}"] = errors.get(f"item:{kind}", 0) + count
        n = self.emitted
        rates = {name: (self.filled[name] / n if n else 0.0) for name in FILL_FIELDS}
        listing_pages = int(st.get("jpcrawl/listing/pages", 0))
        listing_entries = int(st.get("jpcrawl/listing/entries", 0))
        article_requests = int(st.get("jpcrawl/listing/article_requests", 0))
        articles_seen = n + sum(
            int(dedupe.get(k, 0)) for k in ("unchanged", "duplicate_url", "duplicate_content")
        ) + int(st.get("jpcrawl/rejects/total", 0))
        baseline = self._baseline()

        alerts: list[dict[str, Any]] = self.feed_alerts(st)
        write_errors = int(st.get("jpcrawl/rejects/write_errors", 0))
        if write_errors:
            alerts.append(
                {"kind": "rejects", "message": f"{write_errors} reject records could not be written"}
            )
        if reason in ("login_failed", "session_expired"):
            alerts.append({"kind": "login", "message": f"the required login failed ({reason})"})
        elif reason == "redis_unavailable":  # jpcrawl.distributed: gave up after JPCRAWL_REDIS_GIVE_UP
            alerts.append({"kind": "redis", "message": "Redis was unavailable: the worker gave up"})
        # A distributed worker sees only its share: one that drew nothing but past-the-end listing pages is
        # fine, so totals are not judged per worker.
        if is_distributed(self.crawler.settings):
            pass
        elif listing_pages and not listing_entries:
            alerts.append(
                {
                    "kind": "no_articles",
                    "message": f"{listing_pages} listing pages gave no entries: listing selectors broke?",
                }
            )
        elif article_requests and not articles_seen:
            alerts.append(
                {
                    "kind": "no_articles",
                    "message": f"{article_requests} article pages requested, no article came out",
                }
            )
        if error_rate > self.max_error_rate and failed_requests:
            alerts.append(
                {
                    "kind": "error_rate",
                    "rate": round(error_rate, 3),
                    "message": f"{failed_requests} failed requests ({error_rate:.0%} > "
                    f"{self.max_error_rate:.0%})",
                }
            )
        if item_error_rate > self.max_error_rate and failed_items:
            alerts.append(
                {
                    "kind": "error_rate",
                    "rate": round(item_error_rate, 3),
                    "message": f"{failed_items} of {items_processed} items failed in a pipeline "
                    f"({item_error_rate:.0%} > {self.max_error_rate:.0%}): "
                    + ", ".join(f"{k} x{v}" for k, v in sorted(item_errors.items())),
                }
            )
        alerts += fill_rate_alerts(
            {k: v for k, v in rates.items() if k not in self.fill_ignore},
            n,
            baseline,
            drop=self.fill_drop,
            min_items=self.min_items,
            min_baseline=self.fill_min_baseline,
        )
        parsed = int(st.get("jpcrawl/article/parsed", 0))
        fallbacks = {k: int(v) for k, v in _prefixed(st, "jpcrawl/fallback/").items()}
        fallback_rate = fallbacks.get("body", 0) / parsed if parsed else 0.0
        if fallback_rate > self.max_fallback_rate and parsed >= self.min_items:
            alerts.append(
                {
                    "kind": "fallback",
                    "rate": round(fallback_rate, 3),
                    "message": f"{fallbacks['body']} of {parsed} article bodies came from the generic "
                    f"readers ({fallback_rate:.0%} > {self.max_fallback_rate:.0%}): the site's selectors "
                    "no longer match its markup",
                }
            )
        limit = reason if reason in LIMIT_REASONS else None
        if alerts:
            status = "failed"
        elif reason != "finished" and limit is None:
            status = "interrupted"
        else:
            status = "ok"
        return {
            "status": status,
            "exit_status": EXIT_OK if status == "ok" else EXIT_FAILED,
            "alerts": alerts,
            "spider": self.crawler.spider.name if self.crawler.spider else self.crawler.spidercls.name,
            "finish_reason": reason,
            "limit": limit,
            "warnings": [
                {"kind": "feed_emptied", "feed": p, "message": f"{p}: a feed with items became empty"}
                for p in emptied_feeds(self.crawler)
            ],
            "started_at": _jsonable(started),
            "finished_at": _jsonable(finished),
            "duration_s": round(duration, 1) if duration is not None else None,
            "feed": self.feed,
            "pages": {
                "total": responses,
                "rendered": int(st.get("jpcrawl/render/browser", 0)),
                "http": int(st.get("jpcrawl/render/http", 0)),
                "listing": listing_pages,
                "article": int(st.get("jpcrawl/render/browser/article", 0))
                + int(st.get("jpcrawl/render/http/article", 0)),
                "by_status": _prefixed(st, "downloader/response_status_count/"),
            },
            "items": {
                "emitted": n,
                "new": int(dedupe.get("new", 0)),
                "updated": int(dedupe.get("updated", 0)),
                "unchanged": int(dedupe.get("unchanged", 0)),
                "duplicate_url": int(dedupe.get("duplicate_url", 0)),
                "duplicate_content": int(dedupe.get("duplicate_content", 0)),
                "paywalled": self.paywalled,
                "premium": self.premium,
            },
            "incremental": {
                "listing_entries": listing_entries,
                "article_requests": article_requests,
                "known_skipped": int(st.get("jpcrawl/incremental/known", 0)),
                "stopped_sections": int(st.get("jpcrawl/incremental/stopped_sections", 0)),
                "resumed": bool(st.get("jpcrawl/resume/resumed")),
            },
            "rejects": {k: v for k, v in _prefixed(st, "jpcrawl/rejects/").items() if k != "total"},
            "interstitials": _prefixed(st, "jpcrawl/interstitial/"),
            "retries": int(st.get("retry/count", 0)),
            "retries_gave_up": int(st.get("retry/max_reached", 0)),
            "errors": errors,
            "error_rate": round(error_rate, 4),
            "item_error_rate": round(item_error_rate, 4),
            "fill_rates": {k: round(v, 4) for k, v in rates.items()},
            # Fields the generic readers filled because the site's selectors found nothing (items: articles
            # with at least one), out of `parsed` article pages.
            "fallbacks": {"parsed": parsed, **fallbacks},
            "baseline": {
                "path": str(self.baseline_path) if self.baseline_path else None,
                "items": (baseline or {}).get("items"),
                "fill_rates": (baseline or {}).get("fill_rates"),
            },
            "state_committed": st.get("jpcrawl/state/committed"),
        }

    def write(self, report: dict[str, Any]) -> Path | None:
        """Write the report where it belongs, else in a fallback directory, else to stderr: a run that
        failed because its directory is unwritable must still say so."""
        from jpcrawl.extensions.rejects import fallback_dirs

        if self.path is None:
            return None
        error: OSError | None = None
        for path in dict.fromkeys([self.path, *(d / self.path.name for d in fallback_dirs(self.crawler))]):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_json_atomic(path, report)
            except OSError as exc:
                error = error or exc
                with contextlib.suppress(OSError):
                    path.with_name(path.name + ".part").unlink(missing_ok=True)
                continue
            if path != self.path:
                logger.error("cannot write the report to %s (%s): wrote it to %s", self.path, error, path)
            return path
        logger.error(
            "cannot write the report to %s (%s) or any fallback: printing it to stderr", self.path, error
        )
        print("jpcrawl-report: " + json.dumps(report, ensure_ascii=False, sort_keys=True), file=sys.stderr)
        sys.stderr.flush()
        return None

    def engine_stopped(self) -> None:
        report = self.build()
        self.report = report
        self.written_to = self.write(report)
        for alert in report["alerts"]:
            logger.error("ALERT %s: %s", alert["kind"], alert["message"])
        logger.info(
            "run %s: %d items (%d new, %d updated), %d pages, %d errors; report %s",
            report["status"],
            report["items"]["emitted"],
            report["items"]["new"],
            report["items"]["updated"],
            report["pages"]["total"],
            sum(report["errors"].values()),
            self.written_to or "on stderr",
        )
        n = report["items"]["emitted"]
        if self.baseline_path is not None and report["status"] == "ok" and n >= self.baseline_min_items:
            try:
                self.baseline_path.parent.mkdir(parents=True, exist_ok=True)
                write_json_atomic(
                    self.baseline_path,
                    {"items": n, "fill_rates": report["fill_rates"], "report": str(self.written_to)},
                )
            except OSError as exc:  # the run itself is fine; the next one compares with the old baseline
                logger.error("could not update the fill-rate baseline %s: %s", self.baseline_path, exc)


def state_failure_report(crawler: Crawler, error: BaseException) -> dict[str, Any]:
    """The report of a run that could not start because its state store is unusable (written by
    `scrapy crawl` before the crawl, where the report would have gone)."""
    errors = {f"state:{type(error).__name__}": 1}
    return failure_report(crawler, "state", str(error), "state_unusable", errors)


def failure_report(
    crawler: Crawler, kind: str, message: str, finish_reason: str, errors: dict[str, int] | None = None
) -> dict[str, Any]:
    """A report for a run that never got to write its own (it did not start, or its start failed)."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    ext = RunReport(crawler)
    ext.resolve_paths()
    report: dict[str, Any] = {
        "status": "failed",
        "exit_status": EXIT_FAILED,
        "alerts": [{"kind": kind, "message": message}],
        "spider": crawler.spidercls.name,
        "finish_reason": finish_reason,
        "started_at": now.isoformat(),
        "finished_at": now.isoformat(),
        "duration_s": 0.0,
        "feed": ext.feed,
        "items": {"emitted": 0},
        "errors": dict(errors or {}),
        "state_committed": None,
    }
    ext.report = report
    ext.written_to = ext.write(report)
    logger.error("ALERT %s: %s", kind, message)
    logger.info("run failed before it started; report %s", ext.written_to or "on stderr")
    return report
