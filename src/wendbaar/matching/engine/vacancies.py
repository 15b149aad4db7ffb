"""Vacancies as skill profiles (required and nice-to-have skills), matched both ways:
vacancies for a person and persons for a vacancy, always with the same explanation as an
occupation fit. Only persons who opted in are ever matched to a vacancy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.claims import Passport, passports_matrix
from wendbaar.matching.engine.fit import (
    FitReport,
    TargetFit,
    coverage,
    fit_person,
    fit_scores,
    requirement_fits,
    top_k,
)
from wendbaar.matching.engine.profiles import Resolution, Skills
from wendbaar.matching.engine.similarity import SkillCredit


@dataclass(frozen=True)
class Vacancy:
    id: str
    required: tuple[str, ...]  # ESCO skill URIs
    nice_to_have: tuple[str, ...] = ()
    title: str = ""
    region: str = ""


@dataclass
class VacancyIndex:
    """Vacancies x skills, in the shape of occupation profiles (``essential`` = required)."""

    vacancies: list[Vacancy]
    essential: sparse.csr_matrix
    optional: sparse.csr_matrix
    issues: dict[str, list[Resolution]] = field(default_factory=dict)  # by vacancy id

    @classmethod
    def build(cls, vacancies: Iterable[Vacancy], skills: Skills) -> VacancyIndex:
        found = list(vacancies)
        rows: dict[bool, list[list[int]]] = {True: [], False: []}
        issues: dict[str, list[Resolution]] = {}
        for vacancy in found:
            for essential, uris in ((True, vacancy.required), (False, vacancy.nice_to_have)):
                kept = []
                for uri in uris:
                    resolution = skills.resolve(uri)
                    if resolution.status != "ok":
                        issues.setdefault(vacancy.id, []).append(resolution)
                    if resolution.index is not None:
                        kept.append(resolution.index)
                rows[essential].append(sorted(set(kept)))
        required = _binary_rows(rows[True], len(skills))
        nice = _binary_rows(rows[False], len(skills))
        nice = (nice - nice.multiply(required)).tocsr()  # required wins
        nice.eliminate_zeros()
        return cls(found, required, nice, issues)

    def position(self, vacancy_id: str) -> int | None:
        for i, v in enumerate(self.vacancies):
            if v.id == vacancy_id:
                return i
        return None


def _binary_rows(rows: list[list[int]], n_skills: int) -> sparse.csr_matrix:
    indptr = np.r_[0, np.cumsum([len(r) for r in rows])]
    indices = np.array([s for r in rows for s in r], dtype=np.int64)
    return sparse.csr_matrix(
        (np.ones(len(indices), np.float32), indices, indptr), shape=(len(rows), n_skills)
    )


def vacancies_for_person(
    passport: Passport, index: VacancyIndex, credit: SkillCredit, top: int = 10
) -> FitReport:
    """The ``top`` vacancies for a person, each with covered, partial and missing skills."""
    return fit_person(passport, index, credit, top=top)


@dataclass(frozen=True)
class Candidate:
    id: str
    passport: Passport
    opted_in: bool
    region: str = ""


@dataclass
class PersonMatch:
    person: str
    fit: TargetFit


class CandidatePool:
    """Opted-in persons, with their coverage computed once for many vacancies."""

    def __init__(self, candidates: Iterable[Candidate], credit: SkillCredit, n_skills: int):
        self.candidates = [c for c in candidates if c.opted_in and not c.passport.empty]
        self.coverage = coverage(
            passports_matrix([c.passport for c in self.candidates], n_skills), credit
        )

    def for_vacancy(self, index: VacancyIndex, vacancy: int, top: int = 10) -> list[PersonMatch]:
        if not self.candidates:
            return []
        one = _Single(index, vacancy)
        scores = fit_scores(self.coverage.values, one)
        best = top_k(scores.score.T, top)[0]
        return [
            PersonMatch(
                self.candidates[p].id,
                TargetFit(
                    vacancy,
                    float(scores.score[p, 0]),
                    float(scores.relevance[p, 0]),
                    float(scores.readiness[p, 0]),
                    float(scores.essential_coverage[p, 0]),
                    float(scores.optional_coverage[p, 0]),
                    float(scores.missing[p, 0]),
                    requirement_fits(self.candidates[p].passport, self.coverage, int(p), one, 0),
                ),
            )
            for p in best
        ]


class _Single:
    """One vacancy of an index, as a one-row target set."""

    def __init__(self, index: VacancyIndex, vacancy: int):
        self.essential = index.essential[vacancy]
        self.optional = index.optional[vacancy]
