"""`wendbaar crosswalk suggest` and the agreement of suggestions with a reference crosswalk."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.linking.corpus_db import corpus_from_database
from wendbaar.linking.engine.crosswalk import suggest
from wendbaar.linking.service import get_linker
from wendbaar.taxonomy import crosswalk_io
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping
from wendbaar.taxonomy.runs import tracked_run

PROVENANCE = "wendbaar linker"
BATCH = 500


class UnknownScheme(crosswalk_io.CrosswalkFormatError):
    pass


def _scheme(code: str) -> ConceptScheme:
    scheme = ConceptScheme.objects.filter(code=code).first()
    if scheme is None:
        known = ", ".join(ConceptScheme.objects.values_list("code", flat=True)) or "none"
        raise UnknownScheme(code, f"no such scheme (known schemes: {known})")
    return scheme


def suggest_mappings(
    code: str, top: int = 3, min_confidence: float = 0.2, kinds: tuple[str, ...] = ("skill",)
) -> dict[str, Any]:
    """Store suggested mappings for every concept of a scheme; reviewed ones stay as they are."""
    scheme = _scheme(code)
    linker = get_linker()
    sources = corpus_from_database([code]).concepts
    uri_ids = dict(Concept.objects.filter(scheme=scheme).values_list("uri", "id"))
    existing = set(
        Mapping.objects.filter(source__scheme=scheme).values_list("source_id", "target_id")
    )
    added = 0
    covered: set[str] = set()
    with tracked_run("crosswalk-suggest", [code]) as (run, progress):
        progress.stage(f"{code}: suggestions", len(sources), unit="concepts")
        for start in range(0, len(sources), BATCH):
            batch = sources[start : start + BATCH]
            found = suggest(batch, linker, kinds=kinds, top=top, min_confidence=min_confidence)
            targets = dict(
                Concept.objects.filter(uri__in={s.target_uri for s in found}).values_list(
                    "uri", "id"
                )
            )
            new = []
            for item in found:
                pair = (uri_ids[item.source_uri], targets[item.target_uri])
                covered.add(item.source_uri)
                if pair in existing:
                    continue
                existing.add(pair)
                new.append(
                    Mapping(
                        source_id=pair[0],
                        target_id=pair[1],
                        relation=item.skos,
                        confidence=item.confidence,
                        provenance=PROVENANCE,
                        status=Mapping.Status.SUGGESTED,
                    )
                )
            with transaction.atomic():
                Mapping.objects.bulk_create(new, batch_size=1000)
            added += len(new)
            progress.advance(len(batch))
        summary = {
            "scheme": code,
            "concepts": len(sources),
            "with_suggestion": len(covered),
            "suggestions_added": added,
        }
        run.summary = summary
    return summary


@dataclass(frozen=True)
class Agreement:
    sources: int
    with_suggestion: int
    top1_relevant: int
    any_relevant: int
    relation_agrees: int
    relation_compared: int

    def as_dict(self) -> dict[str, Any]:
        def share(n: int, d: int) -> float | None:
            return round(n / d, 4) if d else None

        return {
            "reference_concepts": self.sources,
            "with_suggestion": self.with_suggestion,
            "top1_in_reference_exact_or_close": share(self.top1_relevant, self.sources),
            "any_suggestion_in_reference": share(self.any_relevant, self.sources),
            "relation_agreement": share(self.relation_agrees, self.relation_compared),
        }


def agreement(code: str, reference: Path, columns: crosswalk_io.TableColumns) -> Agreement:
    """Compare a scheme's suggestions with a reference crosswalk (e.g. the official one)."""
    scheme = _scheme(code)
    data = crosswalk_io.read_table(
        reference, "\t" if reference.suffix.lower() in {".tsv", ".tab"} else ",", columns
    )
    truth: dict[str, dict[str, str]] = defaultdict(dict)
    for row in data.mappings:
        truth[row.source_uri][row.target_uri] = row.relation
    suggested: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for source, target, relation, confidence in Mapping.objects.filter(
        source__scheme=scheme, provenance=PROVENANCE
    ).values_list("source__uri", "target__uri", "relation", "confidence"):
        suggested[source].append((confidence or 0.0, target, relation))
    top1 = anywhere = agree = compared = 0
    for source, targets in truth.items():
        ranked = sorted(suggested.get(source, []), reverse=True)
        relevant = {t for t, rel in targets.items() if rel in {"exactMatch", "closeMatch"}}
        if ranked and ranked[0][1] in relevant:
            top1 += 1
        if any(t in targets for _, t, _ in ranked):
            anywhere += 1
        for _, target, relation in ranked:
            if target in targets:
                compared += 1
                agree += relation == targets[target]
    return Agreement(
        len(truth), sum(1 for s in truth if suggested.get(s)), top1, anywhere, agree, compared
    )
