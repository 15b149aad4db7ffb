"""Vacancies in the database, matched both ways with the engine.

Skills are found in the vacancy text by the linker and stored as suggestions; only the
skills the employer confirmed count for matching. Candidates are persons whose passport
says ``findable``; an employer sees a pseudonym and the region until the person accepts
a contact request.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from wendbaar.linking.engine.errors import LinkingInputError
from wendbaar.linking.engine.extract import extract
from wendbaar.linking.service import get_linker
from wendbaar.matching import present, service
from wendbaar.matching.engine.vacancies import Candidate
from wendbaar.matching.engine.vacancies import Vacancy as EngineVacancy
from wendbaar.matching.models import ContactRequest, ContactStatus, Vacancy, VacancySkill
from wendbaar.passport.models import Passport
from wendbaar.taxonomy.models import Concept

SUGGEST_MAX = 25


def suggest_skills(vacancy: Vacancy) -> int:
    """Link the title and text to skills; new ones are added as unconfirmed suggestions
    (required). Returns how many skills were found in the text at all."""
    text = f"{vacancy.title}. {vacancy.text}"
    try:
        mentions = extract(get_linker(), text, kinds=("skill",), top=1)
    except LinkingInputError:
        return 0
    uris: dict[str, str] = {}
    for mention in sorted(mentions, key=lambda m: -m.score):
        if mention.candidates and mention.candidates[0].uri not in uris:
            uris[mention.candidates[0].uri] = mention.text
    concepts = {
        c.uri: c
        for c in Concept.objects.filter(
            uri__in=list(uris)[:SUGGEST_MAX], kind__in=service.SKILL_KINDS, deprecated=False
        )
    }
    have = set(vacancy.skills.values_list("concept__uri", flat=True))
    VacancySkill.objects.bulk_create(
        VacancySkill(vacancy=vacancy, concept=c, required=True, matched_text=uris[uri][:300])
        for uri, c in concepts.items()
        if uri not in have
    )
    return len(concepts)


@transaction.atomic
def confirm_skills(vacancy: Vacancy, choices: dict[int, str]) -> None:
    """``choices``: VacancySkill pk -> "required", "nice" or "remove"."""
    for row in vacancy.skills.select_for_update():
        choice = choices.get(row.pk)
        if choice == "remove":
            row.delete()
        elif choice in ("required", "nice"):
            row.required = choice == "required"
            row.confirmed = True
            row.save(update_fields=["required", "confirmed"])


def _engine_vacancy(vacancy: Vacancy) -> EngineVacancy:
    rows = list(vacancy.skills.filter(confirmed=True).values_list("concept__uri", "required"))
    return EngineVacancy(
        id=str(vacancy.pk),
        required=tuple(u for u, r in rows if r),
        nice_to_have=tuple(u for u, r in rows if not r),
        title=vacancy.title,
        region=vacancy.region,
    )


def pseudonym(vacancy: Vacancy, passport_id: int) -> str:
    """A label for a candidate that stays the same for one vacancy and cannot be linked
    across vacancies."""
    key = str(settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"{vacancy.pk}:{passport_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:6].upper()


@dataclass
class CandidateRow:
    passport_id: int
    pseudonym: str
    region: str
    fit: dict[str, Any]
    contact: ContactRequest | None
    name: str  # only when the person accepted a contact request


def candidates_for(vacancy: Vacancy, top: int = 20) -> list[CandidateRow]:
    engine = service.get_engine()
    index = engine.vacancy_index([_engine_vacancy(vacancy)])
    passports = {p.pk: p for p in Passport.objects.filter(findable=True).select_related("owner")}
    pool = engine.candidate_pool(
        Candidate(str(pk), engine.passport(service.passport_claims(p)), True, p.region)
        for pk, p in passports.items()
    )
    matches = pool.for_vacancy(index, 0, top=top)
    labels = present.Labels(engine)
    contacts = {c.person_id: c for c in vacancy.contacts.all()}
    rows = []
    for match in matches:
        passport = passports[int(match.person)]
        contact = contacts.get(passport.owner_id)
        accepted = contact is not None and contact.status == ContactStatus.ACCEPTED
        name = (passport.owner.get_full_name() or passport.owner.username) if accepted else ""
        rows.append(
            CandidateRow(
                passport.pk,
                pseudonym(vacancy, passport.pk),
                passport.region,
                present.target_fit_dict(labels, match.fit, kind="vacancy"),
                contact,
                name,
            )
        )
    return rows


def vacancies_for_person(passport: Passport, top: int = 10) -> dict[str, Any]:
    """Open vacancies ranked for a passport, explained."""
    engine = service.get_engine()
    vacancies = list(Vacancy.objects.filter(status="open").select_related("organisation"))
    index = engine.vacancy_index(_engine_vacancy(v) for v in vacancies)
    report = engine.vacancies_for(service.passport_claims(passport), index, top=top)
    out = present.fit_dict(engine, report, kind="vacancy")
    for row in out["results"]:
        row["vacancy"] = vacancies[row.pop("target")]
    out["results"] = [r for r in out["results"] if r["score"] > 0]
    return out
