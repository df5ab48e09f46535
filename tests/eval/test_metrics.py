"""PRF, accuracy and share arithmetic (eval.metrics)."""
from __future__ import annotations

import pytest

from xinwen.eval.metrics import PRF, Accuracy, Share


def test_micro_average_sums_counts_before_dividing():
    # three documents: (tp, fp, fn) = (2, 0, 1), (0, 1, 0), (1, 1, 1)
    total = PRF(2, 0, 1) + PRF(0, 1, 0) + PRF(1, 1, 1)
    assert total == PRF(3, 2, 2)
    assert total.precision == pytest.approx(3 / 5)
    assert total.recall == pytest.approx(3 / 5)
    assert total.f1 == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("counts", "p", "r", "f"),
    [
        (PRF(0, 0, 0), None, None, None),
        (PRF(0, 0, 3), None, 0.0, 0.0),
        (PRF(0, 2, 0), 0.0, None, 0.0),
        (PRF(4, 0, 0), 1.0, 1.0, 1.0),
        (PRF(1, 3, 0), 0.25, 1.0, 0.4),
    ],
)
def test_prf_figures(counts, p, r, f):
    assert (counts.precision, counts.recall, counts.f1) == (p, r, f)


def test_accuracy_and_share():
    assert (Accuracy(1, 2) + Accuracy(2, 2)).accuracy == 0.75
    assert Accuracy().accuracy is None
    s = Share(3, 4, 1) + Share(0, 0, 2)
    assert s.as_dict() == {"valid": 3, "checked": 4, "not_checkable": 3, "share": 0.75}
