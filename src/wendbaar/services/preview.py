"""Who would qualify: a rule tried on example people and on every combination of answers.

Editors see this next to a scheme's rule, so a mistake ("everyone qualifies", "nobody
does") shows before people see it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wendbaar.services import choices
from wendbaar.services.facts import OFFERING_PREFIX
from wendbaar.services.rules import Outcome, Rule, Validity, judge

C = choices


@dataclass(frozen=True)
class Persona:
    name: Promise
    facts: dict[str, object]


PERSONAS = (
    Persona(
        _("Anna, 58, care assistant with a temporary contract, mbo 2"),
        {
            "goal": C.Goal.KEEP_GROW,
            "work_situation": C.WorkSituation.FLEX,
            "education": C.Education.MBO2_3,
            "age_group": C.AgeGroup.FROM_55,
            "sector": C.Sector.CARE,
            "employer_size": C.EmployerSize.LARGE,
        },
    ),
    Persona(
        _("Mohamed, 34, metal worker at a small firm, vmbo"),
        {
            "goal": C.Goal.SWITCH,
            "work_situation": C.WorkSituation.EMPLOYEE,
            "education": C.Education.VMBO_MBO1,
            "age_group": C.AgeGroup.FROM_27,
            "sector": C.Sector.METAL,
            "employer_size": C.EmployerSize.SMALL,
        },
    ),
    Persona(
        _("Sandra, 47, looking for work with unemployment benefit (WW), hbo"),
        {
            "goal": C.Goal.FIND_WORK,
            "work_situation": C.WorkSituation.UNEMPLOYED_WW,
            "education": C.Education.HBO_WO,
            "age_group": C.AgeGroup.FROM_45,
        },
    ),
    Persona(
        _("Kees, 61, in social assistance (bijstand), no diploma, wants to learn to read better"),
        {
            "goal": C.Goal.BASIC_SKILLS,
            "work_situation": C.WorkSituation.SOCIAL_ASSISTANCE,
            "education": C.Education.PRIMARY,
            "age_group": C.AgeGroup.FROM_55,
        },
    ),
    Persona(
        _("Lotte, 29, self-employed in ICT, university"),
        {
            "goal": C.Goal.SELF_EMPLOYED,
            "work_situation": C.WorkSituation.SELF_EMPLOYED,
            "education": C.Education.HBO_WO,
            "age_group": C.AgeGroup.FROM_27,
            "sector": C.Sector.ICT,
        },
    ),
    Persona(
        _("Jesse, 22, installer at a firm of 80 people, mbo 4"),
        {
            "goal": C.Goal.KEEP_GROW,
            "work_situation": C.WorkSituation.EMPLOYEE,
            "education": C.Education.MBO4,
            "age_group": C.AgeGroup.UNDER_27,
            "sector": C.Sector.INSTALLATION,
            "employer_size": C.EmployerSize.MEDIUM,
        },
    ),
    Persona(
        _("Fatima, 40, no work and no benefit, gave only her goal"),
        {"goal": C.Goal.FIND_WORK, "work_situation": C.WorkSituation.NOT_WORKING},
    ),
    Persona(_("Someone who answered nothing yet"), {}),
)

# Every combination of these answers is tried; other facts stay unknown, and conditions on
# a training offer are taken as limits, as the finder does for a person.
SPACE = {
    "work_situation": list(C.WorkSituation.values),
    "education": list(C.Education.values),
    "age_group": list(C.AgeGroup.values),
}


@dataclass(frozen=True)
class Preview:
    personas: list[tuple[Persona, Outcome]]
    combinations: int
    counts: Counter[Outcome]


def preview(rule: Rule, validity: Validity, today: dt.date) -> Preview:
    rows = [(p, judge(rule, p.facts, validity, today, OFFERING_PREFIX).outcome) for p in PERSONAS]
    counts: Counter[Outcome] = Counter()
    names = list(SPACE)
    for values in itertools.product(*(SPACE[n] for n in names)):
        facts = dict(zip(names, values, strict=True))
        counts[judge(rule, facts, validity, today, OFFERING_PREFIX).outcome] += 1
    return Preview(rows, sum(counts.values()), counts)
