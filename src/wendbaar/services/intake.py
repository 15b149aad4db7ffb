"""The intake "What do you want?": its steps, and the answers kept in the session only.

Nothing is stored in the database: the answers live in the session, which ends when the
browser closes, until the person sends a request and agrees to share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wendbaar.services import forms, geo
from wendbaar.services.facts import PERSON_FACTS
from wendbaar.services.postcodes import Place

SESSION_KEY = "wendbaar_intake"


@dataclass(frozen=True)
class Step:
    url_name: str
    form: type[forms.PublicForm]
    title: Promise
    fields: tuple[str, ...]


STEPS = (
    Step("intake", forms.GoalForm, _("What do you want?"), ("goal",)),
    Step(
        "intake_about",
        forms.AboutForm,
        _("About you"),
        ("work_situation", "education", "age_group"),
    ),
    Step(
        "intake_work",
        forms.WorkPlaceForm,
        _("Your work and where you live"),
        ("sector", "employer_size", "place"),
    ),
    Step("intake_barriers", forms.BarriersForm, _("What holds you back?"), ("barriers",)),
)


def answers(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(SESSION_KEY, {}))


def has_route(request: HttpRequest) -> bool:
    return bool(answers(request).get("goal"))


def save(request: HttpRequest, step: Step, form: forms.PublicForm) -> None:
    """Keep this step's answers; the session then ends when the browser closes."""
    stored = answers(request)
    for name in step.fields:
        stored[name] = form.cleaned_data[name]
    if "place" in step.fields:
        found: Place | None = getattr(form, "found_place", None)  # only WorkPlaceForm has it
        stored["place_found"] = _place_data(found) if found else None
    request.session[SESSION_KEY] = stored
    request.session.set_expiry(0)


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def initial(request: HttpRequest, step: Step) -> dict[str, Any]:
    stored = answers(request)
    return {name: stored[name] for name in step.fields if name in stored}


def _place_data(place: Place) -> dict[str, Any]:
    return {
        "label": place.label,
        "latitude": place.point.latitude,
        "longitude": place.point.longitude,
        "municipality_code": place.municipality_code,
        "municipality_name": place.municipality_name,
        "region_code": place.region_code,
        "region_name": place.region_name,
        "pc4": place.pc4,
    }


def place_of(stored: dict[str, Any]) -> Place | None:
    data = stored.get("place_found")
    if not data:
        return None
    return Place(
        data["label"],
        geo.Point(data["latitude"], data["longitude"]),
        data["municipality_code"],
        data["municipality_name"],
        data["region_code"],
        data["region_name"],
        data["pc4"],
    )


def facts_of(stored: dict[str, Any]) -> dict[str, object]:
    """The facts the scheme finder reads; answers left open are simply absent (unknown)."""
    facts: dict[str, object] = {
        name: stored[name] for name in PERSON_FACTS if stored.get(name) not in (None, "")
    }
    place = place_of(stored)
    if place is not None:
        facts.update({k: v for k, v in place.as_facts().items() if v})
    return facts
