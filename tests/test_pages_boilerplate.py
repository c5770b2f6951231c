"""The page parser's own boilerplate removal, with the clean pipeline off.

Every crawl test runs the clean pipeline after the parser, and clean drops the same widget paragraphs, so a
parser that kept "Read also: ..." would pass them all. Here the page object's output is the thing checked:
widget and related-link paragraphs written into an article's body never reach `body`, and article text
that only looks like a widget stays. Expected bodies are written out in full.
"""

from __future__ import annotations

from pathlib import Path

from jpcrawl.pages.jakartapost import SITE

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "jakartapost" / "no_image.html"
URL = "https://www.thejakartapost.com/opinion/2024/06/18/the-case-for-better-rural-clinics.html"
BASE = "https://www.thejakartapost.com"
LAST = "<p>The government should make rural postings more attractive.</p>"

FIRST = (
    "Every year, thousands of patients travel for hours to reach a clinic that can treat a simple infection."
)
SECOND = "Funding alone will not solve the problem; clinics also need staff who are willing to stay."
THIRD = "The government should make rural postings more attractive."


def _parse_with(paragraphs: list[str]) -> list[str]:
    html = FIXTURE.read_text(encoding="utf-8")
    assert LAST in html, "fixture changed: update this test's anchor"
    html = html.replace(LAST, LAST + "".join(f"\n<p>{p}</p>" for p in paragraphs))
    article = SITE.parse_article(URL, html, BASE)
    assert article is not None
    return article.body


def test_the_fixture_body_as_is() -> None:
    assert _parse_with([]) == [FIRST, SECOND, THIRD]


def test_related_links_and_widgets_in_the_body_are_dropped_by_the_parser() -> None:
    junk = [
        'Read also: <a href="/world/2024/06/17/x.html">Japan won\'t join NATO</a>',
        "READ ALSO: Prabowo meets Albanese",
        "Also read: Rupiah weakens",
        "Read more: Floods in Bekasi",
        "Baca juga: Harga beras naik",
        "Please Update your browser",
        "Your browser is out of date, and may not be compatible with our website.",
        "Share options",
        "Change text size",
        "Thank you for sharing your thoughts. We appreciate your feedback.",
        "Enter at least 30 characters",
        "By registering, you agree with The Jakarta Post's Privacy Policy",
        "Subscribe to read the full story",
    ]
    assert _parse_with(junk) == [FIRST, SECOND, THIRD]


def test_article_text_that_resembles_a_widget_is_kept_by_the_parser() -> None:
    keep = [
        "Reading also helps, the minister said, and so does arithmetic.",
        "Readmore Ltd, the bookseller, reported losses.",
        "Share options on the exchange fell 3 percent on Monday.",
        "Thank you, the minister said, for the long negotiations that preceded the deal.",
    ]
    assert _parse_with(keep) == [FIRST, SECOND, THIRD, *keep]
