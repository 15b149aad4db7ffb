"""The linker's input: concepts with their labels in every language, and their relations.

The Django side builds a :class:`Corpus` from the database; :func:`corpus_from_esco_files`
builds the same from the official ESCO CSV files, for the evaluation and benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wendbaar.taxonomy import esco_csv
from wendbaar.taxonomy import records as r
from wendbaar.taxonomy.records import digest

PREF = "pref"
ALT = "alt"
HIDDEN = "hidden"
LABEL_KINDS = (PREF, ALT, HIDDEN)

# A query for kind "skill" means ESCO's whole skill pillar, knowledge included.
KIND_ALIASES = {r.SKILL: (r.SKILL, r.KNOWLEDGE)}


@dataclass(frozen=True)
class Label:
    text: str
    lang: str
    kind: str = PREF


@dataclass
class CorpusConcept:
    """One concept; ``id`` is the caller's key (a database id, or a position)."""

    id: int
    uri: str
    kind: str
    scheme: str
    labels: list[Label]
    descriptions: dict[str, str] = field(default_factory=dict)
    broader: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)

    def label_hash(self) -> str:
        """What the indexes depend on: labels, kind and scheme (not relations)."""
        return digest(
            [self.kind, self.scheme, sorted((x.text, x.lang, x.kind) for x in self.labels)]
        )

    def pref(self, lang: str | None = None) -> str:
        for label in self.labels:
            if label.kind == PREF and (lang is None or label.lang == lang):
                return label.text
        return self.labels[0].text if self.labels else self.uri


@dataclass
class Corpus:
    concepts: list[CorpusConcept]
    version: str = ""

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.concepts}
        self.by_uri = {c.uri: c for c in self.concepts}
        if len(self.by_id) != len(self.concepts):
            raise ValueError("concept ids must be unique")

    def content_hash(self) -> str:
        return digest([self.version, sorted((c.uri, c.label_hash()) for c in self.concepts)])

    def subset(self, kinds: Iterable[str]) -> Corpus:
        wanted = expand_kinds(kinds)
        return Corpus([c for c in self.concepts if c.kind in wanted], self.version)


def expand_kinds(kinds: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for kind in kinds:
        out.update(KIND_ALIASES.get(kind, (kind,)))
    return out


def corpus_from_esco_files(
    paths: Sequence[Path],
    kinds: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
) -> Corpus:
    """Read ESCO concepts (labels of every file given, collections included) and relations.

    ``kinds`` limits the concepts (``"skill"`` includes knowledge); ``languages`` limits
    the labels. Broader relations come from the relation files and the skills hierarchy.
    """
    dist = esco_csv.discover(list(paths))
    wanted = expand_kinds(kinds) if kinds is not None else None
    langs = set(languages) if languages is not None else None
    found: dict[str, tuple[str, dict[tuple[str, str, str], None], dict[str, str]]] = {}

    def add(record: r.ConceptRecord) -> None:
        if wanted is not None and record.kind not in wanted:
            return
        if langs is not None and record.content.lang not in langs:
            return
        _kind, labels, descriptions = found.setdefault(record.uri, (record.kind, {}, {}))
        content = record.content
        if content.pref:
            labels[(content.pref, content.lang, PREF)] = None
        for text in content.alt:
            labels[(text, content.lang, ALT)] = None
        for text in content.hidden:
            labels[(text, content.lang, HIDDEN)] = None
        if content.description:
            descriptions.setdefault(content.lang, content.description)

    for source in dist.of_role("concepts"):
        for record in esco_csv.concept_records(source):
            add(record)
    for source in dist.of_role("collection"):
        for _member, record in esco_csv.collection_records(source):
            if record.uri in found:  # only labels for concepts a main file lists
                add(record)
    uris = sorted(found)
    ids = {uri: i for i, uri in enumerate(uris)}
    broader: dict[str, list[int]] = {}
    related: dict[str, list[int]] = {}
    for source in dist.of_role("relations") + dist.of_role("hierarchy"):
        reader = (
            esco_csv.hierarchy_records(source)
            if source.role == "hierarchy"
            else esco_csv.relation_records(source)
        )
        for rel in reader:
            if rel.source_uri not in ids or rel.target_uri not in ids:
                continue
            target = broader if rel.kind == r.BROADER else related
            target.setdefault(rel.source_uri, []).append(ids[rel.target_uri])
    concepts = []
    for uri in uris:
        kind, labels, descriptions = found[uri]
        concepts.append(
            CorpusConcept(
                id=ids[uri],
                uri=uri,
                kind=kind,
                scheme="esco",
                labels=_pref_first([Label(*key) for key in labels]),
                descriptions=descriptions,
                broader=sorted(set(broader.get(uri, []))),
                related=sorted(set(related.get(uri, []))),
            )
        )
    return Corpus(concepts, dist.version)


def _pref_first(labels: list[Label]) -> list[Label]:
    order = {kind: i for i, kind in enumerate(LABEL_KINDS)}
    return sorted(labels, key=lambda x: (order.get(x.kind, 3), x.lang != "en"))
