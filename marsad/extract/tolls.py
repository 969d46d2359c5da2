"""Event tolls: fatalities (conservative, with best/low/high) and injured, per GUIDE §4.

An event's toll comes from the figures of its grouped mentions:

- a sentence that joins two reports with «فيما», «بينما», «في حين» or «كما»
  usually reports two incidents («قتل 4 في البلدة فيما لقي 11 مصرعهم في
  المدينة»), so a mention uses the clause that names its place; the counts of
  one clause add up («قتل 6 مهاجمين ... وأسفر الهجوم عن مقتل 3 شرطيين»);
- the first body mention with a figure states the toll; later sentences break it
  down («20 on the spot, the rest later») or recall other incidents.  Mentions
  placed only at the country («انفجارات في عدة محافظات من البلاد») give totals
  over several incidents, so they count only when nothing closer does;
- a revised toll («ارتفعت حصيلة القتلى إلى 20») is the latest and replaces it;
- the title, when it reports this incident, is a second source: the lower
  figure stands (GUIDE §4, sources disagree).  A title figure that only
  sentences outside the event repeat, or that is far from the body's, headlines
  another incident and is not used;
- injured follow the report the deaths were taken from;
- a toll over several places is divided evenly (``toll_share``), and suicide
  bombers are added unless the article says the toll includes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from marsad.extract.casualties import Figure, find_figures
from marsad.extract.lexicon import load_lexicon
from marsad.extract.located import span_of
from marsad.model import Article, Place, Span
from marsad.text import find_quantities, sentences

if TYPE_CHECKING:
    from marsad.extract.located import Located

#: Connectors that open a second report in one sentence.
_SECOND_REPORT_RE = re.compile(r"(?:^|[\s،,])(?:فيما|بينما|في حين|كما)(?=\s)")
#: A title figure below this share of the body's toll counts someone else: the title
#: then headlines another incident of the article, not a lower report of this one.
TITLE_MIN_SHARE = 0.5
_KIND_RANK = {"place": 0, "region": 1, "admin1": 1, "country": 2}
DEATHS: tuple[str, ...] = ("death", "both")
INJURIES: tuple[str, ...] = ("injury",)


@dataclass(frozen=True, slots=True)
class Toll:
    fatalities: int
    low: int
    high: int | None
    injured: int | None


@dataclass(frozen=True, slots=True)
class _Stated:
    """A toll one mention states: the sum of its clause's figures, not yet shared out."""

    item: Located
    best: int
    low: int
    high: int | None
    start: int
    end: int
    vague: bool
    revised: bool = False

    def shared(self) -> tuple[int, int, int | None]:
        best, low = share(self.best, self.item.toll_share), share(self.low, self.item.toll_share)
        high = None if self.high is None else share(self.high, self.item.toll_share)
        return best, min(best, low), high


def share(total: int, toll_share: tuple[int, int]) -> int:
    """GUIDE §4: a toll over several places divided evenly, the remainder to the first."""
    index, parts = toll_share
    return total // parts + (total % parts if index == 0 else 0)


def _sentence(article: Article, item: Located) -> str:
    mention = item.mention
    return article.source_of(mention.field)[mention.sentence_start : mention.sentence_end]


def _clause_figures(article: Article, item: Located, figures: list[Figure]) -> list[Figure]:
    """The figures of the clause that names ``item``'s place (of the first clause with any)."""
    first = item.mention.sentence_start
    cuts = [first + m.start() for m in _SECOND_REPORT_RE.finditer(_sentence(article, item))]
    if not cuts:
        return figures
    clauses = list(pairwise([first, *cuts, item.mention.sentence_end]))
    figures_of = [[f for f in figures if lo <= f.start < hi] for lo, hi in clauses]
    if item.place is not None:
        placed = next((i for i, (lo, hi) in enumerate(clauses) if lo <= item.place.start < hi), None)
        if placed is not None and figures_of[placed]:
            return figures_of[placed]
    return next(c for c in figures_of if c)


def _stated(article: Article, item: Located, kinds: tuple[str, ...]) -> _Stated | None:
    """The toll of ``kinds`` that ``item``'s sentence states for it, or None."""
    figures = [f for f in item.mention.figures if f.kind in kinds]
    if kinds == INJURIES:
        figures = [f for f in figures if not f.vague]  # dev gold: «عشرات الجرحى» → injured null
    if not figures:
        return None
    clause = _clause_figures(article, item, figures)
    counted = [f for f in clause if not f.vague] or clause[:1]
    source = article.source_of(item.mention.field)
    if len(counted) > 1:
        # A death stated without a number restates the numbered toll beside it:
        # «قتل القائد و9 من مرافقيه ... ما أسفر عن مقتل 10» is 10, not 11.
        counted = [f for f in counted if find_quantities(source[f.start : f.end])] or counted
    best = sum(f.best for f in counted)
    low = sum(f.low for f in counted)
    high = None if any(f.high is None for f in counted) else sum(f.high or 0 for f in counted)
    start, end = min(f.start for f in counted), max(f.end for f in counted)
    # Figures do not carry their words: the revision word opens the figure's span.
    words = load_lexicon().casualties
    revised = any(w.value.revised for f in counted for w in words.find(source[f.start : f.end]))
    return _Stated(item, best, min(best, low), high, start, end, all(f.vague for f in counted), revised)


def _event_place(members: list[Located]) -> Place | None:
    """The most specific place the members name: the event's own."""
    places = [m.place.place for m in members if m.place is not None]
    return min(places, key=lambda p: _KIND_RANK.get(p.kind, 1), default=None)


def _body_stated(
    article: Article, members: list[Located], kinds: tuple[str, ...], deaths: _Stated | None = None
) -> _Stated | None:
    """The toll of ``kinds`` the body states for the event (module docstring).

    Injured (``deaths`` given) come from the mention that gave the deaths, else
    from one whose deaths agree with them: a party's claim «قتلنا 9 جنود وأصبنا 14»
    after the official «مقتل 3 جنود» is not the report the toll was taken from.
    """
    place = _event_place(members)
    body = [s for m in members if m.mention.field == "text" and (s := _stated(article, m, kinds))]
    stated = [s for s in body if not s.vague] or body

    def country_wide(toll: _Stated) -> bool:
        at = toll.item.place.place if toll.item.place is not None else None
        return at is not None and at.kind == "country" and place is not None and place.kind != "country"

    close = [s for s in stated if not country_wide(s)] or stated
    revised = [s for s in body if s.revised and not s.vague]
    if revised:
        return revised[-1]
    if deaths is not None and close:

        def agrees(toll: _Stated) -> bool:
            own = _stated(article, toll.item, DEATHS)
            return own is None or own.best == deaths.best

        return next((s for s in close if s.item is deaths.item), None) or next(
            (s for s in close if agrees(s)), close[0]
        )
    return close[0] if close else None


def _title_stated(article: Article, members: list[Located], kinds: tuple[str, ...]) -> _Stated | None:
    return next(
        (s for m in members if m.mention.field == "title" and (s := _stated(article, m, kinds))), None
    )


@lru_cache(maxsize=8)
def _sentence_tolls(text: str) -> tuple[tuple[int, frozenset[int]], ...]:
    """(start, stated figures) of every body sentence with a casualty figure."""
    lexicon = load_lexicon()
    tolls = []
    for start, end in sentences(text):
        figures = find_figures(text[start:end], lexicon, large_scale=False)
        if figures:
            tolls.append((start, frozenset(f.best for f in figures if not f.vague)))
    return tuple(tolls)


def _same_report(
    article: Article, members: list[Located], title: _Stated | None, body: _Stated | None
) -> bool:
    """Whether the title's figure can report the body's incident, not another one of the article.

    A title repeating a figure that only sentences outside the event state
    («5 قتلى» of another blast), or far from the body's toll, headlines
    another incident.
    """
    if title is None or title.vague:
        return True
    own = {m.mention.sentence_start for m in members if m.mention.field == "text"}
    elsewhere = {v for start, values in _sentence_tolls(article.text) if start not in own for v in values}
    inside = {v for start, values in _sentence_tolls(article.text) if start in own for v in values}
    if title.best in elsewhere and title.best not in inside:
        return False
    if body is None or body.vague:
        return True
    headline, stated = title.shared()[0], body.shared()[0]
    return TITLE_MIN_SHARE * stated <= headline <= stated / TITLE_MIN_SHARE


def _lower(title: _Stated | None, body: _Stated | None) -> _Stated | None:
    """GUIDE §4: sources disagree → the lower figure; a stated number beats a vague one."""
    if title is None or body is None:
        return body or title
    if body.vague != title.vague:
        return body if title.vague else title
    return title if title.shared()[0] < body.shared()[0] else body


def _bombers(article: Article, members: list[Located], sub_event_type: str, article_bombers: int) -> int:
    """Suicide bombers to add: those the event's sentences name, else the article's."""
    if sub_event_type != "Suicide bomb" or any("bomber_included" in m.mention.cues for m in members):
        return 0
    bombers = load_lexicon().bombers
    named = [match.value for m in members for match in bombers.find(_sentence(article, m))]
    return max(named, default=article_bombers)


def event_toll(
    article: Article, members: list[Located], spans: dict[str, Span], sub_event_type: str, bombers: int
) -> Toll:
    """The toll of one event from its grouped mentions; adds ``fatalities``/``injured`` spans."""
    fatalities, low, high = 0, 0, 0
    body_deaths = _body_stated(article, members, DEATHS)
    title_deaths = _title_stated(article, members, DEATHS)
    # A title that headlines another incident of the article gives neither toll.
    headline = _same_report(article, members, title_deaths, body_deaths)
    deaths = _lower(title_deaths if headline else None, body_deaths)
    if deaths is not None:
        fatalities, low, high = deaths.shared()
        spans["fatalities"] = span_of(article, deaths.item, deaths.start, deaths.end)
    # GUIDE §4: a suicide bomber who died is added unless the toll already includes them.
    added = _bombers(article, members, sub_event_type, bombers)
    fatalities, low = fatalities + added, low + added
    high = None if high is None else high + added
    injured = None
    body_wounded = _body_stated(article, members, INJURIES, body_deaths)
    title_wounded = _title_stated(article, members, INJURIES)
    if title_deaths is None:
        headline = _same_report(article, members, title_wounded, body_wounded)
    wounded = _lower(title_wounded if headline else None, body_wounded)
    if wounded is not None:
        injured = wounded.shared()[0]
        spans["injured"] = span_of(article, wounded.item, wounded.start, wounded.end)
    return Toll(fatalities, low, high, injured)
