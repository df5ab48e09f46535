"""The ``format`` checks of the record schema: ``date`` and ``date-time``.

Ours rather than jsonschema's, which pass every value unless optional packages are
installed. Shared by the pipeline's own check (``export``) and ``validate``.
"""
from __future__ import annotations

import functools
from datetime import date, datetime

from xinwen.pipeline.patterns import fixed_pattern

_DATE = fixed_pattern("text_patterns.tsv", "text.iso_date")
_DATE_TIME = fixed_pattern("text_patterns.tsv", "text.iso_date_time")


def is_date(value: object) -> bool:
    """``YYYY-MM-DD`` naming a real day (a non-string is not this check's business).

    >>> is_date("2023-03-23"), is_date("2023-13-45"), is_date("2023-02-30"), is_date("2023-3-1")
    (True, False, False, False)
    """
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date_time(value: object) -> bool:
    """An RFC 3339 date-time.

    >>> is_date_time("2023-03-24T06:32:03+08:00"), is_date_time("2023-03-24T25:00:00Z")
    (True, False)
    >>> is_date_time("2023-03-24 06:32")
    False
    """
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper())  # 3.11 reads Z
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def format_checker():
    """The ``format`` checks jsonschema runs: ``date`` and ``date-time`` (ours, so that
    they hold without jsonschema's optional format packages)."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(is_date)
    checker.checks("date-time")(is_date_time)
    return checker
