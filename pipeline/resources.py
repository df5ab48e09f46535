"""Loaders for the data files under ``pipeline/data/``.

Every table is a UTF-8 TSV with a header row and ``#`` comment lines (the
comments at the top carry the table's source and provenance). A loader
reads, validates and fails with ``file:line`` on the first malformed row;
duplicates of the key column are errors. Data files are loaded once per
pipeline instance by the stage that owns them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xinwen.pipeline.errors import Errors, PipelineError

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    return DATA_DIR / name


def load_tsv(name: str, columns: tuple[str, ...], key: str | None = None) -> list[dict[str, str]]:
    """Rows of ``pipeline/data/<name>`` as dicts, checked against ``columns``.

    ``key`` names a column whose values must be unique.
    """
    path = data_path(name)
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    seen: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if tuple(header) != columns:
                _fail(path, number, f"header {header} != expected {list(columns)}")
            continue
        if len(cells) != len(header):
            _fail(path, number, f"{len(cells)} cells, expected {len(header)}")
        row = dict(zip(header, cells))
        if key is not None:
            if row[key] in seen:
                _fail(path, number, f"duplicate {key} '{row[key]}' (first on line {seen[row[key]]})")
            seen[row[key]] = number
        rows.append(row)
    if header is None:
        _fail(path, 1, "no header row")
    return rows


def load_words(name: str) -> list[str]:
    """A one-column word list (``#`` comments allowed); duplicates are errors."""
    return [row["word"] for row in load_tsv(name, ("word",), key="word")]


def load_json(name: str) -> Any:
    path = data_path(name)
    return json.loads(path.read_text(encoding="utf-8"))


def _fail(path: Path, line: int, problem: str) -> None:
    raise PipelineError(Errors.E020.format(path=path, line=line, problem=problem))
