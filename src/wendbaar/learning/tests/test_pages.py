"""The catalogue, offering and advice pages without a browser; the CLI's advise; the
demo catalogue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client

from wendbaar.cli import main
from wendbaar.learning.demo import demo_records, load_demo_catalogue
from wendbaar.learning.models import Offering, OfferingKind, Provider
from wendbaar.learning.tests.conftest import HEAT_PUMP, INSTALLER, skill

pytestmark = pytest.mark.django_db


def test_catalogue_filters(client: Client, catalogue: dict[str, Offering]) -> None:
    page = client.get("/leren/")
    assert page.status_code == 200 and "4 opleidingen" in page.content.decode()
    html = client.get("/en/leren/", {"mode": "online"}).content.decode()
    assert "1 offering" in html and "first" in html and "second" not in html
    html = client.get("/en/leren/", {"max_price": "650"}).content.decode()
    assert "1 offering" in html
    html = client.get("/en/leren/", {"skill": "koudetechniek"}).content.decode()
    assert "offering" in html
    bad = client.get("/leren/", {"max_price": "veel"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()


def test_offering_page_shows_skills_and_funding(
    client: Client, catalogue: dict[str, Offering]
) -> None:
    offering = catalogue["first"]
    from wendbaar.taxonomy.display import preferred_labels

    first_skill = offering.skill_links.order_by("pk").first()
    assert first_skill is not None
    label = preferred_labels([first_skill.concept_id], "en")[first_skill.concept_id].text
    html = client.get(f"/en/leren/aanbod/{offering.pk}/").content.decode()
    assert offering.title in html and label in html
    assert "Who could pay for it" in html and "€ 600,00" in html
    assert client.get("/leren/aanbod/999999/").status_code == 404


def test_advice_page_errors_keep_input(client: Client, catalogue: dict[str, Offering]) -> None:
    page = client.get("/leren/advies/", {"occupation": "", "budget": "500"})
    html = page.content.decode()
    assert "error-summary" in html and 'value="500"' in html
    page = client.get("/leren/advies/", {"occupation": HEAT_PUMP, "hours_per_week": "5"})
    assert "error-summary" in page.content.decode()


def test_cli_advise(
    catalogue: dict[str, Offering], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    skills = tmp_path / "skills.json"
    skills.write_text(
        json.dumps({"skills": [skill("warmtepompen-installeren")], "occupations": [INSTALLER]})
    )
    assert main(["advise", "--occupation", HEAT_PUMP, "--skills", str(skills), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["solver"]["proven_optimal"] is True
    assert skill("warmtepompen-installeren") not in {g["uri"] for g in data["gaps"]}
    assert any(o["recognises_experience"] for o in data["plan"]["offerings"])
    assert main(["advise", "--occupation", HEAT_PUMP]) == 0
    text = capsys.readouterr().out
    assert "closes:" in text and "proven optimal" in text
    assert main(["advise", "--occupation", "urn:nothing"]) == 1


def test_demo_catalogue(demo: None) -> None:
    today = dt.date(2026, 3, 2)
    records = demo_records(today)
    assert demo_records(today) == records  # deterministic
    assert 180 <= len(records) <= 240
    assert all(s >= today for r in records for s in r.starts)
    count = load_demo_catalogue(today)
    assert Offering.objects.count() == count and not Offering.objects.filter(is_demo=False).exists()
    assert Provider.objects.filter(is_demo=True).count() == len({r.provider for r in records})
    assert Offering.objects.filter(kind=OfferingKind.EVC).count() == 32
    # Every essential skill of every demo occupation is taught somewhere.
    assert Offering.objects.filter(
        skill_links__concept__uri=skill("warmtepompen-installeren")
    ).exists()


def test_demo_catalogue_needs_the_demo_taxonomy(db: None) -> None:
    assert load_demo_catalogue() == 0 and not Offering.objects.exists()
