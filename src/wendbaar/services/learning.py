"""Searching the free online learning list by skill and by word, in either language."""

from __future__ import annotations

from django.utils import translation

from wendbaar.services.models import LearningResource
from wendbaar.taxonomy.text import fold


def _haystack(resource: LearningResource) -> str:
    labels = []
    for lang in ("nl", "en"):
        with translation.override(lang):
            labels.extend(resource.topic_labels())
    parts = [
        resource.title,
        resource.provider,
        resource.description_nl,
        resource.description_en,
        resource.keywords,
        *labels,
        *resource.topics,
    ]
    return fold(" ".join(parts))


def search_resources(text: str = "", topic: str = "") -> list[LearningResource]:
    """Every word must occur somewhere (title, description, search words or skill)."""
    words = fold(text).split()
    found = []
    for resource in LearningResource.objects.all():
        if topic and topic not in resource.topics:
            continue
        haystack = _haystack(resource)
        if all(word in haystack for word in words):
            found.append(resource)
    return found
