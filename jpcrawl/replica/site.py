"""ReplicaSite: the article specs, the light indexes over them, and the ground truth.

Only light per-article facts (section, subsection, publication time, flags) are drawn when the site is built;
headlines, bylines and captions ("heads") are drawn on first use and kept, bodies are drawn on demand into a
bounded LRU. Everything an article shows comes from `random.Random(f"{seed}:{index}:...")`, so article i is
the same for the same seed whatever else happens, and the HTML and the truth are built from the same spec.
"""

from __future__ import annotations

import random
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from . import content as c
from .config import WIB, ReplicaConfig

PAGE_SIZE = 28
NEWS_SITEMAP_WINDOW = 48 * 3600
ARTICLE_PATH_RE = re.compile(r"^/([a-z-]+)/(\d{4})/(\d{2})/(\d{2})/([^/]+?)\.html(?:-\d+)?$")
DAY = 86400


class Account(NamedTuple):
    email: str
    password: str


@dataclass
class Head:
    """The drawn-on-first-use facts of an article (everything but the body paragraphs)."""

    title: str
    subtitle: str | None
    summary: str
    authors: list[str]
    source: str
    byline: str
    dateline: str | None
    tags: list[str]
    image: dict[str, Any] | None  # {"path", "caption", "credit"}
    modified_ts: int | None
    teaser: int
    paragraphs: int
    trailing_dash: bool
    alt_title: str = field(default="")


class ArticleSpec:
    """One article. Light fields are attributes; `head`, `path`, `url()` and the body are computed lazily."""

    __slots__ = (
        "_head",
        "_site",
        "index",
        "is_advertorial",
        "is_premium",
        "listing_section",
        "published_ts",
        "section",
        "subsection",
        "updates",
        "url_shift",
    )

    def __init__(self, site: ReplicaSite, index: int, published_ts: int | None = None):
        self._site = site
        self.index = index
        rng = random.Random(f"{site.seed}:{index}:l")
        secs = list(c.SECTION_WEIGHTS)
        self.listing_section = rng.choices(secs, weights=[c.SECTION_WEIGHTS[s] for s in secs])[0]
        subs = c.SECTIONS[self.listing_section][1]
        self.subsection = subs[rng.randrange(len(subs))][0]
        self.is_advertorial = rng.random() < 0.03
        premium_rate = 0.45 if self.listing_section in ("opinion", "academia") else 0.22
        self.is_premium = rng.random() < premium_rate
        offset = rng.randint(0, 60 * DAY)
        shift = rng.random()
        self.url_shift = 0 if shift < 0.8 else (1 if shift < 0.92 else 2)
        if self.is_advertorial:
            # Advertorials are paid business content: listed under Business, never behind the paywall.
            self.listing_section = "business"
            self.subsection = "companies" if rng.random() < 0.6 else "economy"
            self.is_premium = False
        self.section = "adv" if self.is_advertorial else self.listing_section
        self.published_ts = published_ts if published_ts is not None else site.base_now_ts - offset
        self.updates = 0
        self._head: Head | None = None

    # --- derived -----
    @property
    def subsection_name(self) -> str:
        return dict(c.SECTIONS[self.listing_section][1])[self.subsection]

    @property
    def section_name(self) -> str:
        return "Advertorial" if self.is_advertorial else c.SECTIONS[self.listing_section][0]

    @property
    def published(self) -> datetime:
        return datetime.fromtimestamp(self.published_ts, WIB)

    @property
    def url_date(self) -> datetime:
        return self.published + timedelta(days=self.url_shift)

    @property
    def bucket(self) -> tuple[str, str]:
        return (self.section, self.url_date.strftime("%Y/%m/%d"))

    @property
    def head(self) -> Head:
        if self._head is None:
            self._head = self._site._make_head(self)
        return self._head

    @property
    def path(self) -> str:
        return self._site._path_of(self)

    def url(self, base_url: str) -> str:
        return origin(base_url) + self.path

    @property
    def modified_ts(self) -> int | None:
        return self.head.modified_ts

    def __repr__(self) -> str:
        return f"<ArticleSpec {self.index} {self.section}/{self.subsection}>"


def origin(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else base_url.rstrip("/")


def iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, WIB).isoformat()


class ReplicaSite:
    """The replica's content. Thread-safe enough for one server thread plus a test thread (one RLock)."""

    ACCOUNT = Account("subscriber@example.com", "correct-horse-battery")

    def __init__(self, config: ReplicaConfig | None = None):
        self.config = config or ReplicaConfig()
        self.lock = threading.RLock()
        self.stats = {"heads": 0, "bodies": 0, "renders": 0, "rebuilds": 0}
        self._build()

    # --- building -----
    def _build(self) -> None:
        cfg = self.config
        self.seed = cfg.seed
        self.base_n = cfg.articles
        self.base_now_ts = int(cfg.now.timestamp())
        self.now_ts = self.base_now_ts
        self.articles: list[ArticleSpec] = [ArticleSpec(self, i) for i in range(cfg.articles)]
        self._bodies: OrderedDict[int, list[str]] = OrderedDict()
        self._slug_buckets: dict[tuple[str, str], dict[int, str]] = {}
        self._slug_lookup: dict[tuple[str, str], dict[str, int]] = {}
        self.version = 0
        self._built_key = self._key()
        self._index()
        self.stats["rebuilds"] += 1

    def _key(self) -> tuple[int, int, int]:
        return (self.config.seed, self.config.articles, int(self.config.now.timestamp()))

    def _index(self) -> None:
        order = sorted(self.articles, key=lambda a: (-a.published_ts, -a.index))
        self.newest: list[int] = [a.index for a in order]
        self.by_section: dict[str, list[int]] = {s: [] for s in c.SECTIONS}
        self.by_sub: dict[tuple[str, str], list[int]] = {}
        for s, (_, subs) in c.SECTIONS.items():
            for sub, _ in subs:
                self.by_sub[(s, sub)] = []
        buckets: dict[tuple[str, str], list[int]] = {}
        for a in order:
            self.by_section[a.listing_section].append(a.index)
            self.by_sub[(a.listing_section, a.subsection)].append(a.index)
            buckets.setdefault(a.bucket, []).append(a.index)
        self._buckets = buckets
        self._pos = {i: k for lst in self.by_section.values() for k, i in enumerate(lst)}
        self.version += 1

    def ensure_current(self) -> None:
        """Rebuild when seed, articles or now were changed on the config from outside."""
        if self._key() != self._built_key:
            with self.lock:
                if self._key() != self._built_key:
                    self._build()

    # --- lazy parts -----
    def _ctx(self, spec: ArticleSpec, rng: random.Random) -> c.Ctx:
        ctx = c.Ctx(random.Random(f"{self.seed}:{spec.index}:c"), spec.listing_section)
        ctx.rng = rng
        return ctx

    def _make_head(self, spec: ArticleSpec) -> Head:
        self.stats["heads"] += 1
        rng = random.Random(f"{self.seed}:{spec.index}:h")
        ctx = self._ctx(spec, rng)
        sec = spec.listing_section
        if spec.subsection == "editorial":
            title = c.fill(c.pick(rng, c.EDITORIAL_TITLES), ctx)
        else:
            title = c.fill(c.pick(rng, c.TITLE_TEMPLATES), ctx)
        title = c.cap(title)
        subtitle = c.fill(c.pick(rng, c.SUBTITLE_TEMPLATES), ctx) if rng.random() < 0.8 else None
        summary = subtitle or c.plain(c.fill(c.pick(rng, c.LEAD_TEMPLATES), ctx))
        # Byline: staff, wire with reporters, or a bare wire credit.
        if spec.is_advertorial:
            authors, source = ["Creative Desk"], "The Jakarta Post"
        elif spec.subsection == "editorial":
            authors, source = ["Editorial Board"], "The Jakarta Post"
        else:
            wire_rate = 0.7 if sec in ("world", "southeast-asia") else 0.12
            if rng.random() < wire_rate:
                source = c.pick(rng, c.WIRES)
                r = rng.random()
                n = 0 if r < 0.35 else (1 if r < 0.8 else 2)
                authors = [c.person(rng, "intl") for _ in range(n)]
            else:
                source = "The Jakarta Post"
                r = rng.random()
                n = 1 if r < 0.55 else (2 if r < 0.9 else 3)
                authors = [c.person(rng, "id") for _ in range(n)]
            authors = list(dict.fromkeys(authors))
        names = (", ".join(authors[:-1]) + " and " + authors[-1]) if len(authors) > 1 else "".join(authors)
        byline = f"{names} ({source})" if names else f"({source})"
        if rng.random() < 0.08:
            dateline = None
        elif source != "The Jakarta Post" or sec in ("world", "southeast-asia"):
            dateline = c.pick(rng, c.INTL_CITIES)
        else:
            dateline = "Jakarta" if rng.random() < 0.55 else c.pick(rng, c.ID_CITIES)
        tags = [c.tag_slug(ctx.topic), c.tag_slug(c.short_org(ctx.orgs[0]))]
        if rng.random() < 0.6:
            tags.append(c.tag_slug(ctx.city))
        if rng.random() < 0.5:
            tags.append(c.tag_slug(c.pick(rng, c.TOPICS[sec])))
        if spec.is_advertorial:
            sponsor = c.pick(rng, c.SPONSORS)
            tags.append(f"adv-{sponsor[0]}")
            authors = ["Creative Desk"]
        tags = list(dict.fromkeys(t for t in tags if t))
        image = None
        if rng.random() < 0.85:
            d = spec.url_date
            caption = c.fill(c.pick(rng, c.CAPTION_TEMPLATES), ctx)
            agency = c.pick(rng, c.PHOTO_AGENCIES)
            credit = (
                f"{agency}/File" if agency == "Shutterstock" else f"{agency}/{c.pick(rng, c.PHOTOGRAPHERS)}"
            )
            image = {
                "path": f"/img/c/{d:%Y/%m/%d}/{d:%Y_%m_%d}_{10000 + spec.index}_{spec.published_ts}"
                "._large.jpg",
                "caption": caption,
                "credit": credit,
            }
        modified = None
        if rng.random() < 0.4:
            # Never later than the build-time clock, so the value does not depend on when it is drawn.
            modified = min(spec.published_ts + rng.randint(600, 2 * DAY), self.base_now_ts)
            if modified <= spec.published_ts:
                modified = None
        return Head(
            title=title,
            subtitle=subtitle,
            summary=summary,
            authors=authors,
            source=source,
            byline=byline,
            dateline=dateline,
            tags=tags,
            image=image,
            modified_ts=modified,
            teaser=rng.choice((2, 3)),
            paragraphs=rng.randint(5, 12),
            trailing_dash=rng.random() < 0.05,
        )

    def body_markup(self, spec: ArticleSpec) -> list[str]:
        """The body paragraphs in the inline mark-up (first = drop-cap paragraph, plain text)."""
        key = spec.index
        with self.lock:
            got = self._bodies.get(key)
            if got is not None:
                self._bodies.move_to_end(key)
                return got
        self.stats["bodies"] += 1
        rng = random.Random(f"{self.seed}:{spec.index}:b")
        ctx = self._ctx(spec, rng)
        paras = [c.paragraph(ctx, lead=True)]
        while len(paras) < spec.head.paragraphs:
            paras.append(c.paragraph(ctx))
        for k in range(spec.updates):
            urng = random.Random(f"{self.seed}:{spec.index}:u{k}")
            ctx.rng = urng
            paras.append(c.fill(c.pick(urng, c.UPDATE_TEMPLATES), ctx))
        with self.lock:
            self._bodies[key] = paras
            while len(self._bodies) > max(16, self.config.cache_size):
                self._bodies.popitem(last=False)
        return paras

    def related(self, spec: ArticleSpec, salt: str, n: int) -> list[ArticleSpec]:
        """n other articles of the same section published around the same time (deterministic per salt).

        Neighbours in the section's listing share URL-date buckets with the article, so linking to them
        resolves few slugs: a cold article page stays cheap however large the site is.
        """
        rng = random.Random(f"{self.seed}:{spec.index}:{salt}")
        ring = self.by_section[spec.listing_section]
        pos = self._pos.get(spec.index, 0)
        pool = [j for j in ring[max(0, pos - 12) : pos + 13] if j != spec.index]
        rng.shuffle(pool)
        return [self.articles[j] for j in pool[:n]]

    # --- paths -----
    def _resolve_bucket(self, key: tuple[str, str]) -> dict[int, str]:
        got = self._slug_buckets.get(key)
        if got is not None:
            return got
        slugs: dict[int, str] = {}
        used: set[str] = set()
        for i in sorted(self._buckets.get(key, ())):
            spec = self.articles[i]
            slug = c.slugify(spec.head.title) or f"article-{i}"
            if slug in used:
                slug = f"{slug}-{i}"
            used.add(slug)
            slugs[i] = slug + ("-" if spec.head.trailing_dash else "")
        self._slug_buckets[key] = slugs
        self._slug_lookup[key] = {s: i for i, s in slugs.items()}
        return slugs

    def _path_of(self, spec: ArticleSpec) -> str:
        key = spec.bucket
        slug = self._resolve_bucket(key)[spec.index]
        return f"/{key[0]}/{key[1]}/{slug}.html"

    def find(self, url_or_path: str) -> ArticleSpec | None:
        """The article at a URL or path (any host, `.html-<digits>` suffix and query tolerated)."""
        self.ensure_current()
        path = urlsplit(url_or_path).path
        m = ARTICLE_PATH_RE.match(path)
        if not m:
            return None
        key = (m.group(1), f"{m.group(2)}/{m.group(3)}/{m.group(4)}")
        if key not in self._buckets:
            return None
        with self.lock:
            self._resolve_bucket(key)
            i = self._slug_lookup[key].get(m.group(5))
        return None if i is None else self.articles[i]

    def article_paths(self) -> list[str]:
        return [a.path for a in self.articles]

    def article_urls(self, base_url: str) -> list[str]:
        """Canonical URLs of every article, in index order."""
        o = origin(base_url)
        return [o + a.path for a in self.articles]

    def __iter__(self):
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    # --- listings -----
    def listing_indices(self, section: str, subsection: str | None = None) -> list[int]:
        self.ensure_current()
        if subsection in (None, "", "latest"):
            return self.by_section.get(section, [])
        return self.by_sub.get((section, subsection), [])

    def listing(self, section: str, subsection: str | None = None, page: int = 1) -> list[ArticleSpec]:
        idx = self.listing_indices(section, subsection)
        start = (max(page, 1) - 1) * PAGE_SIZE
        return [self.articles[i] for i in idx[start : start + PAGE_SIZE]]

    def listing_pages(self, section: str, subsection: str | None = None) -> int:
        return max(1, -(-len(self.listing_indices(section, subsection)) // PAGE_SIZE))

    def listed_urls(self, base_url: str, sections=None) -> set[str]:
        """Canonical URLs of the articles that the given top-level listings list (all pages)."""
        o = origin(base_url)
        secs = list(c.SECTIONS) if sections is None else list(sections)
        return {o + self.articles[i].path for s in secs for i in self.listing_indices(s)}

    def recent(self, seconds: int, section: str | None = None) -> list[ArticleSpec]:
        """Articles published within `seconds` before now (newest first), e.g. for the news sitemap."""
        self.ensure_current()
        idx = self.newest if section is None else self.by_section.get(section, [])
        lo = self.now_ts - seconds
        return [self.articles[i] for i in idx if self.articles[i].published_ts >= lo]

    def newest_other(self, section: str | None, n: int) -> list[ArticleSpec]:
        out = []
        for i in self.newest:
            a = self.articles[i]
            if a.listing_section != section:
                out.append(a)
                if len(out) == n:
                    break
        return out

    def most_viewed(self, section: str | None, n: int) -> list[ArticleSpec]:
        rng = random.Random(f"{self.seed}:most-viewed:{section}")
        pool = self.newest[: max(200, n * 4)]
        picks = [self.articles[i] for i in pool if self.articles[i].listing_section != section]
        rng.shuffle(picks)
        return picks[:n]

    # --- runtime changes -----
    def publish(self, n: int = 1) -> list[ArticleSpec]:
        """Add n articles published after the current `now`, and move `now` past them."""
        self.ensure_current()
        with self.lock:
            rng = random.Random(f"{self.seed}:publish:{len(self.articles)}")
            ts = self.now_ts
            new = []
            for k in range(n):
                ts += rng.randint(120, 1800)
                spec = ArticleSpec(self, len(self.articles) + k, published_ts=ts)
                spec.url_shift = 0
                new.append(spec)
            self.articles.extend(new)
            self.now_ts = ts + 60
            self.config.now = datetime.fromtimestamp(self.now_ts, WIB)
            self.config.articles = len(self.articles)
            self._built_key = self._key()
            self._slug_buckets.clear()
            self._slug_lookup.clear()
            self._index()
            return new

    def update(self, i: int) -> ArticleSpec:
        """Edit article i: one more body paragraph and a later dateModified."""
        self.ensure_current()
        with self.lock:
            spec = self.articles[i]
            head = spec.head
            prev = head.modified_ts or spec.published_ts
            head.modified_ts = max(prev + 60, self.now_ts)
            spec.updates += 1
            self._bodies.pop(i, None)
            self.version += 1
            return spec

    # --- truth -----
    def body_text(self, spec: ArticleSpec) -> list[str]:
        return [c.plain(p) for p in self.body_markup(spec)]

    def truth(self, url_or_path: str, base_url: str, subscriber: bool = False) -> dict[str, Any]:
        """The clean item a perfect extractor returns for this article (EXTRACTED_FIELDS of jpcrawl.items)."""
        spec = self.find(url_or_path)
        if spec is None:
            raise KeyError(f"not a replica article: {url_or_path}")
        head = spec.head
        o = origin(base_url)
        paywalled = spec.is_premium and not subscriber
        body = self.body_text(spec)
        if paywalled:
            body = body[: head.teaser]
        images = []
        if head.image:
            images.append(
                {
                    "url": o + head.image["path"],
                    "caption": head.image["caption"],
                    "credit": head.image["credit"],
                }
            )
        return {
            "url": o + spec.path,
            "title": head.title,
            "subtitle": head.subtitle,
            "authors": list(head.authors),
            "source": head.source,
            "dateline": head.dateline,
            "published_at": iso(spec.published_ts),
            "modified_at": iso(head.modified_ts),
            "section": spec.section,
            "subsection": spec.subsection_name,
            "tags": list(head.tags),
            "body": body,
            "images": images,
            "is_premium": spec.is_premium,
            "is_paywalled": paywalled,
            "is_advertorial": spec.is_advertorial,
            "language": "en",
        }
