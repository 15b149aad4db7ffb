"""Development plans: consent, completion raising the passport, reminders, export, and the
advice from a goal to offerings in a plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from wendbaar.accounts.models import Role
from wendbaar.accounts.personal_data import export
from wendbaar.learning import plans
from wendbaar.learning.advice import Goal, Person, advise, goal_for_occupation, recognisable
from wendbaar.learning.models import ActionKind, ActionStatus, Offering, PlanAction
from wendbaar.learning.tests.conftest import HEAT_PUMP, INSTALLER, PASSWORD, make_user, skill
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import AccessLog, ValidationLevel
from wendbaar.passport.sharing import grant_consent, revoke_consent
from wendbaar.taxonomy.models import Concept

pytestmark = pytest.mark.django_db


def test_advice_from_occupation_to_plan(catalogue: dict[str, Offering]) -> None:
    goal = goal_for_occupation([], HEAT_PUMP)
    assert goal.essential and goal.occupation == HEAT_PUMP
    result = advise(goal, Person())
    chosen = {result.offerings[c.option.id].external_id for c in result.advice.plan.choices}
    assert chosen == {"first", "second"}  # 1300 + hours beats the 4000 programme
    assert result.advice.proven_optimal and not result.advice.open
    # Someone who worked as installer gets EVC first for what the jobs share.
    person = Person(occupations=[INSTALLER])
    assert recognisable(goal.essential, person)
    with_evc = advise(goal, person)
    kinds = {result.offerings[c.option.id].kind for c in with_evc.advice.plan.choices}
    assert "evc" in kinds and with_evc.advice.evc_first


def test_gap_uses_the_passport(catalogue: dict[str, Offering]) -> None:
    user = make_user("anna")
    passport = passport_of(user)
    have = Concept.objects.get(uri=skill("warmtepompen-installeren"))
    add_claim(passport, have, 1, "search")
    goal = goal_for_occupation(passport, HEAT_PUMP)
    assert skill("warmtepompen-installeren") not in goal.essential


def test_completing_with_credential_certifies_and_levels_only_rise(
    catalogue: dict[str, Offering],
) -> None:
    user = make_user("bram")
    plan = plans.current_plan(user)
    action = plans.add_offering(plan, catalogue["first"])
    concept = action.skills.first()
    assert concept is not None
    claims = plans.complete(action, user)
    assert claims and all(changed for _c, changed in claims)
    claim = passport_of(user).claims.get(concept=concept)
    assert claim.level == ValidationLevel.CERTIFIED and claim.source == "plan"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_at is not None
    assert action.credential["name"] == "First half"
    # A later, weaker completion never lowers the level.
    other = PlanAction.objects.create(plan=plan, kind=ActionKind.WORK, title="Meelopen")
    other.skills.add(concept)
    adviser = make_user("carla", role=Role.ADVISER)
    grant_consent(user, adviser, "plan")
    assert plans.complete(other, adviser, validated=True) == [(concept, False)]
    claim.refresh_from_db()
    assert claim.level == ValidationLevel.CERTIFIED


def test_owner_cannot_validate_own_work_but_adviser_can(catalogue: dict[str, Offering]) -> None:
    user = make_user("dirk")
    plan = plans.current_plan(user)
    action = PlanAction.objects.create(plan=plan, kind=ActionKind.WORK, title="Stage")
    concept = Concept.objects.get(uri=skill("koudetechniek"))
    action.skills.add(concept)
    assert plans.complete(action, user, validated=True) == []
    assert not passport_of(user).claims.exists()
    adviser = make_user("eva", role=Role.ADVISER)
    action.status = ActionStatus.PLANNED
    action.save()
    plans.complete(action, adviser, validated=True)
    assert passport_of(user).claims.get().level == ValidationLevel.VALIDATED
    action.refresh_from_db()
    assert action.validated_by == adviser


def test_adviser_sees_plan_only_with_consent(
    client: Client, catalogue: dict[str, Offering]
) -> None:
    owner = make_user("femke")
    plan = plans.current_plan(owner)
    plans.add_offering(plan, catalogue["second"])
    adviser = make_user("gert", role=Role.ADVISER)
    client.login(username="gert", password=PASSWORD)
    url = f"/ontwikkelplan/gedeeld/{plan.pk}/"
    assert client.get(url).status_code == 404
    consent, _ = grant_consent(owner, adviser, "plan")
    page = client.get(url)
    assert page.status_code == 200 and "second" in page.content.decode()
    assert AccessLog.objects.filter(owner=owner, viewer=adviser, what=f"plan:{plan.pk}").exists()
    assert client.get("/ontwikkelplan/gedeeld/").content.decode().count(f"/gedeeld/{plan.pk}/") == 1
    # The adviser validates an action; the owner's passport rises.
    action = plan.actions.get()
    client.post(f"/ontwikkelplan/actie/{action.pk}/status/", {"status": "done", "validated": "on"})
    assert passport_of(owner).claims.filter(level=ValidationLevel.VALIDATED).exists()
    revoke_consent(owner, consent.pk)
    assert client.get(url).status_code == 404
    assert (
        client.post(f"/ontwikkelplan/actie/{action.pk}/status/", {"status": "planned"}).status_code
        == 404
    )
    # A passport consent is not a plan consent.
    grant_consent(owner, adviser, "passport")
    assert client.get(url).status_code == 404


def test_reminders_once_a_day(catalogue: dict[str, Offering]) -> None:
    user = make_user("hans")
    plan = plans.current_plan(user)
    today = timezone.localdate()
    PlanAction.objects.create(
        plan=plan, kind="work", title="Soon", deadline=today + dt.timedelta(days=3)
    )
    PlanAction.objects.create(
        plan=plan, kind="work", title="Later", deadline=today + dt.timedelta(days=30)
    )
    PlanAction.objects.create(plan=plan, kind="work", title="Done", deadline=today, status="done")
    assert plans.send_reminders(today) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hans@example.org"]
    assert "Soon" in mail.outbox[0].body and "Later" not in mail.outbox[0].body
    assert "Done" not in mail.outbox[0].body
    assert plans.send_reminders(today) == 0


def test_plan_export_in_personal_data(catalogue: dict[str, Offering]) -> None:
    user = make_user("ilse")
    plan = plans.current_plan(user)
    plans.set_goal(plan, Concept.objects.get(uri=HEAT_PUMP))
    plans.add_offering(plan, catalogue["first"])
    data = export(user)["development_plans"]
    assert data[0]["goal_occupation"] == HEAT_PUMP
    assert data[0]["actions"][0]["title"] == "first"


def test_goal_post_from_matching_pages(client: Client, catalogue: dict[str, Offering]) -> None:
    from django.urls import reverse

    assert reverse("learning:plan_goal") == "/ontwikkelplan/doel/"
    response = client.post("/ontwikkelplan/doel/", {"occupation": HEAT_PUMP})
    assert response.status_code == 302 and "inloggen" in response["Location"]
    user = make_user("jan")
    client.login(username="jan", password=PASSWORD)
    response = client.post("/ontwikkelplan/doel/", {"occupation": HEAT_PUMP})
    assert response.status_code == 302 and "/leren/advies/" in response["Location"]
    assert plans.current_plan(user).goal_occupation.uri == HEAT_PUMP  # type: ignore[union-attr]
    response = client.post("/ontwikkelplan/doel/", {"occupation": "urn:nothing"})
    assert response.status_code == 302
    assert plans.current_plan(user).goal_occupation.uri == HEAT_PUMP  # type: ignore[union-attr]


def test_put_advice_in_plan_and_complete_it(client: Client, catalogue: dict[str, Offering]) -> None:
    user = make_user("kees")
    client.login(username="kees", password=PASSWORD)
    page = client.get("/leren/advies/", {"occupation": HEAT_PUMP})
    html = page.content.decode()
    assert page.status_code == 200 and "first" in html and "second" in html
    assert "de berekening heeft dat bewezen" in html
    first, second = catalogue["first"], catalogue["second"]
    response = client.post(
        "/ontwikkelplan/advies/",
        {
            "occupation": HEAT_PUMP,
            "offering": [first.pk, second.pk],
            "gap": list(first.skill_links.values_list("concept__uri", flat=True)),
        },
    )
    assert response.status_code == 302
    plan = plans.current_plan(user)
    assert plan.actions.count() == 2 and plan.goal_occupation.uri == HEAT_PUMP  # type: ignore[union-attr]
    action = plan.actions.get(offering=first)
    client.post(f"/ontwikkelplan/actie/{action.pk}/status/", {"status": "done"})
    levels = set(passport_of(user).claims.values_list("level", flat=True))
    assert levels == {ValidationLevel.CERTIFIED}
    page = client.get("/ontwikkelplan/")
    assert "1 van 2 acties afgerond" in page.content.decode()


def test_goal_with_skill_set(catalogue: dict[str, Offering]) -> None:
    result = advise(Goal([skill("koudetechniek"), skill("nothing-teaches-this")]), Person())
    assert [g.skill for g in result.advice.open] == [skill("nothing-teaches-this")]
