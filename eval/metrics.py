"""Counts and the figures derived from them. Pure, no I/O.

Micro-averaging: per-document :class:`PRF` counts are summed (``+``) and the
figures computed once from the totals.

Undefined figures are ``None`` (printed ``-``): precision with nothing
predicted, recall with nothing in gold, F1 with neither. F1 is
``2tp / (2tp + fp + fn)``, the harmonic mean of P and R wherever both exist,
and 0 where one of them is undefined but there were errors.

>>> c = PRF(3, 1, 2) + PRF(1, 0, 0)
>>> c, c.precision, round(c.recall, 4), round(c.f1, 4)
(PRF(tp=4, fp=1, fn=2), 0.8, 0.6667, 0.7273)
>>> PRF(0, 0, 0).f1 is None, PRF(0, 2, 0).f1, PRF(0, 2, 0).recall is None
(True, 0.0, True)
>>> a = Accuracy(2, 3) + Accuracy(1, 1)
>>> a, a.accuracy
(Accuracy(correct=3, n=4), 0.75)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PRF:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Accuracy:
    """Correct decisions out of ``n``."""

    correct: int = 0
    n: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.n + other.n)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "n": self.n, "accuracy": self.accuracy}


@dataclass(frozen=True, slots=True)
class Share:
    """Span validity: valid spans out of the checkable ones, plus the uncheckable count."""

    valid: int = 0
    checked: int = 0
    unchecked: int = 0

    def __add__(self, other: Share) -> Share:
        return Share(
            self.valid + other.valid, self.checked + other.checked, self.unchecked + other.unchecked
        )

    @property
    def share(self) -> float | None:
        return self.valid / self.checked if self.checked else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid, "checked": self.checked, "not_checkable": self.unchecked,
            "share": self.share,
        }
