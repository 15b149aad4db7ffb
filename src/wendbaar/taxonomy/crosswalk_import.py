"""`wendbaar crosswalk import`: an external scheme and its mapping, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.taxonomy import crosswalk_io as io
from wendbaar.taxonomy import records as r
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping
from wendbaar.taxonomy.runs import tracked_run
from wendbaar.taxonomy.writer import TaxonomyWriter


@dataclass(frozen=True)
class CrosswalkOptions:
    scheme: str
    scheme_title: str = ""
    format: str | None = None
    source_column: str = "source_id"
    label_column: str = ""
    target_column: str = "target_uri"
    relation_column: str = "relation"
    default_relation: str = "exactMatch"
    lang: str = "nl"
    status: str = Mapping.Status.ACCEPTED
    uri_base: str = ""
    concepts_only: bool = False


def read(path: Path, options: CrosswalkOptions) -> io.CrosswalkData:
    fmt = options.format or io.detect_format(path)
    if not path.is_file():
        raise io.CrosswalkFormatError(str(path), "no such file")
    if fmt not in io.FORMATS:
        raise io.CrosswalkFormatError(
            str(path), f"cannot tell the format; pass --format ({', '.join(io.FORMATS)})"
        )
    if fmt in {"turtle", "rdfxml"}:
        return io.read_skos(path, fmt)
    columns = io.TableColumns(
        source=options.source_column,
        target=options.target_column,
        relation=options.relation_column,
        label=options.label_column,
        default_relation=io.relation_name(options.default_relation, "--relation", None),
        lang=options.lang,
        uri_base=options.uri_base or f"urn:wendbaar:{options.scheme}:",
    )
    return io.read_table(path, "\t" if fmt == "tsv" else ",", columns)


def import_crosswalk(path: Path, options: CrosswalkOptions) -> dict[str, Any]:
    data = read(path, options)
    with tracked_run("crosswalk", [str(path)]) as (run, progress):
        progress.stage(f"{path.name}: concepts", len(data.concepts), unit="concepts")
        with transaction.atomic():
            summary = _apply(path, data, options, progress)
        run.summary = summary
    return summary


def _apply(
    path: Path, data: io.CrosswalkData, options: CrosswalkOptions, progress: Any
) -> dict[str, Any]:
    scheme, _ = ConceptScheme.objects.get_or_create(
        code=options.scheme,
        defaults={
            "uri": options.uri_base or f"urn:wendbaar:{options.scheme}",
            "kind": ConceptScheme.Kind.EXTERNAL,
            "titles": {options.lang: options.scheme_title or options.scheme},
        },
    )
    writer = TaxonomyWriter(scheme.version or "imported", scheme)
    writer.apply_concepts(_records(data, path))
    progress.advance(len(data.concepts))
    summary: dict[str, Any] = {
        "scheme": scheme.code,
        "concepts": len(data.concepts),
        "concepts_added": sum(writer.report.added.values()),
        "concepts_changed": sum(writer.report.changed.values()),
        "rows": len(data.mappings),
        "mappings_added": 0,
        "mappings_changed": 0,
        "mappings_unchanged": 0,
        "unresolved": {"rows": 0, "distinct_targets": 0, "examples": []},
    }
    if options.concepts_only:
        return summary
    provenance = path.name
    progress.stage(f"{path.name}: mappings", len(data.mappings), unit="rows")
    targets = dict(
        Concept.objects.filter(uri__in={m.target_uri for m in data.mappings})
        .exclude(scheme=scheme)
        .values_list("uri", "id")
    )
    existing = {
        (m.source_id, m.target_id): m for m in Mapping.objects.filter(source__scheme=scheme)
    }
    new: list[Mapping] = []
    changed: list[Mapping] = []
    missing: list[io.MappingRow] = []
    for row in data.mappings:
        target_id = targets.get(row.target_uri)
        if target_id is None:
            missing.append(row)
            continue
        source_id = writer.known[row.source_uri].id
        mapping = existing.get((source_id, target_id))
        if mapping is None:
            new.append(
                Mapping(
                    source_id=source_id,
                    target_id=target_id,
                    relation=row.relation,
                    status=options.status,
                    provenance=provenance,
                )
            )
        elif (mapping.relation, mapping.provenance) != (row.relation, provenance):
            mapping.relation, mapping.provenance = row.relation, provenance
            changed.append(mapping)
        else:
            summary["mappings_unchanged"] += 1
    Mapping.objects.bulk_create(new, batch_size=1000)
    Mapping.objects.bulk_update(changed, ["relation", "provenance"], batch_size=1000)
    progress.advance(len(data.mappings))
    summary["mappings_added"] = len(new)
    summary["mappings_changed"] = len(changed)
    summary["unresolved"] = {
        "rows": len(missing),
        "distinct_targets": len({row.target_uri for row in missing}),
        "examples": [
            {"line": row.line, "source": row.source_uri, "target": row.target_uri}
            for row in missing
        ],
    }
    return summary


def _records(data: io.CrosswalkData, path: Path) -> list[r.ConceptRecord]:
    records = []
    for concept in data.concepts.values():
        languages = concept.labels or {"und": []}
        for lang, labels in languages.items():
            pref = labels[0] if labels else concept.code
            records.append(
                r.ConceptRecord(
                    uri=concept.uri,
                    kind=Concept.Kind.EXTERNAL,
                    content=r.LanguageContent(lang=lang, pref=pref, alt=tuple(labels[1:])),
                    code=concept.code,
                    source=str(path),
                )
            )
    return records
