"""Officials directory and name restorations of the consolidation.

**Officials.** Every person of category ``official`` in an ``ok`` record is a *mention*:
its name, titles, region (the titles' organization, else the document's ``meta.region``:
:func:`pipeline.consolidate_keys.person_region`) and date (``published_at``, else
``event_date``). Mentions of one name are taken in ``(doc_id, person index)`` order; each joins
the first directory row of that name whose every mention has a compatible region
(``official.same_region``), else starts a row of its own. Compatibility is checked against every
member, so one row never holds two districts of a city, and two ``王伟`` of two cities stay two
rows, each listing the other in ``apart_from`` with the rule that kept them apart. A name with a
lost character (``张?``) is never a directory row (``official.lost_characters``).

**Restorations.** A mention with lost characters is compared with the directory: rows whose name
has the surviving characters in place (:func:`name_fits`), a compatible region and a title that
ends like one of the mention's titles (``区委书记`` / ``崂山区委书记``), seen within the rule's
window of days. Exactly one such row: the name is proposed with the evidence
(``restoration.unique_match``); the record itself is never changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xinwen.pipeline.consolidate_keys import (
    ConsolidationTables,
    Region,
    day_number,
    person_region,
    record_date,
    region_apart_rule,
    region_tuple,
    regions_compatible,
)

LOST = "?"


@dataclass(frozen=True)
class Mention:
    """One official of one record."""

    doc_id: str
    index: int
    name: str
    titles: tuple[str, ...]
    region: Region
    day: str | None

    @property
    def ref(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "person": self.index}


def official_mentions(
    records: Iterable[dict[str, Any]], tables: ConsolidationTables
) -> list[Mention]:
    """Every official of every record, sorted by ``(doc_id, index)``."""
    found = []
    regions: dict[tuple[tuple[str, ...], Region], Region] = {}  # per call: titles repeat
    for record in records:
        doc_region = region_tuple(record["meta"].get("region"))
        day = record_date(record)
        for index, person in enumerate(record["people"]):
            if person.get("category") != "official" or not person.get("name"):
                continue
            titles = tuple(person.get("titles") or ())
            if (titles, doc_region) not in regions:
                regions[(titles, doc_region)] = person_region(list(titles), doc_region, tables)
            region = regions[(titles, doc_region)]
            found.append(Mention(record["doc_id"], index, person["name"], titles, region, day))
    return sorted(found, key=lambda m: (m.doc_id, m.index))


# ------------------------------------------------------------------ officials --


def cluster_officials(mentions: list[Mention]) -> list[list[Mention]]:
    """Clusters of one person each (names with lost characters excluded)."""
    by_name: dict[str, list[tuple[list[Mention], set[Region]]]] = defaultdict(list)
    for mention in mentions:
        if LOST in mention.name:
            continue
        clusters = by_name[mention.name]
        home = next((c for c in clusters if _fits(mention, c[1])), None)
        if home is None:
            clusters.append(([mention], {mention.region}))
        else:
            home[0].append(mention)
            home[1].add(mention.region)
    return [cluster for name in sorted(by_name) for cluster, _ in by_name[name]]


def _fits(mention: Mention, regions: set[Region]) -> bool:
    """Compatible with every region the cluster holds (each distinct region checked once)."""
    return all(regions_compatible(mention.region, region) for region in regions)


def official_rows(clusters: list[list[Mention]]) -> list[dict[str, Any]]:
    """One directory row per cluster, with ``merged_because`` and ``apart_from``."""
    rows = [_official_row(cluster) for cluster in clusters]
    by_name: dict[str, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        by_name[row["name"]].append(position)
    for positions in by_name.values():
        for position in positions:
            rows[position]["apart_from"] = [
                {
                    "official": rows[other]["id"],
                    "because": _apart_rule(clusters[position], clusters[other]),
                }
                for other in positions
                if other != position
            ]
    return rows


def _apart_rule(a: list[Mention], b: list[Mention]) -> str:
    for x in a:
        for y in b:
            if not regions_compatible(x.region, y.region):
                return region_apart_rule(x.region, y.region, "official")
    return "official.other_district"  # compatible pairwise, but a third member separates them


def _official_row(cluster: list[Mention]) -> dict[str, Any]:
    first = cluster[0]
    days = [m.day for m in cluster if m.day]
    region = _deepest(cluster)
    return {
        "id": f"official@{first.doc_id}#people-{first.index}",
        "name": first.name,
        "category": "official",
        "region": dict(zip(("province", "city", "district"), region, strict=True)),
        "titles": _titles(cluster),
        "first_seen": min(days) if days else None,
        "last_seen": max(days) if days else None,
        "sources": sorted({m.doc_id for m in cluster}),
        "people_refs": [m.ref for m in cluster],
        "merged_because": _merged_because(cluster, region),
    }


def _deepest(cluster: list[Mention]) -> Region:
    return max(
        (m.region for m in cluster), key=lambda r: (sum(p is not None for p in r), r[2] or "")
    )


def _titles(cluster: list[Mention]) -> list[dict[str, Any]]:
    seen: dict[str, list[Mention]] = {}
    for mention in cluster:
        for title in mention.titles:
            seen.setdefault(title, []).append(mention)
    out = []
    for title, where in seen.items():
        days = [m.day for m in where if m.day]
        out.append(
            {
                "title": title,
                "first_seen": min(days) if days else None,
                "last_seen": max(days) if days else None,
                "sources": sorted({m.doc_id for m in where}),
            }
        )
    return out


def _merged_because(cluster: list[Mention], region: Region) -> str | None:
    docs = sorted({m.doc_id for m in cluster})
    if len(cluster) < 2:
        return None
    place = "".join(part for part in region if part)
    return f"official.same_region: {cluster[0].name} in {place} in {', '.join(docs)}"


# ------------------------------------------------------------------ restorations --


def restoration_rows(
    mentions: list[Mention], officials: list[dict[str, Any]], tables: ConsolidationTables
) -> list[dict[str, Any]]:
    """One row per official mention with lost characters."""
    window = tables.value("restoration.unique_match")
    by_first: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in officials:
        by_first[row["name"][0]].append(row)
    rows = []
    for mention in mentions:
        if LOST not in mention.name:
            continue
        pool = by_first.get(mention.name[0], []) if mention.name[0] != LOST else officials
        rows.append(_restoration(mention, [r for r in pool if _restores(mention, r, window)]))
    return rows


def name_fits(lost: str, name: str) -> bool:
    """The surviving characters in place; a ``?`` inside stands for one character, a final ``?``
    for one or more (the pipeline ends a name at a lost character: ``谢?村`` is read ``谢?``).

    >>> name_fits("谢?", "谢兆村"), name_fits("谢?村", "谢兆村"), name_fits("谢?村", "谢兆"), name_fits("张?", "李元")
    (True, True, False, False)
    """
    if lost.endswith(LOST) and len(name) > len(lost):
        name = name[: len(lost) - 1] + name[-1]
    if len(name) != len(lost):
        return False
    return all(a == LOST or a == b for a, b in zip(lost, name, strict=True))


def _restores(mention: Mention, row: dict[str, Any], window: float) -> bool:
    if not name_fits(mention.name, row["name"]):
        return False
    region = tuple(row["region"][level] for level in ("province", "city", "district"))
    return regions_compatible(mention.region, region) and bool(
        _matching_titles(mention, row, window)
    )


def _matching_titles(mention: Mention, row: dict[str, Any], window: float) -> list[dict[str, Any]]:
    return [
        seen
        for seen in row["titles"]
        if any(_same_post(title, seen["title"]) for title in mention.titles)
        and _in_window(mention.day, seen, window)
    ]


def _same_post(a: str, b: str) -> bool:
    """One title ends like the other (崂山区委书记 / 区委书记), and is more than a bare head."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 2 and long.endswith(short)


def _in_window(day: str | None, seen: dict[str, Any], window: float) -> bool:
    at = day_number(day)
    first, last = day_number(seen["first_seen"]), day_number(seen["last_seen"])
    if at is None or first is None or last is None:
        return True
    return first - window <= at <= last + window


def _restoration(mention: Mention, candidates: list[dict[str, Any]]) -> dict[str, Any]:
    row = {
        "doc_id": mention.doc_id,
        "person": mention.index,
        "name": mention.name,
        "titles": list(mention.titles),
        "date": mention.day,
        "proposed": None,
        "official": None,
        "candidates": [c["id"] for c in candidates],
        "rule": "restoration.no_match" if not candidates else "restoration.ambiguous",
        "evidence": None,
        "sources": [mention.doc_id],
    }
    if len(candidates) == 1:
        row.update(
            proposed=candidates[0]["name"],
            official=candidates[0]["id"],
            rule="restoration.unique_match",
        )
        row["evidence"] = _evidence(mention, candidates[0])
    return row


def _evidence(mention: Mention, row: dict[str, Any]) -> str:
    seen = [
        f"{t['title']} in {', '.join(t['sources'])} ({t['first_seen'] or 'undated'})"
        for t in row["titles"]
        if any(_same_post(title, t["title"]) for title in mention.titles)
    ]
    title = "、".join(mention.titles)
    return f"{mention.name} {title} {mention.day or 'undated'} → {row['name']}, seen as {'; '.join(seen)}"
