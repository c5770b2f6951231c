"""Pure text, date and URL functions used by the page objects.

Nothing here touches the network, the clock or a site's markup: every function is a plain function of its
arguments (time-dependent ones take an explicit `now`), so it can be unit- and property-tested in isolation.
Site knowledge (agency names, boilerplate phrases, selectors) stays in `jpcrawl/pages/<site>.py`.

Date policy (documented here once): values keep the offset the page gives; a naive date-time gets the
site's `default_tz` only when the caller passes one (the site documents its zone, e.g. WIB +07:00, which is
not inventing a time); a date-only value stays date-only ("2023-05-24"), never padded to midnight; anything
that does not parse is None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from itemloaders.processors import MapCompose
from w3lib.html import replace_entities
from w3lib.url import safe_url_string

_WS = re.compile(r"\s+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


# --- text --------------------------------------------------------------------------------------------------


def normalize_space(text: str | None) -> str:
    """Collapse every whitespace run (incl. NBSP, newlines) to one space and strip; drop zero-width chars."""
    if not text:
        return ""
    return _WS.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def clean_text(text: str | None, *, entities: bool = False) -> str | None:
    """normalize_space, optionally decoding HTML entities (JSON-LD strings may carry `&#039;`); '' -> None."""
    if text is None:
        return None
    if not isinstance(text, str):
        return None
    if entities:
        text = replace_entities(text)
    out = normalize_space(text)
    return out or None


_CLEAN_EACH = MapCompose(clean_text)


def dedupe(items: Iterable[str]) -> list[str]:
    """Order-preserving de-duplication."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def split_keywords(value: str | None) -> list[str]:
    """`meta[name=keywords]` -> tag slugs: comma-separated, stripped, no empties, order kept, deduped."""
    if not value:
        return []
    # MapCompose drops what clean_text turns into None: the empty pieces of "a, , b,".
    return dedupe(_CLEAN_EACH(value.split(",")))


def _norm_label(text: str) -> str:
    return normalize_space(text.casefold().replace("-", " ").replace("_", " ").replace("&", "and"))


def strip_title_suffix(title: str | None, site_name: str, labels: Iterable[str] = ()) -> str | None:
    """"Headline - Section - Site" -> "Headline".

    The site name is removed when it ends the title. The section segment is removed only when it matches one
    of `labels` (URL section, breadcrumb entries, known section names): headlines may contain " - " too
    ("record - in video games"), so a blind rsplit would cut them.
    """
    text = clean_text(title)
    if not text:
        return None
    for sep in (" - ", " | ", " – ", " — "):
        suffix = f"{sep}{site_name}"
        if text.casefold().endswith(suffix.casefold()):
            text = text[: -len(suffix)]
            break
    known = {_norm_label(x) for x in labels if x}
    for sep in (" - ", " | ", " – ", " — "):
        if sep in text:
            head, _, last = text.rpartition(sep)
            if head and _norm_label(last) in known:
                text = head
            break
    return text or None


_TRAILING_PARENS = re.compile(r"^(?P<text>.*?)\s*\((?P<paren>[^()]*)\)\s*$", re.S)


def split_trailing_parens(text: str | None) -> tuple[str | None, str | None]:
    """"Text (X)" -> ("Text", "X"); no final parentheses -> (text, None). Both parts whitespace-normalised."""
    text = normalize_space(text)
    if not text:
        return None, None
    m = _TRAILING_PARENS.match(text)
    if not m:
        return text, None
    return (normalize_space(m.group("text")) or None), (normalize_space(m.group("paren")) or None)


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """Figure caption -> (caption, credit); the credit is the final parenthesised group.

    "Caption text. (AFP/Pierre-Philippe MARCOU )" -> ("Caption text.", "AFP/Pierre-Philippe MARCOU").
    A long parenthetical (> 80 chars) is part of the caption, not a credit.
    """
    caption, credit = split_trailing_parens(text)
    if credit is not None and len(credit) > 80:
        return normalize_space(text) or None, None
    return caption, credit


_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,|\s+and\s+|\s*&\s*|;)\s*", re.I)
_BY_PREFIX = re.compile(r"^(?:by|oleh)\s+", re.I)


def split_byline(byline: str | None, agencies: Iterable[str] = ()) -> tuple[list[str], str | None]:
    """Byline -> (authors, source).

    "A and B (The Daily)" -> (["A", "B"], "The Daily"); "A, B and C (Reuters)" -> three names +
    "Reuters"; "(Reuters)" -> ([], "Reuters"); a bare agency name ("Reuters") -> ([], "Reuters");
    "A, The Daily, Springfield"-style: a name-list entry that is a known agency (`agencies`, which a site
    profile gives with its own name in it) becomes the source (and entries after it are dropped as the old
    dateline). Otherwise source is None.
    """
    text = normalize_space(byline)
    if not text:
        return [], None
    agencies = tuple(agencies)
    known = {a.casefold(): a for a in agencies}
    # An acronym ("ANN", "AP") is an agency in a name list only as written: a writer may be called Ann.
    acronyms = {a for a in agencies if a.isupper()}
    names_part, source = split_trailing_parens(text)
    if source is not None:
        source = known.get(source.casefold(), source)
    names_part = _BY_PREFIX.sub("", names_part or "")
    parts = [normalize_space(p) for p in _NAME_SPLIT.split(names_part) if normalize_space(p)]
    authors: list[str] = []
    for part in parts:
        agency = known.get(part.casefold())
        if agency is not None and (agency not in acronyms or part == agency):
            if source is None:
                source = agency
            break  # what follows an agency in an old-style byline is the dateline
        authors.append(part)
    return dedupe(authors), source


# --- dates -------------------------------------------------------------------------------------------------

# Date text is cut to this many characters before any pattern runs: a real date field ("Published on
# 2023-05-24T16:38:14+07:00", "Sat, April 25, 2020 08:40 am", "7 hours ago") is far shorter, and a hostile
# one (10,000 digits) then costs microseconds and never reaches int() with thousands of digits.
MAX_DATE_CHARS = 200
# Every quantifier below is bounded: an unbounded \d+ tried at each position of a long digit run is
# quadratic.
_ISO_DT = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,32})?)?)"
    r"\s{0,4}(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_MONTHS = {m.casefold(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_TEXT_DATE = re.compile(
    r"(?P<month>[A-Za-z]{3,9})\.?\s{1,4}(?P<day>\d{1,2}),?\s{1,4}(?P<year>\d{4})"
)
_TEXT_DATE_DMY = re.compile(
    r"(?P<day>\d{1,2})\s{1,4}(?P<month>[A-Za-z]{3,9})\.?,?\s{1,4}(?P<year>\d{4})"
)
_CLOCK = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})\s{0,4}(?P<ampm>[ap]\.?m\.?)?", re.I)


def _date_text(value: str) -> str:
    """The part of a date field the patterns look at (see MAX_DATE_CHARS)."""
    return normalize_space(value[: MAX_DATE_CHARS * 4])[:MAX_DATE_CHARS]


def _fmt(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def parse_iso_datetime(value: str | None, default_tz: tzinfo | None = None) -> str | None:
    """Find an ISO 8601 date/date-time in `value` ("Published on 2023-05-24T16:38:14+07:00") -> ISO string.

    Keeps the given offset ("Z" becomes "+00:00"); a naive time gets `default_tz` if given, else stays naive;
    a bare date stays a date. Invalid values -> None.
    """
    if not value or not isinstance(value, str):
        return None
    m = _ISO_DT.search(_date_text(value))
    if not m:
        return None
    try:
        d = date.fromisoformat(m.group("date"))
    except ValueError:
        return None
    if not m.group("time"):
        return d.isoformat()
    tz_text = m.group("tz")
    raw = f"{m.group('date')}T{m.group('time')}"
    if tz_text:
        tz_text = "+00:00" if tz_text == "Z" else tz_text
        if ":" not in tz_text:
            tz_text = f"{tz_text[:3]}:{tz_text[3:]}"
        raw += tz_text
    try:
        dt = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if dt.tzinfo is None and default_tz is not None:
        dt = dt.replace(tzinfo=default_tz)
    return _fmt(dt)


def parse_text_date(value: str | None, default_tz: tzinfo | None = None) -> str | None:
    """Human dates: "Sat, April 25, 2020" / "May. 24, 2023" -> "2020-04-25"; with a clock ("08:40 am") and
    a `default_tz`, a full date-time. Never invents a time: no clock -> date only."""
    if not value or not isinstance(value, str):
        return None
    text = _date_text(value)
    m = _TEXT_DATE.search(text) or _TEXT_DATE_DMY.search(text)
    if not m:
        return None
    month = _MONTHS.get(m.group("month").casefold())
    if not month:
        return None
    try:
        d = date(int(m.group("year")), month, int(m.group("day")))
    except ValueError:
        return None
    rest = text[m.end() :]
    c = _CLOCK.search(rest)
    if not c:
        return d.isoformat()
    hour, minute = int(c.group("h")), int(c.group("m"))
    ampm = (c.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return d.isoformat()
    dt = datetime(d.year, d.month, d.day, hour, minute)
    if default_tz is not None:
        dt = dt.replace(tzinfo=default_tz)
    return _fmt(dt)


def parse_any_date(value: str | None, default_tz: tzinfo | None = None) -> str | None:
    """ISO first, then RFC 2822 (RSS pubDate), then human text."""
    if not value or not isinstance(value, str):
        return None
    iso = parse_iso_datetime(value, default_tz)
    if iso:
        return iso
    try:
        dt = parsedate_to_datetime(_date_text(value))
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None:
        if dt.tzinfo is None and default_tz is not None:
            dt = dt.replace(tzinfo=default_tz)
        return _fmt(dt)
    return parse_text_date(value, default_tz)


def is_date_only(value: str | None) -> bool:
    return bool(value) and len(value or "") == 10


_RELATIVE = re.compile(
    r"(?P<n>(?<!\d)\d{1,6}|an?|one)\s{0,4}"
    r"(?P<unit>sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)\s{1,4}ago",
    re.I,
)


def _sub_months(dt: datetime, months: int) -> datetime:
    y, m = divmod(dt.year * 12 + (dt.month - 1) - months, 12)
    day = min(dt.day, calendar.monthrange(y, m + 1)[1])
    return dt.replace(year=y, month=m + 1, day=day)


def relative_to_iso(text: str | None, now: datetime) -> str | None:
    """Relative listing time -> ISO date-time against the explicit `now` (keeps now's offset).

    "7 hours ago" -> now - 7 h; "1 day ago" -> now - 1 day; "8 months ago" -> same day 8 calendar months
    earlier; "just now"/"today" -> now; "yesterday" -> now - 1 day. Absolute dates ("Sat, April 25, 2020")
    are parsed as dates. Unknown -> None. The result is only as precise as the text: it is an estimate,
    which is why article dates come from the article page.
    """
    if not text or not isinstance(text, str):
        return None
    text = _date_text(text)
    t = text.casefold()
    if not t:
        return None
    if t in {"just now", "now", "today", "a moment ago", "moments ago"}:
        return _fmt(now)
    if t == "yesterday":
        return _fmt(now - timedelta(days=1))
    m = _RELATIVE.search(t)
    if m:
        raw_n = m.group("n")
        n = 1 if raw_n in {"a", "an", "one"} else int(raw_n)
        unit = m.group("unit")
        try:
            if unit.startswith("s"):
                dt = now - timedelta(seconds=n)
            elif unit.startswith("mi"):
                dt = now - timedelta(minutes=n)
            elif unit.startswith("h"):
                dt = now - timedelta(hours=n)
            elif unit.startswith("d"):
                dt = now - timedelta(days=n)
            elif unit.startswith("w"):
                dt = now - timedelta(weeks=n)
            elif unit.startswith("mo"):
                dt = _sub_months(now, n)
            else:
                dt = _sub_months(now, 12 * n)
        except (OverflowError, ValueError):
            return None
        return _fmt(dt)
    return parse_iso_datetime(text) or parse_text_date(text, now.tzinfo)


# --- URLs --------------------------------------------------------------------------------------------------



def _host_matches(host: str, hosts: Iterable[str], suffix: str | None) -> bool:
    host = host.lower()
    if host in hosts:
        return True
    if suffix:
        s = suffix.lower().lstrip(".")
        return host == s or host.endswith("." + s)
    return False


def fold_site_url(url: str | None, base_url: str, site_hosts_suffix: str | None = None) -> str | None:
    """Fold a site link onto the crawl's `base_url` origin: the site's own URL rules (a profile's
    `canonical_url`) start from this.

    Relative links resolve against base_url; http/https links on base_url's host or any host ending in
    `site_hosts_suffix` take base_url's scheme and host; utm_* params and fragments are dropped; other hosts
    are returned untouched apart from fragment/utm cleaning. Returns None for empty, javascript:, mailto: and
    similar non-web links.
    """
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    # javascript:, mailto:, tel:, data: and the like fail the http(s) test below; a bare fragment would not.
    if not url or url.startswith("#"):
        return None
    try:
        base = urlsplit(base_url)
        absolute = urljoin(base_url.rstrip("/") + "/", url)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    scheme, netloc = parts.scheme, parts.netloc
    # urllib's hostname is already lower-case
    host = parts.hostname or ""
    base_host = base.hostname or ""
    if _host_matches(host, {base_host}, site_hosts_suffix):
        scheme, netloc = base.scheme, base.netloc
    path = parts.path or "/"
    params = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in params if not k.lower().startswith("utm_")])
    # Percent-encoded as a browser would send it, so the same article never has two spellings.
    return safe_url_string(urlunsplit((scheme, netloc, path, query, "")))


def absolute_url(url: str | None, page_url: str) -> str | None:
    """Resolve a (possibly relative or protocol-relative) asset URL against the page; None for non-web."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    # javascript:, data:, mailto: and the like fail the http(s) test below; a bare fragment would not.
    if not url or url.startswith("#"):
        return None
    try:
        out = urljoin(page_url, url)
    except ValueError:
        return None
    return out if urlsplit(out).scheme in {"http", "https"} else None


def first_path_segment(url: str | None) -> str | None:
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    seg = path.strip("/").partition("/")[0]
    return seg or None


def query_page(url: str) -> int:
    """The `?page=N` number of a listing URL (1 when absent or invalid)."""
    try:
        for k, v in parse_qsl(urlsplit(url).query):
            if k == "page" and v.isascii() and v.isdigit() and len(v) <= 9:
                return max(1, int(v))
    except ValueError:
        pass
    return 1


def language_code(value: str | None) -> str | None:
    """"en-US" / "en_US" / "EN" -> "en"."""
    text = normalize_space(value)
    if not text:
        return None
    code = text.replace("_", "-").partition("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None



class Boilerplate:
    """A site's boilerplate phrases: an entry matches a whole paragraph (whitespace-normalised, case-folded),
    or, when it ends with "*", any paragraph that starts with it."""

    def __init__(self, phrases: Iterable[str]) -> None:
        exact: set[str] = set()
        prefixes: list[str] = []
        for phrase in phrases:
            norm = normalize_space(phrase.rstrip("*")).casefold()
            if not norm:
                continue
            if phrase.endswith("*"):
                prefixes.append(norm)
            else:
                exact.add(norm)
        self.exact = frozenset(exact)
        self.prefixes = tuple(prefixes)

    def matches(self, paragraph: str) -> bool:
        folded = normalize_space(paragraph).casefold()
        return folded in self.exact or folded.startswith(self.prefixes)
