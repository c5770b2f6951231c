"""A small, deterministic news-like English text generator for the replica site.

Everything is drawn from a `random.Random` the caller seeds, so the same (seed, article index) always gives
the same words. Paragraphs use a tiny inline mark-up: `<i>text</i>` for italics and `<a>text</a>` for a link
(the site decides the link target); `paragraph_segments()` turns that into (kind, text) segments.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata

# --- sections ---------------------------------------------------------------------------------------------

SECTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "indonesia": ("Indonesia", (("politics", "Politics"), ("jakarta", "Jakarta"), ("society", "Society"))),
    "business": (
        "Business",
        (("companies", "Companies"), ("markets", "Markets"), ("economy", "Economy"), ("tech", "Tech")),
    ),
    "world": ("World", (("asia-pacific", "Asia & Pacific"), ("americas", "Americas"), ("europe", "Europe"))),
    "opinion": ("Opinion", (("editorial", "Editorial"), ("commentary", "Commentary"))),
    "culture": (
        "Culture",
        (("entertainment", "Entertainment"), ("arts", "Arts & Culture"), ("food", "Food")),
    ),
    "life": ("Life", (("health", "Health"), ("travel", "Travel"))),
    "academia": ("Academia", (("insight", "Insight"),)),
    "southeast-asia": ("Southeast Asia", (("asean", "ASEAN"), ("region", "Region"))),
}
SECTION_WEIGHTS = {
    "indonesia": 22,
    "business": 20,
    "world": 14,
    "opinion": 9,
    "culture": 9,
    "life": 8,
    "academia": 6,
    "southeast-asia": 12,
}

# --- people -----------------------------------------------------------------------------------------------

ID_FIRST = (
    "Ahmad",
    "Budi",
    "Siti",
    "Dewi",
    "Rizky",
    "Agus",
    "Sri",
    "Putri",
    "Hendra",
    "Yohanes",
    "Made",
    "Ketut",
    "Nur",
    "Fajar",
    "Intan",
    "Arief",
    "Ratna",
    "Bambang",
    "Wahyu",
    "Dian",
    "Teuku",
    "Andi",
    "Rahmat",
    "Nadia",
    "Galih",
    "Yuliana",
    "Krisna",
    "Aditya",
    "Fika",
    "Tenggara",
    "Marlistya",
    "Dimas",
    "Laras",
    "Benny",
)
ID_LAST = (
    "Santoso",
    "Wibowo",
    "Hidayat",
    "Pratama",
    "Saputra",
    "Kusuma",
    "Nasution",
    "Siregar",
    "Harahap",
    "Lubis",
    "Halim",
    "Tanjung",
    "Suryadi",
    "Wijaya",
    "Nugroho",
    "Setiawan",
    "Rahman",
    "Sembiring",
    "Tambunan",
    "Purnomo",
    "Simanjuntak",
    "Sitompul",
    "Gunawan",
    "Anggraini",
    "Mahendra",
    "Ramadhan",
    "Pangaribuan",
)
ID_MONO = ("Mulyadi", "Suparno", "Sukarni", "Wiranto", "Harjono", "Sulastri", "Darmawan")
VN_NAMES = (
    "Nguyễn Văn An",
    "Trần Thị Hồng",
    "Lê Minh Đức",
    "Phạm Quốc Thành",
    "Hoàng Thị Lan",
    "Võ Đức Hương",
    "Đặng Văn Quang",
    "Bùi Thị Ngọc",
)
INTL_FIRST = (
    "Matthew",
    "Élodie",
    "Søren",
    "José",
    "Haruto",
    "Yui",
    "Somchai",
    "Pimchanok",
    "Maria",
    "Jose",
    "Aisha",
    "Rajiv",
    "Chen",
    "Min-jun",
    "Olga",
    "Kwame",
    "Zoë",
    "François",
    "Ingrid",
    "Tomás",
    "Lucía",
    "Declan",
)
INTL_LAST = (
    "Collins",
    "Marchand",
    "Lund",
    "Álvarez",
    "Tanaka",
    "Sato",
    "Chaiyaporn",
    "Srisuk",
    "Santos",
    "dela Cruz",
    "Rahim",
    "Menon",
    "Wei",
    "Park",
    "Petrova",
    "Mensah",
    "Müller",
    "Dubois",
    "Lindqvist",
    "Herrera",
    "Kelly",
)
ROLES = {
    "indonesia": (
        "lawmaker",
        "Home Minister",
        "regional head",
        "police spokesperson",
        "political analyst",
        "activist",
        "Jakarta deputy governor",
        "House deputy speaker",
    ),
    "business": (
        "Finance Minister",
        "chief economist",
        "company president director",
        "market analyst",
        "Investment Minister",
        "central bank governor",
        "trade official",
        "fund manager",
    ),
    "world": (
        "foreign minister",
        "spokesperson",
        "prime minister",
        "defense secretary",
        "UN envoy",
        "senior diplomat",
        "analyst",
    ),
    "opinion": ("researcher", "former minister", "lecturer", "political scientist"),
    "culture": ("curator", "film director", "chef", "festival organizer", "musician", "writer"),
    "life": ("epidemiologist", "doctor", "tourism official", "nutritionist", "hotelier"),
    "academia": ("lecturer", "researcher", "professor", "doctoral candidate"),
    "southeast-asia": (
        "ASEAN official",
        "foreign minister",
        "coast guard spokesperson",
        "regional analyst",
        "trade minister",
    ),
}

# --- organisations, places, topics ------------------------------------------------------------------------

ORGS = {
    "indonesia": (
        "the House of Representatives",
        "the Corruption Eradication Commission (KPK)",
        "the General Elections Commission (KPU)",
        "the Home Ministry",
        "the National Police",
        "the Jakarta administration",
        "the Constitutional Court",
        "Nahdlatul Ulama",
        "Muhammadiyah",
        "the Indonesian Military (TNI)",
    ),
    "business": (
        "Bank Indonesia",
        "the Financial Services Authority (OJK)",
        "the Finance Ministry",
        "the Indonesia Stock Exchange (IDX)",
        "PT Pertamina",
        "PT Bank Rakyat Indonesia",
        "the Energy and Mineral Resources Ministry",
        "Statistics Indonesia (BPS)",
        "the Investment Ministry",
        "PT Telkom Indonesia",
        "the Indonesian Chamber of Commerce (Kadin)",
    ),
    "world": (
        "the United Nations",
        "NATO",
        "the European Union",
        "the World Health Organization",
        "the White House",
        "the G20",
        "the International Monetary Fund",
        "the Kremlin",
    ),
    "opinion": (
        "the government",
        "the House of Representatives",
        "the President’s office",
        "the Constitutional Court",
        "Bank Indonesia",
    ),
    "culture": (
        "the Jakarta Arts Council",
        "the Tourism and Creative Economy Ministry",
        "the National Gallery of Indonesia",
        "a Yogyakarta art collective",
        "a Bandung indie label",
    ),
    "life": (
        "the Health Ministry",
        "the World Health Organization",
        "the Bali Tourism Board",
        "the Food and Drug Monitoring Agency (BPOM)",
        "a Surabaya hospital",
    ),
    "academia": (
        "the University of Indonesia",
        "Gadjah Mada University",
        "the Bandung Institute of Technology",
        "the Centre for Strategic and International Studies (CSIS)",
        "the National Research and Innovation Agency (BRIN)",
    ),
    "southeast-asia": (
        "ASEAN",
        "the ASEAN Secretariat",
        "Malaysia’s Foreign Ministry",
        "the Philippine Coast Guard",
        "Vietnam’s Trade Ministry",
        "Thailand’s Election Commission",
        "the Monetary Authority of Singapore",
    ),
}
TOPICS = {
    "indonesia": (
        "regional elections",
        "the new capital city Nusantara",
        "land subsidence in North Jakarta",
        "the criminal code revision",
        "forest fires in Riau",
        "the free meals program",
        "village funds",
        "flood mitigation",
        "religious tolerance",
        "the TNI law revision",
    ),
    "business": (
        "nickel downstreaming",
        "coal power plant retirement",
        "rice prices",
        "the rupiah",
        "palm oil exports",
        "the digital economy",
        "electric vehicle batteries",
        "fuel subsidies",
        "the JETP climate funds",
        "bond yields",
        "startup funding",
        "tax revenue",
    ),
    "world": (
        "the war in Ukraine",
        "US tariffs",
        "climate talks",
        "the Gaza ceasefire",
        "NATO expansion",
        "energy prices",
        "migration policy",
        "the semiconductor race",
    ),
    "opinion": (
        "democratic backsliding",
        "the budget deficit",
        "press freedom",
        "food security",
        "the energy transition",
        "civil-military relations",
    ),
    "culture": (
        "the Jakarta Biennale",
        "batik",
        "K-pop concerts",
        "Indonesian cinema",
        "street food",
        "rendang",
        "a gamelan revival",
        "the Ubud Writers Festival",
    ),
    "life": (
        "dengue fever",
        "stunting",
        "mental health",
        "air pollution",
        "Labuan Bajo",
        "Raja Ampat",
        "medical tourism",
        "the Bali tourist levy",
    ),
    "academia": (
        "research funding",
        "academic freedom",
        "school zoning",
        "digital literacy",
        "decentralization",
        "the middle-income trap",
    ),
    "southeast-asia": (
        "the South China Sea",
        "Myanmar’s civil war",
        "transboundary haze",
        "the Mekong drought",
        "ASEAN integration",
        "the regional rice trade",
        "maritime security",
    ),
}
ID_CITIES = (
    "Jakarta",
    "Surabaya",
    "Bandung",
    "Medan",
    "Makassar",
    "Denpasar",
    "Yogyakarta",
    "Semarang",
    "Balikpapan",
    "Jayapura",
    "Padang",
    "Pontianak",
)
INTL_CITIES = (
    "Tokyo, Japan",
    "Hanoi, Vietnam",
    "Singapore",
    "Manila, Philippines",
    "Washington, United States",
    "Brussels, Belgium",
    "Kuala Lumpur, Malaysia",
    "Bangkok, Thailand",
    "Sydney, Australia",
    "São Paulo, Brazil",
    "Geneva, Switzerland",
    "Phnom Penh, Cambodia",
    "Seoul, South Korea",
)
PUBLICATIONS = (
    "The Jakarta Post",
    "Kompas",
    "Tempo",
    "Kontan.co.id",
    "Bisnis Indonesia",
    "Nikkei Asia",
    "The Straits Times",
    "Antara",
)
WIRES = ("Reuters", "AFP", "AP")
PHOTO_AGENCIES = ("AFP", "Reuters", "JP", "Antara", "AP", "Shutterstock")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SPONSORS = (
    ("BC", "Bright Capital"),
    ("usaseanbusinesscouncil", "the US-ASEAN Business Council"),
    ("nusantarahealth", "Nusantara Health"),
    ("kopiluwakco", "Kopi Luwak Co"),
)

ACTIONS = (
    "review",
    "speed up",
    "tighten rules on",
    "expand support for",
    "postpone",
    "overhaul",
    "fund",
    "investigate",
    "scale back",
    "reassess",
)
CONSEQUENCES = (
    "deepen inequality",
    "slow growth next year",
    "hurt small businesses",
    "erode public trust",
    "push prices higher",
    "delay the project by years",
    "strain the state budget",
    "leave millions without protection",
)
PROBLEMS = (
    "has been poorly planned",
    "benefits only a few",
    "lacks transparency",
    "moves too slowly",
    "ignores local communities",
    "was rushed through without consultation",
)
QUOTES = (
    "We cannot afford to wait any longer",
    "This is not only about the economy, it is about our future",
    "There is no turning back now",
    "We are doing everything we can to protect the public",
    "It is too early to say whether the policy has worked",
    "The numbers speak for themselves",
    "People want certainty, not more promises",
    "We will keep talking, but our patience has limits",
)
ADJS = ("controversial", "long-awaited", "ambitious", "contested", "landmark", "stalled", "costly", "popular")
PLANS = ("plan", "program", "regulation", "bill", "policy", "road map", "scheme", "deal")


def pick(rng: random.Random, seq):
    # rng.random() is several times cheaper than randrange(); pages are generated per request.
    return seq[int(rng.random() * len(seq))]


def ri(rng: random.Random, lo: int, hi: int) -> int:
    """randint(lo, hi) at a fraction of its cost."""
    return lo + int(rng.random() * (hi - lo + 1))


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def person(rng: random.Random, kind: str = "id") -> str:
    if kind == "vn":
        return pick(rng, VN_NAMES)
    if kind == "intl":
        return f"{pick(rng, INTL_FIRST)} {pick(rng, INTL_LAST)}"
    if rng.random() < 0.12:
        return pick(rng, ID_MONO)
    return f"{pick(rng, ID_FIRST)} {pick(rng, ID_LAST)}"


def person_for(rng: random.Random, section: str) -> str:
    if section in ("world",):
        return person(rng, "intl" if rng.random() < 0.8 else "vn")
    if section == "southeast-asia":
        return person(rng, pick(rng, ("vn", "intl", "id")))
    return person(rng, "id" if rng.random() < 0.85 else pick(rng, ("intl", "vn")))


def surname(name: str) -> str:
    parts = name.split()
    if len(parts) == 3 and parts[0] in {n.split()[0] for n in VN_NAMES}:
        return parts[-1]  # Vietnamese names are referred to by the given name
    return parts[-1] if parts[-1] != "Cruz" else "dela Cruz"


def money(rng: random.Random) -> str:
    if rng.random() < 0.6:
        tr = ri(rng, 2, 95) / 2
        usd = int(tr * 1000 / 16.2)
        return f"Rp {tr:g} trillion (US${usd:,} million)"
    return f"US${ri(rng, 11, 990) / 10:g} billion"


def pct(rng: random.Random) -> str:
    return f"{ri(rng, 1, 120) / 10:g} percent"


def count(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return f"{ri(rng, 12, 9800):,}"
    if r < 0.7:
        return f"{ri(rng, 11, 99) / 10:g} million"
    return (
        str(ri(rng, 3, 11)) if rng.random() < 0.5 else pick(rng, ("dozens of", "hundreds of", "thousands of"))
    )


class Ctx:
    """Per-article vocabulary: the people, organisations and topic that its sentences keep returning to."""

    def __init__(self, rng: random.Random, section: str):
        self.rng = rng
        self.section = section
        self.topic = pick(rng, TOPICS[section])
        self.people = [person_for(rng, section) for _ in range(3)]
        self.roles = [pick(rng, ROLES[section]) for _ in range(3)]
        self.orgs = list(ORGS[section])
        rng.shuffle(self.orgs)
        self.used: set[int] = set()
        self.city = pick(rng, INTL_CITIES if section in ("world", "southeast-asia") else ID_CITIES).split(
            ","
        )[0]


LEAD_TEMPLATES = (
    "{Pc} said on {D} that {O} would {act} {T}, a move that observers say could {cons}.",
    "A {adj} {plan} on {T} has split {O} and {O2}, with critics warning that it {prob}.",
    "In {C}, {N} people turned out on {D} as debate over {T} intensified ahead of a key decision by {O}.",
    "{Oc} is set to {act} {T} after months of pressure from businesses and civil society groups.",
    "Officials at {O} are racing to {act} {T} as the cost of the {plan} climbs to {money}.",
    "I went to {C} expecting a quiet week, but the arguments over {T} turned it into anything but.",
)
BODY_TEMPLATES = (
    "{Pc} said on {D} that {O} would {act} {T} before the end of the year.",
    "“{q},” {p} said.",
    "“{q},” {p} told <i>The Jakarta Post</i> on {D}.",
    "“{q}. We have said this many times,” {p} said, adding that {O2} had been consulted.",
    "The {plan} is expected to cost {money}, according to {O}.",
    "{Oc} recorded {pct} growth in the first nine months, up from {pct2} a year earlier.",
    "Critics have long argued that the approach to {T} {prob}.",
    "In {C}, {N} residents were affected last {M}, local officials said.",
    "The move comes as {O} faces mounting pressure over {T}.",
    "{P2}, who has followed the issue for years, warned that {T} could {cons}.",
    "As <a>previously reported</a>, {O} had pledged to {act} {T} in {Y}.",
    "{Oc} did not immediately respond to a request for comment from {wire}.",
    "According to data from {O}, {N} cases were recorded between {M} and {M2}.",
    "Separately, {P2} said the agency was still reviewing the {plan} — a process that could take months.",
    "The {adj} {plan} has drawn criticism from labor unions, who say it {prob}.",
    "{p} added that {O2} was ready to {act} {T}, but stressed that “nothing has been decided”.",
    "The figure is well below the {pct} target set by {O} for {Y2}.",
    "Speaking to reporters in {C}, {p} said the government would “stay the course”.",
    "Reports in <i>{pub}</i> suggested that the {plan} {prob}.",
    "Analysts estimate that {T} will {cons} by {Y2} unless {O} acts.",
    "The story was <a>first reported by {pub}</a> earlier this week.",
    "Some {N} households could benefit from the {plan}, {O2} said in a statement.",
    "For now, the {plan} remains on hold – and the uncertainty is costing {money} a year, one estimate says.",
    "Data compiled by <i>{pub}</i> show that spending on {T} rose {pct} last year.",
    "“It is complicated,” {p} admitted. “But {q2}.”",
    "The last time {O} tried to {act} {T}, in {Y}, the effort collapsed within weeks.",
    "Residents of {C} have mixed feelings, with some welcoming the {plan} and others fearing it will {cons}.",
    "<a>{Tc}</a> has been on the agenda of {O} since {Y}.",
)
UPDATE_TEMPLATES = (
    "Update: {Oc} said late on {D} that it would {act} {T} after all.",
    "Update: In a statement issued after this story was first published, {p} said the {plan} was “on track”.",
    "Update: {N} more people were affected, {O} said on {D}.",
)
SUBTITLE_TEMPLATES = (
    "The {adj} {plan} on {T} has raised questions about whether {O} can deliver on its promises.",
    "{Oc} says the {plan} will help, but critics warn it could {cons}.",
    "Observers say the debate over {T} shows how far the country still has to go.",
    "With {money} at stake, the fate of the {plan} now rests with {O}.",
    "{Pc} has called for calm as concerns over {T} mount.",
)
TITLE_TEMPLATES = (
    "{Oshortc} to {act} {T}",
    "{Tc} back in spotlight as {Oshort} weighs {plan}",
    "{P2} vows to {act} {T}",
    "‘{qshort}’: {Tc} {plan} faces fresh test",
    "{Tc} could {cons}, analysts warn",
    "{Tc} returns - with a twist",
    "Q&A: {P2} on {T}",
    "What the {adj} {plan} means for {T}",
    "{Cc} residents brace for {T}",
    "Why {T} matters more than ever",
    "{Oshortc} says {T} {plan} on track, critics disagree",
    "{Tc}: {N} affected, {Oshort} says",
)
EDITORIAL_TITLES = (
    "Time to get serious about {T}",
    "Let’s not squander {T}!",
    "{Tc} needs more than promises",
    "The {adj} {plan} deserves a rethink",
)
CAPTION_TEMPLATES = (
    "{Pc} speaks during a press conference in {C} on {D}.",
    "Residents walk past a banner about {T} in {C} on {D}.",
    "Workers take part in a {plan} launch ceremony in {C}.",
    "Visitors gather at an event marking {T} in {C} on {D}.",
    "An aerial view shows a site linked to {T} in {C}.",
)
PHOTOGRAPHERS = (
    "Pierre MARCELIN",
    "Willy Kurniawan",
    "Seto Wardhana",
    "Bay Ismoyo",
    "Adek Berry",
    "Nhac Nguyen",
    "Dado Ruvic",
    "Tatan Syuflana",
    "Dita Alangkara",
    "Sigid Kurniawan",
)

_SLOT_RE = re.compile(r"\{(\w+)\}")


@functools.lru_cache(maxsize=4096)
def short_org(org: str) -> str:
    m = re.search(r"\(([^)]+)\)$", org)
    if m:
        return m.group(1)
    return org[4:] if org.startswith("the ") else org


def _num(lo: int, hi: int):
    return lambda ctx, i: str(lo + int(ctx.rng.random() * (hi - lo + 1)))


def _choice(seq):
    return lambda ctx, i: pick(ctx.rng, seq)


SLOTS = {
    "P": lambda ctx, i: f"{ctx.roles[i]} {ctx.people[i]}",
    "Pc": lambda ctx, i: cap(f"{ctx.roles[i]} {ctx.people[i]}"),
    "p": lambda ctx, i: surname(ctx.people[i]),
    "P2": lambda ctx, i: ctx.people[(i + 1) % 3],
    "O": lambda ctx, i: ctx.orgs[0],
    "Oc": lambda ctx, i: cap(ctx.orgs[0]),
    "O2": lambda ctx, i: ctx.orgs[1 % len(ctx.orgs)],
    "Oshort": lambda ctx, i: short_org(ctx.orgs[0]),
    "Oshortc": lambda ctx, i: cap(short_org(ctx.orgs[0])),
    "T": lambda ctx, i: ctx.topic,
    "Tc": lambda ctx, i: cap(ctx.topic),
    "C": lambda ctx, i: ctx.city,
    "Cc": lambda ctx, i: ctx.city,
    "D": _choice(WEEKDAYS),
    "M": _choice(MONTHS),
    "M2": _choice(MONTHS),
    "Y": _num(2009, 2025),
    "Y2": _num(2027, 2045),
    "N": lambda ctx, i: count(ctx.rng),
    "pct": lambda ctx, i: pct(ctx.rng),
    "pct2": lambda ctx, i: pct(ctx.rng),
    "money": lambda ctx, i: money(ctx.rng),
    "act": _choice(ACTIONS),
    "cons": _choice(CONSEQUENCES),
    "prob": _choice(PROBLEMS),
    "q": _choice(QUOTES),
    "qshort": lambda ctx, i: " ".join(pick(ctx.rng, QUOTES).split()[:4]).rstrip(",."),
    "q2": lambda ctx, i: pick(ctx.rng, QUOTES).lower() if ctx.rng.random() < 0.5 else "we will get there",
    "adj": _choice(ADJS),
    "plan": _choice(PLANS),
    "pub": _choice(PUBLICATIONS[1:]),
    "wire": _choice(WIRES),
}


def fill(template: str, ctx: Ctx) -> str:
    """Fill a template's {slots}; only the slots it uses are drawn, one speaker per sentence."""
    i = int(ctx.rng.random() * 3)
    return _SLOT_RE.sub(lambda m: SLOTS[m.group(1)](ctx, i), template)


def sentence(ctx: Ctx) -> str:
    # Templates are not reused within one article until all have been used: real copy rarely repeats itself.
    fresh = [k for k in range(len(BODY_TEMPLATES)) if k not in ctx.used]
    if not fresh:
        ctx.used.clear()
        fresh = list(range(len(BODY_TEMPLATES)))
    k = pick(ctx.rng, fresh)
    ctx.used.add(k)
    return fill(BODY_TEMPLATES[k], ctx)


def paragraph(ctx: Ctx, lead: bool = False) -> str:
    """One paragraph of 20-80 words in the inline mark-up."""
    rng = ctx.rng
    target = 20 + int(rng.random() * 61)
    parts = [fill(pick(rng, LEAD_TEMPLATES), ctx)] if lead else []
    words = len(parts[0].split()) if parts else 0
    while words < target:
        s = sentence(ctx)
        if lead and "<" in s:
            continue  # the drop-cap paragraph stays plain text
        n = len(s.split())
        if parts and words + n > 80:
            break
        parts.append(s)
        words += n
    if words < 20:
        parts.append(fill("Officials in {C} said more details on the {plan} would follow.", ctx))
    return " ".join(parts)


_MARK_RE = re.compile(r"<(i|a)>(.*?)</\1>")


def paragraph_segments(text: str) -> list[tuple[str, str]]:
    """'told <i>X</i> on' -> [("t", "told "), ("i", "X"), ("t", " on")]."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _MARK_RE.finditer(text):
        if m.start() > pos:
            out.append(("t", text[pos : m.start()]))
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(text):
        out.append(("t", text[pos:]))
    return out


def plain(text: str) -> str:
    return " ".join(_MARK_RE.sub(lambda m: m.group(2), text).split())


def slugify(title: str) -> str:
    """The site's slug: drop punctuation, keep every space as '-' (so " - " becomes "---")."""
    s = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9 -]", "", s)
    return s.strip().replace(" ", "-")


@functools.lru_cache(maxsize=4096)
def tag_slug(phrase: str) -> str:
    words = re.sub(r"^(the|a|an) ", "", phrase.replace("’s", "").replace("’", ""))
    s = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9 -]", "", s).strip()
    return s if " " not in s and s[:1].isupper() else s.lower().replace(" ", "-")
