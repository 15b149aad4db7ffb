"""Portal pages that use the linker: "Wat kun je?" (skills) and "Wat voor werk doe je?"."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from wendbaar.linking.api.views import candidate_dicts
from wendbaar.linking.engine.errors import QUERY_MAX, LinkingInputError
from wendbaar.linking.service import get_linker
from wendbaar.taxonomy.display import reader_language

PAGES = {
    "skill": {
        "title": gettext_lazy("What can you do?"),
        "label": gettext_lazy("Describe something you can do"),
        "hint": gettext_lazy("In your own words, for example: ik heb jaren de boekhouding gedaan."),
    },
    "occupation": {
        "title": gettext_lazy("What work do you do?"),
        "label": gettext_lazy("Your job or the work you did"),
        "hint": gettext_lazy("For example: medewerker klantcontact, or: ik werk in de thuiszorg."),
    },
}


def find(request: HttpRequest, kind: str) -> HttpResponse:
    text = request.GET.get("q", "")
    context: dict[str, object] = {
        "kind": kind,
        "page": PAGES[kind],
        "q": text,
        "max_length": QUERY_MAX,
    }
    if text.strip():
        lang = reader_language()
        try:
            candidates = get_linker().link(text, kinds=[kind], top=10)
        except LinkingInputError as exc:
            context["error"] = str(exc)
        else:
            context["results"] = candidate_dicts(candidates, lang)
            context["searched"] = True
    return render(request, "linking/find.html", context)
