"""Template context every page needs: language switch, demo notice, ESCO attribution."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from wendbaar.taxonomy.models import ConceptScheme


def portal(request: HttpRequest) -> dict[str, object]:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    switch = [
        {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    schemes = list(ConceptScheme.objects.values_list("kind", "is_demo"))
    return {
        "language_switch": switch,
        "shows_demo_data": any(is_demo for _, is_demo in schemes),
        "shows_esco_data": any(
            kind == ConceptScheme.Kind.ESCO and not is_demo for kind, is_demo in schemes
        ),
    }
