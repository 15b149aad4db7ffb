"""Labour-market signals: CBS wages with fallbacks, markers, sectors and UWV tension."""

from __future__ import annotations

from pathlib import Path

import pytest

from wendbaar.matching.engine.signals import BrcGroup, LabourMarket, Wage, load_wages
from wendbaar.matching.engine.tables import TableError
from wendbaar.matching.engine.tension import (
    category_of,
    load_spanningsindicator,
    period_key,
)

from . import tiny
from .tiny import BAKER, DRIVER, PASTRY

SAMPLE = Path(__file__).parent / "data" / "uwv_spanningsindicator_SAMPLE.csv"
LABELS = {
    "0761": "Elektriciens en elektronicamonteurs",
    "1051": "Verzorgenden",
    "0431": "Administratief medewerkers",
    "0421": "Boekhouders",
    "0811": "Software- en applicatieontwikkelaars",
    "0114": "Leerkrachten basisonderwijs",
    "1012": "Gespecialiseerd verpleegkundigen",
    "0332": "Verkoopmedewerkers detailhandel",
}


def test_sample_file_is_read_with_latest_period_regions_and_fallback():
    table = load_spanningsindicator(SAMPLE, LABELS)
    national = table.get("0761")
    assert national is not None
    assert (national.value, national.period, national.category) == (
        8.4,
        "2024 kwartaal 2",
        "zeer krap",
    )
    amsterdam = table.get("0761", "groot amsterdam")
    assert amsterdam is not None and amsterdam.value == 12.5
    assert table.get("0761", "Zeeland") == national  # no regional row: the national figure
    limburg = table.get("1051", "Zuid-Limburg")
    assert limburg is not None and (limburg.category, limburg.shortage) == ("gemiddeld", False)
    admin = table.get("0431", "Groot Amsterdam")
    assert admin is not None and admin.category == "zeer ruim"  # typering derived from 0.20
    accountants = table.get("0421")
    assert accountants is not None and (accountants.value, accountants.category) == (None, "krap")
    assert table.get("9999") is None
    assert len(table.issues) == 1 and "line 14" in table.issues[0]
    assert "Groot Amsterdam" in table.regions


def test_categories_and_periods():
    assert [category_of(v) for v in (0.1, 0.3, 1.0, 2.0, 4.0, 16.0)] == [
        "zeer ruim",
        "ruim",
        "gemiddeld",
        "krap",
        "zeer krap",
        "zeer krap",
    ]
    assert (
        period_key("2024 kwartaal 2")
        == (2024, 2)
        == period_key("2024K2")
        == period_key("2e kwartaal 2024")
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Periode;Regio;Spanningsindicator\n", "missing columns: group"),
        ("Beroepsgroep;Typering\nVerzorgenden;heel krap\n", "line 2: unknown typering"),
        ("Beroepsgroep;Spanningsindicator\nVerzorgenden;veel\n", "line 2: not a number"),
        ("Beroepsgroep;Spanningsindicator\nOnbekend;2\n", "no row names a known BRC"),
        ("", "the file is empty"),
    ],
)
def test_bad_tension_files_are_refused_with_file_and_line(tmp_path, content, message):
    path = tmp_path / "spanning.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TableError, match=message):
        load_spanningsindicator(path, LABELS)


def test_windows_1252_and_commas_are_accepted(tmp_path):
    path = tmp_path / "spanning.csv"
    path.write_bytes(
        'Beroepsgroep,Spanningsindicator,Typering\nVerzorgenden,"2,5",Krap\n'.encode("cp1252")
    )
    found = load_spanningsindicator(path, LABELS).get("1051")
    assert found is not None and found.value == 2.5


def test_wages_fall_back_to_the_parent_group(tmp_path):
    path = tmp_path / "wages.csv"
    path.write_text(
        "brc,title,employees_thousands,p25,p50,p75\n"
        "Totaal,Totaal,8009,16.2,22.2,30.0\n07,07 Techniek,900,18,24,30\n"
        "075,075 Bouw,100,17,21,26\n0751,0751 Timmerlieden,40,,,\n"
        "0761,0761 Elektriciens,60,18,22,27\n",
        encoding="utf-8",
    )
    wages = load_wages(path)
    profiles = tiny.profiles()
    groups = {
        "7512": BrcGroup("0751", "Timmerlieden", "07"),
        "8332": BrcGroup("0761", "Elektriciens", "07"),
    }
    market = LabourMarket(profiles, groups, wages, {"75": 78.0})
    baker = market[BAKER]
    assert baker.wage == Wage(17.0, 21.0, 26.0, "075", "subclass")
    assert baker.employees_thousands == 40.0
    assert baker.isco2_employed_thousands == 78.0
    assert market[DRIVER].wage == Wage(18.0, 22.0, 27.0, "0761", "group")
    assert market[DRIVER].isco2_employed_thousands is None
    # s3, s4 are in the tiny green collection: pastry cook (s4 of 3 essentials) is not
    # marked (one skill), the baker neither; the driver has one digital skill of two.
    assert market[PASTRY].green_share == pytest.approx(1 / 3)
    assert not market[PASTRY].green
    assert "technology" in market[BAKER].sectors
    assert market.in_sectors(("care",)).tolist() == [False] * 4
