"""Flat tables of the records: documents, people, amounts, areas, signings, entities.

Written as CSV (stdlib ``csv``, UTF-8, header row, always) and as Parquet
when ``pyarrow`` is importable (``pip install -e .[tables]``; pandas is not
needed for writing, so only pyarrow is checked). Both stream: a CSV row is
written as its record comes, and Parquet goes out one row group of
``ROW_GROUP_ROWS`` rows per table at a time (``pyarrow.parquet.ParquetWriter``),
so no run keeps its rows in memory. ``cli.py export RECORDS.jsonl --tables
DIR`` builds the same tables from the records of an earlier run.

Layout, the same columns in CSV and Parquet:

* ``documents`` has one row per record; every other table one row per list
  item, keyed by the item's ``id`` (``<doc_id>#<slot>-<index>``, contract 1.1;
  ``entities`` carry none and key on ``(doc_id, index)``), with ``doc_id`` and
  ``index`` (the item's position in the record's list) beside it, so rows join
  back to ``documents`` on ``doc_id``. ``signing_people`` has ``signing_id`` and
  ``person_id``.
* A single span is **exploded** into two integer columns ``start`` and
  ``end`` (raw-text offsets, as in the record).
* Types (``COLUMNS``; Parquet's in brackets): ``str`` [string], ``int`` [int64],
  ``float`` [float64], ``date`` [date32: ``event_date``, a signing's ``date``;
  ``published_at`` stays a string, as it may hold a time], ``strings``
  [list<string>: ``titles``, ``projects``, ``parties``, ``signatories``,
  ``fields``, ``reporters``, ``correspondents``], ``spans`` [list<struct<start:
  int64, end: int64>>: a signing's ``spans``], ``mentions`` [list<struct<start, end:
  int64, rule: string>>: a person's mentions], ``json`` [string: ``documents.rules``,
  ``meta.rules`` as JSON text], ``region``
  [struct<province, city, district: string>; its three parts are also flat
  columns], ``errors`` [list<struct<stage, message, code: string>>].
* In CSV a list or struct cell is **joined** as JSON text, exactly as it stands
  in the record (``["青岛市委常委", "副市长"]``, ``[{"start": 3, "end": 5}]``), so it
  parses back with any JSON reader (``json.loads``, DuckDB ``col::JSON``) and no
  separator can clash with the text; a date is ``YYYY-MM-DD``.
* ``null`` is an empty CSV cell and a Parquet null.
* Each Parquet file's key–value metadata holds ``xinwen.schema_version``,
  ``xinwen.extractor_version`` and ``xinwen.extractor`` (the JSON of the first
  record's ``extractor`` block; the installed xinwen's when there is no record).
"""
from __future__ import annotations

import csv
import importlib.util
import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Self, TextIO

from xinwen.pipeline.registry import SLOT_NAMES, SLOTS

# one row per (signing, person, role) of Signing.people_refs (contract 1.1)
SIGNING_PEOPLE = (
    ("doc_id", "str"), ("signing", "int"), ("person", "int"), ("name", "str"),
    ("category", "str"), ("role", "str"), ("signing_id", "str"), ("person_id", "str"),
)
# table -> (column, type) in order; types: "str", "int", "float", "date", "strings",
# "spans", "mentions", "region", "errors", "json" (module docstring)
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "str"), ("status", "str"), ("schema_version", "str"),
        ("path", "str"), ("sha256", "str"), ("encoding", "str"), ("format", "str"),
        ("form", "str"), ("chars", "int"), ("repaired", "int"), ("unrecoverable", "int"),
        ("title", "str"), ("outlet", "str"), ("published_at", "str"), ("event_date", "date"),
        ("place", "str"), ("venue", "str"), ("province", "str"), ("city", "str"),
        ("district", "str"), ("reporters", "strings"), ("correspondents", "strings"),
        ("errors", "errors"),
        *((name, "int") for name in SLOT_NAMES),
        ("region", "region"), ("extractor_version", "str"), ("ner_backend", "str"),
        ("rules", "json"),  # meta.rules
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
                    "signing_id": signing.get("id"), "person_id": person.get("id"),
                }


def _document_row(record: dict[str, Any]) -> dict[str, Any]:
    extractor = record.get("extractor") or {}
    flat = {**record["source"], **record["text"], **record["meta"],
            "extractor_version": extractor.get("version"),
            "ner_backend": extractor.get("ner_backend")}
    row: dict[str, Any] = {}
    for column, kind in COLUMNS["documents"]:
        if kind == "json":  # an object with open keys (meta.rules): JSON text in both formats
            value = flat.get(column)
            row[column] = None if value is None else json.dumps(value, ensure_ascii=False)
        elif column in LIST_TABLES:
            row[column] = len(record[column])
        elif column in record:
            row[column] = record[column]
        elif column in REGION_COLUMNS:
            row[column] = (flat.get("region") or {}).get(column)
        else:
            row[column] = flat.get(column)
    return row


REGION_COLUMNS = ("province", "city", "district")


def _cell(item: dict[str, Any], column: str) -> Any:
    if column in ("start", "end"):
        return item["span"][column]
    if column in REGION_COLUMNS:
        return (item.get("region") or {}).get(column)
    return item.get(column)


def csv_cell(value: Any) -> Any:
    """A row value as CSV writes it: lists and structs as JSON text; scalars unchanged.

    >>> csv_cell(["青岛市委常委", "副市长"]), csv_cell(None), csv_cell(3)
    ('["青岛市委常委", "副市长"]', None, 3)
    """
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
        self._metadata: dict[str, str] | None = None  # from the first record
        for name, columns in COLUMNS.items():
            # open until close(): rows stream in one record at a time
            handle = open(_part(self.directory / f"{name}.csv"), "w", encoding="utf-8", newline="")  # noqa: SIM115
            writer = csv.DictWriter(handle, fieldnames=[column for column, _ in columns])
            writer.writeheader()
            self._files[name] = handle
            self._writers[name] = writer.writerow

    def add(self, record: dict[str, Any]) -> None:
        if self.parquet and self._metadata is None:
            self._metadata = parquet_metadata(record)
        for table, row in rows(record):
            self._writers[table]({key: csv_cell(value) for key, value in row.items()})
            if self.parquet:
                pending = self._pending[table]
                pending.append(row)
                if len(pending) >= self.row_group_rows:
                    self._parquet[table].write(pending, self._metadata)
                    pending.clear()

    def close(self, *, commit: bool = True) -> list[Path]:
        """Finish every file and rename it into place (``commit``), else remove the parts;
        the paths written."""
        for handle in self._files.values():
            handle.close()
        metadata = self._metadata if self._metadata is not None else parquet_metadata(None)
        for name, table in self._parquet.items():
            if self._pending[name] and commit:
                table.write(self._pending[name], metadata)
            self._pending[name].clear()
            table.close(metadata)
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


def parquet_metadata(record: dict[str, Any] | None) -> dict[str, str]:
    """The key–value metadata of every Parquet file of a run whose first record is ``record``."""
    from xinwen.pipeline.export import SCHEMA_VERSION
    from xinwen.pipeline.extractor import extractor_block

    extractor = (record or {}).get("extractor") or extractor_block(None)
    return {
        "xinwen.schema_version": (record or {}).get("schema_version", SCHEMA_VERSION),
        "xinwen.extractor_version": str(extractor.get("version")),
        "xinwen.extractor": json.dumps(extractor, ensure_ascii=False, sort_keys=True),
    }


def arrow_schema(name: str, metadata: dict[str, str] | None = None):
    """The ``pyarrow`` schema of table ``name`` (``COLUMNS`` types, module docstring)."""
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64())])
    types = {
        "str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(),
        "strings": pa.list_(pa.string()), "spans": pa.list_(span),
        "mentions": pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()),
                                        ("rule", pa.string())])),
        "json": pa.string(),
        "region": pa.struct([(part, pa.string()) for part in REGION_COLUMNS]),
        "errors": pa.list_(pa.struct([("stage", pa.string()), ("message", pa.string()),
                                      ("code", pa.string())])),
    }
    return pa.schema([(column, types[kind]) for column, kind in COLUMNS[name]], metadata=metadata)


class _ParquetTable:
    """One Parquet file written row group by row group (``pyarrow.parquet.ParquetWriter``),
    opened at its first row group (so that the first record's metadata can go in)."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self._dates = [column for column, kind in COLUMNS[name] if kind == "date"]
        self._writer = None

    def _open(self, metadata: dict[str, str]) -> None:
        import pyarrow.parquet as pq

        self._schema = arrow_schema(self.name, metadata)
        self._writer = pq.ParquetWriter(self.path, self._schema)

    def write(self, table_rows: list[dict[str, Any]], metadata: dict[str, str]) -> None:
        """The rows as one row group."""
        import pyarrow as pa

        if self._writer is None:
            self._open(metadata)
        if self._dates:
            table_rows = [{**row, **{c: _date(row[c]) for c in self._dates}} for row in table_rows]
        table = pa.Table.from_pylist(table_rows, schema=self._schema)
        self._writer.write_table(table, row_group_size=len(table_rows))

    def close(self, metadata: dict[str, str]) -> None:
        if self._writer is None:  # no row: an empty file with the schema
            self._open(metadata)
        self._writer.close()


def _date(value: str | None) -> date | None:
    """A record's ``YYYY-MM-DD`` as a ``date`` (date32); ``None`` stays ``None``."""
    return date.fromisoformat(value) if value else None
