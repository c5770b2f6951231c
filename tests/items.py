"""One builder for the Article items the pipeline tests feed in: a valid, cleaned article unless told
otherwise, so each test names only the fields it is about."""

from __future__ import annotations

from typing import Any

from jpcrawl.items import Article

URL = "https://www.thejakartapost.com/world/2023/05/24/slug.html"


def an_article(**fields: Any) -> Article:
    """A complete article that passes validation; keyword arguments replace its fields."""
    base: dict[str, Any] = {
        "url": URL,
        "title": "Japan won't join NATO",
        "published_at": "2023-05-24T16:38:14+07:00",
        "section": "world",
        "body": ["Paragraph one.", "Paragraph two."],
        "images": [{"url": "https://img.example/a.jpg", "caption": "c", "credit": "AFP"}],
        "crawled_at": "2023-05-24T10:00:00+00:00",
        "word_count": 4,
        "content_hash": "0" * 64,
    }
    base.update(fields)
    return Article(**base)
