"""Pure text/date/URL functions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from jpcrawl.processors import (
    clean_text,
    first_path_segment,
    fold_site_url,
    language_code,
    normalize_space,
    parse_any_date,
    parse_iso_datetime,
    parse_text_date,
    query_page,
    relative_to_iso,
    split_byline,
    split_caption,
    split_keywords,
    strip_title_suffix,
)

WIB = timezone(timedelta(hours=7))
NOW = datetime(2024, 10, 31, 12, 0, 0, tzinfo=WIB)
AGENCIES = ("The Jakarta Post", "Reuters", "AFP", "AP", "Associated Press")
BASE = "https://www.thejakartapost.com"


def test_normalize_space():
    assert normalize_space("  a\u00a0 b\n\tc\u200b ") == "a b c"
    assert normalize_space(None) == ""
    assert clean_text("   ") is None
    assert clean_text("It&#039;s") == "It&#039;s"
    assert clean_text("It&#039;s", entities=True) == "It's"


@pytest.mark.parametrize(
    ("byline", "authors", "source"),
    [
        ("Dio Suhenda and Nur Janti (The Jakarta Post)", ["Dio Suhenda", "Nur Janti"], "The Jakarta Post"),
        ("A, B and C (Reuters)", ["A", "B", "C"], "Reuters"),
        ("A, B, and C (AFP)", ["A", "B", "C"], "AFP"),
        ("(Reuters)", [], "Reuters"),
        ("  ( AP ) ", [], "AP"),
        ("Reuters", [], "Reuters"),
        ("reuters", [], "Reuters"),
        ("Creative Desk", ["Creative Desk"], None),
        ("By Jane Doe", ["Jane Doe"], None),
        ("Jane Doe & John Roe (Bloomberg)", ["Jane Doe", "John Roe"], "Bloomberg"),
        ("Corry Elyda, The Jakarta Post, Jakarta", ["Corry Elyda"], "The Jakarta Post"),
        ("", [], None),
        (None, [], None),
    ],
)
def test_split_byline(byline, authors, source):
    assert split_byline(byline, AGENCIES) == (authors, source)


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Caption text. (AFP/Pierre-Philippe MARCOU )", "Caption text.", "AFP/Pierre-Philippe MARCOU"),
        ("(From left) A and B pose. (Reuters/Dado Ruvic)", "(From left) A and B pose.", "Reuters/Dado Ruvic"),
        ("No credit here.", "No credit here.", None),
        ("(Shutterstock/File)", None, "Shutterstock/File"),
        ("", None, None),
        ("Text (" + "x" * 90 + ")", "Text (" + "x" * 90 + ")", None),
    ],
)
def test_split_caption(text, caption, credit):
    assert split_caption(text) == (caption, credit)


def test_keywords():
    assert split_keywords(" BRMS, mining,, PKH , mining ,") == ["BRMS", "mining", "PKH"]
    assert split_keywords(None) == []


def test_strip_title_suffix():
    labels = ["business", "Companies", "Business"]
    site = "The Jakarta Post"
    assert strip_title_suffix("Headline - Business - The Jakarta Post", site, labels) == "Headline"
    assert (
        strip_title_suffix("Drake breaks record - in video games - The Jakarta Post", site, labels)
        == "Drake breaks record - in video games"
    )
    assert strip_title_suffix("Plain", site) == "Plain"
    assert strip_title_suffix("  ", site) is None
    assert strip_title_suffix("X - Southeast Asia - The Jakarta Post", site, ["southeast-asia"]) == "X"


def test_iso_dates():
    assert parse_iso_datetime("Published on 2023-05-24T16:38:14+07:00") == "2023-05-24T16:38:14+07:00"
    assert parse_iso_datetime("2023-05-24T09:38:14Z") == "2023-05-24T09:38:14+00:00"
    assert parse_iso_datetime("2023-05-24T16:38:14+0700") == "2023-05-24T16:38:14+07:00"
    assert parse_iso_datetime("2023-05-24 16:38") == "2023-05-24T16:38:00"
    assert parse_iso_datetime("2023-05-24 16:38", WIB) == "2023-05-24T16:38:00+07:00"
    assert parse_iso_datetime("2023-05-24") == "2023-05-24"  # never a made-up midnight
    assert parse_iso_datetime("2023-13-45") is None
    assert parse_iso_datetime("soon") is None
    assert parse_iso_datetime(None) is None


def test_text_dates():
    assert parse_text_date("Published on May. 24, 2023") == "2023-05-24"
    assert parse_text_date("Sat, April 25, 2020 / 08:40 am", WIB) == "2020-04-25T08:40:00+07:00"
    assert parse_text_date("Sat, April 25, 2020 12:05 pm", WIB) == "2020-04-25T12:05:00+07:00"
    assert parse_text_date("12:30 am, 27 December 2014") == "2014-12-27"
    assert parse_text_date("Sept. 29, 2025") == "2025-09-29"
    assert parse_text_date("Foo 99, 2020") is None
    assert parse_any_date("Wed, 20 May 2026 10:00:00 +0700") == "2026-05-20T10:00:00+07:00"
    assert parse_any_date("gibberish") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 hours ago", "2024-10-31T05:00:00+07:00"),
        ("1 hour ago", "2024-10-31T11:00:00+07:00"),
        ("1 day ago", "2024-10-30T12:00:00+07:00"),
        ("an hour ago", "2024-10-31T11:00:00+07:00"),
        ("45 minutes ago", "2024-10-31T11:15:00+07:00"),
        ("30 secs ago", "2024-10-31T11:59:30+07:00"),
        ("2 weeks ago", "2024-10-17T12:00:00+07:00"),
        ("8 months ago", "2024-02-29T12:00:00+07:00"),  # Oct 31 - 8 months: clamped to Feb 29
        ("2 years ago", "2022-10-31T12:00:00+07:00"),
        ("Just now", "2024-10-31T12:00:00+07:00"),
        ("yesterday", "2024-10-30T12:00:00+07:00"),
        ("Sat, April 25, 2020", "2020-04-25"),
        ("2024-10-30T10:00:00+07:00", "2024-10-30T10:00:00+07:00"),
        ("", None),
        ("whenever", None),
    ],
)
def test_relative_times(text, expected):
    assert relative_to_iso(text, NOW) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("http://www.thejakartapost.com/business/2026/02/15/a.html", BASE,
         f"{BASE}/business/2026/02/15/a.html"),
        ("/business/2026/02/15/a.html-1771234", BASE, f"{BASE}/business/2026/02/15/a.html-1771234"),
        ("business/2026/02/15/a.html", BASE, f"{BASE}/business/2026/02/15/a.html"),
        ("https://newgelora.thejakartapost.com/culture/2022/09/07/x-.html", BASE,
         f"{BASE}/culture/2022/09/07/x-.html"),
        (f"{BASE}/b/2024/01/01/a.html?utm_source=(direct)&utm_medium=x&id=3#frag", BASE,
         f"{BASE}/b/2024/01/01/a.html?id=3"),
        (f"{BASE}/business?page=2", "http://127.0.0.1:8123", "http://127.0.0.1:8123/business?page=2"),
        ("http://127.0.0.1:8123/world/2024/01/01/a.html", "http://127.0.0.1:8123",
         "http://127.0.0.1:8123/world/2024/01/01/a.html"),
        ("https://img.jakpost.net/c/a.jpg#x", BASE, "https://img.jakpost.net/c/a.jpg"),
        ("https://evil.example/thejakartapost.com/a.html", BASE, "https://evil.example/thejakartapost.com/a.html"),
        ("javascript:void(0)", BASE, None),
        ("", BASE, None),
        ("mailto:a@b", BASE, None),
    ],
)  # fmt: skip
def test_fold_site_url(url, base, expected):
    assert fold_site_url(url, base, ".thejakartapost.com") == expected


def test_small_url_helpers():
    assert first_path_segment("https://x/adv/2024/01/01/a.html") == "adv"
    assert first_path_segment("https://x/") is None
    assert query_page("https://x/business?page=4") == 4
    assert query_page("https://x/business?page=zero") == 1
    assert query_page("https://x/business") == 1
    assert language_code("en-US") == "en" and language_code("en_US") == "en" and language_code("") is None


def test_a_writer_named_like_an_agency_acronym_stays_an_author() -> None:
    """"ANN" (Asia News Network) is an agency; Ann is a writer. Found by the exact page tests."""
    from jpcrawl.pages.jakartapost import AGENCIES

    assert split_byline("Ann (The Jakarta Post)", AGENCIES) == (["Ann"], "The Jakarta Post")
    two = split_byline("Ann and Bob Lee (The Jakarta Post)", AGENCIES)
    assert two == (["Ann", "Bob Lee"], "The Jakarta Post")
    assert split_byline("Bob Lee, ANN, Jakarta", AGENCIES) == (["Bob Lee"], "ANN")
    assert split_byline("Bob Lee, reuters, Jakarta", AGENCIES) == (["Bob Lee"], "Reuters")
