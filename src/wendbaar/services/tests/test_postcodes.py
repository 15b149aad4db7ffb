"""The postcode table: import (PC4 table, CBS files), all or nothing, and place lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from wendbaar.services import geo
from wendbaar.services.csv_input import FileErrors
from wendbaar.services.models import LabourMarketRegion, Municipality, PostcodeArea
from wendbaar.services.postcodes import PlaceNotFound, find_place, import_postcodes

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_builds_areas_municipalities_and_regions(places: None) -> None:
    assert PostcodeArea.objects.count() == 5
    utrecht = Municipality.objects.get(code="GM0344")
    assert utrecht.region is not None and utrecht.region.code == "midden-utrecht"
    assert utrecht.latitude == pytest.approx((52.091 + 52.072) / 2)
    assert LabourMarketRegion.objects.get(code="regio-zwolle").name == "Regio Zwolle"


def test_second_identical_import_changes_nothing(places: None, tmp_path: Path) -> None:
    from wendbaar.services.tests.conftest import PLACES

    summary = import_postcodes(write(tmp_path, "again.csv", PLACES))
    assert summary["changes"] == 0
    assert summary["postcode_areas"] == 5


def test_import_replaces_the_table(places: None, tmp_path: Path) -> None:
    summary = import_postcodes(
        write(
            tmp_path,
            "new.csv",
            "pc4,latitude,longitude,municipality_code,municipality,region\n"
            "3511,52.091,5.118,GM0344,Utrecht,Midden-Utrecht\n",
        )
    )
    assert summary["postcode_areas_removed"] == 4
    assert summary["municipalities_removed"] == 3
    assert list(PostcodeArea.objects.values_list("code", flat=True)) == ["3511"]


def test_bad_lines_are_all_reported_and_nothing_changes(places: None, tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.csv",
        "pc4,latitude,longitude,municipality_code,municipality\n"
        "1011,52.37,4.89,GM0363,Amsterdam\n"
        "101,52.37,4.89,GM0363,Amsterdam\n"
        "1012,north,4.89,GM0363,Amsterdam\n"
        "1013,4.89,52.37,GM0363,Amsterdam\n"
        "1011,52.37,4.89,GM0363,Amsterdam\n",
    )
    with pytest.raises(FileErrors) as caught:
        import_postcodes(bad)
    assert [line for line, _ in caught.value.errors] == [3, 4, 5, 6]
    message = str(caught.value)
    assert "line 3: '101' is not a four-digit postcode" in message
    assert "line 4: latitude 'north' is not a number" in message
    assert "line 5: the centre (4.8900, 52.3700) is not in the Netherlands" in message
    assert "line 6: postcode 1011 is also on line 2" in message
    assert PostcodeArea.objects.count() == 5 and not PostcodeArea.objects.filter(code="1011")


def test_missing_columns_are_named(tmp_path: Path, db: None) -> None:
    with pytest.raises(FileErrors, match="no centre columns"):
        import_postcodes(write(tmp_path, "x.csv", "pc4,municipality\n1011,Amsterdam\n"))
    with pytest.raises(FileErrors, match="no postcode column"):
        import_postcodes(write(tmp_path, "y.csv", "zip,lat,lon\n1011,52,4\n"))
    with pytest.raises(FileErrors, match="has no municipality"):
        import_postcodes(write(tmp_path, "z.csv", "pc4;lat;lon\n1011;52.37;4.89\n"))


def test_cbs_files_supply_municipality_names_and_regions(tmp_path: Path, db: None) -> None:
    """RD centres (as from the CBS PC4 map), the CBS postcode-huisnummer file and
    "Gebieden in Nederland" as StatLine exports them (padded codes, Dutch titles)."""
    centres = write(tmp_path, "pc4.csv", "postcode;x;y\n1012;121400;487400\n3511;136000;456000\n")
    gwb = write(
        tmp_path,
        "pc6hnr20230801_gwb.csv",
        "PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023\n"
        "1012AB;1;3630000;36300;363\n1012AB;2;3630000;36300;363\n1012AC;9;3620000;36200;362\n"
        "3511AA;1;3440000;34400;344\n",
    )
    regions = write(
        tmp_path,
        "gebieden.csv",
        '"Gemeentenaam";"Gemeentecode";"Arbeidsmarktregio\'s code";"Arbeidsmarktregio\'s naam"\n'
        '"Amsterdam";"GM0363  ";"AM12";"Groot Amsterdam"\n'
        '"Amstelveen";"GM0362  ";"AM12";"Groot Amsterdam"\n'
        '"Utrecht";"GM0344  ";"AM16";"Midden-Utrecht"\n',
    )
    summary = import_postcodes(centres, gwb=gwb, regions=regions)
    assert summary["postcode_areas"] == 2
    area = PostcodeArea.objects.select_related("municipality__region").get(code="1012")
    assert area.municipality.name == "Amsterdam"  # most addresses of 1012 are in GM0363
    assert area.municipality.region.name == "Groot Amsterdam"  # type: ignore[union-attr]
    assert geo.haversine_km(area.point, geo.Point(52.3731, 4.8926)) < 0.3


def test_cbs_region_file_without_names_is_refused(tmp_path: Path, db: None) -> None:
    regions = write(tmp_path, "g.csv", "Code_1,Code_2\nGM0363,AM12\n")
    centres = write(tmp_path, "c.csv", "pc4,lat,lon,gemeentecode\n1012,52.37,4.89,363\n")
    with pytest.raises(FileErrors, match=r"municipality names \(Gemeentenaam\)"):
        import_postcodes(centres, regions=regions)


@pytest.mark.parametrize("text", ["3511 ab", " 3511AB ", "3511", "3511  AB"])
def test_find_place_by_postcode(places: None, text: str) -> None:
    place = find_place(text)
    assert (place.pc4, place.municipality_name, place.region_code) == (
        "3511",
        "Utrecht",
        "midden-utrecht",
    )


def test_find_place_by_municipality_or_place_name(places: None) -> None:
    assert find_place("utrecht").municipality_code == "GM0344"
    assert find_place("AMERSFOORT").label == "Amersfoort"


def test_unknown_places_say_what_was_asked(places: None) -> None:
    with pytest.raises(PlaceNotFound) as postcode:
        find_place("9999 zz")
    assert postcode.value.query == geo.PostcodeQuery("9999", "ZZ")
    with pytest.raises(PlaceNotFound) as name:
        find_place("Atlantis")
    assert isinstance(name.value.query, geo.NameQuery)


def test_command_line_import(tmp_path: Path, db: None) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from wendbaar.services.tests.conftest import PLACES

    call_command("import_postcodes", str(write(tmp_path, "ok.csv", PLACES)))
    assert PostcodeArea.objects.count() == 5
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("import_postcodes", str(write(tmp_path, "bad.csv", "pc4,lat,lon\nx,1,2\n")))
