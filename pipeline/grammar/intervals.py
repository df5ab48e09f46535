"""Half-open character spans indexed for overlap and containment queries in O(log n).

The people stage asks, for every candidate name or verb, whether some backend
place or organization overlaps it or contains it. Scanning every span per
question is quadratic on a long document; this index sorts the spans once by
start and keeps the running maximum of their ends, so that "some span starting
before ``x`` reaches past ``y``" is one ``bisect``.

>>> index = SpanIndex([(0, 3), (5, 9), (6, 7)])
>>> index.overlaps(2, 4), index.overlaps(3, 5), index.contains(6, 8), index.contains(4, 6)
(True, False, True, False)
>>> index.sticks_out(5, 9), index.sticks_out(6, 8)
(False, True)
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


class SpanIndex:
    """A fixed set of ``(start, end)`` spans, ``start < end``."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._ends = [end for _, end in ordered]
        self._reach = list(itertools.accumulate(self._ends, max))  # max end among the first i+1

    def _reach_before(self, position: int, *, inclusive: bool) -> int:
        """The furthest end of the spans starting before ``position`` (or at it), -1 if none."""
        cut = (bisect.bisect_right if inclusive else bisect.bisect_left)(self._starts, position)
        return self._reach[cut - 1] if cut else -1

    def overlaps(self, start: int, end: int) -> bool:
        """Does some span share a character with ``[start, end)``?"""
        return self._reach_before(end, inclusive=False) > start

    def contains(self, start: int, end: int) -> bool:
        """Does some span hold all of ``[start, end)``?"""
        return self._reach_before(start, inclusive=True) >= end

    def sticks_out(self, start: int, end: int) -> bool:
        """Does some span overlap ``[start, end)`` without lying inside it?

        One starting before ``start`` overlaps when it ends after ``start``; one starting
        inside sticks out when it ends after ``end`` (the few starting inside are scanned).
        """
        if self._reach_before(start, inclusive=False) > start:
            return True
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        return any(self._ends[i] > end for i in range(first, last))
