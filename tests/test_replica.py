"""The replica serves what docs/site-contract.md says, fast, deterministically, and agrees with its own truth.

Independent of jpcrawl.pages on purpose: the markup is read here with lxml/parsel directly.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from lxml import etree
from parsel import Selector

from jpcrawl.items import EXTRACTED_FIELDS
from jpcrawl.replica import (
    PAGE_SIZE,
    ReplicaConfig,
    ReplicaServer,
    ReplicaSite,
    looks_like_current_browser,
)
from jpcrawl.replica import render as replica_render

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
)
SCRAPY_UA = "Scrapy/2.19.0 (+https://scrapy.org)"
RELATIVE_RE = re.compile(r"^\d+ (minute|hour|day|month)s? ago$")
JUNK = (
    "tjp-single__content-ads",
    "tjp-single__content-list",
    "tjp-newsletter-box",
    "tjp-paywall",
)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """urllib with a cookie jar, no redirects and a current-browser identity by default."""

    def __init__(self, base: str, ua: str = CHROME):
        self.base = base
        self.ua = ua
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, data: dict | None = None, ua: str | None = None) -> tuple[int, str, dict]:
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers={"User-Agent": ua or self.ua})
        try:
            with self.opener.open(req, timeout=10) as resp:
                return resp.status, resp.read().decode(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers)

    def get(self, path: str, **kw) -> str:
        status, text, _ = self.request(path, **kw)
        assert status == 200, (path, status)
        return text

    def cookies(self) -> dict[str, str]:
        return {c.name: c.value for c in self.jar}

    def login(self, password: str | None = None) -> int:
        page = Selector(self.get("/user/account/login"))
        token = page.css("form.auth-box__content-form input[name=_token]::attr(value)").get()
        status, _, _ = self.request(
            "/user/account/login",
            {
                "_token": token,
                "email": ReplicaSite.ACCOUNT.email,
                "password": password or ReplicaSite.ACCOUNT.password,
            },
        )
        return status


@pytest.fixture(scope="module")
def server():
    with ReplicaServer(ReplicaConfig(articles=300)) as srv:
        yield srv


@pytest.fixture
def fresh():
    """A private server for tests that turn knobs."""
    with ReplicaServer(ReplicaConfig(articles=120)) as srv:
        yield srv


def norm(s: str) -> str:
    return " ".join(s.split())


def clean_body(html: str) -> list[str]:
    """What a careful extractor gets from div.tjp-single__content (this test's reading of the contract)."""
    root = etree.HTML(html)
    content = root.xpath(
        '//div[contains(@class, "tjp-single__content")][not(contains(@class, "__content-"))]'
    )[0]
    out = []
    for el in content:
        cls = el.get("class") or ""
        if el.tag == "div" and "tjp-opening" in cls.split():
            char = el.xpath('.//h1[@class="tjp-opening__char"]')[0].xpath("string()")
            txt = el.xpath('.//p[@class="tjp-opening__txt"]')[0].xpath("string()")
            out.append(norm(char + txt))
        elif el.tag == "p":
            text = norm(el.xpath("string()"))
            if not text.startswith("Read also"):
                out.append(text)
        else:
            assert any(j in cls for j in JUNK), cls
    return out


def listing_items(html: str) -> list[Selector]:
    return Selector(html).css("div.tjp-newsListing div.listNews")


def canonical_path(href: str) -> str:
    path = urllib.parse.urlsplit(href).path
    return re.sub(r"\.html-\d+$", ".html", path)


def pick(site: ReplicaSite, **want) -> object:
    for spec in site.articles:
        head = spec.head
        ok = all(
            {
                "premium": spec.is_premium,
                "image": bool(head.image),
                "subtitle": bool(head.subtitle),
                "modified": bool(head.modified_ts),
                "adv": spec.is_advertorial,
            }[k]
            == v
            for k, v in want.items()
        )
        if ok:
            return spec
    raise AssertionError(f"no article with {want}")


# --- listings ---


def test_listing_items_markup_and_pagination(server):
    site, client = server.site, Client(server.base_url)
    expected = site.listing_indices("business")
    pages = -(-len(expected) // PAGE_SIZE)
    assert pages >= 2
    seen = []
    kinds = set()
    for page in range(1, pages + 2):
        html = client.get("/business" + (f"?page={page}" if page > 1 else ""))
        items = listing_items(html)
        sel = Selector(html)
        if page <= pages:
            assert len(items) == (PAGE_SIZE if page < pages else len(expected) - PAGE_SIZE * (pages - 1))
        else:
            assert items == []  # past the end: 200, no items
        next_link = sel.css("nav.tjp-pagination a.tjp-pagination__next::attr(href)").get()
        assert (next_link == f"/business?page={page + 1}") == (page < pages)
        for item in items:
            href = item.css("a::attr(href)").get()
            spec = site.find(href)
            assert spec is not None, href
            seen.append(spec.index)
            assert item.css("h2.titleNews::text").get() == spec.head.title
            assert item.css("p::text").get() == spec.head.summary
            assert RELATIVE_RE.match(item.css("span.date::text").get())
            assert item.css(".dt-news::text").get() == spec.subsection_name
            assert bool(item.css("span.premiumBadge")) == spec.is_premium
            assert bool(item.css("div.imageLatest img::attr(data-src)").get()) == bool(spec.head.image)
            if href.startswith("http"):
                kinds.add("absolute")
            if re.search(r"\.html-\d+$", href):
                kinds.add("suffix")
            if "utm_source=" in href:
                kinds.add("utm")
            if href.startswith("/"):
                kinds.add("relative")
            # every href variant answers with the article itself
            if len(seen) < 12:
                assert f"Published on {spec.head and spec.published.isoformat()}" in client.get(href)
    assert seen == expected  # newest first, each article once
    assert kinds == {"absolute", "suffix", "utm", "relative"}


def test_sidebars_link_to_other_sections_only(server):
    html = Client(server.base_url).get("/world/europe")
    sel = Selector(html)
    items = listing_items(html)
    assert items and all(server.site.find(i.css("a::attr(href)").get()).subsection == "europe" for i in items)
    assert sel.css("div.tjp-latest h3::text").get() == "The Latest"
    assert sel.css("div.jpmvcontainer h3::text").get() == "Most viewed"
    side = sel.css("div.tjp-latest a::attr(href), div.jpmvcontainer a::attr(href)").getall()
    side = [h for h in side if server.site.find(h)]
    assert len(side) >= 8
    assert all(server.site.find(h).listing_section != "world" for h in side)
    assert not sel.css("aside div.listNews")


def test_homepage_nav_and_blocks(server):
    sel = Selector(Client(server.base_url).get("/"))
    nav = set(sel.css("nav.tjp-nav a::attr(href)").getall())
    for path in (
        "/indonesia",
        "/indonesia/politics",
        "/business/tech",
        "/southeast-asia/asean",
        "/academia/insight",
    ):
        assert path in nav
    assert sel.css("div.tjp-latest li").__len__() == 10
    assert sel.css("div.jpmvcontainer li")
    assert sel.css("div.on-ie-underversion9")


def test_listed_urls_and_advertorials(server):
    site, base = server.site, server.base_url
    urls = site.listed_urls(base, ["business"])
    advs = [a for a in site.articles if a.is_advertorial]
    assert advs and all(a.url(base) in urls for a in advs)
    assert site.listed_urls(base, None) == set(site.article_urls(base))
    adv = advs[0]
    truth = site.truth(adv.path, base)
    assert adv.path.startswith("/adv/") and truth["section"] == "adv" and truth["is_advertorial"]
    assert truth["authors"] == ["Creative Desk"] and any(t.startswith("adv-") for t in truth["tags"])
    assert not truth["is_premium"]


# --- articles ---


def test_article_markup(server):
    site, client = server.site, Client(server.base_url)
    spec = pick(site, premium=False, image=True, subtitle=True, modified=True)
    html = client.get(spec.path)
    sel = Selector(html)
    truth = site.truth(spec.path, server.base_url)
    assert list(truth) == list(EXTRACTED_FIELDS)
    body = sel.css("body > *")
    assert body[0].attrib["class"] == "on-ie-underversion9"
    assert "Please Update your browser" in body[0].get()
    assert sel.css("div.tjp-wrapper h1.thejakartapost")
    head = sel.css("div.tjp-single div.tjp-single__head")
    assert head.css("li.tjp-breadcrumb__list-item.active a::text").get() == truth["subsection"]
    assert head.css("h1.tjp-title::text").get() == truth["title"]
    assert head.css("p.tjp-single__head-lede::text").get() == truth["subtitle"]
    byline = head.css("span.tjp-meta__label::text").get()
    assert byline.endswith(f"({truth['source']})") and all(a in byline for a in truth["authors"])
    assert head.css("span.created::text").get() == f"Published on {truth['published_at']}"
    assert not head.css("div.tjp-meta__content-premium")
    fig = sel.css("figure")
    img = truth["images"][0]
    assert fig.css("img::attr(data-src)").get() == img["url"]
    assert fig.css("figcaption::text").get() == f"{img['caption']} ({img['credit']})"
    assert sel.css('meta[property="og:title"]::attr(content)').get() == (
        f"{truth['title']} - {spec.section_name} - The Jakarta Post"
    )
    assert sel.css("meta[name=keywords]::attr(content)").get() == ", ".join(truth["tags"])
    assert sel.css("meta[name=author]::attr(content)").get()
    assert sel.css('meta[property="og:image"]::attr(content)').get() == img["url"]
    assert sel.css('meta[property="og:description"]::attr(content)').get()
    assert sel.css("link[rel=canonical]::attr(href)").get() == truth["url"]
    assert not sel.css('meta[name*="is-premium"]')
    ld = json.loads(sel.css('script[type="application/ld+json"]::text').get())
    assert ld["@type"] == "NewsArticle" and ld["headline"] == truth["title"]
    assert ld["datePublished"] == truth["published_at"] and ld["dateModified"] == truth["modified_at"]
    assert [a["name"] for a in ld["author"]] == truth["authors"] or not truth["authors"]
    assert ld["image"]["url"] == img["url"] and ld["isAccessibleForFree"] == "true"
    content = sel.css("div.tjp-single__content")
    assert content.css("div.tjp-opening > h1.tjp-opening__char + p.tjp-opening__txt")
    for w in (
        "Gift Premium Articles",
        "Your Opinion Matters",
        "Share options",
        "Change text size options",
        "Continue in the app",
    ):
        assert w in html
    assert clean_body(html) == truth["body"]
    unmodified = pick(site, modified=False)
    ld = json.loads(
        Selector(client.get(unmodified.path)).css('script[type="application/ld+json"]::text').get()
    )
    assert "dateModified" not in ld and site.truth(unmodified.path, server.base_url)["modified_at"] is None


def test_truth_matches_html_for_many_articles(server):
    site, client = server.site, Client(server.base_url)
    variety = {"one_letter": False, "inline": False, "read_also": False, "wire": False, "no_image": False}
    for spec in site.articles[:60]:
        html = client.get(spec.path)
        truth = site.truth(spec.path, server.base_url)
        assert clean_body(html) == truth["body"], spec
        assert truth["url"] == server.base_url + spec.path and truth["is_paywalled"] == spec.is_premium
        assert all(20 <= len(p.split()) <= 90 for p in truth["body"][: len(truth["body"]) - spec.updates])
        opening = Selector(html).css("p.tjp-opening__txt::text").get()
        variety["one_letter"] |= opening.startswith(" ")
        variety["inline"] |= bool(
            Selector(html).css("div.tjp-single__content > p > i, div.tjp-single__content > p > a")
        )
        variety["read_also"] |= "<p>Read also: <a" in html
        variety["wire"] |= truth["source"] in ("Reuters", "AFP", "AP")
        variety["no_image"] |= not truth["images"]
    assert all(variety.values()), variety
    assert any("“" in p for a in site.articles[:60] for p in site.body_text(a))
    assert any("—" in p or "–" in p for a in site.articles[:60] for p in site.body_text(a))
    paths = site.article_paths()
    assert any(p.endswith("-.html") for p in paths) and any("---" in p for p in paths)
    assert any(a.url_date.date() != a.published.date() for a in site.articles)
    assert 0.15 < sum(a.is_premium for a in site.articles) / len(site.articles) < 0.35


def test_paywall_anonymous_vs_subscriber(server):
    site, base = server.site, server.base_url
    spec = pick(site, premium=True)
    anon = Client(base).get(spec.path)
    sel = Selector(anon)
    assert sel.css("div.tjp-paywall h1.tjp-paywall__title") and sel.css("div.tjp-overlay")
    assert sel.css("div.tjp-meta__content-premium") and sel.css('meta[name*="is-premium"]')
    teaser = site.truth(spec.path, base)
    assert teaser["is_paywalled"] and 2 <= len(teaser["body"]) <= 3
    assert clean_body(anon) == teaser["body"]
    client = Client(base)
    assert client.login() == 302
    full = client.get(spec.path)
    assert not Selector(full).css("div.tjp-paywall, div.tjp-overlay")
    truth = site.truth(spec.path, base, subscriber=True)
    assert not truth["is_paywalled"] and clean_body(full) == truth["body"]
    assert len(truth["body"]) > len(teaser["body"])
    assert Selector(full).css("a.tjp-header__logout::attr(href)").get() == "/user/account/logout"
    assert not Selector(anon).css("a.tjp-header__logout")


# --- login ---


def test_login_flow(server):
    base = server.base_url
    client = Client(base)
    html = client.get("/user/account/login")
    sel = Selector(html)
    form = sel.css("form.auth-box__content-form")
    assert form.attrib["method"] == "post" and form.attrib["action"] == "/user/account/login"
    token = form.css("input[name=_token]::attr(value)").get()
    assert token and sel.css("meta[name=csrf-token]::attr(content)").get() == token
    assert form.css("input[name=email]") and form.css("input[name=password]")
    assert {"XSRF-TOKEN", "laravel_session"} <= set(client.cookies())
    before = client.cookies()["laravel_session"]
    # wrong password: the form again with an error, still anonymous
    status, text, _ = client.request(
        "/user/account/login", {"_token": token, "email": ReplicaSite.ACCOUNT.email, "password": "nope"}
    )
    assert status == 200
    assert (
        Selector(text).css("div.auth-box__error::text").get() == "These credentials do not match our records."
    )
    # wrong token and no session: 419
    status, _, _ = client.request(
        "/user/account/login", {"_token": "forged", **ReplicaSite.ACCOUNT._asdict()}
    )
    assert status == 419
    status, _, _ = Client(base).request(
        "/user/account/login", {"_token": token, **ReplicaSite.ACCOUNT._asdict()}
    )
    assert status == 419
    # right token and credentials: 302 to / with a new session id
    status, _, headers = client.request(
        "/user/account/login", {"_token": token, **ReplicaSite.ACCOUNT._asdict()}
    )
    assert status == 302 and headers["Location"] == "/"
    assert client.cookies()["laravel_session"] != before
    assert Selector(client.get("/")).css("a.tjp-header__logout")
    status, _, _ = client.request("/user/account/logout")
    assert status == 302 and not Selector(client.get("/")).css("a.tjp-header__logout")


def test_session_expiry(fresh):
    clock = [1000.0]
    fresh.clock = lambda: clock[0]
    fresh.config.session_ttl = 60
    spec = pick(fresh.site, premium=True)
    client = Client(fresh.base_url)
    assert client.login() == 302
    assert not Selector(client.get(spec.path)).css("div.tjp-paywall")
    clock[0] += 59
    assert not Selector(client.get(spec.path)).css("div.tjp-paywall")
    clock[0] += 2
    expired = Selector(client.get(spec.path))
    assert expired.css("div.tjp-paywall") and not expired.css("a.tjp-header__logout")


# --- knobs ---


def test_interstitial_for_non_browsers_only(fresh):
    fresh.config.interstitial = True
    client = Client(fresh.base_url)
    path = fresh.site.articles[3].path
    for ua in (
        SCRAPY_UA,
        "python-requests/2.32",
        "curl/8.5.0",
        "Googlebot/2.1",
        CHROME.replace("Chrome/", "HeadlessChrome/"),
        CHROME.replace("Chrome/130", "Chrome/79"),
    ):
        html = client.get(path, ua=ua)
        sel = Selector(html)
        assert sel.css("body > div.on-ie-underversion9") and len(sel.css("body > *")) == 1, ua
        assert not sel.css("div.tjp-single, h1, div.listNews")
    assert Selector(client.get(path)).css("div.tjp-single")
    assert listing_items(client.get("/indonesia"))
    assert Selector(
        client.get("/robots.txt", ua=SCRAPY_UA)
    ).get()  # robots and sitemaps stay machine-readable
    assert "<sitemapindex" in client.get("/sitemap.xml", ua=SCRAPY_UA)
    assert looks_like_current_browser(
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    )
    assert looks_like_current_browser(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Safari/605.1.15"
    )
    fresh.config.interstitial = False
    assert Selector(client.get(path, ua=SCRAPY_UA)).css("div.tjp-single")


def test_js_listings(fresh):
    fresh.config.js_listings = True
    html = Client(fresh.base_url).get("/indonesia")
    sel = Selector(html)
    box = sel.css("div.tjp-newsListing")
    assert box and not box.xpath("./*") and not sel.css("div.listNews")
    data = json.loads(sel.css("script#tjp-listing-data::text").get())
    assert len(data) == PAGE_SIZE and "div.listNews" not in html
    assert [fresh.site.find(d["href"]).index for d in data] == fresh.site.listing_indices("indonesia")[
        :PAGE_SIZE
    ]
    assert 'class="listNews"' in html  # in the script that draws them


def test_fail_first(fresh):
    fresh.config.fail_first = 2
    client = Client(fresh.base_url)
    path = fresh.site.articles[0].path
    assert [client.request(path)[0] for _ in range(3)] == [503, 503, 200]
    assert client.request(path + "?x=1")[0] == 503  # counted per path+query
    assert fresh.hits["article"] == 4 and fresh.statuses[503] == 3


def test_slow_ms(fresh):
    client = Client(fresh.base_url)
    client.get("/")

    def timed(path: str) -> float:
        t0 = time.perf_counter()
        client.get(path)
        return time.perf_counter() - t0

    fast = min(timed("/") for _ in range(3))
    fresh.config.slow_ms = 150
    slow = timed("/")
    assert slow >= 0.15 and slow - fast >= 0.12


def test_break_selector(fresh):
    client = Client(fresh.base_url)
    path = fresh.site.articles[0].path
    fresh.config.break_selector = "created"
    sel = Selector(client.get(path))
    assert not sel.css("span.created") and sel.css("span.created-v2")
    fresh.config.break_selector = "titleNews"
    sel = Selector(client.get("/business"))
    expected = min(PAGE_SIZE, len(fresh.site.listing_indices("business")))
    assert not sel.css("h2.titleNews") and len(sel.css("h2.titleNews-v2")) == expected
    fresh.config.break_selector = None
    assert Selector(client.get(path)).css("span.created")


def test_hostile_convenience():
    cfg = ReplicaConfig(hostile=True)
    assert cfg.interstitial and cfg.js_listings and cfg.fail_first == 1 and cfg.slow_ms > 0


# --- feeds and robots ---


def test_robots(server):
    text = Client(server.base_url).get("/robots.txt")
    assert "Disallow: /user/" in text and "Disallow: /test/" in text and "Allow: /" in text
    assert f"Sitemap: {server.base_url}/sitemap.xml" in text and "Crawl-delay" not in text


def test_sitemaps(server):
    site, base, client = server.site, server.base_url, Client(server.base_url)
    index = etree.fromstring(client.get("/sitemap.xml").encode())
    locs = index.xpath("//*[local-name()='loc']/text()")
    assert f"{base}/business/news/sitemap.xml" in locs and f"{base}/business/web/sitemap.xml" in locs
    xml = client.get("/indonesia/news/sitemap.xml")
    assert "<news:name><![CDATA[ The Jakarta Post ]]></news:name>" in xml
    assert "<news:language><![CDATA[ en ]]></news:language>" in xml
    root = etree.fromstring(xml.encode())
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    urls = [u.strip() for u in root.xpath("//s:url/s:loc/text()", namespaces=ns)]
    dates = [d.strip() for d in root.xpath("//n:publication_date/text()", namespaces=ns)]
    recent = site.recent(48 * 3600, "indonesia")
    assert urls == [a.url(base) for a in recent] and dates == [a.published.isoformat() for a in recent]
    assert urls and re.search(r"<loc><!\[CDATA\[http://127\.0\.0\.1:\d+/indonesia/", xml)
    web = etree.fromstring(client.get("/indonesia/web/sitemap.xml").encode())
    assert len(web.xpath("//s:loc", namespaces=ns)) == len(site.listing_indices("indonesia"))


def test_rss(server):
    root = etree.fromstring(Client(server.base_url).get("/rss/home").encode())
    items = root.xpath("//item")
    assert len(items) == 20
    links = [i.findtext("link") for i in items]
    assert links == [server.site.articles[i].url(server.base_url) for i in server.site.newest[:20]]
    assert all(i.findtext("description") and i.findtext("pubDate") for i in items)


def test_search_is_script_rendered(server):
    title = server.site.articles[0].head.title
    html = Client(server.base_url).get("/search?q=" + urllib.parse.quote(title.split()[0]))
    sel = Selector(html)
    assert not sel.css("div.gsc-result") and json.loads(sel.css("script#tjp-search-data::text").get())


def test_hits_and_not_found(fresh):
    client = Client(fresh.base_url)
    client.get("/")
    client.get("/business?page=2")
    assert client.request("/test/anything")[0] == 404
    assert client.request("/business/nosuchsub")[0] == 404
    assert client.request("/business/2026/01/01/nope.html")[0] == 404
    assert fresh.hits["home"] == 1 and fresh.hits["listing"] == 2 and fresh.hits["article"] == 1


# --- determinism, scale, runtime changes ---


def test_determinism():
    a, b = ReplicaSite(ReplicaConfig(seed=11)), ReplicaSite(ReplicaConfig(seed=11))
    other = ReplicaSite(ReplicaConfig(seed=12))
    origin = "http://127.0.0.1:1"
    for i in (0, 17, 250):
        assert replica_render.article(a, a.articles[i], origin, None) == replica_render.article(
            b, b.articles[i], origin, None
        )
        assert a.truth(a.articles[i].path, origin) == b.truth(b.articles[i].path, origin)
    assert replica_render.listing(a, "world", None, 2, origin, None, False) == replica_render.listing(
        b, "world", None, 2, origin, None, False
    )
    assert a.article_paths() != other.article_paths()
    # article i does not depend on how many articles the site has
    small = ReplicaSite(ReplicaConfig(seed=11, articles=50))
    assert small.truth(small.articles[7].path, origin)["body"] == a.truth(a.articles[7].path, origin)["body"]


def _crawl_like_fetch(srv: ReplicaServer, client: Client) -> tuple[float, float]:
    """Per-article time of first fetches the way a crawler goes (a deep listing page, then its articles)."""
    deep = srv.site.listing_pages("indonesia") // 2 + 1
    t0 = time.perf_counter()
    items = listing_items(client.get(f"/indonesia?page={deep}"))
    listing_time = time.perf_counter() - t0
    assert len(items) == PAGE_SIZE
    t0 = time.perf_counter()
    for item in items:
        client.get(item.css("a::attr(href)").get())
    return (time.perf_counter() - t0) / len(items), listing_time


def test_scales_to_10000_articles():
    t0 = time.perf_counter()
    big = ReplicaSite(ReplicaConfig(articles=10_000))
    assert time.perf_counter() - t0 < 2.0
    assert big.stats["heads"] == 0 and big.stats["bodies"] == 0  # nothing generated up front
    with (
        ReplicaServer(ReplicaConfig(articles=300)) as small_srv,
        ReplicaServer(ReplicaConfig(articles=10_000)) as big_srv,
    ):
        assert big_srv.site.stats["heads"] == 0
        small_c, big_c = Client(small_srv.base_url), Client(big_srv.base_url)
        small_c.get("/"), big_c.get("/")  # warm up connections and code paths
        small_art, _ = _crawl_like_fetch(small_srv, small_c)
        big_art, big_list = _crawl_like_fetch(big_srv, big_c)
        assert big_art / small_art < 3, (big_art, small_art)
        assert big_art < 0.02 and big_list < 0.25
        # a listing page and its articles generated only a small fraction of the site
        assert big_srv.site.stats["bodies"] <= PAGE_SIZE and big_srv.site.stats["heads"] < 500
        # warm pages: urllib alone caps this loop far below the server's own rate
        path = big_srv.site.articles[5].path
        big_c.get(path)
        t0 = time.perf_counter()
        for _ in range(200):
            big_c.get(path)
        assert 200 / (time.perf_counter() - t0) > 300


def test_publish_and_update(fresh):
    site, base, client = fresh.site, fresh.base_url, Client(fresh.base_url)
    before = site.config.now
    old_first = listing_items(client.get("/"))  # warm caches
    del old_first
    new = site.publish(3)
    assert len(site.articles) == 123 and site.config.articles == 123 and site.config.now > before
    assert all(a.published > before for a in new)
    assert site.newest[:3] == [a.index for a in sorted(new, key=lambda a: -a.published_ts)]
    for a in new:
        html = client.get(a.path)
        assert clean_body(html) == site.truth(a.path, base)["body"] or a.is_premium
        assert a.url(base) in site.listed_urls(base, [a.listing_section])
    rss = client.get("/rss/home")
    assert all(a.path in rss for a in new)
    spec = pick(site, premium=False)
    old = site.truth(spec.path, base)
    client.get(spec.path)
    site.update(spec.index)
    new_truth = site.truth(spec.path, base)
    assert len(new_truth["body"]) == len(old["body"]) + 1 and new_truth["body"][:-1] == old["body"]
    assert new_truth["modified_at"] > (old["modified_at"] or old["published_at"])
    html = client.get(spec.path)
    assert clean_body(html) == new_truth["body"]
    ld = json.loads(Selector(html).css('script[type="application/ld+json"]::text').get())
    assert ld["dateModified"] == new_truth["modified_at"]
