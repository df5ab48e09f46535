"""One-to-one matching (eval.match): hand-checked cases and a brute-force property."""
from __future__ import annotations

from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from xinwen.eval.match import match


def same(g, p):
    return 1.0 if g == p else None


def test_repeated_value_in_prediction_matches_once():
    m = match([300], [300, 300, 300], same)
    assert (m.pairs, m.unmatched_gold, m.unmatched_pred) == ([(0, 0)], [], [1, 2])


def test_repeated_value_in_gold_and_prediction_pairs_up():
    m = match([300, 100, 300], [300, 300], same)
    assert (m.pairs, m.unmatched_gold, m.unmatched_pred) == ([(0, 0), (2, 1)], [1], [])


def test_maximum_not_greedy():
    """Greedy gives gold 0 its best pred 0 and leaves gold 1 alone; the maximum pairs both."""
    compatible = {(0, 0): 1.0, (0, 1): 0.1, (1, 0): 0.1}
    m = match(["a", "b"], ["x", "y"], lambda g, p: compatible.get(("ab".index(g), "xy".index(p))))
    assert m.pairs == [(0, 1), (1, 0)]


def test_preference_decides_among_maximum_matchings():
    """Two equally large matchings: the one agreeing on the subject wins."""
    gold = [("300亿", "总投资"), ("300亿", "年产值")]
    pred = [("300亿", "年产值"), ("300亿", "总投资")]
    m = match(gold, pred, lambda g, p: (0.5 + 0.5 * (g[1] == p[1])) if g[0] == p[0] else None)
    assert m.pairs == [(0, 1), (1, 0)]


def test_ties_keep_reading_order():
    m = match(["a", "a"], ["a", "a"], lambda g, p: 1.0)
    assert m.pairs == [(0, 0), (1, 1)]


def test_empty_sides():
    assert match([], [1], same).unmatched_pred == [0]
    assert match([1], [], same).unmatched_gold == [0]


def _brute_force_size(n_gold, n_pred, edges):
    best = 0
    small, large = (n_gold, n_pred) if n_gold <= n_pred else (n_pred, n_gold)
    for perm in permutations(range(large), small):
        if n_gold <= n_pred:
            size = sum((i, perm[i]) in edges for i in range(small))
        else:
            size = sum((perm[j], j) in edges for j in range(small))
        best = max(best, size)
    return best


@settings(deadline=None, max_examples=200)
@given(
    n_gold=st.integers(0, 5),
    n_pred=st.integers(0, 5),
    data=st.data(),
)
def test_matching_is_one_to_one_and_maximum(n_gold, n_pred, data):
    pairs = [(i, j) for i in range(n_gold) for j in range(n_pred)]
    edges = set(data.draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([])))
    prefs = {e: data.draw(st.floats(0, 1)) for e in sorted(edges)}
    m = match(list(range(n_gold)), list(range(n_pred)), lambda g, p: prefs.get((g, p)))
    assert all(pair in edges for pair in m.pairs)
    assert len({i for i, _ in m.pairs}) == len({j for _, j in m.pairs}) == len(m.pairs)
    assert sorted([i for i, _ in m.pairs] + m.unmatched_gold) == list(range(n_gold))
    assert sorted([j for _, j in m.pairs] + m.unmatched_pred) == list(range(n_pred))
    assert len(m.pairs) == _brute_force_size(n_gold, n_pred, edges)
