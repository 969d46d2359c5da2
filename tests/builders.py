"""Builders of the articles and event reports that the store, merge, export and API tests write.

Each builder gives a complete, plausible value and takes keyword overrides for what
a test varies, so that a test names only what it is about.  The texts are short
reports written for marsad.  This module holds no tests.
"""

from __future__ import annotations

from datetime import date

from marsad.model import Article, Event, PublishedDate

#: The day of the Khusham air strike that :func:`report` describes.
STRIKE_DAY = date(2018, 2, 7)
#: The default article text: a strike on a village near Khusham.
STRIKE_TEXT = "قصفت طائرات غارة على قرية الشعيطات."

_KHUSHAM_STRIKE: dict[str, object] = {
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "event_date": STRIKE_DAY,
    "time_precision": 1,
    "country": "Syria",
    "admin1": "Deir ez-Zor",
    "location": "Khusham",
    "location_ar": "خشام",
    "geo_precision": 1,
    "actor1": "International Coalition (US-led)",
    "actor2": "Pro-Government Militia (Syria)",
    "fatalities": 0,
    "evidence": "قصف طيران التحالف مواقع قرب خشام.",
    "confidence": 0.6,
    "latitude": 35.29,
    "longitude": 40.31,
}


def report(article_id: str, **fields: object) -> Event:
    """An event report by ``article_id``: a located air strike near Khusham (Deir ez-Zor)
    on :data:`STRIKE_DAY` giving no toll, unless ``fields`` say otherwise."""
    return Event(**{**_KHUSHAM_STRIKE, "article_id": article_id, **fields})  # type: ignore[arg-type]


def article(
    article_id: str,
    *,
    text: str = STRIKE_TEXT,
    title: str | None = None,
    published: date = date(2018, 2, 9),
    source: str | None = None,
) -> Article:
    """An article published on ``published`` (by day) at ``https://news.example/<id>``.

    The title defaults to «خبر <id>» and the outlet to ``outlet-<last character of the id>``,
    so that articles with different ids come from different outlets.
    """
    return Article(
        id=article_id,
        title=title if title is not None else f"خبر {article_id}",
        text=text,
        published=PublishedDate(published),
        source=source if source is not None else f"outlet-{article_id[-1]}",
        url=f"https://news.example/{article_id}",
    )
