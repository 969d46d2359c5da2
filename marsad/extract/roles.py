"""Which named side acted and which was acted upon, around a trigger (GUIDE §2, §5).

Each side of a sentence first gets the part its neighbouring words give it
(``role_cues`` of ``actors.yaml`` and the target markers of ``cues.yaml``):

- *agent*: after a relative verb or a passive agent («غارات شنتها طائرات
  التحالف»، «بنيران قوات النظام»، «على يد») or a claim («تبنى تنظيم داعش»), or
  before «مسؤوليته»; or as the subject after a verb of attack that opens a clause
  («وشنت طائرات التحالف غارات»، «استهدف طيران التحالف»), where a target marker
  («استهدف») does not apply;
- *victim*: after a casualty noun or a partitive («مقتل 5 جنود»، «من عناصر
  التنظيم»), or before a passive plural («جنود قتلوا»);
- *part*: counted among a toll of others («تسعة قتلى بينهم شرطيان»): one of
  the dead, but not what the incident was aimed at (civilians so counted are
  victims);
- *target*: after a target marker («على مواقع»، «ضد»، «استهدف»);
- *source*: after a verb of saying or a source noun («قالت الشرطة»، «بحسب الجيش»):
  it reports the incident and takes part only when nothing else does;
- *bystander*: it holds the place hit («قرية يسيطر عليها تنظيم داعش»، «مناطق
  سيطرة المعارضة»), which makes it no side of the incident.

Sides without a cue take their part from where they stand: Arabic news names
the agent in the trigger phrase itself («غارة تركية»), right after the incident
noun or verb (the genitive «قصف مدفعي لقوات النظام», the verb-first «قصفت
طائرات النظام»), or before a verb («قوات النظام قصفت»).  Civilians never act.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from marsad.text import Normalized, PhraseMatcher, find_quantities, normalize

if TYPE_CHECKING:
    from marsad.extract.actors import ActorLexicon
    from marsad.text import Match

#: How far (characters) after the trigger the genitive/verb-subject agent may start.
AGENT_WINDOW_AFTER = 40
#: How many other words may stand between a cue and the side it marks (numbers and
#: counted nouns do not count: «مقتل 36 عنصرا على الأقل من قوات النظام»).
CUE_GAP_WORDS = 3
#: The same for a victim cue, whose own counted noun often follows («وجرح آخرون»).
VICTIM_GAP_WORDS = 2
#: The same for a target marker, which is a commoner word («على»).
MARKER_GAP_WORDS = 2

#: The generic armed group's and civilians' name patterns start so.
UNIDENTIFIED = "Unidentified Armed Group"
CIVILIANS = "Civilians"

Role = Literal["agent", "victim", "part", "target", "source", "bystander"]

# Where one clause of a sentence ends and another, maybe about another incident, begins.
_CLAUSE_RE = re.compile(r"[.;؛!?؟]|،\s*(?:و|ف|كما|فيما|بينما|مما)|\s(?:فيما|بينما|في حين|وذلك)\s")
# A cue never reaches across a clause break.
_CLAUSE_BREAK_RE = re.compile(r"[،,.;:؛!?؟\n]")
_GLUED_RE = re.compile(r"\S*$")
# What stands between two conjoined sides: «و», glued or not, and maybe a number («و3 مدنيين»).
_CONJUNCTION_RE = re.compile(r"\s*و\s*[\d٠-٩]*\s*")
_WORD_RE = re.compile(r"[^\s\"'«»“”‘’()\[\]-]+")
# «بين» right before a side, glued or not: what follows it is the first of two opponents.
_BETWEEN_RE = re.compile(r"(?:^|\s)(?:ما\s+)?[وف]?بين\s*$")
# «من جهة» (not «من جهة أخرى») after a side, maybe past a pronoun («لها»): it closes one side.
_ONE_SIDE_RE = re.compile(r"\s*(?:\S+\s+)?من\s+جه[ةه](?!\s*[اأإ]خر)")


@dataclass(frozen=True, slots=True)
class Side:
    """A resolved side of an incident, with offsets into the searched string.

    ``role`` is the part its neighbouring words give it (None when they say
    nothing); ``generic`` says it was named by a generic word («مسلحون»، «جنود»)
    rather than as a named actor; ``rival`` that it stands for both sides of a
    clash («الميليشيات المتناحرة»); ``evidence`` how firmly :func:`assign_roles`
    found its part: 3 a cue states it, 2 it stands in or right after the trigger
    phrase (or a cue makes it the one hit), 1 it is the subject before the verb
    (or civilians among the sides), 0 it is only the side left.  ``allied`` says
    «و» joins it to the side before it as one party («قوات النظام ومرتزقة حزب
    الله»), not as its opponent («اشتباكات بين قوات النظام وفصائل المعارضة»).
    """

    name: str
    start: int
    end: int
    role: Role | None = None
    generic: bool = False
    rival: bool = False
    evidence: int = 0
    allied: bool = False

    @property
    def civilian(self) -> bool:
        return self.name.startswith(CIVILIANS)

    def shifted(self, offset: int) -> Side:
        """The same side with offsets moved by ``offset`` (sentence → article field)."""
        return replace(self, start=self.start + offset, end=self.end + offset)

    @property
    def hit(self) -> bool:
        """Whether its words make it the one acted upon."""
        return self.role in ("victim", "target")


class _Gaps:
    """Whether the words between two offsets of one sentence are few enough to link them."""

    def __init__(self, text: Normalized) -> None:
        self._text = text.original
        self._quantities = [(q.start, q.end) for q in find_quantities(text)]

    def in_quantity(self, start: int, end: int) -> bool:
        return any(q_start <= start and end <= q_end for q_start, q_end in self._quantities)

    def linked(self, start: int, end: int, max_words: int) -> bool:
        if start > end:
            return False
        gap = self._text[start:end]
        # A proclitic glued to the side («لحزب») is not a word between.
        gap = gap[: len(gap) - len(_GLUED_RE.search(gap).group())]
        if _CLAUSE_BREAK_RE.search(gap):
            return False
        words = [
            w for w in _WORD_RE.finditer(gap) if not self.in_quantity(start + w.start(), start + w.end())
        ]
        return len(words) <= max_words


def _marks_after(cues: list[Match[str]], side_start: int, floor: int, gaps: _Gaps, max_words: int) -> bool:
    """Whether a cue ending in ``[floor, side_start]`` is linked to the side starting at ``side_start``."""
    return any(floor <= c.end <= side_start and gaps.linked(c.end, side_start, max_words) for c in cues)


def _marks_before(
    cues: list[Match[str]], side_end: int, ceiling: int, gaps: _Gaps, max_words: int = 1
) -> bool:
    """Whether a cue starting in ``[side_end, ceiling]`` is linked to the side ending at ``side_end``."""
    return any(side_end <= c.start <= ceiling and gaps.linked(side_end, c.start, max_words) for c in cues)


def _opens_clause(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a clause: the sentence's first word, one
    after a comma or colon, or one glued to «و»/«ف» («وشنت»)."""
    before = text[:start].rstrip(" \t\"'«»“”")
    if not before or before[-1] in "،,:;؛(":
        return True
    glued = text[start - 1] in "وف" and (start < 2 or text[start - 2].isspace())
    return glued


def find_sides(
    text: str, actors: ActorLexicon, target_markers: PhraseMatcher[str], country: str | None
) -> list[Side]:
    """Every side named in ``text`` (one sentence), resolved against ``country``, in text order."""
    return list(_sentence_sides(text, actors, target_markers, country))


# Every mention's sentence is read when it is located and again with its event's country
# (:mod:`.sides`), often the same one: the sides are computed once (they are frozen).
@lru_cache(maxsize=256)
def _sentence_sides(
    text: str, actors: ActorLexicon, target_markers: PhraseMatcher[str], country: str | None
) -> tuple[Side, ...]:
    # Normalised once for the actor, cue, marker and number matchers.
    form = normalize(text)
    resolved = [(m, name) for m in actors.find(form) if (name := actors.resolve(m, country))]
    if not resolved:
        return ()
    gaps = _Gaps(form)
    cues = actors.role_cue_set.find(form)
    # «على» inside «18 شخصا على الأقل» marks nothing.
    markers = [m for m in target_markers.find(form) if not gaps.in_quantity(m.start, m.end)]
    clause_verbs = [v for v in cues["clause_verbs"] if _opens_clause(text, v.start)]
    sides: list[Side] = []
    for index, (mention, name) in enumerate(resolved):
        # A cue marks the nearest side: it must stand between this side and its neighbour.
        floor = resolved[index - 1][0].end if index else 0
        ceiling = resolved[index + 1][0].start if index + 1 < len(resolved) else len(text)
        start, end = mention.start, mention.end
        civilian = name.startswith(CIVILIANS)
        role: Role | None = None
        # The holder cues are the most specific («المحاصر من قبل» holds «من قبل»).
        if _marks_after(cues["bystander_before"], start, floor, gaps, 1) or _marks_before(
            cues["bystander_after"], end, ceiling, gaps
        ):
            role = "bystander"
        elif civilian and _marks_after(clause_verbs, start, floor, gaps, 1):
            role = "target"  # civilians never act: after a verb of attack they are its object
        elif not civilian and (
            _marks_after(cues["agent_before"], start, floor, gaps, CUE_GAP_WORDS)
            or _marks_before(cues["agent_after"], end, ceiling, gaps)
            or _marks_after(clause_verbs, start, floor, gaps, 1)
        ):
            role = "agent"
        elif _marks_after(cues["part_before"], start, floor, gaps, VICTIM_GAP_WORDS):
            role = "victim" if civilian else "part"  # nearer than the casualty noun it follows
        elif _marks_after(cues["victim_before"], start, floor, gaps, VICTIM_GAP_WORDS) or _marks_before(
            cues["victim_after"], end, ceiling, gaps, VICTIM_GAP_WORDS
        ):
            role = "victim"
        elif _marks_after(markers, start, floor, gaps, MARKER_GAP_WORDS):
            role = "target"
        elif _marks_after(cues["source_before"], start, floor, gaps, 1):
            role = "source"
        rival = any(
            start <= c.start <= ceiling and (c.start < end or gaps.linked(end, c.start, 1))
            for c in cues["rival_after"]
        )
        sides.append(Side(name, start, end, role, actors.is_generic(mention, name), rival))
    return tuple(_share_conjoined_roles(text, _fold_members(text, sides, cues["member_of"])))


def _fold_members(text: str, sides: list[Side], links: list[Match[str]]) -> list[Side]:
    """«مقتل 21 مسلحا من تنظيم داعش», «هجوم نسب إلى متمردين من حزب العمال», «ضابط في
    الشرطة»: fighters named by a generic word and then by the force they belong to
    are that force's, which takes the part the sentence gives them."""
    folded: list[Side] = []
    for side in sides:
        member = folded[-1] if folded else None
        if (
            member is not None
            and member.generic
            and not member.civilian
            and not side.civilian
            and (
                _glued_of(text, member.end, side.start)
                or any(_bridges(text, member.end, link, side.start) for link in links)
            )
        ):
            folded[-1] = replace(side, role=member.role or side.role)
            continue
        folded.append(side)
    return folded


def _glued_of(text: str, left_end: int, right_start: int) -> bool:
    """Whether only «ب»/«ل» glued to the right side stands between two sides («ضابط بالشرطة»)."""
    gap = text[left_end:right_start]
    glued = _GLUED_RE.search(gap).group()
    return glued in ("ب", "ل") and not gap[: len(gap) - len(glued)].strip()


def _bridges(text: str, left_end: int, link: Match[str], right_start: int) -> bool:
    """Whether ``link`` alone (with a proclitic glued to the right side) stands between two sides."""
    if not left_end <= link.start <= link.end <= right_start:
        return False
    after = text[link.end : right_start]
    after = after[: len(after) - len(_GLUED_RE.search(after).group())]
    return not text[left_end : link.start].strip() and not after.strip()


def _share_conjoined_roles(text: str, sides: list[Side]) -> list[Side]:
    """Sides joined by «و» share the part a cue gave one of them: «مواقع سيطرة فيلق
    الرحمن وجبهة النصرة», «مقتل 5 جنود و3 مدنيين», «تنظيم داعش وخمسة متشددين قتلوا».
    They are one party unless «بين» opens the pair, which sets them against each other
    («بين الجيش وحلفائه المسلحين من جهة، وفصائل المعارضة من جهة ثانية» still has
    the pair on one side)."""
    shared = list(sides)
    joined = [
        i
        for i in range(1, len(shared))
        if _CONJUNCTION_RE.fullmatch(text[shared[i - 1].end : shared[i].start])
    ]
    for i in joined:
        opposed = not shared[i - 1].allied and _BETWEEN_RE.search(text, 0, shared[i - 1].start)
        if opposed and not _ONE_SIDE_RE.match(text, shared[i].end):
            continue
        shared[i] = replace(shared[i], allied=True)
    for _ in range(2):  # forwards, then backwards along the chain
        for i in joined:
            before, after = shared[i - 1], shared[i]
            if after.role is None and before.role is not None:
                shared[i] = replace(after, role=before.role)
            elif before.role is None and after.role is not None:
                shared[i - 1] = replace(before, role=after.role)
    return shared


def _distance(side: Side, trigger_start: int, trigger_end: int) -> int:
    if side.end <= trigger_start:
        return trigger_start - side.end
    return max(0, side.start - trigger_end)


def _first(candidates: list[tuple[int, Callable[[], Side | None]]]) -> Side | None:
    """The first found candidate, its ``evidence`` set to the tier it was found in; each
    tier is searched only when the ones before it found nothing."""
    for evidence, find in candidates:
        side = find()
        if side is not None:
            return replace(side, evidence=evidence)
    return None


def assign_roles(
    sides: list[Side],
    trigger_start: int,
    trigger_end: int,
    event_type: str | None = None,
    sentence: str | None = None,
) -> tuple[Side | None, Side | None]:
    """(agent, target) among ``sides`` for the trigger at ``[trigger_start, trigger_end)``.

    Each comes back with ``evidence`` telling how firmly the sentence gives it
    its part (see :class:`Side`).  With ``event_type`` known to be Battles,
    civilians are no side (they are the toll of the clash).  A side holding the
    place stands in for a target that no word names.  Given the ``sentence``,
    sides of another clause than the trigger's («... غارات على مواقع التنظيم،
    وذلك بعد أيام على تفجير انتحاري ...») count less, and one a cue makes the
    agent of another clause («أعلن داعش مسؤوليته عن تفجير في X، فيما قتل اثنان
    في تفجير في Y») takes no part in this one.
    """
    battle = event_type == "Battles"
    # The first side of a party («رجال الجيش والشرطة») heads it and stands for it.
    party_of: dict[int, int] = {}
    for index, side in enumerate(sides):
        party_of[side.start] = party_of[sides[index - 1].start] if side.allied and index else side.start
    holders = [s for s in sides if s.role == "bystander" and not s.civilian]
    sides = [s for s in sides if not (battle and s.civilian)]
    # Outside a clash, fighters counted among the dead of others were not its aim: they
    # stand in only for a target that no word names.
    taking_part = [s for s in sides if s.role not in ("source", "bystander") and (battle or s.role != "part")]
    free = [s for s in taking_part if s.role is None and not s.civilian]
    breaks = [m.start() for m in _CLAUSE_RE.finditer(sentence)] if sentence else []

    def in_clause(side: Side) -> bool:
        low, high = min(side.end, trigger_start), max(side.start, trigger_end)
        return not any(low <= b < high for b in breaks)

    def head(found: Side | None, candidates: list[Side]) -> Side | None:
        """The first side of ``found``'s party among ``candidates``."""
        if found is None:
            return None
        return next((s for s in candidates if s.start == party_of[found.start]), found)

    def nearest(candidates: list[Side]) -> Side | None:
        return head(
            min(candidates, key=lambda s: _distance(s, trigger_start, trigger_end), default=None), candidates
        )

    cued = [s for s in taking_part if s.role == "agent"]
    agent = _first(
        [
            (3, lambda: nearest([s for s in cued if in_clause(s)])),
            # «غارة تركية»; a side the trigger phrase names acted even after a marker
            # («استهدف طيران التحالف»).
            (
                2,
                lambda: next(
                    (
                        s
                        for s in taking_part
                        if s.role in (None, "target")
                        and not s.civilian
                        and s.start < trigger_end
                        and s.end > trigger_start
                    ),
                    None,
                ),
            ),
            # «قصفت طائرات النظام», «قصف لقوات النظام»
            (
                2,
                lambda: next(
                    (
                        s
                        for s in free
                        if trigger_start < s.end < trigger_end + AGENT_WINDOW_AFTER and in_clause(s)
                    ),
                    None,
                ),
            ),
            # «قوات النظام قصفت»
            (
                1,
                lambda: head(
                    next((s for s in reversed(free) if s.end <= trigger_start and in_clause(s)), None), free
                ),
            ),
            # The sentence names the incident twice («غارات ... في قصف لطائرات النظام»).
            (0, lambda: nearest(free)),
        ]
    )
    # Neither the agent nor its allies («قوات النظام ومرتزقة حزب الله») are what it hit,
    # nor the agent of another clause's incident.
    others = [
        s
        for s in taking_part
        if s.role != "agent"
        and (agent is None or (s.name != agent.name and party_of[s.start] != party_of[agent.start]))
    ]
    hits = [s for s in others if s.hit]

    def behind_agent(side: Side) -> bool:
        """Whether the agent stands between ``side`` and the trigger: «حملة تطال حزب
        العمال وكذلك تنظيم داعش الذي يتهم بتدبير التفجير الانتحاري»."""
        if agent is None:
            return False
        if side.end <= agent.start:
            return agent.end <= trigger_start
        return side.start >= agent.end and agent.start >= trigger_end

    in_clause_hits = [s for s in hits if in_clause(s)]
    target = _first(
        [
            (2, lambda: nearest([s for s in in_clause_hits if not behind_agent(s)])),
            (2, lambda: nearest(in_clause_hits)),
            (1, lambda: next((s for s in others if s.civilian), None)),
            (0, lambda: nearest(hits)),
            # Outside a clash an unnamed armed group that nothing marks as hit is the
            # attacker again («تبنت الجماعة الهجوم الانتحاري»), not its target.
            (0, lambda: next((s for s in others if battle or not s.name.startswith(UNIDENTIFIED)), None)),
            # Fighters counted among the dead of others («25 قتيلا بينهم 12 جنديا»).
            (
                0,
                lambda: nearest(
                    [s for s in sides if s.role == "part" and not s.civilian and s not in taking_part]
                ),
            ),
            (0, lambda: next((s for s in holders if agent is None or s.name != agent.name), None)),
        ]
    )
    if agent is None and target is not None and not target.civilian:
        # «أعلن الجيش مقتل 52 داعشيا»: a side that reports fighters of another side
        # killed is the one that killed them.
        reporter = next((s for s in sides if s.role == "source" and s.name != target.name), None)
        agent = replace(reporter, evidence=0) if reporter is not None else None
    return agent, target
