"""Flat tables of the records: documents, people, amounts, areas, signings, entities.

Written as CSV (stdlib ``csv``, UTF-8, header row, always) and as Parquet
when ``pyarrow`` is importable (``pip install -e .[tables]``; pandas is not
needed for writing, so only pyarrow is checked). Both stream: a CSV row is
written as its record comes, and Parquet goes out one row group of
``ROW_GROUP_ROWS`` rows per table at a time (``pyarrow.parquet.ParquetWriter``),
so no run keeps its rows in memory. ``cli.py export RECORDS.jsonl --tables
DIR`` builds the same tables from the records of an earlier run.

Layout, the same in CSV and Parquet:

* ``documents`` has one row per record; every other table one row per list
  item, keyed by ``(doc_id, index)``, ``index`` being the item's position in
  the record's list (so rows join back to ``documents`` on ``doc_id``).
* A single span is **exploded** into two integer columns ``start`` and
  ``end`` (raw-text offsets, as in the record).
* Every list field — ``titles``, ``mentions``, ``projects``, ``parties``,
  ``signatories``, ``fields``, ``spans``, ``reporters``, ``correspondents``,
  ``errors`` — is **joined** as a JSON array in one text column, exactly as it
  stands in the record (``["青岛市委常委", "副市长"]``, ``[{"start": 3, "end": 5}]``),
  so it parses back with any JSON reader (``json.loads``, DuckDB
  ``col::JSON``) and no separator can clash with the text.
* ``null`` is an empty CSV cell and a Parquet null; Parquet columns are typed
  (``int64``, ``float64``, ``string``) by ``COLUMNS``.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self, TextIO

from xinwen.pipeline.registry import SLOT_NAMES, SLOTS

# one row per (signing, person, role) of Signing.people_refs (contract 1.1)
SIGNING_PEOPLE = (
    ("doc_id", "str"), ("signing", "int"), ("person", "int"), ("name", "str"),
    ("category", "str"), ("role", "str"),
)
# table -> (column, type) in order; types: "str", "int", "float"
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "str"), ("status", "str"), ("schema_version", "str"),
        ("path", "str"), ("sha256", "str"), ("encoding", "str"), ("format", "str"),
        ("form", "str"), ("chars", "int"), ("repaired", "int"), ("unrecoverable", "int"),
        ("title", "str"), ("outlet", "str"), ("published_at", "str"), ("event_date", "str"),
        ("place", "str"), ("venue", "str"), ("province", "str"), ("city", "str"),
        ("district", "str"), ("reporters", "str"), ("correspondents", "str"), ("errors", "str"),
        *((name, "int") for name in SLOT_NAMES),
        ("rules", "str"),  # meta.rules as a JSON object
    ),
    # one table per registry slot (pipeline/registry.py); signing_people follows signings
    **{
        name: columns
        for slot in SLOTS
        for name, columns in (
            (slot.name, (("doc_id", "str"), ("index", "int"), *slot.columns)),
            *((("signing_people", SIGNING_PEOPLE),) if slot.name == "signings" else ()),
        )
    },
}
LIST_TABLES = SLOT_NAMES


def parquet_available() -> bool:
    return importlib.util.find_spec("pyarrow") is not None


def table_paths(directory: str | Path, *, parquet: bool | None = None) -> list[Path]:
    """Every file a ``TableWriter`` on ``directory`` writes (CSV, then Parquet if enabled)."""
    parquet = parquet_available() if parquet is None else parquet
    suffixes = (".csv", ".parquet") if parquet else (".csv",)
    return [Path(directory, name + suffix) for suffix in suffixes for name in COLUMNS]


def rows(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(table, row)`` for every row one record contributes."""
    yield "documents", _document_row(record)
    for table in LIST_TABLES:
        for index, item in enumerate(record[table]):
            row = {"doc_id": record["doc_id"], "index": index}
            for column, _ in COLUMNS[table][2:]:
                row[column] = _cell(item, column)
            yield table, row
    yield from _signing_people(record)


def _signing_people(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    people = record["people"]
    for index, signing in enumerate(record["signings"]):
        for ref in signing.get("people_refs", []):
            person = people[ref["person"]] if ref["person"] < len(people) else {}
            for role in ref["roles"]:
                yield "signing_people", {
                    "doc_id": record["doc_id"], "signing": index, "person": ref["person"],
                    "name": person.get("name"), "category": person.get("category"), "role": role,
                }


def _document_row(record: dict[str, Any]) -> dict[str, Any]:
    flat = {**record["source"], **record["text"], **record["meta"]}
    row: dict[str, Any] = {}
    for column, _ in COLUMNS["documents"]:
        if column in LIST_TABLES:
            row[column] = len(record[column])
        elif column in record:
            row[column] = _joined(record[column])
        elif column in REGION_COLUMNS:
            row[column] = (flat.get("region") or {}).get(column)
        else:
            row[column] = _joined(flat[column])
    return row


REGION_COLUMNS = ("province", "city", "district")


def _cell(item: dict[str, Any], column: str) -> Any:
    if column in ("start", "end"):
        return item["span"][column]
    if column in REGION_COLUMNS:
        return (item.get("region") or {}).get(column)
    return _joined(item.get(column))


def _joined(value: Any) -> Any:
    """Lists (and objects: meta.rules) as JSON text; scalars unchanged."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


PART_SUFFIX = ".part"
ROW_GROUP_ROWS = 10_000  # rows of one table buffered before they go out as a Parquet row group


class TableWriter:
    """Streams rows into one CSV per table and, with Parquet, one ``ParquetWriter`` per table
    that receives a row group every ``row_group_rows`` rows: memory stays bounded by one row
    group per table, whatever the length of the run.

    Every file is written as ``NAME.part`` and renamed to its final name only by
    ``close()`` (``commit=False`` removes the parts instead), so a table under its
    final name is always complete.
    """

    def __init__(self, directory: str | Path, *, parquet: bool | None = None,
                 row_group_rows: int = ROW_GROUP_ROWS) -> None:
        self.directory = Path(directory)
        self.parquet = parquet_available() if parquet is None else parquet
        self.row_group_rows = row_group_rows
        self.directory.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, TextIO] = {}
        self._writers: dict[str, Callable[[dict[str, Any]], Any]] = {}
        self._pending: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
        self._parquet = {name: _ParquetTable(_part(self.directory / f"{name}.parquet"), name)
                         for name in COLUMNS} if self.parquet else {}
        for name, columns in COLUMNS.items():
            # open until close(): rows stream in one record at a time
            handle = open(_part(self.directory / f"{name}.csv"), "w", encoding="utf-8", newline="")  # noqa: SIM115
            writer = csv.DictWriter(handle, fieldnames=[column for column, _ in columns])
            writer.writeheader()
            self._files[name] = handle
            self._writers[name] = writer.writerow

    def add(self, record: dict[str, Any]) -> None:
        for table, row in rows(record):
            self._writers[table](row)
            if self.parquet:
                pending = self._pending[table]
                pending.append(row)
                if len(pending) >= self.row_group_rows:
                    self._parquet[table].write(pending)
                    pending.clear()

    def close(self, *, commit: bool = True) -> list[Path]:
        """Finish every file and rename it into place (``commit``), else remove the parts;
        the paths written."""
        for handle in self._files.values():
            handle.close()
        for name, table in self._parquet.items():
            if self._pending[name] and commit:
                table.write(self._pending[name])
            self._pending[name].clear()
            table.close()
        paths = table_paths(self.directory, parquet=self.parquet)
        if not commit:
            for path in paths:
                _part(path).unlink(missing_ok=True)
            return []
        for path in paths:
            os.replace(_part(path), path)
        return paths

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        self.close(commit=exc_type is None)


def _part(path: Path) -> Path:
    return path.with_name(path.name + PART_SUFFIX)


class _ParquetTable:
    """One Parquet file written row group by row group (``pyarrow.parquet.ParquetWriter``)."""

    def __init__(self, path: Path, name: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
        self._schema = pa.schema([(column, types[kind]) for column, kind in COLUMNS[name]])
        self._writer = pq.ParquetWriter(path, self._schema)

    def write(self, table_rows: list[dict[str, Any]]) -> None:
        """The rows as one row group."""
        import pyarrow as pa

        table = pa.Table.from_pylist(table_rows, schema=self._schema)
        self._writer.write_table(table, row_group_size=len(table_rows))

    def close(self) -> None:
        self._writer.close()
