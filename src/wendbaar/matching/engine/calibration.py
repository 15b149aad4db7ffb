"""Thresholds for "viable" and "highly viable" transitions, calibrated from the data.

As in Career Causeways: occupations in one ISCO unit group should mostly be viable moves
for each other, so the viable threshold is the mean minus one standard deviation of the
average within-group similarity over all unit groups with two or more occupations. The
"highly viable" threshold does the same over broad ESCO groups (an occupation with all
its narrower occupations). Career Causeways rounded to one decimal (0.3 and 0.4); here
two decimals are kept, since the scale of the scores depends on the encoder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from wendbaar.matching.engine.profiles import OccupationProfiles


@dataclass(frozen=True)
class Thresholds:
    viable: float
    highly_viable: float
    stats: dict[str, float] = field(default_factory=dict)


def within_group_means(scores: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """Average off-diagonal score (both directions) inside each group of occupations."""
    means = []
    for members in groups:
        block = scores[np.ix_(members, members)]
        k = len(members)
        means.append((block.sum() - np.trace(block)) / (k * (k - 1)))
    return np.array(means)


def isco_groups(profiles: OccupationProfiles) -> list[np.ndarray]:
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, code in enumerate(profiles.isco):
        if code:
            by_code[code].append(i)
    return [np.array(m) for m in by_code.values() if len(m) >= 2]


def broad_groups(profiles: OccupationProfiles) -> list[np.ndarray]:
    """Each top-level ESCO occupation with every occupation below it."""
    root = np.arange(len(profiles))
    for i in range(len(profiles)):
        seen = {i}
        j = i
        while profiles.broader[j] >= 0 and profiles.broader[j] not in seen:
            j = int(profiles.broader[j])
            seen.add(j)
        root[i] = j
    by_root: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(root):
        by_root[int(r)].append(i)
    return [np.array(m) for m in by_root.values() if len(m) >= 2]


def calibrate(scores: np.ndarray, profiles: OccupationProfiles) -> Thresholds:
    isco = isco_groups(profiles)
    broad = broad_groups(profiles)
    if not isco:
        return Thresholds(0.3, 0.4, {"fallback": 1.0})  # Career Causeways' values
    isco_means = within_group_means(scores, isco)
    viable = round(float(isco_means.mean() - isco_means.std()), 2)
    if broad:
        broad_means = within_group_means(scores, broad)
        highly = round(float(broad_means.mean() - broad_means.std()), 2)
    else:
        broad_means = np.zeros(0)
        highly = viable
    highly = max(highly, viable)
    within = np.concatenate([scores[np.ix_(m, m)][~np.eye(len(m), dtype=bool)] for m in isco])
    off = scores[~np.eye(len(scores), dtype=bool)]
    stats = {
        "isco_groups": float(len(isco)),
        "isco_group_mean": float(isco_means.mean()),
        "isco_group_sd": float(isco_means.std()),
        "broad_groups": float(len(broad)),
        "broad_group_mean": float(broad_means.mean()) if len(broad_means) else 0.0,
        "broad_group_sd": float(broad_means.std()) if len(broad_means) else 0.0,
        "within_isco_pairs_viable": float((within >= viable).mean()),
        "all_pairs_viable": float((off >= viable).mean()),
        "all_pairs_highly_viable": float((off >= highly).mean()),
    }
    return Thresholds(viable, highly, stats)
