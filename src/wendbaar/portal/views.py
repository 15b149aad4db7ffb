"""General portal pages."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wendbaar.taxonomy.models import Concept


def home(request: HttpRequest) -> HttpResponse:
    counts = dict(
        Concept.objects.filter(deprecated=False, placeholder=False)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return render(
        request,
        "portal/home.html",
        {
            "occupations": counts.get(Concept.Kind.OCCUPATION, 0),
            "skills": counts.get(Concept.Kind.SKILL, 0) + counts.get(Concept.Kind.KNOWLEDGE, 0),
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")
