"""Read and write crosswalks: delimited tables with configurable columns, and SKOS RDF.

No Django here. Readers produce :class:`CrosswalkData` (the external concepts and
their mapping rows); writers take plain rows. Bad input raises
:class:`CrosswalkFormatError` naming the file and line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rdflib import Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import RDF, SKOS

from wendbaar.errors import InputError

RELATIONS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
_RELATION_ALIASES = (
    {name.lower(): name for name in RELATIONS}
    | {f"skos:{name.lower()}": name for name in RELATIONS}
    | {
        "exact": "exactMatch",
        "close": "closeMatch",
        "broad": "broadMatch",
        "narrow": "narrowMatch",
        "related": "relatedMatch",
    }
)
FORMATS = ("csv", "tsv", "turtle", "rdfxml")


class CrosswalkFormatError(InputError):
    """Malformed crosswalk input."""


@dataclass
class ExternalConcept:
    uri: str
    code: str
    labels: dict[str, list[str]] = field(default_factory=dict)  # lang -> [pref, *alt]


@dataclass(frozen=True)
class MappingRow:
    source_uri: str
    target_uri: str
    relation: str
    line: int | None


@dataclass
class CrosswalkData:
    concepts: dict[str, ExternalConcept]
    mappings: list[MappingRow]


@dataclass(frozen=True)
class TableColumns:
    source: str
    target: str
    relation: str = ""
    label: str = ""
    default_relation: str = "exactMatch"
    lang: str = "nl"
    uri_base: str = ""


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    return {
        ".csv": "csv",
        ".tsv": "tsv",
        ".tab": "tsv",
        ".ttl": "turtle",
        ".rdf": "rdfxml",
        ".xml": "rdfxml",
        ".owl": "rdfxml",
    }.get(suffix, "")


def relation_name(value: str, source: str, line: int | None) -> str:
    name = _RELATION_ALIASES.get(value.strip().lower())
    if name is None:
        raise CrosswalkFormatError(
            source, f"unknown relation {value!r}; use one of {', '.join(RELATIONS)}", line
        )
    return name


def read_table(path: Path, delimiter: str, columns: TableColumns) -> CrosswalkData:
    source = str(path)
    concepts: dict[str, ExternalConcept] = {}
    mappings: list[MappingRow] = []
    pairs: dict[tuple[str, str], int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            header = next(reader, None)
            if header is None:
                raise CrosswalkFormatError(source, "the file is empty", 1)
            wanted = [
                c for c in (columns.source, columns.target, columns.relation, columns.label) if c
            ]
            missing = [c for c in wanted if c not in header]
            if missing:
                raise CrosswalkFormatError(
                    source,
                    f"missing columns: {', '.join(missing)} (the file has: {', '.join(header)}); "
                    "name the right ones with --source-column, --target-column, "
                    "--relation-column and --label-column",
                    1,
                )
            index = {name: header.index(name) for name in wanted}
            for row in reader:
                if not row:
                    continue
                line = reader.line_num
                if len(row) != len(header):
                    raise CrosswalkFormatError(
                        source, f"expected {len(header)} columns, found {len(row)}", line
                    )
                code = row[index[columns.source]].strip()
                target = row[index[columns.target]].strip()
                if not code:
                    raise CrosswalkFormatError(source, f"{columns.source} is empty", line)
                uri = (
                    code
                    if code.startswith(("http://", "https://", "urn:"))
                    else (columns.uri_base + code)
                )
                concept = concepts.setdefault(uri, ExternalConcept(uri, code))
                if columns.label:
                    label = row[index[columns.label]].strip()
                    known = concept.labels.setdefault(columns.lang, [])
                    if label and label not in known:
                        known.append(label)
                if not target:
                    continue
                relation = (
                    relation_name(row[index[columns.relation]], source, line)
                    if columns.relation and row[index[columns.relation]].strip()
                    else columns.default_relation
                )
                if (uri, target) in pairs:
                    raise CrosswalkFormatError(
                        source,
                        f"{code} -> {target} is mapped twice (also on line {pairs[(uri, target)]})",
                        line,
                    )
                pairs[(uri, target)] = line
                mappings.append(MappingRow(uri, target, relation, line))
    except csv.Error as exc:
        raise CrosswalkFormatError(source, f"broken CSV: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise CrosswalkFormatError(source, f"not UTF-8 text ({exc.reason})") from exc
    return CrosswalkData(concepts, mappings)


def read_skos(path: Path, rdf_format: str, target_prefixes: tuple[str, ...] = ()) -> CrosswalkData:
    """SKOS concepts with their labels and mapping properties.

    Mappings are taken from the concepts the file describes; objects that the file
    itself describes too are internal links of the scheme, not crosswalk rows,
    unless they match ``target_prefixes``.
    """
    graph = Graph()
    try:
        graph.parse(path, format="xml" if rdf_format == "rdfxml" else "turtle")
    except (ParserError, SyntaxError, ValueError) as exc:
        raise CrosswalkFormatError(str(path), f"not valid {rdf_format}: {exc}") from exc
    described = {s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}
    described |= {s for s in graph.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef)}
    described -= set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    described -= set(graph.subjects(RDF.type, SKOS.Collection))
    concepts: dict[str, ExternalConcept] = {}
    for subject in sorted(described):
        notation = graph.value(subject, SKOS.notation)
        concept = ExternalConcept(str(subject), str(notation) if notation else "")
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(subject, prop):
                if isinstance(label, Literal):
                    lang = label.language or "und"
                    labels = concept.labels.setdefault(lang, [])
                    text = str(label).strip()
                    if prop == SKOS.prefLabel:
                        labels.insert(0, text)
                    elif text not in labels:
                        labels.append(text)
        concepts[concept.uri] = concept
    mappings = []
    for subject in sorted(described):
        for name in RELATIONS:
            for target in sorted(graph.objects(subject, SKOS[name]), key=str):
                target_uri = str(target)
                if target in described and not target_uri.startswith(target_prefixes or ("\0",)):
                    continue
                mappings.append(MappingRow(str(subject), target_uri, name, None))
    if not concepts:
        raise CrosswalkFormatError(str(path), "no SKOS concepts found")
    return CrosswalkData(concepts, mappings)


@dataclass(frozen=True)
class ExportRow:
    source_uri: str
    source_code: str
    source_label: str
    source_lang: str
    relation: str
    target_uri: str
    target_label: str
    target_lang: str
    confidence: float | None
    status: str
    provenance: str


CSV_COLUMNS = [
    "source_uri",
    "source_code",
    "source_label",
    "relation",
    "target_uri",
    "target_label",
    "confidence",
    "status",
    "provenance",
]


def write_csv(rows: Iterable[ExportRow], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(
            [
                row.source_uri,
                row.source_code,
                row.source_label,
                row.relation,
                row.target_uri,
                row.target_label,
                "" if row.confidence is None else f"{row.confidence:.4f}",
                row.status,
                row.provenance,
            ]
        )
        count += 1
    return count


def write_turtle(
    rows: Iterable[ExportRow], scheme_uri: str, scheme_title: str, out: IO[str]
) -> int:
    graph = Graph()
    graph.bind("skos", SKOS)
    scheme = URIRef(scheme_uri)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal(scheme_title)))
    count = 0
    for row in rows:
        source = URIRef(row.source_uri)
        graph.add((source, RDF.type, SKOS.Concept))
        graph.add((source, SKOS.inScheme, scheme))
        if row.source_code:
            graph.add((source, SKOS.notation, Literal(row.source_code)))
        if row.source_label:
            graph.add(
                (source, SKOS.prefLabel, Literal(row.source_label, lang=row.source_lang or None))
            )
        graph.add((source, SKOS[row.relation], URIRef(row.target_uri)))
        count += 1
    out.write(graph.serialize(format="turtle"))
    return count
