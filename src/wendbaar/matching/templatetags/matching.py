"""``{{ item|shown }}``: a label from present.Labels, with its language when it is not the
page's; ``{{ skills|skill_list }}``: a list of such labels with how each is covered.

Filters rather than includes: a result page shows hundreds of labels, and an include per
list (with its lookups of missing keys) was most of the page's rendering time."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def shown(item: dict[str, Any]) -> SafeString:
    if item.get("fallback") and item.get("lang"):
        return format_html('<span lang="{}">{}</span>', item["lang"], item["label"])
    return format_html("<span>{}</span>", item.get("label", ""))


def _how(item: dict[str, Any], show_credit: bool) -> SafeString:
    """Which of the person's skills covers a requirement, or how much of it (partly)."""
    if item.get("by"):
        reason = _("through %(reason)s:") % {"reason": item.get("reason_text", "")}
        return format_html(' <span class="meta">({} {})</span>', reason, shown(item["by"]))
    if item.get("credit") and show_credit:
        partly = _("partly, %(credit)s") % {"credit": localize(item["credit"])}
        return format_html(' <span class="meta">({})</span>', partly)
    return SafeString("")


@register.filter
def skill_list(skills: list[dict[str, Any]], show: str = "") -> SafeString:
    """Skills as a list; ``show`` "credit" gives the credit of partly covered skills."""
    if not skills:
        return format_html('<p class="meta">{}</p>', _("None."))
    items = format_html_join(
        "", "<li>{}{}</li>", ((shown(s), _how(s, show == "credit")) for s in skills)
    )
    return format_html('<ul class="skill-list">{}</ul>', items)
