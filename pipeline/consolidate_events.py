"""Events of the consolidation: one row per real-world signing ceremony.

Every signing of an ``ok`` record is an *item*: its date (``Signing.date``, else the record's
``meta.event_date``), region (``Signing.region``, else ``meta.region``), project count, total
(CNY), projects (as keys, :func:`pipeline.consolidate_keys.project_key`), parties and fields.
:func:`compare` decides for two items with the rules of ``consolidate_rules.tsv``:

* apart: ``event.same_document``, ``event.no_region`` / ``other_city`` / ``other_district``,
  ``event.other_count`` (two known, different counts), ``event.other_date`` (both dated, more
  than the window apart), ``event.no_shared_fact``;
* merge: ``event.same_ceremony`` (both dated within the window, at least one shared fact: equal
  count, equal total within ``event.total_tolerance``, a shared project (two count twice), the
  same venue, a shared party) or
  ``event.undated_same_ceremony`` (a date missing: at least two shared facts).

Items are taken in ``(doc_id, signing index)`` order; each joins the first event it merges with
whose members it conflicts with on none of the hard rules (same document, region, count, date),
else starts an event. Only events that can merge are compared: those of the same province and
city with a member dated within the window, or sharing a count, a project key, a venue or a party.
Field values are reconciled by ``event.majority``; disagreements stay visible in ``conflicts``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xinwen.pipeline.consolidate_keys import (
    ConsolidationTables,
    Region,
    day_number,
    project_key,
    region_apart_rule,
    region_short_names,
    region_tuple,
    regions_compatible,
)

HARD_APART = frozenset(
    {
        "event.same_document",
        "event.no_region",
        "event.other_city",
        "event.other_district",
        "event.other_count",
        "event.other_date",
    }
)
PICKED_FIELDS = ("date", "place", "venue", "region", "project_count", "total_investment")
LIST_FIELDS = ("parties", "signatories", "fields")


@dataclass(frozen=True)
class SigningItem:
    doc_id: str
    index: int
    signing: dict[str, Any]  # the record's Signing, with ``date`` and ``region`` filled in
    day: int | None
    region: Region
    count: int | None
    total: float | None
    named: tuple[tuple[str, str], ...]  # (project key, project name as written), in order

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key for key, _ in self.named))

    @property
    def ref(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "signing": self.index}


def signing_items(
    records: Iterable[dict[str, Any]], tables: ConsolidationTables
) -> list[SigningItem]:
    """Every signing of every record, sorted by ``(doc_id, index)``."""
    items = []
    names: dict[Region, tuple[str, ...]] = {}  # region -> its written forms, per call
    for record in records:
        meta = record["meta"]
        for index, signing in enumerate(record["signings"]):
            filled = {
                **signing,
                "date": signing.get("date") or meta.get("event_date"),
                "region": signing.get("region") or meta.get("region"),
            }
            region = region_tuple(filled["region"])
            if region not in names:
                names[region] = region_short_names(region, tables)
            named = tuple(
                (project_key(p, names[region], tables), p) for p in signing.get("projects") or ()
            )
            items.append(
                SigningItem(
                    record["doc_id"],
                    index,
                    filled,
                    day_number(filled["date"]),
                    region,
                    signing.get("project_count"),
                    signing.get("total_investment"),
                    named,
                )
            )
    return sorted(items, key=lambda item: (item.doc_id, item.index))


# ------------------------------------------------------------------ comparing --


def compare(a: SigningItem, b: SigningItem, tables: ConsolidationTables) -> str:
    """The rule id that decides whether two signings report one ceremony."""
    if a.doc_id == b.doc_id:
        return "event.same_document"
    if not regions_compatible(a.region, b.region):
        return region_apart_rule(a.region, b.region, "event")
    if a.count is not None and b.count is not None and a.count != b.count:
        return "event.other_count"
    dated = a.day is not None and b.day is not None
    if dated and abs(a.day - b.day) > tables.value("event.same_ceremony"):
        return "event.other_date"
    facts = _shared_facts(a, b, tables)
    if dated:
        return "event.same_ceremony" if facts >= 1 else "event.no_shared_fact"
    return (
        "event.undated_same_ceremony"
        if facts >= tables.value("event.undated_same_ceremony")
        else "event.no_shared_fact"
    )


def _shared_facts(a: SigningItem, b: SigningItem, tables: ConsolidationTables) -> int:
    count = a.count is not None and a.count == b.count
    total = a.total is not None and b.total is not None and _close(a.total, b.total, tables)
    projects = len(set(a.keys) & set(b.keys))
    venue = bool(a.signing.get("venue")) and a.signing.get("venue") == b.signing.get("venue")
    parties = bool(set(a.signing.get("parties") or ()) & set(b.signing.get("parties") or ()))
    return int(count) + int(total) + min(projects, 2) + int(venue) + int(parties)


def _close(a: float, b: float, tables: ConsolidationTables) -> bool:
    return abs(a - b) <= tables.value("event.total_tolerance") * max(abs(a), abs(b))


# ------------------------------------------------------------------ clustering --


@dataclass
class _Block:
    """The events of one (province, city) while they are being built: local to one call."""

    events: list[list[SigningItem]]
    by_day: dict[int, set[int]]
    by_fact: dict[tuple[str, Any], set[int]]
    rejected: dict[int, dict[str, str]]  # event -> {item ref: rule}
    why: dict[int, list[str]]  # event -> how each later member joined


def cluster_events(
    items: list[SigningItem], tables: ConsolidationTables
) -> tuple[list[list[SigningItem]], list[dict[str, str]], list[str | None]]:
    """Events (lists of items), per event the nearby items kept apart with their rule, and why
    its members joined (``None`` for a single signing)."""
    blocks: dict[tuple[str | None, str | None], _Block] = {}
    order: list[tuple[_Block, int]] = []
    window = int(tables.value("event.same_ceremony"))
    for item in items:
        block = blocks.setdefault(
            item.region[:2] if item.region[0] else ("", item.doc_id),
            _Block([], defaultdict(set), defaultdict(set), defaultdict(dict), defaultdict(list)),
        )
        position, reason = _place(item, block, window, tables)
        if position == len(block.events):
            block.events.append([item])
            order.append((block, position))
        else:
            block.events[position].append(item)
            block.why[position].append(reason)
        _index(item, position, block)
    events = [b.events[p] for b, p in order]
    return (
        events,
        [b.rejected[p] for b, p in order],
        ["; ".join(b.why[p]) or None for b, p in order],
    )


def _candidates(item: SigningItem, block: _Block, window: int) -> list[int]:
    found: set[int] = set()
    if item.day is not None:
        for day in range(item.day - window, item.day + window + 1):
            found |= block.by_day.get(day, set())
    facts = ([("count", item.count)] if item.count is not None else []) + [
        ("project", k) for k in item.keys
    ]
    facts += [("venue", item.signing["venue"])] if item.signing.get("venue") else []
    facts += [("party", party) for party in item.signing.get("parties") or ()]
    for fact in facts:
        found |= block.by_fact.get(fact, set())
    return sorted(found)


def _place(
    item: SigningItem, block: _Block, window: int, tables: ConsolidationTables
) -> tuple[int, str]:
    """The event the item joins (``len(events)``: a new one) and the reason it joins."""
    for position in _candidates(item, block, window):
        members = block.events[position]
        rules = [compare(item, member, tables) for member in members]
        hard = next((rule for rule in rules if rule in HARD_APART), None)
        partner = next(
            (m for m, rule in zip(members, rules, strict=True) if rule.endswith("same_ceremony")),
            None,
        )
        if partner is not None and hard is None:
            rule = compare(item, partner, tables)
            return position, f"{rule}: {_name(item)} with {_name(partner)}"
        block.rejected[position][_name(item)] = hard or rules[0]
    return len(block.events), ""


def _name(item: SigningItem) -> str:
    return f"{item.doc_id}#signings-{item.index}"


def _index(item: SigningItem, position: int, block: _Block) -> None:
    if item.day is not None:
        block.by_day[item.day].add(position)
    if item.count is not None:
        block.by_fact[("count", item.count)].add(position)
    for key in item.keys:
        block.by_fact[("project", key)].add(position)
    if item.signing.get("venue"):
        block.by_fact[("venue", item.signing["venue"])].add(position)
    for party in item.signing.get("parties") or ():
        block.by_fact[("party", party)].add(position)


# ------------------------------------------------------------------ rows --


def event_row(
    event: list[SigningItem], rejected: dict[str, str], why: str | None
) -> dict[str, Any]:
    first = event[0]
    row: dict[str, Any] = {"id": f"event@{first.doc_id}#signings-{first.index}"}
    conflicts: dict[str, list[dict[str, Any]]] = {}
    for field in PICKED_FIELDS:
        row[field], options = _pick(event, field)
        if len(options) > 1:
            conflicts[field] = options
    row["projects"] = _projects(event)
    for field in LIST_FIELDS:
        row[field] = list(
            dict.fromkeys(value for item in event for value in item.signing.get(field) or ())
        )
    row.update(
        sources=[item.ref for item in event],
        doc_ids=sorted({item.doc_id for item in event}),
        merged_because=why,
        conflicts=conflicts,
        picked_by="event.majority" if conflicts else None,
        apart_from=[{"signing": ref, "because": rule} for ref, rule in sorted(rejected.items())],
    )
    return row


def _pick(event: list[SigningItem], field: str) -> tuple[Any, list[dict[str, Any]]]:
    """The majority value (ties: the first source's) and every value with its sources."""
    sources: dict[str, list[dict[str, Any]]] = {}
    values: dict[str, Any] = {}
    for item in event:
        value = item.signing.get(field)
        if value is None:
            continue
        key = repr(sorted(value.items())) if isinstance(value, dict) else repr(value)
        values.setdefault(key, value)
        sources.setdefault(key, []).append(item.ref)
    if not values:
        return None, []
    counts = Counter({key: len(refs) for key, refs in sources.items()})
    best = max(values, key=lambda key: counts[key])  # max keeps the first of a tie: first source
    return values[best], [{"value": values[key], "sources": sources[key]} for key in values]


def _projects(event: list[SigningItem]) -> list[str]:
    by_key: dict[str, str] = {}
    for item in event:
        for key, name in item.named:
            by_key.setdefault(key, name)
    return list(by_key.values())
