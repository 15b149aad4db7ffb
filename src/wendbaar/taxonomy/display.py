"""Choosing what to show of a concept in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from wendbaar.taxonomy.models import Concept, Label


@dataclass(frozen=True)
class ShownLabel:
    text: str
    lang: str
    fallback: bool  # True when the reader's language has no label and another is shown

    def __str__(self) -> str:
        return self.text


def reader_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _fallback_order(lang: str) -> list[str]:
    return [lang, *(code for code, _ in settings.LANGUAGES if code != lang)]


def preferred_labels(concept_ids: Iterable[int], lang: str | None = None) -> dict[int, ShownLabel]:
    """The preferred label of each concept in ``lang``, else in the other portal language,
    else in any language it has."""
    lang = lang or reader_language()
    order = _fallback_order(lang)
    best: dict[int, tuple[int, ShownLabel]] = {}
    rows = Label.objects.filter(
        concept_id__in=list(concept_ids), kind=Label.Kind.PREFERRED
    ).values_list("concept_id", "lang", "text")
    for concept_id, label_lang, text in rows:
        rank = order.index(label_lang) if label_lang in order else len(order)
        current = best.get(concept_id)
        if current is None or rank < current[0]:
            best[concept_id] = (rank, ShownLabel(text, label_lang, label_lang != lang))
    return {concept_id: shown for concept_id, (_, shown) in best.items()}


def label_of(concept: Concept, lang: str | None = None) -> ShownLabel:
    shown = preferred_labels([concept.pk], lang).get(concept.pk)
    return shown or ShownLabel(concept.code or concept.uri, "", True)
