"""Everything the platform holds about a person: export as JSON, and what deletion takes.

Apps register an exporter for their own data, usually in their ``AppConfig.ready``::

    from wendbaar.accounts.personal_data import register_exporter

    def export_passport(user) -> dict: ...
    register_exporter("passport", export_passport)

The download holds the account and one section per registered exporter. Deleting an
account deletes the user; every row with a CASCADE foreign key to it goes with it, and
:func:`deletion_summary` lists those rows before the person confirms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import router
from django.db.models.deletion import Collector
from django.utils import timezone

from wendbaar.accounts import totp
from wendbaar.accounts.models import User

Exporter = Callable[[User], Any]
_exporters: dict[str, Exporter] = {}
FORMAT = "wendbaar-personal-data"
FORMAT_VERSION = 1
RESERVED = {"format", "version", "exported_at", "account"}


def register_exporter(name: str, exporter: Exporter) -> None:
    """Add a section; the same function may register twice, another one under a taken name not."""
    if name in RESERVED:
        raise ValueError(f"{name!r} is a reserved section name")
    known = _exporters.get(name)
    if known is not None and _qualified(known) != _qualified(exporter):
        raise ValueError(f"the section {name!r} already has the exporter {_qualified(known)}")
    _exporters[name] = exporter


def unregister_exporter(name: str) -> None:
    _exporters.pop(name, None)


def registered_sections() -> list[str]:
    return sorted(_exporters)


def _qualified(function: Exporter) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _time(value: Any) -> str | None:
    return value.isoformat() if value else None


def account_data(user: User) -> dict[str, Any]:
    """The account itself: no password hash, TOTP secret or token hashes."""
    organisation = user.organisation
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "situation": user.situation,
        "organisation": (
            {"name": organisation.name, "slug": organisation.slug, "kind": organisation.kind}
            if organisation
            else None
        ),
        "date_joined": _time(user.date_joined),
        "last_login": _time(user.last_login),
        "has_password": user.has_usable_password(),
        "two_step_verification": totp.is_enabled(user),
        "recovery_codes_left": user.recovery_codes.filter(used_at__isnull=True).count(),
        "external_logins": [
            {
                "provider": identity.issuer,
                "subject": identity.subject,
                "created_at": _time(identity.created_at),
                "last_login_at": _time(identity.last_login_at),
            }
            for identity in user.external_identities.order_by("pk")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "first_characters": token.prefix,
                "created_at": _time(token.created_at),
                "last_used_at": _time(token.last_used_at),
            }
            for token in user.api_tokens.order_by("pk")
        ],
    }


def export(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": account_data(user),
    }
    for name in registered_sections():
        data[name] = _exporters[name](user)
    return data


def deletion_summary(user: User) -> list[tuple[str, int]]:
    """(what, how many) that deleting the account removes, the account itself excluded."""
    collector = Collector(using=router.db_for_write(User, instance=user))
    collector.collect([user])
    counts: Counter[str] = Counter()
    for model, instances in collector.data.items():
        if model is not User and not model._meta.auto_created:
            counts[str(model._meta.verbose_name_plural)] += len(instances)
    for queryset in collector.fast_deletes:
        model = queryset.model
        if model is not User and not model._meta.auto_created:
            found = queryset.count()
            if found:
                counts[str(model._meta.verbose_name_plural)] += found
    return sorted(counts.items())
