"""The owner decides who sees the passport: share links, consents and the access log.

* A share link's token is random (``secrets``) and shown to the owner once; only its
  SHA-256 is stored, so a copy of the database does not open any passport.
* Consent is given to one adviser or employer for one scope (passport or plan) and holds
  until the owner revokes it. ``has_consent`` is the one check every view and API uses.
* Every look at someone's data is written to the access log, which the owner reads.

Other apps (the development plan) use ``has_consent`` and ``log_view``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wendbaar.accounts.models import Role
from wendbaar.passport.claims import add_claim
from wendbaar.passport.models import (
    AccessLog,
    Consent,
    ConsentScope,
    Passport,
    ShareLink,
    SkillClaim,
    ValidationLevel,
)
from wendbaar.services.models import ServicePointMember
from wendbaar.taxonomy.display import preferred_labels

DEFAULT_DAYS = 30
MAX_DAYS = 365
PDF_DAYS = 90
PDF_LABEL = "PDF"
TOKEN_BYTES = 32
GRANTEE_ROLES = (Role.ADVISER, Role.EMPLOYER)

# What a grantee may raise a claim to; levels only rise (see claims.add_claim).
RAISE_TO = {Role.ADVISER: ValidationLevel.ADVISER, Role.EMPLOYER: ValidationLevel.EMPLOYER}

# Codes stored in AccessLog.what; the owner's page turns them into words.
WHAT_PASSPORT = "passport"
WHAT_PLAN = "plan"
WHAT_SELECTION = "selection"  # "selection:<number of skills>"
WHAT_RAISED = "raised"  # "raised:<concept pk>:<new level>"


class SharingError(ValueError):
    """Input the owner can correct; the message is shown as is."""


# Share links ---------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewLink:
    link: ShareLink
    token: str  # shown once, never stored


def create_link(
    passport: Passport,
    *,
    label: str,
    days: int = DEFAULT_DAYS,
    claims: Iterable[SkillClaim] | None = None,
) -> NewLink:
    """A link to the whole passport (``claims`` None) or to a selection of its claims."""
    if not 1 <= days <= MAX_DAYS:
        raise SharingError(f"days must be between 1 and {MAX_DAYS}")
    selected: list[SkillClaim] = []
    if claims is not None:
        selected = list(claims)
        if not selected:
            raise SharingError("choose at least one skill")
        if any(claim.passport_id != passport.pk for claim in selected):
            raise SharingError("a chosen skill is not in this passport")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        link = ShareLink.objects.create(
            passport=passport,
            token_hash=hash_token(token),
            label=label.strip()[:200],
            whole_passport=claims is None,
            expires_at=timezone.now() + timedelta(days=days),
        )
        if selected:
            link.claims.set(selected)
    return NewLink(link, token)


def link_state(link: ShareLink) -> str:
    """active, expired or revoked."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= timezone.now():
        return "expired"
    return "active"


def find_link(token: str) -> ShareLink | None:
    """The link behind a token, active or not; None for a token that was never made."""
    if not token or len(token) > 200:
        return None
    return (
        ShareLink.objects.select_related("passport__owner")
        .filter(token_hash=hash_token(token))
        .first()
    )


def revoke_link(passport: Passport, pk: int) -> bool:
    """Revoke one of the passport's own links; False when it is not theirs or already revoked."""
    return bool(
        ShareLink.objects.filter(passport=passport, pk=pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def links_of(passport: Passport) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(passport=passport).prefetch_related("claims")


def shared_claims(link: ShareLink) -> QuerySet[SkillClaim]:
    """Exactly the claims the link allows, highest level first."""
    claims = SkillClaim.objects.filter(passport=link.passport)
    if not link.whole_passport:
        claims = claims.filter(pk__in=link.claims.values("pk"))
    return claims.select_related("concept").order_by("-level", "-last_used", "pk")


def shared_credentials(link: ShareLink) -> QuerySet[Any]:
    """Credentials the link shows: all of them for the whole passport, else those that are
    evidence for a selected claim."""
    credentials = link.passport.credentials.all()
    if not link.whole_passport:
        credentials = credentials.filter(evidence__claim__in=link.claims.all()).distinct()
    return credentials


def log_link_view(link: ShareLink) -> AccessLog:
    what = WHAT_PASSPORT if link.whole_passport else f"{WHAT_SELECTION}:{link.claims.count()}"
    return AccessLog.objects.create(
        owner=link.passport.owner,
        viewer=None,
        viewer_label=f"via link: {link.label}",
        share_link=link,
        what=what,
    )


def public_name(owner: Any) -> str:
    """The only personal detail a shared view shows: the owner's first name (may be empty)."""
    return str(owner.first_name or "").strip()


# Consent -------------------------------------------------------------------


def can_receive_consent(user: Any) -> bool:
    return bool(user is not None and user.is_active and user.role in GRANTEE_ROLES)


def has_consent(owner: Any, grantee: Any, scope: str) -> bool:
    """True when ``owner`` gave ``grantee`` consent for ``scope`` and has not revoked it."""
    if owner is None or grantee is None or not getattr(grantee, "is_authenticated", False):
        return False
    if owner.pk == grantee.pk or not can_receive_consent(grantee):
        return False
    return Consent.objects.filter(
        owner=owner, grantee=grantee, scope=scope, revoked_at__isnull=True
    ).exists()


def grant_consent(owner: Any, grantee: Any, scope: str) -> tuple[Consent, bool]:
    """Give consent; an active consent for the same person and scope is kept (created False)."""
    if scope not in ConsentScope.values:
        raise SharingError(f"scope must be one of {', '.join(ConsentScope.values)}")
    if not can_receive_consent(grantee) or grantee.pk == owner.pk:
        raise SharingError("consent can only be given to an adviser or employer")
    with transaction.atomic():
        existing = Consent.objects.filter(
            owner=owner, grantee=grantee, scope=scope, revoked_at__isnull=True
        ).first()
        if existing is not None:
            return existing, False
        return Consent.objects.create(owner=owner, grantee=grantee, scope=scope), True


def revoke_consent(owner: Any, pk: int) -> bool:
    return bool(
        Consent.objects.filter(owner=owner, pk=pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def consents_of(owner: Any) -> QuerySet[Consent]:
    return Consent.objects.filter(owner=owner).select_related("grantee__organisation")


def find_grantee(email: str) -> Any | None:
    """An active adviser or employer with this e-mail address, else None.

    People's own accounts are never found this way, so the form reveals nothing about them.
    """
    email = email.strip()
    if not email:
        return None
    matches = list(
        get_user_model()
        .objects.filter(email__iexact=email, is_active=True, role__in=GRANTEE_ROLES)
        .select_related("organisation")[:2]
    )
    # Two accounts with one address cannot be told apart: better none than the wrong one.
    return matches[0] if len(matches) == 1 else None


def advisers_by_point() -> list[tuple[str, list[Any]]]:
    """(service point name, its active advisers) for the owner to pick from."""
    members = (
        ServicePointMember.objects.filter(user__is_active=True, user__role=Role.ADVISER)
        .select_related("user", "service_point")
        .order_by("service_point__name", "user__first_name", "user__username")
    )
    groups: dict[str, list[Any]] = {}
    for member in members:
        groups.setdefault(member.service_point.name, []).append(member.user)
    return list(groups.items())


def shown_name(user: Any) -> str:
    """How a professional is named to the people they work for."""
    return str(user.get_full_name() or user.get_username())


def grantee_label(user: Any) -> str:
    """Name and organisation, kept in the access log even if the account goes away."""
    organisation = user.organisation.name if user.organisation_id else ""
    if not organisation and user.role == Role.ADVISER:
        point = user.service_point_roles.select_related("service_point").first()
        organisation = point.service_point.name if point else ""
    name = shown_name(user)
    return f"{name}, {organisation}" if organisation else name


def passports_for(grantee: Any, scope: str = ConsentScope.PASSPORT) -> QuerySet[Passport]:
    """The passports whose owners gave ``grantee`` consent for ``scope``."""
    if not can_receive_consent(grantee):
        return Passport.objects.none()
    owners = Consent.objects.filter(grantee=grantee, scope=scope, revoked_at__isnull=True)
    return (
        Passport.objects.filter(owner__in=owners.values("owner"))
        .select_related("owner")
        .order_by("owner__first_name", "owner__last_name", "pk")
    )


def consented_passport(grantee: Any, pk: int) -> Passport | None:
    """The passport ``pk`` if its owner gave ``grantee`` consent, else None (never a hint)."""
    return passports_for(grantee).filter(pk=pk).first()


def log_view(owner: Any, viewer: Any, what: str) -> AccessLog:
    """Record that ``viewer`` (a user) saw ``what`` of ``owner``'s data."""
    return AccessLog.objects.create(
        owner=owner, viewer=viewer, viewer_label=grantee_label(viewer)[:300], what=what[:200]
    )


def raise_claim(grantee: Any, passport_pk: int, claim_pk: int) -> tuple[SkillClaim, bool] | None:
    """An adviser confirms, an employer endorses a claim of a consented passport.

    None when there is no consent (or no such claim); (claim, changed) otherwise. The
    claim keeps how it got into the passport; the access log says who raised it.
    """
    target = RAISE_TO.get(grantee.role) if can_receive_consent(grantee) else None
    if target is None:
        return None
    claim = (
        SkillClaim.objects.select_related("passport__owner", "concept")
        .filter(pk=claim_pk, passport_id=passport_pk, passport__in=passports_for(grantee))
        .first()
    )
    if claim is None:
        return None
    raised, changed = add_claim(claim.passport, claim.concept, int(target), claim.source)
    if changed:
        log_view(claim.passport.owner, grantee, f"{WHAT_RAISED}:{claim.concept_id}:{int(target)}")
    return raised, changed


def access_log(owner: Any) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(owner=owner).select_related("viewer", "share_link")


def describe_what(what: str) -> str:
    """An access-log code in words, in the reader's language."""
    kind, _sep, rest = what.partition(":")
    if kind == WHAT_PASSPORT:
        return _("the whole skills passport")
    if kind == WHAT_PLAN:
        return _("the development plan")
    if kind == WHAT_SELECTION and rest.isdigit():
        count = int(rest)
        return ngettext("%(count)d chosen skill", "%(count)d chosen skills", count) % {
            "count": count
        }
    if kind == WHAT_RAISED:
        concept, _sep, level = rest.partition(":")
        if concept.isdigit() and level.isdigit() and int(level) in ValidationLevel.values:
            label = preferred_labels([int(concept)]).get(int(concept))
            return _("raised %(skill)s to “%(level)s”") % {
                "skill": label.text if label else concept,
                "level": ValidationLevel(int(level)).label,
            }
    return what


def describe_viewer(entry: AccessLog) -> str:
    if entry.share_link_id is not None and entry.share_link is not None:
        label = entry.share_link.label or _("no name")
        return _("someone with your link “%(label)s”") % {"label": label}
    if entry.viewer is not None:
        return f"{entry.viewer_label} ({entry.viewer.get_role_display()})"
    return entry.viewer_label
