"""Corpus aggregates drawn on the dashboard. Pure functions over records.

Only records with ``status: "ok"`` count. A signing's month is its ``date``,
else the record's ``meta.event_date`` (``YYYY-MM``), else ``unknown``. Its
region is ``region.city`` (else ``region.province``, else ``region.district``)
where the record carries a region, else the signing's ``place``, else
``meta.place``, else ``unknown``. An official appears at a signing when the
signing's ``people_refs`` link them, when they sign it (``signatories``), or
when one of their mentions lies inside one of the signing's sentences; each
signing counts once per name.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from xinwen.eval.slots import dicts
from xinwen.pipeline.registry import SLOT_NAMES

MONTH = re.compile(r"^\d{4}-\d{2}")
UNKNOWN = "unknown"
YI = 1e8  # 亿: the unit the charts show CNY in


def ok_records(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if isinstance(r, dict) and r.get("status") == "ok"]


def _month(signing: dict[str, Any], record: dict[str, Any]) -> str:
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    for value in (signing.get("date"), meta.get("event_date")):
        if isinstance(value, str) and MONTH.match(value):
            return value[:7]
    return UNKNOWN


def _region(signing: dict[str, Any], record: dict[str, Any]) -> str:
    region = signing.get("region")
    if isinstance(region, dict):
        for key in ("city", "province", "district"):
            if isinstance(region.get(key), str) and region[key]:
                return region[key]
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    for value in (signing.get("place"), meta.get("place")):
        if isinstance(value, str) and value:
            return value
    return UNKNOWN


def _signed(records: Iterable[dict[str, Any]]) -> Iterable[tuple[dict, dict, float]]:
    for record in ok_records(records):
        for signing in dicts(record.get("signings")):
            total = signing.get("total_investment")
            if isinstance(total, int | float) and not isinstance(total, bool):
                yield signing, record, float(total)


def _ordered(sums: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(sums.items(), key=lambda kv: (kv[0] == UNKNOWN, kv[0]))


def investment_by_month(records: Iterable[dict[str, Any]]) -> list[tuple[str, float]]:
    """(``YYYY-MM`` or ``unknown``, signed total in CNY), months in order, unknown last.

    >>> recs = [{"status": "ok", "meta": {"event_date": "2023-03-23"}, "signings": [
    ...     {"total_investment": 3e9, "date": None},
    ...     {"total_investment": 1e9, "date": "2023-04-01"}, {"total_investment": None}]}]
    >>> investment_by_month(recs)
    [('2023-03', 3000000000.0), ('2023-04', 1000000000.0)]
    """
    sums: dict[str, float] = defaultdict(float)
    for signing, record, total in _signed(records):
        sums[_month(signing, record)] += total
    return _ordered(sums)


def investment_by_region(records: Iterable[dict[str, Any]], top: int = 12
                         ) -> list[tuple[str, float]]:
    """(region, signed total in CNY), largest first, at most ``top`` rows."""
    sums: dict[str, float] = defaultdict(float)
    for signing, record, total in _signed(records):
        sums[_region(signing, record)] += total
    return sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def _inside(span: Any, sentences: list[tuple[int, int]]) -> bool:
    if not isinstance(span, dict):
        return False
    start, end = span.get("start"), span.get("end")
    return any(isinstance(start, int) and isinstance(end, int) and s <= start and end <= e
               for s, e in sentences)


def _sentences(signing: dict[str, Any]) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in dicts(signing.get("spans"))
            if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]


def signing_officials(record: dict[str, Any], signing: dict[str, Any]) -> set[str]:
    """Names of the record's officials who appear at ``signing`` (see the module docstring)."""
    people = dicts(record.get("people"))
    linked = {ref.get("person") for ref in dicts(signing.get("people_refs"))}
    signers = set(s for s in signing.get("signatories") or [] if isinstance(s, str))
    sentences = _sentences(signing)
    names = set()
    for k, person in enumerate(people):
        name = person.get("name")
        if person.get("category") != "official" or not isinstance(name, str):
            continue
        if k in linked or name in signers or any(
                _inside(m, sentences) for m in dicts(person.get("mentions"))):
            names.add(name)
    return names


def officials_at_signings(records: Iterable[dict[str, Any]], top: int = 10
                          ) -> list[tuple[str, int]]:
    """(official's name, number of signings they appear at), most first, at most ``top``."""
    counts: Counter[str] = Counter()
    for record in ok_records(records):
        for signing in dicts(record.get("signings")):
            counts.update(signing_officials(record, signing))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def slot_counts(record: dict[str, Any]) -> dict[str, int]:
    """Items per slot of one record (person mentions are not items: people are)."""
    return {slot: len(dicts(record.get(slot))) for slot in SLOT_NAMES}
