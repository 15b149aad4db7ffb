"""Apply taxonomy records to the database, counting what really changed.

Every source (ESCO CSV, downloads, demo data) feeds this writer, so idempotency,
change reports and deprecation behave the same whatever the input format. It
keeps one small entry per concept in memory (its id and hashes), never a file.
Callers run it inside one transaction: a failure anywhere leaves nothing behind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from wendbaar.errors import InputError
from wendbaar.taxonomy import records as r
from wendbaar.taxonomy.models import (
    Collection,
    Concept,
    ConceptScheme,
    ConceptText,
    Label,
    Relation,
)
from wendbaar.taxonomy.text import search_key

BATCH = 2000
T = TypeVar("T")


def chunked(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class ForeignConceptError(InputError):
    """A source tried to describe a concept that belongs to another scheme."""


@dataclass
class _Known:
    id: int
    scheme_id: int
    kind: str
    content_hash: str
    deprecated: bool
    placeholder: bool
    last_release: str


@dataclass
class ChangeReport:
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    changed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deprecated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reinstated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    placeholders: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    relations_added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    relations_removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    members_added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    members_removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def total(self) -> int:
        parts = (
            self.added,
            self.changed,
            self.deprecated,
            self.reinstated,
            self.placeholders,
            self.relations_added,
            self.relations_removed,
            self.members_added,
            self.members_removed,
        )
        return sum(sum(part.values()) for part in parts)

    def note(self, what: str, uri: str) -> None:
        # A few URIs per category make a report checkable without listing thousands.
        if len(self.samples[what]) < 20:
            self.samples[what].append(uri)

    def as_dict(self) -> dict[str, Any]:
        return {
            "total_changes": self.total(),
            "concepts": {
                name: dict(sorted(getattr(self, name).items()))
                for name in ("added", "changed", "deprecated", "reinstated", "placeholders")
            },
            "relations": {
                "added": dict(sorted(self.relations_added.items())),
                "removed": dict(sorted(self.relations_removed.items())),
            },
            "collections": {
                "added": dict(sorted(self.members_added.items())),
                "removed": dict(sorted(self.members_removed.items())),
            },
            "samples": dict(self.samples),
        }


class TaxonomyWriter:
    """Writes concepts of one classification release into its schemes.

    ``schemes`` maps a concept kind to the scheme that holds concepts of that kind
    (ESCO keeps ISCO groups in the ISCO-08 scheme); ``default_scheme`` takes the rest.
    """

    def __init__(
        self,
        version: str,
        default_scheme: ConceptScheme,
        schemes: dict[str, ConceptScheme] | None = None,
    ):
        self.version = version
        self.default_scheme = default_scheme
        self.schemes = schemes or {}
        self.scheme_ids = {default_scheme.pk, *(s.pk for s in self.schemes.values())}
        self.report = ChangeReport()
        self.known: dict[str, _Known] = {}
        self.text_hashes: dict[tuple[int, str], str] = {}
        self.seen_core: set[str] = set()
        self.seen_lang: set[tuple[str, str]] = set()
        self._touched: set[str] = set()
        self._added: set[str] = set()
        self._load()

    def scheme_for(self, kind: str) -> ConceptScheme:
        return self.schemes.get(kind, self.default_scheme)

    def _load(self) -> None:
        # URIs are unique across schemes: a concept of another scheme is known too,
        # so a relation to it resolves instead of creating a duplicate.
        for row in Concept.objects.values_list(
            "uri",
            "id",
            "scheme_id",
            "kind",
            "content_hash",
            "deprecated",
            "placeholder",
            "last_release",
        ).iterator(chunk_size=5000):
            self.known[row[0]] = _Known(*row[1:])
        for concept_id, lang, content_hash in (
            ConceptText.objects.filter(concept__scheme_id__in=self.scheme_ids)
            .values_list("concept_id", "lang", "content_hash")
            .iterator(chunk_size=5000)
        ):
            self.text_hashes[(concept_id, lang)] = content_hash

    # Concepts ---------------------------------------------------------------

    def apply_concepts(self, records: Iterable[r.ConceptRecord]) -> None:
        for batch in chunked(records):
            self._apply_concept_batch(batch)

    def _apply_concept_batch(self, batch: list[r.ConceptRecord]) -> None:
        new: dict[str, Concept] = {}
        updated: dict[str, Concept] = {}
        contents: list[r.ConceptRecord] = []
        for record in batch:
            if record.core:
                self.seen_core.add(record.uri)
            known = self.known.get(record.uri)
            if known is not None and known.scheme_id not in self.scheme_ids:
                raise ForeignConceptError(
                    record.source or "input",
                    f"{record.uri} already belongs to another classification; "
                    "a scheme can only describe its own concepts",
                    record.line or None,
                )
            if known is None and record.uri not in new:
                new[record.uri] = self._new_concept(record)
            elif (
                known is not None
                and record.core
                and (known.content_hash != record.core_hash() or known.placeholder)
            ):
                if known.kind != record.kind and known.content_hash and not known.placeholder:
                    self.report.note("kind_changed", record.uri)
                concept = updated.get(record.uri) or Concept(pk=known.id, uri=record.uri)
                self._fill_core(concept, record)
                updated[record.uri] = concept
                self._mark_changed(record.uri, record.kind)
            key = (record.uri, record.content.lang)
            if key not in self.seen_lang:
                self.seen_lang.add(key)
                contents.append(record)
        if new:
            Concept.objects.bulk_create(new.values(), batch_size=500)
            for uri, concept in new.items():
                self.known[uri] = _Known(
                    concept.pk,
                    concept.scheme_id,
                    concept.kind,
                    concept.content_hash,
                    False,
                    False,
                    self.version,
                )
                self._added.add(uri)
                self.report.added[concept.kind] += 1
                self.report.note(f"added_{concept.kind}", uri)
        if updated:
            Concept.objects.bulk_update(
                updated.values(),
                [
                    "kind",
                    "code",
                    "status",
                    "reuse_level",
                    "attributes",
                    "content_hash",
                    "placeholder",
                    "scheme",
                ],
                batch_size=500,
            )
            for uri, concept in updated.items():
                known = self.known[uri]
                known.kind, known.content_hash, known.placeholder = (
                    concept.kind,
                    concept.content_hash,
                    False,
                )
        self._apply_contents(contents)

    def _new_concept(self, record: r.ConceptRecord) -> Concept:
        concept = Concept(uri=record.uri, first_release=self.version, last_release=self.version)
        self._fill_core(concept, record)
        if not record.core:
            # Only labels are known (a collection file); the main file may fill the rest.
            concept.content_hash = ""
        return concept

    def _fill_core(self, concept: Concept, record: r.ConceptRecord) -> None:
        concept.scheme = self.scheme_for(record.kind)
        concept.kind = record.kind
        concept.code = record.code
        concept.status = record.status
        concept.reuse_level = record.reuse_level
        concept.attributes = record.attributes
        concept.content_hash = record.core_hash()
        concept.placeholder = False

    def _mark_changed(self, uri: str, kind: str) -> None:
        # A concept added by this run is reported once, as added.
        if uri not in self._touched and uri not in self._added:
            self._touched.add(uri)
            self.report.changed[kind] += 1
            self.report.note(f"changed_{kind}", uri)

    def _apply_contents(self, records: list[r.ConceptRecord]) -> None:
        replace: dict[str, list[int]] = defaultdict(list)
        labels: list[Label] = []
        texts: list[ConceptText] = []
        for record in records:
            known = self.known[record.uri]
            content = record.content
            content_hash = content.content_hash()
            if self.text_hashes.get((known.id, content.lang)) == content_hash:
                continue
            if (known.id, content.lang) in self.text_hashes:
                replace[content.lang].append(known.id)
            self.text_hashes[(known.id, content.lang)] = content_hash
            self._mark_changed(record.uri, known.kind)
            labels.extend(_labels(known.id, content))
            texts.append(
                ConceptText(
                    concept_id=known.id,
                    lang=content.lang,
                    description=content.description,
                    definition=content.definition,
                    scope_note=content.scope_note,
                    content_hash=content_hash,
                )
            )
        for lang, ids in replace.items():
            for part in chunked(ids, 500):
                Label.objects.filter(lang=lang, concept_id__in=part).delete()
                ConceptText.objects.filter(lang=lang, concept_id__in=part).delete()
        Label.objects.bulk_create(labels, batch_size=1000)
        ConceptText.objects.bulk_create(texts, batch_size=500)

    # Relations --------------------------------------------------------------

    def resolve(self, uri: str, kind: str, code: str = "") -> int:
        """The id of a concept, making a placeholder for one referred to but not described."""
        known = self.known.get(uri)
        if known is not None:
            return known.id
        concept = Concept.objects.create(
            uri=uri,
            kind=kind,
            code=code,
            scheme=self.scheme_for(kind),
            placeholder=True,
            first_release=self.version,
            last_release=self.version,
        )
        self.known[uri] = _Known(concept.pk, concept.scheme_id, kind, "", False, True, self.version)
        self.report.placeholders[kind] += 1
        self.report.note(f"placeholder_{kind}", uri)
        return concept.pk

    def apply_relations(
        self, records: Iterable[r.RelationRecord], authoritative: dict[str, set[str]] | None = None
    ) -> None:
        """Add the relations; where ``authoritative`` names a relation kind (with the
        source concept kinds it covers), relations of that kind not given are removed."""
        wanted: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for record in records:
            source = self.resolve(record.source_uri, record.source_kind)
            target = self.resolve(record.target_uri, record.target_kind)
            wanted[record.kind].add((source, target))
        for kind in set(wanted) | set(authoritative or {}):
            self._sync_relations(kind, wanted[kind], (authoritative or {}).get(kind))

    def _sync_relations(
        self, kind: str, wanted: set[tuple[int, int]], source_kinds: set[str] | None
    ) -> None:
        existing: dict[tuple[int, int], tuple[int, str]] = {
            (source, target): (pk, source_kind)
            for pk, source, target, source_kind in Relation.objects.filter(
                kind=kind, source__scheme_id__in=self.scheme_ids
            )
            .values_list("id", "source_id", "target_id", "source__kind")
            .iterator(chunk_size=10000)
        }
        missing = [pair for pair in wanted if pair not in existing]
        Relation.objects.bulk_create(
            (Relation(source_id=s, target_id=t, kind=kind) for s, t in missing), batch_size=2000
        )
        self.report.relations_added[kind] += len(missing)
        if source_kinds is None:
            return
        stale = [
            pk
            for pair, (pk, source_kind) in existing.items()
            if pair not in wanted and source_kind in source_kinds
        ]
        for part in chunked(stale, 500):
            Relation.objects.filter(id__in=part).delete()
        self.report.relations_removed[kind] += len(stale)

    # Collections ------------------------------------------------------------

    def apply_collection(
        self, code: str, titles: dict[str, str], uris: Iterable[str], kinds: dict[str, str]
    ) -> None:
        collection, _ = Collection.objects.get_or_create(
            scheme=self.default_scheme, code=code, defaults={"titles": titles}
        )
        merged = {**collection.titles, **titles}
        if merged != collection.titles:
            collection.titles = merged
            collection.save(update_fields=["titles"])
        wanted = {self.resolve(uri, kinds[uri]) for uri in uris}
        through = Collection.members.through
        existing = set(
            through.objects.filter(collection=collection).values_list("concept_id", flat=True)
        )
        through.objects.bulk_create(
            [through(collection=collection, concept_id=cid) for cid in wanted - existing],
            batch_size=2000,
        )
        removed = existing - wanted
        for part in chunked(removed, 500):
            through.objects.filter(collection=collection, concept_id__in=part).delete()
        self.report.members_added[code] += len(wanted - existing)
        self.report.members_removed[code] += len(removed)

    # Releases ---------------------------------------------------------------

    def finish(self, complete_kinds: set[str]) -> None:
        """Deprecate what a complete list no longer has, reinstate what came back,
        and record the release each seen concept was last in."""
        deprecate: list[int] = []
        reinstate: list[int] = []
        bump: list[int] = []
        in_scope = set(
            Concept.objects.filter(
                scheme_id__in=self.scheme_ids, kind__in=complete_kinds, placeholder=False
            ).values_list("uri", flat=True)
        )
        for uri in in_scope - self.seen_core:
            known = self.known[uri]
            if not known.deprecated:
                deprecate.append(known.id)
                known.deprecated = True
                self.report.deprecated[known.kind] += 1
                self.report.note(f"deprecated_{known.kind}", uri)
        for uri in self.seen_core:
            known = self.known[uri]
            if known.deprecated:
                reinstate.append(known.id)
                known.deprecated = False
                self.report.reinstated[known.kind] += 1
            if known.last_release != self.version:
                bump.append(known.id)
                known.last_release = self.version
        for part in chunked(deprecate, 500):
            Concept.objects.filter(id__in=part).update(deprecated=True)
        for part in chunked(reinstate, 500):
            Concept.objects.filter(id__in=part).update(deprecated=False)
        for part in chunked(bump, 500):
            Concept.objects.filter(id__in=part).update(last_release=self.version)


def _labels(concept_id: int, content: r.LanguageContent) -> Iterator[Label]:
    if content.pref:
        yield Label(
            concept_id=concept_id,
            lang=content.lang,
            kind=Label.Kind.PREFERRED,
            text=content.pref,
            search_text=search_key(content.pref),
        )
    for kind, texts in ((Label.Kind.ALTERNATIVE, content.alt), (Label.Kind.HIDDEN, content.hidden)):
        for text in texts:
            yield Label(
                concept_id=concept_id,
                lang=content.lang,
                kind=kind,
                text=text,
                search_text=search_key(text),
            )
