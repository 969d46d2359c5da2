"""When two event reports can describe the same incident.

Each rule is a pure predicate on two :class:`~marsad.model.Event` reports.  Two
reports are *compatible* when every rule holds: same country, compatible event
types, dates within one day once each report's time precision is widened into
the window of days it could mean, places that agree, actors that agree, and
different source articles (one article never reports one incident twice: the
guide codes it once).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta

from marsad.camps import actor_camp, actor_family
from marsad.model import Event, distance_km
from marsad.text import normalize_key

#: Reports may differ by this much beyond their date windows (night raids, time zones,
#: "yesterday" counted from a late-night publication).
DATE_TOLERANCE = timedelta(days=1)
#: Two point locations this close are one place (ACLED's "same location" scale).
SAME_PLACE_KM = 20.0
#: A report with ``time_precision`` 2 ("this week", "recently", no time word: the
#: publication date) means some day in the week before its date.
_WEEK = timedelta(days=7)

#: Event types that outlets mix up for one incident: a strike in a battle is coded as
#: a battle by one outlet and as a strike by another; a strike that hit civilians as an
#: attack on civilians; a protest that turned violent as a riot.
_COMPATIBLE_TYPE_PAIRS: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"Battles", "Explosions/Remote violence"}),
        frozenset({"Explosions/Remote violence", "Violence against civilians"}),
        frozenset({"Protests", "Riots"}),
    }
)

#: Actor names of sides that are no armed camp.
_UNARMED = ("Civilians", "Protesters", "Rioters")


def types_compatible(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _COMPATIBLE_TYPE_PAIRS


def date_window(event: Event) -> tuple[date, date] | None:
    """The first and last day an event date can mean, given its time precision."""
    day = event.event_date
    if day is None:
        return None
    if event.time_precision >= 3:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if event.time_precision == 2:
        return day - _WEEK, day
    return day, day


def dates_compatible(a: Event, b: Event) -> bool:
    window_a, window_b = date_window(a), date_window(b)
    if window_a is None or window_b is None:
        return False  # an undated report cannot be placed next to another
    return window_a[0] - DATE_TOLERANCE <= window_b[1] and window_b[0] - DATE_TOLERANCE <= window_a[1]


def day_gap(a: Event, b: Event) -> int:
    """Days between the two reported dates (0 when either is undated)."""
    if a.event_date is None or b.event_date is None:
        return 0
    return abs((a.event_date - b.event_date).days)


def fold_place_name(name: str) -> str:
    """The guide's place-name comparison form: case, diacritics, hyphens, apostrophes
    and a leading Arabic article folded away (``Al-Bab`` = ``al Bab`` = ``Bab``)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[’'`ʿʾ‘]", "", plain)
    words = re.sub(r"[-_\s]+", " ", plain).split()
    if words and words[0] in {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an"}:
        words = words[1:]
    return " ".join(words)


def fold_arabic_place(name: str) -> str:
    """Normalised Arabic place form without the definite article (``الرقة`` = ``رقه``)."""
    key = normalize_key(name)
    return key[2:] if key.startswith("ال") and len(key) > 3 else key


def place_level(event: Event) -> str:
    """``point`` (a named place), ``region`` (an admin unit or region only) or ``country``."""
    if event.location and event.geo_precision != 3:
        return "point"
    if event.location or event.admin1:
        return "region"
    return "country"


def same_named_place(a: Event, b: Event) -> bool:
    """The two reports name one place (English or Arabic form), in the same admin1."""
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False  # homonyms: two villages of one name in different governorates
    if a.location and b.location and fold_place_name(a.location) == fold_place_name(b.location):
        return True
    if a.location_ar and b.location_ar:
        return fold_arabic_place(a.location_ar) == fold_arabic_place(b.location_ar)
    return False


def places_compatible(a: Event, b: Event) -> bool:
    level_a, level_b = place_level(a), place_level(b)
    if level_a == level_b == "point":
        if same_named_place(a, b):
            return True
        distance = distance_km(a, b)
        return distance is not None and distance <= SAME_PLACE_KM
    if level_a == level_b == "country":
        return True
    if "country" in (level_a, level_b):
        return False  # "somewhere in Syria" is too vague to fold into a located event
    # One of them only knows the region: it agrees with anything inside that region.
    if a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return same_named_place(a, b)


def actors_compatible(a: Event, b: Event, *, in_battle: bool = False) -> bool:
    """Directed events agree on who acted; when a battle is involved (sides in either
    order, each outlet naming a different member of a camp) the two share a camp.

    ``in_battle`` says the two are compared as parts of a battle that another report
    describes: a strike by one camp on the other and a strike back are both parts of
    it (GUIDE: an attack and the clash that follows are one Battles event), as long as
    each was aimed at an armed camp, not at civilians.
    """
    camps_a = {actor_camp(a.actor1), actor_camp(a.actor2)} - {None}
    camps_b = {actor_camp(b.actor1), actor_camp(b.actor2)} - {None}
    if a.event_type != "Battles" and b.event_type != "Battles":
        perpetrator_a, perpetrator_b = actor_family(a.actor1), actor_family(b.actor1)
        if perpetrator_a is None or perpetrator_b is None or perpetrator_a == perpetrator_b:
            return True
        return in_battle and _between_camps(a) and _between_camps(b) and bool(camps_a & camps_b)
    return not camps_a or not camps_b or bool(camps_a & camps_b)


def _between_camps(event: Event) -> bool:
    """Whether a directed event was one armed camp's attack on another."""
    if not event.actor2 or event.actor2.startswith(_UNARMED):
        return False
    attacker, target = actor_camp(event.actor1), actor_camp(event.actor2)
    return attacker is not None and target is not None and attacker != target


def compatible(a: Event, b: Event, *, in_battle: bool = False) -> bool:
    """All merge rules at once; cheapest and most selective first (``in_battle``: see
    :func:`actors_compatible`)."""
    return (
        a.country is not None
        and a.country == b.country
        and (a.article_id is None or a.article_id != b.article_id)
        and types_compatible(a.event_type, b.event_type)
        and dates_compatible(a, b)
        and places_compatible(a, b)
        and actors_compatible(a, b, in_battle=in_battle)
    )
