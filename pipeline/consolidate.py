"""The ``consolidate`` command: records of many documents → one archive-wide view.

``consolidate(records) -> Consolidation`` is the plain function; ``run()`` the CLI layer
(``python cli.py consolidate RECORDS.jsonl... -o DIR``), which reads the JSONL records, writes
``DIR/officials.jsonl``, ``events.jsonl``, ``projects.jsonl``, ``restorations.jsonl``, the same as
CSV tables (``pipeline/consolidate_output.py``) and ``DIR/summary.json`` (counts before and
after, the records skipped). Four parts, each in its own module:

* officials directory and restorations: ``pipeline/consolidate_people.py``;
* events (one per real-world signing): ``pipeline/consolidate_events.py``;
* projects registry: ``pipeline/consolidate_projects.py``.

Every merge and every decision to keep two items apart names a rule of
``pipeline/data/consolidate_rules.tsv``. The result depends only on the set of records, not on
their input order: items are processed in ``(doc_id, index)`` order. Records whose ``status`` is
not ``ok`` are skipped (W004) and listed in the summary; a line that is not JSON (E090) or not a
record (E091) is reported and skipped, and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xinwen.pipeline.consolidate_events import cluster_events, event_row, signing_items
from xinwen.pipeline.consolidate_keys import ConsolidationTables, load_tables
from xinwen.pipeline.consolidate_output import OUTPUT_NAMES, write_consolidation
from xinwen.pipeline.consolidate_people import (
    cluster_officials,
    official_mentions,
    official_rows,
    restoration_rows,
)
from xinwen.pipeline.consolidate_projects import project_rows
from xinwen.pipeline.errors import Errors, Warnings

HELP = "Consolidate records across documents: officials, events, projects, restorations."
DESCRIPTION = """\
Read the JSONL records of `extract` (one or more files) and write, under -o DIR,
officials.jsonl (one row per real person), events.jsonl (one row per real-world
signing), projects.jsonl (one row per named project), restorations.jsonl (proposed
full names for names with lost characters), the same as CSV tables, and
summary.json (counts before and after). Every row has `sources`. The merge rules
are pipeline/data/consolidate_rules.tsv; every merge names its rule.

Exit status: 0 every line read; 1 some line was not a record, or the output exists
(use --force); 2 usage error.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl
  python cli.py consolidate out/corpus.jsonl -o out/consolidated
"""
RECORD_LISTS = ("people", "amounts", "areas", "signings")

Log = Callable[[str], None]


@dataclass(frozen=True)
class Consolidation:
    officials: list[dict[str, Any]]
    events: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    restorations: list[dict[str, Any]]
    summary: dict[str, Any] = field(default_factory=dict)


def consolidate(
    records: Iterable[dict[str, Any]], tables: ConsolidationTables | None = None
) -> Consolidation:
    """The four consolidated lists of a set of contract records (status ``ok`` ones only)."""
    tables = tables or load_tables()
    records = list(records)
    usable = [r for r in records if r.get("status") == "ok"]
    mentions = official_mentions(usable, tables)
    officials = official_rows(cluster_officials(mentions))
    items = signing_items(usable, tables)
    clusters, rejected, why = cluster_events(items, tables)
    events = [
        event_row(event, apart, reason)
        for event, apart, reason in zip(clusters, rejected, why, strict=True)
    ]
    event_of = {
        (ref["doc_id"], ref["signing"]): row["id"] for row in events for ref in row["sources"]
    }
    projects = project_rows(usable, items, event_of, tables)
    restorations = restoration_rows(mentions, officials, tables)
    summary = _summary(records, usable, mentions, items, officials, events, projects, restorations)
    return Consolidation(officials, events, projects, restorations, summary)


def _summary(
    records, usable, mentions, items, officials, events, projects, restorations
) -> dict[str, Any]:
    named = sum(len(item.keys) for item in items)
    return {
        "records": len(records),
        "consolidated": len(usable),
        "skipped": [r.get("doc_id") for r in records if r.get("status") != "ok"],
        "before": {"officials": len(mentions), "signings": len(items), "project_names": named},
        "after": {"officials": len(officials), "events": len(events), "projects": len(projects)},
        "merged": {
            "officials": sum(1 for row in officials if row["merged_because"]),
            "events": sum(1 for row in events if row["merged_because"]),
            "projects": sum(1 for row in projects if row["merged_because"]),
        },
        "restorations": {
            "rows": len(restorations),
            "proposed": sum(1 for r in restorations if r["proposed"]),
        },
    }


# ------------------------------------------------------------------ reading --


def read_records(paths: list[str], log: Log) -> tuple[list[dict[str, Any]], int]:
    """Every record of the JSONL files, and the number of lines that were not records."""
    records: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    bad = 0
    for path, number, line in _lines(paths):
        record, problem = _parse(line, path, number)
        if problem is None and record["doc_id"] in seen:
            problem = Errors.E091.format(
                path=path,
                line=number,
                reason=f"doc_id '{record['doc_id']}' also at {seen[record['doc_id']]}",
            )
        if problem is not None:
            log(problem)
            bad += 1
            continue
        seen[record["doc_id"]] = f"{path}:{number}"
        if record["status"] != "ok":
            log(Warnings.W004.format(doc_id=record["doc_id"], status=record["status"]))
        records.append(record)
    return records, bad


def _lines(paths: list[str]) -> Iterator[tuple[str, int, str]]:
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield path, number, line


def _parse(line: str, path: str, number: int) -> tuple[dict[str, Any], str | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:  # a broken line is reported, the run goes on
        return {}, Errors.E090.format(path=path, line=number, reason=error.msg)
    reason = _not_a_record(record)
    return record, None if reason is None else Errors.E091.format(
        path=path, line=number, reason=reason
    )


def _not_a_record(record: Any) -> str | None:
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("doc_id"), str):
        return "no doc_id"
    if not isinstance(record.get("meta"), dict):
        return "no meta object"
    missing = [name for name in RECORD_LISTS if not isinstance(record.get(name), list)]
    return f"no list {', '.join(missing)}" if missing else None


# ------------------------------------------------------------------ CLI --


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="RECORDS.jsonl", help="records written by extract"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder for the consolidated files"
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite existing consolidated files"
    )


def run(args: argparse.Namespace) -> int:
    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    for path in args.paths:
        if not Path(path).is_file():
            log(Errors.E036.format(path=path))
            return 2
    existing = [name for name in OUTPUT_NAMES if Path(args.output, name).exists()]
    if existing and not args.force:
        log(Errors.E092.format(path=args.output, name=existing[0]))
        return 1
    records, bad = read_records(args.paths, log)
    result = consolidate(records)
    write_consolidation(result, Path(args.output))
    after = result.summary["after"]
    log(
        f"{len(records)} records -> {after['officials']} officials, {after['events']} events, "
        f"{after['projects']} projects, {len(result.restorations)} restorations -> {args.output}"
    )
    return 1 if bad else 0
