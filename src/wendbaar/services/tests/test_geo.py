"""Postcode input and distances (no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wendbaar.services import geo
from wendbaar.services.geo import NameQuery, PlaceError, Point, PostcodeQuery

UTRECHT = Point(52.0907, 5.1214)
AMSTERDAM = Point(52.3731, 4.8922)


@pytest.mark.parametrize("text", ["1234 ab", " 1234AB ", "1234", "1234  AB", "1234ab", "1234 Ab\t"])
def test_postcodes_are_normalised(text: str) -> None:
    assert geo.normalise_postcode(text).pc4 == "1234"
    assert geo.parse_place(text).pc4 == "1234"  # type: ignore[union-attr]


def test_postcode_keeps_letters_for_display() -> None:
    assert geo.normalise_postcode("3511ab").display == "3511 AB"
    assert geo.normalise_postcode("3511").display == "3511"


@pytest.mark.parametrize(
    "text", ["0123 AB", "123", "12345", "1234 A", "1234 ABC", "1234-AB", "12 34"]
)
def test_bad_postcodes_are_refused(text: str) -> None:
    with pytest.raises(PlaceError) as caught:
        geo.parse_place(text)
    assert caught.value.code == PlaceError.POSTCODE_FORMAT


def test_names_and_empty_or_long_input() -> None:
    assert geo.parse_place("  's-Hertogenbosch ") == NameQuery(
        "'s-Hertogenbosch", "s hertogenbosch"
    )
    assert geo.name_key("Súdwest-Fryslân") == "sudwest fryslan"
    with pytest.raises(PlaceError) as empty:
        geo.parse_place("   ")
    assert empty.value.code == PlaceError.EMPTY
    with pytest.raises(PlaceError) as long:
        geo.parse_place("a" * 101)
    assert long.value.code == PlaceError.TOO_LONG
    with pytest.raises(PlaceError):
        geo.parse_place("&&&")


@given(st.text(max_size=40))
def test_parse_place_never_crashes(text: str) -> None:
    try:
        result = geo.parse_place(text)
    except PlaceError:
        return
    assert isinstance(result, PostcodeQuery | NameQuery)


def test_haversine_between_utrecht_and_amsterdam() -> None:
    assert geo.haversine_km(UTRECHT, AMSTERDAM) == pytest.approx(35.0, abs=1.0)
    assert geo.haversine_km(UTRECHT, UTRECHT) == 0


def test_by_distance_orders_nearest_first_and_skips_unknown() -> None:
    items = {
        "maastricht": Point(50.85, 5.69),
        "amsterdam": AMSTERDAM,
        "nowhere": None,
        "amersfoort": Point(52.156, 5.388),
    }
    ordered = geo.by_distance(UTRECHT, items, items.get)
    assert [name for name, _ in ordered] == ["amersfoort", "amsterdam", "maastricht"]
    assert ordered[0][1] < ordered[1][1] < ordered[2][1]


def test_rd_to_wgs84() -> None:
    origin = geo.rd_to_wgs84(155000, 463000)
    assert (origin.latitude, origin.longitude) == pytest.approx((52.1551744, 5.38720621))
    dam = geo.rd_to_wgs84(121400, 487400)  # Dam square, Amsterdam
    assert geo.haversine_km(dam, Point(52.3731, 4.8926)) < 0.3


def test_centroid_and_country_box() -> None:
    assert geo.centroid([Point(52, 5), Point(53, 6)]) == Point(52.5, 5.5)
    assert geo.centroid([]) is None
    assert geo.in_netherlands(UTRECHT)
    assert not geo.in_netherlands(Point(5.12, 52.09))
