"""Development plans (ontwikkelplan): goals, actions, consent, completion and reminders.

* The owner sees and edits their plans; an adviser sees a plan only while the owner's
  consent for "plan" stands (``passport.sharing.has_consent``), and every look is logged
  in the owner's access log.
* Completing an action raises the passport: an action that ends with a credential (the
  offering's Open Badges achievement) gives level 5 (certified) for the skills it closes;
  an EVC trajectory, or any action an adviser marks done as validated, gives level 4
  (validated); other completed actions leave the passport as it is (the person can add a
  self-declared claim themselves). ``add_claim`` never lowers a level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wendbaar.learning.models import (
    ActionKind,
    ActionStatus,
    Offering,
    OfferingKind,
    Plan,
    PlanAction,
)
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import ClaimSource, ConsentScope, ValidationLevel
from wendbaar.passport.sharing import has_consent, log_view
from wendbaar.taxonomy.models import Concept


def plans_of(user: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(owner=user).prefetch_related("actions")


def current_plan(user: Any) -> Plan:
    """The person's latest plan, made on first use."""
    plan = Plan.objects.filter(owner=user).first()
    return plan or Plan.objects.create(owner=user, title=_("My development plan"))


def can_view(plan: Plan, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return plan.owner_id == user.pk or has_consent(plan.owner, user, ConsentScope.PLAN)


def can_edit(plan: Plan, user: Any) -> bool:
    """The owner edits; an adviser with consent may update actions (and validate them)."""
    return can_view(plan, user)


def viewed(plan: Plan, user: Any) -> None:
    """Log an adviser's look at someone else's plan."""
    if user.pk != plan.owner_id:
        log_view(plan.owner, user, f"plan:{plan.pk}")


def plans_shared_with(user: Any) -> QuerySet[Plan]:
    from wendbaar.passport.models import Consent

    owners = Consent.objects.filter(
        grantee=user, scope=ConsentScope.PLAN, revoked_at__isnull=True
    ).values("owner")
    return Plan.objects.filter(owner__in=owners).select_related("owner")


def set_goal(plan: Plan, occupation: Concept | None, skills: Iterable[Concept] = ()) -> Plan:
    plan.goal_occupation = occupation
    plan.save(update_fields=["goal_occupation", "updated_at"])
    plan.goal_skills.set(list(skills))
    return plan


def add_offering(
    plan: Plan, offering: Offering, skills: Iterable[Concept] = (), deadline: dt.date | None = None
) -> PlanAction:
    """Put an offering in the plan (once); ``skills`` are the gaps it closes."""
    existing = plan.actions.filter(offering=offering).first()
    if existing is not None:
        return existing
    kind = ActionKind.EVC if offering.kind == OfferingKind.EVC else ActionKind.OFFERING
    action = PlanAction.objects.create(
        plan=plan, kind=kind, title=offering.title[:300], offering=offering, deadline=deadline
    )
    chosen = list(skills) or [
        link.concept for link in offering.skill_links.select_related("concept")
    ]
    action.skills.set(chosen)
    return action


def level_for(action: PlanAction, validated: bool) -> int | None:
    """The passport level a completed action gives (None: it gives none)."""
    if action.credential:
        return ValidationLevel.CERTIFIED
    if validated or action.kind == ActionKind.EVC:
        return ValidationLevel.VALIDATED
    return None


def complete(action: PlanAction, by: Any, *, validated: bool = False) -> list[tuple[Concept, bool]]:
    """Mark an action done; raise the owner's passport claims for its skills.

    ``validated`` counts only when ``by`` is not the owner (an adviser with consent).
    Returns (skill, raised) for each skill of the action.
    """
    owner = action.plan.owner
    validated = validated and by is not None and by.pk != owner.pk
    with transaction.atomic():
        action.status = ActionStatus.DONE
        action.completed_at = action.completed_at or timezone.now()
        if not action.credential and action.offering is not None and action.offering.credential:
            action.credential = action.offering.credential
        if validated:
            action.validated_by = by
        action.save()
        level = level_for(action, validated)
        if level is None:
            return []
        passport = passport_of(owner)
        results = []
        for concept in action.skills.all():
            _claim, changed = add_claim(passport, concept, level, ClaimSource.PLAN)
            results.append((concept, changed))
    return results


def set_status(action: PlanAction, status: str, by: Any, *, validated: bool = False) -> None:
    if status == ActionStatus.DONE:
        complete(action, by, validated=validated)
        return
    action.status = status
    action.completed_at = None
    action.save(update_fields=["status", "completed_at"])


def due_actions(today: dt.date, days: int = 7) -> QuerySet[PlanAction]:
    """Open actions with a deadline within ``days`` (or past), not reminded today."""
    return (
        PlanAction.objects.exclude(status=ActionStatus.DONE)
        .filter(deadline__isnull=False, deadline__lte=today + dt.timedelta(days=days))
        .exclude(reminded_on=today)
        .select_related("plan__owner")
    )


def send_reminders(today: dt.date | None = None, days: int = 7) -> int:
    """One e-mail per person listing their actions that are due; returns e-mails sent."""
    today = today or timezone.localdate()
    by_owner: dict[int, list[PlanAction]] = {}
    for action in due_actions(today, days):
        by_owner.setdefault(action.plan.owner_id, []).append(action)
    sent = 0
    for actions in by_owner.values():
        owner = actions[0].plan.owner
        if not owner.email:
            continue
        with translation.override(getattr(owner, "language", None) or settings.LANGUAGE_CODE):
            lines = [
                _("%(title)s: deadline %(date)s")
                % {"title": a.title, "date": a.deadline.isoformat() if a.deadline else ""}
                for a in actions
            ]
            body = "\n".join(
                [_("These actions in your development plan are due soon:"), "", *lines, ""]
            )
            send_mail(_("Reminder: your development plan"), body, None, [owner.email])
        PlanAction.objects.filter(pk__in=[a.pk for a in actions]).update(reminded_on=today)
        sent += 1
    return sent


def export_plans(user: Any) -> list[dict[str, Any]]:
    """The person's plans for the personal-data download."""
    return [
        {
            "title": plan.title,
            "goal_occupation": plan.goal_occupation.uri if plan.goal_occupation else None,
            "goal_skills": list(plan.goal_skills.values_list("uri", flat=True)),
            "created_at": plan.created_at.isoformat(),
            "actions": [
                {
                    "kind": a.kind,
                    "title": a.title,
                    "offering": a.offering_id,
                    "skills": list(a.skills.values_list("uri", flat=True)),
                    "deadline": a.deadline.isoformat() if a.deadline else None,
                    "status": a.status,
                    "completed_at": a.completed_at.isoformat() if a.completed_at else None,
                    "credential": a.credential or None,
                }
                for a in plan.actions.all()
            ],
        }
        for plan in Plan.objects.filter(owner=user).order_by("created_at", "pk")
    ]
