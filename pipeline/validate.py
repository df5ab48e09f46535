"""The ``validate`` command: check records against the schema, formats and spans.

``xinwen validate FILE.jsonl`` reads a records file (``.gz`` too) line by line
and reports every invalid line with its line number and each reason (E098) on
stdout; the exit status is 1 if any line is invalid (or the file is missing),
else 0.

A line is valid when it is a JSON object that

* matches ``schemas/record.schema.json`` (jsonschema, Draft 2020-12), with the
  ``format`` keywords enforced: ``date`` is ``YYYY-MM-DD`` and a real day
  (``2023-13-45`` is refused), ``date-time`` is RFC 3339 (``T``, seconds and an
  offset; ``meta.published_at`` takes a date or a date-time);
* has ``start < end`` in every span (any object holding integer ``start`` and
  ``end``: ``span``, ``mentions[]``, ``spans[]``), a post-check the JSON Schema
  keywords cannot state (E099);
* gives every item the id of its place (``<doc_id>#<slot>-<index>``, E100).

The pipeline checks each record it writes with the compiled schema
(fastjsonschema, ``pipeline.export.schema_problems``), which enforces the
formats as well; the span and id post-checks live here, for records from
elsewhere, and in the test suite.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xinwen.pipeline.errors import Errors
from xinwen.pipeline.formats import format_checker, is_date, is_date_time  # noqa: F401 (API)
from xinwen.pipeline.ids import SLOTS, item_id

HELP = "Check records (JSONL) against the schema, date formats, spans and item ids."
DESCRIPTION = """\
Read a records file (JSON Lines, optionally .gz) line by line and report each
invalid line with its line number and every reason: the record schema
(schemas/record.schema.json) with date and date-time formats enforced, spans
with end > start, item ids <doc_id>#<slot>-<index>.

Exit status: 0 every line is a valid record; 1 some line is not (or the file is
missing); 2 usage error.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl
  python cli.py validate out/corpus.jsonl
"""

@functools.lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator
    from xinwen.pipeline.export import schema

    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema(), format_checker=format_checker())


def record_problems(record: Any) -> list[str]:
    """Every way ``record`` is not a valid record, as ``path: message`` lines (empty if valid)."""
    problems = []
    for error in sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(record)"
        problems.append(f"{where}: {error.message}")
    if isinstance(record, dict):
        problems += span_problems(record) + id_problems(record)
    return problems


def span_problems(node: Any, where: str = "") -> list[str]:
    """E099 for every span in ``node`` (any depth) whose end is not after its start.

    >>> span_problems({"amounts": [{"span": {"start": 5, "end": 3}}]})
    ['[E099] amounts/0/span: span end 3 is not after start 5']
    """
    problems = []
    if isinstance(node, dict):
        start, end = node.get("start"), node.get("end")
        if _is_int(start) and _is_int(end) and end <= start:
            problems.append(Errors.E099.format(where=where or "(record)", start=start, end=end))
        for key, value in node.items():
            problems += span_problems(value, f"{where}/{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            problems += span_problems(value, f"{where}/{index}")
    return problems


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def id_problems(record: dict[str, Any]) -> list[str]:
    """E100 for every item whose ``id`` is not ``<doc_id>#<slot>-<index>``."""
    doc_id = record.get("doc_id")
    if not isinstance(doc_id, str):
        return []
    problems = []
    for slot in SLOTS:
        items = record.get(slot)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            expected = item_id(doc_id, slot, index)
            if isinstance(item, dict) and "id" in item and item["id"] != expected:
                problems.append(Errors.E100.format(where=f"{slot}/{index}/id", got=item["id"],
                                                   expected=expected))
    return problems


def validate_lines(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """``(line number, problems)`` for every non-blank line of a records file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, [f"invalid JSON ({error.msg}, column {error.colno})"]
                continue
            yield number, record_problems(record)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("records", metavar="FILE.jsonl", help="records (.jsonl or .jsonl.gz)")


def run(args: argparse.Namespace) -> int:
    if not Path(args.records).is_file():
        print(Errors.E036.format(path=args.records), file=sys.stderr)
        return 1
    lines = invalid = 0
    for number, problems in validate_lines(args.records):
        lines += 1
        if problems:
            invalid += 1
            for problem in problems:
                print(Errors.E098.format(path=args.records, line=number, reason=problem))
    print(f"{lines} records, {invalid} invalid: {args.records}", file=sys.stderr)
    return 1 if invalid else 0
