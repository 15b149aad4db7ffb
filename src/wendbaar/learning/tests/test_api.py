"""The API: public catalogue and advice, plans for owners and consented advisers only."""

from __future__ import annotations

import pytest
from django.test import Client

from wendbaar.accounts.models import Organisation, Role
from wendbaar.learning import plans
from wendbaar.learning.models import Offering, OfferingSkill
from wendbaar.learning.tests.conftest import HEAT_PUMP, PASSWORD, make_user, skill
from wendbaar.passport.claims import passport_of
from wendbaar.passport.sharing import grant_consent

pytestmark = pytest.mark.django_db


def test_offering_search_and_detail(client: Client, catalogue: dict[str, Offering]) -> None:
    data = client.get("/api/v1/offerings", {"mode": "online"}).json()
    assert [o["external_id"] for o in data["results"]] == ["first"]
    data = client.get("/api/v1/offerings", {"occupation": HEAT_PUMP, "max_price": "1000"}).json()
    assert {o["external_id"] for o in data["results"]} == {"first", "second"}
    detail = client.get(f"/api/v1/offerings/{catalogue['evc'].pk}").json()
    assert detail["kind"] == "evc" and detail["provider"]["name"] == "Testschool"
    assert all(s["confirmed"] for s in detail["skills"])
    assert client.get("/api/v1/offerings", {"mode": "by-pigeon"}).status_code == 400
    assert client.get("/api/v1/providers").json()["count"] == 1


def test_advice_endpoint(client: Client, catalogue: dict[str, Offering]) -> None:
    response = client.post(
        "/api/v1/advice",
        {"occupation": HEAT_PUMP, "limits": {"budget": 5000}},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    titles = {o["title"] for o in body["plan"]["offerings"]}
    assert titles == {"first", "second"}
    assert body["solver"]["proven_optimal"] is True and body["open"] == []
    covered = {s["uri"] for o in body["plan"]["offerings"] for s in o["closes"]}
    assert covered == {g["uri"] for g in body["gaps"]}
    squeezed = client.post(
        "/api/v1/advice",
        {"gaps": [skill("koudetechniek")], "limits": {"budget": 0}},
        content_type="application/json",
    ).json()
    assert squeezed["open"][0]["reason"] == "budget_or_hours"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"occupation": "urn:no-such-occupation"},
        {"gaps": ["urn:unknown"]},
        {"gaps": [skill("koudetechniek")], "limits": {"budget": -1}},
        {"gaps": [skill("koudetechniek")], "limits": {"place": "9999 ZZ"}},
    ],
)
def test_advice_bad_input_is_400(
    client: Client, catalogue: dict[str, Offering], body: dict
) -> None:
    response = client.post("/api/v1/advice", body, content_type="application/json")
    assert response.status_code == 400


def test_plans_api_permissions(client: Client, catalogue: dict[str, Offering]) -> None:
    assert client.get("/api/v1/plans").status_code in (401, 403)
    owner = make_user("lot")
    client.login(username="lot", password=PASSWORD)
    created = client.post(
        "/api/v1/plans", {"goal_occupation": HEAT_PUMP}, content_type="application/json"
    )
    assert created.status_code == 201
    plan_id = created.json()["id"]
    action = client.post(
        f"/api/v1/plans/{plan_id}/actions",
        {"kind": "offering", "offering": catalogue["first"].pk},
        content_type="application/json",
    ).json()
    done = client.patch(
        f"/api/v1/plan-actions/{action['id']}", {"status": "done"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert passport_of(owner).claims.count() == len(action["skills"])
    client.logout()
    adviser = make_user("max", role=Role.ADVISER)
    client.login(username="max", password=PASSWORD)
    assert client.get(f"/api/v1/plans/{plan_id}").status_code == 404
    assert (
        client.post(
            f"/api/v1/plans/{plan_id}/actions",
            {"kind": "work", "title": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    grant_consent(owner, adviser, "plan")
    assert client.get(f"/api/v1/plans/{plan_id}").json()["progress"] == {"done": 1, "total": 1}
    assert [p["id"] for p in client.get("/api/v1/plans").json()] == [plan_id]
    # Only the owner adds actions, even with consent.
    assert (
        client.post(
            f"/api/v1/plans/{plan_id}/actions",
            {"kind": "work", "title": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    other = make_user("nina")
    client.logout()
    client.login(username="nina", password=PASSWORD)
    assert client.get(f"/api/v1/plans/{plan_id}").status_code == 404
    assert plans.current_plan(other).pk != plan_id


def test_provider_area(client: Client, catalogue: dict[str, Offering]) -> None:
    organisation = Organisation.objects.create(
        name="Testschool", slug="testschool", kind="education"
    )
    offering = catalogue["first"]
    offering.provider.organisation = organisation
    offering.provider.save()
    OfferingSkill.objects.filter(offering=offering).update(confirmed=False)
    make_user("olga", role=Role.ISSUER, organisation=organisation)
    make_user("piet", role=Role.PERSON)
    client.login(username="piet", password=PASSWORD)
    assert client.get("/aanbieder/").status_code == 403
    assert client.get(f"/aanbieder/aanbod/{offering.pk}/").status_code == 403
    client.login(username="olga", password=PASSWORD)
    page = client.get("/aanbieder/")
    assert page.status_code == 200 and "first" in page.content.decode()
    links = list(offering.skill_links.all())
    response = client.post(
        f"/aanbieder/aanbod/{offering.pk}/",
        {
            "title": "First, renamed",
            "description": "",
            "cost": "650",
            "study_hours": "40",
            "duration_weeks": "5",
            "active": "on",
            "confirm": [links[0].pk],
        },
    )
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.title == "First, renamed" and str(offering.cost) == "650.00"
    assert list(offering.skill_links.values_list("pk", "confirmed")) == [(links[0].pk, True)]
    bad = client.post(f"/aanbieder/aanbod/{offering.pk}/", {"title": "", "cost": "veel"})
    assert bad.status_code == 400 and "error-summary" in bad.content.decode()


def test_provider_import_stays_within_the_organisation(
    client: Client, catalogue: dict[str, Offering]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    mine = Organisation.objects.create(name="Mijn school", slug="mijn", kind="education")
    make_user("quinten", role=Role.ISSUER, organisation=mine)
    client.login(username="quinten", password=PASSWORD)
    # The same external id as the catalogue's "first" offering, from another source.
    csv = (
        "external_id;provider;title;skills;cost\n"
        f"first;Mijn school;Eigen cursus;{skill('koudetechniek')};250\n"
        "bad;Mijn school;Zonder prijs;;duur\n"
    )
    upload = SimpleUploadedFile("aanbod.csv", csv.encode(), content_type="text/csv")
    page = client.post("/aanbieder/importeren/", {"feed": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "bad: price" in html
    assert "1 toegevoegd, 0 bijgewerkt, 1 geweigerd" in html
    own = Offering.objects.get(source="org:mijn:csv:aanbod")
    assert own.provider.organisation == mine and own.title == "Eigen cursus"
    catalogue["first"].refresh_from_db()
    assert catalogue["first"].title == "first"
    assert "Eigen cursus" in client.get("/aanbieder/").content.decode()
    wrong = SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")
    assert client.post("/aanbieder/importeren/", {"feed": wrong}).status_code == 400


def test_provider_types_in_an_offering(client: Client, catalogue: dict[str, Offering]) -> None:
    organisation = Organisation.objects.create(
        name="Testschool", slug="testschool", kind="education"
    )
    provider = catalogue["first"].provider
    provider.organisation = organisation
    provider.save()
    other = Organisation.objects.create(name="Ander", slug="ander", kind="education")
    make_user("olga", role=Role.ISSUER, organisation=organisation)
    make_user("otto", role=Role.ISSUER, organisation=other)
    client.login(username="otto", password=PASSWORD)
    page = client.get("/aanbieder/aanbod/nieuw/")
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    client.login(username="olga", password=PASSWORD)
    form = {
        "provider": provider.pk,
        "title": "Warmtepomp in de praktijk",
        "description": "Je leert warmtepompen installeren.",
        "kind": "module",
        "mode": "blended",
        "cost": "450",
        "study_hours": "30",
        "duration_weeks": "6",
        "language": "nl",
        "location": "Utrecht",
        "postcode": "3511",
        "start": "2099-09-01",
        "url": "www.testschool.nl/warmtepomp",
    }
    before = Offering.objects.count()
    for changes, field in [
        ({"study_hours": "20001"}, "study_hours"),
        ({"postcode": "35"}, "postcode"),
        ({"start": "2001-01-01"}, "start"),
        ({"provider": "999999"}, "provider"),
        ({"title": "Bloemschikken", "description": "Mooie boeketten."}, "description"),
    ]:
        typed = {**form, **changes}
        bad = client.post("/aanbieder/aanbod/nieuw/", typed)
        html = bad.content.decode()
        assert bad.status_code == 400, changes
        assert f"#id_{field}" in html, changes  # the error summary links to the field
        assert f'value="{typed["title"]}"' in html  # what was typed stays
    assert Offering.objects.count() == before
    response = client.post("/aanbieder/aanbod/nieuw/", form)
    assert response.status_code == 302
    offering = Offering.objects.get(title="Warmtepomp in de praktijk")
    assert response["Location"] == f"/aanbieder/aanbod/{offering.pk}/"
    assert offering.provider == provider and offering.source == "manual"
    assert offering.url == "https://www.testschool.nl/warmtepomp"
    assert [s.date.isoformat() for s in offering.starts.all()] == ["2099-09-01"]
    links = list(offering.skill_links.select_related("concept"))
    assert skill("warmtepompen-installeren") in {link.concept.uri for link in links}
    assert not any(link.confirmed for link in links)  # the provider checks them next
