"""Item ids (contract 1.1): ``<doc_id>#<slot>-<index>``.

Every item of an item list of a record gets ``id``: the record's ``doc_id``, the
name of the list (``amounts``, ``areas``, ``people``, ``signings``, ``jobs``)
and the item's 0-based position in it, which is also the index that references
inside the record use (``total_ref``, ``people_refs``), so
``seed#amounts-3`` is ``record["amounts"][3]`` of the record ``seed``. Ids are
stable across reruns (``doc_id`` is, and the lists come in text order); the
tables key on them. One post-pass over a finished record, ``assign_ids``,
called by ``export.finish``; it is generic: it walks every list of the slot
registry whose rows have an ``id`` column (``registry.ID_SLOT_NAMES``) and rewrites the
ids, so a record assembled from parts (``pipeline.windows``) is renumbered by
calling it again. ``entities`` (raw NER candidates) and ``errors`` carry none.
"""
from __future__ import annotations

from typing import Any

from xinwen.pipeline.registry import ID_SLOT_NAMES as SLOTS


def item_id(doc_id: str, slot: str, index: int) -> str:
    """
    >>> item_id("2023/03/a", "amounts", 0)
    '2023/03/a#amounts-0'
    """
    return f"{doc_id}#{slot}-{index}"


def assign_ids(record: dict[str, Any]) -> dict[str, Any]:
    """Set ``id`` on every item of every ``SLOTS`` list of ``record`` (in place); the record.

    >>> assign_ids({"doc_id": "d", "amounts": [{}, {}], "people": []})["amounts"]
    [{'id': 'd#amounts-0'}, {'id': 'd#amounts-1'}]
    """
    doc_id = record["doc_id"]
    for slot in SLOTS:
        for index, item in enumerate(record.get(slot) or ()):
            item["id"] = item_id(doc_id, slot, index)
    return record
