"""Migration 0003 gives every claim that stood above self-declared one support at its
level, tied to the credentials that raised it, so a later revocation still lowers it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wendbaar.passport.claims import recompute_level
from wendbaar.passport.models import ClaimSupport, HeldCredential, SkillClaim

BEFORE = ("passport", "0002_alter_skillclaim_proficiency")


@pytest.mark.django_db(transaction=True)
def test_existing_levels_become_supports() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    scheme = old.get_model("taxonomy", "ConceptScheme").objects.create(
        code="esco", uri="http://data.europa.eu/esco/concept-scheme/skills", kind="esco"
    )
    Concept = old.get_model("taxonomy", "Concept")
    skills = [
        Concept.objects.create(scheme=scheme, uri=f"https://example.org/skill/{n}", kind="skill")
        for n in range(3)
    ]
    owner = old.get_model("accounts", "User").objects.create(username="marieke")
    passport = old.get_model("passport", "Passport").objects.create(owner=owner)
    held = old.get_model("passport", "HeldCredential").objects.create(
        passport=passport, document={}, name="Diploma", verified=True, verdict={}
    )
    Claim = old.get_model("passport", "SkillClaim")
    own = Claim.objects.create(passport=passport, concept=skills[0], level=1, source="search")
    confirmed = Claim.objects.create(passport=passport, concept=skills[1], level=2, source="search")
    certified = Claim.objects.create(
        passport=passport, concept=skills[2], level=5, source="credential"
    )
    old.get_model("passport", "Evidence").objects.create(
        claim=certified, kind="credential", credential=held
    )

    executor = MigrationExecutor(connection)
    # All apps back to their newest migration, so later tests see the full schema.
    executor.migrate(executor.loader.graph.leaf_nodes())

    supports = {(s.claim_id, s.level, s.credential_id) for s in ClaimSupport.objects.all()}
    assert supports == {(confirmed.pk, 2, None), (certified.pk, 5, held.pk)}
    assert not ClaimSupport.objects.filter(claim_id=own.pk).exists()
    # The credential stops counting (revoked): the certified claim falls to self-declared,
    # the adviser's confirmation stays.
    HeldCredential.objects.filter(pk=held.pk).update(verified=False)
    for pk, level in ((certified.pk, 1), (confirmed.pk, 2)):
        claim = SkillClaim.objects.get(pk=pk)
        recompute_level(claim)
        claim.refresh_from_db()
        assert claim.level == level
