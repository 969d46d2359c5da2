"""Country codes that merged-event ids and ACLED exports need.

The annotation guide names countries by their English short name ("Syria");
ACLED's ``iso`` column is the ISO 3166-1 numeric code and its ``region`` column
one of ACLED's world regions, and marsad's event ids start with the ISO alpha-3
code the way ACLED's ``event_id_cnty`` does.  The table covers the countries
Arabic news reports conflict in (and their neighbours); an unknown name gets
``XXX`` / 0 / "" rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CountryCodes:
    name: str
    alpha3: str
    numeric: int
    acled_region: str


_MIDDLE_EAST = "Middle East"
_NORTH_AFRICA = "Northern Africa"
_EAST_AFRICA = "Eastern Africa"
_WEST_AFRICA = "Western Africa"
_MIDDLE_AFRICA = "Middle Africa"
_SOUTH_ASIA = "South Asia"
_CENTRAL_ASIA = "Caucasus and Central Asia"
_EUROPE = "Europe"

_TABLE: tuple[tuple[str, str, int, str], ...] = (
    ("Afghanistan", "AFG", 4, _SOUTH_ASIA),
    ("Algeria", "DZA", 12, _NORTH_AFRICA),
    ("Armenia", "ARM", 51, _CENTRAL_ASIA),
    ("Azerbaijan", "AZE", 31, _CENTRAL_ASIA),
    ("Bahrain", "BHR", 48, _MIDDLE_EAST),
    ("Bangladesh", "BGD", 50, _SOUTH_ASIA),
    ("Burkina Faso", "BFA", 854, _WEST_AFRICA),
    ("Cameroon", "CMR", 120, _MIDDLE_AFRICA),
    ("Central African Republic", "CAF", 140, _MIDDLE_AFRICA),
    ("Chad", "TCD", 148, _MIDDLE_AFRICA),
    ("Cyprus", "CYP", 196, _MIDDLE_EAST),
    ("Democratic Republic of Congo", "COD", 180, _MIDDLE_AFRICA),
    ("Djibouti", "DJI", 262, _EAST_AFRICA),
    ("Egypt", "EGY", 818, _NORTH_AFRICA),
    ("Eritrea", "ERI", 232, _EAST_AFRICA),
    ("Ethiopia", "ETH", 231, _EAST_AFRICA),
    ("France", "FRA", 250, _EUROPE),
    ("Georgia", "GEO", 268, _CENTRAL_ASIA),
    ("Germany", "DEU", 276, _EUROPE),
    ("India", "IND", 356, _SOUTH_ASIA),
    ("Iran", "IRN", 364, _MIDDLE_EAST),
    ("Iraq", "IRQ", 368, _MIDDLE_EAST),
    ("Israel", "ISR", 376, _MIDDLE_EAST),
    ("Jordan", "JOR", 400, _MIDDLE_EAST),
    ("Kenya", "KEN", 404, _EAST_AFRICA),
    ("Kuwait", "KWT", 414, _MIDDLE_EAST),
    ("Lebanon", "LBN", 422, _MIDDLE_EAST),
    ("Libya", "LBY", 434, _NORTH_AFRICA),
    ("Mali", "MLI", 466, _WEST_AFRICA),
    ("Mauritania", "MRT", 478, _WEST_AFRICA),
    ("Morocco", "MAR", 504, _NORTH_AFRICA),
    ("Mozambique", "MOZ", 508, "Southern Africa"),
    ("Myanmar", "MMR", 104, "Southeast Asia"),
    ("Niger", "NER", 562, _WEST_AFRICA),
    ("Nigeria", "NGA", 566, _WEST_AFRICA),
    ("Oman", "OMN", 512, _MIDDLE_EAST),
    ("Pakistan", "PAK", 586, _SOUTH_ASIA),
    ("Palestine", "PSE", 275, _MIDDLE_EAST),
    ("Qatar", "QAT", 634, _MIDDLE_EAST),
    ("Russia", "RUS", 643, _EUROPE),
    ("Saudi Arabia", "SAU", 682, _MIDDLE_EAST),
    ("Somalia", "SOM", 706, _EAST_AFRICA),
    ("South Sudan", "SSD", 728, _EAST_AFRICA),
    ("Sudan", "SDN", 729, _NORTH_AFRICA),
    ("Syria", "SYR", 760, _MIDDLE_EAST),
    ("Tunisia", "TUN", 788, _NORTH_AFRICA),
    ("Turkey", "TUR", 792, _MIDDLE_EAST),
    ("Ukraine", "UKR", 804, _EUROPE),
    ("United Arab Emirates", "ARE", 784, _MIDDLE_EAST),
    ("United Kingdom", "GBR", 826, _EUROPE),
    ("United States", "USA", 840, "North America"),
    ("Western Sahara", "ESH", 732, _NORTH_AFRICA),
    ("Yemen", "YEM", 887, _MIDDLE_EAST),
)

_BY_NAME: dict[str, CountryCodes] = {row[0].casefold(): CountryCodes(*row) for row in _TABLE}
_UNKNOWN_ALPHA3 = "XXX"


def country_codes(name: str | None) -> CountryCodes:
    """Codes for an English short country name; unknown names get placeholder codes."""
    if name and (known := _BY_NAME.get(name.casefold())):
        return known
    return CountryCodes(name or "", _UNKNOWN_ALPHA3, 0, "")
