"""Sample data for the API, schemathesis and browser tests: a small store built by hand.

The articles are short texts written for these tests; each event's spans are
found in them (``str.index``), so an evidence span always slices its article
exactly.  The other ``test_api_*``/``test_web_*`` modules import it; it holds no tests.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from builders import article

from marsad.model import Article, Event, Span
from marsad.store import Store

TOKEN = "test-token-4f1c"

DOUMA_TITLE = "مقتل ثلاثة مدنيين بقصف على دوما"
DOUMA_TEXT = (
    "قُتل ثلاثة مدنيين وأصيب سبعة آخرون أمس في قصف مدفعي لقوات النظام على مدينة دوما بريف دمشق.\n"
    "وقال ناشطون إن القصف استهدف سوقاً شعبياً."
)
DOUMA_FOLLOW_UP = "ارتفع عدد القتلى إلى أربعة مدنيين جراء قصف قوات النظام على مدينة دوما أول أمس."
BASRA_TEXT = "تظاهر مئات من أهالي البصرة اليوم أمام مبنى المحافظة احتجاجاً على انقطاع الكهرباء."
TRIPOLI_TEXT = (
    "قُتل خمسة مقاتلين في اشتباكات عنيفة بين قوات حفتر وقوات حكومة الوفاق جنوب طرابلس يوم الاثنين.\n"
    "وفي حادث آخر، خطف مسلحون مجهولون موظفاً حكومياً يوم الأحد."
)


def span(source: str, needle: str, field: str = "text") -> Span:
    start = source.index(needle)
    return Span(start, start + len(needle), needle, field)  # type: ignore[arg-type]


def _douma_event(article: Article, fatalities: int, toll_words: str, day: date) -> Event:
    sentence = article.text.split("\n")[0]
    return Event(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        event_date=day,
        time_precision=1,
        country="Syria",
        admin1="Rif Dimashq",
        location="Douma",
        location_ar="دوما",
        geo_precision=1,
        actor1="Military Forces of Syria",
        actor2="Civilians (Syria)",
        fatalities=fatalities,
        injured=7 if fatalities == 3 else None,
        evidence=sentence,
        spans={
            "event_type": span(article.text, "قصف"),
            "fatalities": span(article.text, toll_words),
            "actor1": span(article.text, "قوات النظام"),
            "location": span(article.text, "دوما"),
            "evidence": span(article.text, sentence),
        },
        latitude=33.5722,
        longitude=36.4036,
        article_id=article.id,
    )


def sample_articles() -> list[tuple[Article, list[Event]]]:
    """Four articles, five event reports: two reports of one Douma shelling, a Basra protest,
    a Tripoli clash and an abduction without coordinates."""
    douma = article(
        "test-001", title=DOUMA_TITLE, text=DOUMA_TEXT, published=date(2019, 3, 11), source="وكالة الاختبار"
    )
    douma_event = _douma_event(douma, 3, "قُتل ثلاثة مدنيين", date(2019, 3, 10))
    douma_event.spans["injured"] = span(douma.text, "أصيب سبعة")
    douma_event.spans["event_date"] = span(douma.text, "أمس")
    follow_up = article(
        "test-002",
        title="ارتفاع حصيلة قصف دوما",
        text=DOUMA_FOLLOW_UP,
        published=date(2019, 3, 12),
        source="شبكة التجربة",
    )
    follow_up_event = _douma_event(follow_up, 4, "أربعة مدنيين", date(2019, 3, 10))

    basra = article(
        "test-003",
        title="احتجاجات في البصرة",
        text=BASRA_TEXT,
        published=date(2019, 7, 1),
        source="صحيفة المثال",
    )
    basra_event = Event(
        event_type="Protests",
        sub_event_type="Peaceful protest",
        event_date=date(2019, 7, 1),
        time_precision=1,
        country="Iraq",
        admin1="Basra",
        location="Basra",
        location_ar="البصرة",
        geo_precision=1,
        actor1="Protesters (Iraq)",
        fatalities=0,
        evidence=BASRA_TEXT,
        spans={
            "event_type": span(basra.text, "تظاهر"),
            "location": span(basra.text, "البصرة"),
            "event_date": span(basra.text, "اليوم"),
            "evidence": span(basra.text, BASRA_TEXT),
        },
        latitude=30.5085,
        longitude=47.7804,
        article_id=basra.id,
    )

    tripoli = article(
        "test-004",
        title="اشتباكات جنوب طرابلس",
        text=TRIPOLI_TEXT,
        published=date(2019, 8, 6),
        source="صحيفة المثال",
    )
    first, second = tripoli.text.split("\n")
    clash = Event(
        event_type="Battles",
        sub_event_type="Armed clash",
        event_date=date(2019, 8, 5),
        time_precision=1,
        country="Libya",
        admin1="Tripoli",
        location="Tripoli",
        location_ar="طرابلس",
        geo_precision=2,
        actor1="LNA: Libyan National Army",
        actor2="Military Forces of Libya",
        fatalities=5,
        evidence=first,
        spans={
            "event_type": span(tripoli.text, "اشتباكات"),
            "fatalities": span(tripoli.text, "قُتل خمسة مقاتلين"),
            "actor1": span(tripoli.text, "قوات حفتر"),
            "actor2": span(tripoli.text, "قوات حكومة الوفاق"),
            "location": span(tripoli.text, "طرابلس"),
            "evidence": span(tripoli.text, first),
        },
        latitude=32.8872,
        longitude=13.1913,
        article_id=tripoli.id,
    )
    abduction = Event(
        event_type="Violence against civilians",
        sub_event_type="Abduction/forced disappearance",
        event_date=date(2019, 8, 4),
        time_precision=1,
        country="Libya",
        actor1="Unidentified Armed Group (Libya)",
        actor2="Civilians (Libya)",
        fatalities=0,
        evidence=second,
        spans={"event_type": span(tripoli.text, "خطف"), "evidence": span(tripoli.text, second)},
        article_id=tripoli.id,
    )
    return [
        (douma, [douma_event]),
        (follow_up, [follow_up_event]),
        (basra, [basra_event]),
        (tripoli, [clash, abduction]),
    ]


def build_sample_store(path: Path) -> Store:
    """A SQLite store at ``path`` holding :func:`sample_articles`, merged."""
    store = Store(str(path))
    for sample, events in sample_articles():
        store.add_article(sample, events)
    store.merge()
    return store

