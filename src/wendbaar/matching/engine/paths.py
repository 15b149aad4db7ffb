"""Career paths of two or three viable steps, for destinations no direct move reaches.

Each step must be viable (combined score >= the viable threshold); a path is as strong as
its weakest step, so the best path to a destination maximises that minimum (a max-min
product along one row of the matrix, O(n^2) for all destinations at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np


@dataclass(frozen=True)
class CareerPath:
    steps: tuple[int, ...]  # origin, intermediate occupations, destination
    scores: tuple[float, ...]  # combined score of each step
    weakest: float

    @property
    def length(self) -> int:
        return len(self.steps) - 1


def _best_through(first: np.ndarray, graph: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every destination t: max over m of min(first[m], graph[m, t]), and that m.

    Only the m reached at all (first[m] > 0) can carry a path, so only their rows are used.
    """
    reached = np.flatnonzero(first > 0)
    if len(reached) == 0:
        return np.zeros(graph.shape[1], graph.dtype), np.zeros(graph.shape[1], np.int64)
    through = np.minimum(first[reached, None], graph[reached])
    at = through.argmax(axis=0)
    return through[at, np.arange(graph.shape[1])], reached[at]


def career_paths(
    combined: np.ndarray,
    viable: float,
    origin: int,
    targets: np.ndarray,
    max_steps: int = 3,
    top: int = 10,
) -> list[CareerPath]:
    """Shortest viable path (then the strongest) to each target, best ``top`` of them.

    Targets reachable in one step are included as one-step paths; ``targets`` is a mask.
    """
    graph = np.where(combined >= viable, combined, 0.0).astype(np.float32)
    np.fill_diagonal(graph, 0.0)
    one = graph[origin]
    two, via1 = _best_through(one, graph)
    three, via2 = _best_through(two, graph) if max_steps >= 3 else (np.zeros_like(one), None)
    wanted = targets.copy()
    wanted[origin] = False
    found: list[CareerPath] = []
    for t in np.flatnonzero(wanted):
        if one[t] > 0:
            steps: tuple[int, ...] = (origin, int(t))
        elif max_steps >= 2 and two[t] > 0:
            steps = (origin, int(via1[t]), int(t))
        elif via2 is not None and three[t] > 0:
            m2 = int(via2[t])
            steps = (origin, int(via1[m2]), m2, int(t))
        else:
            continue
        scores = tuple(float(combined[a, b]) for a, b in pairwise(steps))
        found.append(CareerPath(steps, scores, min(scores)))
    found.sort(key=lambda p: (p.length, -p.weakest, p.steps[-1]))
    return found[:top]
