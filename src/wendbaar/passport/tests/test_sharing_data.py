"""Builders the sharing, consent, export and PDF tests share (no tests of its own)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import translation

from wendbaar.accounts.models import Organisation, Role, User
from wendbaar.demo.loader import load_demo
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import (
    ClaimSource,
    Education,
    Evidence,
    EvidenceKind,
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
    WorkExperience,
)
from wendbaar.taxonomy.models import Concept


def demo_skills() -> list[Concept]:
    """The demo taxonomy's skills and knowledge (312), loaded once per test database."""
    skills = Concept.objects.filter(kind__in=["skill", "knowledge"], scheme__code="demo")
    if not skills.exists():
        load_demo()
    return list(skills.order_by("code"))


def user(username: str, role: str = Role.PERSON, **fields: Any) -> User:
    fields.setdefault("email", f"{username}@example.org")
    return User.objects.create_user(username, password="wachtwoord-42-lang", role=role, **fields)


def employer(username: str = "werkgever") -> User:
    organisation = Organisation.objects.create(name="Bakkerij De Korst", kind="employer")
    return user(username, Role.EMPLOYER, first_name="Wim", organisation=organisation)


def passport_with_claims(owner: User, count: int, *, level: int = 1) -> Passport:
    passport = passport_of(owner)
    for concept in demo_skills()[:count]:
        add_claim(passport, concept, level, ClaimSource.SEARCH)
    return passport


def varied_passport(owner: User, count: int) -> Passport:
    """``count`` claims spread over every level and several years, with jobs, education
    and a credential that is evidence for the first claim."""
    passport = passport_of(owner)
    levels = list(ValidationLevel.values)
    for index, concept in enumerate(demo_skills()[:count]):
        add_claim(
            passport,
            concept,
            levels[index % len(levels)],
            ClaimSource.SEARCH,
            last_used=date(2015 + index % 10, 1 + index % 12, 1),
        )
    occupation = Concept.objects.filter(kind="occupation", code="warmtepompmonteur").first()
    WorkExperience.objects.create(
        passport=passport,
        title="Monteur",
        employer="Installatiebedrijf Jansen",
        occupation=occupation,
        start=date(2018, 3, 1),
        end=date(2023, 6, 30),
    )
    Education.objects.create(
        passport=passport, title="Eerste Verzorgende IG", institution="ROC Midden", diploma=True
    )
    held = HeldCredential.objects.create(
        passport=passport,
        document={"type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "Lassen"},
        name="Lassen MIG/MAG",
        issuer_name="Techniek College",
        verified=True,
    )
    first = SkillClaim.objects.filter(passport=passport).order_by("pk").first()
    if first is not None:
        Evidence.objects.create(
            claim=first, kind=EvidenceKind.CREDENTIAL, credential=held, title="badge"
        )
    return passport


def label_nl(concept: Concept) -> str:
    return str(concept.labels.get(lang="nl", kind="pref").text)


def label_en(concept: Concept) -> str:
    return str(concept.labels.get(lang="en", kind="pref").text)


def url(name: str, *args: Any, lang: str = "nl") -> str:
    """The address of a page in ``lang`` (reverse follows the active language otherwise)."""
    with translation.override(lang):
        return reverse(name, args=args)
