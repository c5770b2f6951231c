"""The content of the second test site, its truth, and its HTML.

Everything is deterministic from a seed. Markup choices follow docs/site-contract.md and deliberately vary
wherever the contract leaves room: attribute order and quoting, extra classes and wrappers, JSON-LD plain,
`@graph`-wrapped or absent, premium meta tags of several names and values, bylines with and without author
links, dateline present or absent, figure with or without a credit, drop caps (one-letter first words and
an opening quote included), "Read also" paragraphs in several shapes, newsletter box, ads, popular list,
paywall, widgets, and listing items whose article link is on the image and on the title.

`OtherSite.truth(origin)` is what a correct parser extracts from each article page (the feed contract's
EXTRACTED_FIELDS); nothing here is derived from the project's own replica or parser.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

WIB = timezone(timedelta(hours=7))
PER_PAGE = 10

SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "world": (
        "World",
        {
            "asia-pacific": "Asia & Pacific",
            "americas": "Americas",
            "europe": "Europe",
            "middle-east-africa": "Middle East & Africa",
        },
    ),
    "business": (
        "Business",
        {
            "companies": "Companies",
            "markets": "Markets",
            "economy": "Economy",
            "regulations": "Regulations",
            "tech": "Tech",
        },
    ),
    "indonesia": (
        "Indonesia",
        {"politics": "Politics", "jakarta": "Jakarta", "society": "Society", "environment": "Environment"},
    ),
}
COUNTS = {"world": 27, "business": 28, "indonesia": 25}

STAFF = [
    "Rina Wulandari", "Budi Santoso", "Yohana Marpaung", "Fikri Hidayat", "Sekar Ayuningtyas",
    "Made Arya Putra", "Theresia Siregar", "Gusti Ngurah Anom", "Nadia Rahmawati", "Eko Prasetyo",
]  # fmt: skip
WIRE = [
    "Martin Halvorsen", "Chloe Dubreuil", "Kenji Watanabe", "Priya Raman", "Tomás Herrera",
    "Hannah O'Connor", "Lucas Meyer", "Amara Okafor",
]  # fmt: skip
STAFF_DATELINES = ["Jakarta", "Surabaya, East Java", "Denpasar, Bali", "Medan, North Sumatra"]
WIRE_DATELINES = [
    "Tokyo, Japan", "Washington, United States", "Brussels, Belgium", "Singapore", "Beijing, China",
    "Paris, France", "Nairobi, Kenya", "São Paulo, Brazil",
]  # fmt: skip
CREDITS = [
    "AFP/Lina Marchetti", "Reuters/Arif Kurnia", "JP/Dimas Prakoso", "Antara/Rahmat Hidayat",
    "Shutterstock/File", "Courtesy of PT Sinar Baja", "AP/Jonas Lindqvist",
]  # fmt: skip

TITLE_PARTS = {
    "world": (
        [
            "Japan",
            "South Korea",
            "Brazil",
            "Germany",
            "Kenya",
            "Canada",
            "Vietnam",
            "Chile",
            "Poland",
            "Egypt",
            "Australia",
            "Mexico",
            "France",
            "India",
        ],
        [
            "weighs new limits on {x}",
            "signs {x} pact with neighbours",
            "braces for {x} as talks stall",
            "pledges aid after {x}",
            "to review {x} rules, minister says",
            "faces protests over {x}",
        ],
        [
            "drone exports",
            "rice imports",
            "fishing rights",
            "flood damage",
            "chip subsidies",
            "port fees",
            "visa quotas",
            "grain shipments",
        ],
    ),
    "business": (
        [
            "Nickel smelters",
            "Coal miners",
            "Retailers",
            "Start-ups",
            "State banks",
            "Palm oil firms",
            "Bank Indonesia",
            "PT Sinar Baja",
            "Textile makers",
            "Telecom operators",
        ],
        [
            "bet on {x} despite slowdown",
            "report record {x}",
            "seek clarity on {x}",
            "cut jobs as {x} slump",
            "raise {x} targets for 2026",
            "warn of higher {x}",
        ],
        [
            "export earnings",
            "quarterly profit",
            "digital payments",
            "fuel costs",
            "green bonds",
            "consumer credit",
            "shipping rates",
            "dividends",
        ],
    ),
    "indonesia": (
        [
            "Jakarta",
            "The House",
            "Health Ministry",
            "Bali officials",
            "Police",
            "Activists",
            "Teachers",
            "West Java",
            "The KPK",
            "Papua residents",
        ],
        [
            "push back on {x}",
            "launch probe into {x}",
            "promise faster {x}",
            "call for review of {x}",
            "struggle with {x} after rains",
            "unveil plan for {x}",
        ],
        [
            "school zoning",
            "land permits",
            "waste collection",
            "village funds",
            "clean water access",
            "election logistics",
            "bus lanes",
            "mangrove planting",
        ],
    ),
}

SPECIAL_TITLES = {
    ("business", 2): "Rupiah slips - again - as investors await Fed",
    ("indonesia", 3): "Is Jakarta ready for the rainy season?",
    ("indonesia", 7): "Farmers & fishers demand a say in coastal plan",
    ("world", 4): "Kishida’s successor faces ‘hard’ choices on defence",
    ("world", 11): "EU, ASEAN to resume trade talks - officials",
}

WHO = ["Arief Nugroho", "Siti Rahayu", "Wahyu Kurniawan", "Ingrid Solberg", "Mateo Alvarez", "Dewi Lestari"]
ROLE = [
    "an economist at the University of Indonesia", "a senior ministry official", "a lawmaker",
    "a researcher at a Jakarta think tank", "a spokesperson for the company", "a local resident",
]  # fmt: skip
PLACES = ["Jakarta", "Surabaya", "Makassar", "Bandung", "Semarang", "Balikpapan", "Tokyo", "Geneva"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Kontan.co.id", "Kompas.id", "Tempo", "Bisnis Indonesia", "Antara"]

SENTENCES = [
    "The government said the measure would be reviewed within {n} months.",
    "Officials in {place} have been under pressure to act since the start of the year.",
    "Analysts expect the figure to rise by about {n} percent next quarter.",
    "The plan still needs approval from several ministries before it can take effect.",
    "Critics argue that the timeline is too short for small businesses to adjust.",
    "Some {n} people attended a public hearing on the matter last week.",
    "The proposal has drawn a mixed response from industry groups.",
    "Similar rules were introduced in {place} two years ago with limited success.",
    "The ministry has not released a detailed breakdown of the costs.",
    "Local media reported that talks would continue later this month.",
    "Demand has recovered slowly after a weak first half, according to official data.",
    "The agency said it would publish its findings by the end of the year.",
    "Residents said they had not been consulted before the decision was made.",
    "Prices rose {n} percent on the year, the fastest pace since 2022.",
    "A final decision is expected after the next cabinet meeting.",
    "Observers say the outcome could shape policy well beyond {place}.",
]
FIRST_SENTENCES = {
    "plain": "{who} said on {day} that the policy would be adjusted to reflect conditions on the ground.",
    "one_letter": "A leading economist in {place} warned on {day} that growth could slow further.",
    "pt": "PT Sinar Baja said on {day} it would expand its smelter capacity by {n} percent.",
    "quote": "“We cannot wait any longer,” {who} told reporters in {place} on {day}.",
    "initial": "Indonesia’s largest cities are preparing for another season of heavy rain and floods.",
}

NEWSLETTER_PROMO = (
    "Our weekly business briefing brings interviews and analysis on Indonesia’s economy straight to "
    "your inbox."
)


def slugify(title: str) -> str:
    """Each non-alphanumeric character becomes '-' (so ' - ' gives '---'), apostrophes vanish."""
    text = re.sub(r"['’‘]", "", title.lower())
    return re.sub(r"[^a-z0-9]", "-", text)


# -- content model -------------------------------------------------------------------------------------


@dataclass
class Para:
    """A paragraph as segments: ("t", text), ("i", text), ("em", text), ("b", text), ("a", href, text)."""

    segments: list[tuple[str, ...]]

    @property
    def text(self) -> str:
        return "".join(seg[-1] for seg in self.segments)


@dataclass
class Image:
    url: str
    caption: str | None  # without the credit
    credit: str | None
    figcaption: bool = True
    credit_span: bool = False  # the credit in its own span inside the figcaption
    credit_pad: bool = False  # "(AFP/Name )": a space before the closing parenthesis


@dataclass
class ArticleSpec:
    index: int
    section: str
    subsection: str | None  # slug; None: the breadcrumb ends at the section
    url_date: datetime
    slug: str
    title: str
    subtitle: str | None
    authors: list[str]
    source: str
    dateline: str | None
    published: datetime
    modified: datetime | None  # None: the page does not say (no JSON-LD, or JSON-LD without it)
    tags: list[str]
    paras: list[Para]
    image: Image | None
    premium: bool
    teaser: int  # paragraphs shown before the paywall
    advertorial: bool
    dropcap: bool
    jsonld: str  # "plain", "graph", "none"
    premium_meta: tuple[str, str] | None  # (name, content)
    meta_author: bool
    agency_only: bool
    variant: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        top = "adv" if self.section == "adv" else self.section
        return f"/{top}/{self.url_date:%Y/%m/%d}/{self.slug}.html"

    @property
    def section_name(self) -> str:
        return "Advertorial" if self.section == "adv" else SECTIONS[self.section][0]

    @property
    def subsection_name(self) -> str:
        if self.section == "adv":
            return "Sponsored"
        if self.subsection is None:
            return self.section_name
        return SECTIONS[self.section][1][self.subsection]

    @property
    def body(self) -> list[str]:
        texts = [p.text for p in self.paras]
        return texts[: self.teaser] if self.premium else texts


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


class OtherSite:
    """~80 articles over world, business and indonesia (plus one /adv/), deterministic from `seed`."""

    def __init__(self, seed: int = 20250628) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.articles: list[ArticleSpec] = []
        self._build()
        self.by_path = {a.path: a for a in self.articles}

    # -- generation ------------------------------------------------------------------------------------

    def _title(self, section: str, k: int, used: set[str]) -> str:
        special = SPECIAL_TITLES.get((section, k))
        if special:
            used.add(special)
            return special
        subjects, predicates, objects = TITLE_PARTS[section]
        while True:
            subject, predicate = self.rng.choice(subjects), self.rng.choice(predicates)
            title = f"{subject} {predicate.format(x=self.rng.choice(objects))}"
            if title not in used:
                used.add(title)
                return title

    def _fill(self, template: str) -> str:
        r = self.rng
        return template.format(
            who=r.choice(WHO), place=r.choice(PLACES), day=r.choice(DAYS), n=r.randint(3, 40)
        )

    def _paragraph(self, kind: str) -> Para:
        r = self.rng
        s1, s2 = (self._fill(s) for s in r.sample(SENTENCES, 2))
        if kind == "italic":
            return Para(
                [
                    ("t", f"{r.choice(WHO)}, {r.choice(ROLE)}, told "),
                    ("i", "The Jakarta Post"),
                    ("t", f" on {r.choice(DAYS)} that the approach needed more time. {s1}"),
                ]
            )
        if kind == "link":
            outlet = r.choice(OUTLETS)
            slug = outlet.lower().replace(".", "-").replace(" ", "-")
            return Para(
                [
                    ("t", "The figures were first reported by "),
                    ("a", f"https://www.{slug}.example/news", outlet),
                    ("t", f", which cited people familiar with the matter. {s1}"),
                ]
            )
        if kind == "strong":
            return Para(
                [
                    ("t", f"{s1} The rule is due to take effect in "),
                    ("b", f"January {r.choice([2026, 2027])}"),
                    ("t", "."),
                ]
            )
        if kind == "em":
            return Para(
                [
                    ("t", "The report, titled "),
                    ("em", "Cities at Risk"),
                    ("t", f", was released in {r.choice(PLACES)}. {s2}"),
                ]
            )
        if kind == "quote":
            return Para([("t", f"“This is not the end of the process,” {r.choice(WHO)} said. {s1}")])
        if kind == "reading":
            return Para(
                [("t", f"Reading the data, analysts said the trend was unlikely to reverse soon. {s2}")]
            )
        return Para([("t", f"{s1} {s2}")])

    def _build(self) -> None:
        r = self.rng
        order: list[str] = []
        for section, n in COUNTS.items():
            order += [section] * n
        r.shuffle(order)
        newest = datetime(2025, 6, 28, 21, 14, 5, tzinfo=WIB)
        used: set[str] = set()
        seen: dict[str, int] = dict.fromkeys(COUNTS, 0)
        published = newest
        for i, section in enumerate(order):
            k = seen[section]
            seen[section] += 1
            published -= timedelta(hours=r.randint(5, 30), minutes=r.randint(0, 59), seconds=r.randint(0, 59))
            self.articles.append(self._article(i, section, k, published, used))
        # One advertorial under /adv/ (listed in business).
        published = newest - timedelta(days=3, hours=2, minutes=17)
        self.articles.append(self._article(len(order), "adv", 0, published, used))

    def _article(self, i: int, section: str, k: int, published: datetime, used: set[str]) -> ArticleSpec:
        r = self.rng
        real_section = "business" if section == "adv" else section
        if section == "adv":
            title = "Building greener factories: how one textile maker cut its energy bill"
        else:
            title = self._title(section, k, used)
        slug = slugify(title)
        # The date in the URL is not the publication date (the site contract): sometimes a day or two later.
        url_date = published + timedelta(days=(i % 7 == 3) + (i % 11 == 5))
        subs = list(SECTIONS[real_section][1])
        subsection = None if (section == "adv" or i % 13 == 6) else r.choice(subs)
        # Byline and source.
        roll = r.random()
        if section == "adv":
            source, authors = "The Jakarta Post", ["Creative Desk"]
        elif roll < 0.6:
            source = "The Jakarta Post"
            authors = r.sample(STAFF, r.choice([1, 1, 2, 2, 3]))
        else:
            source = "Reuters" if roll < 0.8 else "AFP"
            authors = r.sample(WIRE, r.choice([1, 1, 2]))
        agency_only = source != "The Jakarta Post" and i % 11 == 0
        if agency_only:
            authors = []
        if r.random() < 0.65:
            pool = STAFF_DATELINES if source == "The Jakarta Post" else WIRE_DATELINES
            dateline: str | None = r.choice(pool)
        else:
            dateline = None
        premium = section != "adv" and (i % 4 == 1 or i % 9 == 0)
        advertorial = section == "adv"
        # Tags: keyword slugs.
        words = [w for w in slugify(title).split("-") if len(w) > 3]
        tags = list(dict.fromkeys([*r.sample(words, min(2, len(words))), real_section, r.choice(subs)]))
        if section == "business" and k == 5:
            tags.append("adv-bc")  # an advertorial filed under /business/, flagged by its tag
            advertorial = True
        # Paragraphs.
        first_kind = ["plain", "one_letter", "pt", "quote", "initial"][i % 5]
        first = self._fill(FIRST_SENTENCES[first_kind])
        if i % 6 == 4:
            paras = [
                Para([("t", first + " The move was first reported by "), ("i", "Tempo"), ("t", " magazine.")])
            ]
        else:
            paras = [Para([("t", first + " " + self._fill(r.choice(SENTENCES)))])]
        kinds = ["plain", "italic", "link", "strong", "em", "quote", "reading", "plain", "plain"]
        for _ in range(r.randint(4, 8)):
            paras.append(self._paragraph(r.choice(kinds)))
        teaser = r.choice([2, 3]) if premium else len(paras)
        subtitle = None if i % 8 == 5 else self._fill(r.choice(SENTENCES)).replace("The ", "The latest ", 1)
        # Image.
        image: Image | None = None
        if i % 6 != 0:
            n = 10000 + i * 37
            ts = int(published.timestamp())
            url = f"https://img.jakpost.net/c/{published:%Y/%m/%d}/{published:%Y_%m_%d}_{n}_{ts}._large.jpg"
            caption = f"People gather near a market in {r.choice(PLACES)} on {r.choice(DAYS)}."
            if i % 10 == 7:
                caption = (
                    "(From left) Officials and delegates pose for a group photograph ahead of the meeting."
                )
            credit = None if i % 6 == 1 else r.choice(CREDITS)
            figcaption = i % 6 != 2
            image = Image(
                url=url,
                caption=caption if figcaption else None,
                credit=credit if figcaption else None,
                figcaption=figcaption,
                credit_span=i % 4 == 0,
                credit_pad=i % 5 == 3,
            )
        jsonld = ["plain", "graph", "none"][i % 3]
        if section == "adv":
            jsonld = "plain"
        modified: datetime | None = None
        if jsonld != "none" and i % 5 != 4:
            modified = published + timedelta(minutes=r.choice([0, 0, 12, 95, 600]))
        premium_meta: tuple[str, str] | None
        style = i % 4
        if style == 0:
            premium_meta = ("tjp:is-premium", "true" if premium else "false")
        elif style == 1:
            premium_meta = ("article:is-premium", "1" if premium else "0")
        elif style == 2:
            premium_meta = None
        else:
            premium_meta = ("is-premium", "1" if premium else "0") if premium else None
        if i % 8 == 5 and i % 3 == 2:
            premium_meta = None  # premium shown by the badge and the paywall markup only
        meta_author = bool(authors) and not (jsonld == "none" and i % 2 == 1)
        variant = {
            "canonical": i % 3 != 1,
            "charrefs": i % 5 == 2,
            "content_js": i % 2 == 1,
            "wrap": i % 3,
            "author_links": i % 5 == 0 and bool(authors),
            "author_object": i % 2 == 0,
            "dateline_span": i % 2 == 0,
            "title_wrap": i % 4,
            "subtitle_tag": i % 3,
            "ogdesc_excerpt": subtitle is None and i % 16 == 13,
            "ads": i % 2 == 0,
            "popular": len(paras) > 5,
            "newsletter": i % 3 != 2,
            "read_also": [(1, i % 4), (3, (i + 1) % 4)] if i % 3 else [(2, i % 4)],
            "nbsp_para": i % 9 == 4,
            "keywords_sep": ", " if i % 2 else ",",
            "free_bool": i % 2 == 0,
            "newlines": i % 4 == 3,
            "jsonld_in_body": i % 7 == 2,
            "image_list": i % 4 == 2,
            "placeholder_src": i % 3 == 0,
        }
        return ArticleSpec(
            index=i,
            section=section,
            subsection=subsection,
            url_date=url_date,
            slug=slug,
            title=title,
            subtitle=subtitle,
            authors=authors,
            source=source,
            dateline=dateline,
            published=published,
            modified=modified,
            tags=tags,
            paras=paras,
            image=image,
            premium=premium,
            teaser=teaser,
            advertorial=advertorial,
            dropcap=i % 7 != 3,
            jsonld=jsonld,
            premium_meta=premium_meta,
            meta_author=meta_author,
            agency_only=agency_only,
            variant=variant,
        )

    # -- truth and listings ----------------------------------------------------------------------------

    def truth(self, origin: str) -> dict[str, dict[str, Any]]:
        """Canonical URL -> the fields a correct parser extracts (EXTRACTED_FIELDS)."""
        out = {}
        for a in self.articles:
            url = origin + a.path
            images = []
            if a.image is not None:
                images.append({"url": a.image.url, "caption": a.image.caption, "credit": a.image.credit})
            out[url] = {
                "url": url,
                "title": a.title,
                "subtitle": a.subtitle,
                "authors": list(a.authors),
                "source": a.source,
                "dateline": a.dateline,
                "published_at": iso(a.published),
                "modified_at": iso(a.modified),
                "section": a.path.split("/")[1],
                "subsection": a.subsection_name,
                "tags": list(a.tags),
                "body": a.body,
                "images": images,
                "is_premium": a.premium,
                "is_paywalled": a.premium,  # the server never has a subscriber session
                "is_advertorial": a.advertorial,
                "language": "en",
            }
        return out

    def listed(self, section: str, subsection: str | None = None) -> list[ArticleSpec]:
        """A listing's articles, newest first (the /adv/ article is listed under business)."""
        items = [
            a
            for a in self.articles
            if (a.section == section or (section == "business" and a.section == "adv"))
            and (subsection is None or a.subsection == subsection)
        ]
        return sorted(items, key=lambda a: a.published, reverse=True)


# -- HTML -----------------------------------------------------------------------------------------------


def esc(text: str, charrefs: bool = False) -> str:
    out = html.escape(text, quote=True)
    if charrefs:
        out = out.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return out


def _para_html(
    p: Para, a: ArticleSpec, attrs: str = "", segments: list[tuple[str, ...]] | None = None
) -> str:
    cr = a.variant["charrefs"]
    parts = []
    for seg in segments if segments is not None else p.segments:
        kind, text = seg[0], seg[-1]
        body = esc(text, cr)
        if kind == "t" and a.variant["newlines"] and " " in body.strip():
            # A line break inside the paragraph's source: whitespace, not text.
            j = body.strip().index(" ") + (len(body) - len(body.lstrip()))
            body = body[:j] + "\n          " + body[j + 1 :]
        if kind == "i":
            parts.append(f"<i>{body}</i>")
        elif kind == "em":
            parts.append(f"<em>{body}</em>")
        elif kind == "b":
            parts.append(f"<strong>{body}</strong>")
        elif kind == "a":
            parts.append(f'<a target="_blank" href="{esc(seg[1])}">{body}</a>')
        else:
            parts.append(body)
    return f"<p{attrs}>{''.join(parts)}</p>"


def _dropcap_html(p: Para, a: ArticleSpec) -> str:
    first = p.segments[0]
    char, rest = first[-1][0], first[-1][1:]
    segments = [(*first[:-1], rest), *p.segments[1:]]
    txt = _para_html(p, a, ' class="tjp-opening__txt"', segments)
    return (
        '<div class="tjp-opening">\n'
        f'          <h1 class="tjp-opening__char">{esc(char, a.variant["charrefs"])}</h1>\n'
        f"          {txt}\n"
        "        </div>"
    )


def _read_also(style: int, headline: str, href: str) -> str:
    link = f'<a href="{esc(href)}">{esc(headline)}</a>'
    if style == 0:
        return f"<p>Read also: {link}</p>"
    if style == 1:
        return f"<p><strong>Read also:</strong> {link}</p>"
    if style == 2:
        return f"<p><strong>Read also</strong>: {link}</p>"
    return f'<p class="read-also"><strong>Read also</strong> {link}</p>'


def _jsonld(a: ArticleSpec, url: str) -> str:
    v = a.variant
    if len(a.authors) == 1 and v["author_object"]:
        author: Any = {"@type": "Person", "name": a.authors[0]}
    else:
        author = [{"@type": "Person", "name": n} for n in a.authors]
    free: Any = not a.premium
    if not v["free_bool"]:
        free = "true" if free else "false"
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": a.title,
        "datePublished": iso(a.published),
    }
    if a.modified is not None:
        article["dateModified"] = iso(a.modified)
    if a.subtitle:
        article["description"] = a.subtitle
    if a.image is not None:
        article["image"] = (
            [a.image.url] if v["image_list"] else {"@type": "ImageObject", "url": a.image.url, "width": 800}
        )
    if a.authors:
        article["author"] = author
    article["publisher"] = {
        "@type": "Organization",
        "name": "The Jakarta Post",
        "logo": {"@type": "ImageObject", "url": "https://www.thejakartapost.com/images/logo.png"},
    }
    article["keywords"] = list(a.tags) if a.index % 2 else ",".join(a.tags)
    article["articleSection"] = a.section_name
    if a.dateline:
        article["dateline"] = a.dateline
    article["isAccessibleForFree"] = free
    article["inLanguage"] = "en"
    if a.premium:
        article["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".tjp-paywall",
        }
    if a.jsonld == "graph":
        crumbs = {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": a.section_name},
                {"@type": "ListItem", "position": 2, "name": a.subsection_name},
            ],
        }
        doc: dict[str, Any] = {
            "@context": "https://schema.org",
            "@graph": [{"@type": "WebPage", "@id": url, "name": a.title}, article, crumbs],
        }
    else:
        doc = {"@context": "https://schema.org", **article}
    text = json.dumps(doc, ensure_ascii=a.index % 2 == 0, indent=None if a.index % 3 else 2)
    return '<script type="application/ld+json">' + text.replace("</", "<\\/") + "</script>"


def _byline(a: ArticleSpec) -> str:
    if a.agency_only:
        return esc(a.source)
    if a.variant["author_links"]:
        names = [f'<a href="/author/{slugify(n)}" class="tjp-meta__author">{esc(n)}</a>' for n in a.authors]
    else:
        names = [esc(n) for n in a.authors]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if a.index % 6 == 5:  # the template breaks lines inside the byline
        return f"\n                {joined}\n                ({esc(a.source)})\n              "
    return f"{joined} ({esc(a.source)})"


NAV = """<header class="tjp-header">
    <nav class="tjp-nav navbar">
      <h1 class="thejakartapost"><a href="/" title="The Jakarta Post">TheJakartaPost</a></h1>
      <ul class="tjp-nav__menu">
        <li><a href="/indonesia">Indonesia</a></li>
        <li><a href="/business">Business</a></li>
        <li><a href='/world'>World</a></li>
        <li><a href="/user/account/login" class="tjp-nav__login">Log in</a></li>
      </ul>
    </nav>
  </header>"""

OUTDATED = """<div class="on-ie-underversion9">
    <div class="col-xs-6 article-ie">
      <p>Please Update your browser</p>
      <p>Your browser is out of date, and may not be compatible with our website. A list of the most popular
      web browsers can be found below.<br>Just click on the icons to get to the download page.</p>
      <a href="http://windows.microsoft.com/en-us/internet-explorer/download-ie">Internet Explorer</a>
      <a href="https://www.google.com/chrome/">Chrome</a>
    </div>
  </div>"""

WIDGETS = """<div class="tjp-single__widgets">
      <div class="tjp-gift"><h3 class="tjp-gift__title">Gift Premium Articles<br> to Anyone</h3>
        <p>Send a subscriber-only story to a friend or colleague; each month you can gift a few articles that
        anyone can open without signing up.</p></div>
      <div class="tjp-feedback" id="feedback"><h3>Your Opinion Matters</h3>
        <p>Tell us what works and what does not on The Jakarta Post.</p>
        <textarea placeholder="Enter at least 30 characters"></textarea><span>0 / 30</span>
        <div class="tjp-feedback__thanks" hidden><h4>Thank You</h4><p>Thanks for the feedback.</p></div></div>
      <div class="tjp-share-modal"><h3>Share options</h3>
        <p>Send this story to your network in one click.</p></div>
      <div class="tjp-textsize-modal"><h3>Change text size options</h3>
        <p>Pick a small, medium or large text size.</p></div>
      <div class="tjp-app-banner"><h3>Continue in the app</h3><p>Faster reading and offline access.</p></div>
    </div>"""


def render_article(site: OtherSite, a: ArticleSpec, origin: str) -> str:
    v = a.variant
    cr = v["charrefs"]
    url = origin + a.path
    others = [o for o in site.articles if o is not a]
    head: list[str] = [
        '<meta charset="utf-8">',
        f"<title>{esc(a.title, cr)} - {a.section_name} - The Jakarta Post</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="csrf-token" content="tok{a.index:04d}x">',
        f'<meta content="{esc(a.title, cr)} - {a.section_name} - The Jakarta Post" property="og:title">',
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="The Jakarta Post">',
    ]
    if a.subtitle:
        head.append(f'<meta property="og:description" content="{esc(a.subtitle, cr)}">')
        head.append(f'<meta name="description" content="{esc(a.subtitle, cr)}">')
    elif v["ogdesc_excerpt"]:
        head.append(f'<meta property="og:description" content="{esc(a.paras[0].text[:60], cr)}...">')
    if a.image is not None:
        head.append(f"<meta property='og:image' content='{esc(a.image.url)}'>")
    if a.meta_author:
        head.append(f'<meta name="author" content="{esc(", ".join(a.authors), cr)}">')
    head.append(f'<meta name="keywords" content="{esc(v["keywords_sep"].join(a.tags))}">')
    if a.premium_meta is not None:
        name, content = a.premium_meta
        head.append(f'<meta content="{content}" name="{name}">')
    if v["canonical"]:
        head.append(f'<link href="{esc(url)}" rel="canonical">')
        head.append(f'<meta property="og:url" content="{esc(url)}">')
    head.append('<link rel="stylesheet" href="/skin/css/tjp-single.css">')
    if a.index % 5 == 1:
        head.append(
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"WebSite",'
            f'"name":"The Jakarta Post","url":"{origin}/"}}</script>'
        )
    if a.jsonld != "none" and not v["jsonld_in_body"]:
        head.append(_jsonld(a, url))

    # Breadcrumb: the active entry is the deepest (the subsection when there is one).
    crumbs = ['<li class="tjp-breadcrumb__list-item"><a href="/">Home</a></li>']
    top = "adv" if a.section == "adv" else a.section
    if a.section == "adv":
        crumbs.append('<li class="tjp-breadcrumb__list-item active"><span>Sponsored</span></li>')
    elif a.subsection is None:
        crumbs.append(
            f"<li class='tjp-breadcrumb__list-item active' data-level=1><a href='/{top}'>"
            f"{a.section_name}</a></li>"
        )
    else:
        crumbs.append(f'<li class="tjp-breadcrumb__list-item"><a href="/{top}">{a.section_name}</a></li>')
        crumbs.append(
            f'<li data-level="2" class="tjp-breadcrumb__list-item tjp-breadcrumb__list-item--last active">'
            f'<a href="{origin}/{top}/{a.subsection}">{esc(a.subsection_name)}</a></li>'
        )
    breadcrumb = (
        '<ul class="tjp-breadcrumb">\n            ' + "\n            ".join(crumbs) + "\n          </ul>"
    )

    title_h1 = [
        f'<h1 class="tjp-title tjp-title--single">{esc(a.title, cr)}</h1>',
        f"<h1>{esc(a.title, cr)}</h1>",
        f'<div class="tjp-single__title-wrap"><h1 class="tjp-title">{esc(a.title, cr)}</h1></div>',
        f'<h1 class="tjp-title--single" itemprop="headline">\n            {esc(a.title, cr)}\n'
        "          </h1>",
    ][v["title_wrap"]]
    subtitle = ""
    if a.subtitle:
        subtitle = [
            f'<p class="tjp-single__subtitle">{esc(a.subtitle, cr)}</p>',
            f'<div class="tjp-single__head-lede"><p>{esc(a.subtitle, cr)}</p></div>',
            f'<p class="tjp-single__head-lede lede">\n            {esc(a.subtitle, cr)}\n          </p>',
        ][v["subtitle_tag"]]

    meta_items = [
        f'<div class="tjp-meta__content-item tjp-meta__content-item--author"><span class="tjp-meta__label">'
        f"{_byline(a)}</span></div>"
    ]
    if a.premium:
        meta_items.append('<div class="tjp-meta__content-premium"><span>Premium</span></div>')
    if a.dateline:
        if v["dateline_span"]:
            meta_items.append(
                f'<div class="tjp-meta__content-item"><span class="tjp-meta__location">{esc(a.dateline, cr)}'
                "</span></div>"
            )
        else:
            meta_items.append(
                '<div class="tjp-meta__content-item tjp-meta__content-item--location">'
                f"{esc(a.dateline, cr)}</div>"
            )
    shown = f"{a.published:%a}, {a.published:%B} {a.published.day}, {a.published:%Y}"
    meta_items.append(
        '<div class="tjp-meta__content-item">'
        f'<span class="day">{shown}</span>\n              '
        f'<span class="created">Published on{chr(10) + "                " if a.index % 4 == 1 else " "}'
        f"{iso(a.published)}</span></div>"
    )
    meta = (
        '<div class="tjp-meta">\n          <div class="tjp-meta__content-list">\n            '
        + "\n            ".join(meta_items)
        + '\n          </div>\n          <div class="tjp-meta__tools"><button type="button">Change text size'
        "</button> <button type=button>Share This Article</button></div>\n        </div>"
    )

    figure = ""
    if a.image is not None:
        im = a.image
        src = ' src="data:image/gif;base64,R0lGODlhAQABAAAAACw="' if v["placeholder_src"] else ""
        alt = esc(im.caption or (a.title if a.index % 4 == 2 else ""), cr)
        cap = ""
        if im.figcaption:
            credit = ""
            if im.credit:
                inner = f"({esc(im.credit, cr)}{' ' if im.credit_pad else ''})"
                credit = (
                    f' <span class="tjp-figure__credit">{inner}</span>' if im.credit_span else f" {inner}"
                )
            text = esc(im.caption or "", cr)
            cap = f"\n        <figcaption class='tjp-figure__caption'>{text}{credit}</figcaption>"
        figure = (
            '<figure class="tjp-single__figure">\n'
            f'        <img class="lazy tjp-single__image"{src} data-src="{esc(im.url)}" alt="{alt}">{cap}\n'
            "      </figure>"
        )

    # Body.
    blocks: list[str] = []
    n_shown = a.teaser if a.premium else len(a.paras)
    read_also = dict(v["read_also"])
    for j, p in enumerate(a.paras[:n_shown]):
        if j == 0 and a.dropcap:
            blocks.append(_dropcap_html(p, a))
        else:
            blocks.append(_para_html(p, a, ' dir="ltr"' if a.index % 5 == 3 else ""))
        if j in read_also:
            other = others[(a.index * 7 + j) % len(others)]
            href = f"https://www.thejakartapost.com{other.path}" if j % 2 else other.path
            blocks.append(_read_also(read_also[j], other.title, href))
        if j == 0 and v["ads"]:
            blocks.append(
                '<div class="tjp-single__content-ads"><div id="div-gpt-ad-1" class="ads-slot">'
                "<p>Advertisement</p></div></div>"
            )
        if j == 2 and v["newsletter"] and not a.premium:
            blocks.append(
                '<div class="tjp-newsletter-box">\n          <div class="tjp-newsletter-box__inner">'
                "<h3>Prospects</h3>"
                f"<p>{esc(NEWSLETTER_PROMO, cr)}</p>"
                '<form><input type="email" name="email" placeholder="Your email">'
                "<button>Sign up</button></form>"
                "<p class='small'>By registering, you agree with The Jakarta Post's Privacy Policy</p>"
                '<p class="tjp-newsletter-box__done" style="display:none">Please check your email for your '
                "newsletter subscription.</p></div>\n        </div>"
            )
        if j == 4 and v["popular"]:
            pops = "".join(
                f'<li><a href="{o.path}"><p>{esc(o.title)}</p></a></li>' for o in others[a.index % 10 :][:3]
            )
            blocks.append(
                '<div class="tjp-single__content-list tjp-single__content-list--popular">'
                f"<h3>Popular</h3><ul>{pops}</ul></div>"
            )
    if v["nbsp_para"] and not a.premium:
        blocks.append("<p>&nbsp;</p>")
    if a.premium:
        blocks.append(
            '<div class="tjp-paywall">\n          <div class="tjp-paywall__box">'
            '<h1 class="tjp-paywall__title">Read the full story</h1>'
            "<p>Subscribe now to get full access to our premium articles, starting from IDR 55,000/month.</p>"
            '<p>Already subscribed? <a href="/user/account/login">Log in</a></p></div>\n        </div>'
        )
    content_class = "tjp-single__content js-content" if v["content_js"] else "tjp-single__content"
    inner = "\n        ".join(blocks)
    if v["wrap"] == 1:
        inner = f'<div class="tjp-single__content-inner">\n        {inner}\n        </div>'
    elif v["wrap"] == 2:
        inner = f'<div class="row"><div class="col-md-12 col-xs-12">\n        {inner}\n        </div></div>'
    content = f'<div class="{content_class}" id="content">\n        {inner}\n      </div>'

    body_jsonld = _jsonld(a, url) if a.jsonld != "none" and v["jsonld_in_body"] else ""
    overlay = '\n  <div class="tjp-overlay"></div>' if a.premium else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{chr(10).join(head)}
</head>
<body class="tjp-body tjp-body--single">
  {OUTDATED}
  <div class="tjp-wrapper">
  {NAV}
  <div class="container tjp-container">
    <div class="tjp-single" data-article-id="{a.index}">
      <div class="tjp-single__head">
        <div class="tjp-single__head-item tjp-single__head-item--breadcrumb">
          {breadcrumb}
        </div>
        <div class="tjp-single__head-item tjp-single__head-item--detail">
          {title_h1}
          {subtitle}
        {meta}
        </div>
      </div>
      {figure}
      {content}
    {WIDGETS}
    </div>
  </div>{overlay}
  <footer class="tjp-footer"><p>&copy; 2025 The Jakarta Post. All rights reserved.</p></footer>
  </div>
  {body_jsonld}
  <script src="/skin/js/tjp-single.js"></script>
</body>
</html>
"""


def relative_time(published: datetime, now: datetime) -> str:
    seconds = max(0, int((now - published).total_seconds()))
    for unit, size in (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n > 1 else ''} ago"
    n = max(1, seconds // 60)
    return f"{n} minute{'s' if n > 1 else ''} ago"


def _listing_href(a: ArticleSpec, origin: str, variant: int) -> str:
    if variant == 0:
        return a.path
    if variant == 1:
        return origin + a.path
    if variant == 2:
        return f"{a.path}?utm_source=(direct)&utm_medium=channel_{a.section}"
    return f"{a.path}-{1000 + a.index}"  # ".html-<digits>"


def render_listing(
    site: OtherSite, section: str, subsection: str | None, page: int, origin: str, now: datetime
) -> str:
    items = site.listed(section, subsection)
    shown = items[(page - 1) * PER_PAGE : page * PER_PAGE]
    base = f"/{section}/{subsection}" if subsection else f"/{section}"
    entries = []
    for n, a in enumerate(shown):
        k = a.index + n
        title_href = esc(_listing_href(a, origin, k % 4))
        label = esc(a.subsection_name)
        badge = '<span class="premiumBadge">Premium</span>' if a.premium else ""
        summary = esc(a.subtitle or a.paras[0].text[:120])
        date = relative_time(a.published, now)
        if a.image is not None:
            img_href = esc(_listing_href(a, origin, (k + 1) % 4))
            thumb = a.image.url.replace("._large.", "._medium.")
            image = (
                f'<div class="imageLatest"><a href="{img_href}"><img class="lazy" data-src="{thumb}" '
                f'alt="{esc(a.title)}"></a></div>'
            )
            top = a.path.split("/")[1]
            dt_href = f"/{top}/{a.subsection}" if a.subsection else f"/{top}"
            dt = f'<a class="dt-news" href="{dt_href}">{label}</a>'
        else:
            image = ""
            dt = f'<span class="dt-news">{label}</span>'
        if k % 2:
            title = f'<a href="{title_href}"><h2 class="titleNews">{esc(a.title)}</h2></a>'
        else:
            title = f'<h2 class="titleNews"><a href="{title_href}">{esc(a.title)}</a></h2>'
        entries.append(
            f"""<div class="listNews whtPD columns">
        {image}
        <div class="latestDetail">
          {dt} {badge}
          {title}
          <p>{summary}</p>
          <span class="date">{date}</span>
        </div>
      </div>"""
        )
    latest = [
        a for a in sorted(site.articles, key=lambda a: a.published, reverse=True) if a.section != section
    ]
    latest_html = "".join(
        f'<li><a href="{origin}{a.path}">{esc(a.title)}</a> '
        f'<span class="date">{relative_time(a.published, now)}</span></li>'
        for a in latest[:5]
    )
    viewed = [site.articles[(j * 17 + 3) % len(site.articles)] for j in range(5)]
    viewed_html = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in viewed)
    pagination = ""
    if shown:
        link = f"{base}?page={page + 1}" if not subsection else f"?page={page + 1}"
        prev = (
            f'<a class="tjp-pagination__prev" href="{base}?page={page - 1}">Previous</a> ' if page > 1 else ""
        )
        pagination = (
            f'<div class="tjp-pagination">{prev}<span class="tjp-pagination__current">{page}</span> '
            f'<a class="tjp-pagination__next" rel="next" href="{link}">Next</a></div>'
        )
    name = SECTIONS[section][0] if not subsection else SECTIONS[section][1][subsection]
    body = "\n      ".join(entries) if entries else '<p class="tjp-newsListing__empty">No more articles.</p>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(name)} - The Jakarta Post</title>
<meta property="og:title" content="{esc(name)} - The Jakarta Post">
</head>
<body>
  {OUTDATED}
  <div class="tjp-wrapper">
  {NAV}
  <div class="container">
    <div class="row">
    <div class="col-md-8 tjp-newsListing">
      <h2 class="tjp-newsListing__title">{esc(name)}</h2>
      {body}
      {pagination}
    </div>
    <aside class="col-md-4 tjp-sidebar">
      <div class="tjp-latest"><h3>The Latest</h3><ul>{latest_html}</ul><a href="/latest">View more</a></div>
      <div class="jpmvcontainer"><h3>Most viewed</h3><ol>{viewed_html}</ol></div>
    </aside>
    </div>
  </div>
  </div>
</body>
</html>
"""


def render_robots(origin: str) -> str:
    return (
        "User-agent: *\nAllow: /\nDisallow: /user/account/login\nDisallow: /test/\n\n"
        f"Sitemap: {origin}/sitemap.xml\n"
    )


def render_sitemap_index(origin: str) -> str:
    children = "".join(
        f"\n  <sitemap><loc>{origin}/{s}/{kind}/sitemap.xml</loc></sitemap>"
        for s in SECTIONS
        for kind in ("news", "web")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}\n</sitemapindex>\n'
    )


def render_news_sitemap(site: OtherSite, section: str, origin: str) -> str:
    rows = []
    for a in site.listed(section):
        rows.append(
            f"<url><loc><![CDATA[ {origin}{a.path} ]]></loc>\n"
            " <news:news><news:publication><news:name><![CDATA[ The Jakarta Post ]]></news:name>"
            "<news:language><![CDATA[ en ]]></news:language></news:publication>\n"
            f" <news:publication_date><![CDATA[ {iso(a.published)} ]]></news:publication_date>\n"
            f" <news:title><![CDATA[{a.title}]]></news:title></news:news></url>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def render_web_sitemap(site: OtherSite, section: str, origin: str) -> str:
    rows = "".join(
        f"\n  <url><loc>{origin}{a.path}</loc><lastmod>{iso(a.modified or a.published)}</lastmod></url>"
        for a in site.listed(section)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}\n</urlset>\n'
    )
