"""The actor lexicon: Arabic actor mentions → canonical conflict-actor names.

GUIDE §5 codes every side of an event with a canonical name («قوات النظام» →
``Military Forces of Syria``).  ``marsad/data/actors.yaml`` holds those names and
their Arabic wordings as analyst-editable data (its header documents the schema);
this module validates it, expands the per-country state-force templates, and
compiles every alias into one :class:`~marsad.text.PhraseMatcher`.

A mention resolves in one of three ways, tried in this order by :meth:`ActorLexicon.resolve`:

1. a *context alias* («التحالف») whose actor lists the event's country in
   ``context_countries`` (US-led coalition in Syria, Saudi-led one in Yemen);
2. the one actor the phrase denotes everywhere (``ActorMention.actor``);
3. a *generic role* («مسلحون» → ``Unidentified Armed Group ({country})``) filled
   with the event's country.

Otherwise the mention has no meaning in that country and resolves to ``None``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from marsad.text import MatcherSet, Normalized, PhraseMatcher, normalize_key
from marsad.text.compiled import TEXT_SOURCES, load_compiled

DATA_PATH = Path(__file__).resolve().parents[1] / "data" / "actors.yaml"

#: Roles a generic mention can carry (``ActorMention.generic``).
GENERIC_ROLES: frozenset[str] = frozenset(
    {"armed_group", "civilians", "protesters", "rioters", "military", "police", "pro_government"}
)
ACTOR_KINDS: frozenset[str] = frozenset({"state", "rebel", "militia", "external"})
#: Groups of ``role_cues``: words around a side that tell its part in the incident
#: (:mod:`marsad.extract.roles` documents each).
ROLE_CUE_GROUPS: frozenset[str] = frozenset(
    {
        "agent_before",
        "agent_after",
        "clause_verbs",
        "victim_before",
        "victim_after",
        "part_before",
        "source_before",
        "bystander_before",
        "bystander_after",
        "rival_after",
        "member_of",
    }
)
#: ACLED interaction codes: 1 state forces ... 8 external/other forces.
INTER_CODES = range(1, 9)

_ARTICLE = "ال"
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
_TEMPLATE_FIELDS = frozenset({"m", "f", "mp", "name"})
_NAME_FIELDS = frozenset({"country", "of_country"})
_ACTOR_KEYS = frozenset(
    {
        "name",
        "inter",
        "kind",
        "country",
        "aliases_ar",
        "aliases_en",
        "context_countries",
        "context_aliases_ar",
    }
)
_COUNTRY_KEYS = frozenset({"name", "iso2", "of_name", "name_ar", "m", "f", "mp"})
_ROLE_KEYS = frozenset({"name", "inter", "kind", "aliases_ar"})


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor.  ``context_countries`` are the event countries in which
    the actor's ambiguous (context) aliases denote it."""

    name: str
    inter: int
    country: str | None
    kind: str
    context_countries: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One actor phrase in a text; offsets index the original string.

    ``actor`` is the actor the phrase denotes wherever it occurs (None for a
    generic or context-only phrase); ``generic`` the role of a generic phrase;
    ``candidates`` every actor the phrase can denote (``actor`` first, then the
    context-dependent ones).  :meth:`ActorLexicon.resolve` picks among them.
    """

    start: int
    end: int
    text: str
    actor: Actor | None
    generic: str | None
    candidates: tuple[Actor, ...]


@dataclass(frozen=True, slots=True)
class _Sense:
    """What one normalised alias can mean (the matcher's value)."""

    actor: Actor | None
    generic: str | None
    candidates: tuple[Actor, ...]


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    iso2: str
    of_name: str
    names_ar: tuple[str, ...]
    forms: Mapping[str, tuple[str, ...]]  # template field (m, f, mp, name) → Arabic forms


@dataclass(slots=True)
class _RawActor:
    """An actor entry while the lexicon is assembled (before alias checks)."""

    actor: Actor
    aliases: list[str]
    context_aliases: list[str]


class ActorLexicon:
    """Actors, countries and generic roles, with every alias compiled once."""

    def __init__(
        self,
        actors: Mapping[str, Actor],
        senses: Mapping[str, _Sense | None],
        generic_names: Mapping[str, str],
        countries: Iterable[_Country],
        name_patterns: Iterable[tuple[str, int]],
        role_cues: Mapping[str, PhraseMatcher[str]] | None = None,
    ) -> None:
        self._actors = dict(actors)
        empty: PhraseMatcher[str] = PhraseMatcher({})
        #: Role cue group → matcher (every group of ROLE_CUE_GROUPS, empty when not given).
        self.role_cues: dict[str, PhraseMatcher[str]] = {
            group: (role_cues or {}).get(group, empty) for group in ROLE_CUE_GROUPS
        }
        #: The same, searched in one pass: every side's sentence is read for all of them.
        self.role_cue_set: MatcherSet[str, str] = MatcherSet(self.role_cues)
        self._generic_names = dict(generic_names)
        self._countries = {country.name: country for country in countries}
        # None values are not_actors phrases: matched (so they beat shorter aliases) then dropped.
        self._matcher: PhraseMatcher[_Sense | None] = PhraseMatcher(senses)
        self._by_lower_name: dict[str, Actor] = {}
        for actor in self._actors.values():
            for label in (actor.name, *actor.aliases_en):
                self._by_lower_name.setdefault(label.casefold(), actor)
        self._pattern_inters = [(_name_pattern_regex(pattern), inter) for pattern, inter in name_patterns]
        self._nisba_country: dict[str, str] = {}
        for country in self._countries.values():
            for form in (
                *country.forms.get("m", ()),
                *country.forms.get("f", ()),
                *country.forms.get("mp", ()),
            ):
                self._nisba_country[normalize_key(form)] = country.name

    @property
    def actors(self) -> Mapping[str, Actor]:
        """Every actor by canonical name, generated state forces included."""
        return self._actors

    def get(self, name: str) -> Actor | None:
        """The actor with this canonical name or English alias (case-insensitive)."""
        return self._actors.get(name) or self._by_lower_name.get(name.casefold())

    def find(self, text: str | Normalized) -> list[ActorMention]:
        """Every actor mention in ``text``, in text order, longest phrase winning overlaps."""
        mentions = []
        for match in self._matcher.find(text):
            sense = match.value
            if sense is None:
                continue
            mentions.append(
                ActorMention(match.start, match.end, match.text, sense.actor, sense.generic, sense.candidates)
            )
        return mentions

    def resolve(self, mention: ActorMention, country: str | None) -> str | None:
        """The canonical name ``mention`` denotes in an event located in ``country``.

        None when the phrase means nothing there: a context-only alias outside
        its countries, or a generic phrase with no country to fill in.
        """
        for actor in mention.candidates:
            if actor is not mention.actor and country in actor.context_countries:
                return actor.name
        if mention.actor is not None:
            return mention.actor.name
        if mention.generic is not None and country:
            return self.generic_name(mention.generic, country)
        return None

    def is_generic(self, mention: ActorMention, name: str) -> bool:
        """Whether ``name`` (what ``mention`` resolved to) comes from a generic word
        («مسلحون», «جنود») rather than from a named actor."""
        return (
            mention.actor is None
            and mention.generic is not None
            and (not any(name == actor.name for actor in mention.candidates))
        )

    def generic_name(self, role: str, country: str) -> str:
        """The pattern name of ``role`` for ``country``: ``Civilians (Iraq)``,
        ``Military Forces of the United States``."""
        known = self._countries.get(country)
        return self._generic_names[role].format(
            country=country, of_country=known.of_name if known else country
        )

    def inter_code(self, name: str) -> int | None:
        """ACLED inter code of a canonical or pattern name; None when unknown."""
        actor = self._actors.get(name)
        if actor is not None:
            return actor.inter
        for regex, inter in self._pattern_inters:
            if regex.fullmatch(name):
                return inter
        return None

    def country_of_nisba(self, word: str) -> str | None:
        """The country of a nisba adjective: «السورية» → ``Syria``, «أتراك» → ``Turkey``."""
        key = normalize_key(word)
        country = self._nisba_country.get(key)
        if country is None and key.startswith(_ARTICLE):
            country = self._nisba_country.get(key[len(_ARTICLE) :])
        return country

    def country_names_ar(self) -> dict[str, str]:
        """Arabic country names → English short names («العراق» → ``Iraq``)."""
        return {name_ar: country.name for country in self._countries.values() for name_ar in country.names_ar}


@cache
def load_actors(path: str | Path | None = None) -> ActorLexicon:
    """Load, validate and compile the actor lexicon (cached per path).

    The shipped lexicon is compiled once per edit of it or of its code and then
    unpickled (:func:`~marsad.text.compiled.load_compiled`): compiling costs more
    than loading, in every worker.  Raises ``ValueError`` naming the offending
    entry when the file is invalid.
    """
    if path is None:
        inputs = (DATA_PATH, Path(__file__), *TEXT_SOURCES)
        return load_compiled("actors", inputs, lambda: _read(DATA_PATH), ActorLexicon)
    return _read(Path(path))


def _read(source: Path) -> ActorLexicon:
    with source.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _build(data, source.name)


def _build(data: Any, label: str) -> ActorLexicon:
    if not isinstance(data, dict):
        raise ValueError(f"{label}: expected a mapping of sections")
    unknown = set(data) - {
        "countries",
        "state_force_templates",
        "actors",
        "generic",
        "not_actors",
        "role_cues",
    }
    if unknown:
        raise ValueError(f"{label}: unknown sections {sorted(unknown)}")
    countries = [_parse_country(entry, label) for entry in _list(data, "countries", label)]
    country_names = {country.name for country in countries}
    if len(country_names) != len(countries):
        raise ValueError(f"{label}: a country is listed twice")
    blocked = {
        normalize_key(_text(phrase, f"{label}: not_actors")) for phrase in data.get("not_actors") or []
    }

    raw: dict[str, _RawActor] = {}
    # Every pattern name ("Civilians ({country})", "Military Forces of {of_country}")
    # with its inter code, so inter_code() knows names built for any country.
    name_patterns: list[tuple[str, int]] = []
    templates = data.get("state_force_templates") or {}
    if not isinstance(templates, dict):
        raise ValueError(f"{label}: state_force_templates must be a mapping of roles")
    for role, template in templates.items():
        where = f"{label}: state_force_templates.{role}"
        name_pattern, inter, kind, patterns = _parse_role(template, where, needs_kind=True)
        name_patterns.append((name_pattern, inter))
        for country in countries:
            name = name_pattern.format(country=country.name, of_country=country.of_name)
            aliases = [a for a in _expand(patterns, country, where) if normalize_key(a) not in blocked]
            if name in raw:
                raw[name].aliases.extend(aliases)
            else:
                raw[name] = _RawActor(Actor(name, inter, country.name, kind), aliases, [])

    seen_entries: set[str] = set()
    for index, entry in enumerate(_list(data, "actors", label)):
        parsed = _parse_actor(entry, f"{label}: actors[{index}]", country_names)
        if parsed.actor.name in seen_entries:
            raise ValueError(f"{label}: actor {parsed.actor.name!r} is listed twice")
        seen_entries.add(parsed.actor.name)
        generated = raw.get(parsed.actor.name)
        if generated is not None:
            parsed.aliases[:0] = generated.aliases
        raw[parsed.actor.name] = parsed

    generic = data.get("generic") or {}
    if not isinstance(generic, dict) or set(generic) - GENERIC_ROLES:
        raise ValueError(f"{label}: generic must map roles among {sorted(GENERIC_ROLES)}")
    generic_names: dict[str, str] = {}
    generic_aliases: dict[str, list[str]] = {}
    for role, spec in generic.items():
        name_pattern, inter, _, aliases = _parse_role(spec, f"{label}: generic.{role}", needs_kind=False)
        generic_names[role], generic_aliases[role] = name_pattern, aliases
        name_patterns.append((name_pattern, inter))

    senses = _senses(raw, generic_aliases, blocked, label)
    actors = {name: entry.actor for name, entry in raw.items()}
    role_cues = _parse_role_cues(data.get("role_cues") or {}, f"{label}: role_cues")
    return ActorLexicon(actors, senses, generic_names, countries, name_patterns, role_cues)


def _parse_role_cues(spec: Any, where: str) -> dict[str, PhraseMatcher[str]]:
    """Each role cue group (a list of phrases) compiled into a matcher valued by the group name."""
    if not isinstance(spec, dict) or set(spec) - ROLE_CUE_GROUPS:
        raise ValueError(f"{where}: must map groups among {sorted(ROLE_CUE_GROUPS)}")
    return {
        group: PhraseMatcher(dict.fromkeys(_texts(phrases, f"{where}.{group}", required=True), group))
        for group, phrases in spec.items()
    }


def _senses(
    raw: Mapping[str, _RawActor],
    generic_aliases: Mapping[str, list[str]],
    blocked: set[str],
    label: str,
) -> dict[str, _Sense | None]:
    """Merge every alias into one sense per normalised key, rejecting ambiguity."""
    plain: dict[str, Actor] = {}
    contextual: dict[str, list[Actor]] = {}
    roles: dict[str, str] = {}

    def reject(alias: str, problem: str) -> None:
        raise ValueError(f"{label}: alias «{alias}» {problem}")

    for entry in raw.values():
        actor = entry.actor
        keys = {normalize_key(alias): alias for alias in entry.aliases}
        for key, alias in keys.items():
            other = plain.get(key)
            if other is not None and other is not actor:
                reject(alias, f"is in aliases_ar of both {other.name!r} and {actor.name!r}")
            plain[key] = actor
        for alias in entry.context_aliases:
            key = normalize_key(alias)
            if key in keys:
                reject(alias, f"of {actor.name!r} is both in aliases_ar and context_aliases_ar")
            rivals = contextual.setdefault(key, [])
            for rival in rivals:
                shared = set(rival.context_countries) & set(actor.context_countries)
                if shared and rival is not actor:
                    reject(alias, f"means both {rival.name!r} and {actor.name!r} in {sorted(shared)}")
            if actor not in rivals:
                rivals.append(actor)
    for role, aliases in generic_aliases.items():
        for alias in aliases:
            key = normalize_key(alias)
            if key in plain:
                reject(alias, f"is both generic {role!r} and in aliases_ar of {plain[key].name!r}")
            if roles.get(key, role) != role:
                reject(alias, f"is in two generic roles: {roles[key]!r} and {role!r}")
            roles[key] = role
    for key in blocked & (plain.keys() | contextual.keys() | roles.keys()):
        reject(key, "is both an alias and in not_actors")

    senses: dict[str, _Sense | None] = dict.fromkeys(blocked)
    for key in plain.keys() | contextual.keys() | roles.keys():
        actor = plain.get(key)
        candidates = ((actor,) if actor else ()) + tuple(contextual.get(key, ()))
        senses[key] = _Sense(actor, roles.get(key), candidates)
    return senses


def _parse_country(entry: Any, label: str) -> _Country:
    where = f"{label}: countries entry {entry.get('name') if isinstance(entry, dict) else entry!r}"
    _check_keys(entry, _COUNTRY_KEYS, {"name", "iso2", "name_ar"}, where)
    name = _text(entry["name"], where)
    iso2 = _text(entry["iso2"], where)
    if not re.fullmatch(r"[A-Z]{2}", iso2):
        raise ValueError(f"{where}: iso2 must be two capital letters, got {iso2!r}")
    names_ar = _texts(entry["name_ar"], f"{where}: name_ar", required=True)
    masculine = _texts(entry.get("m"), f"{where}: m")
    # Sound masculine plurals are regular («سوريين», «سوريون»); only broken ones are listed.
    plurals = [
        *_texts(entry.get("mp"), f"{where}: mp"),
        *(m + suffix for m in masculine for suffix in ("ين", "ون")),
    ]
    forms = {
        "m": tuple(masculine),
        "f": tuple(_texts(entry.get("f"), f"{where}: f")),
        "mp": tuple(dict.fromkeys(plurals)),
        "name": tuple(names_ar),
    }
    of_name = _text(entry.get("of_name", name), where)
    return _Country(name, iso2, of_name, tuple(names_ar), forms)


def _parse_role(spec: Any, where: str, *, needs_kind: bool) -> tuple[str, int, str, list[str]]:
    """name pattern, inter, kind and aliases of a template or generic role."""
    _check_keys(
        spec, _ROLE_KEYS, {"name", "inter", "aliases_ar"} | ({"kind"} if needs_kind else set()), where
    )
    name = _text(spec["name"], where)
    fields = set(_PLACEHOLDER_RE.findall(name))
    if not fields or fields - _NAME_FIELDS:
        raise ValueError(f"{where}: name must use {{country}} or {{of_country}}, got {name!r}")
    kind = spec.get("kind", "")
    if needs_kind and kind not in ACTOR_KINDS:
        raise ValueError(f"{where}: kind must be one of {sorted(ACTOR_KINDS)}, got {kind!r}")
    return (
        name,
        _inter(spec["inter"], where),
        kind,
        _texts(spec["aliases_ar"], f"{where}: aliases_ar", required=True),
    )


def _parse_actor(entry: Any, where: str, country_names: set[str]) -> _RawActor:
    if isinstance(entry, dict) and isinstance(entry.get("name"), str):
        where = f"{where} {entry['name']!r}"
    _check_keys(entry, _ACTOR_KEYS, {"name", "inter", "kind"}, where)
    name = _text(entry["name"], where)
    kind = entry["kind"]
    if kind not in ACTOR_KINDS:
        raise ValueError(f"{where}: kind must be one of {sorted(ACTOR_KINDS)}, got {kind!r}")
    country = entry.get("country")
    if country is not None and country not in country_names:
        raise ValueError(f"{where}: country {country!r} is not in the countries section")
    aliases = _texts(entry.get("aliases_ar"), f"{where}: aliases_ar")
    context_aliases = _texts(entry.get("context_aliases_ar"), f"{where}: context_aliases_ar")
    context = _texts(entry.get("context_countries"), f"{where}: context_countries")
    if bool(context) != bool(context_aliases):
        raise ValueError(f"{where}: context_countries and context_aliases_ar go together")
    unknown = set(context) - country_names
    if unknown:
        raise ValueError(f"{where}: context_countries {sorted(unknown)} are not in the countries section")
    if not aliases and not context_aliases:
        raise ValueError(f"{where}: has no aliases")
    actor = Actor(
        name,
        _inter(entry["inter"], where),
        country,
        kind,
        tuple(context),
        tuple(_texts(entry.get("aliases_en"), f"{where}: aliases_en")),
    )
    return _RawActor(actor, aliases, context_aliases)


def _expand(patterns: list[str], country: _Country, where: str) -> list[str]:
    """Every alias the templates give ``country``; a pattern whose form the country
    lacks (South Sudan has no nisba) is skipped."""
    aliases: list[str] = []
    for pattern in patterns:
        fields = list(dict.fromkeys(_PLACEHOLDER_RE.findall(pattern)))
        if set(fields) - _TEMPLATE_FIELDS:
            raise ValueError(f"{where}: pattern {pattern!r} uses fields outside {sorted(_TEMPLATE_FIELDS)}")
        choices = [country.forms[f] for f in fields]
        for combination in itertools.product(*choices):
            aliases.append(pattern.format(**dict(zip(fields, combination, strict=True))))
    return aliases


def _name_pattern_regex(pattern: str) -> re.Pattern[str]:
    """Regex that matches every name ``pattern`` can produce."""
    parts = _PLACEHOLDER_RE.split(pattern)
    # re.split with one group alternates literal text and field names.
    return re.compile("".join(re.escape(p) if i % 2 == 0 else ".+" for i, p in enumerate(parts)))


def _check_keys(entry: Any, allowed: frozenset[str], required: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping, got {entry!r}")
    missing = required - entry.keys()
    if missing:
        raise ValueError(f"{where}: missing {sorted(missing)}")
    unknown = entry.keys() - allowed
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")


def _inter(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in INTER_CODES:
        raise ValueError(f"{where}: inter must be an integer 1..8, got {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _texts(value: Any, where: str, *, required: bool = False) -> list[str]:
    if value is None:
        value = []
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list, got {value!r}")
    if required and not value:
        raise ValueError(f"{where}: must not be empty")
    return [_text(item, where) for item in value]


def _list(data: Mapping[str, Any], section: str, label: str) -> list[Any]:
    value = data.get(section)
    if not isinstance(value, list) or not value:
        raise ValueError(f"{label}: section {section!r} must be a non-empty list")
    return value
