"""The hand-written geographic tables load, validate and cover what the guide needs."""

import gzip
from pathlib import Path

import pytest

from marsad.geo.build import DEFAULT_COUNTRIES
from marsad.geo.tables import TableError, data_dir, load_tables


def test_tables_load_and_cover_every_default_country() -> None:
    tables = load_tables()
    countries_with_units = {row.country_code for row in tables.admin1}
    assert set(DEFAULT_COUNTRIES) <= countries_with_units
    assert {row.code for row in tables.countries} >= set(DEFAULT_COUNTRIES)


def test_admin1_names_use_the_guide_spellings() -> None:
    names = {(row.country_code, row.name) for row in load_tables().admin1}
    for expected in [
        ("SY", "Deir ez-Zor"), ("SY", "Rif Dimashq"), ("SY", "As-Suwayda"), ("SY", "Raqqa"),
        ("YE", "Hodeidah"), ("YE", "Taiz"), ("CM", "Far North"), ("PK", "Khyber Pakhtunkhwa"),
        ("IQ", "Anbar"), ("IQ", "Erbil"), ("TR", "Sanliurfa"), ("TD", "N'Djamena"), ("SO", "Banaadir"),
    ]:  # fmt: skip
        assert expected in names


def test_regions_news_uses_are_present_with_their_admin1() -> None:
    regions = {row.name: row for row in load_tables().regions}
    assert regions["Eastern Ghouta"].admin1 == "Rif Dimashq"
    assert regions["Southern Idlib countryside"].admin1 == "Idlib"
    assert regions["Northern Iraq"].admin1 is None


def test_a_bad_row_is_reported_with_file_and_line(tmp_path: Path) -> None:
    for name in ("admin1.tsv", "regions.tsv", "countries.tsv", "places_extra.tsv", "place_stoplist.tsv"):
        (tmp_path / name).write_text((data_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "regions.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Nowhere\tلا مكان\tSY\tNo Such Unit\t35.0\t40.0\n")
    with pytest.raises(TableError, match="unknown admin1"):
        load_tables(tmp_path)
    with (tmp_path / "regions.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Latin\tnot arabic\tSY\t\t35.0\t40.0\n")
    with pytest.raises(TableError, match=r"regions\.tsv:\d+"):
        load_tables(tmp_path)


def test_shipped_gazetteer_credits_geonames() -> None:
    with gzip.open(data_dir() / "gazetteer.tsv.gz", "rt", encoding="utf-8") as handle:
        header = handle.read(400)
    assert "GeoNames" in header and "CC BY 4.0" in header
