"""``{{ item|shown }}``: a label from present.Labels, with its language when it is not the
page's (a filter rather than an include: result pages show hundreds of labels)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def shown(item: dict[str, Any]) -> SafeString:
    if item.get("fallback") and item.get("lang"):
        return format_html('<span lang="{}">{}</span>', item["lang"], item["label"])
    return format_html("<span>{}</span>", item.get("label", ""))
