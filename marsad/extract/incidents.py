"""Incident mentions: a trigger in a sentence of the title or body that reports
something as having happened (GUIDE §1), with its date words and casualty figures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

from marsad.extract.casualties import Figure, find_figures
from marsad.extract.dates import (
    SAME_DAY_RE,
    SINCE_RE,
    DateMention,
    DayShift,
    find_day_shifts,
    find_event_dates,
    within_window,
)
from marsad.extract.lexicon import Lexicon, Trigger
from marsad.model import SpanField
from marsad.text import Match, Normalized, normalize
from marsad.text.sentences import sentences

#: The sub-country place spans ``[(start, end)]`` of ``[start, end)`` of the searched
#: string: what tells two clauses of one sentence apart as reports of two incidents.
PlaceSpans = Callable[[int, int], list[tuple[int, int]]]


@dataclass(slots=True)
class Mention:
    """One sentence's report of an incident; every offset is into the article's ``field`` string."""

    field: SpanField
    order: int  # position in the article (title first), for GUIDE "first in the article's order"
    sentence_start: int
    sentence_end: int
    trigger: Trigger
    trigger_start: int
    trigger_end: int
    dates: list[DateMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    cues: set[str] = field(default_factory=set)  # cues.yaml groups present in the sentence
    same_day: bool = False  # «في اليوم نفسه»: on the day of the incident reported before
    # Event types of every trigger of the clause: «الانفجار أعقبته اشتباكات» is a blast and a fight.
    event_types: frozenset[str] = frozenset()
    # The clause of the sentence that reports this incident (the whole sentence unless
    # it joins reports of several incidents): its places are the incident's.
    clause_start: int = 0
    clause_end: int = 0
    # A clause after «غداة», «بعد يومين من»: it recalls an incident some days from the one reported.
    recalled: bool = False
    # Dates of the statement reporting the incident («أعلن الجيش الأربعاء أن ...»): not the
    # incident's day, but the latest it can be.
    statement_dates: list[DateMention] = field(default_factory=list)

    @property
    def date(self) -> DateMention | None:
        """The date word nearest the trigger (the sentence may also date a statement)."""
        if not self.dates:
            return None
        return min(self.dates, key=lambda d: abs(d.start - self.trigger_start))


def _shifted_dates(dates: list[DateMention], offset: int) -> list[DateMention]:
    return [DateMention(d.value, d.time_precision, d.start + offset, d.end + offset) for d in dates]


def _shifted_figures(figures: list[Figure], offset: int) -> list[Figure]:
    return [Figure(f.kind, f.best, f.low, f.high, f.start + offset, f.end + offset, f.vague) for f in figures]


#: The cues.yaml exclude sub-group of phrases that hold an exclusion word but exclude nothing.
NOT_EXCLUDED = "not_excluded"

#: Exclusion reasons (cues.yaml) of a sentence that recalls an old incident: a trial is about one.
RECALLING_REASONS = frozenset({"background", "court"})


#: A date word starting this close (characters) after a verb of saying dates the report.
REPORT_DATE_REACH = 40


_COMPLEMENTIZER_RE = re.compile(r"(?:^|\s)(?:[إأا]ن|بأن|[إأا]نه|[إأا]نها)(?=\s)")


def _incident_dates(
    sentence: str, dates: list[DateMention], reporting: list[tuple[int, int]], trigger_start: int
) -> tuple[list[DateMention], list[DateMention]]:
    """The dates of ``sentence`` that date its incident, not the statement reporting it.

    «أعلن الجيش أمس مقتل ...» and «قال المتحدث، أمس، إن ...»: a date word close
    after a verb of saying, or between it and the «إن/أن» that opens the reported
    clause holding the trigger, dates the announcement; the incident then has no
    day of its own (GUIDE §3: publication date, precision 2) unless another date
    word gives one.  Returns ``(incident dates, statement dates)``; offsets are into
    ``sentence``.
    """
    kept, stated = [], []
    for d in dates:
        verbs_before = [end for start, end in reporting if end <= d.start]
        if verbs_before and d.start < trigger_start:
            close = d.start - verbs_before[-1] <= REPORT_DATE_REACH
            # The date sits between the verb and the «إن» that opens what was said.
            clause = _COMPLEMENTIZER_RE.search(sentence, verbs_before[-1], trigger_start)
            opens_clause = clause is not None and clause.start() >= d.end
            if close or opens_clause:
                stated.append(d)
                continue
        kept.append(d)
    return kept, stated


#: A relative clause right after a trigger («التفجير الذي وقع في X», «الهجوم الذي استهدف»):
#: the sentence names an incident it has already reported, as the frame of another report.
_REFERRED_RE = re.compile(r"\s+(?:الذي|التي|اللذين|اللتين)\s")


#: A superlative a few words before «منذ سنوات» («أعنف قصف لها منذ سنوات», «الأسوأ منذ
#: أعوام»): the incident is compared with the past, not a total over it.
_SUPERLATIVE_RE = re.compile(
    r"(?<!\w)[لبو]?(?:ال)?(?:أعنف|اعنف|أكبر|اكبر|أسوأ|اسوأ|أشد|اشد|أكثر|اكثر|أعلى|اعلى|أخطر|اخطر|أول|اول)"
    r"(?:\s+\S+){0,3}\s+$"
)


def _compares_with_the_past(sentence: str, exclusion: Match[str]) -> bool:
    """Whether a period-total cue only compares the incident with the past (see above)."""
    if exclusion.value != "period_total":
        return False
    return _SUPERLATIVE_RE.search(sentence, max(0, exclusion.start - 40), exclusion.start) is not None


#: A comma and then a word joined by «و»: «...قرب الحسكة، وتواصلت المعارك بريف اللاذقية».
_COMMA_AND_RE = re.compile(r"[،,]\s*و")


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int
    end: int
    shift: DayShift | None = None  # «غداة ...»: the clause's incident is dated from the one before


def _clauses(
    source: str,
    sentence: tuple[int, int],
    triggers: list[Match[Trigger | None]],
    openers: list[int],
    places: list[tuple[int, int]],
    shifts: list[DayShift],
) -> list[_Clause]:
    """The ranges of ``sentence`` that each report one incident.

    A lead sentence often joins reports of several incidents: «غارات على X،
    فيما قتل 3 في قصف على Y», «... تزامنا مع قصف صاروخي على Y», «اشتباكات في X
    وقصف على Y».  It is cut before each clause opener (cues.yaml), before a
    trigger attached to «و» and before a word after «، و»; a piece counts as a
    clause of its own only when it names both a trigger and a place, otherwise
    it belongs to its neighbour («غارة ومعارك بريف اللاذقية» is one report of one
    place).  A piece after a day shift («وذلك غداة اشتباكات ...», «بعد أربعة أيام
    على تفجير ...») recalls an earlier or later incident: with a trigger it is a
    clause of its own even without a place.  Offsets are into ``source``;
    ``triggers`` are the sentence's, sorted by start.
    """
    first, last = sentence
    shift_at = {shift.start: shift for shift in shifts if shift.start > first}
    cuts = set(openers) | set(shift_at) | {m.end() - 1 for m in _COMMA_AND_RE.finditer(source, first, last)}
    for match in triggers[1:]:
        if match.prefix_start < match.start and source[match.prefix_start] == "و":
            cuts.add(match.prefix_start)
    bounds = [first, *sorted(c for c in cuts if first < c < last), last]
    pieces = [(lo, hi) for lo, hi in pairwise(bounds) if lo < hi]

    def triggered(lo: int, hi: int) -> bool:
        return any(lo <= m.start < hi for m in triggers)

    clauses: list[_Clause] = []
    pending: int | None = None  # start of incomplete pieces waiting for a complete one
    for lo, hi in pieces:
        shift = shift_at.get(lo)
        after_report = clauses or (pending is not None and triggered(pending, lo))
        if shift is not None and triggered(lo, hi) and after_report:
            if pending is not None:
                clauses.append(_Clause(pending, lo))
                pending = None
            clauses.append(_Clause(lo, hi, shift))
        elif triggered(lo, hi) and any(lo <= p < hi for p, _ in places):
            clauses.append(_Clause(lo if pending is None else pending, hi))
            pending = None
        elif clauses:
            clauses[-1] = replace(clauses[-1], end=hi)
        elif pending is None:
            pending = lo
    if pending is not None:
        clauses.append(_Clause(pending, last))
    return clauses


def _shifted_date(clause: _Clause, base: DateMention | None, published: date) -> DateMention | None:
    """The date of a day-shifted clause: that many days from the clause before it
    (from the publication date when that one has no date word, GUIDE §3 precision 2)."""
    if clause.shift is None:
        return None
    if base is None:
        return DateMention(
            published - timedelta(days=clause.shift.days), 2, clause.shift.start, clause.shift.end
        )
    value = base.value - timedelta(days=clause.shift.days)
    return DateMention(value, base.time_precision, clause.shift.start, clause.shift.end)


def find_mentions(
    source: str | Normalized,
    span_field: SpanField,
    published: date,
    lexicon: Lexicon,
    first_order: int = 0,
    places: PlaceSpans | None = None,
    stale: list[tuple[int, int]] | None = None,
    triggers: list[Match[Trigger | None]] | None = None,
) -> list[Mention]:
    """Incident mentions of ``source`` (an article's title or text, or its :func:`normalize`),
    one per reported incident; offsets into the original string.

    A sentence holding an exclusion cue (threat, plan, period total, accident,
    crime, statement, figurative sense) reports nothing; one dated outside the
    30-day window neither.  A sentence gives one mention per clause that names
    an incident and its place (:func:`_clauses`; ``places`` gives the place
    spans of a range of ``source``, and without it every sentence is one
    clause).  Among a clause's triggers the highest priority decides the type,
    so «اشتباكات وقصف» is one mention, not two.  ``stale``, when given, collects the
    ranges of the sentences skipped as recalled background (a background or court
    cue, or every date older than 30 days): what they name, a later undated sentence may
    go on recalling.  ``triggers``, when given, are ``lexicon.triggers.find(source)``, found
    by the caller.
    """
    mentions: list[Mention] = []
    normalized = source if isinstance(source, Normalized) else normalize(source)
    source = normalized.original
    if triggers is None:
        triggers = lexicon.triggers.find(normalized)
    all_triggers = [m for m in triggers if m.value is not None]
    if not all_triggers:
        return []
    ranges = [(0, len(source))] if span_field == "title" else sentences(source)
    cursor = 0
    for index, (start, end) in enumerate(ranges):
        in_sentence = []
        while cursor < len(all_triggers) and all_triggers[cursor].start < end:
            if all_triggers[cursor].start >= start:
                in_sentence.append(all_triggers[cursor])
            cursor += 1
        if not in_sentence:
            continue
        sentence = source[start:end]
        # Normalised once for the exclusion, date and cue matchers (offsets into ``sentence``).
        sentence_form = normalize(sentence)
        # The exclusion, casualty and cue matchers in one pass over the sentence.
        hits = lexicon.sentence_set.find(sentence_form)
        exclusions = [
            m
            for m in hits["exclusions"]
            if m.value != NOT_EXCLUDED and not _compares_with_the_past(sentence, m)
        ]
        if exclusions:
            if stale is not None and any(m.value in RECALLING_REASONS for m in exclusions):
                stale.append((start, end))
            continue
        sentence_dates = find_event_dates(sentence_form, published)
        if sentence_dates and not any(within_window(d.value, published) for d in sentence_dates):
            if stale is not None:
                stale.append((start, end))
            continue  # background: every date of the sentence is older than 30 days
        cue_matches = [m for group in lexicon.cues for m in hits[group]]
        cues = {m.value for m in cue_matches}
        reporting = [(m.start, m.end) for m in cue_matches if m.value == "reporting"]
        figures = _shifted_figures(
            find_figures(sentence_form, lexicon, "large_scale" in cues, hits["casualties"]), start
        )
        # A period's first day («منذ 11 يوليو») dates no incident, though it still tells background.
        dates = _shifted_dates(
            [
                d
                for d in sentence_dates
                if within_window(d.value, published) and not SINCE_RE.search(sentence, 0, d.start)
            ],
            start,
        )
        clauses = [_Clause(start, end)]
        if places is not None and len(in_sentence) > 1:
            openers = [m.prefix_start + start for m in cue_matches if m.value == "clause_openers"]
            shifts = [DayShift(d.days, d.start + start, d.end + start) for d in find_day_shifts(sentence)]
            clauses = _clauses(source, (start, end), in_sentence, openers, places(start, end), shifts)
        previous: Mention | None = None
        for clause in clauses:
            lo, hi = clause.start, clause.end
            in_clause = [m for m in in_sentence if lo <= m.start < hi]
            # A trigger the sentence only refers back to («التفجير الذي وقع في X») yields to another
            # specific one it reports; not to a generic word («القصف الذي استهدف X قتل 9»).
            reported = [
                m for m in in_clause if not m.value.weak and _REFERRED_RE.match(source, m.end) is None
            ]
            if reported:
                in_clause = reported + [m for m in in_clause if m.value.weak]
            best = max(in_clause, key=lambda m: (m.value.priority, -m.start))
            own_dates = [d for d in dates if lo <= d.start < hi] if len(clauses) > 1 else dates
            own_figures = [f for f in figures if lo <= f.start < hi] if len(clauses) > 1 else figures
            incident_dates, statement_dates = _incident_dates(
                sentence, _shifted_dates(own_dates, -start), reporting, best.start - start
            )
            types = frozenset(
                m.value.event_type for m in in_sentence if lo <= m.start < hi and not m.value.weak
            )
            mention = Mention(
                field=span_field,
                order=first_order + index,
                sentence_start=start,
                sentence_end=end,
                trigger=best.value,
                trigger_start=best.start,
                trigger_end=best.end,
                dates=_shifted_dates(incident_dates, start),
                statement_dates=_shifted_dates(statement_dates, start),
                figures=own_figures,
                cues=cues,
                event_types=types,
                same_day=SAME_DAY_RE.search(source, lo, hi) is not None,
                clause_start=lo,
                clause_end=hi,
                recalled=clause.shift is not None,
            )
            if not mention.dates and clause.shift is not None:
                shifted = _shifted_date(clause, previous.date if previous else None, published)
                mention.dates = [shifted] if shifted is not None else []
            mentions.append(mention)
            previous = mention
    _carry_dates(mentions)
    return mentions


#: A date word this close (characters) to its mention's trigger dates that incident, not
#: another clause of a long lead sentence, and so may be carried to the next sentence.
CARRY_DATE_REACH = 80


def _carry_dates(mentions: list[Mention]) -> None:
    """An undated mention in the sentence right after a dated one continues its
    report («شنت الطائرات أمس غارات ... وأصابت الغارات أهدافا قرب ...»), so it takes that
    date, and passes it on; one after a sentence without a trigger keeps none (GUIDE §3:
    publication date), and so does one after a long sentence whose date word sits in
    another clause, far from its trigger.  The sentence before continues its own report,
    not an incident its last clause recalls («..., غداة تفجيرين»).  One «في اليوم نفسه»
    takes the last date given."""
    carried: set[int] = set()
    clauses_of = Counter(m.order for m in mentions if not m.recalled)
    for index in range(1, len(mentions)):
        before = index - 1
        same_sentence = before > 0 and mentions[before - 1].order == mentions[before].order
        while mentions[before].recalled and same_sentence:
            before -= 1
            same_sentence = before > 0 and mentions[before - 1].order == mentions[before].order
        previous, mention = mentions[before], mentions[index]
        if mention.same_day and not mention.dates:
            # «وانفجرت سيارة في اليوم نفسه ...»: the day of the last dated report.
            last = next((m.date for m in reversed(mentions[:index]) if m.date is not None), None)
            mention.dates = [last] if last is not None else []
            continue
        if mention.dates or previous.date is None:
            continue
        if mention.order == previous.order and before in carried:
            # The next clause of a sentence that goes on about the dated report before it.
            mention.dates = [previous.date]
            carried.add(index)
            continue
        if mention.order != previous.order + 1 or clauses_of[previous.order] > 1:
            continue  # which of the sentence's incidents the next one goes on about is unknown
        own = abs(previous.date.start - previous.trigger_start) <= CARRY_DATE_REACH
        if own or before in carried:
            mention.dates = [previous.date]
            carried.add(index)
