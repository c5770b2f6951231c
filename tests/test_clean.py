"""CleanPipeline: text, boilerplate, dates, URLs, images, derived fields."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime

import pytest
from scrapy.utils.test import get_crawler

from jpcrawl.items import Article
from jpcrawl.pipelines.clean import CleanPipeline, clean_date, clean_text, normalize_url
from jpcrawl.spiders.jakartapost import JakartaPostSpider
from tests.items import an_article

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
    """A raw page-object item: what clean receives (no derived fields yet, one real paragraph)."""
    raw: dict[str, object] = {"title": "Title", "body": [REAL], "images": [], "crawled_at": None,
                              "word_count": None, "content_hash": None}  # fmt: skip
    return an_article(**{**raw, **kw})


# Widget paragraphs as a page (or a text dump of one) gives them, written out here rather than read from
# clean.GENERIC_BOILERPLATE: deleting a phrase from the code must fail a test, not delete it.
WIDGET_PARAGRAPHS = [
    "Please Update your browser",
    "  PLEASE UPDATE\n YOUR BROWSER ",  # a text dump's spacing and case
    "Your browser is out of date, and may not be compatible with our website.",
    "Just click on the icons to get to the download page.",
    "Gift Premium Articles to Anyone",
    "Gift Premium Articles",
    "to Anyone",
    "Share the best of The Jakarta Post with friends, family, or colleagues. As a subscriber, you can gift 3 "
    "to 5 articles each month that anyone can read—no subscription needed!",
    "Share options",
    "Quickly share this news with your network—keep everyone informed with just a single click!",
    "Change text size",
    "Change text size options",
    "Customize your reading experience by adjusting the text size to small, medium, or large—find what’s "
    "most comfortable for you.",
    "Continue in the app",
    "Get the best experience—faster access, exclusive features, and a seamless way to stay updated.",
    "Your Opinion Matters",
    "Share your experiences, suggestions, and any issues you've encountered on The Jakarta Post. We're here "
    "to listen.",
    "Enter at least 30 characters",
    "0 / 30",
    "Thank You",
    "thank   you",
    "Thank you for sharing your thoughts. We appreciate your feedback.",
    "Prospects",
    "With exclusive interviews and in-depth coverage of business, politics and more.",
    "By registering, you agree with The Jakarta Post's Privacy Policy",
    "Please check your email for your newsletter subscription.",
    "Read also: Japan won't join NATO",
    "READ ALSO : Rupiah weakens against the dollar",
]


@pytest.mark.parametrize("widget", WIDGET_PARAGRAPHS)
def test_each_widget_paragraph_is_removed(widget: str) -> None:
    crawler = get_crawler(JakartaPostSpider)  # the site's widgets are its profile's phrases
    pipe = CleanPipeline.from_crawler(crawler)
    item = pipe.process_item(article(body=[REAL, widget, REAL + " More."]))
    assert item.body == [REAL, REAL + " More."]
    assert crawler.stats.get_value("jpcrawl/clean/boilerplate_removed") == 1


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


# -- exact values where `make mutate` found no test --------------------------------------------------------


def test_bad_date_warning_says_which_field_url_and_value(caplog: pytest.LogCaptureFixture) -> None:
    crawler = get_crawler()
    pipe = CleanPipeline.from_crawler(crawler)
    url = "https://www.thejakartapost.com/world/2023/05/24/slug.html"
    with caplog.at_level("WARNING", logger="jpcrawl.pipelines.clean"):
        pipe.process_item(article(published_at="Published on May. 24"))
        pipe.process_item(article(modified_at="x" * 197))  # repr: 199 characters, logged whole
        pipe.process_item(article(modified_at="y" * 198))  # repr: 200 characters, cut to 200
        pipe.process_item(article(modified_at="z" * 500))
    assert [r.getMessage() for r in caplog.records] == [
        f"clean: bad_date/published_at for {url}: 'Published on May. 24'",
        f"clean: bad_date/modified_at for {url}: '{'x' * 197}'",
        f"clean: bad_date/modified_at for {url}: \"'{'y' * 198}'\"",
        f'clean: bad_date/modified_at for {url}: "\'{"z" * 199}"',
    ]
    assert crawler.stats.get_value("jpcrawl/clean/warning/bad_date/modified_at") == 3


def test_clean_date_of_date_and_datetime_objects() -> None:
    from datetime import date, timedelta, timezone, tzinfo

    wib = timezone(timedelta(hours=7))

    class NoOffset(tzinfo):  # a zone object that does not know its offset
        def utcoffset(self, dt: datetime | None) -> timedelta | None:
            return None

    assert clean_date(date(2023, 5, 24)) == ("2023-05-24", True)
    assert clean_date(datetime(2023, 5, 24, 16, 38, 14, tzinfo=wib)) == ("2023-05-24T16:38:14+07:00", True)
    assert clean_date(datetime(2023, 5, 24, 16, 38, 14)) == (None, False)
    assert clean_date(datetime(2023, 5, 24, 16, 38, 14, tzinfo=NoOffset())) == (None, False)


def test_clean_text_of_other_types() -> None:
    assert clean_text(3) == "3"
    assert clean_text(4.5) == "4.5"
    assert clean_text("  a \t b ") == "a b"
    assert clean_text(None) is None


def test_boilerplate_entries_are_read_one_by_one() -> None:
    from jpcrawl.pipelines.clean import Boilerplate

    bp = Boilerplate(("*", "", "BOX*", "Bar"))
    assert bp.matches("box office") and bp.matches("bar")
    assert not bp.matches("bo") and not bp.matches("bar none") and not bp.matches("xxxx")
    assert not bp.matches("")


def test_images_strings_and_junk(pipe: CleanPipeline) -> None:
    item = pipe.process_item(
        article(images=[5, "https://img.example/a.jpg", None, {"url": "https://img.example/b.jpg"}])
    )
    assert item.images == [
        {"url": "https://img.example/a.jpg", "caption": None, "credit": None},
        {"url": "https://img.example/b.jpg", "caption": None, "credit": None},
    ]


def test_empty_body_has_no_hash_and_crawled_at_has_no_microseconds(pipe: CleanPipeline) -> None:
    item = pipe.process_item({"url": "http://x.com/a", "body": ["Share options"]})
    assert item["body"] == [] and item["content_hash"] is None and item["word_count"] == 0
    assert "." not in item["crawled_at"] and item["crawled_at"].endswith("+00:00")
