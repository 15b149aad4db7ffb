"""Fit of a person to occupations: hand-checked values and monotonicity properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wendbaar.matching.engine.claims import (
    LEVEL_WEIGHTS,
    Claim,
    claim_weight,
    recency_weight,
    resolve_claims,
)
from wendbaar.matching.engine.fit import TAU, fit_person, stream_top_fits
from wendbaar.matching.engine.profiles import Requirement

from . import tiny
from .tiny import BAKER, PASTRY, SKILL

PROFILES = tiny.profiles()
CREDIT = tiny.credit(PROFILES)


def claim(i: int, level: str = "certified", years: float | None = None, cid: str = "") -> Claim:
    return Claim(SKILL.format(i), level, years, cid or f"c{i}")


def test_weights_follow_level_and_recency():
    assert list(LEVEL_WEIGHTS) == ["self_declared", "adviser", "employer", "validated", "certified"]
    assert list(LEVEL_WEIGHTS.values()) == sorted(LEVEL_WEIGHTS.values())
    assert recency_weight(None) == recency_weight(1) == 1.0
    assert recency_weight(10) == pytest.approx(0.5)
    assert recency_weight(40) == 0.5  # the floor
    assert claim_weight("validated", 12) == pytest.approx(0.45)
    with pytest.raises(ValueError, match="unknown validation level"):
        claim_weight("rumour")


def test_hand_checked_fit():
    passport = resolve_claims(
        [claim(0, cid="diploma"), claim(3, "self_declared"), claim(5, "validated", 12)],
        PROFILES.skills,
    )
    report = fit_person(passport, PROFILES, CREDIT, only=[BAKER, PASTRY])
    baker, pastry = report.fits
    # baker: s0 1.0 + s3 0.6 + s5 0.45 of three essentials; optional s7 missing
    assert baker.missing_essential == pytest.approx(0.95)
    assert baker.relevance == pytest.approx(2.05 / 4)
    assert baker.readiness == pytest.approx(math.exp(-0.95 / TAU))
    assert baker.score == pytest.approx(2.05 / 4 * math.exp(-0.95 / TAU))
    assert [(r.skill, r.status) for r in baker.requirements] == [
        (0, "covered"),
        (3, "covered"),
        (5, "covered"),
        (7, "missing"),
    ]
    assert baker.requirements[0].claim is not None and baker.requirements[0].claim.id == "diploma"
    # pastry cook: s4 through the s3 claim (0.6 x 0.5), s6 through s5 (0.45 x 0.9)
    by_skill = {r.skill: r for r in pastry.requirements}
    assert (by_skill[4].status, by_skill[4].by_skill, by_skill[4].reason) == (
        "partial",
        3,
        "related",
    )
    assert by_skill[4].credit == pytest.approx(0.3)
    assert by_skill[6].credit == pytest.approx(0.405)
    assert pastry.missing_essential == pytest.approx(3 - 1.705)


def test_empty_and_bad_input_give_guidance_and_issues():
    report = fit_person(resolve_claims([], PROFILES.skills), PROFILES, CREDIT)
    assert (report.status, report.fits, report.guidance) == ("empty", [], "fit.empty_passport")
    passport = resolve_claims(
        [
            Claim("http://data.europa.eu/esco/skill/nope"),
            Claim(" https://data.europa.eu/esco/skill/s0/ "),
        ],
        PROFILES.skills,
    )
    assert [i.status for i in passport.issues] == ["unknown"]
    assert passport.skills.tolist() == [0]
    only_unknown = resolve_claims([Claim("urn:x")], PROFILES.skills)
    assert fit_person(only_unknown, PROFILES, CREDIT).status == "empty"


def test_deprecated_uris_follow_their_replacement():
    old = "http://data.europa.eu/esco/skill/old-bread"
    profiles = tiny.profiles(replacements={old: SKILL.format(0)})
    passport = resolve_claims([Claim(old, "certified")], profiles.skills)
    assert passport.skills.tolist() == [0]
    assert [(i.status, i.resolved_uri) for i in passport.issues] == [("replaced", SKILL.format(0))]


def test_streaming_gives_the_same_top_as_one_by_one():
    passports = [
        resolve_claims([claim(0), claim(3)], PROFILES.skills),
        resolve_claims([claim(8), claim(7, "adviser")], PROFILES.skills),
        resolve_claims([claim(6), claim(1)], PROFILES.skills),
    ]
    batches = list(stream_top_fits(passports, PROFILES, CREDIT, top=2, batch=2))
    assert [b.persons.tolist() for b in batches] == [[0, 1], [2]]
    for passport, (batch, row) in zip(passports, [(0, 0), (0, 1), (1, 0)], strict=True):
        one = fit_person(passport, PROFILES, CREDIT, top=2)
        found = batches[batch]
        assert found.targets[row].tolist() == [f.target for f in one.fits]
        for j, f in enumerate(one.fits):
            missing = sorted(r.skill for r in f.of_status("missing", essential=True))
            assert sorted(found.missing_of(row, j).tolist()) == missing


claims_strategy = st.lists(
    st.tuples(
        st.integers(0, 9), st.sampled_from(list(LEVEL_WEIGHTS)), st.none() | st.floats(0, 30)
    ),
    max_size=6,
)


def _scores(claims, profiles=PROFILES):
    passport = resolve_claims([claim(i, lvl, yrs) for i, lvl, yrs in claims], profiles.skills)
    report = fit_person(passport, profiles, CREDIT, only=range(len(profiles)))
    if report.status == "empty":
        return np.zeros((3, len(profiles)))
    return np.array(
        [
            [f.score for f in report.fits],
            [f.relevance for f in report.fits],
            [f.readiness for f in report.fits],
        ]
    )


@settings(max_examples=150, deadline=None)
@given(claims_strategy, st.integers(0, 9), st.sampled_from(list(LEVEL_WEIGHTS)))
def test_adding_a_skill_never_lowers_a_fit(claims, skill, level):
    before = _scores(claims)
    after = _scores([*claims, (skill, level, None)])
    assert np.all(after >= before - 1e-6)


def _without(occupation: int, skill: int, demote: bool) -> list[Requirement]:
    out = []
    for r in tiny.requirements():
        if (
            r.occupation == tiny.occupations()[occupation].uri
            and r.skill == SKILL.format(skill)
            and r.essential
        ):
            if demote:
                out.append(Requirement(r.occupation, r.skill, False))
            continue
        out.append(r)
    return out


essential_pairs = st.sampled_from(
    [(o, s) for o in range(4) for s in tiny.profiles().essential_of(o).tolist()]
)


@settings(max_examples=150, deadline=None)
@given(claims_strategy, essential_pairs)
def test_making_an_essential_requirement_optional_never_lowers_the_fit(claims, pair):
    occupation, skill = pair
    before = _scores(claims)
    after = _scores(claims, tiny.profiles(_without(occupation, skill, demote=True)))
    assert after[0, occupation] >= before[0, occupation] - 1e-6
    assert after[2, occupation] >= before[2, occupation] - 1e-6


@settings(max_examples=150, deadline=None)
@given(claims_strategy, essential_pairs)
def test_removing_an_essential_requirement_never_lowers_the_readiness(claims, pair):
    occupation, skill = pair
    before = _scores(claims)
    after = _scores(claims, tiny.profiles(_without(occupation, skill, demote=False)))
    assert after[2, occupation] >= before[2, occupation] - 1e-6
