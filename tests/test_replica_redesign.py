"""The `redesign` knob: Jakarta Post article pages with renamed classes and wrappers, head and truth kept.

Read with lxml/parsel directly, independent of jpcrawl.pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request

import pytest
from parsel import Selector

from jpcrawl.replica import ReplicaConfig, ReplicaServer

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
)
CLASS_RE = re.compile(r'class="([^"]*)"')


def get(url: str) -> str:
    req = urllib.request.Request(url, headers={"User-Agent": CHROME})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200
        return resp.read().decode()


def head_of(html: str) -> str:
    return html.split("</head>", 1)[0]


def classes(html: str) -> set[str]:
    return {tok for m in CLASS_RE.finditer(html) for tok in m.group(1).split()}


@pytest.fixture(scope="module")
def pair():
    """The same site twice: the normal template and the redesigned one."""
    with (
        ReplicaServer(ReplicaConfig(articles=120, seed=11)) as normal,
        ReplicaServer(ReplicaConfig(articles=120, seed=11, redesign=True)) as redesigned,
    ):
        yield normal, redesigned


def sample(server, n: int = 25) -> list[str]:
    paths = server.site.article_paths()
    return paths[:: max(1, len(paths) // n)][:n]


def test_no_tjp_class_in_redesigned_article_pages(pair):
    normal, redesigned = pair
    for path in sample(redesigned):
        before = get(normal.base_url + path)
        after = get(redesigned.base_url + path)
        assert any(c.startswith("tjp-") for c in classes(before))
        left = sorted(c for c in classes(after) if c.startswith("tjp-") or c == "created")
        assert left == [], (path, left)
        # The structure changed too, not only the names: the old wrappers are gone, new ones are there.
        sel = Selector(after)
        assert not sel.css("div.tjp-opening, h1.tjp-opening__char, div.jp2-single")
        assert len(sel.css("main > article")) == 1, path
        assert sel.css("section.jp2-story_body > p"), path


def test_head_is_byte_identical(pair):
    normal, redesigned = pair
    for path in sample(redesigned):
        before = head_of(get(normal.base_url + path))
        after = head_of(get(redesigned.base_url + path))
        # The two servers differ only in their port, which the canonical and og:url carry.
        assert after.replace(redesigned.base_url, "BASE") == before.replace(normal.base_url, "BASE")
        sel = Selector(after)
        assert sel.css('script[type="application/ld+json"]::text').get()
        assert sel.css('meta[property="og:title"]::attr(content)').get()


def test_body_text_and_truth_unchanged(pair):
    normal, redesigned = pair
    for path in sample(redesigned, 10):
        after = Selector(get(redesigned.base_url + path))
        assert normal.site.truth(path, "https://x.test") == redesigned.site.truth(path, "https://x.test")
        truth = redesigned.site.truth(path, redesigned.base_url)
        paras = [
            " ".join("".join(p.css("::text").getall()).split())
            for p in after.css("section.jp2-story_body > p")
        ]
        # Every body paragraph is on the page, in order, as one <p>; the rest are "Read also" lines.
        assert [p for p in paras if not p.startswith("Read also")] == truth["body"], path
        # The drop cap is still one letter in its own element, followed by the rest of the first word.
        letter = after.css("section.jp2-story_body > p")[0].css("span.jp2-dropcap::text").get()
        assert letter is not None and len(letter) == 1 and truth["body"][0].startswith(letter)
        assert after.css("h1.jp2-headline::text").get() == truth["title"]


def test_listing_pages_unchanged(pair):
    normal, redesigned = pair
    for path in ("/", "/business", "/world/europe", "/indonesia?page=2", "/sitemap.xml", "/rss/home"):
        before = get(normal.base_url + path)
        after = get(redesigned.base_url + path)
        assert after.replace(redesigned.base_url, "BASE") == before.replace(normal.base_url, "BASE"), path
    assert Selector(get(redesigned.base_url + "/business")).css("div.tjp-newsListing div.listNews")


def test_knob_is_live_and_on_the_command_line():
    with ReplicaServer(ReplicaConfig(articles=30)) as server:
        path = server.site.article_paths()[0]
        assert "tjp-single__content" in get(server.base_url + path)
        server.config.redesign = True
        assert "tjp-single__content" not in get(server.base_url + path)
        server.config.redesign = False
        assert "tjp-single__content" in get(server.base_url + path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "jpcrawl.replica", "--articles", "10", "--redesign"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        home = get(base + "/")
        path = Selector(home).css("li.tjp-latest__item a::attr(href)").get()
        assert path
        page = get(path if path.startswith("http") else base + path)
        assert "jp2-story_body" in page and "tjp-single__content" not in page
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
