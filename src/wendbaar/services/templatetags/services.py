"""Template helpers of the service pages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from wendbaar.services.models import Localized, Translated
from wendbaar.services.rules import Outcome

register = template.Library()


@register.simple_tag
def localized(obj: Translated, name: str) -> Localized:
    """``{% localized scheme "summary" as text %}``: the text in the reader's language."""
    return obj.localized(name)


@register.simple_tag
def outcome_label(outcome: str) -> str:
    return {
        Outcome.APPLIES: _("Applies to you"),
        Outcome.MAY_APPLY: _("May apply to you"),
        Outcome.DOES_NOT_APPLY: _("Does not apply to you"),
    }[Outcome(outcome)]


@register.simple_tag
def contact_email() -> str:
    """The address people write to about the portal (settings.WENDBAAR_CONTACT_EMAIL)."""
    return getattr(settings, "WENDBAAR_CONTACT_EMAIL", "")
