"""`wendbaar crosswalk export`: a scheme's mappings as SKOS Turtle or CSV."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from wendbaar.taxonomy import crosswalk_io as io
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import ConceptScheme, Mapping
from wendbaar.taxonomy.writer import chunked


class UnknownScheme(io.CrosswalkFormatError):
    pass


def export_rows(scheme: ConceptScheme, statuses: list[str]) -> Iterator[io.ExportRow]:
    mappings = (
        Mapping.objects.filter(source__scheme=scheme, status__in=statuses)
        .select_related("source", "target")
        .order_by("source__uri", "target__uri")
    )
    for batch in chunked(mappings.iterator(chunk_size=2000), 2000):
        ids = {m.source_id for m in batch} | {m.target_id for m in batch}
        labels = preferred_labels(ids, "nl")
        for m in batch:
            source, target = labels.get(m.source_id), labels.get(m.target_id)
            yield io.ExportRow(
                source_uri=m.source.uri,
                source_code=m.source.code,
                source_label=source.text if source else "",
                source_lang=source.lang if source else "",
                relation=m.relation,
                target_uri=m.target.uri,
                target_label=target.text if target else "",
                target_lang=target.lang if target else "",
                confidence=m.confidence,
                status=m.status,
                provenance=m.provenance,
            )


def export_mappings(scheme_code: str, fmt: str, out: IO[str], statuses: list[str]) -> int:
    scheme = ConceptScheme.objects.filter(code=scheme_code).first()
    if scheme is None:
        known = ", ".join(ConceptScheme.objects.values_list("code", flat=True)) or "none"
        raise UnknownScheme(scheme_code, f"no such scheme (known schemes: {known})")
    bad = [s for s in statuses if s not in Mapping.Status.values]
    if bad:
        raise io.CrosswalkFormatError(
            "--status", f"unknown status {', '.join(bad)}; use {', '.join(Mapping.Status.values)}"
        )
    rows = export_rows(scheme, statuses)
    if fmt == "csv":
        return io.write_csv(rows, out)
    return io.write_turtle(rows, scheme.uri, scheme.title("nl"), out)
