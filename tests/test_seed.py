"""The real 2023 Reuters page, rebuilt in docs/site-contract.md markup from the seed's text at test time.

The seed (../shared/seeds/000_*.txt beside the repository) is a naive text dump of one real article page.
Its prose is never copied into the repository: this test reads it, pours each piece into the markup the
site contract describes (interstitial block, head, meta row, figure, drop cap, widgets), parses the page
and checks the clean item.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from jpcrawl.pages.detect import PageKind
from jpcrawl.pages.jakartapost import SITE
from jpcrawl.processors import normalize_space

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_2f08d8198658bb9d.txt"
BASE = "https://www.thejakartapost.com"
URL = f"{BASE}/world/2023/05/24/japan-wont-join-nato-but-aware-of-liaison-office-plan-kishida.html"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed text not found at {SEED} (../shared/seeds)")


def _seed_parts() -> dict:
    # The dump holds NBSPs; the extractor normalises every whitespace run to one space, so compare so.
    lines = [normalize_space(ln) for ln in SEED.read_text(encoding="utf-8").splitlines()]
    nonempty = [ln for ln in lines if ln]
    i = nonempty.index("Jakarta Post")
    title, subtitle, byline, dateline, date_line = nonempty[i + 1 : i + 6]
    interstitial = nonempty[1:i]  # "Please Update your browser" ... (after the logo text)
    caption_full = next(ln for ln in nonempty if ln.endswith(")") and "/" in ln)
    caption_plain = nonempty[nonempty.index(caption_full) - 1]
    drop = next(k for k, ln in enumerate(nonempty) if len(ln) == 1 and ln.isalpha())
    end = nonempty.index("Your Opinion Matters")
    body = nonempty[drop + 1 : end]
    widgets_head = nonempty[i + 6 : nonempty.index(caption_plain)]
    widgets_tail = nonempty[end:]
    return {
        "title": title,
        "subtitle": subtitle,
        "byline": byline,
        "dateline": dateline,
        "date_line": date_line,
        "interstitial": interstitial,
        "caption": caption_full,
        "caption_plain": caption_plain,
        "drop_char": nonempty[drop],
        "body": body,
        "widgets": widgets_head + widgets_tail,
    }


def _page(p: dict) -> str:
    e = html.escape
    iso = p["date_line"].rsplit("Published on ", 1)[1]
    display = p["date_line"].split(" Published on ")[0]
    interstitial = "".join(f"<p>{e(t)}</p>" for t in p["interstitial"])
    widgets = "".join(f'<div class="tjp-widget-box"><p>{e(t)}</p></div>' for t in p["widgets"])
    first, rest = p["body"][0], p["body"][1:]
    paragraphs = "".join(f"<p>{e(t)}</p>" for t in rest[:3])
    paragraphs += '<p>Read also: <a href="/world/2023/05/20/other.html">An unrelated headline</a></p>'
    paragraphs += '<div class="tjp-single__content-ads"><p>Advertisement</p></div>'
    paragraphs += "".join(f"<p>{e(t)}</p>" for t in rest[3:])
    paragraphs += '<div class="tjp-newsletter-box"><p>By registering, you agree.</p></div><p> </p>'
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": p["title"],
        "datePublished": iso,
        "isAccessibleForFree": True,
        "author": [{"@type": "Organization", "name": "Reuters"}],
    }
    return f"""<!DOCTYPE html><html lang="en"><head>
<meta property="og:title" content="{e(p["title"])} - World - The Jakarta Post">
<meta property="og:description" content="{e(p["subtitle"])}">
<meta property="og:image" content="https://img.jakpost.net/c/2023/05/24/seed._large.jpg">
<meta name="keywords" content="Japan, NATO, , Japan">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head><body>
<div class="on-ie-underversion9"><div class="col-xs-6 article-ie">{interstitial}</div></div>
<div class="tjp-wrapper"><header><h1 class="thejakartapost">TheJakartaPost</h1></header>
<div class="tjp-single"><div class="tjp-single__head">
<ul class="tjp-breadcrumb"><li class="tjp-breadcrumb__list-item"><a href="/world">World</a></li>
<li class="tjp-breadcrumb__list-item active"><a href="/world/asia">Asia</a></li></ul>
<h1 class="tjp-title tjp-title--single">{e(p["title"])}</h1>
<p class="tjp-single__head-lede">{e(p["subtitle"])}</p>
<div class="tjp-meta"><div class="tjp-meta__content-list">
<div class="tjp-meta__content-item"><span class="tjp-meta__label">{e(p["byline"])}</span></div>
<div class="tjp-meta__content-item">{e(p["dateline"])}</div>
<div class="tjp-meta__content-item"><span class="day">{e(display)}</span>
<span class="created">Published on {e(iso)}</span></div></div></div>
</div>
<figure><img data-src="/img/2023/05/24/seed._large.jpg" alt="{e(p["caption_plain"])}">
<figcaption>{e(p["caption"])}</figcaption></figure>
<div class="tjp-single__content">
<div class="tjp-opening"><h1 class="tjp-opening__char">{e(p["drop_char"])}</h1>
<p class="tjp-opening__txt">{e(first)}</p></div>
{paragraphs}
</div></div>{widgets}</div></body></html>"""


@pytest.fixture(scope="module")
def parts() -> dict:
    return _seed_parts()


@pytest.fixture(scope="module")
def article(parts):
    art = SITE.parse_article(URL, _page(parts), BASE)
    assert art is not None
    return art


def test_seed_fields(article, parts):
    assert article.title == "Japan won't join NATO, but aware of liaison office plan: Kishida"
    assert article.subtitle == parts["subtitle"]
    assert article.subtitle.startswith("Kishida's comments came after")
    assert article.source == "Reuters"
    assert article.authors == []
    assert article.dateline == "Tokyo, Japan"
    assert article.published_at == "2023-05-24T16:38:14+07:00"
    assert article.section == "world"
    assert article.subsection == "Asia"
    assert article.tags == ["Japan", "NATO"]
    assert article.url == URL
    assert article.language == "en"
    assert not article.is_premium and not article.is_paywalled and not article.is_advertorial


def test_seed_image(article):
    assert len(article.images) == 1
    image = article.images[0]
    assert image["url"] == f"{BASE}/img/2023/05/24/seed._large.jpg"
    assert image["credit"] == "AFP/Pierre-Philippe MARCOU"
    assert image["caption"].startswith("(From left) Australia's Prime Minister")
    assert image["caption"].endswith("on June 29, 2022.")


def test_seed_body(article, parts):
    assert len(article.body) == 6
    assert article.body[0].startswith("Japanese Prime Minister Fumio Kishida")
    assert article.body == [parts["drop_char"] + parts["body"][0], *parts["body"][1:]]


def test_seed_no_widget_text(article, parts):
    blob = json.dumps(article.extracted(), ensure_ascii=False)
    for text in [*parts["interstitial"], *parts["widgets"], "Read also", "Advertisement", "By registering"]:
        assert text not in blob, text
    assert "TheJakartaPost" not in blob


def test_seed_classify(parts):
    assert SITE.classify(URL, _page(parts)) is PageKind.ARTICLE
