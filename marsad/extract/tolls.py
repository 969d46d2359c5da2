"""Event tolls: fatalities (conservative, with best/low/high) and injured, per GUIDE §4.

An event's toll comes from the figures of its grouped mentions:

- a mention holds the figures of its clause (:mod:`.incidents`); a sentence left
  whole that joins two reports with «فيما», «بينما», «في حين» or «كما» is cut
  there too («قتل 4 في البلدة فيما لقي 11 مصرعهم في المدينة»), so a mention uses
  the clause that names its place; the counts of one clause add up («قتل 6
  مهاجمين ... وأسفر الهجوم عن مقتل 3 شرطيين»), and a death word with a number
  beats «قتلى وجرحى», which states one death;
- the first body mention with a figure states the toll; later sentences break it
  down («20 on the spot, the rest later») or recall other incidents.  Mentions
  placed only at the country («انفجارات في عدة محافظات من البلاد») give totals
  over several incidents, so they count only when nothing closer does, and a
  province's toll gives way to one stated at the event's town;
- a revised toll («ارتفعت حصيلة القتلى إلى 20») is the latest and replaces it;
- the title, when it reports this incident, is a second source: the lower
  figure stands (GUIDE §4, sources disagree).  A title figure that only
  sentences outside the event repeat, or that is far from the body's, headlines
  another incident and is not used;
- injured follow the report the deaths were taken from, else a follow-up
  sentence's («وأضاف أن 12 شخصا أصيبوا»);
- the attackers killed and suicide bombers are added (GUIDE §4) unless the
  article says the toll includes them;
- a toll over several places or days is divided evenly (``toll_share``; the
  days of :func:`stated_period` are split into events by :mod:`.assemble`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice, pairwise
from typing import TYPE_CHECKING

from marsad.extract.casualties import Figure, find_figures
from marsad.extract.dates import find_day_shifts
from marsad.extract.lexicon import MANY_BOMBERS, load_lexicon
from marsad.extract.located import span_of
from marsad.model import Article, Place, Span
from marsad.text import find_quantities, normalize, normalize_key, parse_quantity, sentences

_WORD_RE = re.compile(r"[^\W\d_]+")
#: Connectors that open a second report in one sentence.  Not every clause opener of
#: cues.yaml: «وسط» and «إلى جانب» also name a place («بوسط سيناء») or join sides.
_SECOND_REPORT_RE = re.compile(r"(?:^|[\s،,])(?:فيما|بينما|في حين|كما)(?=\s)")

#: «خلال اليومين الماضيين», «على مدى ثلاثة أيام», «منذ 3 أيام», «في الأيام الأربعة
#: الأخيرة» (matched on the normalised text): a toll stated over that many days.
#: Hours («خلال الـ48 ساعة») are one report's window, not days to split.
_PERIOD_RE = re.compile(
    r"(?<!\w)(?:خلال|في|علي مدي|علي مدار|طيله|طوال|منذ)\s+(?:ال)?(?:"
    r"(?P<two>يومين)(?:\s+(?:ال)?(?:ماضيين|اخيرين|منصرمين))?"
    r"|(?P<count>\S+)\s+(?:ايام|يوما)(?:\s+(?:ال)?(?:ماضيه|اخيره|منصرمه))?"
    r"|ايام\s+(?:ال)?(?P<count_after>\S+)\s+(?:ال)?(?:ماضيه|اخيره|منصرمه)"
    r")(?!\w)"
)
#: GUIDE §1 leaves totals over long periods uncoded; a toll over more days is kept whole.
MAX_PERIOD_DAYS = 7

if TYPE_CHECKING:
    from marsad.extract.located import Located

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


@dataclass(frozen=True, slots=True)
class Period:
    """A stated span of days ending the day before publication, and its words' offsets."""

    days: int
    start: int
    end: int


def stated_period(article: Article, item: Located) -> Period | None:
    """The span of days ``item``'s clause states its incident over, if two to :data:`MAX_PERIOD_DAYS`.

    GUIDE §4: one toll over several days with no breakdown is one event per day.
    """
    mention = item.mention
    start = mention.clause_start
    normalized = normalize(article.source_of(mention.field)[start : mention.clause_end])
    for match in _PERIOD_RE.finditer(normalized.text):
        if match.group("two"):
            days = 2
        else:
            quantity = parse_quantity(match.group("count") or match.group("count_after"))
            if quantity is None or quantity.vague:
                continue
            days = quantity.best
        if 2 <= days <= MAX_PERIOD_DAYS:
            lo, hi = normalized.original_span(match.start(), match.end())
            return Period(days, start + lo, start + hi)
    return None


def _sentence(article: Article, item: Located) -> str:
    mention = item.mention
    return article.source_of(mention.field)[mention.sentence_start : mention.sentence_end]


def _clause_figures(article: Article, item: Located, figures: list[Figure]) -> list[Figure]:
    """The figures of the clause that names ``item``'s place (of the first clause with any).

    A mention cut from a sentence that reports several incidents already holds only
    its clause's figures.  A sentence left whole (its other clauses name no place of
    their own) may still join a second report of a toll alone: a day shift («بعد يومين
    من قيام السكان بقتل عنصرين») recalls an incident of another day, and a connector of
    :data:`_SECOND_REPORT_RE` opens another report («قتل 15 في وكر للتنظيم، فيما قتل 4
    في اشتباكات في المضيق», «... فيما تحدثت وسائل إعلام عن تسعة قتلى»).
    """
    mention = item.mention
    first, last = mention.sentence_start, mention.sentence_end
    if (mention.clause_start, mention.clause_end) != (first, last):
        return figures
    start = first
    for shift in find_day_shifts(_sentence(article, item)):
        if mention.trigger_start < start + shift.start:
            last = min(last, start + shift.start)
        else:
            first = max(first, start + shift.start)
    figures = [f for f in figures if first <= f.start < last]
    source = article.source_of(mention.field)
    cuts = [m.start() for m in _SECOND_REPORT_RE.finditer(source, first, last) if m.start() > first]
    if not cuts or not figures:
        return figures
    clauses = list(pairwise([first, *cuts, last]))
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
    if not clause:
        return None
    # Without a number, a death word says more than «قتلى وجرحى» (one death, GUIDE §4):
    # «عشرات القتلى والجرحى ... قتل مع عدد كبير من عناصره» is the large number.
    counted = [f for f in clause if not f.vague] or [min(clause, key=lambda f: f.kind == "both")]
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
    # «مقتل وإصابة 20» states one death only: like a vague amount, it gives way to a
    # count of the deaths that another report of the incident gives.
    vague = all(f.vague or f.kind == "both" for f in counted)
    return _Stated(item, best, min(best, low), high, start, end, vague, revised)


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
    # Members come in grouping order (scenes first, references folded in later): the
    # article's order tells which report comes first.
    in_order = sorted((m for m in members if m.mention.field == "text"), key=lambda m: m.mention.order)
    body = [s for m in in_order if (s := _stated(article, m, kinds))]
    stated = [s for s in body if not s.vague] or body

    def at(toll: _Stated) -> Place | None:
        return toll.item.place.place if toll.item.place is not None else None

    # A toll over a province gives way to one stated at the event's town («19 قتلوا في
    # مناطق الأنبار» then «قتل أربعة في المضيق»), as a country's gives way to any closer.
    town_toll = place is not None and place.kind == "place" and any(at(s) == place for s in stated)
    # A toll with no place of its own, in an event that also reports over a region, is the
    # region's: «وقتل في الغارات على الغوطة أكثر من 100» before «طالت حمورية ... قتل 96».
    regional = any(m.place is not None and m.place.place.kind != "place" for m in members)

    def wider(toll: _Stated) -> bool:
        where = at(toll)
        if where is None:
            return town_toll and regional
        if place is None or where.kind == "place":
            return False
        return place.kind != "country" if where.kind == "country" else town_toll

    close = [s for s in stated if not wider(s)] or stated
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


#: «وفي تعز، ...»: a sentence that opens a new scene, not a follow-up of the one before.
_NEW_SCENE_RE = re.compile(r"\s*و?في\s")


@dataclass(frozen=True, slots=True)
class _BodySentence:
    """A body sentence with casualty figures or a report of its own (offsets into the body)."""

    start: int
    end: int
    figures: tuple[Figure, ...]
    # An incident trigger, an exclusion cue or a new scene («وفي تعز»): no follow-up.
    reports: bool
    own_toll: bool  # a death count of its own, not one that adds to another's (:func:`_adds_deaths`)


@lru_cache(maxsize=8)
def _body_sentences(text: str) -> tuple[_BodySentence, ...]:
    """Every body sentence with a casualty figure or a report of its own, in order."""
    lexicon = load_lexicon()
    found = []
    for start, end in sentences(text):
        sentence = text[start:end]
        form = normalize(sentence)  # once for the casualty, number, trigger and exclusion matchers
        hits = lexicon.body_set.find(form)  # the casualty, trigger and exclusion matchers in one pass
        figures = find_figures(form, lexicon, False, hits["casualties"]) if hits["casualties"] else []
        # A death verb that states a figure («ثلاثة من المهاجمين قتلوا») reports a toll,
        # not an incident of its own.
        triggered = any(
            m.value is not None and not any(f.start <= m.start < f.end for f in figures)
            for m in hits["triggers"]
        )
        reports = triggered or bool(hits["exclusions"]) or bool(_NEW_SCENE_RE.match(sentence))
        if figures or reports:
            shifted = tuple(replace(f, start=f.start + start, end=f.end + start) for f in figures)
            own_toll = any(
                f.kind == "death" and not f.vague and not _adds_deaths(text, f.start, f.end, end)
                for f in shifted
            )
            found.append(_BodySentence(start, end, shifted, reports, own_toll))
    return tuple(found)


def _follow_ups(article: Article, members: list[Located]) -> list[_BodySentence]:
    """Body sentences that go on with the event's report: those after one of its sentences
    with no incident word of their own («وأضاف المتحدث أن اثنين من أفراد الدرك قتلا
    أيضا»), up to the next sentence that reports something or states a toll of its own
    («نحو 20 شخصا لقوا حتفهم» after a report of four deaths is another incident's)."""
    own = {m.mention.sentence_start for m in members if m.mention.field == "text"}
    found: list[_BodySentence] = []
    following = False
    for sentence in _body_sentences(article.text):
        if sentence.start in own:
            following = True
            continue
        following = following and not sentence.reports and not sentence.own_toll
        if following:
            found.append(sentence)
    return found


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
    stated = [(s.start, {f.best for f in s.figures if not f.vague}) for s in _body_sentences(article.text)]
    elsewhere = {v for start, values in stated if start not in own for v in values}
    inside = {v for start, values in stated if start in own for v in values}
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


def _bombers(
    article: Article,
    members: list[Located],
    sub_event_type: str,
    article_bombers: int,
    deaths: _Stated | None,
) -> int:
    """Suicide bombers to add: those the event's sentences name, else the article's.

    An event of another sub-type (a raid whose attackers then blew themselves up, a
    blast the article's words do not code as suicide) adds the bombers that the
    sentence stating its toll names: «قامت انتحاريتان بتفجير نفسيهما ... مما أدى
    إلى مقتل 10 مدنيين» is 12.
    """
    if any("bomber_included" in m.mention.cues for m in members):
        return 0
    if sub_event_type != "Suicide bomb":
        if deaths is None or deaths.item.mention.field != "text":
            return 0
        return max(_named_bombers(_sentence(article, deaths.item)), default=0)
    named = [count for m in members for count in _named_bombers(_sentence(article, m))]
    return max(named, default=article_bombers)


def _named_bombers(sentence: str) -> list[int]:
    """How many bombers each bomber word of ``sentence`` names (casualties.yaml ``bombers``)."""
    matches = load_lexicon().bombers.find(sentence)
    quantities = [q for q in find_quantities(sentence) if not q.vague] if matches else []
    counts = []
    for match in matches:
        if _describes_plural(sentence, match.start):
            continue  # «هجمات انتحارية»: suicide attacks in general, no bomber of this one
        before = [q for q in quantities if q.end <= match.start]
        adjacent = before and not sentence[before[-1].end : match.start].strip()
        if adjacent:
            counts.append(before[-1].best)  # «أربعة انتحاريين»
        elif match.value == MANY_BOMBERS:
            counts.append(before[-1].best if before else 2)  # «أربعة مسلحين ... فجروا أنفسهم»
        else:
            counts.append(match.value)
    return counts


#: Characters before a word in which the word it follows is looked for.
PREVIOUS_WORD_REACH = 20


def _describes_plural(sentence: str, start: int) -> bool:
    """Whether the word at ``start`` follows a feminine plural noun it describes («عمليات انتحارية»)."""
    previous = _WORD_RE.findall(sentence[max(0, start - PREVIOUS_WORD_REACH) : start])
    return bool(previous) and len(previous[-1]) > 4 and normalize_key(previous[-1]).endswith("ات")


#: «لقيا مصرعهما أيضا»: deaths said to come on top of those already told.
_ALSO_RE = re.compile(r"(?<!\w)[أا]يضا(?!\w)")
#: How far (characters) after a death figure «أيضا» may stand.
ALSO_REACH = 15
#: Words after a figure that may name who was counted: «قتل فيها خمسة مسلحين».
COUNTED_WORDS_AFTER = 3
#: «منهم», «منهما»: the figure counts people its sentence named before it.
_OF_THEM = frozenset(normalize_key(w) for w in ("منهم", "منهما", "منهن"))
_SENTENCE_STOPS = (".", "\n", "!", "؟")


def _names_attackers(source: str, start: int, end: int) -> bool:
    """Whether the figure at ``[start, end)`` of ``source`` counts attackers or armed men.

    The counted noun follows the number, inside the figure («ثلاثة من المهاجمين
    قتلوا») or after it («قتل فيها خمسة مسلحين»); a word before it is the killers'
    («قتل مسلحون ثمانية أشخاص»).
    """
    counted_from = next((q.end for q in find_quantities(source[start:end])), 0)
    words = _WORD_RE.findall(source[start + counted_from : end])
    words += [m.group() for m in islice(_WORD_RE.finditer(source, end), COUNTED_WORDS_AFTER)]
    if words and normalize_key(words[0]) in _OF_THEM:
        # «اثنين منهم»: those the sentence named before, «المهاجمين تسللوا ... مقتل اثنين منهم».
        sentence_start = max(source.rfind(stop, 0, start) for stop in _SENTENCE_STOPS) + 1
        words = _WORD_RE.findall(source[sentence_start:start])
    attackers = load_lexicon().attackers
    return any(
        key in attackers or (key.startswith("ال") and key[2:] in attackers)
        for key in map(normalize_key, words)
    )


def _attackers_killed(
    article: Article, members: list[Located], deaths: _Stated | None, follow_ups: list[_BodySentence]
) -> int:
    """Deaths that later sentences add to ``deaths`` (GUIDE §4: include the attackers killed).

    «مقتل 38 شخصا» then «قتل فيها خمسة مسلحين» is 43, and «مقتل 31 عسكريا» then
    «اثنين من عناصر الميليشيات لقيا مصرعهما أيضا» 33.  The event's sentences and
    their follow-ups (:func:`_follow_ups`) are read.  When the toll itself counts
    armed men, later figures break it down.  Several reports of the attackers' deaths
    repeat one another: the largest is added.
    """
    if deaths is not None and _names_attackers(
        article.source_of(deaths.item.mention.field), deaths.start, deaths.end
    ):
        return 0
    told = (
        deaths.item if deaths is not None else next((m for m in members if m.mention.field == "text"), None)
    )
    if told is None:
        return 0
    # Sentences before the toll's were weighed against it; the title is a summary.
    after = deaths.item.mention.sentence_start if deaths and deaths.item.mention.field == "text" else -1
    later: dict[int, tuple[int, tuple[Figure, ...], tuple[int, int]]] = {}
    for item in members:
        mention = item.mention
        if mention.field == "text" and mention.sentence_start > after:
            later[mention.sentence_start] = (mention.sentence_end, tuple(mention.figures), item.toll_share)
    for sentence in follow_ups:
        # A follow-up goes on with the toll's report (with no toll, with the lead's).
        later.setdefault(sentence.start, (sentence.end, sentence.figures, told.toll_share))
    added = 0
    for end, figures, toll_share in later.values():
        for figure in figures:
            if (
                figure.kind == "death"
                and not figure.vague
                and _adds_deaths(article.text, figure.start, figure.end, end)
            ):
                added = max(added, share(figure.best, toll_share))
    return added


@lru_cache(maxsize=1024)
def _adds_deaths(text: str, start: int, end: int, sentence_end: int) -> bool:
    """Whether the body death figure at ``[start, end)`` counts deaths on top of a toll of
    others: attackers, or deaths said to come «أيضا»."""
    also = _ALSO_RE.search(text, start, min(end + ALSO_REACH, sentence_end))
    return also is not None or _names_attackers(text, start, end)


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
    # GUIDE §4: a suicide bomber who died is added unless the toll already includes them,
    # and so are the attackers killed; a report of the attackers killed may count the bombers.
    follow_ups = _follow_ups(article, members)
    added = max(
        _bombers(article, members, sub_event_type, bombers, deaths),
        _attackers_killed(article, members, deaths, follow_ups),
    )
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
    elif (told := _follow_up_injured(follow_ups)) is not None:
        injured = share(told.best, deaths.item.toll_share if deaths is not None else (0, 1))
        spans["injured"] = Span(told.start, told.end, article.text[told.start : told.end])
    return Toll(fatalities, low, high, injured)


def _follow_up_injured(follow_ups: list[_BodySentence]) -> Figure | None:
    """The injured a follow-up of the event's sentences counts, for when they count none:
    «... لقوا حتفهم. وأضاف أن أكثر من 12 شخصا أصيبوا»."""
    return next(
        (f for sentence in follow_ups for f in sentence.figures if f.kind == "injury" and not f.vague),
        None,
    )
