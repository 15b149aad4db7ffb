"""Build the linker's corpus from the database (the Django side of the engine's input)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Max

from wendbaar.linking.engine.corpus import Corpus, CorpusConcept, Label
from wendbaar.taxonomy.models import Concept, ConceptText, ImportRun, Relation
from wendbaar.taxonomy.models import Label as LabelRow


def taxonomy_fingerprint() -> str:
    """Cheap to compute, and changes with every import (each logs an ImportRun) and
    whenever concepts or labels are added, replaced or removed by other means."""
    concepts = Concept.objects.aggregate(n=Count("id"), top=Max("id"))
    labels = LabelRow.objects.aggregate(n=Count("id"), top=Max("id"))
    runs = ImportRun.objects.aggregate(top=Max("id"))
    deprecated = Concept.objects.filter(deprecated=True).count()
    return (
        f"c{concepts['n']}-{concepts['top']}-l{labels['n']}-{labels['top']}"
        f"-d{deprecated}-r{runs['top']}"
    )


def corpus_from_database(schemes: Iterable[str] | None = None) -> Corpus:
    """Current concepts (not deprecated, not placeholders) with all their labels."""
    concepts = Concept.objects.filter(deprecated=False, placeholder=False)
    if schemes is not None:
        concepts = concepts.filter(scheme__code__in=list(schemes))
    rows = list(concepts.values_list("id", "uri", "kind", "scheme__code"))
    ids = {row[0] for row in rows}
    labels: dict[int, list[Label]] = defaultdict(list)
    for concept_id, text, lang, kind in (
        LabelRow.objects.filter(concept__in=concepts)
        .values_list("concept_id", "text", "lang", "kind")
        .iterator(chunk_size=20000)
    ):
        labels[concept_id].append(Label(text, lang, kind))
    descriptions: dict[int, dict[str, str]] = defaultdict(dict)
    for concept_id, lang, description in (
        ConceptText.objects.filter(concept__in=concepts)
        .exclude(description="")
        .values_list("concept_id", "lang", "description")
        .iterator(chunk_size=20000)
    ):
        descriptions[concept_id][lang] = description
    broader: dict[int, list[int]] = defaultdict(list)
    related: dict[int, list[int]] = defaultdict(list)
    for source, target, kind in (
        Relation.objects.filter(source__in=concepts)
        .values_list("source_id", "target_id", "kind")
        .iterator(chunk_size=20000)
    ):
        if target in ids:
            (broader if kind == Relation.Kind.BROADER else related)[source].append(target)
    return Corpus(
        [
            CorpusConcept(
                id=concept_id,
                uri=uri,
                kind=kind,
                scheme=scheme,
                labels=labels[concept_id],
                descriptions=descriptions[concept_id],
                broader=sorted(broader[concept_id]),
                related=sorted(related[concept_id]),
            )
            for concept_id, uri, kind, scheme in rows
            if labels[concept_id]
        ],
        version=taxonomy_fingerprint(),
    )
