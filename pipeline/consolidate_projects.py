"""Project registry of the consolidation: one row per named project across documents.

A project is a name in ``Signing.projects``. Names are compared by *key*
(:func:`pipeline.consolidate_keys.project_key`: quotes, spaces, a generic suffix such as 项目 and a
leading name of the signing's own region dropped), inside one province and city: two names of
one key in one city are one project (``project.same_key``). A key is also joined to a longer one
that contains it when it has at least the rule's number of characters and exactly one key of the
city contains it (``project.unique_container``: ``智能装备产业园`` joins
``国际智能装备产业园`` when no other project of that city ends so); with two or more containers
the registry cannot tell, and the short key stays its own project (``project.ambiguous_container``).

Each row carries its signings (with the event each belongs to), and the amounts and areas of every
document of the same city whose subject names the project (``高端铝箔项目总投资``), with dates:
the history of a project signed, then started, then completed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from xinwen.pipeline.consolidate_events import SigningItem
from xinwen.pipeline.consolidate_keys import ConsolidationTables, record_date, region_tuple

City = tuple[str | None, str | None]


def project_groups(
    items: list[SigningItem], tables: ConsolidationTables
) -> tuple[
    dict[tuple[City, str], list[tuple[SigningItem, str]]], dict[tuple[City, str], list[str]]
]:
    """``(city, key) -> [(signing, name)]`` after the container rule, and per group the notes of
    its rules (``project.unique_container`` joins, ``project.ambiguous_container``)."""
    groups: dict[tuple[City, str], list[tuple[SigningItem, str]]] = defaultdict(list)
    for item in items:
        for key, name in item.named:
            if key:
                groups[(item.region[:2], key)].append((item, name))
    holders = _holders(groups, int(tables.value("project.unique_container")))
    merged: dict[tuple[City, str], list[tuple[SigningItem, str]]] = defaultdict(list)
    notes: dict[tuple[City, str], list[str]] = defaultdict(list)
    for (city, key), members in sorted(groups.items(), key=_order):
        found = holders.get((city, key), [])
        target = found[0] if len(found) == 1 else key
        merged[(city, target)].extend(members)
        if target != key:
            notes[(city, target)].append(f"project.unique_container: {key} in {target}")
        elif found:
            notes[(city, key)].append(f"project.ambiguous_container: {key} in {', '.join(found)}")
    return merged, notes


def _order(entry: tuple[tuple[City, str], Any]) -> tuple[str, str, str]:
    (city, key), _ = entry
    return (city[0] or "", city[1] or "", key)


def _holders(
    groups: dict[tuple[City, str], Any], shortest: int
) -> dict[tuple[City, str], list[str]]:
    """For each key of at least ``shortest`` characters, the longer keys of its city holding it."""
    by_city: dict[City, list[str]] = defaultdict(list)
    for city, key in groups:
        by_city[city].append(key)
    out: dict[tuple[City, str], list[str]] = {}
    for city, keys in by_city.items():
        if city[0] is None:
            continue
        grams = _gram_index(keys, shortest)
        for key in keys:
            if len(key) >= shortest:
                found = sorted(k for k in grams.get(key[:shortest], ()) if k != key and key in k)
                if found:
                    out[(city, key)] = found
    return out


def _gram_index(keys: list[str], size: int) -> dict[str, list[str]]:
    """Every substring of ``size`` characters -> the keys containing it."""
    index: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for gram in dict.fromkeys(key[i : i + size] for i in range(len(key) - size + 1)):
            index[gram].append(key)
    return index


# ------------------------------------------------------------------ rows --


def project_rows(
    records: list[dict[str, Any]],
    items: list[SigningItem],
    event_of: dict[tuple[str, int], str],
    tables: ConsolidationTables,
) -> list[dict[str, Any]]:
    shortest = int(tables.value("project.unique_container"))
    groups, notes = project_groups(items, tables)
    mentions = _subject_mentions(records, set(groups), shortest, tables.words["quote"])
    return [
        _project_row(
            city, key, members, event_of, mentions.get((city, key), {}), notes.get((city, key), [])
        )
        for (city, key), members in sorted(groups.items(), key=_order)
    ]


def _project_row(
    city: City,
    key: str,
    members: list[tuple[SigningItem, str]],
    event_of: dict[tuple[str, int], str],
    mentions: dict[str, list[dict[str, Any]]],
    notes: list[str],
) -> dict[str, Any]:
    names = Counter(name for _, name in members)
    signings = sorted(
        {(i.doc_id, i.index): i for i, _ in members}.values(), key=lambda i: (i.doc_id, i.index)
    )
    first = signings[0]
    found = mentions.get("amounts", []) + mentions.get("areas", [])
    days = [i.signing["date"] for i in signings if i.signing.get("date")] + [
        m["date"] for m in found if m["date"]
    ]
    districts = {i.region[2] for i in signings if i.region[2]}
    joined = [note for note in notes if note.startswith("project.unique_container")]
    docs = sorted({i.doc_id for i in signings} | {m["doc_id"] for m in found})
    same_key = (
        f"project.same_key: {' = '.join(sorted(names))} in {', '.join(docs)}"
        if len(docs) > 1
        else None
    )
    return {
        "id": f"project@{first.doc_id}#signings-{first.index}:{key}",
        "name": max(sorted(names), key=lambda n: (names[n], len(n))),
        "names": sorted(names),
        "key": key,
        "region": {
            "province": city[0],
            "city": city[1],
            "district": districts.pop() if len(districts) == 1 else None,
        },
        "signings": [
            {
                "doc_id": i.doc_id,
                "signing": i.index,
                "date": i.signing.get("date"),
                "event": event_of.get((i.doc_id, i.index)),
            }
            for i in signings
        ],
        "events": sorted(
            {event_of[(i.doc_id, i.index)] for i in signings if (i.doc_id, i.index) in event_of}
        ),
        "amounts": mentions.get("amounts", []),
        "areas": mentions.get("areas", []),
        "parties": list(
            dict.fromkeys(
                p for i in signings if len(i.keys) == 1 for p in i.signing.get("parties") or ()
            )
        ),
        "first_seen": min(days) if days else None,
        "last_seen": max(days) if days else None,
        "sources": docs,
        "merged_because": "; ".join(joined + ([same_key] if same_key else [])) or None,
        "apart_because": next(
            (note for note in notes if note.startswith("project.ambiguous")), None
        ),
    }


def _subject_mentions(
    records: Iterable[dict[str, Any]],
    keys: set[tuple[City, str]],
    shortest: int,
    quotes: tuple[str, ...],
) -> dict:
    """``(city, key) -> {"amounts": [...], "areas": [...]}``: items whose subject (quotes dropped)
    holds the key (of at least ``shortest`` characters; the longest key wins)."""
    by_city: dict[City, set[str]] = defaultdict(set)
    for city, key in keys:
        by_city[city].add(key)
    found: dict[Any, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"amounts": [], "areas": []}
    )
    for record in records:
        city = region_tuple(record["meta"].get("region"))[:2]
        known = by_city.get(city)
        if not known:
            continue
        for slot in ("amounts", "areas"):
            for index, item in enumerate(record[slot]):
                subject = "".join(ch for ch in item.get("subject") or "" if ch not in quotes)
                key = _longest_key(subject, known, shortest)
                if key is not None:
                    found[(city, key)][slot].append(_mention(record, slot, index, item))
    return found


def _longest_key(subject: str, known: set[str], shortest: int) -> str | None:
    for size in range(len(subject), shortest - 1, -1):
        for start in range(len(subject) - size + 1):
            if subject[start : start + size] in known:
                return subject[start : start + size]
    return None


def _mention(record: dict[str, Any], slot: str, index: int, item: dict[str, Any]) -> dict[str, Any]:
    out = {
        "doc_id": record["doc_id"],
        slot[:-1]: index,
        "text": item.get("text"),
        "value": item.get("value"),
        "subject": item.get("subject"),
        "date": record_date(record),
    }
    out["currency" if slot == "amounts" else "unit"] = item.get(
        "currency" if slot == "amounts" else "unit"
    )
    return out
