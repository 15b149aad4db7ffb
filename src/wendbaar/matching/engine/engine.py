"""The matching engine in one object, for the web app and batch jobs alike.

Build it once per process (the transition matrix is cached on disk under a key of every
input), then ask it for transitions, explanations, fits, paths, upskilling and vacancy
matches. Every call takes URIs as people give them: unknown or deprecated URIs come back
as ``issues``, and an empty passport gives an "empty" result with a guidance key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

import numpy as np

from wendbaar.matching.engine.claims import Claim, Passport, resolve_claims
from wendbaar.matching.engine.fit import FitReport, fit_person
from wendbaar.matching.engine.gaps import origin_gaps
from wendbaar.matching.engine.origin import Origin, origin_facets
from wendbaar.matching.engine.pairing import Destinations
from wendbaar.matching.engine.paths import CareerPath, career_paths
from wendbaar.matching.engine.profiles import OccupationProfiles, Resolution
from wendbaar.matching.engine.query import TransitionQuery, TransitionResult, rank_options
from wendbaar.matching.engine.signals import LabourMarket
from wendbaar.matching.engine.similarity import CreditParams, SemanticScale, SkillCredit
from wendbaar.matching.engine.transitions import (
    FORMAT,
    FacetWeights,
    TransitionExplanation,
    TransitionMatrix,
    activity_vectors,
    build_transitions,
    explain_transition,
)
from wendbaar.matching.engine.upskilling import SkillUnlock, simulate_upskilling
from wendbaar.matching.engine.vacancies import (
    Candidate,
    CandidatePool,
    Vacancy,
    VacancyIndex,
    vacancies_for_person,
)

EMPTY_PASSPORT = "transitions.empty_passport"


def cache_key(
    profiles: OccupationProfiles,
    embeddings: np.ndarray | None,
    params: CreditParams,
    weights: FacetWeights,
    scale: SemanticScale | None = None,
) -> str:
    h = hashlib.sha256()
    fixed = asdict(scale) if scale else None
    h.update(
        json.dumps(
            [FORMAT, profiles.content_hash(), asdict(params), asdict(weights), fixed]
        ).encode()
    )
    if embeddings is not None:
        h.update(np.ascontiguousarray(embeddings, dtype=np.float32).tobytes())
    return h.hexdigest()[:24]


def _cached_credit(
    profiles: OccupationProfiles,
    embeddings: np.ndarray | None,
    params: CreditParams,
    scale: SemanticScale | None,
    cache_dir: Path | None,
    key: str,
) -> SkillCredit:
    path = Path(cache_dir) / f"credit-{key}.npz" if cache_dir else None
    if path is not None and path.exists():
        try:
            credit = SkillCredit.load(path, params)
            if credit.matrix.shape[0] == len(profiles.skills):
                return credit
        except (OSError, ValueError, KeyError):
            pass  # damaged: rebuilt below
    credit = SkillCredit(profiles.skills, embeddings, params, scale)
    if path is not None:
        credit.save(path)
    return credit


class MatchingEngine:
    def __init__(
        self,
        profiles: OccupationProfiles,
        credit: SkillCredit,
        matrix: TransitionMatrix,
        market: LabourMarket | None = None,
        weights: FacetWeights | None = None,
    ):
        self.profiles = profiles
        self.credit = credit
        self.matrix = matrix
        self.market = market
        self.weights = weights or FacetWeights()
        self.dests = Destinations(profiles.essential)
        self.dest_activity = activity_vectors(profiles.essential, profiles)

    @classmethod
    def build(
        cls,
        profiles: OccupationProfiles,
        embeddings: np.ndarray | None = None,
        market: LabourMarket | None = None,
        cache_dir: Path | None = None,
        params: CreditParams | None = None,
        weights: FacetWeights | None = None,
        scale: SemanticScale | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> MatchingEngine:
        """Skill credit from the embeddings (None: relations and hierarchy only; ``scale``
        None: calibrated on them) and the transition matrix, read from ``cache_dir`` when
        an identical build is there."""
        params = params or CreditParams()
        weights = weights or FacetWeights()
        key = cache_key(profiles, embeddings, params, weights, scale)
        credit = _cached_credit(profiles, embeddings, params, scale, cache_dir, key)
        path = Path(cache_dir) / f"transitions-{key}.npz" if cache_dir else None
        matrix = None
        if path is not None and path.exists():
            try:
                matrix = TransitionMatrix.load(path)
            except (OSError, ValueError, KeyError):
                matrix = None  # damaged: rebuilt below
        if matrix is None or matrix.key != key:
            matrix = build_transitions(profiles, credit, weights, progress=progress)
            matrix.key = key
            if path is not None:
                matrix.save(path)
        return cls(profiles, credit, matrix, market, weights)

    # Transitions from an occupation -----------------------------------------------

    def transitions(self, origin: str, query: TransitionQuery | None = None) -> TransitionResult:
        query = query or TransitionQuery()
        found = self.profiles.resolve(origin)
        if found.index is None:
            return TransitionResult(
                "unknown", guidance="transitions.unknown_occupation", issues=[found]
            )
        o = found.index
        scores = {
            facet: getattr(self.matrix, facet)[o]
            for facet in ("essential", "optional", "activity", "combined")
        }
        gaps = origin_gaps(
            Origin.of_occupation(self.profiles, o).everything, self.dests, self.credit
        )
        options = rank_options(
            scores,
            gaps,
            self.profiles.skills,
            self.market,
            self.matrix.thresholds,
            query,
            self.market[o] if self.market else None,
            exclude=(o,),
        )
        issues = [found] if found.status != "ok" else []
        return TransitionResult("ok", options, issues=issues)

    def explain(self, origin: str, destination: str) -> TransitionExplanation | None:
        o, d = self.profiles.resolve(origin).index, self.profiles.resolve(destination).index
        if o is None or d is None:
            return None
        return explain_transition(self.matrix, self.profiles, self.credit, o, d)

    # Persons --------------------------------------------------------------------

    def passport(self, claims: Iterable[Claim]) -> Passport:
        return resolve_claims(claims, self.profiles.skills)

    def fit(
        self, claims: Iterable[Claim], top: int = 10, occupations: Iterable[str] | None = None
    ) -> FitReport:
        """Best-fitting occupations (or the ``occupations`` asked for), explained."""
        passport = self.passport(claims)
        only = None
        issues: list[Resolution] = []
        if occupations is not None:
            found = [self.profiles.resolve(uri) for uri in occupations]
            issues = [f for f in found if f.status != "ok"]
            only = [f.index for f in found if f.index is not None]
        report = fit_person(passport, self.profiles, self.credit, top=top, only=only)
        report.issues = report.issues + issues
        return report

    def person_transitions(
        self,
        claims: Iterable[Claim],
        query: TransitionQuery | None = None,
        current_occupation: str | None = None,
    ) -> TransitionResult:
        """Moves for a person, their passport being the origin; the current occupation
        (if known) gives the wage to compare with and is left out of the results."""
        query = query or TransitionQuery()
        passport = self.passport(claims)
        current = self.profiles.resolve(current_occupation) if current_occupation else None
        issues = list(passport.issues) + ([current] if current and current.status != "ok" else [])
        if passport.empty:
            if current is not None and current.index is not None:
                result = self.transitions(current_occupation or "", query)
                result.issues = issues + result.issues
                return result
            return TransitionResult("empty", guidance=EMPTY_PASSPORT, issues=issues)
        origin = Origin.of_passport(passport, len(self.profiles.skills))
        scores = {
            facet: values[0]
            for facet, values in origin_facets(
                [origin], self.dests, self.dest_activity, self.profiles, self.credit, self.weights
            ).items()
        }
        gaps = origin_gaps(origin.everything, self.dests, self.credit)
        here = current.index if current is not None else None
        options = rank_options(
            scores,
            gaps,
            self.profiles.skills,
            self.market,
            self.matrix.thresholds,
            query,
            self.market[here] if self.market and here is not None else None,
            exclude=(here,) if here is not None else (),
        )
        return TransitionResult("ok", options, issues=issues)

    # Paths and upskilling ---------------------------------------------------------

    def targets(self, query: TransitionQuery, shortage: bool) -> np.ndarray:
        """Destinations a query aims at: its sectors and, when asked, shortage in its region."""
        mask = np.ones(len(self.profiles), dtype=bool)
        if self.market is not None:
            if query.sectors:
                mask &= self.market.in_sectors(query.sectors)
            if shortage and self.market.tension is not None:
                mask &= self.market.shortage(query.region)
        return mask

    def paths(
        self, origin: str, query: TransitionQuery | None = None, top: int = 10
    ) -> list[CareerPath]:
        """Paths of up to three viable steps into the query's targets (direct moves first)."""
        query = query or TransitionQuery()
        o = self.profiles.resolve(origin).index
        if o is None:
            return []
        mask = self.targets(query, "in_demand" in query.require)
        return career_paths(self.matrix.combined, self.matrix.thresholds.viable, o, mask, top=top)

    def upskilling(
        self,
        origin: str | None = None,
        claims: Iterable[Claim] | None = None,
        query: TransitionQuery | None = None,
        top: int = 10,
    ) -> list[SkillUnlock]:
        """Skills that unlock the most viable moves into shortage occupations (in the
        query's region and sectors), from an occupation or from a passport."""
        query = query or TransitionQuery()
        mask = self.targets(query, shortage=True)
        if origin is not None:
            o = self.profiles.resolve(origin).index
            if o is None:
                return []
            start = Origin.of_occupation(self.profiles, o)
            combined = self.matrix.combined[o]
        else:
            passport = self.passport(claims or ())
            if passport.empty:
                return []
            start = Origin.of_passport(passport, len(self.profiles.skills))
            combined = origin_facets(
                [start], self.dests, self.dest_activity, self.profiles, self.credit, self.weights
            )["combined"][0]
        gaps = origin_gaps(start.everything, self.dests, self.credit)
        return simulate_upskilling(
            start,
            combined,
            gaps,
            mask,
            self.matrix.thresholds.viable,
            self.profiles,
            self.credit,
            self.weights,
            top=top,
        )

    # Vacancies --------------------------------------------------------------------

    def vacancy_index(self, vacancies: Iterable[Vacancy]) -> VacancyIndex:
        return VacancyIndex.build(vacancies, self.profiles.skills)

    def vacancies_for(
        self, claims: Iterable[Claim], index: VacancyIndex, top: int = 10
    ) -> FitReport:
        return vacancies_for_person(self.passport(claims), index, self.credit, top=top)

    def candidate_pool(self, candidates: Iterable[Candidate]) -> CandidatePool:
        return CandidatePool(candidates, self.credit, len(self.profiles.skills))
