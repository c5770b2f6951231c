"""The Island Courier replica serves WordPress-like pages that agree with its own ground truth.

Independent of jpcrawl.pages and of the replica's renderer on purpose: the markup is read here with
lxml/parsel and this file's own reading of the package docstring's rules.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from lxml import etree
from parsel import Selector

from jpcrawl.items import EXTRACTED_FIELDS
from jpcrawl.replica.courier import (
    CATEGORIES,
    DEFAULT_SHARE_IMAGE,
    PER_PAGE,
    SITE_NAME,
    CourierConfig,
    CourierServer,
    CourierSite,
)

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
CAPTION_RE = re.compile(r"^(.*) \(([^()]+)\)$")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str) -> tuple[int, str, dict]:
    try:
        with OPENER.open(url, timeout=10) as resp:
            return resp.status, resp.read().decode(errors="replace"), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def get(url: str) -> str:
    status, text, _ = fetch(url)
    assert status == 200, (url, status)
    return text


@pytest.fixture(scope="module")
def server():
    with CourierServer(CourierConfig(articles=80, seed=7)) as srv:
        yield srv


@pytest.fixture(scope="module")
def pages(server) -> dict[str, str]:
    """Every article page, fetched once."""
    return {url: get(url) for url in server.courier.article_urls(server.base_url)}


def norm(s: str) -> str:
    return " ".join(s.split())


def text_of(sel: Selector) -> str:
    return norm("".join(sel.css("::text").getall()))


# --- this test's own reading of an article page ------------------------------------------------------------


def read_body(sel: Selector) -> list[str]:
    """entry-content's own <p> and <blockquote>, minus "Read also"/"Also read" lines (drop cap joined)."""
    out = []
    for el in sel.css("article.post div.entry-content > *"):
        tag = el.root.tag
        if tag == "p":
            text = text_of(el)
            if not re.match(r"^(Read also|Also read):", text):
                out.append(text)
        elif tag == "blockquote":
            out.append(text_of(el))
        else:
            cls = el.attrib.get("class", "")
            assert tag in ("div", "figure"), tag
            assert re.search(r"ad-slot|wp-block-image|newsletter-signup|sharedaddy|jp-relatedposts", cls), cls
    return out


def read_images(sel: Selector) -> list[dict]:
    out = []
    for fig in sel.css("article.post figure"):
        m = CAPTION_RE.match(text_of(fig.css("figcaption")))
        assert m, text_of(fig.css("figcaption"))
        out.append({"url": fig.css("img::attr(src)").get(), "caption": m.group(1), "credit": m.group(2)})
    return out


def read_page(url: str, html: str) -> dict:
    sel = Selector(html)
    art = sel.css("article.post")
    assert len(art) == 1
    byline = art.css("div.entry-meta span.byline")
    authors = art.css("span.byline span.author.vcard a.url.fn.n::text").getall()
    byline_text = text_of(byline)
    if (m := re.match(r"^By (\w+)$", byline_text)) or (m := re.search(r" \| (\w+)$", byline_text)):
        source = m.group(1)
    else:
        assert byline_text.startswith("by "), byline_text
        source = SITE_NAME
    cat_hrefs = art.css('header.entry-header a[rel="category tag"]::attr(href)').getall()
    return {
        "url": sel.css('link[rel="canonical"]::attr(href)').get(),
        "title": text_of(art.css("h1.entry-title")),
        "subtitle": None,
        "authors": authors,
        "source": source,
        "dateline": None,
        "published_at": art.css("time.entry-date.published::attr(datetime)").get(),
        "modified_at": art.css("time.updated:not(.published)::attr(datetime)").get(),
        "section": cat_hrefs[0].strip("/").split("/")[-1],
        "subsection": None,
        "tags": art.css('footer.entry-footer a[rel="tag"]::text').getall(),
        "body": read_body(sel),
        "images": read_images(sel),
        "is_premium": False,
        "is_paywalled": False,
        "is_advertorial": False,
        "language": "en",
    }


def json_ld(html: str) -> dict:
    blocks = Selector(html).css('script[type="application/ld+json"]::text').getall()
    assert len(blocks) == 1
    return json.loads(blocks[0])


# --- discovery ---------------------------------------------------------------------------------------------


def test_robots_and_sitemaps_list_every_article(server):
    base, site = server.base_url, server.courier
    robots = get(base + "/robots.txt")
    sitemaps = re.findall(r"(?m)^Sitemap: (\S+)$", robots)
    assert sitemaps == [base + "/sitemap_index.xml"]
    index = etree.fromstring(get(sitemaps[0]).encode())
    children = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=SM)
    names = {urlsplit(u).path for u in children}
    assert names == {"/post-sitemap.xml", "/page-sitemap.xml", "/category-sitemap.xml", "/news-sitemap.xml"}
    locs = {}
    for u in children:
        locs[urlsplit(u).path] = set(
            etree.fromstring(get(u).encode()).xpath("//sm:url/sm:loc/text()", namespaces=SM)
        )
    every = set(site.article_urls(base))
    assert len(every) == 80
    assert every <= locs["/post-sitemap.xml"]
    assert locs["/post-sitemap.xml"] - every == {base + "/"}
    assert locs["/category-sitemap.xml"] == {f"{base}/category/{k}/" for k in CATEGORIES}
    assert not locs["/page-sitemap.xml"] & every
    for u in locs["/page-sitemap.xml"]:
        assert Selector(get(u)).css('meta[property="og:type"]').get() is None
    news = locs["/news-sitemap.xml"]
    recent = {p.url(base) for p in site.articles if site.now_ts - p.published_ts <= 48 * 3600}
    assert news == recent and news <= every


def test_category_pages_list_every_article_and_end_with_404(server):
    base, site = server.base_url, server.courier
    seen: set[str] = set()
    for cat in CATEGORIES:
        url: str | None = f"{base}/category/{cat}/"
        n = 0
        while url:
            n += 1
            sel = Selector(get(url))
            items = sel.css("main article.post")
            assert 0 < len(items) <= PER_PAGE
            hrefs = items.css("h2.entry-title a::attr(href)").getall()
            assert len(hrefs) == len(items)
            assert all(items.css("time.entry-date::attr(datetime)").getall())
            assert all(text_of(s).endswith("[…]") for s in items.css("div.entry-summary"))
            seen.update(hrefs)
            nxt = sel.css("a.next.page-numbers::attr(href)").get()
            assert sel.css('link[rel="next"]::attr(href)').get() == nxt
            if nxt is None:
                assert len(items) == len(site.by_category[cat]) - (n - 1) * PER_PAGE
            url = nxt
        assert n == site.category_pages(cat)
        status, _, _ = fetch(f"{base}/category/{cat}/page/{n + 1}/")
        assert status == 404
        status, _, headers = fetch(f"{base}/category/{cat}/page/1/")
        assert status == 301 and headers["Location"] == f"/category/{cat}/"
    assert seen == set(site.article_urls(base))
    assert fetch(base + "/category/no-such-category/")[0] == 404


def test_home_menu_sidebar_and_feed(server):
    base, site = server.base_url, server.courier
    sel = Selector(get(base + "/"))
    menu = sel.css("nav.main-navigation a::attr(href)").getall()
    assert {f"/category/{k}/" for k in CATEGORIES} <= set(menu)
    recent = sel.css("section.widget_recent_entries ul li a::attr(href)").getall()
    assert recent == [site.articles[i].url(base) for i in site.newest[:5]]
    feed = etree.fromstring(get(base + "/feed/").encode())
    links = feed.xpath("//item/link/text()")
    assert links == [site.articles[i].url(base) for i in site.newest[:10]]


# --- article pages -----------------------------------------------------------------------------------------


def test_truth_matches_the_page_for_every_article(server, pages):
    for url, html in pages.items():
        truth = server.courier.truth(url, server.base_url)
        assert set(truth) == set(EXTRACTED_FIELDS)
        assert read_page(url, html) == truth, url


def test_head_meta_and_titles(server, pages):
    titles = []
    for url, html in pages.items():
        truth = server.courier.truth(url, server.base_url)
        sel = Selector(html)
        meta = {
            m.attrib.get("property") or m.attrib.get("name"): m.attrib.get("content") for m in sel.css("meta")
        }
        assert sel.css("title::text").get() == f"{truth['title']} | {SITE_NAME}"
        assert meta["og:title"] == truth["title"]
        assert meta["og:type"] == "article"
        assert meta["article:published_time"] == truth["published_at"]
        assert meta.get("article:modified_time") == truth["modified_at"]
        assert meta["author"] == (", ".join(truth["authors"]) or truth["source"])
        assert meta["description"]
        tags = sel.css('meta[property="article:tag"]::attr(content)').getall()
        assert tags == truth["tags"]
        section = meta["article:section"]
        assert section == CATEGORIES[truth["section"]][0]
        assert sel.css('link[rel="canonical"]::attr(href)').get() == url
        images = [i["url"] for i in truth["images"]]
        assert meta["og:image"] == (images[0] if images else server.base_url + DEFAULT_SHARE_IMAGE)
        titles.append(truth["title"])
    assert any(" | " in t for t in titles) and any(" - " in t for t in titles)


def test_timestamps_from_two_bureaus(server):
    offsets = {
        server.courier.truth(u, server.base_url)["published_at"][-6:] for u in server.courier.article_urls("")
    }
    assert offsets == {"+07:00", "+08:00"}
    modified = [server.courier.truth(u, "")["modified_at"] for u in server.courier.article_urls("")]
    assert any(m is None for m in modified) and any(m is not None for m in modified)


def test_both_json_ld_shapes_agree_with_the_truth(server, pages):
    shapes = {"graph": 0, "plain": 0}
    for url, html in pages.items():
        truth = server.courier.truth(url, server.base_url)
        ld = json_ld(html)
        if "@graph" in ld:
            shapes["graph"] += 1
            nodes = {n["@id"]: n for n in ld["@graph"] if "@id" in n}
            article = next(n for n in ld["@graph"] if n["@type"] in ("Article", "NewsArticle"))
            refs = article["author"] if isinstance(article["author"], list) else [article["author"]]
            assert all(set(r) == {"@id"} for r in refs)
            people = [nodes[r["@id"]] for r in refs]
            if truth["authors"]:
                assert [p["name"] for p in people] == truth["authors"]
                assert {p["@type"] for p in people} == {"Person"}
            else:
                assert [(p["@type"], p["name"]) for p in people] == [("Organization", truth["source"])]
            assert nodes[article["publisher"]["@id"]]["name"] == SITE_NAME
            if truth["images"]:
                assert nodes[article["image"]["@id"]]["url"] == truth["images"][0]["url"]
            else:
                assert "image" not in article
            assert article.get("keywords", []) == truth["tags"]
            assert article["articleSection"][0] == CATEGORIES[truth["section"]][0]
        else:
            shapes["plain"] += 1
            article = ld
            assert article["@type"] == "NewsArticle"
            author = article["author"]
            authors = author if isinstance(author, list) else [author]
            if truth["authors"]:
                assert [a["name"] for a in authors] == truth["authors"]
            else:
                assert [(a["@type"], a["name"]) for a in authors] == [("Organization", truth["source"])]
            assert article.get("image", []) == [i["url"] for i in truth["images"]]
            kw = article.get("keywords")
            assert (kw.split(", ") if kw else []) == truth["tags"]
            assert article["articleSection"] == CATEGORIES[truth["section"]][0]
        assert article["headline"] == truth["title"]
        assert article["datePublished"] == truth["published_at"]
        assert article.get("dateModified") == truth["modified_at"]
    assert shapes["graph"] >= 20 and shapes["plain"] >= 20, shapes


def test_variety_of_bylines_and_furniture(server, pages):
    truths = [server.courier.truth(u, server.base_url) for u in pages]
    sources = {t["source"] for t in truths}
    assert SITE_NAME in sources and sources & {"Reuters", "AFP", "AP"}
    assert any(not t["authors"] for t in truths)  # "By Reuters"
    assert any(t["authors"] and t["source"] != SITE_NAME for t in truths)  # "Name | AFP"
    assert any(len(t["authors"]) == 2 for t in truths)
    assert any(not t["tags"] for t in truths) and any(len(t["tags"]) >= 3 for t in truths)
    assert any(not t["images"] for t in truths) and any(len(t["images"]) == 2 for t in truths)
    found = {
        k: 0 for k in ("comments", "related", "share", "newsletter", "bio", "ad", "read", "drop", "quote")
    }
    for html in pages.values():
        sel = Selector(html)
        found["comments"] += bool(sel.css("#comments ol.comment-list li.comment div.comment-content p"))
        found["related"] += bool(sel.css("div.jp-relatedposts p") and sel.css("section.related-posts p"))
        found["share"] += bool(sel.css("div.sharedaddy"))
        found["newsletter"] += bool(sel.css("div.newsletter-signup form"))
        found["bio"] += bool(sel.css("div.author-bio p"))
        found["ad"] += bool(sel.css("div.entry-content div.ad-slot"))
        paras = [text_of(p) for p in sel.css("div.entry-content > p")]
        found["read"] += any(p.startswith(("Read also:", "Also read:")) for p in paras)
        found["drop"] += bool(sel.css("div.entry-content > p > span.dropcap"))
        found["quote"] += bool(sel.css("div.entry-content > blockquote p"))
    assert all(found.values()), found
    # The furniture's text is never part of the truth.
    for t, html in zip(truths, pages.values(), strict=True):
        sel = Selector(html)
        junk = [
            text_of(p)
            for p in sel.css("#comments p, div.author-bio p, div.jp-relatedposts p, div.newsletter-signup p")
        ]
        assert not set(junk) & set(t["body"])


def test_drop_cap_is_joined_in_the_truth(server, pages):
    n = 0
    for url, html in pages.items():
        first = Selector(html).css("div.entry-content > p")[0]
        letter = first.css("span.dropcap::text").get()
        if letter is None:
            continue
        n += 1
        body = server.courier.truth(url, server.base_url)["body"]
        assert len(letter) == 1 and body[0].startswith(letter) and body[0] == text_of(first)
    assert n


def test_not_found_and_trailing_slash(server):
    base = server.base_url
    path = server.courier.article_paths()[0]
    status, _, headers = fetch(base + path.rstrip("/"))
    assert status == 301 and headers["Location"] == path
    assert fetch(base + "/2026/01/01/no-such-post/")[0] == 404
    assert fetch(base + "/wp-admin/")[0] == 404
    assert fetch(base + DEFAULT_SHARE_IMAGE)[0] == 200
    with pytest.raises(KeyError):
        server.courier.truth("/2026/01/01/no-such-post/", base)


# --- determinism, CLI --------------------------------------------------------------------------------------


def test_determinism_by_seed():
    a = CourierSite(CourierConfig(articles=40, seed=3))
    b = CourierSite(CourierConfig(articles=40, seed=3))
    assert [a.truth(u, "http://h") for u in a.article_urls("http://h")] == [
        b.truth(u, "http://h") for u in b.article_urls("http://h")
    ]
    bigger = CourierSite(CourierConfig(articles=60, seed=3))
    for i in (0, 7, 39):
        pa, pb = a.articles[i], bigger.articles[i]
        assert (pa.title, pa.published_ts, a.body_text(pa)) == (
            pb.title,
            pb.published_ts,
            bigger.body_text(pb),
        )
    other = CourierSite(CourierConfig(articles=40, seed=4))
    assert [p.title for p in other.articles] != [p.title for p in a.articles]


def test_command_line_serves_the_courier():
    proc = subprocess.Popen(
        [sys.executable, "-m", "jpcrawl.replica", "--site", "courier", "--articles", "15", "--seed", "5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        sel = Selector(get(base + "/"))
        href = sel.css("main article.post h2.entry-title a::attr(href)").get()
        expected = CourierSite(CourierConfig(articles=15, seed=5))
        assert href == expected.articles[expected.newest[0]].url(base)
        assert read_page(href, get(href)) == expected.truth(href, base)
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    bad = subprocess.run(
        [sys.executable, "-m", "jpcrawl.replica", "--site", "courier", "--interstitial"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "--interstitial" in bad.stderr


def test_shared_knobs_break_selector_and_fail_first():
    with CourierServer(CourierConfig(articles=20, seed=2, fail_first=1)) as server:
        url = server.courier.article_urls(server.base_url)[0]
        assert fetch(url)[0] == 503
        assert Selector(get(url)).css("h1.entry-title")
        server.config.break_selector = "entry-title"
        sel = Selector(get(url))
        assert not sel.css("h1.entry-title") and sel.css("h1.entry-title-v2")
        assert server.hits["article"] == 3 and server.statuses[503] == 1
