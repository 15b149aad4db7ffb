"""Helpers of the filling-route tests: the demo taxonomy with a lexical linker on it (no
dense encoder: fast and deterministic), people, and a signed skill credential.

Each test module wraps these in its own fixtures.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from wendbaar.accounts.models import Role, User
from wendbaar.credentials.engine import openbadges
from wendbaar.credentials.engine.keys import did_key_signer, private_key_from_seed
from wendbaar.credentials.engine.proofs import sign
from wendbaar.demo.loader import load_demo
from wendbaar.linking import service as linking_service
from wendbaar.linking.corpus_db import corpus_from_database
from wendbaar.linking.engine.linker import Linker
from wendbaar.taxonomy.models import Concept

DEMO = "https://demo.wendbaar.nl/"
PASSWORD = "paspoort-wachtwoord-42"


def demo_linker(monkeypatch: pytest.MonkeyPatch) -> Linker:
    """Load the demo taxonomy and let every route use a lexical linker on it."""
    load_demo()
    linker = Linker.build(corpus_from_database())
    monkeypatch.setattr(linking_service, "get_linker", lambda: linker)
    return linker


def skill(code: str) -> Concept:
    return Concept.objects.get(code=code, kind__in=["skill", "knowledge"])


def make_user(name: str, role: str = Role.PERSON) -> User:
    return User.objects.create_user(name, password=PASSWORD, role=role)


def signed_skill_credential(
    skill_uris: list[str],
    *,
    seed: int = 7,
    achievement_type: str = "Competency",
    credential_id: str = "urn:uuid:0b6c9f44-1d7e-4f0e-9a51-7f2f0d3c1a01",
    name: str = "Warmtepompen installeren",
) -> tuple[dict[str, Any], str]:
    """(an OB 3.0 credential signed with eddsa-rdfc-2022 by a did:key issuer, its DID)."""
    signer = did_key_signer(private_key_from_seed(bytes([seed]) * 32))
    achievement = openbadges.SkillAchievement(
        id="https://issuer.example/achievements/1",
        name=name,
        description="Installeert warmtepompen in woningen.",
        criteria="Praktijkexamen.",
        alignments=tuple(openbadges.esco_alignment(uri, "skill") for uri in skill_uris),
    )
    unsigned = openbadges.build_credential(
        credential_id=credential_id,
        issuer=openbadges.IssuerProfile(signer.controller, "Opleider Test"),
        subject_id="did:example:anna",
        achievement=achievement,
        valid_from=datetime(2025, 3, 1, tzinfo=UTC),
    )
    unsigned["credentialSubject"]["achievement"]["achievementType"] = achievement_type
    return sign(unsigned, signer, datetime(2025, 3, 1, tzinfo=UTC)), signer.controller
