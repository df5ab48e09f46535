"""Loading the scorer's inputs: gold files (validated) and prediction records.

Gold files are ``<doc_id>.json`` in one directory, each following
``schemas/gold.schema.json`` (the shape of ../shared/spec/ANNOTATION.md) plus
two checks the schema cannot express: the doc_id equals the file stem, and a
``range`` amount or area has a ``value_max``. Every problem of every file is
collected and reported at once.

Predictions are contract-v1 records, one JSON object per line; only
``doc_id`` is required here, every other field defaults to empty, so that a
partial record still scores (with its missing slots counted as missed).
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from xinwen.eval.errors import Errors, EvalError
from xinwen.pipeline.registry import SLOTS

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "gold.schema.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def gold_problems(gold: Any, path: str, stem: str | None = None) -> list[str]:
    """Every problem of one parsed gold file, as coded messages (empty: valid)."""
    problems = [
        Errors.E204.format(path=path, where="/".join(map(str, e.absolute_path)) or "(top)",
                           reason=e.message)
        for e in sorted(_validator().iter_errors(gold), key=lambda e: list(map(str, e.path)))
    ]
    if problems:
        return problems
    if stem is not None and gold["doc_id"] != stem:
        problems.append(Errors.E205.format(path=path, doc_id=gold["doc_id"], stem=stem))
    for slot in _quantity_lists():
        for k, item in enumerate(gold.get(slot, [])):
            if item["qualifier"] == "range" and item.get("value_max") is None:
                problems.append(Errors.E206.format(path=path, where=f"{slot}/{k}"))
    return problems


def load_gold_file(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """One gold file → (document or None, problems)."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [Errors.E203.format(path=path, reason=exc)]
    problems = gold_problems(gold, str(path), stem=path.stem)
    return (None if problems else gold), problems


def load_gold_dir(directory: str | Path) -> dict[str, dict[str, Any]]:
    """All gold files of a directory by doc_id; raises :class:`EvalError` listing every problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise EvalError(Errors.E201.format(path=directory))
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise EvalError(Errors.E202.format(path=directory))
    golds: dict[str, dict[str, Any]] = {}
    where: dict[str, Path] = {}
    problems: list[str] = []
    for path in paths:
        gold, file_problems = load_gold_file(path)
        problems.extend(file_problems)
        if gold is None:
            continue
        if gold["doc_id"] in golds:
            first = where[gold["doc_id"]]
            problems.append(Errors.E211.format(a=first, b=path, doc_id=gold["doc_id"]))
        golds[gold["doc_id"]] = gold
        where[gold["doc_id"]] = path
    if problems:
        raise EvalError("\n".join(problems))
    return golds


def parse_predictions(lines: list[str], path: str = "<predictions>") -> dict[str, dict[str, Any]]:
    """JSONL lines → records by doc_id, in file order. Blank lines are skipped."""
    records: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(Errors.E208.format(path=path, line=number, reason=exc)) from None
        if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
            raise EvalError(Errors.E209.format(path=path, line=number))
        doc_id = record["doc_id"]
        if doc_id in records:
            raise EvalError(
                Errors.E210.format(path=path, line=number, doc_id=doc_id, first=first_line[doc_id])
            )
        records[doc_id] = record
        first_line[doc_id] = number
    return records


def load_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    """A contract-v1 JSONL file → records by doc_id."""
    path = Path(path)
    if not path.is_file():
        raise EvalError(Errors.E207.format(path=path))
    return parse_predictions(path.read_text(encoding="utf-8").splitlines(), str(path))


def _quantity_lists() -> list[str]:
    """The gold lists of the quantity slots of the registry (amounts, areas, jobs) and the
    ``optional_`` lists the gold schema has (``optional_amounts``): where a range needs its
    ``value_max``."""
    names = [slot.name for slot in SLOTS if slot.scorer == "quantity"]
    return names + [f"optional_{name}" for name in names if f"optional_{name}" in _properties()]


@cache
def _properties() -> frozenset[str]:
    return frozenset(_validator().schema["properties"])
