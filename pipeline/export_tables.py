"""The ``export`` command: the flat tables of an existing run's records.

``cli.py export RECORDS.jsonl --tables DIR`` reads the JSONL an ``extract``
run wrote (``.gz`` too), one line at a time, and writes the same tables as
``extract --tables`` (``pipeline.tables``: CSV, and Parquet row group by row
group when pyarrow is installed), so a run's tables can be rebuilt, or built
later, without extracting again and without holding the run in memory. A line
that is no record (invalid JSON, not an object, a contract field missing) is
reported with its line number (E097) and skipped; the others are exported.

Exit status: 0 every line exported; 1 some line was no record, the input is
missing, or a table exists (use --force); 2 usage error.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from xinwen.pipeline.errors import Errors
from xinwen.pipeline.export import LIST_FIELDS
from xinwen.pipeline.tables import TableWriter, table_paths

HELP = "Build the flat tables (CSV, Parquet) from the records of an earlier extract run."
DESCRIPTION = """\
Read the JSONL records of an extract run (optionally .gz) line by line and write
the tables documents, people, amounts, areas, signings and entities to DIR, as
extract --tables does (CSV, and Parquet written row group by row group when
pyarrow is installed). A line that is no record is reported and skipped.

Exit status: 0 every line exported; 1 a bad line, a missing input, or existing
tables (use --force); 2 usage error.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl
  python cli.py export out/corpus.jsonl --tables out/tables
"""
# what a line needs to make table rows
REQUIRED = ("doc_id", "status", "schema_version", "source", "text", "meta", "errors",
            *LIST_FIELDS)

Log = Callable[[str], None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("records", metavar="RECORDS.jsonl",
                        help="records written by extract (.jsonl or .jsonl.gz)")
    parser.add_argument("--tables", metavar="DIR", required=True,
                        help="folder for the tables")
    parser.add_argument("--force", action="store_true", help="overwrite existing tables")


def run(args: argparse.Namespace) -> int:
    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if not Path(args.records).is_file():
        log(Errors.E036.format(path=args.records))
        return 1
    taken = [path for path in table_paths(args.tables) if path.exists()]
    if taken and not args.force:
        for path in taken:
            log(Errors.E041.format(path=path))
        return 1
    summary = export_tables(args.records, args.tables, log=log)
    log(f"{summary['records']} records, {summary['bad_lines']} bad lines -> {args.tables}")
    return 0 if summary["bad_lines"] == 0 else 1


def export_tables(records: str | Path, tables: str | Path, *, log: Log | None = None,
                  parquet: bool | None = None) -> dict[str, Any]:
    """Write the tables of the records in ``records``; ``records``, ``bad_lines``, ``tables``."""
    summary: dict[str, Any] = {"records": 0, "bad_lines": 0}
    with TableWriter(tables, parquet=parquet) as writer:
        for number, record, problem in read_records(records):
            if problem is not None:
                summary["bad_lines"] += 1
                if log:
                    log(Errors.E097.format(path=records, line=number, reason=problem))
                continue
            writer.add(record)
            summary["records"] += 1
    summary["tables"] = [str(path) for path in table_paths(tables, parquet=writer.parquet)]
    return summary


def read_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """``(line number, record, None)`` or ``(line number, None, problem)`` per non-blank line."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                record, problem = _record(line)
                yield number, record, problem


def _record(line: str) -> tuple[dict[str, Any] | None, str | None]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"invalid JSON ({error.msg})"
    if not isinstance(value, dict):
        return None, "not a JSON object"
    missing = [field for field in REQUIRED if field not in value]
    if missing:
        return None, f"missing {', '.join(missing)}"
    return value, None
