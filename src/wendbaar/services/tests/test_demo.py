"""The demo content loads, is marked as demo, and loading it again changes nothing."""

from __future__ import annotations

import pytest

from wendbaar.services.demo import load_services_demo, load_services_demo_if_empty
from wendbaar.services.models import (
    LabourMarketRegion,
    LearningResource,
    PostcodeArea,
    Scheme,
    ServicePoint,
)

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_again_without_changes() -> None:
    assert load_services_demo_if_empty()
    assert not load_services_demo_if_empty()
    again = load_services_demo()
    assert again["postcodes"]["changes"] == 0
    assert again["service_points"]["added"] == again["service_points"]["changed"] == 0


def test_demo_covers_the_country_and_is_marked() -> None:
    load_services_demo()
    assert LabourMarketRegion.objects.count() == 35
    assert PostcodeArea.objects.count() > 300
    assert ServicePoint.objects.filter(nationwide=True).exists()
    assert ServicePoint.objects.values("region").distinct().count() > 20
    for model in (PostcodeArea, ServicePoint, Scheme, LearningResource):
        assert not model.objects.filter(is_demo=False).exists(), model
    assert not Scheme.objects.filter(checked_on__isnull=False).exists()
    stap = Scheme.objects.get(slug="stap-budget")
    assert str(stap.valid_until) == "2023-12-31" and "gestopt" in stap.summary_nl
