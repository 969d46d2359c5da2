"""The offline gazetteer: find place names in Arabic text and resolve them to :class:`Place`.

:meth:`Gazetteer.load` reads the shipped ``marsad/data/gazetteer.tsv.gz`` (or
``$MARSAD_GAZETTEER``, e.g. a village-level build from full GeoNames dumps) and
keeps what it built — places, lookup index and the Aho-Corasick automaton — in a
pickle under ``$MARSAD_CACHE_DIR`` (default ``~/.cache/marsad``) keyed by the hash
of the file, the stoplist and the code that builds and matches the state (this
module and ``marsad/text``), so every later process loads in a fraction of a
second and a stale cache can never load.

:meth:`Gazetteer.find` is one automaton pass over a sentence (through
:class:`marsad.text.PhraseMatcher`, which allows attached prepositions such as
«بدير الزور»), then a look at the few words before each hit for a cue
(«في»، «بمدينة»، «ريف»، «قرب»…).  Names that are also common words (the
stoplist) count only after a strong cue such as «مدينة» or «قرية».
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import ClassVar

from marsad.geo.tables import data_dir
from marsad.model import Place
from marsad.text import Normalized, PhraseMatcher, normalize, normalize_key
from marsad.text.compiled import compiled_path, load_compiled

#: Bump when the cached structure changes, so stale caches are rebuilt.
_CACHE_FORMAT = 4

_KIND_ORDER = {"country": 0, "admin1": 1, "region": 2, "place": 3}

#: Cue words (lexicon key form) → cue class.  "town": the place itself is meant;
#: "admin": a province/state is meant; "area": a neutral strong cue; "near": the
#: event is around the place (ACLED geo_precision 2); "countryside": «ريف X» is the
#: province around X, not the city; "in": a weak «في».
_CUES: dict[str, str] = {
    "في": "in",
    "مدينه": "town", "المدينه": "town", "مدينتي": "town", "بلده": "town", "بلدتي": "town",
    "قريه": "town", "قريتي": "town", "حي": "town", "مخيم": "town", "بلديه": "town",
    "منطقه": "area", "ناحيه": "area", "قضاء": "area", "مديريه": "area", "مركز": "area",
    "مدن": "town", "بلدات": "town", "قري": "town", "احياء": "town", "حيي": "town", "مخيمات": "town",
    "مناطق": "area", "منطقتي": "area", "مديريات": "area", "مديريتي": "area", "نواحي": "area",
    "ناحيتي": "area", "اقضيه": "area",
    "محافظه": "admin", "ولايه": "admin", "اقليم": "admin", "مقاطعه": "admin",
    "ريف": "countryside", "ارياف": "countryside", "الريف الشمالي": "countryside",
    "الريف الجنوبي": "countryside", "الريف الشرقي": "countryside", "الريف الغربي": "countryside",
    "شرقي": "near", "غربي": "near", "شمالي": "near", "جنوبي": "near",
    "شرق": "near", "غرب": "near", "شمال": "near", "جنوب": "near", "قرب": "near",
    "بالقرب من": "near", "اطراف": "near", "محيط": "near", "ضواحي": "near", "مشارف": "near",
    "قرابه": "near", "مداخل": "near", "بين": "near",
}  # fmt: skip
_STRONG_CUES = frozenset({"town", "area", "admin"})
#: Cue classes that a name right after «و» shares («بريف حلب وإدلب», «بين قريتي X وY»).
_AREA_CUES = frozenset({"near", "countryside"})
#: Plural and dual cue words: every name of the list they open shares them
#: («مديريات المنصورية وبيت الفقيه وزبيد», «قريتي X وY»), even one that is also a common word.
_LIST_CUE_WORDS = frozenset(
    {"مدن", "بلدات", "بلدتي", "قري", "قريتي", "مدينتي", "احياء", "حيي", "مخيمات", "مناطق", "منطقتي",
     "مديريات", "مديريتي", "نواحي", "ناحيتي", "اقضيه"}
)  # fmt: skip
#: Words that make the next name part of a person's name («أبو محمد»، «ابن علي»).
_PERSON_PREFIXES = frozenset({"ابو", "ابن", "بن", "بنت", "ام", "عبد", "ال"})
_WORD_RE = re.compile(r"\S+")
#: How far before a mention to look for its cue (characters of original text).
_CUE_WINDOW = 40
#: A compass point right after a name, before the country it locates the name in
#: («بشمال», «(جنوب شرقي», «، في غرب»).
_LOCATOR_RE = re.compile(
    r"\s*[(،,]?\s*(?:في\s+|ب)?(?:ال)?(?:شمال|جنوب|شرق|غرب|وسط)(?:ي)?(?:\s+(?:ال)?(?:شرق|غرب)(?:ي)?)?\s+"
)

_SUN_ARTICLES = frozenset({"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"})
_LATIN_JUNK_RE = re.compile(r"[^a-z0-9 ]+")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in a text (offsets into the ORIGINAL text).

    ``text`` is the matched word(s) including any attached preposition
    («بدير الزور»); ``surface`` the name alone («دير الزور»), which is what
    ``location_ar`` records.  ``candidates`` are the gazetteer entries of that
    name, most likely first; ``cue`` the word before it that says what kind of
    place is meant («مدينة»، «ريف»، «قرب»…), ``precision_hint`` the ACLED
    ``geo_precision`` that the mention suggests (1 the place itself, 2 near it
    or a small area, 3 a region or wider).
    """

    start: int
    end: int
    text: str
    surface: str
    candidates: list[Place]
    cue: str | None
    precision_hint: int
    cue_class: str | None = None
    surface_start: int = 0


#: Field separator and missing-value mark of :class:`_Places` rows (neither occurs in a TSV field).
_FIELD_SEP = "\t"
_NONE = "\x00"


class _Places:
    """The gazetteer's places, each built on first access from a packed text row.

    Unpickling ~22,000 :class:`Place` objects (~90,000 strings) was a third of
    start-up, and an article touches a few dozen places; one string and an offset
    array unpickle at once.  A place, once built, is the same object on every access.
    """

    __slots__ = ("_built", "_offsets", "_rows")

    def __init__(self, rows: str, offsets: array[int]) -> None:
        self._rows = rows  # one line per place, fields separated by _FIELD_SEP
        self._offsets = offsets  # start of each line in ``rows``, then len(rows)
        self._built: list[Place | None] = [None] * (len(offsets) - 1)

    @classmethod
    def pack(cls, places: list[Place]) -> _Places:
        lines = [_FIELD_SEP.join(_NONE if v is None else str(v) for v in _fields(p)) + "\n" for p in places]
        return cls("".join(lines), array("I", [0, *accumulate(map(len, lines))]))

    def __getstate__(self) -> tuple[str, array[int]]:
        return self._rows, self._offsets

    def __setstate__(self, state: tuple[str, array[int]]) -> None:
        self._rows, self._offsets = state
        self._built = [None] * (len(self._offsets) - 1)

    def __len__(self) -> int:
        return len(self._built)

    def __getitem__(self, index: int) -> Place:
        place = self._built[index]
        if place is None:
            place = self._built[index] = self._unpack(index)
        return place

    def _unpack(self, index: int) -> Place:
        line = self._rows[self._offsets[index] : self._offsets[index + 1] - 1]
        fields = line.split(_FIELD_SEP)
        name, name_ar, country, code, admin1, lat, lon, kind, population, geonameid, iso = fields
        return Place(
            name=name,
            name_ar=name_ar,
            country=country,
            country_code=code,
            admin1=None if admin1 == _NONE else admin1,
            latitude=None if lat == _NONE else float(lat),
            longitude=None if lon == _NONE else float(lon),
            kind=kind,  # type: ignore[arg-type]  # packed from a Place
            population=int(population),
            geonameid=None if geonameid == _NONE else int(geonameid),
            admin1_code=None if iso == _NONE else iso,
        )


def _fields(place: Place) -> tuple[object, ...]:
    """A place's fields in :meth:`_Places._unpack` order (floats as repr, which round-trips)."""
    return (
        place.name,
        place.name_ar,
        place.country,
        place.country_code,
        place.admin1,
        None if place.latitude is None else repr(place.latitude),
        None if place.longitude is None else repr(place.longitude),
        place.kind,
        place.population,
        place.geonameid,
        place.admin1_code,
    )


@dataclass(slots=True)
class _State:
    """Everything :meth:`Gazetteer.load` builds, pickled as one object."""

    places: _Places
    matcher: PhraseMatcher[tuple[tuple[int, ...], bool]]
    # name → place indices, pickled on its own: only :meth:`Gazetteer.lookup` reads it,
    # so a process that only extracts never pays for unpickling 70,000 keys.
    lookup_pickle: bytes
    admin_index: dict[tuple[str, str], int]
    country_index: dict[str, int]
    country_names: dict[str, str]
    namesakes: frozenset[int] = field(default_factory=frozenset)  # places named like their admin1


class Gazetteer:
    """Places, admin units, regions and countries, searchable in Arabic and English."""

    _loaded: ClassVar[dict[Path, Gazetteer]] = {}

    def __init__(self, state: _State) -> None:
        self._state = state
        self._lookup_index: dict[str, tuple[int, ...]] | None = None
        # Place indices of a name → its places, and country → code: the same recur all day.
        self._candidates_of: dict[tuple[int, ...], tuple[Place, ...]] = {}
        self._country_codes: dict[str, str | None] = {}

    # ---- loading -------------------------------------------------------------------

    @classmethod
    def default_path(cls) -> Path:
        configured = os.environ.get("MARSAD_GAZETTEER")
        return Path(configured) if configured else data_dir() / "gazetteer.tsv.gz"

    @classmethod
    def load(cls, path: Path | str | None = None, *, use_cache: bool = True) -> Gazetteer:
        """The gazetteer of ``path`` (default: the shipped one), built once per process."""
        resolved = Path(path) if path else cls.default_path()
        if resolved not in cls._loaded:
            cls._loaded[resolved] = cls(_load_state(resolved, use_cache))
        return cls._loaded[resolved]

    # ---- queries -------------------------------------------------------------------

    @property
    def places(self) -> list[Place]:
        return [self._state.places[i] for i in range(len(self._state.places))]

    def find(self, text: str | Normalized) -> list[PlaceMention]:
        """Every place mention in ``text``, in order (see :class:`PlaceMention`)."""
        norm = text if isinstance(text, Normalized) else normalize(text)
        original = norm.original
        mentions: list[PlaceMention] = []
        previous_cue: tuple[str, str] | None = None
        previous_end = -1
        candidates_of = self._candidates_of
        for match in self._state.matcher.find(norm):
            indices, guarded = match.value
            prefix_start = match.prefix_start
            attached = original[prefix_start : match.start]
            # A cue stands right before its name («محافظة إب»); a guarded name glued to a
            # proclitic other than a list's «و» is a word's own letters: «منطقتي باب موسى» is
            # «باب», not «ب» + «إب».
            if guarded and attached and normalize_key(attached) not in ("", "و"):
                continue
            before = original[max(0, prefix_start - _CUE_WINDOW) : prefix_start]
            words = before.split()  # what _WORD_RE finds (same whitespace), 3x faster per hit
            if words and _word_cue(words[-1])[2]:
                continue  # «أبو محمد»: a person's name
            cue = _cue_of(words)
            # «بين قريتي X وY»: Y shares X's cue; so does every name of a list a plural opens.
            if (
                cue is None
                and previous_cue
                and _shares_cue(previous_cue, original[previous_end:prefix_start].strip())
            ):
                cue = previous_cue
            if cue is None and attached and attached[-1] in "بف" and normalize_key(attached).endswith("ب"):
                cue = (attached, "in")
            cue_class = cue[1] if cue else None
            if (
                guarded
                and cue_class not in _STRONG_CUES
                and not self._located_in_its_country(original, match.end, indices)
            ):
                continue
            candidates = candidates_of.get(indices)
            if candidates is None:
                candidates = candidates_of[indices] = tuple(self._state.places[i] for i in indices)
            top = candidates[0]
            hint = 3 if top.kind != "place" else 2 if cue_class == "near" else 1
            mentions.append(
                PlaceMention(
                    prefix_start,
                    match.end,
                    original[prefix_start : match.end],
                    match.text,
                    list(candidates),
                    cue[0] if cue else None,
                    hint,
                    cue_class,
                    match.start,
                )
            )
            previous_cue, previous_end = cue, match.end
        return mentions

    def _located_in_its_country(self, text: str, end: int, indices: tuple[int, ...]) -> bool:
        """Whether the words after a name say where in its own country it lies («في مروة
        بشمال الكاميرون», «صولي شمال بوركينا فاسو»): then a name that is also a common
        word is the place, as after «مدينة»."""
        locator = _LOCATOR_RE.match(text, end)
        if locator is None:
            return False
        words = _WORD_RE.findall(text, locator.end(), locator.end() + _CUE_WINDOW)[:3]
        named = {
            self._state.country_index.get(place_key(" ".join(words[:count]).rstrip("،,.)")))
            for count in range(1, len(words) + 1)
        }
        codes = {self._state.places[i].country_code for i in named if i is not None}
        return any(self._state.places[i].country_code in codes for i in indices)

    def resolve(
        self, mention: PlaceMention, country: str | None = None, admin1: str | None = None
    ) -> Place | None:
        """The place a mention most likely means, given the article's/event's country.

        Order: candidates in ``country`` (code or English name), then in
        ``admin1``; a town cue prefers towns and an admin cue provinces; a name
        that is a country is the country; a town named like its province is the
        town; otherwise provinces and regions before small places, then population.
        """
        return self._best(mention.candidates, country, admin1, mention.cue_class)

    def lookup(self, name: str, country: str | None = None, admin1: str | None = None) -> Place | None:
        """The place called ``name`` (Arabic or English, any spelling the gazetteer knows)."""
        if self._lookup_index is None:
            self._lookup_index = pickle.loads(self._state.lookup_pickle)
        key = place_key(name)
        indices = self._lookup_index.get(key)
        if indices is None and not name.isascii():
            stripped = place_key(_strip_proclitic(normalize_key(name)))
            indices = self._lookup_index.get(stripped)
        if not indices:
            return None
        return self._best([self._state.places[i] for i in indices], country, admin1, None)

    def country_names(self) -> dict[str, str]:
        """Arabic country name forms (as written in the tables/CLDR) → English short name."""
        return dict(self._state.country_names)

    def country(self, code_or_name: str) -> Place | None:
        index = self._state.country_index.get(code_or_name.upper()) or self._state.country_index.get(
            place_key(code_or_name)
        )
        return self._state.places[index] if index is not None else None

    def admin1_of(self, place: Place) -> Place | None:
        """The first-level unit holding ``place`` (itself for an admin unit; None for a country)."""
        if place.admin1 is None:
            return None
        index = self._state.admin_index.get((place.country_code, place.admin1))
        return self._state.places[index] if index is not None else None

    # ---- ranking -------------------------------------------------------------------

    def _best(
        self, candidates: list[Place], country: str | None, admin1: str | None, cue_class: str | None
    ) -> Place | None:
        if not candidates:
            return None
        wanted_code = self._country_code(country) if country else None
        admin_names = {p.admin1 for p in candidates if p.kind == "admin1"}

        def score(place: Place) -> tuple[int, int, float, int]:
            in_country = int(wanted_code is not None and place.country_code == wanted_code)
            in_admin = int(admin1 is not None and place.admin1 == admin1)
            if place.kind == "country":
                preference = 4.0
            elif place.kind == "place":
                namesake = place.admin1 in admin_names and place.geonameid in self._state.namesakes
                preference = 3.5 if namesake else 2.0
            else:
                preference = 3.0
            if (cue_class, place.kind) in (("town", "place"), ("admin", "admin1"), ("countryside", "admin1")):
                preference += 3
            return (in_country, in_admin, preference, place.population)

        return max(candidates, key=score)

    def _country_code(self, country: str) -> str | None:
        code = self._country_codes.get(country, _UNKNOWN)
        if code is _UNKNOWN:
            place = self.country(country)
            code = self._country_codes[country] = place.country_code if place else None
        return code  # type: ignore[return-value]  # not _UNKNOWN any more


def place_key(name: str) -> str:
    """Lookup key: spelling-blind (hamza, ta marbuta, spaces, the article «ال»/«al-»)."""
    if name.isascii():
        words = _LATIN_JUNK_RE.sub(" ", name.lower().replace("-", " ").replace("'", "")).split()
        if len(words) > 1 and words[0] in _SUN_ARTICLES:
            words = words[1:]
        return "".join(words)
    key = normalize_key(name).replace(" ", "")
    if key.startswith("ال") and len(key) > 4:
        key = key[2:]
    if key.endswith("اء"):
        key = key[:-1]  # «السويداء» is often written «السويدا»
    return key


@lru_cache(maxsize=1 << 14)  # called on the words before every place hit; the same few recur
def _strip_proclitic(word: str) -> str:
    """«بمدينه» → «مدينه», «وفي» → «في»: remove attached conjunction/preposition."""
    for prefix in ("وبال", "فبال", "وال", "بال", "لل", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def _shares_cue(previous_cue: tuple[str, str], glued: str) -> bool:
    """Whether a name joined to the previous one by ``glued`` («و», «،») takes its cue."""
    if previous_cue[1] in _AREA_CUES and glued in ("", "و"):
        return True
    return _opens_list(previous_cue[0]) and glued in ("", "و", "،", ",")


def _opens_list(cue_words: str) -> bool:
    """Whether a cue («مديريات», «بمدينتي», «قرب قرى») is a plural or dual that a list shares."""
    last = cue_words.split()[-1] if cue_words.split() else ""
    key = normalize_key(last)
    return key in _LIST_CUE_WORDS or _strip_proclitic(key) in _LIST_CUE_WORDS


def _cue_class(word_key: str) -> str | None:
    return _CUES.get(word_key) or _CUES.get(_strip_proclitic(word_key))


#: Past this many remembered words the memo of :func:`_word_cue` starts afresh.
_WORD_CUES_SIZE = 1 << 16
_word_cues: dict[str, tuple[str, str | None, bool]] = {}
#: The last words of the two-word cues: a pair of words ending otherwise is no cue.
_PAIR_CUE_ENDINGS = frozenset(key.split()[-1] for key in _CUES if " " in key)
_UNKNOWN = object()


def _word_cue(word: str) -> tuple[str, str | None, bool]:
    """A word before a name read once: its key, its cue class, and whether it opens a
    person's name («أبو», «بن»)."""
    read = _word_cues.get(word)
    if read is None:
        if len(_word_cues) >= _WORD_CUES_SIZE:
            _word_cues.clear()
        key = normalize_key(word)
        read = _word_cues[word] = (key, _cue_class(key), _strip_proclitic(key) in _PERSON_PREFIXES)
    return read


def _cue_of(words: list[str]) -> tuple[str, str] | None:
    """The cue right before a mention: one word («بمدينة»), two («بالقرب من»), or a
    «near» word before a town word («قرب مدينة»، «بين قريتي»), which makes it «near»."""
    if not words:
        return None
    last, last_class, _ = _word_cue(words[-1])
    # A proclitic stripped from the pair leaves its last word: only a cue's can end it.
    if len(words) >= 2 and last in _PAIR_CUE_ENDINGS:
        pair = normalize_key(words[-2]) + " " + last
        pair_class = _CUES.get(pair) or _CUES.get(_strip_proclitic(pair))
        if pair_class:
            return " ".join(words[-2:]), pair_class
    if last_class is None:
        return None
    if last_class in _STRONG_CUES and len(words) >= 2 and _word_cue(words[-2])[1] == "near":
        return " ".join(words[-2:]), "near"
    return words[-1], last_class


# ---- building the in-memory state -------------------------------------------------


#: Source files whose code shapes the pickled state: this module (the build) and the
#: text layer (normalisation and the phrase automaton inside the matcher).
_STATE_SOURCES: tuple[Path, ...] = (
    Path(__file__),
    *sorted((Path(__file__).resolve().parents[1] / "text").glob("*.py")),
)


def _state_inputs(path: Path) -> list[Path]:
    """Every input of the cached state: the gazetteer, the stoplist and the code that
    builds and matches it, so an edited matcher can never load a stale pickle."""
    return [path, data_dir() / "place_stoplist.tsv", *_STATE_SOURCES]


def _cache_name(path: Path) -> str:
    """The cache name of one gazetteer file (its location), whatever its contents."""
    where = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]
    return f"gazetteer-{_CACHE_FORMAT}-{where}"


def cache_path(path: Path) -> Path:
    return compiled_path(_cache_name(path), _state_inputs(path))


def _load_state(path: Path, use_cache: bool) -> _State:
    if not use_cache:
        return build_state(path)
    return load_compiled(_cache_name(path), _state_inputs(path), lambda: build_state(path), _State)


def read_rows(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line]


def build_state(path: Path) -> _State:
    """Parse the gazetteer file into places, indexes and the name automaton."""
    from marsad.geo.tables import load_tables

    stoplist = {normalize_key(word) for word in load_tables().stoplist}
    rows = read_rows(path)
    admin_names = {r["admin1_code"]: r["name"] for r in rows if r["kind"] == "admin1"}
    country_names_en = {r["country_code"]: r["name"] for r in rows if r["kind"] == "country"}
    places: list[Place] = []
    names_of: list[tuple[list[str], list[str]]] = []
    for row in rows:
        kind = row["kind"]
        code = row["country_code"]
        places.append(
            Place(
                name=row["name"],
                name_ar=row["names_ar"].split("|", 1)[0],
                country=country_names_en.get(code, code),
                country_code=code,
                admin1=None if kind == "country" else admin_names.get(row["admin1_code"]),
                latitude=float(row["latitude"]) if row["latitude"] else None,
                longitude=float(row["longitude"]) if row["longitude"] else None,
                kind=kind,  # type: ignore[arg-type]  # the build writes only the four kinds
                population=int(row["population"] or 0),
                geonameid=int(row["id"]),
                admin1_code=row["iso"] or None,
            )
        )
        names_of.append(
            ([n for n in row["names_ar"].split("|") if n], [n for n in row["names_en"].split("|") if n])
        )

    order = sorted(range(len(places)), key=lambda i: (_KIND_ORDER[places[i].kind], -places[i].population))
    by_phrase: dict[str, list[int]] = {}
    phrase_of_key: dict[str, str] = {}
    lookup: dict[str, list[int]] = {}
    for index in order:
        arabic, english = names_of[index]
        for name in arabic:
            for variant in _spelling_variants(name):
                key = normalize_key(variant)
                phrase = phrase_of_key.setdefault(key, variant)
                bucket = by_phrase.setdefault(phrase, [])
                if index not in bucket:
                    bucket.append(index)
            _add(lookup, place_key(name), index)
        for name in english:
            _add(lookup, place_key(name), index)

    matcher_phrases = {}
    for phrase, indices in by_phrase.items():
        key = normalize_key(phrase)
        only_places = all(places[i].kind == "place" for i in indices)
        short = len(key) <= 3 and " " not in key
        guarded = key in stoplist or (only_places and short and places[indices[0]].population < 100_000)
        matcher_phrases[phrase] = (tuple(indices), guarded)

    admin_index = {(p.country_code, p.name): i for i, p in enumerate(places) if p.kind == "admin1"}
    country_index: dict[str, int] = {}
    country_names: dict[str, str] = {}
    for i, place in enumerate(places):
        if place.kind != "country":
            continue
        country_index[place.country_code] = i
        for name in [place.name, *names_of[i][1]]:
            country_index.setdefault(place_key(name), i)
        for name in names_of[i][0]:
            country_names[name] = place.name
            country_index.setdefault(place_key(name), i)
    namesakes = frozenset(
        p.geonameid
        for i, p in enumerate(places)
        if p.kind == "place"
        and p.admin1 is not None
        and (admin := admin_index.get((p.country_code, p.admin1))) is not None
        and place_key(names_of[admin][0][0] if names_of[admin][0] else places[admin].name)
        in {place_key(n) for n in names_of[i][0]} | {place_key(n) for n in names_of[i][1]}
    )
    return _State(
        _Places.pack(places),
        PhraseMatcher(matcher_phrases),
        pickle.dumps({k: tuple(v) for k, v in lookup.items()}, protocol=pickle.HIGHEST_PROTOCOL),
        admin_index,
        country_index,
        country_names,
        namesakes,
    )


def _add(index: dict[str, list[int]], key: str, value: int) -> None:
    if key:
        bucket = index.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)


def _spelling_variants(name: str) -> list[str]:
    """The spellings a name appears in: as given, «البو كمال»/«البوكمال» joined or split,
    and a final hamza dropped («السويداء»/«السويدا»)."""
    variants = [name]
    words = name.split()
    if len(words) == 2 and words[0] in ("البو", "ابو", "أبو", "بو", "آل"):
        variants.append("".join(words))
    elif len(words) == 1 and name.startswith("البو") and len(name) > 6:
        variants.append("البو " + name[4:])
    if name.endswith("اء") and len(name) > 4:
        variants.append(name[:-1])
    return variants
