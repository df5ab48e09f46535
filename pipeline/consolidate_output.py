"""Writing a consolidation: JSONL (one row per line, ``ensure_ascii=False``) and CSV tables.

The CSV tables have the JSONL rows' fields as columns, in the order of ``COLUMNS``; a
``region`` is exploded into ``province``/``city``/``district`` (as in ``pipeline/tables.py``);
every list or object field (``titles``, ``sources``, ``conflicts`` …) is one column holding its
JSON text, exactly as in the JSONL row, so it parses back with any JSON reader; null is an
empty cell.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

PARTS = ("officials", "events", "projects", "restorations")
COLUMNS: dict[str, tuple[str, ...]] = {
    "officials": (
        "id",
        "name",
        "category",
        "province",
        "city",
        "district",
        "titles",
        "first_seen",
        "last_seen",
        "sources",
        "people_refs",
        "merged_because",
        "apart_from",
    ),
    "events": (
        "id",
        "date",
        "place",
        "venue",
        "province",
        "city",
        "district",
        "project_count",
        "total_investment",
        "projects",
        "parties",
        "signatories",
        "fields",
        "sources",
        "doc_ids",
        "merged_because",
        "conflicts",
        "picked_by",
        "apart_from",
    ),
    "projects": (
        "id",
        "name",
        "names",
        "key",
        "province",
        "city",
        "district",
        "signings",
        "events",
        "amounts",
        "areas",
        "parties",
        "first_seen",
        "last_seen",
        "sources",
        "merged_because",
        "apart_because",
    ),
    "restorations": (
        "doc_id",
        "person",
        "name",
        "titles",
        "date",
        "proposed",
        "official",
        "candidates",
        "rule",
        "evidence",
        "sources",
    ),
}
REGION = ("province", "city", "district")
OUTPUT_NAMES = tuple(f"{part}.{suffix}" for part in PARTS for suffix in ("jsonl", "csv")) + (
    "summary.json",
)


def write_consolidation(result: Any, directory: Path) -> list[Path]:
    """Every file of a ``Consolidation`` under ``directory``; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for part in PARTS:
        rows = getattr(result, part)
        written.append(_write_jsonl(directory / f"{part}.jsonl", rows))
        written.append(_write_csv(directory / f"{part}.csv", part, rows))
    summary = directory / "summary.json"
    summary.write_text(
        json.dumps(result.summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return [*written, summary]


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return path


def _write_csv(path: Path, part: str, rows: list[dict[str, Any]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS[part])
        writer.writeheader()
        for row in rows:
            writer.writerow(csv_row(part, row))
    return path


def csv_row(part: str, row: dict[str, Any]) -> dict[str, Any]:
    """One row flattened for CSV: region exploded, lists and objects as JSON text.

    >>> csv_row("restorations", {"doc_id": "a", "titles": ["区委书记"], "region": None})["titles"]
    '["区委书记"]'
    """
    region = row.get("region") or {}
    out = {}
    for column in COLUMNS[part]:
        value = region.get(column) if column in REGION else row.get(column)
        out[column] = (
            json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
        )
    return out
