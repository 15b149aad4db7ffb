"""Words for the advice's reason codes and offering facts."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from wendbaar.learning.engine import advice as engine

register = template.Library()

REASONS = {
    engine.NO_OFFERING: _("No offering in the catalogue teaches this yet."),
    engine.LIMITS: _("Offerings exist, but they do not fit in your budget or hours."),
    engine.LANGUAGE: _("The offerings that teach this are in another language."),
    engine.NOT_ONLINE: _("The offerings that teach this are not online."),
    engine.TOO_FAR: _("The offerings that teach this are too far away."),
    engine.NO_START: _("The offerings that teach this do not start in time."),
    engine.TOO_LONG: _("The offerings that teach this take more weeks than you have."),
    engine.NEEDS_EXPERIENCE: _(
        "Only an EVC trajectory covers this, and EVC needs experience with it."
    ),
}


@register.filter
def reason_text(code: str) -> str:
    return str(REASONS.get(code, code))


@register.filter
def euros(value: object) -> str:
    """€ 1.234,50 in Dutch style for both languages (the amounts are Dutch prices)."""
    try:
        amount = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"
