"""The hand-written geographic tables under ``marsad/data/``, loaded and validated.

They hold what no package ships: Arabic names of first-level units (``admin1.tsv``),
named regions (``regions.tsv``), the guide's English country names and Arabic
variants (``countries.tsv``), well-known conflict places GeoNames' extract lacks
(``places_extra.tsv``) and common words that are also place names
(``place_stoplist.tsv``).  Every loader raises :class:`TableError` naming the
file and line of a bad row, so a broken edit fails the build and the tests.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

_ADMIN_CODE_RE = re.compile(r"^[A-Z]{2}\.[0-9A-Z]+$")
_ISO_RE = re.compile(r"^[A-Z]{2}-[0-9A-Z]{1,3}$")
_ARABIC_RE = re.compile(r"^[\u0621-\u064a\u0670 ]+$")


class TableError(ValueError):
    """A row of a geographic table is malformed (message names file and line)."""


@dataclass(frozen=True, slots=True)
class AdminRow:
    code: str  # GeoNames admin1 key, "SY.07"
    iso: str | None
    name: str
    names_ar: tuple[str, ...]
    names_en: tuple[str, ...]

    @property
    def country_code(self) -> str:
        return self.code.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class RegionRow:
    name: str
    names_ar: tuple[str, ...]
    country_code: str
    admin1: str | None
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class CountryRow:
    code: str
    name: str
    names_ar: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExtraPlaceRow:
    country_code: str
    admin1: str
    name: str
    names_ar: tuple[str, ...]
    #: ``None`` means "add these Arabic names to the GeoNames place of this name".
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True, slots=True)
class GeoTables:
    admin1: tuple[AdminRow, ...]
    regions: tuple[RegionRow, ...]
    countries: tuple[CountryRow, ...]
    extra_places: tuple[ExtraPlaceRow, ...]
    stoplist: frozenset[str]  # Arabic words as written in the table


@cache  # the package does not move; resolving it costs more than a lookup, once per article
def data_dir() -> Path:
    return Path(str(resources.files("marsad") / "data"))


def load_tables(directory: Path | None = None) -> GeoTables:
    """Load and cross-check every table (admin1 names used by regions/places must exist)."""
    directory = directory or data_dir()
    admin1 = tuple(_load_admin1(directory / "admin1.tsv"))
    regions = tuple(_load_regions(directory / "regions.tsv"))
    countries = tuple(_load_countries(directory / "countries.tsv"))
    extra = tuple(_load_extra(directory / "places_extra.tsv"))
    stoplist = frozenset(
        row["word"] for _, row in _rows(directory / "place_stoplist.tsv", ("word", "reason"))
    )
    known_units = {(row.country_code, row.name) for row in admin1}
    for label, unit_rows in (("regions.tsv", regions), ("places_extra.tsv", extra)):
        for unit_row in unit_rows:
            if unit_row.admin1 and (unit_row.country_code, unit_row.admin1) not in known_units:
                raise TableError(f"{label}: {unit_row.name}: unknown admin1 {unit_row.admin1!r}")
    return GeoTables(admin1, regions, countries, extra, stoplist)


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Data rows of a ``#``-commented TSV with a header line, checked against ``columns``."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise TableError(f"{path.name}: empty")
    header = lines[0][1].rstrip("\r\n").split("\t")
    if tuple(header) != columns:
        raise TableError(f"{path.name}: header {header} is not {list(columns)}")
    for number, line in lines[1:]:
        fields = next(csv.reader([line.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
        fields += [""] * (len(columns) - len(fields))
        if len(fields) != len(columns):
            raise TableError(f"{path.name}:{number}: {len(fields)} fields, expected {len(columns)}")
        yield number, {column: value.strip() for column, value in zip(columns, fields, strict=True)}


def _arabic_names(value: str, where: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split("|") if name.strip())
    for name in names:
        if not _ARABIC_RE.match(name):
            raise TableError(f"{where}: {name!r} is not plain Arabic script")
    return names


def _english_names(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split("|") if name.strip())


def _coordinate(value: str, limit: float, where: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise TableError(f"{where}: coordinate {value!r} is not a number") from None
    if not -limit <= number <= limit:
        raise TableError(f"{where}: coordinate {number} out of range")
    return number


def _load_admin1(path: Path) -> Iterator[AdminRow]:
    seen: set[str] = set()
    for number, row in _rows(path, ("code", "iso", "name", "names_ar", "names_en")):
        where = f"{path.name}:{number}"
        if not _ADMIN_CODE_RE.match(row["code"]) or row["code"] in seen:
            raise TableError(f"{where}: bad or repeated code {row['code']!r}")
        seen.add(row["code"])
        if row["iso"] and not (_ISO_RE.match(row["iso"]) and row["iso"][:2] == row["code"][:2]):
            raise TableError(f"{where}: bad ISO 3166-2 code {row['iso']!r}")
        if not row["name"]:
            raise TableError(f"{where}: no name")
        yield AdminRow(
            row["code"],
            row["iso"] or None,
            row["name"],
            _arabic_names(row["names_ar"], where),
            _english_names(row["names_en"]),
        )


def _load_regions(path: Path) -> Iterator[RegionRow]:
    columns = ("name", "names_ar", "country_code", "admin1", "latitude", "longitude")
    for number, row in _rows(path, columns):
        where = f"{path.name}:{number}"
        names_ar = _arabic_names(row["names_ar"], where)
        if not row["name"] or not names_ar or len(row["country_code"]) != 2:
            raise TableError(f"{where}: a region needs a name, Arabic names and a country code")
        yield RegionRow(
            row["name"],
            names_ar,
            row["country_code"],
            row["admin1"] or None,
            _coordinate(row["latitude"], 90, where),
            _coordinate(row["longitude"], 180, where),
        )


def _load_countries(path: Path) -> Iterator[CountryRow]:
    for number, row in _rows(path, ("code", "name", "names_ar")):
        where = f"{path.name}:{number}"
        if not re.match(r"^[A-Z]{2}$", row["code"]):
            raise TableError(f"{where}: bad country code {row['code']!r}")
        yield CountryRow(row["code"], row["name"], _arabic_names(row["names_ar"], where))


def _load_extra(path: Path) -> Iterator[ExtraPlaceRow]:
    columns = ("country_code", "admin1", "name", "names_ar", "latitude", "longitude")
    for number, row in _rows(path, columns):
        where = f"{path.name}:{number}"
        names_ar = _arabic_names(row["names_ar"], where)
        if not row["name"] or not names_ar or not row["admin1"]:
            raise TableError(f"{where}: a place needs a name, an admin1 and Arabic names")
        if bool(row["latitude"]) != bool(row["longitude"]):
            raise TableError(f"{where}: give both coordinates or neither")
        latitude = _coordinate(row["latitude"], 90, where) if row["latitude"] else None
        longitude = _coordinate(row["longitude"], 180, where) if row["longitude"] else None
        yield ExtraPlaceRow(row["country_code"], row["admin1"], row["name"], names_ar, latitude, longitude)
