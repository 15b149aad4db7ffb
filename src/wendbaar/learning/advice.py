"""Gap-closing advice for a person: from a goal to the engine's problem and back.

The gap comes from the matching domain (``wendbaar.matching.service.missing_skills``).
Which gaps count as *recognisable* (EVC first) is decided here:

* a gap is recognisable when it is an essential or optional skill of an occupation the
  person worked in (``WorkExperience.occupation``, or ``occupations`` given to the API/CLI),
* or when the person claims, from paid work, a skill that the taxonomy relates to it
  (``skill_essential``/``skill_optional`` relations, either direction).

Prices are the person's price after funding (``funding.NetPrices``) when facts are known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from wendbaar.learning.engine import advice as engine
from wendbaar.learning.funding import NetPrices
from wendbaar.learning.models import Offering, OfferingKind
from wendbaar.services import geo
from wendbaar.services.models import PostcodeArea
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import Concept, Relation


@dataclass
class Goal:
    essential: list[str]  # missing essential skill URIs
    optional: list[str] = field(default_factory=list)
    occupation: str = ""


@dataclass
class Person:
    skills: list[str] = field(default_factory=list)  # skill URIs the person has
    paid_work_skills: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)  # occupations worked in
    place: geo.Point | None = None
    facts: Mapping[str, object] = field(default_factory=dict)


def person_from_passport(passport: Any) -> Person:
    claims = list(passport.claims.values_list("concept__uri", "context"))
    return Person(
        skills=[uri for uri, _c in claims],
        paid_work_skills=[uri for uri, context in claims if context == "paid_work"],
        occupations=list(
            passport.jobs.exclude(occupation=None).values_list("occupation__uri", flat=True)
        ),
    )


def goal_for_occupation(skills_or_passport: Any, occupation_uri: str) -> Goal:
    """The missing skills of a target occupation, from the matching domain."""
    from wendbaar.matching.service import missing_skills

    missing = missing_skills(skills_or_passport, occupation_uri)
    return Goal(
        [m.uri for m in missing if m.essential],
        [m.uri for m in missing if not m.essential],
        occupation_uri,
    )


def recognisable(gaps: Iterable[str], person: Person) -> frozenset[str]:
    gaps = set(gaps)
    if not gaps:
        return frozenset()
    found: set[str] = set()
    if person.occupations:
        found |= set(
            Relation.objects.filter(
                source__uri__in=person.occupations,
                target__uri__in=gaps,
                kind__in=[Relation.Kind.ESSENTIAL, Relation.Kind.OPTIONAL],
            ).values_list("target__uri", flat=True)
        )
    if person.paid_work_skills:
        related = Relation.objects.filter(
            kind__in=[Relation.Kind.SKILL_ESSENTIAL, Relation.Kind.SKILL_OPTIONAL]
        )
        found |= set(
            related.filter(
                source__uri__in=person.paid_work_skills, target__uri__in=gaps
            ).values_list("target__uri", flat=True)
        )
        found |= set(
            related.filter(
                target__uri__in=person.paid_work_skills, source__uri__in=gaps
            ).values_list("source__uri", flat=True)
        )
    return frozenset(found)


def _points(postcodes: Iterable[str]) -> dict[str, geo.Point]:
    return {
        code: geo.Point(lat, lon)
        for code, lat, lon in PostcodeArea.objects.filter(code__in=set(postcodes)).values_list(
            "code", "latitude", "longitude"
        )
    }


def options_for(
    skills: Iterable[str], person: Person, today: dt.date
) -> tuple[list[engine.Option], dict[str, Offering]]:
    """Active offerings that teach at least one of ``skills``, as engine options."""
    offerings = list(
        Offering.objects.filter(active=True, skill_links__concept__uri__in=list(skills))
        .distinct()
        .select_related("provider")
        .prefetch_related("skill_links__concept", "starts")
    )
    points = _points(o.postcode for o in offerings if o.postcode)
    net = NetPrices(person.facts, today) if person.facts else None
    options = []
    for o in offerings:
        distance = None
        if person.place is not None and o.postcode in points:
            distance = geo.haversine_km(person.place, points[o.postcode])
        cost = net(o) if net is not None else o.cost
        options.append(
            engine.Option(
                id=str(o.pk),
                title=o.title,
                skills=frozenset(link.concept.uri for link in o.skill_links.all()),
                cost=float(cost),
                hours=float(o.study_hours),
                weeks=float(o.duration_weeks),
                kind=engine.EVC if o.kind == OfferingKind.EVC else o.kind,
                online=o.online,
                distance_km=distance,
                language=o.language,
                starts=tuple(s.date for s in o.starts.all()),
            )
        )
    return options, {str(o.pk): o for o in offerings}


@dataclass
class Result:
    goal: Goal
    advice: engine.Advice
    greedy: engine.Plan
    offerings: dict[str, Offering]
    labels: dict[str, str]  # skill URI -> label in the reader's language

    def label(self, uri: str) -> str:
        return self.labels.get(uri, uri)


def advise(
    goal: Goal,
    person: Person,
    limits: engine.Limits | None = None,
    weights: engine.Weights | None = None,
) -> Result:
    today = timezone.localdate()
    limits = limits or engine.Limits(today=today)
    wanted = set(goal.essential) | set(goal.optional)
    options, offerings = options_for(wanted, person, limits.today)
    problem = engine.Problem(
        gaps=frozenset(goal.essential),
        optional=frozenset(goal.optional) - set(goal.essential),
        options=options,
        recognisable=recognisable(goal.essential, person),
        limits=limits,
        weights=weights or engine.Weights(),
    )
    ids = dict(Concept.objects.filter(Q(uri__in=wanted)).values_list("uri", "id"))
    shown = preferred_labels(ids.values())
    labels = {uri: shown[i].text for uri, i in ids.items() if i in shown}
    return Result(goal, engine.advise(problem), engine.greedy(problem), offerings, labels)


def as_dict(result: Result) -> dict[str, Any]:
    """The advice as JSON for the API and the CLI."""
    advice = result.advice

    def plan(p: engine.Plan | None) -> dict[str, Any] | None:
        if p is None:
            return None
        return {
            "offerings": [
                {
                    "id": int(c.option.id),
                    "title": c.option.title,
                    "provider": result.offerings[c.option.id].provider.name,
                    "kind": result.offerings[c.option.id].kind,
                    "cost": round(c.option.cost, 2),
                    "hours": c.option.hours,
                    "recognises_experience": c.recognises,
                    "closes": [{"uri": s, "label": result.label(s)} for s in c.closes],
                    "optional": [{"uri": s, "label": result.label(s)} for s in c.optional],
                }
                for c in p.choices
            ],
            "cost": p.cost,
            "hours": p.hours,
            "objective": p.objective,
        }

    return {
        "occupation": result.goal.occupation,
        "gaps": [{"uri": s, "label": result.label(s)} for s in result.goal.essential],
        "plan": plan(advice.plan),
        "open": [
            {
                "uri": g.skill,
                "label": result.label(g.skill),
                "reason": g.reason,
                "excluded": g.excluded,
            }
            for g in advice.open
        ],
        "alternative": plan(advice.alternative),
        "solver": {
            "status": advice.status,
            "proven_optimal": advice.proven_optimal,
            "mip_gap": advice.mip_gap,
            "recognition_first": advice.evc_first,
            "candidates": advice.candidates,
            "message": advice.message,
        },
        "greedy": {
            "cost": result.greedy.cost,
            "hours": result.greedy.hours,
            "objective": result.greedy.objective,
            "gaps_closed": len({s for c in result.greedy.choices for s in c.closes}),
        },
    }
