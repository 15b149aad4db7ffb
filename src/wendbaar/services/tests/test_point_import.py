"""CSV import of service points: every line checked, then all saved or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from wendbaar.services.csv_input import FileErrors
from wendbaar.services.models import ServicePoint
from wendbaar.services.point_import import import_service_points

pytestmark = pytest.mark.django_db

HEADER = (
    "slug;name;kind;description_nl;topics;audiences;street;postcode;city;latitude;longitude;"
    "nationwide;access;cost\n"
)
GOOD = (
    "loket-utrecht;Loket Utrecht;leerwerkloket;Gratis advies.;career_advice|job_search;working;"
    "Straat 1;3511 ab;Utrecht;;;;both;free\n"
    "online;Online advies;other;Overal.;career_advice;;;;;;;ja;online;free\n"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "points.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_takes_the_centre_of_the_postcode_area(places: None, tmp_path: Path) -> None:
    assert import_service_points(write(tmp_path, HEADER + GOOD)) == {
        "added": 2,
        "changed": 0,
        "unchanged": 0,
    }
    point = ServicePoint.objects.select_related("region").get(slug="loket-utrecht")
    assert (point.postcode, point.latitude, point.longitude) == ("3511 AB", 52.091, 5.118)
    assert point.topics == ["career_advice", "job_search"]
    assert point.region is not None and point.region.name == "Midden-Utrecht"
    online = ServicePoint.objects.get(slug="online")
    assert online.nationwide and online.latitude is None


def test_second_import_updates_by_slug(places: None, tmp_path: Path) -> None:
    import_service_points(write(tmp_path, HEADER + GOOD))
    again = import_service_points(
        write(tmp_path, HEADER + GOOD.replace("Gratis advies.", "Nieuw."))
    )
    assert again == {"added": 0, "changed": 1, "unchanged": 1}
    assert ServicePoint.objects.get(slug="loket-utrecht").description_nl == "Nieuw."


def test_bad_lines_are_listed_and_nothing_is_saved(places: None, tmp_path: Path) -> None:
    lines = [
        "ok;Goed;leerwerkloket;Tekst.;career_advice;working;Straat 1;3511AB;Utrecht;;;;both;free",
        "no-kind;Geen soort;shop;Tekst.;career_advice;;;3511;;;;;both;free",
        "bad-topic;Onderwerp;uwv;Tekst.;dancing;;;3511;;;;;both;free",
        "far;Ver weg;uwv;Tekst.;;;;9999 ZZ;;;;;both;free",
        "nowhere;Nergens;uwv;Tekst.;;;;;;;;;both;free",
        "empty;;uwv;;;;;3511;;;;;both;free",
        "ok;Dubbel;uwv;Tekst.;;;;3511;;;;;both;free",
        "flag;Vlag;uwv;Tekst.;;;;3511;;;;misschien;both;free",
    ]
    with pytest.raises(FileErrors) as caught:
        import_service_points(write(tmp_path, HEADER + "\n".join(lines) + "\n"))
    errors = dict(caught.value.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9]
    assert "kind" in errors[3] and "shop" in errors[3]
    assert "topics: unknown dancing" in errors[4]
    assert "postcode 9999 ZZ is not in the postcode table" in errors[5]
    assert "give a postcode, latitude and longitude, or nationwide=yes" in errors[6]
    assert "empty name, description_nl" in errors[7]
    assert "slug 'ok' is also on line 2" in errors[8]
    assert "nationwide: 'misschien' is not yes or no" in errors[9]
    assert not ServicePoint.objects.exists()


def test_too_long_and_bad_email_values_are_refused(places: None, tmp_path: Path) -> None:
    header = HEADER.rstrip("\n") + ";email\n"
    line = f"long;{'x' * 201};uwv;Tekst.;;;;3511;;;;;both;free;not-an-email\n"
    with pytest.raises(FileErrors) as caught:
        import_service_points(write(tmp_path, header + line))
    message = caught.value.errors[0][1]
    assert "name:" in message and "email:" in message


def test_missing_columns_are_named(db: None, tmp_path: Path) -> None:
    with pytest.raises(FileErrors, match="missing columns: kind, description_nl, access, cost"):
        import_service_points(write(tmp_path, "slug,name\nx,y\n"))


def test_comma_separated_files_work_too(places: None, tmp_path: Path) -> None:
    text = (
        "slug,name,kind,description_nl,postcode,access,cost\n"
        'komma,"Loket, met komma",uwv,"Tekst, met komma",3811,appointment,free\n'
    )
    import_service_points(write(tmp_path, text))
    assert ServicePoint.objects.get(slug="komma").name == "Loket, met komma"
