"""The engine facade on the tiny taxonomy: flags, paths, upskilling, vacancies, caching."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wendbaar.matching.engine.claims import Claim, resolve_claims
from wendbaar.matching.engine.engine import MatchingEngine
from wendbaar.matching.engine.filters import desirable_flag, effort_flag
from wendbaar.matching.engine.gaps import origin_gaps
from wendbaar.matching.engine.origin import Origin
from wendbaar.matching.engine.paths import career_paths
from wendbaar.matching.engine.query import TransitionQuery
from wendbaar.matching.engine.signals import BrcGroup, LabourMarket, Wage
from wendbaar.matching.engine.tension import load_spanningsindicator
from wendbaar.matching.engine.upskilling import simulate_upskilling
from wendbaar.matching.engine.vacancies import Candidate, Vacancy

from . import tiny
from .tiny import ASSISTANT, BAKER, DRIVER, OCC, PASTRY, SKILL

SAMPLE = Path(__file__).parent / "data" / "uwv_spanningsindicator_SAMPLE.csv"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    profiles = tiny.profiles()
    groups = {
        "7512": BrcGroup("1051", "Verzorgenden", "10"),
        "8332": BrcGroup("0761", "Elektriciens", "07"),
    }
    wages = {
        "1051": (100.0, Wage(15.0, 18.0, 21.0, "1051", "group")),
        "0761": (60.0, Wage(18.0, 25.0, 30.0, "0761", "group")),
    }
    tension = load_spanningsindicator(
        SAMPLE, {"1051": "Verzorgenden", "0761": "Elektriciens en elektronicamonteurs"}
    )
    market = LabourMarket(profiles, groups, wages, {}, tension)
    cache = tmp_path_factory.mktemp("cache")
    return MatchingEngine.build(
        profiles, tiny.embeddings(), market, cache_dir=cache, scale=tiny.SCALE
    )


def test_transitions_carry_every_flag(engine):
    result = engine.transitions(
        OCC.format("baker"), TransitionQuery(region="Zuid-Limburg", require=())
    )
    assert result.status == "ok"
    assert [o.destination for o in result.options] == [PASTRY, ASSISTANT, DRIVER]
    pastry = result.options[0]
    assert set(pastry.flags) == {"viable", "desirable", "in_demand", "sector", "effort"}
    assert pastry.flags["viable"].passed is True
    assert pastry.flags["in_demand"].values["category"] == "gemiddeld"  # regional figure
    assert pastry.flags["in_demand"].passed is False
    assert pastry.flags["desirable"].values["ratio"] == 1.0
    assert pastry.flags["effort"].values["missing_essential"] == 0
    assert pastry.gaps == [(4, pytest.approx(0.5)), (6, pytest.approx(0.1))]
    driver = result.options[-1]
    assert driver.flags["viable"].passed is False
    assert driver.flags["effort"].values["missing_essential"] == 2


def test_required_flags_filter(engine):
    baker = OCC.format("baker")
    assert [o.destination for o in engine.transitions(baker).options] == [PASTRY, ASSISTANT]
    demand = TransitionQuery(
        require=("in_demand",)
    )  # national figures: krap (1051), zeer krap (0761)
    assert [o.destination for o in engine.transitions(baker, demand).options] == [
        PASTRY,
        ASSISTANT,
        DRIVER,
    ]
    tech = TransitionQuery(sectors=("technology",), require=("sector",))
    assert [o.destination for o in engine.transitions(baker, tech).options] == [DRIVER]
    effort = TransitionQuery(max_missing=0, require=("effort",))
    assert DRIVER not in [o.destination for o in engine.transitions(baker, effort).options]
    no_choice = TransitionQuery(require=("viable", "sector", "effort"))  # nothing chosen
    assert [o.destination for o in engine.transitions(baker, no_choice).options] == [
        PASTRY,
        ASSISTANT,
    ]
    with pytest.raises(ValueError, match="unknown flags"):
        TransitionQuery(require=("cheap",))
    with pytest.raises(ValueError, match="unknown sectors"):
        TransitionQuery(sectors=("mining",))


def test_unknown_origin_and_empty_passport_are_reported(engine):
    unknown = engine.transitions("http://data.europa.eu/esco/occupation/nope")
    assert (unknown.status, unknown.guidance) == ("unknown", "transitions.unknown_occupation")
    empty = engine.person_transitions([Claim("urn:nothing")])
    assert (empty.status, empty.guidance) == ("empty", "transitions.empty_passport")
    assert [i.status for i in empty.issues] == ["unknown"]
    fallback = engine.person_transitions([], current_occupation=OCC.format("baker"))
    assert fallback.status == "ok" and fallback.options


def test_person_transitions_start_from_the_passport(engine):
    claims = [Claim(SKILL.format(0), "certified"), Claim(SKILL.format(3), "certified")]
    result = engine.person_transitions(
        claims, TransitionQuery(require=()), current_occupation=OCC.format("assistant")
    )
    assert ASSISTANT not in [o.destination for o in result.options]
    baker = next(o for o in result.options if o.destination == BAKER)
    assert baker.scores["essential"] == pytest.approx(2 / 3)
    assert baker.gaps == [(5, 1.0)]


def test_paths_reach_what_no_direct_move_does():
    combined = np.array(
        [
            [1.0, 0.5, 0.0, 0.0, 0.0],
            [0.0, 1.0, 0.4, 0.0, 0.0],
            [0.0, 0.0, 1.0, 0.6, 0.0],
            [0.0, 0.0, 0.0, 1.0, 0.0],
            [0.9, 0.0, 0.0, 0.0, 1.0],
        ],
        dtype=np.float32,
    )
    paths = career_paths(combined, 0.3, 0, np.ones(5, dtype=bool))
    assert [(p.steps, p.weakest) for p in paths] == [
        ((0, 1), pytest.approx(0.5)),
        ((0, 1, 2), pytest.approx(0.4)),
        ((0, 1, 2, 3), pytest.approx(0.4)),
    ]
    assert career_paths(combined, 0.3, 0, np.ones(5, dtype=bool), max_steps=2)[-1].steps == (
        0,
        1,
        2,
    )


def test_upskilling_finds_the_skill_that_unlocks_a_move(engine):
    # the assistant lacks only s5 (decorate cakes) of the baker's essentials; with the
    # bar at 0.7 the move (0.60) is near, and learning s5 lifts it to 1.0
    profiles = engine.profiles
    start = Origin.of_occupation(profiles, ASSISTANT)
    combined = engine.matrix.combined[ASSISTANT]
    assert combined[BAKER] == pytest.approx((2 / 3 + 2 / 3 + 0.4588) / 3, abs=1e-3)
    gaps = origin_gaps(start.everything, engine.dests, engine.credit)
    targets = np.array([True, False, False, False])
    unlocks = simulate_upskilling(
        start, combined, gaps, targets, 0.7, profiles, engine.credit, engine.weights, margin=0.2
    )
    assert [(u.skill, u.unlocked) for u in unlocks] == [(5, (BAKER,))]
    assert unlocks[0].gains == (pytest.approx(1.0),)
    # through the facade: nothing near in the care sector from the lorry driver
    assert engine.upskilling(OCC.format("driver"), query=TransitionQuery(sectors=("care",))) == []
    passport = [Claim(SKILL.format(0), "certified")]
    assert isinstance(engine.upskilling(claims=passport), list)


def test_vacancies_both_ways_only_opted_in(engine):
    index = engine.vacancy_index(
        [
            Vacancy("v1", (SKILL.format(0), SKILL.format(3)), (SKILL.format(7),), "bakker"),
            Vacancy("v2", (SKILL.format(8), "urn:unknown"), (), "chauffeur"),
        ]
    )
    assert [i.status for i in index.issues["v2"]] == ["unknown"]
    assert (index.position("v2"), index.position("v9")) == (1, None)
    report = engine.vacancies_for([Claim(SKILL.format(0), "certified")], index, top=2)
    assert report.fits[0].target == 0
    assert report.fits[0].of_status("missing", essential=True)[0].skill == 3
    skills = engine.profiles.skills
    pool = engine.candidate_pool(
        [
            Candidate("ann", resolve_claims([Claim(SKILL.format(0), "certified")], skills), True),
            Candidate(
                "bob",
                resolve_claims([Claim(SKILL.format(0)), Claim(SKILL.format(3))], skills),
                False,
            ),
            Candidate("cas", resolve_claims([Claim(SKILL.format(8), "employer")], skills), True),
        ]
    )
    matches = pool.for_vacancy(index, 0)
    assert [m.person for m in matches] == ["ann", "cas"]  # bob did not opt in
    assert matches[0].fit.of_status("covered")[0].claim is not None


def test_flags_explain_their_values():
    low = Wage(10.0, 12.0, 14.0, "0332", "group")
    high = Wage(20.0, 24.0, 28.0, "0761", "group")
    from dataclasses import replace

    from wendbaar.matching.engine.signals import OccupationSignals

    base = OccupationSignals(
        "0761", "", "07", high, None, None, 0.0, 0.0, False, False, frozenset()
    )
    cheap = replace(base, wage=low)
    flag = desirable_flag(base, cheap)
    assert (flag.passed, flag.message, flag.values["ratio"]) == (False, "desirable.lower_wage", 0.5)
    assert desirable_flag(base, cheap, share=0.5).passed is True
    assert desirable_flag(None, cheap, current_wage=15.0).passed is True
    assert desirable_flag(None, cheap).message == "desirable.unknown"
    assert effort_flag(3, 1, 4.5, max_missing=2).message == "effort.too_much"
    assert effort_flag(3, 1, 4.5, max_effort=5).passed is True


def test_the_matrix_is_read_back_from_the_cache(engine, tmp_path):
    first = MatchingEngine.build(
        engine.profiles, tiny.embeddings(), cache_dir=tmp_path, scale=tiny.SCALE
    )
    files = list(tmp_path.glob("transitions-*.npz"))
    assert len(files) == 1 and len(list(tmp_path.glob("credit-*.npz"))) == 1
    again = MatchingEngine.build(
        engine.profiles, tiny.embeddings(), cache_dir=tmp_path, scale=tiny.SCALE
    )
    assert again.matrix.seconds == {}  # loaded, not built
    assert np.array_equal(again.matrix.combined, first.matrix.combined)
    assert (again.credit.matrix != first.credit.matrix).nnz == 0
    assert np.array_equal(again.credit.reason.data, first.credit.reason.data)
    assert again.credit.scale == tiny.SCALE
    other = MatchingEngine.build(engine.profiles, None, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("transitions-*.npz"))) == 2
    assert other.matrix.key != first.matrix.key
