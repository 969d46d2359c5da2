"""Loading and validating the extraction lexicons under ``marsad/data/``.

``triggers.yaml`` (incident words → ACLED/PLOVER codes), ``cues.yaml`` (words
that exclude or qualify an incident) and ``casualties.yaml`` (death/injury
words) are data an analyst edits; this module checks them and compiles each
into a :class:`~marsad.text.PhraseMatcher` once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from marsad.ingest.dates import SAFE_YAML_LOADER
from marsad.text import MatcherSet, PhraseMatcher, normalize_key
from marsad.text.compiled import TEXT_SOURCES, load_compiled

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

#: GUIDE §2 event types and the sub-event types each one allows.
SUB_EVENT_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset(
        {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
    ),
    "Explosions/Remote violence": frozenset(
        {
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Suicide bomb",
            "Remote explosive/landmine/IED",
            "Grenade",
        }
    ),
    "Violence against civilians": frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"}),
    "Protests": frozenset(
        {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
    ),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
}

CasualtyKind = Literal["death", "injury", "both"]
NumberPosition = Literal["before", "after", "self"]

#: The cue groups of cues.yaml besides ``exclude`` (whose sub-groups are free).
CUE_GROUPS: tuple[str, ...] = (
    "denial",
    "reporting",
    "large_scale",
    "bomber_included",
    "target_markers",
    "clause_openers",
)


class LexiconError(ValueError):
    """A lexicon file that does not follow its documented shape (message names file and entry)."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """One incident trigger of triggers.yaml with its codes."""

    id: str
    event_type: str
    sub_event_type: str
    plover_event: str
    plover_mode: str
    priority: int
    weak: bool = False
    anchors: bool = False  # shows a real incident without a toll or a side
    civilian_target_event_type: str | None = None
    civilian_target_sub_event_type: str | None = None
    state_agent_sub_event_type: str | None = None
    armed_target_event_type: str | None = None
    armed_target_sub_event_type: str | None = None


#: What may stand between a casualty word and its number besides counted nouns
#: (casualties.yaml documents each).
CasualtyReach = Literal["noun", "subject", "clause"]
CASUALTY_REACHES: tuple[CasualtyReach, ...] = ("noun", "subject", "clause")


@dataclass(frozen=True, slots=True)
class CasualtyWord:
    """A death/injury word, where its number is written and how far it may be."""

    kind: CasualtyKind
    number: NumberPosition
    count: int | None = None
    reach: CasualtyReach = "noun"
    revised: bool = False  # «ارتفعت حصيلة القتلى إلى»: the latest toll, which replaces earlier ones
    large: bool = False  # «هجوم دام», «مجزرة»: deaths on a large scale, without a number (GUIDE §4)


#: The count of a bomber word given as ``many`` («فجروا أنفسهم»): the number before it tells.
MANY_BOMBERS = 0


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every extraction lexicon, compiled."""

    triggers: PhraseMatcher[Trigger | None]  # None: a not_triggers phrase (wins the overlap, then dropped)
    exclusions: PhraseMatcher[str]  # value: the exclusion reason (cues.yaml exclude sub-group)
    cues: dict[str, PhraseMatcher[str]]
    cue_set: MatcherSet[str, str]  # ``cues`` searched in one pass (a sentence is read for every group)
    casualties: PhraseMatcher[CasualtyWord]
    counted_nouns: frozenset[str]  # normalised; words allowed between a number and its casualty word
    attackers: frozenset[str]  # normalised counted nouns naming attackers or armed men
    bombers: PhraseMatcher[int]
    # Matchers searched in one pass where one string is read for each of them (results
    # keyed by the field names above, cue groups by their own): an article body for its
    # triggers and bombers, an incident sentence for its exclusions, casualty words and
    # cues, any body sentence for its casualty words, triggers and exclusions.
    text_set: MatcherSet[str, Any]
    sentence_set: MatcherSet[str, Any]
    body_set: MatcherSet[str, Any]


def _read_yaml(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_YAML_LOADER)
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at top level")
    return data


def _phrases(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: expected a list of non-empty phrases")
    return value


def _add_unique(table: dict[str, Any], phrase: str, value: Any, where: str) -> None:
    """Add ``phrase`` unless a different value already owns its normalised form."""
    key = normalize_key(phrase)
    if key in table and table[key][1] != value:
        raise LexiconError(f"{where}: «{phrase}» is already listed for {table[key][1]!r}")
    table.setdefault(key, (phrase, value))


#: Words that take no article when their phrase is made definite («طائرة من دون طيار»).
_NO_ARTICLE = frozenset({"من", "دون", "بدون", "على", "عن", "في", "مع", "ضد", "نفسه", "نفسها", "أنفسهم"})


def definite_forms(phrase: str) -> list[str]:
    """The definite forms of an indefinite two-word phrase: «عبوة ناسفة» is also
    written «العبوة الناسفة» (noun and adjective), «قذيفة هاون» also «قذيفة الهاون»
    (a construct state takes the article on its last word)."""
    words = phrase.split()
    if len(words) != 2 or any(w.startswith(("ال", "ل")) or w in _NO_ARTICLE for w in words):
        return []
    first, second = words
    return [f"ال{first} ال{second}", f"{first} ال{second}"]


def parse_triggers(data: dict[str, Any]) -> dict[str, Trigger | None]:
    """Phrase → :class:`Trigger` from triggers.yaml content, validated.

    Two-word forms also match written definite (:func:`definite_forms`).
    ``not_triggers`` phrases contain a trigger but report no incident («وقف إطلاق
    النار» is a ceasefire); they map to None so that, as the longer match, they
    hide the trigger inside them.
    """
    suffixes = data.get("verb_suffixes", [""])
    if not isinstance(suffixes, list) or not all(isinstance(s, str) for s in suffixes):
        raise LexiconError("triggers.yaml: verb_suffixes must be a list of strings")
    entries = data.get("triggers")
    if not isinstance(entries, list) or not entries:
        raise LexiconError("triggers.yaml: `triggers` must be a non-empty list")
    table: dict[str, tuple[str, Trigger | None]] = {}
    generated: list[tuple[str, Trigger]] = []
    seen_ids: set[str] = set()
    for entry in entries:
        trigger = _parse_trigger(entry)
        if trigger.id in seen_ids:
            raise LexiconError(f"triggers.yaml: duplicate id {trigger.id}")
        seen_ids.add(trigger.id)
        where = f"triggers.yaml {trigger.id}"
        forms = _phrases(entry.get("forms", []), f"{where} forms") if entry.get("forms") else []
        for phrase in forms:
            _add_unique(table, phrase, trigger, where)
        generated.extend((variant, trigger) for phrase in forms for variant in definite_forms(phrase))
        for verb in _phrases(entry.get("verbs", []), f"{where} verbs") if entry.get("verbs") else []:
            for suffix in suffixes:
                _add_unique(table, verb + suffix, trigger, where)
        if not entry.get("forms") and not entry.get("verbs"):
            raise LexiconError(f"{where}: no forms or verbs")
    not_triggers = data.get("not_triggers")
    for phrase in _phrases(not_triggers, "triggers.yaml not_triggers") if not_triggers is not None else []:
        _add_unique(table, phrase, None, "triggers.yaml not_triggers")
    for phrase, trigger in generated:
        table.setdefault(normalize_key(phrase), (phrase, trigger))  # a listed phrase keeps its own codes
    return {phrase: trigger for phrase, trigger in table.values()}


def _parse_trigger(entry: Any) -> Trigger:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise LexiconError(f"triggers.yaml: every trigger needs an id, got {entry!r}")
    where = f"triggers.yaml {entry['id']}"
    event_type, sub_event_type = entry.get("event_type"), entry.get("sub_event_type")
    if event_type not in SUB_EVENT_TYPES or sub_event_type not in SUB_EVENT_TYPES[event_type]:
        raise LexiconError(f"{where}: unknown event/sub-event type {event_type!r}/{sub_event_type!r}")
    plover = entry.get("plover") or {}
    if not isinstance(plover.get("event"), str) or not isinstance(plover.get("mode"), str):
        raise LexiconError(f"{where}: plover needs an event and a mode")
    priority = entry.get("priority")
    if not isinstance(priority, int):
        raise LexiconError(f"{where}: priority must be an integer")
    civilian = entry.get("if_civilian_target") or {}
    if civilian:
        c_type = civilian.get("event_type", event_type)
        if c_type not in SUB_EVENT_TYPES or civilian.get("sub_event_type") not in SUB_EVENT_TYPES[c_type]:
            raise LexiconError(f"{where}: bad if_civilian_target {civilian!r}")
    armed = entry.get("if_armed_target") or {}
    if armed:
        a_type = armed.get("event_type", event_type)
        if a_type not in SUB_EVENT_TYPES or armed.get("sub_event_type") not in SUB_EVENT_TYPES[a_type]:
            raise LexiconError(f"{where}: bad if_armed_target {armed!r}")
    state = entry.get("if_state_agent") or {}
    if state and state.get("sub_event_type") not in SUB_EVENT_TYPES[event_type]:
        raise LexiconError(f"{where}: bad if_state_agent {state!r}")
    return Trigger(
        id=entry["id"],
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover_event=plover["event"],
        plover_mode=plover["mode"],
        priority=priority,
        weak=bool(entry.get("weak", False)),
        anchors=bool(entry.get("anchors", False)),
        civilian_target_event_type=civilian.get("event_type", event_type) if civilian else None,
        civilian_target_sub_event_type=civilian.get("sub_event_type"),
        state_agent_sub_event_type=state.get("sub_event_type"),
        armed_target_event_type=armed.get("event_type", event_type) if armed else None,
        armed_target_sub_event_type=armed.get("sub_event_type"),
    )


def parse_cues(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(exclusion phrase → reason, cue group → phrases) from cues.yaml content, validated."""
    exclude = data.get("exclude")
    if not isinstance(exclude, dict) or not exclude:
        raise LexiconError("cues.yaml: `exclude` must map reasons to phrase lists")
    exclusions: dict[str, tuple[str, str]] = {}
    for reason, phrases in exclude.items():
        for phrase in _phrases(phrases, f"cues.yaml exclude.{reason}"):
            _add_unique(exclusions, phrase, str(reason), f"cues.yaml exclude.{reason}")
    groups: dict[str, list[str]] = {}
    for group in CUE_GROUPS:
        groups[group] = _phrases(data.get(group), f"cues.yaml {group}")
    unknown = set(data) - {"exclude", *CUE_GROUPS}
    if unknown:
        raise LexiconError(f"cues.yaml: unknown groups {sorted(unknown)}")
    return {phrase: reason for phrase, reason in exclusions.values()}, groups


def parse_casualties(
    data: dict[str, Any],
) -> tuple[dict[str, CasualtyWord], list[str], dict[str, int], list[str]]:
    """(word → :class:`CasualtyWord`, counted nouns, bomber word → count, attacker nouns)
    from casualties.yaml."""
    words: dict[str, tuple[str, CasualtyWord]] = {}
    for entry in data.get("words") or []:
        form, kind, number = entry.get("form"), entry.get("kind"), entry.get("number")
        if not isinstance(form, str) or kind not in ("death", "injury", "both"):
            raise LexiconError(f"casualties.yaml: bad word entry {entry!r}")
        if number not in ("before", "after", "self"):
            raise LexiconError(f"casualties.yaml {form}: number must be before, after or self")
        count = entry.get("count")
        if (number == "self") != isinstance(count, int):
            raise LexiconError(f"casualties.yaml {form}: `count` is required exactly when number is self")
        reach = entry.get("reach", "noun")
        if reach not in CASUALTY_REACHES or (reach != "noun" and number != "after"):
            raise LexiconError(f"casualties.yaml {form}: reach other than noun needs number: after")
        revised, large = entry.get("revised", False), entry.get("large", False)
        if not isinstance(revised, bool) or not isinstance(large, bool):
            raise LexiconError(f"casualties.yaml {form}: revised and large must be true or false")
        if large and kind != "death":
            raise LexiconError(f"casualties.yaml {form}: only a death word can be large")
        word = CasualtyWord(kind, number, count, reach, revised, large)
        _add_unique(words, form, word, f"casualties.yaml {form}")
    if not words:
        raise LexiconError("casualties.yaml: no words")
    counted = _phrases(data.get("counted_nouns"), "casualties.yaml counted_nouns")
    bombers: dict[str, int] = {}
    for entry in data.get("bombers") or []:
        count = entry.get("count")
        if not isinstance(entry.get("form"), str) or not (count == "many" or isinstance(count, int)):
            raise LexiconError(f"casualties.yaml: bad bomber entry {entry!r}")
        bombers[entry["form"]] = MANY_BOMBERS if count == "many" else count
    attackers = _phrases(data.get("attackers"), "casualties.yaml attackers")
    return {phrase: word for phrase, word in words.values()}, counted, bombers, attackers


#: Every file the compiled lexicons depend on: the data and the code that reads and matches it.
_LEXICON_INPUTS: tuple[Path, ...] = (
    *(DATA_DIR / name for name in ("triggers.yaml", "cues.yaml", "casualties.yaml")),
    Path(__file__),
    *TEXT_SOURCES,
)


@cache
def load_lexicon() -> Lexicon:
    """The compiled lexicons: read and validated once per edit of their files (see
    :func:`~marsad.text.compiled.load_compiled`), loaded once per process."""
    return load_compiled("lexicon", _LEXICON_INPUTS, _compile_lexicon, Lexicon)


def _compile_lexicon() -> Lexicon:
    triggers = parse_triggers(_read_yaml("triggers.yaml"))
    exclusions, cue_groups = parse_cues(_read_yaml("cues.yaml"))
    casualty_words, counted, bombers, attackers = parse_casualties(_read_yaml("casualties.yaml"))
    cues = {group: PhraseMatcher(dict.fromkeys(phrases, group)) for group, phrases in cue_groups.items()}
    trigger_matcher = PhraseMatcher(triggers, article_optional=True)
    exclusion_matcher = PhraseMatcher(exclusions, article_optional=True)
    casualty_matcher = PhraseMatcher(casualty_words, article_optional=True)
    bomber_matcher = PhraseMatcher(bombers, article_optional=True)
    return Lexicon(
        triggers=trigger_matcher,
        exclusions=exclusion_matcher,
        cues=cues,
        cue_set=MatcherSet(cues),
        casualties=casualty_matcher,
        counted_nouns=frozenset(normalize_key(word) for word in counted),
        attackers=frozenset(normalize_key(word) for word in attackers),
        bombers=bomber_matcher,
        text_set=MatcherSet({"triggers": trigger_matcher, "bombers": bomber_matcher}),
        sentence_set=MatcherSet({"exclusions": exclusion_matcher, "casualties": casualty_matcher, **cues}),
        body_set=MatcherSet(
            {"casualties": casualty_matcher, "triggers": trigger_matcher, "exclusions": exclusion_matcher}
        ),
    )
