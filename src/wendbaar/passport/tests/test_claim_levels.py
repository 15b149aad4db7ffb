"""A claim's level is the highest level its support still gives: revoking or removing a
credential lowers it to what an adviser, an employer, a plan or the person still give."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.test import Client

from wendbaar.accounts.models import Role
from wendbaar.credentials.holders import holder_did_for
from wendbaar.credentials.issuing import issue_skill_credential, revoke
from wendbaar.credentials.models import IssuedCredential
from wendbaar.credentials.tests.issuing_fixtures import READ_DUTCH, evc_provider, person, skills
from wendbaar.demo.loader import load_demo
from wendbaar.learning import plans
from wendbaar.learning.models import ActionKind, PlanAction
from wendbaar.passport.claims import (
    add_claim,
    passport_of,
    recompute_level,
    remove_credential,
    supported_level,
)
from wendbaar.passport.export import passport_data
from wendbaar.passport.models import (
    ClaimSource,
    ClaimSupport,
    ConsentScope,
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
)
from wendbaar.passport.sharing import grant_consent, raise_claim
from wendbaar.passport.tests.fill_fixtures import make_user
from wendbaar.taxonomy.models import Concept

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db: None) -> Any:
    load_demo()
    return person()


@pytest.fixture
def reading() -> Concept:
    return Concept.objects.get(uri=READ_DUTCH)


def issue_to(passport: Passport, level: str) -> IssuedCredential:
    credential = issue_skill_credential(
        evc_provider() if not IssuedCredential.objects.exists() else None,
        holder_did_for(passport),
        skills(),
        "Nederlandse teksten lezen",
        "Leest werkinstructies.",
        level,
        "EVC-procedure.",
    )
    return IssuedCredential.objects.get(credential_id=credential["id"])


def level_of(passport: Passport, concept: Concept) -> int:
    return SkillClaim.objects.get(passport=passport, concept=concept).level


def test_revoking_returns_the_claim_to_its_earlier_level(owner: Any, reading: Concept) -> None:
    passport = passport_of(owner)
    add_claim(passport, reading, ValidationLevel.SELF_DECLARED, ClaimSource.SEARCH)
    issued = issue_to(passport, "validated")
    assert level_of(passport, reading) == ValidationLevel.VALIDATED
    revoke(issued)
    assert level_of(passport, reading) == ValidationLevel.SELF_DECLARED
    held = HeldCredential.objects.get(passport=passport)
    assert held.revoked and not held.counts


def test_an_adviser_confirmation_survives_revocation_in_either_order(
    owner: Any, reading: Concept
) -> None:
    adviser = make_user("adviseur", Role.ADVISER)
    grant_consent(owner, adviser, ConsentScope.PASSPORT)
    passport = passport_of(owner)
    issued = issue_to(passport, "certified")
    claim = SkillClaim.objects.get(passport=passport, concept=reading)
    # The adviser confirms a claim that already stands higher: nothing rises, but it counts.
    assert raise_claim(adviser, passport.pk, claim.pk) == (claim, False)
    assert level_of(passport, reading) == ValidationLevel.CERTIFIED
    revoke(issued)
    assert level_of(passport, reading) == ValidationLevel.ADVISER


def test_a_revoked_credential_falls_to_the_next_credential(owner: Any, reading: Concept) -> None:
    passport = passport_of(owner)
    validated = issue_to(passport, "validated")
    certified = issue_to(passport, "certified")
    assert level_of(passport, reading) == ValidationLevel.CERTIFIED
    revoke(certified)
    assert level_of(passport, reading) == ValidationLevel.VALIDATED
    revoke(validated)
    assert level_of(passport, reading) == ValidationLevel.SELF_DECLARED


def test_a_completed_plan_action_keeps_its_level(owner: Any, reading: Concept) -> None:
    passport = passport_of(owner)
    plan = plans.current_plan(owner)
    action = PlanAction.objects.create(plan=plan, kind=ActionKind.EVC, title="EVC lezen")
    action.skills.set([reading])
    plans.complete(action, owner)
    assert level_of(passport, reading) == ValidationLevel.VALIDATED
    revoke(issue_to(passport, "certified"))
    assert level_of(passport, reading) == ValidationLevel.VALIDATED


def test_removing_a_held_credential_lowers_and_the_owner_is_asked_first(
    owner: Any, reading: Concept, client: Client
) -> None:
    passport = passport_of(owner)
    add_claim(passport, reading, ValidationLevel.EMPLOYER, ClaimSource.SEARCH)
    issue_to(passport, "certified")
    held = HeldCredential.objects.get(passport=passport)
    client.force_login(owner)
    url = f"/en/mijn-paspoort/diploma/{held.pk}/verwijderen/"
    page = client.get(url).content.decode()
    assert "This credential raised the level of 1 skill." in page
    assert level_of(passport, reading) == ValidationLevel.CERTIFIED
    response = client.post(url)
    assert response.status_code == 302
    assert not HeldCredential.objects.exists()
    assert level_of(passport, reading) == ValidationLevel.EMPLOYER
    assert not ClaimSupport.objects.filter(credential__isnull=False).exists()


def test_others_cannot_remove_my_credentials(owner: Any, client: Client) -> None:
    passport = passport_of(owner)
    issue_to(passport, "validated")
    held = HeldCredential.objects.get()
    client.force_login(make_user("iemand-anders"))
    assert client.post(f"/mijn-paspoort/diploma/{held.pk}/verwijderen/").status_code == 404
    assert HeldCredential.objects.exists()


def test_the_overview_says_a_credential_was_revoked(
    owner: Any, reading: Concept, client: Client
) -> None:
    passport = passport_of(owner)
    issued = issue_to(passport, "validated")
    client.force_login(owner)
    assert "was revoked by its issuer" not in client.get("/en/mijn-paspoort/").content.decode()
    revoke(issued)
    page = client.get("/en/mijn-paspoort/").content.decode()
    assert "“Nederlandse teksten lezen” was revoked by its issuer" in page
    assert "The issuer has revoked this credential." in page


def test_add_claim_still_only_raises_and_records_lower_support(
    owner: Any, reading: Concept
) -> None:
    passport = passport_of(owner)
    claim, changed = add_claim(passport, reading, ValidationLevel.VALIDATED, ClaimSource.PLAN)
    assert changed
    again, changed = add_claim(passport, reading, ValidationLevel.EMPLOYER, ClaimSource.SEARCH)
    assert not changed and again.level == ValidationLevel.VALIDATED
    assert sorted(claim.supports.values_list("level", flat=True)) == [3, 4]
    assert not recompute_level(claim)


def test_recompute_never_gives_more_than_the_strongest_support(
    owner: Any, reading: Concept
) -> None:
    """Random supports, some on credentials that no longer verify: the level is always the
    best counting support (self-declared when none counts), never above any support."""
    passport = passport_of(owner)
    claim, _changed = add_claim(passport, reading, ValidationLevel.SELF_DECLARED, "search")
    pool = [
        HeldCredential.objects.create(
            passport=passport,
            document={"n": n},
            name=f"c{n}",
            verified=n % 2 == 0,
            verdict={"trusted_issuer": n % 3 != 0},
        )
        for n in range(6)
    ]
    chance = random.Random(20261128)
    for _round in range(40):
        ClaimSupport.objects.filter(claim=claim).delete()
        claim.level = chance.randint(1, 5)  # whatever it stood at before
        claim.save()
        for _n in range(chance.randint(0, 4)):
            ClaimSupport.objects.create(
                claim=claim,
                level=chance.randint(2, 5),
                credential=chance.choice([None, *pool]),
            )
        supports = list(claim.supports.select_related("credential"))
        recompute_level(claim)
        claim.refresh_from_db()
        counting = [s.level for s in supports if s.credential is None or s.credential.counts]
        assert claim.level == max(counting, default=ValidationLevel.SELF_DECLARED)
        assert claim.level <= max([s.level for s in supports], default=1)
        assert claim.level == supported_level(supports)


def test_remove_credential_reports_how_many_claims_fell(owner: Any, reading: Concept) -> None:
    passport = passport_of(owner)
    issue_to(passport, "certified")
    held = HeldCredential.objects.get()
    assert remove_credential(held) == 1
    assert level_of(passport, reading) == ValidationLevel.SELF_DECLARED


def test_the_data_download_says_what_gives_the_level(owner: Any, reading: Concept) -> None:
    passport = passport_of(owner)
    add_claim(passport, reading, ValidationLevel.EMPLOYER, ClaimSource.SEARCH)
    revoke(issue_to(passport, "certified"))
    held = HeldCredential.objects.get()
    (claim,) = passport_data(owner)["claims"]
    assert claim["level"] == ValidationLevel.EMPLOYER
    assert [(s["level"], s["credential"], s["counts"]) for s in claim["supports"]] == [
        (5, held.pk, False),
        (3, None, True),
    ]
