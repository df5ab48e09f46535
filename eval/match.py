"""One-to-one matching of gold items with predicted items. Pure functions.

:func:`match` takes the two lists and a ``similarity(gold, pred)`` function
that returns ``None`` where the pair is not compatible (e.g. different
amounts) and otherwise a preference in ``[0, 1]`` (e.g. how much of the text
and subject agree). It returns a **maximum** one-to-one matching: first as many
pairs as possible (so a value predicted twice can match two gold mentions of it,
and a value predicted once matches only one), then, among those, the largest
total preference, then pairs whose relative positions in the two lists are
closest (gold is written in reading order and predictions come in text order,
so a headline mention pairs with the headline mention). Ties therefore resolve
the same way on every run.

The optimum is found exactly with the Hungarian algorithm on integer weights,
run separately on each connected component of the compatibility graph (small
in practice: the items sharing one value or one name).

>>> m = match([10, 20, 10], [10, 10, 10, 30], lambda g, p: 1.0 if g == p else None)
>>> m.pairs, m.unmatched_gold, m.unmatched_pred
([(0, 0), (2, 2)], [1], [1, 3])
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

G = TypeVar("G")
P = TypeVar("P")

#: preference resolution: similarities are rounded to 1/_SCALE
_SCALE = 1000


@dataclass(frozen=True)
class Matching:
    """Index pairs ``(gold_index, pred_index)`` sorted by gold index, and the leftovers."""

    pairs: list[tuple[int, int]]
    unmatched_gold: list[int]
    unmatched_pred: list[int]


def match(
    gold: Sequence[G], pred: Sequence[P], similarity: Callable[[G, P], float | None]
) -> Matching:
    """Maximum-cardinality, then maximum-preference one-to-one matching."""
    sims: dict[tuple[int, int], float] = {}
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = similarity(g, p)
            if s is not None:
                sims[i, j] = min(1.0, max(0.0, float(s)))
    pairs: list[tuple[int, int]] = []
    for rows, cols in _components(sims):
        pairs.extend(_solve(rows, cols, sims, len(gold), len(pred)))
    pairs.sort()
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    return Matching(
        pairs=pairs,
        unmatched_gold=[i for i in range(len(gold)) if i not in matched_g],
        unmatched_pred=[j for j in range(len(pred)) if j not in matched_p],
    )


def _components(sims: dict[tuple[int, int], float]) -> list[tuple[list[int], list[int]]]:
    """Connected components of the bipartite compatibility graph, as (rows, cols)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in sims:
        parent[find(("g", i))] = find(("p", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in sorted(parent):
        rows, cols = groups.setdefault(find(node), ([], []))
        (rows if node[0] == "g" else cols).append(node[1])
    return sorted(groups.values())


def _solve(
    rows: list[int], cols: list[int], sims: dict[tuple[int, int], float], n_gold: int, n_pred: int
) -> list[tuple[int, int]]:
    """Optimal pairs of one component. Integer weights, lexicographic objective.

    weight = BIG + round(sim * _SCALE) * ORDER + order_bonus, where ORDER exceeds
    any sum of order bonuses and BIG exceeds any sum of the lower terms, so the
    optimum maximises the pair count, then the preference, then order keeping.
    """
    k = min(len(rows), len(cols))
    span = n_gold * n_pred  # positions compared as i/n_gold vs j/n_pred, scaled
    order = (k + 1) * (span + 1)
    big = (k + 1) * (_SCALE * order + span + 1)

    def weight(i: int, j: int) -> int:
        if (i, j) not in sims:
            return 0
        closeness = span - abs(i * n_pred - j * n_gold)
        return big + round(sims[i, j] * _SCALE) * order + closeness

    transpose = len(rows) > len(cols)
    if transpose:
        matrix = [[weight(i, j) for i in rows] for j in cols]
    else:
        matrix = [[weight(i, j) for j in cols] for i in rows]
    result = []
    for r, c in _hungarian_max(matrix):
        i, j = (rows[c], cols[r]) if transpose else (rows[r], cols[c])
        if (i, j) in sims:
            result.append((i, j))
    return result


def _hungarian_max(weights: list[list[int]]) -> list[tuple[int, int]]:
    """Assignment of every row (rows ≤ columns) maximising the total weight.

    The classic O(n²m) potentials formulation (Kuhn–Munkres), on costs = -weights.

    >>> sorted(_hungarian_max([[1, 5], [4, 1]]))
    [(0, 1), (1, 0)]
    """
    n = len(weights)
    if n == 0:
        return []
    m = len(weights[0])
    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j] = row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -weights[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
