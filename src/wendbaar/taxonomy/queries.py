"""Read-side helpers shared by the portal pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from wendbaar.taxonomy.display import ShownLabel, preferred_labels
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping, Relation

ISCO_URI = "http://data.europa.eu/esco/isco/C{code}"


@dataclass(frozen=True)
class Item:
    concept: Concept
    label: ShownLabel


def items(concepts: list[Concept], lang: str | None = None) -> list[Item]:
    labels = preferred_labels([c.pk for c in concepts], lang)
    return [Item(c, labels.get(c.pk) or ShownLabel(c.code or c.uri, "", True)) for c in concepts]


def related_concepts(concept: Concept, kind: str, outgoing: bool = True) -> QuerySet[Concept]:
    """Concepts at the other end of relations of ``kind`` (outgoing: concept is the source)."""
    relations = Relation.objects.filter(kind=kind)
    ids = (
        relations.filter(source=concept).values_list("target_id", flat=True)
        if outgoing
        else relations.filter(target=concept).values_list("source_id", flat=True)
    )
    return Concept.objects.filter(pk__in=ids).select_related("scheme").order_by("uri")


def isco_group(concept: Concept) -> Concept | None:
    code = concept.attributes.get("isco_group") if concept.kind == Concept.Kind.OCCUPATION else None
    if concept.kind == Concept.Kind.ISCO_GROUP:
        return concept
    if not code:
        return None
    return Concept.objects.filter(uri=ISCO_URI.format(code=code)).first()


def brc_groups(concept: Concept) -> list[Concept]:
    """The Dutch BRC 2014 group(s) of an occupation or ISCO group, through its ISCO unit."""
    group = isco_group(concept)
    if group is None:
        return []
    return list(
        Concept.objects.filter(
            mappings_in__source=group,
            mappings_in__status=Mapping.Status.ACCEPTED,
            scheme__kind=ConceptScheme.Kind.BRC,
        ).order_by("code")
    )


def mappings_of(concept: Concept) -> QuerySet[Mapping]:
    return (
        (Mapping.objects.filter(source=concept) | Mapping.objects.filter(target=concept))
        .select_related("source__scheme", "target__scheme")
        .order_by("relation", "pk")
    )


def labels_by_language(concept: Concept) -> dict[str, dict[str, list[str]]]:
    grouped: dict[str, dict[str, list[str]]] = {}
    for label in concept.labels.order_by("lang", "kind", "text"):
        grouped.setdefault(label.lang, {}).setdefault(label.kind, []).append(label.text)
    return grouped


def text_in(concept: Concept, lang: str) -> tuple[str, str, bool]:
    """(description, its language, whether it is a fallback) for the reader's language."""
    texts = {t.lang: t for t in concept.texts.all()}
    for candidate in (lang, "en", "nl", *texts):
        text = texts.get(candidate)
        if text is not None and (text.description or text.definition):
            return text.description or text.definition, candidate, candidate != lang
    return "", "", False
