"""CourierConfig and CourierSite: the Island Courier's posts, its indexes and the ground truth.

Every post is drawn from `random.Random(f"courier:{seed}:{index}:<part>")`, so post i is the same for the same
seed whatever the post count. Heads (everything but the body) are drawn when the site is built, because
WordPress slugs are unique site-wide ("-2" suffixes) and so depend on every headline; bodies are drawn on
demand into a bounded LRU.
"""

from __future__ import annotations

import random
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from .. import content as c
from ..config import DEFAULT_NOW
from ..site import origin

SITE_NAME = "The Island Courier"
PER_PAGE = 10
NEWS_SITEMAP_WINDOW = 48 * 3600
DAY = 86400
# Two bureaus: Jakarta/Bangkok stamp WIB/ICT (+07:00), Manila/Singapore stamp +08:00.
TZ7 = timezone(timedelta(hours=7))
TZ8 = timezone(timedelta(hours=8))
DEFAULT_SHARE_IMAGE = "/wp-content/uploads/default-share.png"
POST_PATH_RE = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/?$")

# slug -> (display name, the replica text generator's section that feeds its vocabulary)
CATEGORIES: dict[str, tuple[str, str]] = {
    "news": ("News", "indonesia"),
    "business": ("Business", "business"),
    "world": ("World", "world"),
    "region": ("Region", "southeast-asia"),
    "lifestyle": ("Lifestyle", "life"),
    "culture": ("Culture", "culture"),
    "opinion": ("Opinion", "opinion"),
}
CATEGORY_WEIGHTS = {
    "news": 24,
    "business": 18,
    "world": 14,
    "region": 16,
    "lifestyle": 10,
    "culture": 9,
    "opinion": 9,
}
# Headlines holding " | " or " - " themselves: "Headline | The Island Courier" cannot be split blindly.
COURIER_TITLES = (
    "Explainer | What the {adj} {plan} means for {T}",
    "{Tc} - the view from {C}",
    "Analysis | {Oshortc} bets on {T}",
    "{Cc} diary - {Tc} up close",
)
TAGLINE = "Independent news from the islands"
STAFF = SITE_NAME


@dataclass
class CourierConfig:
    """Knobs of the Island Courier replica (`fail_first`, `slow_ms`, `break_selector`: as ReplicaConfig)."""

    articles: int = 120
    seed: int = 7
    now: datetime = field(default_factory=lambda: DEFAULT_NOW)
    fail_first: int = 0
    slow_ms: int = 0
    break_selector: str | None = None
    cache_size: int = 2048

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            self.now = self.now.replace(tzinfo=TZ7)


def wp_slug(text: str) -> str:
    """WordPress's sanitize_title, near enough: ASCII, lower case, punctuation gone, one '-' per gap."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9\s-]", "", s)
    return re.sub(r"[\s-]+", "-", s).strip("-")


@dataclass
class Image:
    path: str
    caption: str
    credit: str
    width: int = 1200
    height: int = 800


@dataclass
class Post:
    """One post: every fact the pages and the truth share."""

    index: int
    categories: list[str]  # the first is the primary category
    tz: timezone
    published_ts: int
    modified_ts: int | None
    title: str
    slug: str
    authors: list[str]
    source: str
    byline: str  # "staff", "agency" ("By Reuters") or "wire" ("Name | AFP")
    tags: list[str]
    featured: Image | None
    inline: Image | None
    yoast: bool
    dropcap: bool
    paragraphs: int
    blockquote_at: int | None  # the quote follows this body paragraph
    figure_at: int
    read_also_at: list[int]
    newsletter_inside: bool
    comments: int
    date_path: str = ""

    @property
    def primary(self) -> str:
        return self.categories[0]

    @property
    def text_section(self) -> str:
        return CATEGORIES[self.primary][1]

    @property
    def published(self) -> datetime:
        return datetime.fromtimestamp(self.published_ts, self.tz)

    def iso(self, ts: int | None) -> str | None:
        return None if ts is None else datetime.fromtimestamp(ts, self.tz).isoformat()

    @property
    def path(self) -> str:
        return f"/{self.date_path}/{self.slug}/"

    def url(self, base_url: str) -> str:
        return origin(base_url) + self.path

    @property
    def images(self) -> list[Image]:
        return [img for img in (self.featured, self.inline) if img is not None]

    @property
    def share_image(self) -> str:
        imgs = self.images
        return imgs[0].path if imgs else DEFAULT_SHARE_IMAGE

    def __repr__(self) -> str:
        return f"<Post {self.index} {self.primary} {self.path}>"


class CourierSite:
    """The Island Courier's content (same locking and stats conventions as ReplicaSite)."""

    def __init__(self, config: CourierConfig | None = None):
        self.config = config or CourierConfig()
        self.lock = threading.RLock()
        self.stats = {"heads": 0, "bodies": 0, "renders": 0, "rebuilds": 0}
        self._build()

    # --- building -----
    def _key(self) -> tuple[int, int, int]:
        return (self.config.seed, self.config.articles, int(self.config.now.timestamp()))

    def _build(self) -> None:
        cfg = self.config
        self.seed = cfg.seed
        self.now_ts = int(cfg.now.timestamp())
        self.articles: list[Post] = [self._make_post(i) for i in range(cfg.articles)]
        used: set[str] = set()
        for p in self.articles:
            slug = p.slug
            n = 2
            while slug in used:  # WordPress keeps post slugs unique site-wide with "-2", "-3"...
                slug = f"{p.slug}-{n}"
                n += 1
            used.add(slug)
            p.slug = slug
        self._by_path = {p.path: p for p in self.articles}
        order = sorted(self.articles, key=lambda p: (-p.published_ts, -p.index))
        self.newest: list[int] = [p.index for p in order]
        self.by_category: dict[str, list[int]] = {k: [] for k in CATEGORIES}
        for p in order:
            for cat in p.categories:
                self.by_category[cat].append(p.index)
        self._bodies: OrderedDict[int, list[tuple[str, str]]] = OrderedDict()
        self._built_key = self._key()
        self.version = 1
        self.stats["rebuilds"] += 1

    def ensure_current(self) -> None:
        if self._key() != self._built_key:
            with self.lock:
                if self._key() != self._built_key:
                    self._build()

    def _rng(self, i: int, part: str) -> random.Random:
        return random.Random(f"courier:{self.seed}:{i}:{part}")

    def _ctx(self, i: int, section: str, rng: random.Random) -> c.Ctx:
        ctx = c.Ctx(self._rng(i, "ctx"), section)
        ctx.rng = rng
        return ctx

    def _image(self, rng: random.Random, ctx: c.Ctx, when: datetime, name: str) -> Image:
        agency = c.pick(rng, ("AFP", "Reuters", "AP", "Courier", "Antara"))
        credit = f"{agency}/{c.pick(rng, c.PHOTOGRAPHERS)}"
        path = f"/wp-content/uploads/{when:%Y/%m}/{name}.jpg"
        return Image(path, c.fill(c.pick(rng, c.CAPTION_TEMPLATES), ctx), credit)

    def _make_post(self, i: int) -> Post:
        self.stats["heads"] += 1
        rng = self._rng(i, "h")
        cats = list(CATEGORY_WEIGHTS)
        primary = rng.choices(cats, weights=[CATEGORY_WEIGHTS[k] for k in cats])[0]
        categories = [primary]
        if rng.random() < 0.25:
            categories.append(c.pick(rng, [k for k in cats if k != primary]))
        section = CATEGORIES[primary][1]
        tz = TZ8 if rng.random() < (0.6 if primary in ("region", "world") else 0.3) else TZ7
        published_ts = self.now_ts - rng.randint(300, 60 * DAY)
        modified_ts = None
        if rng.random() < 0.5:
            modified_ts = min(published_ts + rng.randint(600, 2 * DAY), self.now_ts)
            if modified_ts <= published_ts:
                modified_ts = None
        ctx = self._ctx(i, section, rng)
        if primary == "opinion" and rng.random() < 0.5:
            template = c.pick(rng, c.EDITORIAL_TITLES)
        else:
            template = c.pick(rng, c.TITLE_TEMPLATES + COURIER_TITLES * 2)
        title = c.cap(c.fill(template, ctx))
        r = rng.random()
        if r < 0.18:
            authors, source, byline = [], c.pick(rng, c.WIRES), "agency"
        elif r < 0.3:
            authors, source, byline = [c.person(rng, "intl")], c.pick(rng, ("AFP", "Reuters")), "wire"
        else:
            n = 1 if rng.random() < 0.7 else 2
            authors = list(dict.fromkeys(c.person_for(rng, section) for _ in range(n)))
            source, byline = STAFF, "staff"
        tags: list[str] = []
        if rng.random() < 0.9:
            raw = [ctx.topic, c.short_org(ctx.orgs[0]), ctx.city]
            if rng.random() < 0.5:
                raw.append(c.pick(rng, c.TOPICS[section]))
            seen: set[str] = set()
            for phrase in raw:
                name = re.sub(r"^(the|a|an) ", "", phrase)
                if wp_slug(name) and wp_slug(name) not in seen:
                    seen.add(wp_slug(name))
                    tags.append(name)
            tags = tags[: rng.randint(1, len(tags))]
        when = datetime.fromtimestamp(published_ts, tz)
        slug = wp_slug(title) or f"post-{i}"
        featured = self._image(rng, ctx, when, f"{slug[:40]}-{i}") if rng.random() < 0.65 else None
        inline = self._image(rng, ctx, when, f"img-{i}-inline") if rng.random() < 0.4 else None
        paragraphs = rng.randint(5, 11)
        read_also = sorted(rng.sample(range(1, paragraphs - 1), k=rng.choice((0, 0, 1, 1, 2))))
        return Post(
            index=i,
            categories=categories,
            tz=tz,
            published_ts=published_ts,
            modified_ts=modified_ts,
            title=title,
            slug=slug,
            authors=authors,
            source=source,
            byline=byline,
            tags=tags,
            featured=featured,
            inline=inline,
            yoast=rng.random() < 0.5,
            dropcap=rng.random() < 0.35,
            paragraphs=paragraphs,
            blockquote_at=rng.randint(1, paragraphs - 2) if rng.random() < 0.45 else None,
            figure_at=rng.randint(1, 3),
            read_also_at=read_also,
            newsletter_inside=rng.random() < 0.5,
            comments=rng.choice((0, 0, 1, 2, 3, 5)),
            date_path=f"{when:%Y/%m/%d}",
        )

    # --- bodies -----
    def body_blocks(self, post: Post) -> list[tuple[str, str]]:
        """The body in order: ("p", inline mark-up) paragraphs and ("quote", text) block quotes."""
        with self.lock:
            got = self._bodies.get(post.index)
            if got is not None:
                self._bodies.move_to_end(post.index)
                return got
        self.stats["bodies"] += 1
        rng = self._rng(post.index, "b")
        ctx = self._ctx(post.index, post.text_section, rng)
        paras = [c.paragraph(ctx, lead=True)]
        while len(paras) < post.paragraphs:
            paras.append(c.paragraph(ctx))
        blocks = [("p", p.replace("The Jakarta Post", SITE_NAME)) for p in paras]
        if post.blockquote_at is not None:
            quote = f"“{c.pick(rng, c.QUOTES)}. {c.cap(c.pick(rng, c.QUOTES))}.”"
            blocks.insert(post.blockquote_at + 1, ("quote", quote))
        with self.lock:
            self._bodies[post.index] = blocks
            while len(self._bodies) > max(16, self.config.cache_size):
                self._bodies.popitem(last=False)
        return blocks

    def excerpt(self, post: Post, words: int = 40) -> str:
        """WordPress's automatic excerpt: the first words of the content, then " […]"."""
        text = " ".join(c.plain(m) for k, m in self.body_blocks(post) if k == "p")
        return " ".join(text.split()[:words]) + " […]"

    def related(self, post: Post, salt: str, n: int) -> list[Post]:
        rng = self._rng(post.index, salt)
        pool = [self.articles[j] for j in self.by_category[post.primary] if j != post.index]
        rng.shuffle(pool)
        return pool[:n]

    # --- lookups -----
    def find(self, url_or_path: str) -> Post | None:
        """The post at a URL or path (any host; the trailing slash optional)."""
        self.ensure_current()
        path = urlsplit(url_or_path).path
        if not POST_PATH_RE.match(path):
            return None
        return self._by_path.get(path if path.endswith("/") else path + "/")

    def article_paths(self) -> list[str]:
        return [p.path for p in self.articles]

    def article_urls(self, base_url: str) -> list[str]:
        o = origin(base_url)
        return [o + p.path for p in self.articles]

    def listed_urls(self, base_url: str, categories=None) -> set[str]:
        """Canonical URLs of the posts that the given category archives list (all pages)."""
        o = origin(base_url)
        cats = list(CATEGORIES) if categories is None else list(categories)
        return {o + self.articles[i].path for k in cats for i in self.by_category.get(k, [])}

    def truths(self, base_url: str) -> dict[str, dict[str, Any]]:
        """{canonical URL: truth} of every post, in index order."""
        return {url: self.truth(url, base_url) for url in self.article_urls(base_url)}

    def __iter__(self):
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def category(self, cat: str, page: int = 1) -> list[Post]:
        self.ensure_current()
        idx = self.by_category.get(cat, [])
        start = (max(1, page) - 1) * PER_PAGE
        return [self.articles[i] for i in idx[start : start + PER_PAGE]]

    def category_pages(self, cat: str) -> int:
        return max(1, -(-len(self.by_category.get(cat, [])) // PER_PAGE))

    def recent(self, seconds: int) -> list[Post]:
        lo = self.now_ts - seconds
        return [self.articles[i] for i in self.newest if self.articles[i].published_ts >= lo]

    # --- truth -----
    def body_text(self, post: Post) -> list[str]:
        return [c.plain(m) for _, m in self.body_blocks(post)]

    def truth(self, url_or_path: str, base_url: str) -> dict[str, Any]:
        """The clean item a perfect extractor returns for this post (EXTRACTED_FIELDS of jpcrawl.items)."""
        post = self.find(url_or_path)
        if post is None:
            raise KeyError(f"not an Island Courier post: {url_or_path}")
        o = origin(base_url)
        return {
            "url": o + post.path,
            "title": post.title,
            "subtitle": None,
            "authors": list(post.authors),
            "source": post.source,
            "dateline": None,
            "published_at": post.iso(post.published_ts),
            "modified_at": post.iso(post.modified_ts),
            "section": post.primary,
            "subsection": None,
            "tags": list(post.tags),
            "body": self.body_text(post),
            "images": [
                {"url": o + im.path, "caption": im.caption, "credit": im.credit} for im in post.images
            ],
            "is_premium": False,
            "is_paywalled": False,
            "is_advertorial": False,
            "language": "en",
        }
