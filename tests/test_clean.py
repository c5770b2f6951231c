"""CleanPipeline: text, boilerplate, dates, URLs, images, derived fields."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime

import pytest
from scrapy.utils.test import get_crawler

from jpcrawl.items import Article
from jpcrawl.pipelines.clean import GENERIC_BOILERPLATE, CleanPipeline, clean_date, clean_text, normalize_url
from jpcrawl.spiders.jakartapost import JakartaPostSpider

REAL = "Japan hosted the Group of Seven summit over the weekend, where leaders agreed on a new approach."


@pytest.fixture
def pipe() -> CleanPipeline:
    """The clean pipeline of a Jakarta Post crawl: the generic phrases plus the site profile's."""
    return CleanPipeline.from_crawler(get_crawler(JakartaPostSpider))


def test_a_site_without_a_profile_gets_only_the_generic_phrases() -> None:
    generic = CleanPipeline.from_crawler(get_crawler())
    widget = "Share the best of The Jakarta Post with friends and family."
    assert generic.process_item(article(body=[widget, REAL])).body == [widget, REAL]
    assert generic.process_item(article(body=["Read also: Japan won't join NATO", REAL])).body == [REAL]


def article(**kw: object) -> Article:
    base: dict[str, object] = {
        "url": "https://www.thejakartapost.com/world/2023/05/24/slug.html",
        "title": "Title",
        "published_at": "2023-05-24T16:38:14+07:00",
        "section": "world",
        "body": [REAL],
    }
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def _paragraph_for(phrase: str) -> str:
    # prefix entries ("...*") are matched with real widget text after them; exact entries as they are,
    # with the odd spacing/case a text dump gives them.
    if phrase.endswith("*"):
        return phrase[:-1] + " and the rest of the widget's sentence."
    return "  " + phrase.upper().replace(" ", "\n ") + " "


@pytest.mark.parametrize("phrase", GENERIC_BOILERPLATE)
def test_each_boilerplate_phrase_is_removed(pipe: CleanPipeline, phrase: str) -> None:
    item = pipe.process_item(article(body=[REAL, _paragraph_for(phrase), REAL + " More."]))
    assert item.body == [REAL, REAL + " More."]


@pytest.mark.parametrize(
    "widget",
    [
        "Gift Premium Articles\nto Anyone",
        "Your browser is out of date, and may not be compatible with our website. A list of the most popular "
        "web browsers can be found below.",
        "Thank you for sharing your thoughts. We appreciate your feedback.",
        "Read also: Japan won't join NATO",
        "By registering, you agree with The Jakarta Post's Privacy Policy",
        "Please check your email for your newsletter subscription.",
        "Enter at least 30 characters",
        "0 / 30",
    ],
)
def test_seed_widget_lines_are_removed(pipe: CleanPipeline, widget: str) -> None:
    assert pipe.process_item(article(body=[widget, REAL])).body == [REAL]


def test_article_text_resembling_a_widget_is_kept(pipe: CleanPipeline) -> None:
    keep = [
        "Thank you, the minister said, for the long negotiations that preceded the deal.",
        "Share options on the exchange fell 3 percent on Monday.",
        "Prospects for growth remain dim, analysts said.",
    ]
    assert pipe.process_item(article(body=keep)).body == keep


def test_boilerplate_setting_extends_the_default() -> None:
    settings = {"JPCRAWL_BOILERPLATE": ["Sponsored content"]}
    pipe = CleanPipeline.from_crawler(get_crawler(JakartaPostSpider, settings_dict=settings))
    item = pipe.process_item(article(body=["Sponsored content", "Share options", REAL]))
    assert item.body == [REAL]


def test_text_nfc_whitespace_controls_and_empty(pipe: CleanPipeline) -> None:
    decomposed = unicodedata.normalize("NFD", "Café Kishida")
    item = pipe.process_item(
        article(
            title=f"  {decomposed}\u00a0 \x00says\x07\n\t ok\u200b ",
            subtitle="   ",
            source="",
            authors=["  Ana  Bell ", "", "Ana Bell", "\x01"],
            tags=["nato", " nato ", "japan"],
            body=["", "  ", f"One\x0btwo\r\nthree {decomposed}", "\ud800lone surrogate"],
        )
    )
    assert item.title == "Café Kishida says ok"
    assert unicodedata.is_normalized("NFC", item.title)
    assert item.subtitle is None and item.source is None
    assert item.authors == ["Ana Bell"]
    assert item.tags == ["nato", "japan"]
    assert item.body == ["One two three Café Kishida", "\ufffdlone surrogate"]
    "".join(item.body).encode("utf-8")  # must not raise: the feed is UTF-8


def test_bytes_with_invalid_utf8_are_decoded_with_replacement() -> None:
    assert clean_text(b"caf\xe9 ok") == "caf\ufffd ok"


@pytest.mark.parametrize(
    ("raw", "expected", "ok"),
    [
        ("2023-05-24T16:38:14+07:00", "2023-05-24T16:38:14+07:00", True),
        (" 2023-05-24 16:38:14+0700 ", "2023-05-24T16:38:14+07:00", True),
        ("2023-05-24T09:38:14Z", "2023-05-24T09:38:14+00:00", True),
        ("2023-05-24", "2023-05-24", True),
        ("2023-05-24T16:38:14", None, False),  # no offset: would have to be invented
        ("May. 24, 2023", None, False),
        ("yesterday", None, False),
        ("", None, True),
        (None, None, True),
    ],
)
def test_clean_date(raw: str | None, expected: str | None, ok: bool) -> None:
    assert clean_date(raw) == (expected, ok)


def test_bad_date_becomes_none_and_is_counted() -> None:
    crawler = get_crawler()
    pipe = CleanPipeline.from_crawler(crawler)
    item = pipe.process_item(article(published_at="Published on May. 24", modified_at="2023-05-25"))
    assert item.published_at is None
    assert item.modified_at == "2023-05-25"
    assert crawler.stats.get_value("jpcrawl/clean/warning/bad_date/published_at") == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "HTTPS://WWW.TheJakartaPost.com/world/2023/a.html#top",
            "https://www.thejakartapost.com/world/2023/a.html",
        ),
        ("https://h.com/a.html?utm_source=x&id=3&UTM_medium=y", "https://h.com/a.html?id=3"),
        ("http://127.0.0.1:80/a.html", "http://127.0.0.1/a.html"),
        ("http://127.0.0.1:8123/Path/A.html", "http://127.0.0.1:8123/Path/A.html"),
        ("https://h.com/caf\u00e9.html", "https://h.com/caf%C3%A9.html"),
    ],
)
def test_normalize_url(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


def test_images_deduped_by_url_and_cleaned(pipe: CleanPipeline) -> None:
    item = pipe.process_item(
        article(
            images=[
                {"url": "https://img.example/a.jpg#x", "caption": " Caption  text. ", "credit": None},
                {
                    "url": "https://IMG.example/a.jpg",
                    "caption": "other",
                    "credit": "AFP/Pierre-Philippe MARCOU",
                },
                {"url": "", "caption": "no url"},
                {"url": "https://img.example/b.jpg"},
            ]
        )
    )
    assert item.images == [
        {
            "url": "https://img.example/a.jpg",
            "caption": "Caption text.",
            "credit": "AFP/Pierre-Philippe MARCOU",
        },
        {"url": "https://img.example/b.jpg", "caption": None, "credit": None},
    ]


def test_word_count_content_hash_crawled_at(pipe: CleanPipeline) -> None:
    item = pipe.process_item(
        article(body=["One  two", "three", "Share options"], word_count=99, content_hash="x")
    )
    assert item.word_count == 3
    assert item.content_hash == hashlib.sha256(b"One two\nthree").hexdigest()
    assert datetime.fromisoformat(item.crawled_at).utcoffset() is not None
    kept = pipe.process_item(article(crawled_at="2024-01-01T00:00:00+00:00"))
    assert kept.crawled_at == "2024-01-01T00:00:00+00:00"


def test_same_text_same_hash_regardless_of_spacing(pipe: CleanPipeline) -> None:
    a = pipe.process_item(article(body=["A  b", "c"]))
    b = pipe.process_item(article(body=[" A b ", "", "c\u200b"]))
    assert a.content_hash == b.content_hash


def test_dict_items_are_cleaned_too(pipe: CleanPipeline) -> None:
    item = pipe.process_item(
        {"url": "HTTP://X.COM/a?utm_x=1", "title": " t ", "body": ["a b", "Share options"]}
    )
    assert item["url"] == "http://x.com/a"
    assert item["title"] == "t"
    assert item["body"] == ["a b"]
    assert item["word_count"] == 2 and len(item["content_hash"]) == 64 and item["crawled_at"]


def test_alternate_urls_canonical_and_without_self(pipe: CleanPipeline) -> None:
    url = "https://www.thejakartapost.com/world/2023/05/24/slug.html"
    item = pipe.process_item(
        article(alternate_urls=[url + "#x", "HTTPS://Other.com/a", "https://other.com/a"])
    )
    assert item.alternate_urls == ["https://other.com/a"]
