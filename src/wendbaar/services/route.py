"""The personal route: next steps, help nearby, schemes with reasons, for one page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wendbaar.services import choices, intake
from wendbaar.services.directory import Found, search_points
from wendbaar.services.finder import Verdict, applicable_schemes
from wendbaar.services.models import Scheme, ServicePoint
from wendbaar.services.postcodes import Place
from wendbaar.services.rules import Outcome

NEARBY = 5


@dataclass(frozen=True)
class Action:
    text: Promise
    link_name: str = ""  # a URL name; the link text is ``link_text``
    link_text: Promise | str = ""

    @property
    def url(self) -> str:
        return reverse(self.link_name) if self.link_name else ""


G = choices.Goal
ACTIONS: dict[str, list[Action]] = {
    G.KEEP_GROW: [
        Action(
            _(
                "Ask your manager for a development conversation: what will change in your work, "
                "and what can you learn for it?"
            )
        ),
        Action(
            _(
                "Look up your occupation and see which skills belong to it. That is the start of "
                "your skills passport."
            ),
            "taxonomy:search",
            _("Look up your occupation"),
        ),
        Action(
            _(
                "Ask the training fund of your sector (O&O fund) or a learning ambassador of your "
                "union which courses are paid for."
            )
        ),
    ],
    G.SWITCH: [
        Action(
            _(
                "Find out what you can already do. Look up your occupation and see its skills: "
                "many fit other work too."
            ),
            "taxonomy:search",
            _("Look up your occupation"),
        ),
        Action(
            _(
                "Ask for a free career conversation at a leerwerkloket or another service point "
                "near you."
            )
        ),
        Action(
            _("See which schemes help you pay for a course or training."),
            "services:schemes",
            _("All schemes"),
        ),
    ],
    G.FIND_WORK: [
        Action(
            _(
                "Do you have a benefit? Then UWV (WW) or the work desk of your municipality "
                "(bijstand) helps you look for work and training."
            )
        ),
        Action(
            _(
                "A leerwerkloket gives free advice about learning and working, also without a "
                "benefit."
            )
        ),
        Action(
            _("See which schemes pay for training towards work with good chances."),
            "services:schemes",
            _("All schemes"),
        ),
    ],
    G.SELF_EMPLOYED: [
        Action(
            _(
                "Talk to a career adviser or a leerwerkloket about your plans and what you need to"
                " learn."
            )
        ),
        Action(
            _("Keep learning as a self-employed person: see which schemes are open to you."),
            "services:schemes",
            _("All schemes"),
        ),
        Action(
            _("Free online courses help with computer, language and work skills."),
            "services:learning",
            _("Free online learning"),
        ),
    ],
    G.BASIC_SKILLS: [
        Action(
            _(
                "Go to the Taalhuis in your library. You can learn Dutch, arithmetic and computer "
                "skills there, for free."
            )
        ),
        Action(
            _("Practise at home, for free and at your own pace."),
            "services:learning",
            _("Free online learning"),
        ),
        Action(
            _(
                "Need help with government websites, such as DigiD or the tax office? The Digital "
                "Government Information Point in the library helps you."
            )
        ),
    ],
}

B = choices.Barrier
TIPS: dict[str, Action] = {
    B.TIME: Action(
        _("Little time? Learn in small steps: online, in the evening, or in your work itself."),
        "services:learning",
        _("Free online learning"),
    ),
    B.MONEY: Action(
        _(
            "Money? Much help is free, and schemes can pay for a course. See below which may apply"
            " to you."
        )
    ),
    B.CONFIDENCE: Action(
        _(
            "Not sure you can do it? Start small. A learning ambassador or the Taalhuis helps you "
            "on your way, without tests."
        )
    ),
    B.EMPLOYER: Action(
        _(
            "No help from your employer? Ask your union or a leerwerkloket for advice. You can "
            "also learn without your employer."
        )
    ),
    B.WHERE_TO_START: Action(
        _(
            "Do not know where to start? Ask for a conversation with an adviser near you. That is "
            "often free."
        )
    ),
    B.PERSONAL: Action(
        _(
            "Other worries first? Your municipality helps with money, debts, care and home. "
            "Learning can wait until there is room for it."
        )
    ),
}


# Short names of the questions for "what you told us".
SUMMARY: dict[str, Promise] = {
    "goal": _("What you want"),
    "work_situation": _("Work situation"),
    "education": _("Highest diploma"),
    "age_group": _("Age"),
    "sector": _("Sector"),
    "employer_size": _("Size of your employer"),
    "place": _("Where you live"),
    "barriers": _("What holds you back"),
}


@dataclass(frozen=True)
class Route:
    answers: dict[str, Any]
    place: Place | None
    actions: list[Action]
    tips: list[Action]
    nearby: list[Found]
    nationwide: list[ServicePoint]
    verdicts: list[Verdict]

    @property
    def applies(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.outcome is Outcome.APPLIES]

    @property
    def may_apply(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.outcome is Outcome.MAY_APPLY]

    def answer_labels(self) -> list[tuple[str, str, str]]:
        """(question, answer, step URL name) for "what you told us", with change links."""
        rows = []
        for step in intake.STEPS:
            form = step.form()
            for name in step.fields:
                value = self.answers.get(name)
                field = form.fields[name]
                if name == "place":
                    shown = self.place.label if self.place else ""
                elif isinstance(value, list):
                    labels = dict(field.choices)  # type: ignore[attr-defined]
                    shown = ", ".join(str(labels[v]) for v in value if v in labels)
                else:
                    shown = str(dict(field.choices).get(value, "")) if value else ""  # type: ignore[attr-defined]
                rows.append((str(SUMMARY[name]), shown, step.url_name))
        return rows


def for_people(scheme: Scheme) -> bool:
    """Schemes only employers can use stay out of a person's route."""
    return not scheme.audiences or scheme.audiences != [choices.Audience.EMPLOYERS]


def build_route(answers: dict[str, Any]) -> Route:
    goal = answers.get("goal", "")
    place = intake.place_of(answers)
    found = search_points(place, topics=choices.GOAL_TOPICS.get(goal, []))
    verdicts = [
        v
        for v in applicable_schemes(intake.facts_of(answers))
        if v.outcome is not Outcome.DOES_NOT_APPLY and for_people(v.scheme)
    ]
    return Route(
        answers=answers,
        place=place,
        actions=ACTIONS.get(goal, []),
        tips=[TIPS[b] for b in answers.get("barriers", []) if b in TIPS],
        nearby=found.local[:NEARBY] if place else [],
        nationwide=found.nationwide,
        verdicts=verdicts,
    )
